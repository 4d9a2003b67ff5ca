"""A person against a target role: the profile per competency with its sources, the gap to the
role's levels, a development plan drawn from a catalogue of actions, and a team's readiness
(docs/development.md).

Sources: the assessment and the interview (each converted to the 1-5 scale), the manager's rating
and the person's own. A self-rating is shown beside the others and never decides a level on its
own: a competency only the person has rated is "not shown yet". Every gap and every plan step
carries a sentence saying why.
"""

from __future__ import annotations

import csv
import html
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from statistics import fmean
from typing import Literal

from hireplay.core.frameworks import (
    CLASS_WORDS,
    KIND_WORDS,
    SUITS,
    TRAINABILITY_WORDS,
    Action,
    Catalogue,
    Framework,
    Transition,
)
from hireplay.core.plaintext import text_problem

SOURCES = ("assessment", "interview", "manager", "self")
SOURCE_WORDS = {"assessment": "assessment", "interview": "interview", "manager": "manager", "self": "self-rating"}
Verdict = Literal["ready", "reinforce", "acquire", "unlearn"]
VERDICT_WORDS = {"ready": "ready", "reinforce": "to reinforce", "acquire": "to acquire", "unlearn": "to unlearn"}


@dataclass(frozen=True)
class Rating:
    """One source's view of one competency, on the 1-5 scale."""

    person: str
    competency: str
    source: str
    level: float
    note: str = ""


@dataclass(frozen=True)
class Gap:
    competency: str
    name: str
    required: int | None  # None for a risk behaviour
    ceiling: int | None
    level: float | None  # None: not shown by any source but the person's own
    by_source: tuple[tuple[str, float], ...]
    verdict: Verdict
    transition_class: str
    trainability: str
    priority: int
    why: str

    @property
    def size(self) -> float:
        """Levels short of the requirement (or above the ceiling); a competency never shown counts
        as its whole requirement."""
        if self.ceiling is not None:
            return max(0.0, (self.level or 0) - self.ceiling)
        return max(0.0, (self.required or 0) - (self.level or 0))


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def level_of(ratings: Sequence[Rating], own_view: bool = False) -> float | None:
    """The level the evidence shows: the mean of the assessment, interview and manager; a
    self-rating alone shows nothing, except in the person's own self-check (`own_view`)."""
    counted = [r.level for r in ratings if r.source != "self" or own_view]
    return round(fmean(counted), 2) if counted else None


def gaps(person_ratings: Iterable[Rating], transition: Transition, target: Framework,
         own_view: bool = False) -> list[Gap]:  # fmt: skip
    """The gap per competency of the target role, in the transition's priority order. `own_view`:
    the person's self-check, where their own reading is the evidence."""
    by_competency: dict[str, list[Rating]] = defaultdict(list)
    for rating in person_ratings:
        by_competency[rating.competency].append(rating)
    found: list[Gap] = []
    for competency in target.competencies:
        step = transition.step(competency.id)
        ratings = by_competency.get(competency.id, [])
        level = level_of(ratings, own_view)
        sources = tuple((r.source, r.level) for r in sorted(ratings, key=lambda r: SOURCES.index(r.source)))
        shown = ", ".join(f"{SOURCE_WORDS[s]} {_fmt(v)}" for s, v in sources) or "no rating yet"
        klass = step.class_ if step else "aligned"
        research = f"The research classes it {CLASS_WORDS[klass]}" + (f": {step.why}" if step else ".")
        required: int | None = None
        ceiling: int | None = None
        if competency.risk:
            ceiling = competency.ceiling or 5
            if level is not None and level > ceiling:
                verdict: Verdict = "unlearn"
                why = (f"{competency.name}: shown at {_fmt(level)} ({shown}), above the role's ceiling of {ceiling}: "
                       f"a habit to unlearn. {research}")  # fmt: skip
            else:
                verdict = "ready"
                why = (f"{competency.name}: {'shown at ' + _fmt(level) if level is not None else 'not shown'} "
                       f"({shown}), within the role's ceiling of {ceiling}.")  # fmt: skip
        elif level is None:
            required = competency.required or 1
            verdict = "acquire"
            only_self = any(r.source == "self" for r in ratings)
            why = (f"{competency.name}: required at level {required}, never shown"
                   + (f" (only the person's own rating, {_fmt(ratings[0].level)}, which does not count alone)"
                      if only_self else " (no rating yet)") + f": to acquire. {research}")  # fmt: skip
        else:
            required = competency.required or 1
            gap = required - level
            if gap <= 0:
                verdict = "ready"
                why = f"{competency.name}: required at level {required}, shown at {_fmt(level)} ({shown}): ready."
            elif gap <= 1:
                verdict = "reinforce"
                why = (f"{competency.name}: required at level {required}, shown at {_fmt(level)} ({shown}): "
                       f"{_fmt(gap)} level short, to reinforce. {research}")  # fmt: skip
            else:
                verdict = "acquire"
                why = (f"{competency.name}: required at level {required}, shown at {_fmt(level)} ({shown}): "
                       f"{_fmt(gap)} levels short, to acquire. {research}")  # fmt: skip
        found.append(Gap(competency.id, competency.name, required, ceiling, level, sources, verdict, klass,
                         step.trainability if step else "trainable", step.priority if step else 99, why))  # fmt: skip
    return sorted(found, key=lambda g: g.priority)


