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
    notes: dict[Id, str] = Field(default_factory=dict)  # the evidence written beside each rating


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
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Recommendation:
        """What `to_dict` gave, typed again."""
        return cls(data["outcome"], data["decided_by"], data.get("assessment_percent"),
                   data.get("interview_percent"), data.get("weighted_total"), bool(data.get("provisional")),
                   tuple(Rule(r["rule"], bool(r["passed"]), r["detail"]) for r in data.get("trace", ())),
                   tuple(data.get("waiting", ())))  # fmt: skip


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
    if assessment < policy.floors.assessment:
        return REJECT, f"assessment {_r(assessment)} is below the floor {policy.floors.assessment:g}"
    if not report.complete:
        return "incomplete", f"assessment {_r(assessment)} is provisional: {len(report.pending)} criteria await a rater"
    return ADVANCE, f"assessment {_r(assessment)} reaches the floor {policy.floors.assessment:g}"


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


def _raised(playbook: Playbook, scorecards: Sequence[Scorecard]) -> list[tuple[str, str, str]]:
    """(flag, interviewer, note) for every red flag raised, directly or by a "no" to a confirmation."""
    raised = [(f.flag, card.interviewer, f.note) for card in scorecards for f in card.red_flags]
    for confirmation in playbook.interview.confirmations:
        for card in scorecards:
            if card.confirmations.get(confirmation.id) is False:
                raised.append((confirmation.red_flag, card.interviewer, f"answered no to: {confirmation.question}"))
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

    known_questions = {q.id for q in playbook.interview.questions}
    for card in scorecards:
        unknown = sorted(set(card.ratings) - known_questions)
        if unknown:
            raise ValueError(f"{card.interviewer} rated questions the playbook does not have: {', '.join(unknown)}")

    assessment = report.percent if policy.assessment_score == "points" else report.competency_index
    means = _interview_means(playbook, scorecards)
    interview = fmean(rating_percent(m) for m in means.values()) if means else None
    provisional = not report.complete or bool(waiting)
    weighted = None
    if assessment is not None and interview is not None:
        weighted = (assessment * policy.weights.assessment + interview * policy.weights.interview) / 100
        trace.append(Rule("weighted total", True, f"assessment {_r(assessment)} × {policy.weights.assessment:g}% + "
                                                  f"interview {_r(interview)} × {policy.weights.interview:g}% = {_r(weighted)}"))  # fmt: skip
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
            value, shown = _interview_minimum(playbook, scorecards, means, must.competency, must.applies_to)
        else:
            value = next((c.score for c in report.competencies if c.id == must.competency), None)
            shown = f"assessment score {value:.1f}" if value is not None else "not measured"
        name = f"must-have {must.competency} ≥ {must.minimum:g}" + _APPLIES.get(must.applies_to, "")
        if value is None:
            trace.append(Rule(name, False, f"{shown}; cannot be checked yet"))
            decide("incomplete", name)
        elif value < must.minimum:
            trace.append(Rule(name, False, _with_evidence(shown, ": below the minimum"
                                                          + (f" ({must.reason})" if must.reason else ""))))  # fmt: skip
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
        tuple(waiting),
    )


_APPLIES = {"each_rating": " on every single rating", "each_rater": " on each interviewer's mean"}


def _with_evidence(shown: str, verdict: str) -> str:
    """Put the verdict before any quoted evidence, which stays last (erasure cuts it off there)."""
    head, sep, quoted = shown.partition(EVIDENCE)
    return head + verdict + (sep + quoted if sep else "")


def _interview_minimum(playbook: Playbook, scorecards: Sequence[Scorecard], means: Mapping[str, float],
                       competency: str, applies_to: str) -> tuple[float | None, str]:  # fmt: skip
    """The figure an interview must-have checks, and how the trace shows it: the panel's mean over the
    competency's questions, the lowest single rating (who gave it, on which question, their
    evidence), or the lowest interviewer's own mean."""
    questions = [q for q in playbook.interview.questions if competency in q.competencies]
    if applies_to == "mean":
        rated = [means[q.id] for q in questions if q.id in means]
        if not rated:
            return None, "not rated yet"
        value = fmean(rated)
        return value, f"mean interview rating {value:.2f} of 5"
    if applies_to == "each_rating":
        given = [(card.ratings[q.id], card, q) for card in scorecards for q in questions if q.id in card.ratings]
        if not given:
            return None, "not rated yet"
        rating, card, question = min(given, key=lambda g: g[0])  # the first lowest, in a fixed order
        note = card.notes.get(question.id, "")
        return float(rating), (f"lowest single rating {rating} of 5, by {card.interviewer} on '{question.id}'"
                               + (f"{EVIDENCE}{note}" if note else ""))  # fmt: skip
    per_rater = [(fmean(card.ratings[q.id] for q in questions if q.id in card.ratings), card) for card in scorecards
                 if any(q.id in card.ratings for q in questions)]  # fmt: skip
    if not per_rater:
        return None, "not rated yet"
    value, card = min(per_rater, key=lambda g: g[0])
    return value, f"lowest interviewer's mean {value:.2f} of 5, by {card.interviewer}"
