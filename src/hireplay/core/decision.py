"""Combining the evidence into a recommendation a person can check, rule by rule.

`recommend(playbook, report, scorecards)` weighs the assessment and the interview by the
playbook's decision policy and applies, in this order: red flags whose effect is "do not hire",
must-have minimums, the floor each part must reach (a candidate who aces one part and fails the
other is not recommended), red flags whose effect is "discuss", and finally the thresholds on the
weighted total. The trace lists every rule with its figures and says which one decided. A
recommendation made before every panel member has submitted is provisional and names who is
missing.

The outcomes a person records depend on the stage (`STAGE_OUTCOMES`): after the assessment,
advance to interview, hold, reject or withdrawn; after the interview, hire, hold, reject or
withdrawn. `advice` says what the evidence proposes for a stage and `reasons_needed` which of a
decision's circumstances require the decider's written reason.

The software never rejects anyone on its own: a "do not hire" here is a proposal that a named
person confirms or overrides, with a reason, in the application.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from statistics import fmean
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from hireplay.core.items.base import Id
from hireplay.core.playbook import Playbook, behaviour_text, grid_key
from hireplay.core.scoring import ScoreReport

Outcome = Literal["hire", "discuss", "do_not_hire", "incomplete"]
Rating = Annotated[int, Field(ge=1, le=5)]
RatingKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}(\.[a-z0-9][a-z0-9_-]{0,63})?$")]


class RaisedFlag(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    flag: Id
    note: str = ""


class Scorecard(BaseModel):
    """One interviewer's independent ratings (1-5 per question), red flags and confirmations."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    interviewer: str = Field(min_length=1)
    # Keyed by interview question, or by an exercise's grid row ("<exercise>.<competency>").
    ratings: dict[RatingKey, Rating] = Field(default_factory=dict)
    red_flags: tuple[RaisedFlag, ...] = ()
    confirmations: dict[Id, bool] = Field(default_factory=dict)
    notes: dict[RatingKey, str] = Field(default_factory=dict)  # the evidence written beside each rating
    observed: tuple[str, ...] = ()  # the grid behaviours the assessor saw ("<exercise>.<competency>.<level>.<n>")


class Rule(NamedTuple):
    """One line of the trace: what was checked, with which figures, and whether it passed."""

    rule: str
    passed: bool
    detail: str


class Recommendation(NamedTuple):
    outcome: Outcome
    decided_by: str
    assessment_percent: float | None
    interview_percent: float | None
    weighted_total: float | None
    provisional: bool
    trace: tuple[Rule, ...]
    waiting: tuple[str, ...] = ()  # panel members whose scorecard was not in yet
    exercises: tuple[tuple[str, float | None], ...] = ()  # (exercise id, percent) for each exercise part

    def to_dict(self) -> dict[str, Any]:
        """The recommendation as stored and logged (JSON-ready, in a fixed order). `waiting` appears
        only when someone is missing, so recommendations stored before it existed replay unchanged."""
        data: dict[str, Any] = {
            "outcome": self.outcome,
            "decided_by": self.decided_by,
            "assessment_percent": self.assessment_percent,
            "interview_percent": self.interview_percent,
            "weighted_total": self.weighted_total,
            "provisional": self.provisional,
            "trace": [rule._asdict() for rule in self.trace],
        }
        if self.waiting:
            data["waiting"] = list(self.waiting)
        if self.exercises:
            data["exercises"] = dict(self.exercises)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Recommendation:
        """What `to_dict` gave, typed again."""
        return cls(data["outcome"], data["decided_by"], data.get("assessment_percent"),
                   data.get("interview_percent"), data.get("weighted_total"), bool(data.get("provisional")),
                   tuple(Rule(r["rule"], bool(r["passed"]), r["detail"]) for r in data.get("trace", ())),
                   tuple(data.get("waiting", ())), tuple(dict(data.get("exercises", {})).items()))  # fmt: skip


