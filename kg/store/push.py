"""Copy graphs into a remote store: chunked, in parallel, re-runnable, verified.

A push sends *units* (one target graph each, or the default graph) to a
:class:`~kg.store.remote.RemoteStore`:

- The content is serialised by pyoxigraph and cut into **chunks** of whole lines under
  ``max_chunk_bytes`` (Virtuoso refuses uploads over 20 MB by default).
- Graph by graph with the Graph Store Protocol: with ``replace`` the first chunk of a graph is a
  ``PUT`` (replacing what the server had), the later ones ``POST``; without it every chunk is a
  ``POST`` (added to the graph). Servers that take N-Quads for a whole dataset
  (``Endpoint.dataset_upload``: Oxigraph) get small graphs **packed** into N-Quads chunks, and
  with ``replace`` one ``DROP SILENT GRAPH`` update for the graphs of a chunk before it.
- ``jobs`` requests run at once; a graph's later chunks wait until its first one has landed.
- Re-running a push ends with the same content: replacing again, or adding the same triples again
  (RDF graphs are sets). Blank nodes are the exception: a graph with blank nodes is never split
  across chunks (that would break them apart); kg refuses and says so.
- Afterwards kg counts the triples of every target graph on the server and reports differences.
- When a request fails after its retries, the push stops; the report says which graphs landed
  completely, and :class:`PushError` carries it.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import KgError, RemoteError
from kg.formats import RdfFormat
from kg.store.remote import RemoteStore

_BNODE = re.compile(rb"(?:^|[ \t])_:([^\s]+)", re.MULTILINE)


@dataclass(frozen=True)
class PushOptions:
    """How to push. Without ``graph`` or ``default_graph`` each graph keeps its name."""

    graph: str | None = None
    default_graph: bool = False
    replace: bool = False
    vocabulary: bool = True
    max_chunk_bytes: int | None = None
    jobs: int | None = None
    verify: bool = True


@dataclass
class GraphPush:
    """What happened to one target graph."""

    target: str | None  # graph IRI; None: the default graph
    triples: int = 0  # triples sent (distinct within the graph)
    chunks: int = 0
    size: int = 0  # bytes sent
    landed: int = 0  # chunks the server accepted
    produced: bool = False  # every chunk of the graph was handed to the senders
    on_server: int | None = None  # triples counted on the server afterwards
    error: str | None = None
    bnodes: set[bytes] = field(default_factory=set, repr=False)
    first_done: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def name(self) -> str:
        return self.target if self.target is not None else "(default graph)"

    @property
    def complete(self) -> bool:
        """Every chunk landed."""
        return self.error is None and self.produced and self.landed == self.chunks


@dataclass
class PushReport:
    """The outcome of a push."""

    location: str
    replace: bool
    graphs: list[GraphPush] = field(default_factory=list)
    seconds: float = 0.0
    verify_seconds: float = 0.0
    requests: int = 0
    retries: int = 0
    verified: bool = False
    error: str | None = None

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)

    @property
    def size(self) -> int:
        """Bytes sent."""
        return sum(g.size for g in self.graphs)

    @property
    def chunks(self) -> int:
        return sum(g.chunks for g in self.graphs)

    @property
    def landed(self) -> list[GraphPush]:
        return [g for g in self.graphs if g.complete]

    @property
    def incomplete(self) -> list[GraphPush]:
        return [g for g in self.graphs if not g.complete]

    def difference(self, g: GraphPush) -> int | None:
        """Triples the server has beyond (positive) or short of (negative) what was pushed, when
        that is wrong: after ``replace`` the counts must be equal, else the server may have more."""
        if g.on_server is None:
            return None
        diff = g.on_server - g.triples
        return diff if (diff != 0 if self.replace else diff < 0) else 0

    @property
    def mismatched(self) -> list[GraphPush]:
        return [g for g in self.graphs if self.difference(g)]


class PushError(RemoteError):
    """A push stopped part-way; :attr:`report` says what landed."""

    def __init__(self, message: str, report: PushReport, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.report = report


#: Writes a unit's content to a binary stream in a format (N-Triples, or N-Quads when packing);
#: returns the number of triples or quads written.
Writer = Callable[[BinaryIO, RdfFormat], int]


@dataclass(frozen=True)
class Unit:
    """One target graph and how to write its content."""

    target: ox.NamedNode | None
    write: Writer
    #: The content can be written as N-Quads naming ``target`` (so it can be packed with others).
    packable: bool = False


@dataclass
class _Payload:
    body: bytes
    fmt: RdfFormat
    target: ox.NamedNode | None
    graphs: list[GraphPush]
    first: list[GraphPush]  # graphs whose first chunk this is
    bnodes: bool


class _Stopped(Exception):
    pass


class _Chunker:
    """A binary stream that cuts what pyoxigraph writes into payloads of whole lines."""

    def __init__(self, pusher: _Pusher, fmt: RdfFormat, target: ox.NamedNode | None) -> None:
        self.pusher = pusher
        self.fmt = fmt
        self.target = target
        self.buf = bytearray()
        self.segments: list[tuple[int, GraphPush]] = []  # (start offset, graph) in order
        self.open: GraphPush | None = None

    def begin(self, gp: GraphPush) -> None:
        self.segments.append((len(self.buf), gp))
        self.open = gp

    def end(self) -> None:
        gp, self.open = self.open, None
        if gp is not None and self.segments and self.segments[-1] == (len(self.buf), gp) and gp.chunks:
            self.segments.pop()  # everything of it was sent already
            gp.produced = True

    def write(self, data: bytes) -> int:
        if self.pusher.stop.is_set():
            raise _Stopped
        self.buf += data
        limit = self.pusher.limit
        while len(self.buf) > limit:
            cut = self.buf.rfind(b"\n", 0, limit) + 1
            if cut == 0:  # one line longer than the limit: it goes alone
                cut = self.buf.find(b"\n", limit) + 1
                if cut == 0:
                    break
            self.emit(cut)
        return len(data)

    def flush(self) -> None:
        pass

    def emit(self, cut: int | None = None) -> None:
        """Hand ``buf[:cut]`` (all of it by default) to the senders."""
        cut = len(self.buf) if cut is None else cut
        body = bytes(self.buf[:cut])
        del self.buf[:cut]
        graphs: list[GraphPush] = []
        first: list[GraphPush] = []
        has_bnodes = b"_:" in body
        kept: list[tuple[int, GraphPush]] = []
        for i, (start, gp) in enumerate(self.segments):
            end = self.segments[i + 1][0] if i + 1 < len(self.segments) else cut + len(self.buf)
            if start < cut or (start == end == cut and gp.chunks == 0 and gp is not self.open):
                part = body[start : min(end, cut)]
                if part or gp.chunks == 0:
                    graphs.append(gp)
                    if gp.chunks == 0:
                        first.append(gp)
                    gp.chunks += 1
                    gp.size += len(part)
                    if has_bnodes:
                        self._check_bnodes(gp, part)
            if end > cut or gp is self.open:
                kept.append((max(0, start - cut), gp))
            elif gp in graphs:
                gp.produced = True
        self.segments = kept
        if graphs:
            self.pusher.put(_Payload(body, self.fmt, self.target, graphs, first, has_bnodes))

    def _check_bnodes(self, gp: GraphPush, part: bytes) -> None:
        labels = set(_BNODE.findall(part))
        if labels & gp.bnodes:
            message = (
                f"graph {gp.name} has blank nodes and is bigger than one chunk; its blank nodes would "
                "be split apart"
            )
            gp.error = message
            raise KgError(message, hint="raise --max-chunk-bytes above the graph's size")
        gp.bnodes |= labels


class _Pusher:
    def __init__(self, remote: RemoteStore, options: PushOptions) -> None:
        self.remote = remote
        self.options = options
        self.limit = options.max_chunk_bytes or remote.endpoint.max_chunk_bytes
        self.jobs = max(1, options.jobs or remote.endpoint.jobs)
        self.queue: queue.Queue[_Payload | None] = queue.Queue(maxsize=self.jobs * 2)
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.failure: KgError | None = None
        self.requests = 0

    def put(self, payload: _Payload) -> None:
        while not self.stop.is_set():
            try:
                self.queue.put(payload, timeout=0.2)
                return
            except queue.Full:
                continue
        raise _Stopped

    def fail(self, err: KgError, graphs: Sequence[GraphPush]) -> None:
        with self.lock:
            for gp in graphs:
                gp.error = gp.error or err.message
            if self.failure is None:
                self.failure = err
        self.stop.set()

    def work(self) -> None:
        while True:
            payload = self.queue.get()
            if payload is None:
                return
            if self.stop.is_set():
                continue
            try:
                self.send(payload)
            except KgError as err:
                self.fail(err, payload.graphs)
            except Exception as err:
                self.fail(RemoteError(f"push failed: {type(err).__name__}: {err}"), payload.graphs)

    def send(self, p: _Payload) -> None:
        for gp in p.graphs:
            if gp not in p.first:
                while not gp.first_done.wait(0.2):
                    if self.stop.is_set():
                        return
        replace = self.options.replace
        if p.fmt is RdfFormat.NQUADS:
            if replace and p.first:
                self.remote.drop_graphs([ox.NamedNode(g.target) if g.target else None for g in p.first])
                self._count()
            self.remote.send(None, p.body, replace=False, fmt=p.fmt, idempotent=not p.bnodes)
        else:
            self.remote.send(p.target, p.body, replace=replace and bool(p.first), idempotent=not p.bnodes)
        self._count()
        with self.lock:
            for gp in p.graphs:
                gp.landed += 1
        for gp in p.first:
            gp.first_done.set()

    def _count(self) -> None:
        with self.lock:
            self.requests += 1

    def produce(self, units: Sequence[Unit], report: PushReport) -> None:
        pack = self.remote.endpoint.dataset_upload and bool(self.remote.endpoint.gsp_url)
        packer: _Chunker | None = None
        for unit, gp in zip(units, report.graphs, strict=True):
            if pack and unit.packable:
                if packer is None:
                    packer = _Chunker(self, RdfFormat.NQUADS, None)
                packer.begin(gp)
                gp.triples = unit.write(packer, RdfFormat.NQUADS)  # type: ignore[arg-type]
                packer.end()
                continue
            if packer is not None:
                packer.emit()
                packer = None
            chunker = _Chunker(self, RdfFormat.NTRIPLES, unit.target)
            chunker.begin(gp)
            gp.triples = unit.write(chunker, RdfFormat.NTRIPLES)  # type: ignore[arg-type]
            chunker.end()
            if chunker.buf or (gp.chunks == 0 and self.options.replace):
                chunker.emit()
            gp.produced = True
        if packer is not None and packer.buf:
            packer.emit()

    def run(self, units: Sequence[Unit]) -> PushReport:
        report = PushReport(self.remote.location, self.options.replace)
        report.graphs = [GraphPush(u.target.value if u.target is not None else None) for u in units]
        started = time.monotonic()
        retries_before = self.remote.client.retries
        workers = [threading.Thread(target=self.work, daemon=True) for _ in range(self.jobs)]
        for w in workers:
            w.start()
        try:
            self.produce(units, report)
        except _Stopped:
            pass
        except KgError as err:
            self.fail(err, [])
        except (OSError, ValueError) as err:  # pyoxigraph wraps errors raised in our stream
            if not self.stop.is_set():
                self.fail(RemoteError(f"push failed: {err}"), [])
        finally:
            for _ in workers:
                self.queue.put(None)
            for w in workers:
                w.join()
        report.seconds = time.monotonic() - started
        report.requests = self.requests
        report.retries = self.remote.client.retries - retries_before
        if self.failure is not None:
            report.error = self.failure.message
            done = len(report.landed)
            raise PushError(
                f"push to {self.remote.location} stopped: {self.failure.message}; "
                f"{done} of {len(report.graphs)} graph(s) landed completely",
                report,
                hint=(f"{self.failure.hint}; then " if self.failure.hint else "")
                + "run the same push again: it replaces each graph (or adds the same triples) again",
            )
        if self.options.verify:
            self.verify(report)
        return report

    def verify(self, report: PushReport) -> None:
        started = time.monotonic()
        named = [ox.NamedNode(g.target) for g in report.graphs if g.target is not None]
        counts = self.remote.count_triples(named) if named else {}
        default = None
        if any(g.target is None for g in report.graphs):
            default = self.remote.count_default_graph()
        for g in report.graphs:
            g.on_server = counts.get(g.target) if g.target is not None else default
        report.verified = True
        report.verify_seconds = time.monotonic() - started


def push_units(remote: RemoteStore, units: Iterable[Unit], options: PushOptions | None = None) -> PushReport:
    """Push ``units`` to ``remote`` (see the module documentation); raises :class:`PushError` when
    a request fails for good, with the report of what landed."""
    return _Pusher(remote, options or PushOptions()).run(list(units))


def quads_unit(target: ox.NamedNode | None, quads: Sequence[ox.Quad]) -> Unit:
    """A unit from quads in memory (their graph names are replaced by ``target``)."""
    triples = list(dict.fromkeys(q.triple for q in quads))

    def write(out: BinaryIO, fmt: RdfFormat) -> int:
        if fmt is RdfFormat.NQUADS:
            graph = target if target is not None else ox.DefaultGraph()
            ox.serialize(
                (ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples), out, fmt.oxigraph
            )
        else:
            ox.serialize(triples, out, fmt.oxigraph)
        return len(triples)

    return Unit(target, write, packable=True)
