"""Combining the evidence into a recommendation a person can check, rule by rule.

`recommend(playbook, report, scorecards)` weighs the assessment and the interview by the
playbook's decision policy and applies, in this order: red flags whose effect is "do not hire",
must-have minimums, the floor each part must reach (a candidate who aces one part and fails the
other is not recommended), red flags whose effect is "discuss", and finally the thresholds on the
weighted total. The trace lists every rule with its figures and says which one decided.

The software never rejects anyone on its own: a "do not hire" here is a proposal that a named
person confirms or overrides, with a reason, in the application.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from statistics import fmean
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from hireplay.core.items.base import Id
from hireplay.core.playbook import Playbook
from hireplay.core.scoring import ScoreReport

Outcome = Literal["hire", "discuss", "do_not_hire", "incomplete"]
Rating = Annotated[int, Field(ge=1, le=5)]


class RaisedFlag(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    flag: Id
    note: str = ""


class Scorecard(BaseModel):
    """One interviewer's independent ratings (1-5 per question), red flags and confirmations."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    interviewer: str = Field(min_length=1)
    ratings: dict[Id, Rating] = Field(default_factory=dict)
    red_flags: tuple[RaisedFlag, ...] = ()
    confirmations: dict[Id, bool] = Field(default_factory=dict)


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

    def to_dict(self) -> dict[str, Any]:
        """The recommendation as stored and logged (JSON-ready, in a fixed order)."""
        return {
            "outcome": self.outcome,
            "decided_by": self.decided_by,
            "assessment_percent": self.assessment_percent,
            "interview_percent": self.interview_percent,
            "weighted_total": self.weighted_total,
            "provisional": self.provisional,
            "trace": [rule._asdict() for rule in self.trace],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Recommendation:
        """What `to_dict` gave, typed again."""
        return cls(data["outcome"], data["decided_by"], data.get("assessment_percent"),
                   data.get("interview_percent"), data.get("weighted_total"), bool(data.get("provisional")),
                   tuple(Rule(r["rule"], bool(r["passed"]), r["detail"]) for r in data.get("trace", ())))  # fmt: skip


# The outcomes a person records, and why some of them need a written reason.
HIRE, DO_NOT_HIRE = "hire", "do_not_hire"
MIN_REASON = 10


def reason_needed(recommended: str, outcome: str) -> str | None:
    """Why deciding `outcome` on a `recommended` proposal needs a written reason, or None when it
    simply follows a "hire" recommendation. Not hiring always needs the decider's own words."""
    if outcome == DO_NOT_HIRE:
        if recommended == DO_NOT_HIRE:
            return "confirming a proposal not to hire needs the confirming person's reason"
        return "not hiring against the recommendation needs a reason"
    if recommended == HIRE:
        return None
    if recommended == DO_NOT_HIRE:
        return "hiring against a proposal not to hire needs a reason"
    return f"the recommendation is '{recommended.replace('_', ' ')}': write what the panel concluded"


def reason_problem(recommended: str, outcome: str, reason: str) -> str | None:
    """What is wrong with the reason given for a decision, or None when it will do."""
    why = reason_needed(recommended, outcome)
    if why and len(reason.strip()) < MIN_REASON:
        return f"{why} (at least {MIN_REASON} characters)"
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


def _raised(playbook: Playbook, scorecards: Sequence[Scorecard]) -> list[tuple[str, str, str]]:
    """(flag, interviewer, note) for every red flag raised, directly or by a "no" to a confirmation."""
    raised = [(f.flag, card.interviewer, f.note) for card in scorecards for f in card.red_flags]
    for confirmation in playbook.interview.confirmations:
        for card in scorecards:
            if card.confirmations.get(confirmation.id) is False:
                raised.append((confirmation.red_flag, card.interviewer, f"answered no to: {confirmation.question}"))
    return raised


def recommend(playbook: Playbook, report: ScoreReport, scorecards: Sequence[Scorecard]) -> Recommendation:
    """The recommendation for one candidate, with the trace of every rule and which one decided."""
    policy = playbook.decision_policy
    trace: list[Rule] = []
    decided: tuple[Outcome, str] | None = None

    def decide(outcome: Outcome, rule: str) -> None:
        nonlocal decided
        if decided is None:
            decided = (outcome, rule)

    known_questions = {q.id for q in playbook.interview.questions}
    for card in scorecards:
        unknown = sorted(set(card.ratings) - known_questions)
        if unknown:
            raise ValueError(f"{card.interviewer} rated questions the playbook does not have: {', '.join(unknown)}")

    assessment = report.percent if policy.assessment_score == "points" else report.competency_index
    means = _interview_means(playbook, scorecards)
    interview = fmean(rating_percent(m) for m in means.values()) if means else None
    provisional = not report.complete
    weighted = None
    if assessment is not None and interview is not None:
        weighted = (assessment * policy.weights.assessment + interview * policy.weights.interview) / 100
        trace.append(Rule("weighted total", True, f"assessment {_r(assessment)} × {policy.weights.assessment:g}% + "
                                                  f"interview {_r(interview)} × {policy.weights.interview:g}% = {_r(weighted)}"))  # fmt: skip
    if provisional:
        trace.append(Rule("assessment complete", False, f"{len(report.pending)} criteria still await a rater; "
                                                        "the assessment score may rise"))  # fmt: skip

    for flag, interviewer, note in _raised(playbook, scorecards):
        effect = policy.red_flags.get(flag, "discuss")
        detail = f"raised by {interviewer}" + (f" ({note})" if note else "") + f"; effect: {effect.replace('_', ' ')}"
        trace.append(Rule(f"red flag {flag}", False, detail))
        if effect == "do_not_hire":
            decide("do_not_hire", f"red flag {flag}")

    for must in policy.must_haves:
        if must.source == "interview":
            rated = [
                means[q.id] for q in playbook.interview.questions if must.competency in q.competencies and q.id in means
            ]
            value = fmean(rated) if rated else None
            shown = f"mean interview rating {value:.2f} of 5" if value is not None else "not rated yet"
        else:
            score = next((c.score for c in report.competencies if c.id == must.competency), None)
            value = score
            shown = f"assessment score {value:.1f}" if value is not None else "not measured"
        name = f"must-have {must.competency} ≥ {must.minimum:g}"
        if value is None:
            trace.append(Rule(name, False, f"{shown}; cannot be checked yet"))
            decide("incomplete", name)
        elif value < must.minimum:
            trace.append(
                Rule(name, False, f"{shown}: below the minimum" + (f" ({must.reason})" if must.reason else ""))
            )
            decide("do_not_hire", name)
        else:
            trace.append(Rule(name, True, shown))

    for part, value, floor in (("assessment", assessment, policy.floors.assessment),
                               ("interview", interview, policy.floors.interview)):  # fmt: skip
        name = f"{part} floor ≥ {floor:g}"
        if value is None:
            trace.append(Rule(name, False, f"no {part} result yet"))
            decide("incomplete", name)
        elif value < floor:
            trace.append(Rule(name, False, f"{part} {_r(value)} is below the floor: strong results in the other part "
                                           "do not make up for it"))  # fmt: skip
            decide("do_not_hire", name)
        else:
            trace.append(Rule(name, True, f"{part} {_r(value)}"))

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
    )
