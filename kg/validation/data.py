"""The data graph: RDF files, standard input or terms in an in-memory pyoxigraph store, with kg's
vocabulary, an optional ontology and optional RDFS inference; and where kg data nodes came from.

Graph names of N-Quads/TriG/JSON-LD input are dropped: all triples form one data graph (as in
``kg validate`` of the store, which validates the union of its graphs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import InputError, UsageError
from kg.formats import RdfFormat, is_gzip
from kg.rdffiles import check_depth, read_file, syntax_error
from kg.resources import ontology_files
from kg.validation.report import Origin

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
KG = "https://w3id.org/kg-news/ontology#"
DEFAULT = ox.DefaultGraph()

#: What class-based constraints and RDFS inference need of kg's vocabulary.
VOCABULARY_PREDICATES = frozenset(
    {
        RDF + "type",
        RDFS + "subClassOf",
        RDFS + "subPropertyOf",
        RDFS + "domain",
        RDFS + "range",
        SKOS + "inScheme",
    }
)


class Inference(StrEnum):
    """What is inferred before validating: nothing, or RDFS (types from subclasses, subproperties,
    domains and ranges)."""

    NONE = "none"
    RDFS = "rdfs"

    @classmethod
    def parse(cls, name: str) -> Inference:
        try:
            return cls(name.strip().lower())
        except ValueError:
            raise UsageError(f"unknown inference {name!r}", hint="use none or rdfs") from None


@cache
def vocabulary_triples() -> tuple[ox.Triple, ...]:
    """kg's ontology and CAMEO scheme, restricted to :data:`VOCABULARY_PREDICATES`."""
    out: list[ox.Triple] = []
    for path in ontology_files():
        out.extend(
            q.triple
            for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            if q.predicate.value in VOCABULARY_PREDICATES
        )
    return tuple(out)


def load_files(
    store: ox.Store,
    paths: Sequence[str],
    *,
    fmt: RdfFormat | None = None,
    stdin: IO[bytes] | None = None,
    what: str = "input",
    option: str | None = "--input-format",
) -> None:
    """Load RDF files (``-`` for ``stdin``) into the default graph of ``store``.

    Each file gets its own blank nodes; syntax errors raise :class:`InputError` with a position.
    The format is ``fmt``, else the suffix's; ``option`` names the option that sets it (for the
    hint when neither tells it; ``None``: there is none).
    """
    for path in paths:
        chosen = RdfFormat.choose(fmt.value if fmt else None, path, what=what, option=option)
        source: bytes | None = None
        if path == "-":
            if stdin is None:
                raise InputError("no standard input to read", source="-")
            source = stdin.read()
        elif chosen in (RdfFormat.JSONLD, RdfFormat.RDFXML) or is_gzip(path):
            source = read_file(path)  # checked and read as bytes
        elif not Path(path).is_file():  # pyoxigraph reads the file itself
            raise InputError("no such file" if not Path(path).exists() else "not a file", source=path)
        if chosen in (RdfFormat.JSONLD, RdfFormat.RDFXML) and source is not None:
            check_depth(source, chosen, path)
        base = "file:///dev/stdin" if path == "-" else Path(path).resolve().as_uri()
        try:
            if chosen.is_dataset:
                parsed = ox.parse(
                    source, format=chosen.oxigraph, path=None if source is not None else path,
                    base_iri=base, rename_blank_nodes=True,
                )  # fmt: skip
                store.extend(ox.Quad(q.subject, q.predicate, q.object, DEFAULT) for q in parsed)
            elif source is not None:
                store.load(source, format=chosen.oxigraph, base_iri=base, to_graph=DEFAULT)
            else:
                store.load(path=path, format=chosen.oxigraph, base_iri=base, to_graph=DEFAULT)
        except SyntaxError as err:
            raise syntax_error(err, path) from None
        except OSError as err:
            raise InputError(f"cannot read: {err.strerror or err}", source=path) from None


def add_terms(store: ox.Store, terms: Iterable[ox.Quad] | Iterable[ox.Triple]) -> None:
    """Add triples (graph names dropped) to the default graph."""
    store.extend(
        ox.Quad(t.subject, t.predicate, t.object, DEFAULT)
        for t in (x.triple if isinstance(x, ox.Quad) else x for x in terms)
    )


