"""The replay corpus: recorded answer sheets and the exact reports the scoring engine gives them.

    python -m tests.corpus.corpus check     # score every case, compare byte for byte, show diffs
    python -m tests.corpus.corpus record    # write the reports the engine gives now (then review
                                            # the diff in git before committing it)
    python -m tests.corpus.corpus make      # generate the cases anew (rarely: it replaces them)

`playbooks/` holds copies of the playbooks the cases were made for, so that editing a shipped
playbook does not change the corpus: only a change to the engine (or to what it depends on, such
as a spelling dictionary or a number-parsing library) does. `cases/` holds the answer sheets,
`reports/` the expected reports, one file each, written by `ScoreReport.to_json()`.
"""

from __future__ import annotations

import difflib
import json
import random
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from hireplay.core.items.base import ItemBase
from hireplay.core.lint import load_playbook
from hireplay.core.playbook import Playbook
from hireplay.core.scoring import Responses, score

HERE = Path(__file__).parent
PLAYBOOKS, CASES, REPORTS = HERE / "playbooks", HERE / "cases", HERE / "reports"
ROOT = HERE.parent.parent
CASES_PER_LANGUAGE = 10

# Written answers in the languages the shipped playbooks are taken in. `{name}` becomes a name the
# item requires (when it has one); the texts hold the slips real candidates make: the other English
# spelling, possessives, typos, capitalised names, signatures, accents, curly quotes.
TEXTS: dict[str, list[str]] = {
    "en-GB": [
        "Dear {name},\n\nThank you for your note. We prioritise the renewal and will analyse the usage figures "
        "with your team, then organise a short programme of training. Our behaviour in the centre of the "
        "project favours a measured pilot over three years.\n\nKind regards,\nPriya Raman",
        "Hello {name},\n\nI have reviewed {name}'s figures. The licences were overcharged and finance will issue "
        "a credit note this week. I cannot guarantee the dashboard date, but I will call you on Thursday.\n\n"
        "Best wishes,\nTom O’Neill\nAccount Manager",
        "Dear {name}, I recieve your mesage and I apologise for the delay. We will fix the invoice and "
        "recognise the error in writing. Regards, Sam",
        "Hi {name}!\nShort update: the catalogue is being reorganised, the colour scheme is final, and our "
        "travelling team will visit the Gdańsk plant in September.\nCheers\nAleksandra Wiśniewska",
    ],
    "en-US": [
        "Dear {name},\n\nThank you for your message. We prioritize the renewal and will analyze the usage data "
        "with your team, then organize a short training program. Our behavior favors a measured pilot.\n\n"
        "Kind regards,\nJordan Reyes",
        "Hi {name},\n\nI looked at {name}'s account: the March invoice shows 25 licenses instead of 20. Finance "
        "will send a credit note. I cant confirm the dashbord date yet, sorry.\n\nThanks,\nAlex Kim",
        "Good morning {name},\n\nWe guarantee the new release next month and I promise a discount if you sign "
        "today.\n\nBest,\nChris",
        "{name} - quick note. The color of the report is fine; the HubSpot sync and the CRM export were "
        "checked by our IT team on 12/03.",
    ],
    "fr": [
        "Bonjour {name},\n\nMerci pour votre message franc. Vos devis prennent aujourd'hui une demi-journée au "
        "lieu de deux jours : ce temps gagné vaut bien plus que les 6 % de hausse. Je vous propose de passer "
        "la semaine prochaine.\n\nCordialement,\nAlex Dubois",
        "Madame {name}, je comprend votre inquiétude. La hausse de prix est nécéssaire mais nous pouvons en "
        "parler. L’offre reste valable.\nBien à vous,\nSophie Lambert",
        "Bonjour,\nnous allons baisser le prix pour garder de bonnes relations, c'est promis.\nSalutations",
    ],
    "nl": [
        "Beste {name},\n\nDank u voor uw eerlijke bericht. Uw offertes kosten nu een halve dag in plaats van twee "
        "dagen; die tijdwinst is veel meer waard dan de prijsstijging van 6 %. Zullen we volgende week samen "
        "kijken?\n\nMet vriendelijke groet,\nLotte Peeters",
        "Geachte {name}, ik begrijp uw zorg over de prijsverhooging. We kunnen er samen over praten.\n"
        "Vriendelijke groeten,\nJan",
        "Hallo,\nwe verlagen de prijs zodat de relatie goed blijft. Beloofd!",
    ],
}
NUMBERS = ["{key}", "{key_comma}", "€ {key}", "{key} EUR", "$ {key}", "{near}", "{far}", "", "abc", "1e3", "-0",
           "1 234,50", "1.234,50", "1,234.50", "٣٤٥", "{key}.004", "  {key}  ", "NaN", "99999999999999999999"]  # fmt: skip
DATES = ["2027-07-30", "30/07/2027", "07/30/2027", "July 30, 2027", "30 July 2027", "30.07.2027", "", "soon",
         "2027-02-30", "31/12/9999"]  # fmt: skip


def _playbooks() -> list[Path]:
    return sorted(PLAYBOOKS.glob("*.yaml"))


def _text_pools(playbook: Playbook, language: str) -> list[str]:
    if language in ("fr", "nl"):
        return TEXTS[language]
    return TEXTS["en-GB"] + TEXTS["en-US"]


def _required_name(item: ItemBase) -> str:
    for criterion in getattr(item, "criteria", ()):
        if getattr(criterion, "kind", "") == "required_terms":
            return str(criterion.terms[-1])
    return "Ms Marchetti"