@dataclass(frozen=True)
class PlanStep:
    competency: str  # the competency it was chosen for (the first, when it serves several)
    action: Action
    owner: str  # "person" or "manager"
    start: date
    due: date
    why: str
    serves: tuple[str, ...] = ()  # every competency with a gap it develops (and suits)


@dataclass
class Plan:
    person: str
    steps: list[PlanStep] = field(default_factory=list)
    reassess_on: date | None = None


class PlanError(ValueError):
    """An action that does not belong in this person's plan, with the reason."""


def _owner(kind: str) -> str:
    return "person" if kind in ("commitment", "reading", "course") else "manager"


def suitable(action: Action, gap: Gap) -> str | None:
    """Why `action` does not suit `gap` (None when it does)."""
    if gap.verdict == "ready":
        return (f"{gap.name} shows no gap ({'within its ceiling' if gap.ceiling is not None else 'ready'}): "
                "a plan holds actions only for competencies with a gap")  # fmt: skip
    if gap.competency not in action.competencies:
        return f"'{action.title}' does not develop {gap.name}"
    allowed = SUITS[gap.trainability]
    if action.kind not in allowed:
        return (f"{gap.name} {TRAINABILITY_WORDS[gap.trainability]}: a {KIND_WORDS[action.kind]} does not fit; "
                f"choose {', '.join(KIND_WORDS[k] for k in allowed)}")  # fmt: skip
    return None


