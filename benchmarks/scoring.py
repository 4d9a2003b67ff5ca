"""Score many synthetic answer sheets for the SMB playbook; print sheets per second and peak memory.

Every sheet has its own seed (so parametric items draw new numbers) and its own answers: random
choices, rankings, marks and record edits, numbers typed in several formats, and e-mails assembled
from sentences with random typos, so no two texts are alike and no cache can stand in for scoring.
Sheets are generated in batches outside the timed region; only `score()` is timed.

    .venv/bin/python benchmarks/scoring.py [--sheets 100000] [--batch 5000]
"""

from __future__ import annotations

import argparse
import copy
import platform
import random
import resource
import statistics
import string
import sys
import time
from pathlib import Path
from typing import Any

from hireplay.core.items import ItemBase
from hireplay.core.lint import load_playbook
from hireplay.core.playbook import Playbook
from hireplay.core.scoring import Responses, score

ROOT = Path(__file__).resolve().parents[1]

SENTENCES = [
    "Dear Ms Marchetti,",
    "Hello Helena,",
    "Thank you for your message about the March invoice and the reports.",
    "I am sorry for the trouble this has caused your team this week.",
    "You are right that the invoice should show 20 licences, not 25.",
    "Our finance team will send a credit note and a corrected invoice this week.",
    "Our support team is investigating the slow reports and has escalated the case to engineering.",
    "I will update you by Thursday afternoon with what we find.",
    "I cannot confirm a release date for the new dashboard yet, because the product team has not set one.",
    "I know you were told to expect it next month, and I understand that is frustrating.",
    "As soon as I have a firm date I will share it with you.",
    "Would a short call on Friday suit you, so we can go through the three points together?",
    "The dashboard will definitely be ready next month, I promise.",
    "We guarantee the reports will be fast again tomorrow.",
    "Please let me know if there is anything else I can do for Verdant Foods.",
    "Kind regards,\nJordan",
    "Best regards,\nSam Lee\nAccount Manager",
    "Every night our system copies the previous day's figures into your dashboards.",
    "Last night that copy was delayed by a routine server update, so the dashboards showed yesterday's numbers.",
    "Our engineers have moved the update window so it will not happen again.",
    "The batch job latency exceeded the cron schedule because of the database deployment pipeline.",
]


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 4 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def text(rng: random.Random, sentences: int) -> str:
    words = " ".join(rng.sample(SENTENCES, sentences)).split(" ")
    for _ in range(rng.randrange(0, 4)):
        i = rng.randrange(len(words))
        words[i] = typo(words[i], rng)
    words.append(rng.choice(string.ascii_lowercase) * rng.randrange(1, 4))  # makes every text unique
    return " ".join(words)


def answer(item: ItemBase, seed: int, rng: random.Random) -> Any:
    ids = list(item.option_ids())
    kind = item.type
    if kind == "single_choice":
        return rng.choice(ids)
    if kind in ("multiple_response", "error_spotting"):
        return rng.sample(ids, rng.randrange(0, len(ids)))
    if kind == "situational_judgment":
        return {"most": rng.choice(ids), "least": rng.choice(ids)}
    if kind == "ranking":
        return rng.sample(ids, len(ids))
    if kind == "numeric":
        key = item.key_value(item.variables_for(seed))  # type: ignore[attr-defined]
        value = key if rng.random() < 0.7 else key + rng.randrange(-100, 100)
        return rng.choice([f"${value:,.2f}", f"{value}", f"{value:.2f} USD", f"{value:,}"])
    if kind == "instruction_task":
        record = copy.deepcopy(item.start)  # type: ignore[attr-defined]
        for step in item.steps:  # type: ignore[attr-defined]
            check = step.check
            if rng.random() < 0.6 and check.kind in ("equals", "number_equals", "date_equals"):
                target: Any = record
                *parents, leaf = check.path.split(".")
                for p in parents:
                    target = target[p]
                value = check.value
                target[leaf] = value.isoformat() if hasattr(value, "isoformat") else str(value)
            elif check.kind == "same_items" and check.by is None and rng.random() < 0.6:
                record[check.path] = list(check.values)
            elif check.kind == "sorted" and rng.random() < 0.6:
                record[check.path] = sorted(record[check.path], key=lambda e: str(e.get(check.by, "")))
        return record
    if kind == "written_response":
        return text(rng, rng.randrange(5, 10))
    raise ValueError(kind)


