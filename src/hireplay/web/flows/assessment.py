"""Operations on a candidate's attempt that reach past the hiring stage: submitting it (scored,
then the recommendation refreshed) and rating the criteria of written answers left to a person
(scored again, then the recommendation refreshed)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hireplay.core.scoring import RaterTask, ScoreReport, rater_tasks, score
from hireplay.web.audit.catalogue import SYSTEM, actor
from hireplay.web.audit.log import record
from hireplay.web.flows.recommendation import refresh_recommendation
from hireplay.web.hiring.models import AssessmentSession, Candidate, ScoreRecord
from hireplay.web.hiring.services import answers_digest, report_digest


def submit(session: AssessmentSession, now: datetime | None = None, by: str | None = None) -> ScoreReport:
    """Submit once and score; a second submit returns the stored result unchanged. `by`: the actor
    reference when someone other than the candidate submits (the candidate by default)."""
    now = now or timezone.now()
    candidate = session.candidate
    playbook = candidate.opening.playbook.to_core()
    with transaction.atomic():
        locked = AssessmentSession.objects.select_for_update().get(pk=session.pk)
        responses = locked.responses()
        if locked.submitted_at is None:
            automatic = now > locked.deadline
            locked.submitted_at = min(now, locked.deadline + timedelta(seconds=settings.GRACE_SECONDS))
            locked.save(update_fields=["submitted_at"])
            record(by or actor(candidate), "assessment.submitted", candidate.ref,
                   {"session": locked.pk, "answers": len(responses.answers), "automatic": automatic,
                    "digest": answers_digest(candidate, responses.answers)})  # fmt: skip
        report = score(playbook, responses, locked.seed)
        if not locked.scores.exists():
            stored = ScoreRecord.objects.create(session=locked, playbook_hash=report.playbook_hash,
                                                engine_version=report.engine_version, report=report.to_dict())  # fmt: skip
            record(SYSTEM, "assessment.scored", candidate.ref,
                   {"score": stored.pk, "playbook": report.playbook_hash, "engine": report.engine_version,
                    "percent": report.percent, "complete": report.complete,
                    "report": report_digest(stored.report)})  # fmt: skip
        Candidate.objects.filter(pk=locked.candidate_id).update(stage=Candidate.Stage.SCORED)
        refresh_recommendation(candidate, report=report)
    return report


class RatingError(ValueError):
    """Ratings that cannot be stored; `problems` name each field and what it needs."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def rater_work(candidate: Candidate) -> tuple[list[RaterTask], ScoreRecord | None]:
    """The written answers of this candidate with criteria only a person can rate, and the score
    record in force (whose ratings are the points given so far). Nothing once erased or unscored."""
    session = getattr(candidate, "session", None)
    current = ScoreRecord.current(candidate.pk) if session is not None else None
    if session is None or current is None or candidate.erased_at is not None:
        return [], None
    playbook = candidate.opening.playbook.to_core()
    return rater_tasks(playbook, session.responses().answers, session.seed), current


def rate_written(candidate: Candidate, given: dict[str, dict[str, float]],
                 by: str) -> tuple[ScoreReport, ScoreRecord]:  # fmt: skip
    """Store a person's points for criteria the engine leaves to a rater (tone, clarity...) and
    score the attempt again with them: a new score record (the earlier ones stay), an
    `assessment.rated` event, and a fresh recommendation. Points already given and not changed
    here are kept. Raises RatingError, naming each bad field, and stores nothing then."""
    if candidate.erased_at is not None:
        raise RatingError(["this candidate's answers were erased; nothing can be rated"])
    current = getattr(candidate, "session", None)
    if current is None:
        raise RatingError(["the assessment has not been scored yet"])
    playbook = candidate.opening.playbook.to_core()
    with transaction.atomic():
        # Locked, so two raters at once each build on the other's points instead of dropping them.
        session = AssessmentSession.objects.select_for_update().get(pk=current.pk)
        latest = ScoreRecord.current(candidate.pk)
        if latest is None:
            raise RatingError(["the assessment has not been scored yet"])
        answers = session.responses().answers
        waiting = {(task.item.id, c.id): float(c.points)
                   for task in rater_tasks(playbook, answers, session.seed) for c in task.criteria}  # fmt: skip
        problems: list[str] = []
        merged = {item: dict(points) for item, points in latest.ratings.items()}
        changed: list[dict[str, object]] = []
        for item_id, criteria in given.items():
            for criterion, points in criteria.items():
                field = f"{item_id}.{criterion}"
                top = waiting.get((item_id, criterion))
                if top is None:
                    problems.append(f"{field}: not a criterion waiting for a rater on this candidate's answers")
                elif isinstance(points, bool) or not isinstance(points, (int, float)) or not 0 <= points <= top:
                    problems.append(f"{field}: give a number of points from 0 to {top:g}, not {points!r}")
                elif merged.get(item_id, {}).get(criterion) != points:
                    merged.setdefault(item_id, {})[criterion] = float(points)
                    changed.append({"item": item_id, "criterion": criterion, "points": float(points)})
        if problems:
            raise RatingError(problems)
        report = score(playbook, session.responses(merged), session.seed)
        if not changed:
            return report, latest
        stored = ScoreRecord.objects.create(session=session, playbook_hash=report.playbook_hash,
                                            engine_version=report.engine_version, report=report.to_dict(),
                                            ratings=merged)  # fmt: skip
        record(by, "assessment.rated", candidate.ref,
               {"score": stored.pk, "previous": latest.pk, "ratings": changed, "percent": report.percent,
                "complete": report.complete, "report": report_digest(stored.report)})  # fmt: skip
        refresh_recommendation(candidate, report=report)
    return report, stored