def propose(person: str, found: Sequence[Gap], catalogue: Catalogue, start: date, per_gap: int = 2) -> Plan:
    """A plan: for each gap in priority order, up to `per_gap` suitable actions from the catalogue
    (experience-based ones first where training does little), one after the other; the
    reassessment falls two weeks after the last action ends."""
    plan = Plan(person)
    cursor = start
    for gap in found:
        if gap.verdict == "ready":
            continue
        fitting = [a for a in catalogue.actions if suitable(a, gap) is None]
        order = SUITS[gap.trainability]
        fitting.sort(key=lambda a: (order.index(a.kind), a.id))
        planned = {step.action.id for step in plan.steps}
        for action in fitting[:per_gap]:
            if action.id in planned:  # already in the plan for an earlier gap: it serves this one too
                continue
            due = cursor + timedelta(weeks=action.weeks)
            how = TRAINABILITY_WORDS[gap.trainability]
            plan.steps.append(PlanStep(gap.competency, action, _owner(action.kind), cursor, due,
                                       f"{gap.name} is {VERDICT_WORDS[gap.verdict]} (priority {gap.priority}); it "
                                       f"{how}, so a {KIND_WORDS[action.kind]}: {action.title}."))  # fmt: skip
            cursor = cursor + timedelta(weeks=max(1, action.weeks // 2))  # actions overlap by half
    open_gaps = [g for g in found if g.verdict != "ready"]
    plan.steps = [replace(step, serves=tuple(g.competency for g in open_gaps if suitable(step.action, g) is None))
                  for step in plan.steps]  # fmt: skip
    if plan.steps:
        plan.reassess_on = max(s.due for s in plan.steps) + timedelta(weeks=2)
    return plan


def add_step(plan: Plan, action: Action, gap: Gap, start: date) -> PlanStep:
    """Add `action` for `gap` by hand; raises PlanError with the reason when it does not belong."""
    problem = suitable(action, gap)
    if problem:
        raise PlanError(problem)
    step = PlanStep(gap.competency, action, _owner(action.kind), start, start + timedelta(weeks=action.weeks),
                    f"{gap.name} is {VERDICT_WORDS[gap.verdict]}; added by hand: {action.title}.")  # fmt: skip
    plan.steps.append(step)
    return step


# A team against the target role.


@dataclass(frozen=True)
class Readiness:
    person: str
    ready: int
    with_gap: int
    total_gap: float
    unlearn: bool
    top_gap: str

    @property
    def score(self) -> float:
        """Share of the role's competencies the person is ready in, from 0 to 1."""
        return self.ready / max(1, self.ready + self.with_gap)


@dataclass(frozen=True)
class TeamReport:
    people: list[Readiness]
    lacking: list[tuple[str, int, float]]  # competency, people with a gap, total gap
    training: list[tuple[str, str, int]]  # action id, title, gaps it addresses


def team(ratings: Iterable[Rating], transition: Transition, target: Framework,
         catalogue: Catalogue | None = None) -> TeamReport:  # fmt: skip
    """Who is closest to the target role (fewest and smallest gaps first), which competencies the team
    lacks most, and which actions of the catalogue would close the most gaps."""
    by_person: dict[str, list[Rating]] = defaultdict(list)
    for rating in ratings:
        by_person[rating.person].append(rating)
    people: list[Readiness] = []
    lacking: dict[str, list[float]] = defaultdict(list)
    addressed: dict[str, int] = defaultdict(int)
    for person, own in by_person.items():
        found = gaps(own, transition, target)
        open_gaps = [g for g in found if g.verdict != "ready"]
        for g in open_gaps:
            lacking[g.competency].append(g.size)
            for action in catalogue.actions if catalogue else ():
                if suitable(action, g) is None:
                    addressed[action.id] += 1
        biggest = max(open_gaps, key=lambda g: (g.size, -g.priority), default=None)
        people.append(Readiness(person, len(found) - len(open_gaps), len(open_gaps),
                                round(sum(g.size for g in open_gaps), 2), any(g.verdict == "unlearn" for g in open_gaps),
                                biggest.competency if biggest else ""))  # fmt: skip
    people.sort(key=lambda r: (r.with_gap, r.total_gap, r.person))
    lack = sorted(((c, len(sizes), round(sum(sizes), 2)) for c, sizes in lacking.items()),
                  key=lambda row: (-row[1], -row[2], row[0]))  # fmt: skip
    titles = {a.id: a.title for a in catalogue.actions} if catalogue else {}
    training = sorted(((a, titles[a], n) for a, n in addressed.items()), key=lambda row: (-row[2], row[0]))
    return TeamReport(people, lack, training)


def team_csv(report: TeamReport) -> str:
    """The team's readiness as CSV: one row per person, closest to the role first."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["rank", "person", "ready_in", "gaps", "total_gap_levels", "habit_to_unlearn", "biggest_gap"])
    for rank, r in enumerate(report.people, 1):
        writer.writerow([rank, r.person, r.ready, r.with_gap, r.total_gap, "yes" if r.unlearn else "no", r.top_gap])
    return out.getvalue()


class RatingsError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def read_ratings(text: str, target: Framework, file: str = "ratings.csv") -> list[Rating]:
    """Ratings from CSV with the columns person, competency, source, level (1 to 5) and an optional
    note; every bad row is reported with its line, nothing is read from a file with one."""
    problems: list[str] = []
    found: list[Rating] = []
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("person", "competency", "source", "level") if c not in (reader.fieldnames or [])]
    if missing:
        raise RatingsError([f"{file}:1: missing column(s): {', '.join(missing)}"])
    known = {c.id for c in target.competencies}
    for line, row in enumerate(reader, 2):
        person, competency, source = [(row.get(k) or "").strip() for k in ("person", "competency", "source")]
        raw = (row.get("level") or "").strip().replace(",", ".")
        where = f"{file}:{line}"
        note = (row.get("note") or "").strip()
        if not person:
            problems.append(f"{where}: person: give the person's name")
        elif found_problem := text_problem(person, max_length=200):
            problems.append(f"{where}: person: the name {found_problem}")
        if found_problem := text_problem(note, single_line=False, max_length=2000):
            problems.append(f"{where}: note: the note {found_problem}")
        if competency not in known:
            problems.append(f"{where}: competency: '{competency}' is not a competency of '{target.id}'")
        if source not in SOURCES:
            problems.append(f"{where}: source: '{source}' is not one of {', '.join(SOURCES)}")
        try:
            level = float(raw)
        except ValueError:
            problems.append(f"{where}: level: '{raw}' is not a number from 1 to 5")
            continue
        if not 1 <= level <= 5:
            problems.append(f"{where}: level: {raw} is outside 1 to 5")
            continue
        if person and competency in known and source in SOURCES:
            found.append(Rating(person, competency, source, level, note))
    seen: dict[tuple[str, str, str], int] = {}
    for rating in found:
        key = (rating.person, rating.competency, rating.source)
        seen[key] = seen.get(key, 0) + 1
    problems += [f"{file}: {p} has {n} {s} ratings of {c}: keep one" for (p, c, s), n in seen.items() if n > 1]
    if problems:
        raise RatingsError(problems)
    return found


def people_of(ratings: Iterable[Rating]) -> Mapping[str, list[Rating]]:
    grouped: dict[str, list[Rating]] = defaultdict(list)
    for rating in ratings:
        grouped[rating.person].append(rating)
    return grouped


def plan_html(person: str, found: Sequence[Gap], plan: Plan, target: Framework, prepared_on: date,
              signed: Sequence[str] = ()) -> str:  # fmt: skip
    """The development plan as a printable page (HTML for WeasyPrint): the gaps with their reasons,
    the actions with owners and dates, the reassessment, the signatures already given in the app
    (`signed`, a sentence each), and lines for the person and their manager to sign."""
    e = html.escape
    rows = "".join(
        f"<tr><td>{g.priority}</td><td>{e(g.name)}</td><td>{'≤ ' + str(g.ceiling) if g.ceiling is not None else g.required}"
        f"</td><td>{_fmt(g.level) if g.level is not None else '–'}</td><td>{VERDICT_WORDS[g.verdict]}</td></tr>"
        for g in found
    )
    reasons = "".join(f"<li>{e(g.why)}</li>" for g in found if g.verdict != "ready")
    steps = "".join(
        f"<tr><td>{e(', '.join(s.serves))}</td><td>{e(s.action.title)}</td><td>{KIND_WORDS[s.action.kind]}</td>"
        f"<td>{'the person' if s.owner == 'person' else 'the manager'}</td><td>{s.start.isoformat()}</td>"
        f"<td>{s.due.isoformat()}</td></tr>"
        for s in plan.steps
    )
    reassess = f"<p>Reassessment on <strong>{plan.reassess_on.isoformat()}</strong>.</p>" if plan.reassess_on else ""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Development plan: {e(person)}</title>
<style>
@page {{ size: A4; margin: 18mm 16mm; @bottom-right {{ content: "page " counter(page) " of " counter(pages); font-size: 9pt; }} }}
body {{ font: 10pt/1.45 "DejaVu Sans", sans-serif; color: #1b1f24; }}
h1 {{ font-size: 16pt; margin: 0 0 4pt; }} h2 {{ font-size: 12pt; margin: 14pt 0 6pt; break-after: avoid; }}
table {{ border-collapse: collapse; width: 100%; }} th, td {{ text-align: left; padding: 3pt 5pt;
  border-bottom: 1px solid #d0d4da; vertical-align: top; }}
tr, li, .sign {{ break-inside: avoid; }} .small {{ color: #4a5360; font-size: 9pt; }}
.sign {{ display: flex; gap: 20mm; margin-top: 14mm; }} .sign div {{ flex: 1; border-top: 1px solid #1b1f24; padding-top: 3pt; }}
</style></head><body>
<h1>Development plan: {e(person)}</h1>
<p>Towards the role of {e(target.role)} · prepared on {prepared_on.isoformat()}</p>
<h2>Where {e(person)} stands, competency by competency</h2>
<table><thead><tr><th>#</th><th>Competency</th><th>Required</th><th>Shown</th><th>Gap</th></tr></thead>
<tbody>{rows}</tbody></table>
<p class="small">The level shown is the mean of the assessment, the interview and the manager's rating; the
person's own rating is shown beside it and never decides alone.</p>
<h2>Why each gap</h2><ul>{reasons}</ul>
<h2>The plan</h2>
<table><thead><tr><th>For</th><th>Action</th><th>Kind</th><th>Owner</th><th>From</th><th>Until</th></tr></thead>
<tbody>{steps}</tbody></table>
{reassess}
{"".join(f"<p class='small'>{e(line)}</p>" for line in signed)}
<div class="sign"><div>Agreed by {e(person)}: signature and date</div><div>Agreed by the manager: name, signature and date</div></div>
</body></html>"""