def add_vocabulary(store: ox.Store) -> None:
    store.extend(ox.Quad(t.subject, t.predicate, t.object, DEFAULT) for t in vocabulary_triples())


def add_ontology(store: ox.Store, paths: Sequence[Path], *, imports: bool = False) -> None:
    """Mix ontology files (all their triples) into the data graph, as pySHACL's ``ont_graph`` does."""
    from kg.validation.imports import resolve_imports

    before = [str(p) for p in paths]
    load_files(store, before, what="ontology", option=None)
    if imports:
        owl_imports = ox.NamedNode("http://www.w3.org/2002/07/owl#imports")
        found = [q.triple for q in store.quads_for_pattern(None, owl_imports, None, DEFAULT)]
        add_terms(store, resolve_imports(found, what="ontology"))


_RDFS_RULES = (
    # rdfs7: subproperties
    f"INSERT {{ ?s ?super ?o }} WHERE {{ ?sub <{RDFS}subPropertyOf>+ ?super . ?s ?sub ?o . "
    f"FILTER NOT EXISTS {{ ?s ?super ?o }} }}",
    # rdfs2: domains
    f"INSERT {{ ?s a ?c }} WHERE {{ ?p <{RDFS}domain> ?c . ?s ?p ?o . FILTER NOT EXISTS {{ ?s a ?c }} }}",
    # rdfs3: ranges (resources only)
    f"INSERT {{ ?o a ?c }} WHERE {{ ?p <{RDFS}range> ?c . ?s ?p ?o . "
    f"FILTER(!isLiteral(?o)) FILTER NOT EXISTS {{ ?o a ?c }} }}",
    # rdfs9: superclasses
    f"INSERT {{ ?s a ?super }} WHERE {{ ?sub <{RDFS}subClassOf>+ ?super . ?s a ?sub . "
    f"FILTER NOT EXISTS {{ ?s a ?super }} }}",
)


def infer_rdfs(store: ox.Store, *, max_rounds: int = 20) -> int:
    """RDFS entailment rules 2, 3, 7 and 9 applied to the default graph until nothing changes;
    the number of triples added."""
    start = len(store)
    for _ in range(max_rounds):
        before = len(store)
        for rule in _RDFS_RULES:
            store.update(rule)
        if len(store) == before:
            break
    return len(store) - start


def blank_labels(
    nodes: Iterable[str],
    neighbours: Callable[[ox.BlankNode], tuple[list[ox.Quad], list[ox.Quad]]],
    *,
    depth: int = 3,
) -> dict[str, str]:
    """Labels for the blank nodes of the data named in a report (``_:id``) that are the same on
    every run for the same data, instead of the random ones the parser gives.

    A label is ``_:n`` and 16 hex digits of a SHA-256 of the node's triples (blank objects by their
    own triples, ``depth`` levels down) and of the triples that point to it (blank subjects as
    ``_``). Nodes that look the same to that depth get a counter.
    """
    import hashlib

    def content(node: ox.BlankNode, level: int, seen: frozenset[ox.BlankNode]) -> str:
        outgoing, incoming = neighbours(node)
        lines = []
        for q in outgoing:
            o = q.object
            if isinstance(o, ox.BlankNode):
                text = content(o, level - 1, seen | {node}) if level > 0 and o not in seen else "_"
            else:
                text = str(o)
            lines.append(f"> {q.predicate} {text}")
        if level == depth:
            lines += [
                f"< {'_' if isinstance(q.subject, ox.BlankNode) else q.subject} {q.predicate}"
                for q in incoming
            ]
        return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()

    found = sorted(
        (content(ox.BlankNode(text[2:]), depth, frozenset()), text)
        for text in set(nodes)
        if text.startswith("_:")
    )
    labels: dict[str, str] = {}
    taken: dict[str, int] = {}
    for digest, text in found:
        label = f"_:n{digest[:16]}"
        taken[label] = taken.get(label, 0) + 1
        labels[text] = label if taken[label] == 1 else f"{label}-{taken[label]}"
    return labels


