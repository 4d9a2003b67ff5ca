"""Recommendations from the evidence, and the decisions people take on them, each logged."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from hireplay.core.canonical import canonical_json, sha256_hex
from hireplay.core.decision import RaisedFlag, Recommendation, Scorecard, recommend
from hireplay.core.playbook import Playbook
from hireplay.core.scoring import ScoreReport, score
from hireplay.web.audit.log import digest, record
from hireplay.web.decisions.models import Decision, RecommendationRecord
from hireplay.web.hiring.models import AssessmentSession, Candidate, ScoreRecord
from hireplay.web.interviews.models import Scorecard as StoredScorecard

SYSTEM = "system"
MIN_REASON = 10


class DecisionError(ValueError):
    """A decision that cannot be taken as asked; the message says why and what to do."""


def core_scorecard(card: StoredScorecard) -> Scorecard:
    return Scorecard(
        interviewer=card.interviewer.get_username(),
        ratings={q: int(r) for q, r in card.ratings.items()},
        red_flags=tuple(RaisedFlag(flag=f["flag"], note=f.get("note", "")) for f in card.red_flags),
        confirmations={k: bool(v) for k, v in card.confirmations.items()},
    )


def result_dict(recommendation: Recommendation) -> dict[str, Any]:
    return {
        "outcome": recommendation.outcome,
        "decided_by": recommendation.decided_by,
        "assessment_percent": recommendation.assessment_percent,
        "interview_percent": recommendation.interview_percent,
        "weighted_total": recommendation.weighted_total,
        "provisional": recommendation.provisional,
        "trace": [rule._asdict() for rule in recommendation.trace],
    }


def evidence(
    candidate: Candidate, report: ScoreReport | None = None
) -> tuple[Playbook, ScoreRecord, ScoreReport, list[StoredScorecard]] | None:
    """The facts a recommendation weighs: the score report (recomputed from the answers unless the
    caller has just computed it) and the submitted scorecards."""
    session = AssessmentSession.objects.filter(candidate=candidate).first()
    stored = session.scores.order_by("-pk").first() if session else None
    if session is None or stored is None:
        return None
    playbook = candidate.opening.playbook.to_core()
    if report is None:
        report = score(playbook, session.responses(stored.ratings), session.seed)
    cards = list(
        candidate.scorecards.filter(submitted_at__isnull=False)
        .select_related("interviewer")
        .order_by("submitted_at", "pk")
    )
    return playbook, stored, report, cards


def refresh_recommendation(
    candidate: Candidate, actor: str = SYSTEM, report: ScoreReport | None = None
) -> RecommendationRecord | None:
    """Recompute the recommendation; store and log it when its inputs or its result changed.
    `report`: the score report of the candidate's answers, when the caller has just made it."""
    facts = evidence(candidate, report)
    if facts is None:
        return None
    playbook, stored, report, cards = facts
    result = result_dict(recommend(playbook, report, [core_scorecard(c) for c in cards]))
    card_ids = [c.pk for c in cards]
    with transaction.atomic():
        latest = candidate.recommendations.order_by("-pk").first()
        if latest and latest.result == result and latest.scorecard_ids == card_ids and latest.score_id == stored.pk:
            return latest
        made = RecommendationRecord.objects.create(
            candidate=candidate, score=stored, scorecard_ids=card_ids, playbook_hash=playbook.content_hash,
            engine_version=stored.engine_version, outcome=result["outcome"], result=result,
        )  # fmt: skip
        record(actor, "recommendation.made", candidate.ref,
               {"recommendation": made.pk, "outcome": result["outcome"], "decided_by": result["decided_by"],
                "weighted_total": result["weighted_total"], "score": stored.pk, "scorecards": card_ids,
                "result": sha256_hex(canonical_json(result))})  # fmt: skip
        return made


def needs_reason(recommended: str, outcome: str) -> str | None:
    """Why this decision needs a written reason, or None when it follows a "hire" recommendation."""
    if outcome == Decision.Outcome.DO_NOT_HIRE:
        if recommended == "do_not_hire":
            return "confirming a proposal not to hire needs the confirming person's reason"
        return "not hiring against the recommendation needs a reason"
    if recommended == "hire":
        return None
    if recommended == "do_not_hire":
        return "hiring against a proposal not to hire needs a reason"
    return f"the recommendation is '{recommended.replace('_', ' ')}': write what the panel concluded"


def decide(candidate: Candidate, user: User, outcome: str, reason: str) -> Decision:
    """Record a named person's decision; refuse one without the reason the rules require."""
    if outcome not in Decision.Outcome.values:
        raise DecisionError(f"outcome: choose one of {', '.join(Decision.Outcome.values)}")
    reason = reason.strip()
    with transaction.atomic():
        recommendation = candidate.recommendations.order_by("-pk").first()
        if recommendation is None:
            raise DecisionError("there is no recommendation yet: the assessment must be submitted and scored first")
        why = needs_reason(recommendation.outcome, outcome)
        if why and len(reason) < MIN_REASON:
            raise DecisionError(f"reason: {why} (at least {MIN_REASON} characters)")
        made = Decision.objects.create(
            candidate=candidate, recommendation=recommendation, outcome=outcome, reason=reason,
            departs=outcome != recommendation.outcome, decided_by=user,
        )  # fmt: skip
        Candidate.objects.filter(pk=candidate.pk).update(stage=Candidate.Stage.DECIDED)
        record(f"user:{user.get_username()}", "decision.taken", candidate.ref,
               {"decision": made.pk, "outcome": outcome, "recommendation": recommendation.pk,
                "recommended": recommendation.outcome, "departs": made.departs,
                "reason": digest(candidate.secret, reason)})  # fmt: skip
        return made