# The outcomes a person records, by stage, and when a decision needs the decider's written reason.
HIRE, DO_NOT_HIRE = "hire", "do_not_hire"
ADVANCE, HOLD, REJECT, WITHDRAWN = "advance", "hold", "reject", "withdrawn"
Stage = Literal["screening", "final"]
STAGE_OUTCOMES: dict[str, tuple[str, ...]] = {
    "screening": (ADVANCE, HOLD, REJECT, WITHDRAWN),  # after the assessment, before any interview
    "final": (HIRE, HOLD, REJECT, WITHDRAWN),  # after the interview
}
MIN_REASON = 10
EVIDENCE = "; evidence: "  # where a trace line quotes an interviewer's note (erasure cuts it there)


def screen(playbook: Playbook, report: ScoreReport) -> tuple[str, str]:
    """What the assessment alone proposes at the screening stage: ("advance" | "reject" |
    "incomplete", why). It applies the assessment's must-have minimums and its floor."""
    policy = playbook.decision_policy
    for must in policy.must_haves:
        if must.source != "assessment":
            continue
        value = next((c.score for c in report.competencies if c.id == must.competency), None)
        if value is not None and value < must.minimum:
            return REJECT, f"must-have {must.competency} ≥ {must.minimum:g}: assessment score {value:.1f}"
    assessment = report.percent if policy.assessment_score == "points" else report.competency_index
    if assessment is None:
        return "incomplete", "no assessment result yet"
    floor = policy.floors.get("assessment")
    if floor is not None and assessment < floor:
        return REJECT, f"assessment {_r(assessment)} is below the floor {floor:g}"
    if not report.complete:
        return "incomplete", f"assessment {_r(assessment)} is provisional: {len(report.pending)} criteria await a rater"
    if floor is None:
        return ADVANCE, f"assessment {_r(assessment)} (the policy sets no floor for it)"
    return ADVANCE, f"assessment {_r(assessment)} reaches the floor {floor:g}"


def advice(stage: str, recommended: str, screening: str) -> str:
    """What the evidence proposes for a decision at `stage`: at screening, the assessment's own
    advice; at the final stage, the recommendation ("do_not_hire" reads as "reject")."""
    if stage == "screening":
        return screening
    return REJECT if recommended == DO_NOT_HIRE else recommended


def reasons_needed(advised: str, outcome: str, supersedes: bool = False, provisional: bool = False) -> list[str]:
    """Why this decision needs the decider's written reason (empty when it simply follows the
    advice). Rejecting and holding always need the decider's own words."""
    why = []
    if outcome == REJECT:
        why.append("a rejection needs the decider's own reason" + (", even when it follows the advice"
                                                                    if advised == REJECT else ""))  # fmt: skip
    elif outcome == HOLD:
        why.append("putting a candidate on hold needs a reason: what you are waiting for")
    elif outcome in (ADVANCE, HIRE) and advised != outcome:
        if advised == REJECT:
            why.append(f"choosing '{outcome}' against the advice to reject needs a reason")
        elif advised == "discuss":
            why.append("the recommendation is 'discuss': write what the panel concluded")
        else:
            why.append("the evidence is not complete: say why you decide now")
    if provisional:
        why.append("deciding without the full panel needs a reason")
    if supersedes:
        why.append("changing a decision in force needs a reason")
    return why


def reason_problem(advised: str, outcome: str, reason: str, supersedes: bool = False,
                   provisional: bool = False) -> str | None:  # fmt: skip
    """What is wrong with the reason given for a decision, or None when it will do."""
    why = reasons_needed(advised, outcome, supersedes, provisional)
    if why and len(reason.strip()) < MIN_REASON:
        return "; ".join(why) + f" (at least {MIN_REASON} characters)"
    return None


def rating_percent(rating: float) -> float:
    """A 1-5 rating on the 0-100 scale: 1 is 0, 3 is 50, 5 is 100."""
    return (rating - 1) * 25.0


