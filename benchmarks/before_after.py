"""Run a benchmark script of this tree and of an earlier commit side by side, in alternating rounds.

Each round runs the script once with the earlier commit's code (a git worktree of it, on
PYTHONPATH) and once with this tree's, in fresh processes, on the same machine in the same
minutes; the figure named by `--figure` (a regular expression with one number group) is read from
each run's output. Prints every round and the medians, and the ratio after/before.

    .venv/bin/python benchmarks/before_after.py afdaeb8 --rounds 5 -- benchmarks/scoring.py --sheets 20000 --rounds 1
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(tree: Path, script: list[str], pattern: re.Pattern[str], script_tree: Path | None = None) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    out = subprocess.run([sys.executable, str((script_tree or tree) / script[0]), *script[1:]], cwd=tree, env=env,
                         check=True, capture_output=True, text=True).stdout  # fmt: skip
    found = pattern.search(out)
    if not found:
        raise SystemExit(f"the figure was not found in the output of {tree}:\n{out}")
    return float(found[1].replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="the earlier commit")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--figure", default=r"sheets per second: ([\d,.]+) \(wall\)")
    parser.add_argument("--this-script", action="store_true",
                        help="run this tree's script against both trees' code (for options the earlier script lacks)")  # fmt: skip
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:cut])
    script = argv[cut + 1 :] or ["benchmarks/scoring.py", "--sheets", "20000", "--rounds", "1"]
    pattern = re.compile(args.figure)
    with tempfile.TemporaryDirectory() as tmp:
        before = Path(tmp) / "before"
        subprocess.run(["git", "worktree", "add", "--detach", str(before), args.before], cwd=ROOT, check=True,
                       capture_output=True)  # fmt: skip
        try:
            figures: dict[str, list[float]] = {"before": [], "after": []}
            for n in range(args.rounds):
                figures["before"].append(run(before, script, pattern, ROOT if args.this_script else None))
                figures["after"].append(run(ROOT, script, pattern))
                print(f"round {n + 1}: before {figures['before'][-1]:,.0f}, after {figures['after'][-1]:,.0f}",
                      flush=True)  # fmt: skip
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(before)], cwd=ROOT, check=False)
    b, a = statistics.median(figures["before"]), statistics.median(figures["after"])
    print(f"median before ({args.before}): {b:,.0f}; after (this tree): {a:,.0f}; after/before {a / b:.3f}")


if __name__ == "__main__":
    main()
