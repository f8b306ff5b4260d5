"""Benchmark the actor gazetteer: load time, mention-finding speed, re3d coverage.

Usage::

    python benchmarks/gazetteer.py [--data kg/extract/data/gazetteer.json] [--runs 7] [--misses 30]

* Load time: ``Gazetteer.load()`` timed in fresh interpreters (median of ``--runs``).
* Throughput: ``find_mentions`` over the Wikinews articles in ``/work/shared/corpus/wikinews``
  (each with its article date), in words per second and milliseconds per 1,000-word article.
* Coverage: share of the gold Organisation/Person/Location/Nationality spans of the re3d
  development set (``/work/shared/corpus/re3d-dev``) overlapped by one of our mentions.
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract.gazetteer import DATA_PATH, Gazetteer  # noqa: E402

WIKINEWS = Path("/work/shared/corpus/wikinews")
RE3D = Path("/work/shared/corpus/re3d-dev")
TYPES = ("Organisation", "Person", "Location", "Nationality")
PRONOUNS = frozenset(
    {
        "I",
        "We",
        "He",
        "She",
        "They",
        "It",
        "You",
        "Our",
        "My",
        "His",
        "Her",
        "Their",
        "Its",
        "Us",
        "Me",
        "Him",
        "Them",
        "Your",
    }
)

_LOAD_SNIPPET = """
import json, sys, time
t0 = time.perf_counter()
from kg.extract.gazetteer import Gazetteer
t1 = time.perf_counter()
g = Gazetteer.load({path})
t2 = time.perf_counter()
g.find_mentions("Warm-up: Russia.")
print(json.dumps({{"import": t1 - t0, "load": t2 - t1}}))
"""


def load_times(path: Path | None, runs: int) -> tuple[float, float]:
    """Median import and load time in fresh interpreters, in milliseconds."""
    code = _LOAD_SNIPPET.format(path="None" if path is None else repr(str(path)))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    imports, loads = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        data = json.loads(out.stdout.strip().splitlines()[-1])
        imports.append(data["import"] * 1000)
        loads.append(data["load"] * 1000)
    return statistics.median(imports), statistics.median(loads)


def wikinews() -> list[tuple[str, date | None]]:
    """(text, date) of every Wikinews article."""
    articles = []
    for name in sorted(glob.glob(str(WIKINEWS / "*.csv"))):
        with open(name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                try:
                    when: date | None = date.fromisoformat(row["date"][:10])
                except ValueError:
                    when = None
                articles.append((row["text"], when))
    return articles


def throughput(gaz: Gazetteer, articles: list[tuple[str, date | None]], rounds: int = 3) -> None:
    words = sum(len(text.split()) for text, _ in articles)
    for text, when in articles[:20]:
        gaz.find_mentions(text, when)
    best = float("inf")
    per_article: list[float] = []
    mentions = 0
    for _ in range(rounds):
        per_article = []
        mentions = 0
        start = time.perf_counter()
        for text, when in articles:
            t0 = time.perf_counter()
            mentions += len(gaz.find_mentions(text, when))
            n = max(1, len(text.split()))
            per_article.append((time.perf_counter() - t0) * 1000 * 1000 / n)
        best = min(best, time.perf_counter() - start)
    print(f"articles           {len(articles)} ({words:,} words, {mentions:,} mentions)")
    print(f"throughput         {words / best:,.0f} words/s (best of {rounds} rounds)")
    print(
        f"per 1,000 words    {best * 1000 / words * 1000:.2f} ms overall, "
        f"median article {statistics.median(per_article):.2f} ms, "
        f"p95 {sorted(per_article)[int(len(per_article) * 0.95)]:.2f} ms"
    )


def re3d_coverage(gaz: Gazetteer, show_misses: int) -> None:
    gold: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    named_gold = named_hit = 0
    misses: Counter[tuple[str, str]] = Counter()
    for folder in sorted(p for p in RE3D.iterdir() if p.is_dir()):
        docs = {}
        with open(folder / "documents.json", encoding="utf-8") as handle:
            for line in handle:
                doc = json.loads(line)
                docs[doc["_id"]] = doc["text"]
        spans: dict[str, list[tuple[int, int]]] = {}
        for doc_id, text in docs.items():
            spans[doc_id] = [(m.begin, m.end) for m in gaz.find_mentions(text)]
        with open(folder / "entities.json", encoding="utf-8") as handle:
            for line in handle:
                ent = json.loads(line)
                if ent["type"] not in TYPES:
                    continue
                gold[ent["type"]] += 1
                begin, end = ent["begin"], ent["end"]
                found = any(b < end and begin < e for b, e in spans[ent["documentId"]])
                named = ent["value"][:1].isupper() and ent["value"] not in PRONOUNS
                named_gold += named
                named_hit += named and found
                if found:
                    hit[ent["type"]] += 1
                else:
                    misses[(ent["type"], ent["value"])] += 1
    total_gold, total_hit = sum(gold.values()), sum(hit.values())
    for kind in TYPES:
        print(f"re3d {kind:13} {hit[kind]:4}/{gold[kind]:<4} = {hit[kind] / gold[kind]:.1%}")
    print(f"re3d {'all':13} {total_hit:4}/{total_gold:<4} = {total_hit / total_gold:.1%}")
    print(
        f"re3d {'capitalised':13} {named_hit:4}/{named_gold:<4} = {named_hit / named_gold:.1%}"
        "  (gold spans starting with a capital, pronouns excluded)"
    )
    if show_misses:
        print("most frequent misses:")
        for (kind, value), count in misses.most_common(show_misses):
            print(f"  {count:3} {kind:13} {value!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help=f"default {DATA_PATH}")
    parser.add_argument("--runs", type=int, default=7, help="fresh interpreters for load time")
    parser.add_argument("--misses", type=int, default=0, help="list the most frequent misses")
    args = parser.parse_args()
    size = (args.data or DATA_PATH).stat().st_size
    imp, load = load_times(args.data, args.runs)
    print(f"data file          {size / 1e6:.2f} MB")
    print(f"import             {imp:.1f} ms (median of {args.runs} fresh interpreters)")
    print(f"Gazetteer.load()   {load:.1f} ms (median of {args.runs} fresh interpreters)")
    gaz = Gazetteer.load(args.data)
    if WIKINEWS.is_dir():
        throughput(gaz, wikinews())
    if RE3D.is_dir():
        re3d_coverage(gaz, args.misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
