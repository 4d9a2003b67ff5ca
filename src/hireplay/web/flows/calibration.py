"""Calibration exercises (docs/insights.md): an interviewer rates a shared sample answer against a
question's anchors, blind to the reference and to the others until their own rating is in; then
sees how far they are from both. Each exercise and each rating is logged."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from hireplay.core.insights import calibration as core
from hireplay.web.audit.log import record
from hireplay.web.hiring.models import JobOpening
from hireplay.web.interviews.models import CalibrationExercise, CalibrationRating

MAX_SAMPLE = 20_000
MIN_REASON = 20


def _level(text: str) -> int | None:
    text = text.strip()
    return int(text) if text in {"1", "2", "3", "4", "5"} else None


def create(
    opening: JobOpening, typed: dict[str, str], user: Any, by: str
) -> tuple[CalibrationExercise | None, dict[str, str]]:
    """A new exercise from the form's fields (question, title, sample, reference, reason), or the
    problems by field; nothing is stored when there is one."""
    questions = {q.id for q in opening.playbook.to_core().interview.questions}
    problems: dict[str, str] = {}
    if typed.get("question", "") not in questions:
        problems["question"] = gettext("choose one of the opening's interview questions")
    title, sample, reason = (typed.get(k, "").strip() for k in ("title", "sample", "reason"))
    if not title or len(title) > 200:
        problems["title"] = gettext(
            "give a short title of at most 200 characters, such as “Answer B: the lost renewal”"
        )
    if len(sample) < 40:
        problems["sample"] = gettext("paste the sample answer or transcript (at least 40 characters)")
    elif len(sample) > MAX_SAMPLE:
        problems["sample"] = f"the sample is at most {MAX_SAMPLE:,} characters; shorten it"
    reference = _level(typed.get("reference", ""))
    if reference is None:
        problems["reference"] = gettext("choose the reference rating, 1 to 5")
    if len(reason) < MIN_REASON:
        problems["reason"] = (f"say why this answer earns that rating, against the anchors (at least {MIN_REASON} "
                              "characters): interviewers read it after rating")  # fmt: skip
    if problems or reference is None:
        return None, problems
    with transaction.atomic():
        found = CalibrationExercise.objects.create(opening=opening, question_id=typed["question"], title=title,
                                                   sample=sample, reference=reference, reason=reason, created_by=user)  # fmt: skip
        record(by, "calibration.created", f"opening:{opening.pk}",
               {"exercise": found.pk, "question": found.question_id, "reference": reference})  # fmt: skip
    return found, {}


def rate(exercise: CalibrationExercise, typed: dict[str, str], user: Any, by: str) -> dict[str, str]:
    """Record the interviewer's rating; the problems by field otherwise (nothing stored)."""
    problems: dict[str, str] = {}
    if exercise.created_by_id == user.pk:
        return {"rating": "you set this exercise's reference rating: it is for the other interviewers to rate"}
    rating = _level(typed.get("rating", ""))
    evidence = typed.get("evidence", "").strip()
    if rating is None:
        problems["rating"] = gettext("choose a rating from 1 to 5")
    if len(evidence) < 10:
        problems["evidence"] = gettext("write what in the answer led you to this rating (at least 10 characters)")
    if problems or rating is None:
        return problems
    try:
        with transaction.atomic():
            CalibrationRating.objects.create(exercise=exercise, interviewer=user, rating=rating, evidence=evidence,
                                             submitted_at=timezone.now())  # fmt: skip
            record(by, "calibration.rated", f"opening:{exercise.opening_id}",
                   {"exercise": exercise.pk, "rating": rating})  # fmt: skip
    except IntegrityError:
        return {"rating": "you have already rated this sample; a rating is final once given"}
    return {}


def result(exercise: CalibrationExercise, names: dict[int, str]) -> core.Exercise:
    """The exercise's figures, raters named."""
    return core.exercise(exercise.reference, {names.get(r.interviewer_id, str(r.interviewer_id)): r.rating
                                              for r in exercise.ratings.all()})  # fmt: skip
