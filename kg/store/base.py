"""The store interface: what the pipeline needs from a graph store, embedded or remote."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, BinaryIO, Generic, TypeAlias, TypeVar

import pyoxigraph as ox

from kg.errors import InputError, KgError, RemoteError, StoreError
from kg.formats import RdfFormat
from kg.mapping import ArticleGraph
from kg.resources import ontology_files
from kg.vocab import VOCABULARY_GRAPH

T = TypeVar("T")

#: What a SPARQL query returns: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE).
QueryResult: TypeAlias = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

_UPDATE_KEYWORDS = re.compile(
    r"^\s*+(?:(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>|#[^\n]*+)\s*+)*+"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


def is_update(sparql: str) -> bool:
    """Whether ``sparql`` is a SPARQL update (INSERT, DELETE, DROP, LOAD, ...) rather than a query.

    >>> is_update("PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }")
    True
    >>> is_update("SELECT * WHERE { ?s ?p ?o }")
    False
    >>> is_update("# partners with Pakistan\\nSELECT * WHERE { ?s ?p ?o }")
    False
    """
    return bool(_UPDATE_KEYWORDS.match(sparql))


_SERVICE = re.compile(r"(?<![\w:?$])SERVICE\s+(?:SILENT\s+)?(?:[<?$]|[A-Za-z_][\w.-]*:|:)", re.IGNORECASE)


def uses_service(sparql: str) -> bool:
    """Whether a query or update calls another endpoint (``SERVICE``, SPARQL 1.1 Federated Query).

    >>> uses_service("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service("SELECT ?service { ?s kg:service ?service }")
    False
    """
    return bool(_SERVICE.search(sparql))


def evaluation_error(err: OSError, sparql: str, location: str, *, writing: bool = False) -> KgError:
    """What an ``OSError`` pyoxigraph raised while evaluating ``sparql`` means: a ``SERVICE``
    endpoint that failed (:class:`RemoteError`, exit code 5) when the query calls one, else the
    store at ``location`` failing to read or write (:class:`StoreError`, exit code 4)."""
    if uses_service(sparql):
        return RemoteError(
            f"a SERVICE endpoint of the {'update' if writing else 'query'} failed: {err}",
            hint="check the IRI after SERVICE and that its server answers; SERVICE SILENT ignores an "
            "endpoint that fails",
        )
    action = "write to" if writing else "read"
    return StoreError(f"cannot {action} the store at {location}: {err}")


def sparql_syntax_error(err: SyntaxError, source: str = "query") -> InputError:
    """An :class:`InputError` with line and column from a SPARQL parser's message."""
    message = str(err)
    m = re.search(r"at (\d+):(\d+)", message)
    line, column = (int(m[1]), int(m[2])) if m else (None, None)
    return InputError(f"SPARQL syntax error: {message}", source=source, line=line, column=column)


def vocabulary_quads() -> list[ox.Quad]:
    """The ontology and the CAMEO scheme, as quads of the vocabulary graph."""
    quads: list[ox.Quad] = []
    for path in ontology_files():
        quads.extend(
            ox.Quad(q.subject, q.predicate, q.object, VOCABULARY_GRAPH)
            for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        )
    return quads


class Store(ABC):
    """A graph store holding one named graph per article and the vocabulary graph.

    Implementations: :class:`kg.store.local.LocalStore` (embedded pyoxigraph, the default) and
    :class:`kg.store.remote.RemoteStore` (any SPARQL 1.1 endpoint).
    """

    #: Where the store is, for messages (a folder or a URL without credentials).
    location: str

    @property
    def update_location(self) -> str:
        """Where updates go, for messages (a remote store's update URL)."""
        return self.location

    def own_graphs_filter(self, variable: str = "?g") -> str:
        """A SPARQL ``FILTER`` that keeps ``variable`` off the graphs a server keeps for itself
        (Virtuoso's ``virtrdf#`` ...), for counts over ``GRAPH ?g``; empty when there are none."""
        return ""

    @abstractmethod
    def fingerprints(self, graphs: Sequence[ox.NamedNode]) -> dict[str, str]:
        """The content hash stored in each of ``graphs`` that exists, by graph IRI."""

    @abstractmethod
    def write_graphs(self, graphs: Sequence[ArticleGraph]) -> None:
        """Replace each graph with its new content (replace semantics: old triples go)."""

    @abstractmethod
    def query(self, sparql: str, *, union: bool = True) -> QueryResult:
        """Run a SPARQL query; with ``union`` the default graph is the union of all graphs."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update."""

    @abstractmethod
    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        """All quads, or those of one graph."""

    @abstractmethod
    def graph_names(self) -> list[str]:
        """IRIs of the named graphs."""

    @abstractmethod
    def ensure_vocabulary(self) -> bool:
        """Install or refresh the vocabulary graph; whether anything changed."""

    def export(
        self, out: BinaryIO, fmt: RdfFormat, *, graph: ox.NamedNode | None = None, vocabulary: bool = True
    ) -> int:
        """Write the store (or one graph) to ``out``; return the number of triples or quads written.

        Triple formats (Turtle, N-Triples, RDF/XML) get the union of the graphs, each triple once;
        dataset formats (N-Quads, TriG, JSON-LD) keep the graphs.
        """
        counted: _Counter[Any] = _Counter(self._export_terms(fmt, graph, vocabulary))
        ox.serialize(counted, out, fmt.oxigraph, prefixes=_prefixes(fmt))
        return counted.count

    def _export_terms(
        self, fmt: RdfFormat, graph: ox.NamedNode | None, vocabulary: bool
    ) -> Iterable[ox.Quad] | Iterable[ox.Triple]:
        if graph is not None:
            quads = self.quads(graph)
            return quads if fmt.is_dataset else (q.triple for q in quads)
        if fmt.is_dataset:
            return (q for q in self.quads() if vocabulary or q.graph_name != VOCABULARY_GRAPH)
        where = "GRAPH ?g { ?s ?p ?o }" + ("" if vocabulary else f" FILTER(?g != {VOCABULARY_GRAPH})")
        result = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}", union=False)
        assert isinstance(result, ox.QueryTriples)
        return result

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the store."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Counter(Generic[T]):
    """Counts the items an iterable yields while pyoxigraph serialises them."""

    def __init__(self, items: Iterable[T]) -> None:
        self._items = items
        self.count = 0

    def __iter__(self) -> Iterator[T]:
        for item in self._items:
            self.count += 1
            yield item


def _prefixes(fmt: RdfFormat) -> dict[str, str] | None:
    from kg.vocab import PREFIXES

    return PREFIXES if fmt in (RdfFormat.TURTLE, RdfFormat.TRIG) else None
