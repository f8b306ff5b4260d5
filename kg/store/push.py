"""Copy graphs into a remote store: chunked, in parallel, re-runnable, verified.

A push sends *units* (one target graph each, or the default graph) to a
:class:`~kg.store.remote.RemoteStore`:

- The content is serialised by pyoxigraph and cut into **chunks** of whole lines under
  ``max_chunk_bytes`` (Virtuoso refuses uploads over 20 MB by default).
- Graph by graph with the Graph Store Protocol: with ``replace`` the first chunk of a graph is a
  ``PUT`` (replacing what the server had), the later ones ``POST``; without it every chunk is a
  ``POST`` (added to the graph).
- Servers that take N-Quads for a whole dataset (``Endpoint.dataset_upload``: Oxigraph) get small
  graphs **packed** into N-Quads chunks ``POST``-ed to the GSP URL without ``?graph=`` (the data
  names its graphs). With ``replace``, kg first asks which graphs of a chunk the server has; if
  none, the chunk is ``POST``-ed as it is (there is nothing to lose); else the chunk goes as one
  SPARQL update that drops those graphs and inserts the data (``DROP SILENT GRAPH`` ... ;
  ``INSERT DATA``), which Oxigraph applies as one transaction: a failed request never leaves a
  graph dropped without its new content.
- ``jobs`` requests run at once; a graph's later chunks wait until its first one has landed.
- Re-running a push with ``replace`` ends with the same content. Without it, the same triples are
  added again, which changes nothing (RDF graphs are sets) — except for blank nodes, which are new
  on every push: their triples are added again. kg warns about graphs with blank nodes pushed
  without ``replace``, and the count afterwards checks "at least the pushed triples". A graph with
  blank nodes is never split across chunks (that would break them apart); kg refuses and says so.
- Afterwards kg counts the triples of every target graph on the server and reports differences.
- When a request fails after its retries, the push stops; the report says which graphs landed
  completely and how much landed, and :class:`PushError` carries it. Its hint suggests running
  the push again only when that can help (:attr:`~kg.errors.RemoteError.transient`: no
  connection, a timeout, a busy server), not after an error the server gives every time.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import Interrupted, KgError, RemoteError
from kg.formats import RdfFormat
from kg.store.remote import GRAPHS_PER_QUERY, RemoteStore

_BNODE = re.compile(rb"(?:^|[ \t])_:([^\s]+)", re.MULTILINE)

log = logging.getLogger("kg.remote")


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


@dataclass(eq=False)  # compared by identity: the chunkers look graphs up in lists
class GraphPush:
    """What happened to one target graph."""

    target: str | None  # graph IRI; None: the default graph
    triples: int = 0  # triples sent (distinct within the graph)
    chunks: int = 0
    size: int = 0  # bytes sent
    landed: int = 0  # chunks the server accepted
    landed_size: int = 0  # bytes of them
    produced: bool = False  # every chunk of the graph was handed to the senders
    on_server: int | None = None  # triples counted on the server afterwards
    error: str | None = None
    sending: int = 0  # requests with chunks of it on their way (kg stopped waiting: may have landed)
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
    def landed_size(self) -> int:
        """Bytes the server accepted."""
        return sum(g.landed_size for g in self.graphs)

    @property
    def landed_triples(self) -> int:
        """Triples of the graphs that landed completely."""
        return sum(g.triples for g in self.landed)

    @property
    def landed(self) -> list[GraphPush]:
        return [g for g in self.graphs if g.complete]

    @property
    def with_blank_nodes(self) -> list[GraphPush]:
        return [g for g in self.graphs if g.bnodes]

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

    def lines(self, verbose: bool = False) -> list[str]:
        """The report in words: a line per graph that did not land as pushed (every graph with
        ``verbose``), then a summary of what landed."""
        out = []
        for g in self.graphs:
            diff = self.difference(g)
            if not verbose and g.complete and not diff:
                continue
            state = (
                "pushed"
                if g.complete
                else "IN FLIGHT (may have landed)"
                if g.sending
                else "NOT COMPLETE"
                if g.landed
                else "NOT SENT"
            )
            counted = "" if g.on_server is None else f"; the server has {g.on_server}"
            if diff:
                counted += f" ({'+' if diff > 0 else ''}{diff})"
            if not g.produced and not g.chunks:  # the push stopped before it read the graph
                out.append(f"{state} {g.name}: not read yet")
                continue
            out.append(f"{state} {g.name}: {g.triples} triples in {g.landed}/{g.chunks} chunk(s){counted}")
        out.append(self.summary())
        return out

    def summary(self) -> str:
        """One line: what landed, how fast, and what the count on the server found."""
        seconds = max(self.seconds, 1e-9)
        landed = len(self.landed)
        if self.error is not None:
            line = (
                f"{self.location}: the push stopped after {self.seconds:.1f} s: {landed} of "
                f"{len(self.graphs)} graph(s) landed completely ({self.landed_triples:,} triples); "
                f"{self.landed_size / 1e6:.1f} MB landed in {self.requests} request(s)"
            )
        else:
            line = (
                f"{self.location}: pushed {landed} of {len(self.graphs)} graph(s), "
                f"{self.triples:,} triples, {self.size / 1e6:.1f} MB in {self.requests} request(s), "
                f"{self.seconds:.1f} s ({self.triples / seconds:,.0f} triples/s)"
            )
        if self.retries:
            line += f"; {self.retries} retried"
        if self.verified:
            if self.mismatched:
                line += f"; {len(self.mismatched)} graph(s) differ on the server"
            elif self.replace:
                line += "; the server has the same triples in every graph"
            else:
                line += "; the server has at least the pushed triples in every graph"
        return line


class PushError(RemoteError):
    """A push stopped part-way; :attr:`report` says what landed."""

    def __init__(self, message: str, report: PushReport, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.report = report


class PushInterrupted(Interrupted):
    """The user interrupted a push (Ctrl-C); :attr:`report` says what landed (exit code 130)."""

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
    first: list[GraphPush]  # graphs whose first chunk this is
    bnodes: bool
    parts: list[tuple[GraphPush, int, int]]  # each graph's byte range in body, in order

    @property
    def graphs(self) -> list[GraphPush]:
        return [gp for gp, _, _ in self.parts]


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
        with memoryview(self.buf) as view:
            body = bytes(view[:cut])  # one copy, not two
        del self.buf[:cut]
        first: list[GraphPush] = []
        parts: list[tuple[GraphPush, int, int]] = []
        has_bnodes = b"_:" in body
        kept: list[tuple[int, GraphPush]] = []
        for i, (start, gp) in enumerate(self.segments):
            end = self.segments[i + 1][0] if i + 1 < len(self.segments) else cut + len(self.buf)
            if start < cut or (start == end == cut and gp.chunks == 0 and gp is not self.open):
                stop = min(end, cut)
                if stop > start or gp.chunks == 0:
                    parts.append((gp, start, stop))
                    if gp.chunks == 0:
                        first.append(gp)
                    gp.chunks += 1
                    gp.size += stop - start
                    if has_bnodes:
                        self._check_bnodes(gp, body[start:stop])
            if end > cut or gp is self.open:
                kept.append((max(0, start - cut), gp))
            elif any(gp is sent for sent, _, _ in parts):
                gp.produced = True
        self.segments = kept
        if parts:
            self.pusher.put(_Payload(body, self.fmt, self.target, first, has_bnodes, parts))

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
        drop = self._existing(p.first) if p.fmt is RdfFormat.NQUADS and replace and p.first else []
        with self.lock:
            for gp in p.graphs:
                gp.sending += 1
        try:
            if drop:  # one update: the drops and the data land together or not at all
                parts = [(_node(gp.target), start, stop) for gp, start, stop in p.parts]
                self.remote.replace_nquads(p.body, parts, drop, idempotent=not p.bnodes)
            elif p.fmt is RdfFormat.NQUADS:
                self.remote.send(None, p.body, replace=False, fmt=p.fmt, idempotent=not p.bnodes)
            else:
                self.remote.send(p.target, p.body, replace=replace and bool(p.first), idempotent=not p.bnodes)
        finally:
            with self.lock:
                for gp in p.graphs:
                    gp.sending -= 1
        self._count()
        with self.lock:
            for gp, start, stop in p.parts:
                gp.landed += 1
                gp.landed_size += stop - start
        for gp in p.first:
            gp.first_done.set()

    def _existing(self, graphs: Sequence[GraphPush]) -> list[ox.NamedNode | None]:
        """The target graphs among ``graphs`` that the server has (the default graph counts as
        had): the ones a replace must drop."""
        named = [ox.NamedNode(g.target) for g in graphs if g.target is not None]
        found = self.remote.existing_graphs(named) if named else set()
        self._count(-(-len(named) // GRAPHS_PER_QUERY))  # one query per batch of graphs, if any
        return [_node(g.target) for g in graphs if g.target is None or g.target in found]

    def _count(self, n: int = 1) -> None:
        with self.lock:
            self.requests += n

    def produce(self, units: Sequence[Unit], report: PushReport) -> None:
        endpoint = self.remote.endpoint
        pack = (
            endpoint.dataset_upload
            and bool(endpoint.gsp_url)
            and (bool(endpoint.update_url) or not self.options.replace)
        )
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
        interrupted = False
        try:
            self.produce(units, report)
        except _Stopped:
            pass
        except KeyboardInterrupt:  # Ctrl-C: no more requests; those on their way may finish
            interrupted = True
            self.stop.set()
        except KgError as err:
            self.fail(err, [])
        except (OSError, ValueError) as err:  # pyoxigraph wraps errors raised in our stream
            if not self.stop.is_set():
                self.fail(RemoteError(f"push failed: {err}"), [])
        finally:
            interrupted = self._finish(workers, report) or interrupted
        report.seconds = time.monotonic() - started
        report.requests = self.requests
        report.retries = self.remote.client.retries - retries_before
        blank = report.with_blank_nodes
        if blank and not self.options.replace:
            more = f" and {len(blank) - 1} more graph(s)" if len(blank) > 1 else ""
            log.warning(
                "%s%s have blank nodes, which are new on every push: pushing them again without "
                "--replace adds their triples again; push with --replace to be able to re-run it",
                blank[0].name,
                more,
            )
        if interrupted:
            report.error = "interrupted"
            raise PushInterrupted(
                f"push to {self.remote.location} interrupted: {len(report.landed)} of "
                f"{len(report.graphs)} graph(s) landed completely",
                report,
                hint=self._again(bool(blank)),
            )
        if self.failure is not None:
            report.error = self.failure.message
            done = len(report.landed)
            failure = self.failure
            if not (isinstance(failure, RemoteError) and failure.transient):
                # the server answers the same request the same way every time: a re-run cannot help
                hint = failure.hint or "the server refuses this request every time; its log may say why"
            else:
                hint = (f"{failure.hint}; then " if failure.hint else "") + self._again(bool(blank))
            raise PushError(
                f"push to {self.remote.location} stopped: {failure.message}; "
                f"{done} of {len(report.graphs)} graph(s) landed completely",
                report,
                hint=hint,
            )
        if self.options.verify:
            try:
                self.verify(report)
            except KeyboardInterrupt:
                report.error = "interrupted"
                raise PushInterrupted(
                    f"push to {self.remote.location} interrupted while counting the triples on the "
                    f"server: all {len(report.graphs)} graph(s) had landed; the count was not done",
                    report,
                ) from None
        return report

    def _again(self, blank: bool) -> str:
        """What running the same push again does."""
        if self.options.replace:
            return "run the same push again: it replaces each graph again"
        if blank:
            return (
                "run the same push again: it adds the same triples again, but the blank-node "
                "triples of what landed would be there twice (use --replace for those graphs)"
            )
        return "run the same push again: it adds the same triples again, which changes nothing"

    def _finish(self, workers: Sequence[threading.Thread], report: PushReport) -> bool:
        """Stop the workers once the requests on their way are done; whether a Ctrl-C came
        meanwhile (then kg stops waiting: those requests may land or not)."""
        try:
            if self.stop.is_set():  # what was not sent yet will not be
                with suppress(queue.Empty):
                    while True:
                        self.queue.get_nowait()
                with self.lock:
                    flying = sum(1 for g in report.graphs if g.sending)
                if flying:
                    log.warning(
                        "stopping: waiting for the requests of %d graph(s) on their way "
                        "(Ctrl-C again to stop at once)",
                        flying,
                    )
            for _ in workers:
                self.queue.put(None)
            for w in workers:
                w.join()
            return False
        except KeyboardInterrupt:
            self.stop.set()
            return True

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


def _node(target: str | None) -> ox.NamedNode | None:
    return ox.NamedNode(target) if target is not None else None


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
