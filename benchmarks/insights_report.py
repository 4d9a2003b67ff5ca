"""The whole insights report for a large organisation: time and peak memory.

Generates, seeded, `--people` candidates answering `--items` items (the first five of them choice
items with recorded picks), their stages, self-identification (two questions), interview ratings
by a pool of interviewers for those interviewed, and an outcome for every hire; then computes the
report (`core.insights.report.compute`: impact per stage with intersections, reliability with
drift, item analysis with options, the 2PL with fit and information, DIF, validity) in a fresh
process per round, so the peak memory is the report's alone beside the data. Target (issue 15):
100,000 candidates and 60 items under 30 s and 1 GB.

    .venv/bin/python benchmarks/insights_report.py --people 100000 --items 60 --rounds 3

The database reading (`web.flows.insights.load`) is left out here: it is a fixed number of queries
whose cost is the rows it reads; tests/web/test_insights_report.py asserts that number.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ROUND = r"""
import json, resource, sys, time
from datetime import date, datetime, timedelta
import numpy as np
from hireplay.core.insights import report as core

people_n, items_n = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(20261126)
theta = rng.normal(size=people_n)
a, d = rng.uniform(0.6, 2.0, items_n), rng.uniform(-2, 2, items_n)
right = rng.random((people_n, items_n)) < 1 / (1 + np.exp(-(np.outer(theta, a) + d)))
sex = rng.choice(["female", "male", "declined"], people_n, p=[0.48, 0.47, 0.05])
band = rng.choice(["under 25", "25-34", "35-44", "45-54", "55 or over", "unknown"], people_n,
                  p=[0.15, 0.35, 0.25, 0.15, 0.05, 0.05])
furthest = np.where(theta > 1.2, 4, np.where(theta > 0.8, 3, np.where(theta > 0.3, 2, np.where(theta > -1.5, 1, 0))))
items = [core.Item(f"i{j}", f"Item {j}", "s1" if j < items_n // 2 else "s2", 1.0,
                   ("a", "b", "c", "d") if j < 5 else (), {"": ("a",)} if j < 5 else {}) for j in range(items_n)]
raters = [str(r) for r in range(40)]
questions = [(f"q{k}", f"Question {k}") for k in range(6)]
people, ratings = [], []
start = datetime(2026, 1, 1)
for n in range(people_n):
    picks = {f"i{j}": ["a" if right[n, j] else "bcd"[n % 3]] for j in range(5)}
    assessment = float(right[n].mean() * 100)
    interview = float(np.clip(50 + 15 * theta[n] + rng.normal(0, 10), 0, 100)) if furthest[n] >= 3 else None
    person = core.Person(n, (start + timedelta(days=n % 300)).date(), int(furthest[n]), assessment, interview,
                         None if interview is None else 0.4 * assessment + 0.6 * interview, picks,
                         {1: float(np.clip(3 + theta[n] + rng.normal(0, 1), 1, 5))} if furthest[n] == 4 else {},
                         {"sex": str(sex[n]), "age_band": str(band[n])})
    people.append(person)
    if furthest[n] >= 3:
        for r in rng.choice(len(raters), 2, replace=False):
            for q, _ in questions:
                value = int(np.clip(round(3 + theta[n] + rng.normal(0, 0.7)), 1, 5))
                ratings.append(core.Rating(n, raters[r], q, value, start + timedelta(days=n % 300)))
data = core.ReportData("benchmark", date(2026, 11, 26), None, None, date(2026, 1, 1), people, items,
                       {"s1": "One", "s2": "Two"}, questions, ratings, {r: f"Interviewer {r}" for r in raters},
                       [core.Measure(1, "Performance", "scale", 1, 5)], 0.4, ["sex", "age_band"],
                       points=right.astype(np.float32))
del right
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
began = time.perf_counter()
found = core.compute(data, resamples=200)
seconds = time.perf_counter() - began
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
text = json.dumps(found)
print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "data_mb": before / 1024,
                  "ratings": len(ratings), "hires": int((furthest == 4).sum()), "json_kb": len(text) / 1024,
                  "irt_items": len(found["items"]["irt"].get("items", [])),
                  "alpha": found["items"]["alpha"], "kripp": found["reliability"]["overall"]["value"]}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    runs = []
    for n in range(args.rounds):
        done = subprocess.run([sys.executable, "-c", ROUND, str(args.people), str(args.items)], capture_output=True,
                              text=True, check=True, cwd=ROOT)  # fmt: skip
        runs.append(json.loads(done.stdout))
        r = runs[-1]
        print(f"round {n + 1}: report {r['seconds']:.1f} s; process peak {r['peak_mb']:.0f} MB "
              f"(of which the generated data {r['data_mb']:.0f} MB)", flush=True)  # fmt: skip
    last = runs[-1]
    print(f"{args.people:,} candidates x {args.items} items, {last['ratings']:,} interview ratings, "
          f"{last['hires']:,} hires with an outcome; JSON {last['json_kb']:.0f} KB")  # fmt: skip
    print(f"median report time {statistics.median(r['seconds'] for r in runs):.1f} s; "
          f"median process peak {statistics.median(r['peak_mb'] for r in runs):.0f} MB, "
          f"of which the report {statistics.median(r['peak_mb'] - r['data_mb'] for r in runs):.0f} MB beyond the data")  # fmt: skip


if __name__ == "__main__":
    main()