def _r(value: float) -> float:
    return round(value, 2)


def _interview_means(playbook: Playbook, scorecards: Sequence[Scorecard]) -> dict[str, float]:
    """The panel's mean rating per question, for questions at least one interviewer rated."""
    means = {}
    for question in playbook.interview.questions:
        given = [card.ratings[question.id] for card in scorecards if question.id in card.ratings]
        if given:
            means[question.id] = fmean(given)
    return means


def _exercise_means(playbook: Playbook, scorecards: Sequence[Scorecard]) -> dict[str, dict[str, float]]:
    """Per exercise, the assessors' mean rating per grid row, for rows at least one assessor rated."""
    means: dict[str, dict[str, float]] = {}
    for key, (exercise, row) in playbook.grid.items():
        given = [card.ratings[key] for card in scorecards if key in card.ratings]
        if given:
            means.setdefault(exercise.id, {})[row.competency] = fmean(given)
    return means


def _raised(playbook: Playbook, scorecards: Sequence[Scorecard]) -> list[tuple[str, str, str]]:
    """(flag, interviewer, note) for every red flag raised: directly, by a "no" to a confirmation, or
    by a grid behaviour the assessor observed that raises it (the note names the behaviour)."""
    raised = [(f.flag, card.interviewer, f.note) for card in scorecards for f in card.red_flags]
    for confirmation in playbook.interview.confirmations:
        for card in scorecards:
            if card.confirmations.get(confirmation.id) is False:
                raised.append((confirmation.red_flag, card.interviewer, f"answered no to: {confirmation.question}"))
    behaviours = playbook.behaviours
    for card in scorecards:
        for key in card.observed:
            found = behaviours.get(key)
            if found is None:
                continue
            exercise, row, level, behaviour = found
            if isinstance(behaviour, str):
                continue
            note = card.notes.get(grid_key(exercise.id, row.competency), "")
            raised.append((behaviour.raises, card.interviewer,
                           f"observed in {exercise.title}, {row.competency} level {level}: "
                           f"{behaviour_text(behaviour)}" + (f"{EVIDENCE}{note}" if note else "")))  # fmt: skip
    return raised


