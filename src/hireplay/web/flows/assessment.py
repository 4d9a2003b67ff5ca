"""Operations on a candidate's attempt that reach past the hiring stage: submitting it (scored,
then the recommendation refreshed), closing attempts whose time is up, rating the criteria of
written answers left to a person, accepting or declining an answer that arrived late, and giving
an attempt more time (each scores again where the answers change, then refreshes the
recommendation)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hireplay.core.decision import MIN_REASON
from hireplay.core.scoring import RaterTask, ScoreReport, rater_tasks, score
from hireplay.web.audit.catalogue import SYSTEM, actor
from hireplay.web.audit.log import digest, record
from hireplay.web.flows.recommendation import refresh_recommendation
from hireplay.web.hiring import stages
from hireplay.web.hiring.models import Answer, AssessmentSession, Candidate, LateSave, ScoreRecord
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
        latest = ScoreRecord.current(candidate.pk)
        # Scored once per submission: a reopened attempt, submitted again, is scored again.
        if latest is None or latest.created_at < locked.submitted_at:
            stored = ScoreRecord.objects.create(session=locked, playbook_hash=report.playbook_hash,
                                                engine_version=report.engine_version, report=report.to_dict())  # fmt: skip
            record(SYSTEM, "assessment.scored", candidate.ref,
                   {"score": stored.pk, "playbook": report.playbook_hash, "engine": report.engine_version,
                    "percent": report.percent, "complete": report.complete,
                    "report": report_digest(stored.report)})  # fmt: skip
        stages.move(locked.candidate_id, Candidate.Stage.SCORED, SYSTEM)
        refresh_recommendation(candidate, report=report)
    return report


class RatingError(ValueError):
    """Ratings that cannot be stored; `problems` name each field and what it needs; `fields` holds
    the same by the rating form's field ("rate:<item>:<criterion>"), in words without the code."""

    def __init__(self, problems: list[str], fields: dict[str, str] | None = None) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
        self.fields = fields or {}


def rater_work(candidate: Candidate) -> tuple[list[RaterTask], ScoreRecord | None]:
    """The written answers of this candidate with criteria only a person can rate, and the score
    record in force (whose ratings are the points given so far). Nothing once erased or unscored."""
    session = getattr(candidate, "session", None)
    current = ScoreRecord.current(candidate.pk) if session is not None else None
    if session is None or current is None or candidate.erased_at is not None:
        return [], None
    playbook = candidate.opening.playbook.to_core()
    return rater_tasks(playbook, session.responses().answers, session.seed), current


