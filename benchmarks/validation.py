"""``kg validate`` of a 1M-triple kg graph beside the pySHACL command line: time, peak memory and
the violations each finds, on the same data and the same shapes.

    python benchmarks/validation.py [--shared ../shared] [--triples 1000000] [--work build/bench/validation]
                                    [--no-pyshacl] [--no-core]

The data: the Wikinews articles of ``../shared/corpus/wikinews`` as kg maps them (extraction on,
the gate off, so the articles the gate would reject are in; every 20th copy broken on purpose:
claims with a confidence of 1.5, articles without a title), copied with fresh article, graph,
claim, evidence and run IRIs (the actors, places and events stay shared, as in a real store) until
the union of the graphs holds ``--triples`` distinct triples with kg's vocabulary. It is written as
an on-disk kg store and as N-Triples (``kg export``), and cached in ``--work``.

Each tool runs as its own process (as a user runs it); wall time and peak resident memory are
those of that process (``wait4``):

- ``kg validate data.nt`` and ``kg validate --store store`` (kg's SPARQL engine, kg's shapes);
- ``pyshacl -s shapes.nt data.nt`` (kg's shapes as one file; the data includes the vocabulary);
- the same two with kg's shapes minus the three SPARQL constraints (``--no-core`` skips), because
  pySHACL runs SPARQL constraints one focus node at a time.

The violations found are compared as sets of (focus node, constraint component, path).
Target: kg at least 3 x faster than the pySHACL CLI.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.formats import RdfFormat  # noqa: E402
from kg.iris import DEFAULT_BASE  # noqa: E402
from kg.pipeline import extract  # noqa: E402
from kg.resources import shape_files  # noqa: E402
from kg.store.local import LocalStore  # noqa: E402

SH_SPARQL = "http://www.w3.org/ns/shacl#sparql"
RENAMED = tuple(f"{DEFAULT_BASE}{kind}/" for kind in ("article", "graph", "claim", "evidence", "run"))
Found = set[tuple[str, str, str | None]]


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


def _copy(term: ox.NamedNode | ox.BlankNode | ox.Literal, k: int) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if k and isinstance(term, ox.NamedNode) and term.value.startswith(RENAMED):
        return ox.NamedNode(f"{term.value}-copy{k}")
    return term


def article_graphs(shared: Path) -> list[list[ox.Quad]]:
    """The graph of each Wikinews article (the last one of articles read twice, as ingest keeps)."""
    found, _errors = extract([str(shared / "corpus" / "wikinews")])
    return list({x.graph.graph.value: x.graph.quads for x in found}.values())


#: Bumped when the data built changes: the cache in --work is rebuilt.
DATA_VERSION = 2
_CONFIDENCE = ox.NamedNode("https://w3id.org/kg-news/ontology#confidence")
_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
_BAD_CONFIDENCE = ox.Literal("1.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))


def copies(graphs: list[list[ox.Quad]], k: int) -> list[ox.Quad]:
    """Copy ``k`` of the article graphs; every 20th copy is broken on purpose (claims with a
    confidence of 1.5, articles without a title), so that both validators have violations to find."""
    broken = k % 20 == 7
    out = []
    for quads in graphs:
        for q in quads:
            if broken and q.predicate == _TITLE:
                continue
            obj = _BAD_CONFIDENCE if broken and q.predicate == _CONFIDENCE else _copy(q.object, k)
            out.append(ox.Quad(_copy(q.subject, k), q.predicate, obj, _copy(q.graph_name, k)))  # type: ignore[arg-type]
    return out


def build(shared: Path, triples: int, work: Path) -> tuple[Path, Path, int]:
    """The store and the N-Triples file (cached in ``work``); the number of distinct triples."""
    store_dir, nt = work / "store", work / "data.nt"
    marker = work / "built.json"
    wanted = {"target": triples, "data": DATA_VERSION}
    if (
        marker.exists()
        and all(json.loads(marker.read_text()).get(k) == v for k, v in wanted.items())
        and nt.exists()
    ):
        return store_dir, nt, int(json.loads(marker.read_text())["triples"])
    work.mkdir(parents=True, exist_ok=True)
    for old in (nt, marker):
        old.unlink(missing_ok=True)
    if store_dir.exists():
        import shutil

        shutil.rmtree(store_dir)
    print(f"building {triples} triples in {work} ...", flush=True)
    graphs = article_graphs(shared)
    first = {q.triple for q in copies(graphs, 0)}
    second = {q.triple for q in copies(graphs, 1)}
    per_copy = len(second - first)
    with LocalStore.open(store_dir, create=True) as st:
        st.ensure_vocabulary()
        vocabulary = len(list(st.quads(ox.NamedNode("https://w3id.org/kg-news/ontology"))))
        n = max(1, -(-(triples - len(first) - vocabulary) // per_copy) + 1)
        raw = st._store  # bulk loading, as a benchmark set-up
        for k in range(n):
            raw.bulk_extend(copies(graphs, k))
        with nt.open("wb") as out:
            written = st.export(out, RdfFormat.NTRIPLES)
    marker.write_text(json.dumps({**wanted, "triples": written, "copies": n}))
    return store_dir, nt, written


# --------------------------------------------------------------------------------------------
# Runs
# --------------------------------------------------------------------------------------------


def timed(cmd: list[str]) -> tuple[float, float, int, str]:
    """Wall seconds, peak RSS (MiB), exit code, stderr of a child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", "replace")
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_maxrss / 1024, proc.returncode, err


