"""The SHACL gate's cost at ingest: ingest with the gate on against ingest with it off.

    python benchmarks/ingest.py [--shared ../shared] [--articles 1200] [--rounds 3] [--no-pyshacl]

The articles are the Wikinews rows of ``../shared/corpus/wikinews`` (CSV), repeated with distinct
URLs (``...?copy=N``) until there are ``--articles`` of them, so each is a new article with its own
graph. Each round ingests all of them into a fresh on-disk store twice, gate off and gate on (in
alternating order), with the gazetteer loaded once beforehand; the figures are medians over the
rounds and the ratio is measured in the same run. Target: gate on <= 1.25 x gate off.

With pySHACL as the gate's engine (``IngestOptions(validation_engine=Engine.PYSHACL)``, how kg
validated before) a round is also timed, for comparison, unless ``--no-pyshacl``.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.entities import GazetteerEntities  # noqa: E402
from kg.model import Outcome  # noqa: E402
from kg.pipeline import IngestOptions, ingest  # noqa: E402
from kg.store.local import LocalStore  # noqa: E402
from kg.validation import Engine  # noqa: E402

csv.field_size_limit(10**8)


def wikinews_rows(shared: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted((shared / "corpus" / "wikinews").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows.extend(csv.DictReader(f))
    if not rows:
        raise SystemExit(f"no Wikinews CSV files in {shared / 'corpus' / 'wikinews'}")
    return rows


def write_corpus(shared: Path, n: int, folder: Path) -> Path:
    """``n`` articles as CSV files of 200 rows: Wikinews rows, each copy with its own URL."""
    rows = wikinews_rows(shared)
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, n, 200):
        with (folder / f"articles-{start // 200:04d}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=["url", "date", "title", "text"])
            writer.writeheader()
            for i in range(start, min(n, start + 200)):
                row = rows[i % len(rows)]
                copy = i // len(rows)
                writer.writerow({**row, "url": f"{row['url']}?copy={copy}" if copy else row["url"]})
    return folder


def timed_ingest(corpus: Path, options: IngestOptions, entities: GazetteerEntities) -> tuple[float, int, int]:
    """Seconds, articles stored, articles rejected."""
    with (
        tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp,
        LocalStore.open(Path(tmp) / "store", create=True) as st,
    ):
        started = time.perf_counter()
        report = ingest(st, [str(corpus)], options, entities=entities)
        seconds = time.perf_counter() - started
    return seconds, report.count(Outcome.NEW), report.count(Outcome.REJECTED)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--articles", type=int, default=1200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--no-pyshacl", action="store_true", help="skip the pySHACL gate round")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kg-bench-corpus-") as tmp:
        corpus = write_corpus(args.shared, args.articles, Path(tmp) / "corpus")
        entities = GazetteerEntities()
        warm = write_corpus(args.shared, 20, Path(tmp) / "warm-up")
        for gate in (False, True):  # load the gazetteer, the extractor's tables and the shapes once
            timed_ingest(warm, IngestOptions(validate=gate), entities)
        off: list[float] = []
        on: list[float] = []
        print(
            f"== ingest of {args.articles} articles (Wikinews rows, distinct URLs), "
            f"batch size {args.batch_size}"
        )
        stored = {}
        for r in range(args.rounds):
            order = (False, True) if r % 2 == 0 else (True, False)
            for gate in order:
                seconds, new, rejected = timed_ingest(
                    corpus, IngestOptions(validate=gate, batch_size=args.batch_size), entities
                )
                (on if gate else off).append(seconds)
                stored[gate] = (new, rejected)
                print(
                    f"round {r + 1}: gate {'on ' if gate else 'off'} {seconds:7.2f} s "
                    f"({new} stored, {rejected} rejected)"
                )
        t_off, t_on = statistics.median(off), statistics.median(on)
        print(
            f"\ngate off: {t_off:.2f} s ({args.articles / t_off:.0f} articles/s)   "
            f"gate on: {t_on:.2f} s ({args.articles / t_on:.0f} articles/s)"
        )
        print(
            f"gate on / gate off = {t_on / t_off:.3f}   (target <= 1.25; the gate costs "
            f"{(t_on - t_off) / args.articles * 1000:.2f} ms per article)"
        )
        print(
            f"rejected by the gate: {stored[True][1]} articles "
            f"(gate off stores them: {stored[False][0]} stored)"
        )
        if not args.no_pyshacl:
            seconds, new, rejected = timed_ingest(
                corpus,
                IngestOptions(validate=True, batch_size=args.batch_size, validation_engine=Engine.PYSHACL),
                entities,
            )
            print(
                f"\nfor comparison, the gate with pySHACL: {seconds:.2f} s = "
                f"{seconds / t_off:.2f} x gate off "
                f"({new} stored, {rejected} rejected)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
