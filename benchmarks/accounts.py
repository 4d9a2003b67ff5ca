"""Key accounts at scale: generate a CRM export, then classify it from the files.

Writes a HubSpot-style companies export (a fifth of the companies are subsidiaries, some two
levels deep) and a deals export with five deals per company on average, then in separate fresh
processes, alternating, several rounds:
- the limit: only reading both files (Python's csv reader over every row, nothing else);
- end to end: `hireplay.core.accounts.loading` (every cell converted, every row checked) and
  `classify` with the shipped default policy, which is what `hireplay accounts classify
  --accounts FILE --engagements FILE` does.
Prints medians, the ratio, and each process's peak memory, for each size.

    .venv/bin/python benchmarks/accounts.py [--sizes 10000,100000,1000000] [--rounds 3]

Targets (issue 5): at 1,000,000 accounts and 5,000,000 engagements, under 60 s end to end, under
4 GB of memory, and at most 5 times the time of only reading the files.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 22)
OWNERS = [f"am{i:03d}" for i in range(200)]


def generate(folder: Path, accounts: int, engagements_per_account: float = 5.0) -> tuple[Path, Path]:
    rng = random.Random(accounts)
    companies, deals = folder / f"companies-{accounts}.csv", folder / f"deals-{accounts}.csv"
    start = AS_OF.toordinal() - 4 * 365
    with companies.open("w", newline="") as a, deals.open("w", newline="") as d:
        aw, dw = csv.writer(a), csv.writer(d)
        aw.writerow(["Record ID", "Company name", "Parent Company", "Company owner", "Number of Associated Contacts",
                     "Strategic Fit", "Strategic Fit Date", "NPS", "NPS Date", "Contract Type", "Contract Start",
                     "Licences Bought", "Licences Used", "Open Tickets", "Renewal Date", "Last Contacted", "Industry"])  # fmt: skip
        dw.writerow(["Deal ID", "Associated Company ID", "Close Date", "Amount", "Deal Stage"])
        deal = 0
        for i in range(1, accounts + 1):
            parent = ""
            if i > 10 and rng.random() < 0.2:
                parent = str(rng.randint(max(1, i - 5000), i - 1))
            bought = rng.choice([0, 0, 10, 50, 200])
            aw.writerow([
                i, f"Company {i}", parent, rng.choice(OWNERS), rng.randint(0, 12),
                rng.choice(["", "", "2", "3", "4", "5"]), (AS_OF - timedelta(days=rng.randint(0, 500))).isoformat(),
                rng.choice(["", "", "-20", "10", "40", "70"]), (AS_OF - timedelta(days=rng.randint(0, 400))).isoformat(),
                rng.choice(["", "", "", "agreement", "retainer", "exclusive"]), "2025-01-01",
                bought or "", rng.randint(0, bought) if bought else "", rng.randint(0, 15),
                (AS_OF + timedelta(days=rng.randint(-30, 400))).isoformat() if bought else "",
                (AS_OF - timedelta(days=rng.randint(0, 200))).isoformat(), rng.choice(["Food", "Health", "Retail"]),
            ])  # fmt: skip
            for _ in range(int(rng.expovariate(1 / engagements_per_account) + 0.5)):
                deal += 1
                dw.writerow([deal, i, date.fromordinal(start + rng.randint(0, 4 * 365)).isoformat(),
                             f"{rng.uniform(500, 20000):.2f}", "closedwon" if rng.random() < 0.9 else "closedlost"])  # fmt: skip
    return companies, deals


PHASE = r"""
import json, resource, sys, time, csv
from datetime import date
from pathlib import Path
phase, companies, deals = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
start = time.perf_counter()
if phase == "read":
    rows = 0
    for path in (companies, deals):
        with open(path, newline="", encoding="utf-8-sig") as handle:
            for _ in csv.reader(handle):
                rows += 1
    out = {"rows": rows}
else:
    from hireplay.core.accounts.engine import classify
    from hireplay.core.accounts.lint import load_policy
    from hireplay.core.accounts.loading import load_accounts, load_engagements
    policy = load_policy(sys.argv[4])
    loaded = load_accounts(companies)
    load_engagements(deals, loaded)
    read = time.perf_counter() - start
    results = classify(policy, loaded.columns, date(2026, 11, 22))
    sample = results[loaded.columns.ids[len(results) // 2]].rationale()  # one account's full result, as shown
    out = {"accounts": len(results), "engagements": loaded.engagements, "problems": len(loaded.problems),
           "load_seconds": read, "tiers": results.counts(), "conflicts": int(results.conflict_mask.sum())}
out["seconds"] = time.perf_counter() - start
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def run(phase: str, companies: Path, deals: Path) -> dict[str, object]:
    policy = ROOT / "policies" / "key-accounts-default.yaml"
    done = subprocess.run([sys.executable, "-c", PHASE, phase, str(companies), str(deals), str(policy)],
                          capture_output=True, text=True, check=True, timeout=900)  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            t = time.perf_counter()
            companies, deals = generate(Path(folder), size)
            made = time.perf_counter() - t
            reads, ends = [], []
            last: dict[str, object] = {}
            for _ in range(args.rounds if size < 1_000_000 else max(2, args.rounds - 1)):
                reads.append(run("read", companies, deals))
                last = run("classify", companies, deals)
                ends.append(last)
            read_s = statistics.median(float(r["seconds"]) for r in reads)  # type: ignore[arg-type]
            end_s = statistics.median(float(e["seconds"]) for e in ends)  # type: ignore[arg-type]
            load_s = statistics.median(float(e["load_seconds"]) for e in ends)  # type: ignore[arg-type]
            peak = max(float(e["peak_mb"]) for e in ends)  # type: ignore[arg-type]
            print(f"{size:>9,} accounts, {last['engagements']:>9,} engagements (files made in {made:.0f} s): "
                  f"only reading {read_s:6.2f} s | end to end {end_s:6.2f} s (loading {load_s:.2f} s, classifying "
                  f"{end_s - load_s:.2f} s) | ratio {end_s / read_s:.2f} | peak {peak:,.0f} MB | "
                  f"{last['problems']} problem rows | {last['tiers']} | {last['conflicts']} conflicts", flush=True)  # fmt: skip
            companies.unlink()
            deals.unlink()


if __name__ == "__main__":
    main()
