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

   - ``curl`` posting the N-Triples file in one request to ``/store?default`` (the baseline);
   - ``kg push --default-graph``: the same triples to the same place, chunked, counted after;
   - ``curl`` posting the N-Quads file in one request to ``/store`` (every graph);
   - ``kg push --replace``: every graph to the graph of the same name, chunked (the usual push),
     counted after.

Prints triples (or quads) per second and each kg figure's ratio to the ``curl`` baseline of the
same data measured in the same run (target: at least 0.7). Loading into named graphs costs
Oxigraph more than loading into the default graph (more indexes), which is why the per-graph push
is also compared with ``curl`` posting the N-Quads.
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
    plans = [
        ("curl, N-Triples, one request -> ?default", triples, lambda b: ["curl", "-sS", "-f", "-X", "POST",
            "--data-binary", f"@{nt}", "-H", "Content-Type: application/n-triples", f"{b}/store?default"]),
        ("kg push --default-graph (same triples)", triples,
            lambda b: [*kg, "--endpoint", b, "--default-graph"]),
        ("curl, N-Quads, one request -> /store", quads, lambda b: ["curl", "-sS", "-f", "-X", "POST",
            "--data-binary", f"@{nq}", "-H", "Content-Type: application/n-quads", f"{b}/store"]),
        ("kg push --replace (each graph)", quads, lambda b: [*kg, "--endpoint", b, "--replace", "--yes"]),
    ]  # fmt: skip
    best: dict[str, Timing] = {}
    for _ in range(args.runs):
        for what, items, command in plans:
            server = Oxigraph()
            try:
                t = timed(what, items, command(server.base), server)
            finally:
                server.stop()
            if what not in best or t.seconds < best[what].seconds:
                best[what] = t
    print(f"kg push benchmark: {env_note}; chunks <= {args.max_chunk_bytes:,} bytes, --jobs {args.jobs}")
    print(f"{'measurement':<44} {'items':>10} {'seconds':>8} {'per second':>11}  ratio")
    baseline_nt = best[plans[0][0]]
    baseline_nq = best[plans[2][0]]
    for what, _, _ in plans:
        t = best[what]
        ratio = ""
        if what.startswith("kg push --default"):
            ratio = f"{t.rate / baseline_nt.rate:.2f}x curl N-Triples"
        elif what.startswith("kg push --replace"):
            ratio = f"{t.rate / baseline_nt.rate:.2f}x curl N-Triples, "
            ratio += f"{t.rate / baseline_nq.rate:.2f}x curl N-Quads"
        print(f"{what:<44} {t.items:>10,} {t.seconds:>8.1f} {t.rate:>11,.0f}  {ratio}")
    same = best[plans[1][0]].rate / baseline_nt.rate
    print(
        f"target: kg push >= 0.7x curl for the same data: {same:.2f}x ({'met' if same >= 0.7 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