def origins(
    select: Callable[[str], Iterable[Any]], focus_nodes: Sequence[str], *, limit: int = 5000
) -> dict[str, Origin]:
    """For focus nodes of kg data: the article each came from and the quote that supports it.

    A claim and its evidence name their article (``kg:sourceArticle``) and quote; an article is its
    own origin; an actor, place or event is traced to the claims that use it: the first of them
    (by IRI, so the same on every run) gives the article and the quote, and :attr:`Origin.articles`
    counts the articles of all of them. ``select`` runs a SPARQL SELECT query. Nodes that are not
    kg data get no origin.
    """
    iris = [f for f in dict.fromkeys(focus_nodes) if not f.startswith(("_:", '"'))][:limit]
    article: dict[str, str] = {}
    count: dict[str, int] = {}
    quote: dict[str, str] = {}
    via: dict[str, str] = {}  # focus -> the claim or evidence that uses it

    def rows(template: str, nodes: Sequence[str]) -> Iterable[Any]:
        for start in range(0, len(nodes), 500):
            chunk = " ".join(str(ox.NamedNode(n)) for n in nodes[start : start + 500])
            yield from select(template.replace("$FOCUS", chunk))

    def value(term: Any) -> str | None:
        return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else None

    def number(term: Any) -> int:
        return int(term.value) if isinstance(term, ox.Literal) else 0

    for row in rows(
        "SELECT ?focus (MIN(STR(?a)) AS ?first) (COUNT(DISTINCT ?a) AS ?n) "
        f"WHERE {{ VALUES ?focus {{ $FOCUS }} "
        f"{{ ?focus <{KG}sourceArticle> ?a }} UNION {{ ?focus a <{KG}Article> BIND(?focus AS ?a) }} "
        f"}} GROUP BY ?focus",
        iris,
    ):
        f, a = value(row["focus"]), value(row["first"])
        if f and a:
            article[f] = a
            count[f] = number(row["n"])
    rest = [f for f in iris if f not in article]
    for row in rows(
        "SELECT ?focus (MIN(STR(?c)) AS ?user) (COUNT(DISTINCT ?a) AS ?n) "
        f"WHERE {{ VALUES ?focus {{ $FOCUS }} "
        f"?c ?p ?focus . ?c <{KG}sourceArticle> ?a }} GROUP BY ?focus",
        rest,
    ):
        f, c = value(row["focus"]), value(row["user"])
        if f and c:
            via[f] = c
            count[f] = number(row["n"])
    if via:
        found: dict[str, str] = {}
        for r in rows(
            f"SELECT ?c (MIN(STR(?a)) AS ?first) WHERE {{ VALUES ?c {{ $FOCUS }} "
            f"?c <{KG}sourceArticle> ?a }} GROUP BY ?c",
            sorted(set(via.values())),
        ):
            c, a = value(r["c"]), value(r["first"])
            if c and a:
                found[c] = a
        for f, c in via.items():
            if found.get(c):
                article[f] = found[c]
    carriers = sorted({via.get(f, f) for f in article})
    for row in rows(
        f"SELECT ?n (MIN(?q) AS ?quote) WHERE {{ VALUES ?n {{ $FOCUS }} "
        f"{{ ?n <{KG}quote> ?q }} UNION {{ ?n <{KG}evidence>/<{KG}quote> ?q }} }} GROUP BY ?n",
        carriers,
    ):
        n, q = value(row["n"]), value(row["quote"])
        if n and q:
            quote[n] = q
    titles: dict[str, str] = {}
    for row in rows(
        "SELECT ?a (MIN(?t) AS ?title) WHERE { VALUES ?a { $FOCUS } ?a <http://purl.org/dc/terms/title> ?t } "
        "GROUP BY ?a",
        sorted(set(article.values())),
    ):
        a, t = value(row["a"]), value(row["title"])
        if a and t:
            titles[a] = t
    return {
        f: Origin(a, titles.get(a), quote.get(via.get(f, f)) or quote.get(f), max(count.get(f, 1), 1))
        for f, a in article.items()
    }