def recommend(playbook: Playbook, report: ScoreReport, scorecards: Sequence[Scorecard],
              waiting: Sequence[str] = ()) -> Recommendation:  # fmt: skip
    """The recommendation for one candidate, with the trace of every rule and which one decided.
    `waiting`: the panel members whose scorecards are not in yet (the result is then provisional)."""
    policy = playbook.decision_policy
    trace: list[Rule] = []
    decided: tuple[Outcome, str] | None = None

    def decide(outcome: Outcome, rule: str) -> None:
        nonlocal decided
        if decided is None:
            decided = (outcome, rule)

    known_questions = {q.id for q in playbook.interview.questions} | set(playbook.grid)
    for card in scorecards:
        unknown = sorted(set(card.ratings) - known_questions)
        if unknown:
            raise ValueError(f"{card.interviewer} rated questions the playbook does not have: {', '.join(unknown)}")

    assessment = report.percent if policy.assessment_score == "points" else report.competency_index
    means = _interview_means(playbook, scorecards)
    # A question that measures only risk behaviours is held by a ceiling, not counted in the score.
    risks = {c.id for c in playbook.competencies if c.risk}
    scored = [m for q in playbook.interview.questions if (m := means.get(q.id)) is not None
              and not set(q.competencies) <= risks]  # fmt: skip
    interview = fmean(rating_percent(m) for m in scored) if scored else None
    exercise_means = _exercise_means(playbook, scorecards)
    values: dict[str, float | None] = {"assessment": assessment, "interview": interview}
    for exercise in playbook.exercises:
        rows = exercise_means.get(exercise.id)
        values[exercise.id] = fmean(rating_percent(m) for m in rows.values()) if rows else None
    provisional = not report.complete or bool(waiting)
    weighted = None
    weighed = [(part, policy.weights[part]) for part in playbook.parts if part in policy.weights]
    known = [(part, value, weight) for part, weight in weighed if (value := values[part]) is not None]
    if weighed and len(known) == len(weighed):
        weighted = sum(value * weight for _, value, weight in known) / 100
        terms = " + ".join(f"{playbook.part_title(part)} {_r(value)} × {weight:g}%" for part, value, weight in known)
        trace.append(Rule("weighted total", True, f"{terms} = {_r(weighted)}"))
    if provisional:
        trace.append(Rule("assessment complete", False, f"{len(report.pending)} criteria still await a rater; "
                                                        "the assessment score may rise"))  # fmt: skip
    if waiting:
        trace.append(Rule("panel complete", False, f"waiting for the scorecard of {', '.join(waiting)}; "
                                                   "the interview result may change"))  # fmt: skip

    for flag, interviewer, note in _raised(playbook, scorecards):
        effect = policy.red_flags.get(flag, "discuss")
        detail = f"raised by {interviewer}" + (f" ({note})" if note else "") + f"; effect: {effect.replace('_', ' ')}"
        trace.append(Rule(f"red flag {flag}", False, detail))
        if effect == "do_not_hire":
            decide("do_not_hire", f"red flag {flag}")

    for must in policy.must_haves:
        if must.source == "interview":
            keys = [q.id for q in playbook.interview.questions if must.competency in q.competencies]
            value, shown = _rated_minimum(scorecards, keys, must.applies_to, "interview")
        elif must.source != "assessment":
            keys = [grid_key(must.source, must.competency)]
            value, shown = _rated_minimum(scorecards, keys, must.applies_to, playbook.part_title(must.source))
        else:
            value = next((c.score for c in report.competencies if c.id == must.competency), None)
            shown = f"assessment score {value:.1f}" if value is not None else "not measured"
        source = "" if must.source in ("assessment", "interview") else f" in {playbook.part_title(must.source)}"
        name = f"must-have {must.competency} ≥ {must.minimum:g}" + source + _APPLIES.get(must.applies_to, "")
        if value is None:
            trace.append(Rule(name, False, f"{shown}; cannot be checked yet"))
            decide("incomplete", name)
        elif value < must.minimum:
            trace.append(Rule(name, False, _with_evidence(shown, ": below the minimum"
                                                          + (f" ({must.reason})" if must.reason else ""))))  # fmt: skip
            decide("do_not_hire", name)
        else:
            trace.append(Rule(name, True, shown))

    for ceiling in policy.ceilings:
        if ceiling.source == "interview":
            keys = [q.id for q in playbook.interview.questions if ceiling.competency in q.competencies]
            value, shown = _rated_minimum(scorecards, keys, "mean", "interview")
        else:
            keys = [grid_key(ceiling.source, ceiling.competency)]
            value, shown = _rated_minimum(scorecards, keys, "mean", playbook.part_title(ceiling.source))
        source = "" if ceiling.source == "interview" else f" in {playbook.part_title(ceiling.source)}"
        name = f"ceiling {ceiling.competency} ≤ {ceiling.maximum:g}" + source
        if value is None:
            trace.append(Rule(name, False, f"{shown}; cannot be checked yet"))
            decide("incomplete", name)
        elif value > ceiling.maximum:
            trace.append(Rule(name, False, f"{shown}: above the ceiling; effect: {ceiling.effect.replace('_', ' ')}"
                                           + (f" ({ceiling.reason})" if ceiling.reason else "")))  # fmt: skip
            decide(ceiling.effect, name)
        else:
            trace.append(Rule(name, True, shown))

    floored = [part for part in playbook.parts if part in policy.floors]
    for part in floored:
        floor, value, title = policy.floors[part], values[part], playbook.part_title(part)
        name = f"{title} floor ≥ {floor:g}"
        others = "the other part" if len(floored) == 2 else "the other parts"
        if value is None:
            trace.append(Rule(name, False, f"no {title} result yet"))
            decide("incomplete", name)
        elif value < floor:
            trace.append(Rule(name, False, f"{title} {_r(value)} is below the floor: strong results in {others} "
                                           "do not make up for it"))  # fmt: skip
            decide("do_not_hire", name)
        else:
            trace.append(Rule(name, True, f"{title} {_r(value)}"))

    if any(policy.red_flags.get(flag, "discuss") == "discuss" for flag, _, _ in _raised(playbook, scorecards)):
        decide("discuss", "red flag to discuss")

    if weighted is not None:
        hire, discuss = policy.thresholds.hire, policy.thresholds.discuss
        if weighted >= hire:
            trace.append(Rule(f"threshold hire ≥ {hire:g}", True, f"weighted total {_r(weighted)}"))
            decide("hire", f"threshold hire ≥ {hire:g}")
        elif weighted >= discuss:
            trace.append(
                Rule(f"threshold discuss ≥ {discuss:g}", True, f"weighted total {_r(weighted)} is below {hire:g}")
            )
            decide("discuss", f"threshold discuss ≥ {discuss:g}")
        else:
            trace.append(Rule(f"threshold discuss ≥ {discuss:g}", False, f"weighted total {_r(weighted)}"))
            decide("do_not_hire", f"below threshold discuss ≥ {discuss:g}")

    outcome, rule = decided if decided is not None else ("incomplete", "no result yet")
    return Recommendation(
        outcome,
        rule,
        None if assessment is None else _r(assessment),
        None if interview is None else _r(interview),
        None if weighted is None else _r(weighted),
        provisional,
        tuple(trace),
        tuple(waiting),
        tuple((e.id, None if values[e.id] is None else _r(values[e.id])) for e in playbook.exercises),  # type: ignore[arg-type]
    )