def kg_found(report: Path) -> tuple[Found, Counter[str]]:
    data = json.loads(report.read_text())
    results = data["results"]
    return {(r["focus"], r["component"], r["path"]) for r in results}, Counter(r["severity"] for r in results)


def pyshacl_found(report: Path) -> tuple[Found, Counter[str]]:
    import rdflib

    from kg.validation.pyshacl_engine import report_from_graph

    graph = rdflib.Graph()
    graph.parse(report, format="turtle")
    parsed = report_from_graph(graph)
    return {(r.focus, r.component, r.path) for r in parsed.results}, Counter(
        r.severity.value for r in parsed.results
    )


def shapes_file(work: Path, *, core_only: bool) -> Path:
    triples = [q.triple for p in shape_files() for q in ox.parse(path=str(p), format=ox.RdfFormat.TURTLE)]
    if core_only:
        triples = [t for t in triples if t.predicate.value != SH_SPARQL]
    path = work / ("shapes-core.nt" if core_only else "shapes.nt")
    with path.open("wb") as out:
        ox.serialize(triples, out, ox.RdfFormat.N_TRIPLES)
    return path


def row(name: str, seconds: float, mib: float, counts: Counter[str], code: int) -> None:
    found = ", ".join(f"{n} {k.lower()}{'s' if n != 1 else ''}" for k, n in sorted(counts.items())) or "none"
    print(f"{name:<44} {seconds:9.1f} s {mib:9.0f} MiB   exit {code}   results: {found}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench" / "validation")
    parser.add_argument("--no-pyshacl", action="store_true", help="skip pySHACL with kg's full shapes")
    parser.add_argument("--no-core", action="store_true", help="skip the runs with core constraints only")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_only:
        build(args.shared, args.triples, args.work)
        return 0
    # Build in a child process: a child forked from a parent that holds the data in memory reports
    # the parent's pages in its peak RSS, which would inflate the memory figures below.
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--build-only",
            "--shared",
            str(args.shared),
            "--triples",
            str(args.triples),
            "--work",
            str(args.work),
        ],
        check=True,
    )
    store_dir, nt, triples = build(args.shared, args.triples, args.work)
    print(f"\n== {triples} triples: {nt} ({nt.stat().st_size / 2**20:.0f} MiB) and the store {store_dir}\n")
    kg = [sys.executable, "-m", "kg", "validate", "-f", "json", "-v"]
    pyshacl = [sys.executable, "-m", "pyshacl", "-sf", "nt", "-df", "nt", "-f", "turtle"]
    runs: list[tuple[str, bool]] = [("full", True)] + ([] if args.no_core else [("core", False)])
    for label, full in runs:
        shapes = shapes_file(args.work, core_only=not full)
        what = "kg's shapes" if full else "kg's shapes without the SPARQL constraints"
        print(f"-- {what}")
        extra = [] if full else ["--shapes", str(shapes)]
        out_file, out_store = args.work / f"kg-file-{label}.json", args.work / f"kg-store-{label}.json"
        s1, m1, c1, err = timed([*kg, *extra, "-o", str(out_file), str(nt)])
        found_file, counts = kg_found(out_file)
        row("kg validate data.nt", s1, m1, counts, c1)
        if full:
            timings = [line for line in err.splitlines() if " ms  " in line and "SPARQL" in line]
            for line in timings:
                print(f"    {line.removeprefix('kg: ').strip()}")
        s2, m2, c2, _err = timed([*kg, *extra, "--store", str(store_dir), "-o", str(out_store)])
        found_store, counts = kg_found(out_store)
        row("kg validate --store store", s2, m2, counts, c2)
        if full and args.no_pyshacl:
            print()
            continue
        out_py = args.work / f"pyshacl-{label}.ttl"
        s3, m3, c3, err = timed([*pyshacl, "-s", str(shapes), "-o", str(out_py), str(nt)])
        if not out_py.exists() or c3 not in (0, 1):
            print(f"pyshacl failed (exit {c3}): {err[-2000:]}")
            continue
        found_py, counts = pyshacl_found(out_py)
        row("pyshacl -s shapes.nt data.nt", s3, m3, counts, c3)
        same = found_file == found_py == found_store
        print(
            f"same results (focus node, component, path) in all three: {same}"
            + (
                ""
                if same
                else f"; kg only {len(found_file - found_py)}, pyshacl only {len(found_py - found_file)}"
            )
        )
        print(
            f"pyshacl / kg validate data.nt = {s3 / s1:.1f} x   "
            f"pyshacl / kg validate --store = {s3 / s2:.1f} x"
        )
        print(
            f"peak memory: pyshacl {m3:.0f} MiB, kg (file) {m1:.0f} MiB, kg (store) {m2:.0f} MiB\n",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