def corrections(record: ScoreRecord) -> dict[tuple[str, str], dict[str, Any]]:
    """The automatic criteria of the written answers in a score record that a rater may correct:
    (item, criterion) -> what the engine gave (points, max_points, note)."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for item in record.report.get("items", []):
        for criterion, given in ((item.get("details") or {}).get("criteria") or {}).items():
            found[(item["id"], criterion)] = given
    return found


MIN_CORRECTION_REASON = 10


def rate_written(candidate: Candidate, given: dict[str, dict[str, float]], by: str,
                 reasons: dict[str, dict[str, str]] | None = None) -> tuple[ScoreReport, ScoreRecord]:  # fmt: skip
    """Store a person's points for criteria the engine leaves to a rater (tone, clarity...), and
    their corrections of automatic criteria (each with a reason in `reasons`), and score the
    attempt again with them: a new score record (the earlier ones stay), an `assessment.rated`
    event, and a fresh recommendation. Points already given and not changed here are kept.
    Raises RatingError, naming each bad field, and stores nothing then."""
    reasons = reasons or {}
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
        automatic = {key: float(found["max_points"]) for key, found in corrections(latest).items()}
        problems: list[str] = []
        fields: dict[str, str] = {}
        merged = {item: dict(points) for item, points in latest.ratings.items()}
        kept_reasons = {item: dict(texts) for item, texts in (latest.reasons or {}).items()}
        changed: list[dict[str, object]] = []
        for item_id, criteria in given.items():
            for criterion, points in criteria.items():
                field = f"{item_id}.{criterion}"
                correcting = (item_id, criterion) in automatic
                top = automatic[(item_id, criterion)] if correcting else waiting.get((item_id, criterion))
                name = f"{'correct' if correcting else 'rate'}:{item_id}:{criterion}"
                reason = reasons.get(item_id, {}).get(criterion, "").strip()
                if top is None:
                    problems.append(f"{field}: not a criterion of this candidate's written answers")
                elif isinstance(points, bool) or not isinstance(points, (int, float)) or not 0 <= points <= top:
                    problems.append(f"{field}: give a number of points from 0 to {top:g}, not {points!r}")
                    fields[name] = f"Give a number of points from 0 to {top:g}."
                elif (
                    correcting
                    and merged.get(item_id, {}).get(criterion) != points
                    and len(reason) < MIN_CORRECTION_REASON
                ):
                    problems.append(f"{field}: say why you correct the engine")
                    fields[f"why:{item_id}:{criterion}"] = ("Say why you change the engine's points, in at least "
                                                            f"{MIN_CORRECTION_REASON} characters.")  # fmt: skip
                elif merged.get(item_id, {}).get(criterion) != points:
                    merged.setdefault(item_id, {})[criterion] = float(points)
                    entry: dict[str, object] = {"item": item_id, "criterion": criterion, "points": float(points)}
                    if correcting:
                        kept_reasons.setdefault(item_id, {})[criterion] = reason
                        entry["corrects"] = True
                        entry["reason"] = digest(candidate.secret, reason)
                    changed.append(entry)
        if problems:
            raise RatingError(problems, fields)
        report = score(playbook, session.responses(merged), session.seed)
        if not changed:
            return report, latest
        stored = ScoreRecord.objects.create(session=session, playbook_hash=report.playbook_hash,
                                            engine_version=report.engine_version, report=report.to_dict(),
                                            ratings=merged, reasons=kept_reasons)  # fmt: skip
        record(by, "assessment.rated", candidate.ref,
               {"score": stored.pk, "previous": latest.pk, "ratings": changed, "percent": report.percent,
                "complete": report.complete, "report": report_digest(stored.report)})  # fmt: skip
        refresh_recommendation(candidate, report=report)
    return report, stored


MAX_EXTRA_MINUTES = 24 * 60


class AttemptError(ValueError):
    """A change to an attempt that cannot be made; `field` names the form field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def close_expired(now: datetime | None = None, candidates: list[int] | None = None) -> int:
    """Submit every attempt whose deadline and grace have passed without a submission (an automatic
    submit, scored as usual); only those of `candidates` when given. The number closed."""
    now = now or timezone.now()
    due = AssessmentSession.objects.filter(submitted_at__isnull=True,
                                           deadline__lt=now - timedelta(seconds=settings.GRACE_SECONDS))  # fmt: skip
    if candidates is not None:
        due = due.filter(candidate_id__in=candidates)
    closed = 0
    for session in due.select_related("candidate__opening__playbook").iterator(chunk_size=200):
        submit(session, now, by=SYSTEM)
        closed += 1
    return closed


def _reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if len(reason) < MIN_REASON:
        raise AttemptError(
            "reason", gettext("say why, in at least {n} characters; it is kept in the audit log").format(n=MIN_REASON)
        )
    return reason


def _rescore(candidate: Candidate, session: AssessmentSession, ratings: dict[str, dict[str, float]],
             by: str, why: str) -> ScoreReport:  # fmt: skip
    """Score the attempt again from its stored answers; a new score record follows the one in force."""
    playbook = candidate.opening.playbook.to_core()
    previous = ScoreRecord.current(candidate.pk)
    report = score(playbook, session.responses(ratings), session.seed)
    stored = ScoreRecord.objects.create(session=session, playbook_hash=report.playbook_hash,
                                        engine_version=report.engine_version, report=report.to_dict(),
                                        ratings=ratings)  # fmt: skip
    record(by, "assessment.rescored", candidate.ref,
           {"score": stored.pk, "previous": previous.pk if previous else None, "why": why,
            "percent": report.percent, "complete": report.complete, "report": report_digest(stored.report)})  # fmt: skip
    refresh_recommendation(candidate, report=report)
    return report


