"""Two-parameter IRT calibration, side by side: hireplay's, the PyPI package `mirt` and `girth`.

Simulates candidates x items with known slopes and intercepts (seeded), then calibrates the same
table with each program in its own process, one after the other, in rounds. Prints, per program,
the median fit time, the peak memory of its process, and the RMSE of the slopes and of the
intercepts against the true values.

    .venv/bin/python benchmarks/irt.py --people 100000 --items 60 --rounds 3 \
        --others /tmp/irtvenv/bin/python

`--others` is a Python that has `mirt` and `girth` installed (`python3 -m venv /tmp/irtvenv &&
/tmp/irtvenv/bin/pip install mirt girth`); they are not hireplay's dependencies. Without it only
hireplay's calibration runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]

RUN = {
    "hireplay": """
from hireplay.core.insights.irt import calibrate
fit = calibrate(X)
a, d = np.array(fit.slopes), np.array(fit.intercepts)
""",
    "mirt": """
import mirt
result = mirt.fit_mirt(X, "2PL", verbose=False)
p = result.model.parameters
a = np.asarray(p["discrimination"]).ravel(); d = -a * np.asarray(p["difficulty"]).ravel()
""",
    "girth": """
import girth
g = girth.twopl_mml(X.T)
a = np.asarray(g["Discrimination"]); d = -a * np.asarray(g["Difficulty"])
""",
}

FRAME = """
import json, resource, sys, time
import numpy as np
X = np.load(sys.argv[1])
start = time.perf_counter()
{body}
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "peak_mb": peak, "a": a.tolist(), "d": d.tolist()}}))
"""


def simulate(people: int, items: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a, d = rng.uniform(0.5, 2.0, items), rng.normal(0, 1, items)
    theta = rng.normal(size=people)
    answers = (rng.random((people, items)) < 1 / (1 + np.exp(-(np.outer(theta, a) + d)))).astype(np.int32)
    return answers, a, d


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--others", help="a Python with mirt and girth installed")
    args = parser.parse_args()

    answers, a, d = simulate(args.people, args.items, args.seed)
    folder = Path(tempfile.mkdtemp(prefix="hireplay-irt-"))
    np.save(folder / "answers.npy", answers)
    programs = {"hireplay": sys.executable}
    if args.others:
        programs.update({"mirt": args.others, "girth": args.others})
    runs: dict[str, list[dict[str, object]]] = {name: [] for name in programs}
    print(f"{args.people:,} candidates x {args.items} items, seed {args.seed}; {args.rounds} rounds", flush=True)
    for number in range(1, args.rounds + 1):
        for name, python in programs.items():  # interleaved: each round runs every program once
            code = FRAME.format(body=RUN[name])
            done = subprocess.run([python, "-c", code, str(folder / "answers.npy")], capture_output=True, text=True,
                                  cwd=ROOT, timeout=3600)  # fmt: skip
            if done.returncode != 0:
                print(f"round {number}: {name} failed: {done.stderr[-800:]}")
                continue
            found = json.loads(done.stdout.strip().splitlines()[-1])
            runs[name].append(found)
            print(f"round {number}: {name} {found['seconds']:.1f} s, peak {found['peak_mb']:.0f} MB", flush=True)
    print("program   median s   peak MB   RMSE a   RMSE d")
    medians = {}
    for name, found in runs.items():
        if not found:
            continue
        seconds = statistics.median(float(f["seconds"]) for f in found)  # type: ignore[arg-type]
        peak = max(float(f["peak_mb"]) for f in found)  # type: ignore[arg-type]
        rmse_a = float(np.sqrt(np.mean((np.array(found[-1]["a"]) - a) ** 2)))
        rmse_d = float(np.sqrt(np.mean((np.array(found[-1]["d"]) - d) ** 2)))
        medians[name] = seconds
        print(f"{name:<9} {seconds:>8.1f} {peak:>9.0f} {rmse_a:>8.4f} {rmse_d:>8.4f}")
    for other in ("mirt", "girth"):
        if other in medians and "hireplay" in medians:
            print(f"hireplay / {other} time: {medians['hireplay'] / medians[other]:.2f}")


if __name__ == "__main__":
    main()
