"""The interview stage: who is on a candidate's panel, when they meet, and each panel member's scorecard."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hireplay.core.decision import RaisedFlag
from hireplay.core.decision import Scorecard as CoreScorecard
from hireplay.web.hiring.models import Candidate


class PanelMember(models.Model):
    """One interviewer on one candidate's panel, with what they rate: the kit's questions and the
    exercises' grid rows ("<exercise>.<competency>")."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="panel")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panels")
    questions = models.JSONField()  # interview question ids, then grid rows, in the playbook's order
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["candidate", "interviewer"], name="one_seat_per_interviewer")]


def new_uid() -> str:
    return secrets.token_hex(12)


class Interview(models.Model):
    """The meeting. `uid` never changes; `sequence` rises with every change sent (RFC 5545)."""

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="interview")
    uid = models.CharField(max_length=64, default=new_uid, unique=True)
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=60)
    location = models.CharField(max_length=300, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    cancelled = models.BooleanField(default=False)
    organizer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)


class Scorecard(models.Model):
    """One interviewer's own ratings. A draft is theirs alone; once submitted it is final."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="scorecards")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scorecards")
    ratings = models.JSONField(default=dict)  # question id -> 1..5
    notes = models.JSONField(default=dict)  # question id -> evidence
    red_flags = models.JSONField(default=list)  # [{"flag": id, "note": text}]
    confirmations = models.JSONField(default=dict)  # confirmation id -> true/false
    observed = models.JSONField(
        default=list
    )  # grid behaviours seen in an exercise, "<exercise>.<competency>.<level>.<n>"
    # The interviewer's overall view beside the anchored ratings, and the day they interviewed.
    overall = models.CharField(max_length=20, blank=True, choices=[
        ("strong_no", _("Strong no")), ("no", _("No")), ("yes", _("Yes")), ("strong_yes", _("Strong yes"))])  # fmt: skip
    interviewed_on = models.DateField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["candidate", "interviewer"], name="one_scorecard_each")]

    def to_core(self) -> CoreScorecard:
        """The scorecard as the decision engine reads it (the interviewer named by username)."""
        return core_scorecard(self.interviewer.get_username(), self.ratings, self.red_flags, self.confirmations,
                              self.notes, self.observed)  # fmt: skip


def core_scorecard(
    interviewer: str,
    ratings: dict[str, Any],
    red_flags: list[dict[str, str]],
    confirmations: dict[str, Any],
    notes: dict[str, str] | None = None,
    observed: list[str] | None = None,
) -> CoreScorecard:
    """A stored scorecard's fields as the decision engine's scorecard (for callers that read the
    fields without loading the model, such as replay)."""
    return CoreScorecard(
        interviewer=interviewer,
        ratings={q: int(r) for q, r in ratings.items()},
        red_flags=tuple(RaisedFlag(flag=f["flag"], note=f.get("note", "")) for f in red_flags),
        confirmations={k: bool(v) for k, v in confirmations.items()},
        notes=dict(notes or {}),
        observed=tuple(observed or ()),
    )


class CalibrationExercise(models.Model):
    """A sample answer (written, or a transcript) that interviewers rate against one question's
    anchors, with the reference rating its author set and why (docs/insights.md)."""

    opening = models.ForeignKey("hiring.JobOpening", on_delete=models.CASCADE, related_name="calibrations")
    question_id = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    sample = models.TextField()
    reference = models.PositiveSmallIntegerField()
    reason = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class CalibrationRating(models.Model):
    """One interviewer's rating of a calibration sample; final once given, like a scorecard."""

    exercise = models.ForeignKey(CalibrationExercise, on_delete=models.CASCADE, related_name="ratings")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField()
    evidence = models.TextField()
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["exercise", "interviewer"], name="one_calibration_rating")]
