"""The embedded store: atomic graph replacement, vocabulary, export formats, locking."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.errors import StoreError, UsageError
from kg.formats import RdfFormat
from kg.iris import IriScheme
from kg.mapping import map_article
from kg.store.local import LocalStore, replace_graphs_update
from kg.vocab import KG, VOCABULARY_GRAPH

from .conftest import FIXED_RUN, sample_analysis

IRIS = IriScheme("https://data.example.org/")


def test_write_then_replace_a_graph(store: LocalStore) -> None:
    first = map_article(sample_analysis(), IRIS, FIXED_RUN)
    store.write_graphs([first])
    assert store.fingerprints([first.graph]) == {first.graph.value: "0" * 64}
    changed = replace(sample_analysis(), claims=sample_analysis().claims[:1], fingerprint="1" * 64)
    second = map_article(changed, IRIS, FIXED_RUN)
    store.write_graphs([second])
    assert set(store.quads(first.graph)) == set(second.quads)
    assert store.fingerprints([first.graph]) == {first.graph.value: "1" * 64}


def test_a_failing_batch_writes_nothing(store: LocalStore) -> None:
    good = map_article(sample_analysis(), IRIS, FIXED_RUN)
    store.write_graphs([good])
    before = set(store.quads())
    other = ox.NamedNode("https://data.example.org/graph/other")
    update = replace_graphs_update([(good.graph, good.quads[:3]), (other, good.quads)])
    # a batch whose last operation fails must leave the earlier graph untouched
    with pytest.raises(SyntaxError):
        store._store.update(update + " ;\n INSERT DATA { broken")
    assert set(store.quads()) == before


def test_vocabulary_is_installed_once(store: LocalStore) -> None:
    assert store.ensure_vocabulary() is True
    count = sum(1 for _ in store.quads(VOCABULARY_GRAPH))
    assert count > 3000
    assert store.ensure_vocabulary() is False
    assert bool(store.query("ASK { kg:strategicPartnerOf a owl:SymmetricProperty }"))
    assert bool(store.query("ASK { cameo:057 skos:notation '057' ; skos:broader cameo:05 }"))


@pytest.mark.parametrize("fmt", list(RdfFormat))
def test_export_formats_round_trip(store: LocalStore, fmt: RdfFormat) -> None:
    store.ensure_vocabulary()
    graph = map_article(sample_analysis(), IRIS, FIXED_RUN)
    store.write_graphs([graph])
    out = io.BytesIO()
    n = store.export(out, fmt)
    parsed = list(ox.parse(out.getvalue(), format=fmt.oxigraph))
    assert len(parsed) == n
    if fmt.is_dataset:
        assert {q.graph_name for q in parsed} == {graph.graph, VOCABULARY_GRAPH}
    else:  # the union, each triple once, no graph names
        assert len({q.triple for q in parsed}) == len(parsed)


def test_union_export_lists_shared_triples_once(store: LocalStore) -> None:
    a = map_article(sample_analysis(), IRIS, FIXED_RUN)
    other = replace(sample_analysis(), article=replace(sample_analysis().article, url="https://x.org/2"))
    b = map_article(other, IRIS, FIXED_RUN)
    store.write_graphs([a, b])
    out = io.BytesIO()
    n = store.export(out, RdfFormat.TURTLE, vocabulary=False)
    g = rdflib.Graph().parse(data=out.getvalue(), format="turtle")  # an independent parser
    assert len(g) == n == len({q.triple for q in a.quads} | {q.triple for q in b.quads})
    russia = rdflib.URIRef(IRIS.entity("RUS").value)
    assert len(list(g.triples((russia, None, None)))) == len(
        {q.triple for q in a.quads if q.subject == IRIS.entity("RUS")}
    )


def test_export_one_graph(store: LocalStore) -> None:
    graph = map_article(sample_analysis(), IRIS, FIXED_RUN)
    store.ensure_vocabulary()
    store.write_graphs([graph])
    out = io.BytesIO()
    assert store.export(out, RdfFormat.NTRIPLES, graph=graph.graph) == len(graph.quads)


def test_missing_and_locked_stores(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no kg store"):
        LocalStore.open(tmp_path / "none")
    with LocalStore.open(tmp_path / "s", create=True), pytest.raises(StoreError, match="in use"):
        LocalStore.open(tmp_path / "s")


def test_queries_are_read_only(store: LocalStore) -> None:
    with pytest.raises(UsageError, match="update"):
        store.query("INSERT DATA { <http://a> <http://b> <http://c> }")
    store.update("INSERT DATA { GRAPH <http://g> { <http://a> kg:p <http://c> } }")
    assert bool(store.query("ASK { <http://a> ?p ?o }"))
    assert KG.p.value in {q.predicate.value for q in store.quads()}