_APPLIES = {"each_rating": " on every single rating", "each_rater": " on each interviewer's mean"}


def _with_evidence(shown: str, verdict: str) -> str:
    """Put the verdict before any quoted evidence, which stays last (erasure cuts it off there)."""
    head, sep, quoted = shown.partition(EVIDENCE)
    return head + verdict + (sep + quoted if sep else "")


def _rated_minimum(scorecards: Sequence[Scorecard], keys: Sequence[str], applies_to: str,
                   part: str) -> tuple[float | None, str]:  # fmt: skip
    """The figure a must-have on rated evidence checks, and how the trace shows it: the mean over the
    competency's questions (or grid row) of the panel's mean, the lowest single rating (who gave it,
    on what, their evidence), or the lowest assessor's own mean."""
    if applies_to == "mean":
        rated = [fmean(card.ratings[k] for card in scorecards if k in card.ratings) for k in keys
                 if any(k in card.ratings for card in scorecards)]  # fmt: skip
        if not rated:
            return None, "not rated yet"
        value = fmean(rated)
        return value, f"mean {part} rating {value:.2f} of 5"
    if applies_to == "each_rating":
        given = [(card.ratings[k], card, k) for card in scorecards for k in keys if k in card.ratings]
        if not given:
            return None, "not rated yet"
        rating, card, key = min(given, key=lambda g: g[0])  # the first lowest, in a fixed order
        note = card.notes.get(key, "")
        return float(rating), (f"lowest single rating {rating} of 5, by {card.interviewer} on '{key}'"
                               + (f"{EVIDENCE}{note}" if note else ""))  # fmt: skip
    per_rater = [(fmean(card.ratings[k] for k in keys if k in card.ratings), card) for card in scorecards
                 if any(k in card.ratings for k in keys)]  # fmt: skip
    if not per_rater:
        return None, "not rated yet"
    value, card = min(per_rater, key=lambda g: g[0])
    who = "interviewer" if part == "interview" else "assessor"
    return value, f"lowest {who}'s mean {value:.2f} of 5, by {card.interviewer}"