def review_late(late: LateSave, accept: bool, reason: str, by: str, now: datetime | None = None) -> None:
    """A person's verdict on an answer that arrived late. Accepted, it replaces the stored answer to
    its item (points people gave that item's criteria are dropped: the text changed) and the
    attempt is scored again; declined, it stays aside. Either way the verdict and its reason are
    logged. Raises AttemptError, naming the field, and changes nothing then."""
    now = now or timezone.now()
    why = _reason(reason)
    candidate = late.session.candidate
    if candidate.erased_at is not None:
        raise AttemptError("late", gettext("this candidate's answers were erased"))
    with transaction.atomic():
        locked = LateSave.objects.select_for_update().get(pk=late.pk)
        if locked.status != LateSave.Status.WAITING:
            raise AttemptError(
                "late",
                gettext("this late answer was already {status}").format(status=locked.get_status_display().lower()),
            )
        session = AssessmentSession.objects.select_for_update().get(pk=locked.session_id)
        if session.submitted_at is None:
            raise AttemptError("late", gettext("the attempt is still open; the candidate can still change this answer"))
        locked.status = LateSave.Status.ACCEPTED if accept else LateSave.Status.DECLINED
        locked.reviewed_by, locked.reviewed_at, locked.reason = by, now, why
        locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "reason"])
        payload: dict[str, object] = {"late": locked.pk, "item": locked.item_id, "accepted": accept,
                                      "reason": digest(candidate.secret, why)}  # fmt: skip
        if not accept:
            record(by, "answer.late_reviewed", candidate.ref, payload)
            return
        current = Answer.objects.filter(session=session, item_id=locked.item_id).first()
        seq = max(locked.seq or 0, (current.seq + 1) if current else 1)
        Answer.objects.update_or_create(session=session, item_id=locked.item_id,
                                        defaults={"value": locked.value, "seq": seq, "saved_at": now})  # fmt: skip
        record(
            by,
            "answer.late_reviewed",
            candidate.ref,
            {**payload, "digest": answers_digest(candidate, session.responses().answers)},
        )
        latest = ScoreRecord.current(candidate.pk)
        ratings = {
            item: points for item, points in (latest.ratings if latest else {}).items() if item != locked.item_id
        }
        _rescore(candidate, session, ratings, by, "late answer accepted")


def give_time(session: AssessmentSession, minutes: int, reason: str, by: str, now: datetime | None = None) -> datetime:
    """Give an attempt more time: its deadline moves `minutes` later (from now, when the time was
    already up). A submitted attempt is reopened; submitted again, it is scored again (points a
    rater gave are not carried over: the answers may change). Logged with its reason. The new
    deadline; raises AttemptError, naming the field, and changes nothing then."""
    now = now or timezone.now()
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_EXTRA_MINUTES:
        raise AttemptError(
            "minutes", gettext("give a whole number of minutes from 1 to {n}").format(n=MAX_EXTRA_MINUTES)
        )
    why = _reason(reason)
    candidate = session.candidate
    if candidate.erased_at is not None:
        raise AttemptError("minutes", gettext("this candidate's answers were erased"))
    with transaction.atomic():
        locked = AssessmentSession.objects.select_for_update().get(pk=session.pk)
        reopened = locked.submitted_at is not None
        locked.deadline = max(locked.deadline, now) + timedelta(minutes=minutes)
        locked.submitted_at = None
        locked.save(update_fields=["deadline", "submitted_at"])
        if reopened:
            stages.move(candidate.pk, Candidate.Stage.IN_PROGRESS, by)
        record(by, "assessment.extended", candidate.ref,
               {"session": locked.pk, "minutes": minutes, "deadline": locked.deadline.isoformat(),
                "reopened": reopened, "reason": digest(candidate.secret, why)})  # fmt: skip
    return locked.deadline
