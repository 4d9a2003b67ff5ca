"""The recommendation: recomputed from the score report in force and the submitted scorecards
whenever either changes, stored with exactly the facts it weighed, and logged."""

from __future__ import annotations

from django.db import transaction

from hireplay.core.canonical import canonical_json, sha256_hex
from hireplay.core.decision import recommend
from hireplay.core.playbook import Playbook
from hireplay.core.scoring import ScoreReport, score
from hireplay.web.audit.catalogue import SYSTEM
from hireplay.web.audit.log import record
from hireplay.web.decisions.models import RecommendationRecord
from hireplay.web.hiring.models import AssessmentSession, Candidate, ScoreRecord
from hireplay.web.interviews.models import PanelMember, Scorecard


def submitted_scorecards(candidate: Candidate) -> list[Scorecard]:
    """The candidate's submitted scorecards, in the order they were submitted."""
    return list(
        Scorecard.objects.filter(candidate=candidate, submitted_at__isnull=False)
        .select_related("interviewer")
        .order_by("submitted_at", "pk")
    )


def evidence(
    candidate: Candidate, report: ScoreReport | None = None
) -> tuple[Playbook, ScoreRecord, ScoreReport, list[Scorecard]] | None:
    """The facts a recommendation weighs: the score report in force (recomputed from the answers
    unless the caller has just computed it) and the submitted scorecards."""
    session = AssessmentSession.objects.filter(candidate=candidate).first()
    stored = ScoreRecord.current(candidate.pk) if session else None
    if session is None or stored is None:
        return None
    playbook = candidate.opening.playbook.to_core()
    if report is None:
        report = score(playbook, session.responses(stored.ratings), session.seed)
    return playbook, stored, report, submitted_scorecards(candidate)


def refresh_recommendation(
    candidate: Candidate, by: str = SYSTEM, report: ScoreReport | None = None
) -> RecommendationRecord | None:
    """Recompute the recommendation; store and log it when its inputs or its result changed.
    `report`: the score report of the candidate's answers, when the caller has just made it."""
    facts = evidence(candidate, report)
    if facts is None:
        return None
    playbook, stored, report, cards = facts
    waiting = waiting_for(candidate, cards)
    result = recommend(playbook, report, [c.to_core() for c in cards], waiting).to_dict()
    card_ids = [c.pk for c in cards]
    with transaction.atomic():
        latest = RecommendationRecord.current(candidate.pk)
        if latest and latest.result == result and latest.scorecard_ids == card_ids and latest.score_id == stored.pk:
            return latest
        made = RecommendationRecord.objects.create(
            candidate=candidate, score=stored, scorecard_ids=card_ids, playbook_hash=playbook.content_hash,
            engine_version=stored.engine_version, outcome=result["outcome"], result=result, waiting=waiting,
        )  # fmt: skip
        record(by, "recommendation.made", candidate.ref, recommendation_payload(made))
        return made


def waiting_for(candidate: Candidate, cards: list[Scorecard]) -> list[str]:
    """The panel members (usernames, in the order they were seated) whose scorecard is not in."""
    submitted = {c.interviewer_id for c in cards}
    seated = PanelMember.objects.filter(candidate=candidate).order_by("pk").values_list("interviewer_id",
                                                                                      "interviewer__username")  # fmt: skip
    return [name for user_id, name in seated if user_id not in submitted]


def recommendation_payload(made: RecommendationRecord) -> dict[str, object]:
    """What the log records of a recommendation: its outcome and rule, the facts it weighed and the
    SHA-256 of the whole result. `hireplay audit verify --state` compares each stored one with it."""
    result = made.result
    payload: dict[str, object] = {
        "recommendation": made.pk, "outcome": made.outcome, "decided_by": result["decided_by"],
        "weighted_total": result["weighted_total"], "score": made.score_id, "scorecards": made.scorecard_ids,
        "result": sha256_hex(canonical_json(result)), "playbook": made.playbook_hash, "engine": made.engine_version,
    }  # fmt: skip
    if made.waiting:
        payload["waiting"] = made.waiting
    return payload
