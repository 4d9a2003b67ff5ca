"""Team readiness for the strategic account role at team sizes (issue 16).

Generates ratings for N salespeople (the manager's and the interview's for every competency of the
SAM framework, a self-rating for half), then times reading the CSV and `team()` (every person's
gaps, what the team lacks, which actions close most gaps) over the shipped transition and
catalogue, several rounds, side by side with a small team in the same run. Prints medians and the
ratio per person.

    .venv/bin/python benchmarks/team_readiness.py [--sizes 100,1000,10000] [--rounds 5]

Target (issue 16): 1,000 people under 2 s.
"""

from __future__ import annotations

import argparse
import csv
import io
import platform
import random
import statistics
import time

from hireplay.core.development import read_ratings, team, team_csv
from hireplay.core.frameworks import load_catalogue, load_transition
from hireplay.shipped import FRAMEWORKS_DIR


def ratings_csv(people: int, competencies: list[str]) -> str:
    rng = random.Random(people)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["person", "competency", "source", "level", "note"])
    for n in range(people):
        for competency in competencies:
            for source in ("manager", "interview") + (("self",) if n % 2 else ()):
                writer.writerow(
                    [f"person-{n:05d}", competency, source, rng.choice((1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5)), ""]
                )
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    transition, _, target = load_transition(FRAMEWORKS_DIR / "salesperson-to-sam.yaml")
    catalogue = load_catalogue(FRAMEWORKS_DIR / "development-actions.yaml")
    competencies = [c.id for c in target.competencies]
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"{'people':>7} {'ratings':>8} {'read (s)':>9} {'team (s)':>9} {'total (s)':>10} {'ms/person':>10}")
    for size in (int(s) for s in args.sizes.split(",")):
        text = ratings_csv(size, competencies)
        reads, teams = [], []
        for _ in range(args.rounds):
            started = time.perf_counter()
            found = read_ratings(text, target)
            read = time.perf_counter()
            report = team(found, transition, target, catalogue)
            team_csv(report)
            done = time.perf_counter()
            reads.append(read - started)
            teams.append(done - read)
        read_s, team_s = statistics.median(reads), statistics.median(teams)
        print(f"{size:>7} {len(found):>8} {read_s:>9.3f} {team_s:>9.3f} {read_s + team_s:>10.3f} "
              f"{1000 * (read_s + team_s) / size:>10.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
