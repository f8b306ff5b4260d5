"""The embedded store: pyoxigraph on disk (RocksDB), one folder, transactional.

A batch of article graphs is written in one SPARQL update (``DROP SILENT GRAPH`` + ``INSERT DATA``
per graph), which pyoxigraph applies as one transaction: either every graph of the batch is
replaced, or the store stays as it was.

>>> import tempfile
>>> with LocalStore.open(tempfile.mkdtemp() + "/store", create=True) as store:
...     store.ensure_vocabulary()
...     bool(store.query("ASK { kg:Claim a owl:Class }"))
True
True
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import StoreError, UsageError
from kg.formats import RdfFormat
from kg.mapping import ArticleGraph
from kg.store.base import (
    QueryResult,
    Store,
    evaluation_error,
    is_update,
    sparql_syntax_error,
    vocabulary_quads,
)
from kg.vocab import KG, PREFIXES, VOCABULARY_GRAPH


def _ntriples(quads: Sequence[ox.Quad]) -> str:
    data = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return data.decode("utf-8")


def replace_graphs_update(graphs: Sequence[tuple[ox.NamedNode, Sequence[ox.Quad]]]) -> str:
    """One SPARQL update that replaces each graph with the given quads' triples.

    The triples are written by pyoxigraph's N-Triples serialiser; N-Triples is valid inside
    ``INSERT DATA``.
    """
    parts = []
    for graph, quads in graphs:
        parts.append(f"DROP SILENT GRAPH {graph}")
        parts.append(f"INSERT DATA {{ GRAPH {graph} {{\n{_ntriples(quads)}}} }}")
    return " ;\n".join(parts)


class _LineCounter:
    """A binary stream that counts the lines written through it to ``out``."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.count = 0

    def write(self, data: bytes) -> int:
        self.count += data.count(b"\n")
        self.out.write(data)
        return len(data)

    def flush(self) -> None:
        pass


class LocalStore(Store):
    """An on-disk pyoxigraph store in a folder."""

    def __init__(self, store: ox.Store, location: str) -> None:
        self._store = store
        self.location = location

    @classmethod
    def open(cls, path: str | Path, *, create: bool = False) -> LocalStore:
        """Open the store in ``path``; with ``create``, make it if it does not exist (in a new or
        empty folder: a folder that holds other files and no store is a :class:`StoreError`)."""
        folder = Path(path)
        if not create and not (folder / "CURRENT").exists():
            raise StoreError(
                f"no kg store at {folder}", hint="run 'kg ingest' first, or pass --store / set KG_STORE"
            )
        if folder.exists() and not folder.is_dir():
            raise StoreError(f"{folder} is a file, not a store folder")
        if create and not (folder / "CURRENT").exists() and folder.is_dir() and any(folder.iterdir()):
            raise StoreError(
                f"{folder} is a folder with other files in it, not a kg store; kg does not write a "
                "store into it",
                hint="pass --store (or set KG_STORE to) a new or empty folder, or the folder of a kg store",
            )
        if create:
            try:  # the parent folders too: --store build/local without build/
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StoreError(f"cannot create the store folder {folder}: {err.strerror or err}") from None
        try:
            return cls(ox.Store(str(folder)), str(folder))
        except RuntimeError as err:  # RocksDB: "Corruption: ...", a damaged or foreign folder
            raise StoreError(
                f"cannot open the store at {folder}: it is damaged ({err})",
                hint="restore it from a backup or an export, or rebuild it with kg ingest into a new --store",
            ) from None
        except OSError as err:
            if "lock" in str(err).lower():
                raise StoreError(
                    f"the store at {folder} is in use by another kg process",
                    hint="wait for it to finish, or use another --store",
                ) from None
            raise StoreError(f"cannot open the store at {folder}: {err}") from None

    @classmethod
    def in_memory(cls) -> LocalStore:
        """A store that lives in memory only (for ``kg extract`` and tests)."""
        return cls(ox.Store(), ":memory:")

    def fingerprints(self, graphs: Sequence[ox.NamedNode]) -> dict[str, str]:
        found = {}
        for graph in graphs:
            for quad in self._store.quads_for_pattern(None, KG.contentHash, None, graph):
                if isinstance(quad.object, ox.Literal):
                    found[graph.value] = quad.object.value
                    break
        return found

    def write_graphs(self, graphs: Sequence[ArticleGraph]) -> None:
        if not graphs:
            return
        self._update(replace_graphs_update([(g.graph, g.quads) for g in graphs]))

    def _update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except OSError as err:
            raise StoreError(f"cannot write to the store at {self.location}: {err}") from None

    def query(self, sparql: str, *, union: bool = True) -> QueryResult:
        if is_update(sparql):
            raise UsageError("this is a SPARQL update, not a query", hint="use kg query --update")
        try:
            return self._store.query(sparql, use_default_graph_as_union=union, prefixes=PREFIXES)
        except SyntaxError as err:
            raise sparql_syntax_error(err) from None
        except OSError as err:  # ASK is evaluated here; SELECT and CONSTRUCT while read
            raise evaluation_error(err, sparql, self.location) from None

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql, prefixes=PREFIXES)
        except SyntaxError as err:
            raise sparql_syntax_error(err, "update") from None
        except OSError as err:
            raise evaluation_error(err, sparql, self.location, writing=True) from None
        except RuntimeError as err:  # e.g. DROP GRAPH of a graph that does not exist
            raise UsageError(f"the update failed: {err}") from None

    def export(
        self, out: BinaryIO, fmt: RdfFormat, *, graph: ox.NamedNode | None = None, vocabulary: bool = True
    ) -> int:
        if fmt is not RdfFormat.NTRIPLES and (graph is None or fmt is not RdfFormat.NQUADS):
            return super().export(out, fmt, graph=graph, vocabulary=vocabulary)
        # One line per triple: pyoxigraph serialises straight from the store or the query (no
        # Python object per triple; kg push spends its time here), and the lines are the count.
        lines = _LineCounter(out)
        if graph is None:  # the union of the graphs, each triple once
            union = self._export_terms(fmt, None, vocabulary)
            assert isinstance(union, ox.QueryTriples)
            union.serialize(lines, fmt.oxigraph)  # type: ignore[arg-type]
        elif fmt is RdfFormat.NTRIPLES:
            self._store.dump(lines, fmt.oxigraph, from_graph=graph)  # type: ignore[arg-type]
        else:
            quads = self._store.quads_for_pattern(None, None, None, graph)
            ox.serialize(quads, lines, fmt.oxigraph)  # type: ignore[arg-type]
        return lines.count

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        return iter(self._store.quads_for_pattern(None, None, None, graph))

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def ensure_vocabulary(self) -> bool:
        wanted = vocabulary_quads()
        current = set(self._store.quads_for_pattern(None, None, None, VOCABULARY_GRAPH))
        if current == set(wanted):
            return False
        self._update(replace_graphs_update([(VOCABULARY_GRAPH, wanted)]))
        return True

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        self._store.flush()
        del self._store
