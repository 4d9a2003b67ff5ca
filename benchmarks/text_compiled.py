"""Would compiling the text checks with mypyc make written answers fast? Times both, side by side.

Copies `hireplay/core/text.py` and `hireplay/core/spelling.py` into a temporary package, compiles
it with mypyc (needs a C compiler; mypy, which ships mypyc, is a development dependency), then
times the text view and the spell check of the scoring benchmark's synthetic e-mails, Python and
compiled, in alternating rounds; prints the medians.

    .venv/bin/python benchmarks/text_compiled.py [--texts 3000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import importlib
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import hireplay.core.spelling as python_spelling  # noqa: E402
import hireplay.core.text as python_text  # noqa: E402
from scoring import text as make_text  # noqa: E402


def compiled_modules(workdir: Path) -> tuple[ModuleType, ModuleType]:
    package = workdir / "hpcompiled"
    package.mkdir()
    (package / "__init__.py").write_text("")
    shutil.copy(ROOT / "src/hireplay/core/text.py", package / "text.py")
    source = (ROOT / "src/hireplay/core/spelling.py").read_text()
    (package / "spelling.py").write_text(source.replace("from hireplay.core.text", "from hpcompiled.text"))
    mypyc = Path(sys.executable).with_name("mypyc")
    subprocess.run([str(mypyc), "hpcompiled/text.py", "hpcompiled/spelling.py"], cwd=workdir, check=True,
                   capture_output=True, timeout=900)  # fmt: skip
    sys.path.insert(0, str(workdir))
    text, spelling = importlib.import_module("hpcompiled.text"), importlib.import_module("hpcompiled.spelling")
    if not (str(text.__file__).endswith(".so") and str(spelling.__file__).endswith(".so")):
        raise SystemExit("mypyc did not produce compiled modules")
    return text, spelling


def per_text(texts: list[str], text: ModuleType, spelling: ModuleType) -> float:
    start = time.perf_counter()
    for t in texts:
        view = text.TextView(t)
        spelling.misspelled_tokens(view.spelling_tokens, "en")
        view.first_line_key()
        view.last_lines_key(4)
    return (time.perf_counter() - start) / len(texts) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(1)
    texts = [make_text(rng, rng.randrange(5, 10)) for _ in range(args.texts)]
    with tempfile.TemporaryDirectory() as workdir:
        text, spelling = compiled_modules(Path(workdir))
        python_spelling.misspelled("warm up", "en")
        spelling.misspelled("warm up", "en")
        python_times, compiled_times = [], []
        for _ in range(args.rounds):
            python_times.append(per_text(texts, python_text, python_spelling))
            compiled_times.append(per_text(texts, text, spelling))
    python_median, compiled_median = statistics.median(python_times), statistics.median(compiled_times)
    print(f"{args.texts} e-mails, {args.rounds} alternating rounds, medians per e-mail (text view and spell check):")
    print(f"  Python {python_median:.1f} µs, compiled with mypyc {compiled_median:.1f} µs, "
          f"{python_median / compiled_median:.2f} times faster")  # fmt: skip


if __name__ == "__main__":
    main()
