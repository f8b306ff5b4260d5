"""Golden graphs: what each sample article maps to, as Turtle in tests/golden/.

Regenerate after an intended change to the mapping, the ontology or the gazetteer::

    python -m tests.golden        (or: make golden)

and review the diff before committing it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kg.entities import GazetteerEntities
from kg.iris import IriScheme
from kg.mapping import map_article, triples
from kg.model import Article
from kg.pipeline import Analyser
from kg.readers import read_sources
from kg.render import data_prefixes
from kg.vocab import PREFIXES

from .conftest import DATA, FIXED_RUN

GOLDEN = Path(__file__).resolve().parent / "golden"
IRIS = IriScheme("https://kg.example/")


def golden_name(article: Article) -> str:
    stem = Path(article.source.source).stem
    return f"{stem}--{re.sub(r'[^a-z0-9]+', '-', (article.title or '').lower())[:40].strip('-')}.ttl"


def sample_graphs() -> dict[str, list[ox.Triple]]:
    analyser = Analyser(GazetteerEntities(), base_iri=IRIS.base)
    out = {}
    for article in read_sources([str(DATA / "articles")]):
        assert isinstance(article, Article), article
        graph = map_article(analyser.analyse(article), IRIS, FIXED_RUN)
        out[golden_name(article)] = triples(graph.quads)
    return out


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for old in GOLDEN.glob("*.ttl"):
        old.unlink()
    for name, graph in sample_graphs().items():
        (GOLDEN / name).write_bytes(
            ox.serialize(
                sorted(graph, key=str),
                format=ox.RdfFormat.TURTLE,
                prefixes={**PREFIXES, **data_prefixes(IRIS.base)},
            )
        )
        print(f"wrote tests/golden/{name} ({len(graph)} triples)")


if __name__ == "__main__":
    main()
