"""Speed of ``kg push``: a 1M-triple store into a local Oxigraph server, beside ``curl``.

Usage::

    python benchmarks/push.py [--triples 1000000] [--runs 3] [--jobs 2] [--max-chunk-bytes 16000000]

1. Builds (once, cached in ``build/bench/push-<N>``) an embedded store of about ``--triples``
   quads shaped like kg's data: the graphs of ``data/articles`` copied with fresh article, graph,
   claim and evidence IRIs (actors and events stay shared, as in a real store), plus the
   vocabulary graph; then writes the same data as files: the union of the graphs as N-Triples
   (each triple once) and every graph as N-Quads.
2. Each run starts a fresh Oxigraph server (``oxigraph serve``, the ``oxigraph`` PyPI package) on a
   free port with an empty folder, and times, from the start of the command to its end:

   - ``curl`` posting the N-Triples file in one request to ``/store?default``;
   - ``kg push --default-graph``: the same triples to the same place, chunked, counted after;
   - ``curl`` posting the N-Quads file in one request to ``/store`` (every graph);
   - ``kg push --replace``: every graph to the graph of the same name, chunked, counted after —
     the usual push, and the one the target is about;
   - ``kg push --replace`` once more on the same server: every graph is there already, so each
     chunk is one SPARQL update that drops its graphs and inserts them (atomic), not a plain
     N-Quads ``POST``.

Prints triples (or quads) per second and, for each kg figure, its ratio to the ``curl`` baseline of
the same data and target, measured in the same run, with a verdict on the target (at least 0.7x):
``kg push --replace`` against ``curl`` posting the N-Quads, ``kg push --default-graph`` against
``curl`` posting the N-Triples. The re-push has no ``curl`` equivalent (it replaces graphs the
server has); its ratio to the N-Quads baseline is printed for information, without a verdict.
Loading into named graphs costs Oxigraph more than loading into the default graph (more indexes),
which is why each mode is judged against the baseline with the same target.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.formats import RdfFormat  # noqa: E402
from kg.iris import DEFAULT_BASE  # noqa: E402
from kg.mapping import Run  # noqa: E402
from kg.pipeline import IngestOptions, ingest  # noqa: E402
from kg.store.local import LocalStore  # noqa: E402
from kg.vocab import VOCABULARY_GRAPH  # noqa: E402

COPIED = tuple(DEFAULT_BASE + kind for kind in ("article/", "graph/", "claim/", "evidence/"))


def build(folder: Path, target: int) -> tuple[Path, Path, Path, int, int]:
    """The store, the union as N-Triples and the dataset as N-Quads; quad and triple counts."""
    store_dir, nt, nq = folder / "store", folder / "union.nt", folder / "dataset.nq"
    if not (store_dir.exists() and nt.exists() and nq.exists()):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        started = time.perf_counter()
        sample = LocalStore.in_memory()
        run = Run.start()
        ingest(sample, [str(ROOT / "data" / "articles")], IngestOptions(run=run))
        articles = [q for q in sample.quads() if q.graph_name != VOCABULARY_GRAPH]
        vocabulary = list(sample.quads(VOCABULARY_GRAPH))
        copies = max(1, (target - len(vocabulary)) // len(articles))

        def renamed(term: ox.NamedNode, k: int) -> ox.NamedNode:
            return ox.NamedNode(f"{term.value}-c{k}") if term.value.startswith(COPIED) else term

        store = ox.Store(str(store_dir))
        store.bulk_extend(vocabulary)
        for k in range(copies):
            batch = []
            for q in articles:
                s = renamed(q.subject, k) if isinstance(q.subject, ox.NamedNode) else q.subject
                o = renamed(q.object, k) if isinstance(q.object, ox.NamedNode) else q.object
                g = renamed(q.graph_name, k) if isinstance(q.graph_name, ox.NamedNode) else q.graph_name
                batch.append(ox.Quad(s, q.predicate, o, g))
            store.bulk_extend(batch)
        store.flush()
        del store
        with LocalStore.open(store_dir) as local:
            with nt.open("wb") as out:
                local.export(out, RdfFormat.NTRIPLES)
            with nq.open("wb") as out:
                local.export(out, RdfFormat.NQUADS)
        print(f"built {folder} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    quads = sum(1 for _ in open(nq, "rb"))  # noqa: SIM115 - one line per quad
    triples = sum(1 for _ in open(nt, "rb"))  # noqa: SIM115
    return store_dir, nt, nq, quads, triples


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Oxigraph:
    """A fresh ``oxigraph serve`` on a free port with an empty folder."""

    def __init__(self) -> None:
        binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        self.folder = Path(tempfile.mkdtemp(prefix="kg-bench-oxigraph-"))
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [binary, "serve", "--location", str(self.folder), "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.base}/query", params={"query": "ASK {}"}, timeout=2).ok:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise SystemExit("the Oxigraph server did not start")

    def count(self) -> int:
        answer = requests.post(
            f"{self.base}/query",
            data={"query": "SELECT (COUNT(*) AS ?n) { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"},
            headers={"Accept": "text/csv"},
            timeout=600,
        )
        return int(answer.text.split()[-1])

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Timing:
    what: str
    items: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.items / self.seconds


def timed(what: str, items: int, args: list[str], server: Oxigraph) -> Timing:
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{what} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    landed = server.count()
    if landed != items:
        raise SystemExit(f"{what}: the server has {landed} quads, not {items}")
    return Timing(what, items, seconds)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the store [1000000]")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement; the best counts [3]")
    parser.add_argument("--jobs", type=int, default=2, help="kg push --jobs [2]")
    parser.add_argument(
        "--max-chunk-bytes", type=int, default=16_000_000, help="kg push chunk size [16000000]"
    )
    parser.add_argument("--folder", type=Path, default=ROOT / "build" / "bench", help="cache [build/bench]")
    args = parser.parse_args()
    if not shutil.which("curl"):
        raise SystemExit("curl is needed for the baseline")
    store, nt, nq, quads, triples = build(args.folder / f"push-{args.triples}", args.triples)
    kg = [sys.executable, "-m", "kg", "push", "--store", str(store), "--server", "oxigraph"]
    kg += ["--jobs", str(args.jobs), "--max-chunk-bytes", str(args.max_chunk_bytes)]
    with LocalStore.open(store) as local:
        graphs = len(local.graph_names())
    env_note = f"{os.cpu_count()} CPUs; store {quads:,} quads in {graphs:,} graphs"

    def curl(path: Path, media: str, url: str) -> list[str]:
        return [
            "curl",
            "-sS",
            "-f",
            "-X",
            "POST",
            "--data-binary",
            f"@{path}",
            "-H",
            f"Content-Type: {media}",
            url,
        ]

    curl_nt = "curl N-Triples, one request -> /store?default"
    kg_default = "kg push --default-graph (same triples)"
    curl_nq = "curl N-Quads, one request -> /store"
    kg_replace = "kg push --replace (each graph; the usual push)"
    kg_again = "kg push --replace again (graphs there already)"
    plans: list[tuple[str, int, Callable[[str], list[str]], bool]] = [
        (curl_nt, triples, lambda b: curl(nt, "application/n-triples", f"{b}/store?default"), False),
        (kg_default, triples, lambda b: [*kg, "--endpoint", b, "--default-graph"], False),
        (curl_nq, quads, lambda b: curl(nq, "application/n-quads", f"{b}/store"), False),
        (kg_replace, quads, lambda b: [*kg, "--endpoint", b, "--replace", "--yes"], False),
        (kg_again, quads, lambda b: [*kg, "--endpoint", b, "--replace", "--yes"], True),
    ]
    best: dict[str, Timing] = {}
    for _ in range(args.runs):
        server: Oxigraph | None = None
        try:
            for what, items, command, again in plans:
                if not again:  # a fresh, empty server; the re-push uses the one before
                    if server is not None:
                        server.stop()
                    server = Oxigraph()
                t = timed(what, items, command(server.base), server)
                if what not in best or t.seconds < best[what].seconds:
                    best[what] = t
        finally:
            if server is not None:
                server.stop()
    print(f"kg push benchmark: {env_note}; chunks <= {args.max_chunk_bytes:,} bytes, --jobs {args.jobs}")
    print(f"{'measurement':<48} {'items':>10} {'seconds':>8} {'per second':>11}  ratio")
    judged = {kg_default: curl_nt, kg_replace: curl_nq, kg_again: curl_nq}
    short = {curl_nt: "curl N-Triples", curl_nq: "curl N-Quads"}
    for what, _, _, _ in plans:
        t = best[what]
        ratio = f"{t.rate / best[judged[what]].rate:.2f}x {short[judged[what]]}" if what in judged else ""
        print(f"{what:<48} {t.items:>10,} {t.seconds:>8.1f} {t.rate:>11,.0f}  {ratio}")
    print("target: kg push >= 0.7x curl posting the same data to the same target, chunking included")
    for what, verdict in ((kg_replace, True), (kg_default, True), (kg_again, False)):
        times = best[what].rate / best[judged[what]].rate
        said = ("met" if times >= 0.7 else "NOT met") if verdict else "no target: curl cannot replace graphs"
        print(f"  {what}: {times:.2f}x {short[judged[what]]} ({said})")


if __name__ == "__main__":
    main()