def _answer(item: ItemBase, rng: random.Random, seed: int | None, pool: list[str]) -> Any:
    ids = list(item.option_ids())
    kind = item.type
    if kind == "single_choice":
        return rng.choice(ids)
    if kind in ("multiple_response", "error_spotting"):
        return rng.sample(ids, rng.randint(0, len(ids)))
    if kind == "situational_judgment":
        return {"most": rng.choice(ids), "least": rng.choice(ids)}
    if kind == "ranking":
        return rng.sample(ids, len(ids))
    if kind == "numeric":
        key: Decimal = item.key_value(item.variables_for(seed))  # type: ignore[attr-defined]
        shape = rng.choice(NUMBERS)
        return shape.format(key=key, key_comma=str(key).replace(".", ","), near=key + Decimal("0.004"),
                            far=key * 2 + 1)  # fmt: skip
    if kind == "instruction_task":
        record = json.loads(json.dumps(item.start))  # type: ignore[attr-defined]
        for field in list(record):
            roll = rng.random()
            if roll < 0.3 and isinstance(record[field], str):
                record[field] = rng.choice(DATES) if "date" in field else record[field].upper()
            elif roll < 0.45 and isinstance(record[field], (int, float)) and not isinstance(record[field], bool):
                record[field] = rng.choice([record[field] + 3, str(record[field]), f"{record[field]},0", None])
            elif roll < 0.5:
                record[field] = None
        return record
    if kind == "written_response":
        text = rng.choice(pool).replace("{name}", _required_name(item))
        return text if rng.random() > 0.1 else text.replace("\n\n", "\n")
    return None


def make() -> None:
    """Write the cases anew from the playbooks in `playbooks/` (copied from the shipped ones when
    the corpus has none yet)."""
    if not _playbooks():
        PLAYBOOKS.mkdir(parents=True, exist_ok=True)
        for path in sorted((ROOT / "playbooks").glob("*.yaml")):
            shutil.copy(path, PLAYBOOKS / path.name)
    shutil.rmtree(CASES, ignore_errors=True)
    CASES.mkdir(parents=True)
    for path in _playbooks():
        playbook = load_playbook(path)
        for language in playbook.languages:
            scored = playbook.in_language(language)
            pool = _text_pools(playbook, language)
            for n in range(CASES_PER_LANGUAGE):
                rng = random.Random(f"{path.stem}:{language}:{n}")
                seed = None if n == 0 else rng.randrange(2**32)
                answers = {}
                for item in scored.assessment.items:
                    if rng.random() < 0.08:
                        continue  # left unanswered
                    answers[item.id] = _answer(item, rng, seed, pool)
                ratings: dict[str, dict[str, float]] = {}
                if n % 3 == 1:  # a rater's points, some out of range
                    for item in scored.assessment.items:
                        for criterion in item.rater_criteria():
                            top = criterion.points
                            ratings.setdefault(item.id, {})[criterion.id] = rng.choice([0, top / 2, top, top + 1])
                case = {"playbook": path.name, "seed": seed, "answers": answers, "ratings": ratings,
                        "language": "" if language == playbook.role.language else language}  # fmt: skip
                name = f"{path.stem}.{language}.{n:02d}.json"
                (CASES / name).write_text(json.dumps(case, indent=1, ensure_ascii=False, sort_keys=True) + "\n")


def cases() -> list[Path]:
    return sorted(CASES.glob("*.json"))


_LOADED: dict[str, Playbook] = {}


def report_for(case_path: Path) -> str:
    """The report the engine gives the case now, as `to_json()` writes it."""
    case = json.loads(case_path.read_text())
    playbook = _LOADED.get(case["playbook"])
    if playbook is None:
        playbook = _LOADED[case["playbook"]] = load_playbook(PLAYBOOKS / case["playbook"])
    responses = Responses(candidate=case_path.stem, seed=case["seed"], answers=case["answers"],
                          ratings=case["ratings"], language=case["language"])  # fmt: skip
    return score(playbook, responses, case["seed"]).to_json()


def expected_path(case_path: Path) -> Path:
    return REPORTS / case_path.name.replace(".json", ".report.json")


def record() -> int:
    REPORTS.mkdir(exist_ok=True)
    for stale in set(REPORTS.glob("*.json")) - {expected_path(c) for c in cases()}:
        stale.unlink()
    for case in cases():
        expected_path(case).write_text(report_for(case), encoding="utf-8")
    return len(cases())


def differences_for(case: Path) -> list[str]:
    """The unified diff between the recorded report and today's (empty when they are the same)."""
    expected = expected_path(case)
    stored = expected.read_text(encoding="utf-8") if expected.exists() else ""
    now = report_for(case)
    if now == stored:
        return []
    return list(difflib.unified_diff(stored.splitlines(), now.splitlines(), f"recorded/{expected.name}",
                                     f"now/{expected.name}", lineterm="", n=2))  # fmt: skip


def differences() -> list[tuple[str, str]]:
    """(case, unified diff) for every case whose report is not byte for byte the recorded one."""
    return [(case.name, "\n".join(diff)) for case in cases() if (diff := differences_for(case))]


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "make":
        make()
        print(f"{len(cases())} cases written to {CASES}; now record their reports")
        return 0
    if command == "record":
        print(f"{record()} reports written to {REPORTS}; review them with git diff before committing")
        return 0
    if command == "check":
        found = differences()
        for _name, diff in found:
            print(diff)
        print(f"{len(cases())} cases, {len(found)} differ" + (" (listed above)" if found else ": every report is "
              "byte for byte the recorded one"))  # fmt: skip
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