def sheets(playbook: Playbook, first_seed: int, count: int) -> list[Responses]:
    batch = []
    for seed in range(first_seed, first_seed + count):
        rng = random.Random(seed)
        answers = {item.id: answer(item, seed, rng) for item in playbook.assessment.items if rng.random() < 0.97}
        batch.append(Responses.model_construct(candidate=f"c{seed}", seed=seed, answers=answers, ratings={}))
    return batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--per-item", action="store_true", help="also time each item alone over one batch")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds of scoring and bare text work")
    args = parser.parse_args()

    playbook = load_playbook(ROOT / "playbooks" / "account-manager-smb.yaml")
    score(playbook, sheets(playbook, 0, 1)[0], 0)  # load the dictionary and locale data once
    written = {item.id for item in playbook.assessment.items if item.type == "written_response"}
    scored = 0
    wall = cpu = closed_wall = 0.0
    checksum = 0.0
    while scored < args.sheets:
        batch = sheets(playbook, scored + 1, min(args.batch, args.sheets - scored))
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        for sheet in batch:
            report = score(playbook, sheet, sheet.seed)
            checksum += report.points
        wall += time.perf_counter() - start_wall
        cpu += time.process_time() - start_cpu
        # The same sheets without their written answers, to show what the checklists cost.
        closed = [
            Responses.model_construct(
                candidate=s.candidate,
                seed=s.seed,
                answers={k: v for k, v in s.answers.items() if k not in written},
                ratings={},
            )
            for s in batch
        ]
        start_wall = time.perf_counter()
        for sheet in closed:
            score(playbook, sheet, sheet.seed)
        closed_wall += time.perf_counter() - start_wall
        scored += len(batch)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, one process")
    print(f"playbook: {playbook.id} ({len(playbook.assessment.items)} items), sheets: {scored:,}")
    print(f"scoring time: {wall:.2f} s wall, {cpu:.2f} s CPU")
    print(f"sheets per second: {scored / wall:,.0f} (wall), {scored / cpu:,.0f} (CPU)")
    print(
        f"the same sheets without their {len(written)} written answers: {scored / closed_wall:,.0f} sheets per second"
    )
    print(f"peak memory (max RSS of the whole process, generation included): {peak_mb:.0f} MB")
    print(f"mean points per sheet: {checksum / scored:.3f} of {playbook.total_points():g}")
    against_text(playbook, sheets(playbook, 2 * 10**9, min(args.batch, 3_000)), written, args.rounds)
    if args.per_item:
        per_item(playbook, sheets(playbook, 10**9, min(args.batch, 3_000)))
    sys.stdout.flush()


def against_text(playbook: Playbook, batch: list[Responses], written: set[str], rounds: int) -> None:
    """Scoring beside its floor: the bare cost of tokenising and spell-checking the same written
    answers (what benchmarks/text_compiled.py times), in alternating rounds; medians per sheet."""
    from hireplay.core.spelling import misspelled_tokens
    from hireplay.core.text import TextView

    texts = [[a for k, a in sheet.answers.items() if k in written and isinstance(a, str)] for sheet in batch]
    language = playbook.role.language
    scoring_times, text_times = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        for sheet in batch:
            score(playbook, sheet, sheet.seed)
        scoring_times.append((time.perf_counter() - start) / len(batch) * 1e6)
        start = time.perf_counter()
        for answers in texts:
            for answer in answers:
                view = TextView(answer)
                misspelled_tokens(view.spelling_tokens, language)
                view.first_line_key()
                view.last_lines_key(4)
        text_times.append((time.perf_counter() - start) / len(batch) * 1e6)
    scoring_median, text_median = statistics.median(scoring_times), statistics.median(text_times)
    print(f"side by side, {rounds} alternating rounds over {len(batch):,} sheets (medians per sheet):")
    print(f"  scoring {scoring_median:.0f} µs; tokenising and spell-checking the written answers alone "
          f"{text_median:.0f} µs; scoring costs {scoring_median / text_median:.2f} times that floor")  # fmt: skip


def per_item(playbook: Playbook, batch: list[Responses]) -> None:
    """Microseconds per sheet for each item scored alone, and for the rest of `score()`."""
    from hireplay.core.items.base import ScoringContext
    from hireplay.core.scoring import _score_item

    ctx = ScoringContext(playbook.role.locale, playbook.role.language)
    total = 0.0
    print("per item (microseconds per sheet, each item scored alone over the batch):")
    for item in playbook.assessment.items:
        start = time.perf_counter()
        for sheet in batch:
            _score_item(item, sheet.answers.get(item.id), sheet.seed, ctx, None, [], [])
        spent = (time.perf_counter() - start) / len(batch) * 1e6
        total += spent
        print(f"  {item.id:28s} {item.type:22s} {spent:7.1f}")
    start = time.perf_counter()
    for sheet in batch:
        score(playbook, sheet, sheet.seed)
    whole = (time.perf_counter() - start) / len(batch) * 1e6
    print(f"  items together {total:.0f}; whole score() {whole:.0f}; report and totals {whole - total:.0f}")


if __name__ == "__main__":
    main()
