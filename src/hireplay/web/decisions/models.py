"""Recommendations (derived, replayable) and decisions (a person's, with their reasons)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hireplay.core.decision import Recommendation
from hireplay.web.hiring.models import Candidate, ScoreRecord


class RecommendationRecord(models.Model):
    """What `core.decision.recommend` said, and exactly which facts it was given."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="recommendations")
    score = models.ForeignKey(ScoreRecord, null=True, on_delete=models.PROTECT, related_name="+")
    scorecard_ids = models.JSONField()  # the submitted scorecards it weighed
    playbook_hash = models.CharField(max_length=71)
    engine_version = models.CharField(max_length=20)
    outcome = models.CharField(max_length=20)
    result = models.JSONField()  # the whole recommendation with its trace
    waiting = models.JSONField(default=list)  # panel members (usernames) whose scorecard was not in
    created_at = models.DateTimeField(auto_now_add=True)

    def to_core(self) -> Recommendation:
        """The stored recommendation as the engine's typed recommendation."""
        return Recommendation.from_dict(self.result)

    @classmethod
    def current(cls, candidate_id: int) -> RecommendationRecord | None:
        """The recommendation in force for a candidate: the newest."""
        return cls.objects.filter(candidate_id=candidate_id).order_by("-pk").first()


class Decision(models.Model):
    """A named person's decision on a candidate at one stage.

    One decision is in force per candidate and stage: the one no later decision supersedes.
    Changing it is a new decision that names the one it supersedes, with a reason. Only the
    opening's hiring manager or an administrator (`as_admin`) decides; others propose."""

    class Outcome(models.TextChoices):
        ADVANCE = "advance", _("Advance to interview")
        HOLD = "hold", _("Hold")
        REJECT = "reject", _("Reject")
        HIRE = "hire", _("Hire")
        WITHDRAWN = "withdrawn", _("Withdrawn by the candidate")
        DO_NOT_HIRE = "do_not_hire", _("Do not hire")  # decisions recorded before outcomes by stage

    class Stage(models.TextChoices):
        SCREENING = "screening", _("After the assessment")
        FINAL = "final", _("After the interview")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="decisions")
    recommendation = models.ForeignKey(RecommendationRecord, on_delete=models.PROTECT, related_name="decisions")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.FINAL)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reason = models.TextField(blank=True)
    disposition = models.CharField(max_length=200, blank=True)  # why rejected, from the organisation's list
    advised = models.CharField(max_length=20, blank=True)  # what the evidence proposed for this stage
    departs = models.BooleanField()
    provisional = models.BooleanField(default=False)  # taken before the whole panel had submitted
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by")  # fmt: skip
    as_admin = models.BooleanField(default=False)  # taken by an administrator, not the hiring manager
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    @classmethod
    def in_force(cls, candidate_id: int, stage: str) -> Decision | None:
        """The decision in force at this stage: the newest, which no other supersedes."""
        return (cls.objects.filter(candidate_id=candidate_id, stage=stage, superseded_by__isnull=True)
                .select_related("decided_by").order_by("-pk").first())  # fmt: skip


class Proposal(models.Model):
    """What a recruiter or interviewer proposes to the person who decides (never in force itself)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="proposals")
    stage = models.CharField(max_length=20, choices=Decision.Stage.choices)
    outcome = models.CharField(max_length=20, choices=Decision.Outcome.choices)
    reason = models.TextField(blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)


class DispositionReason(models.Model):
    """One reason for a rejection, from a list each organisation keeps (the label is copied into
    the decision, so editing the list never rewrites a past decision)."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="dispositions")
    label = models.CharField(max_length=200)
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "label"], name="one_disposition_label")]


DEFAULT_DISPOSITIONS = (
    "Assessment below the bar",
    "Interview below the bar",
    "A must-have requirement not met",
    "Red flag at the interview",
    "Working pattern or location does not fit",
    "Salary expectations do not fit",
    "Another candidate was chosen",
    "The position was closed",
)


class OutcomeMeasure(models.Model):
    """Something an organisation records about its hires later (docs/insights.md, predictive
    validity): a rating on its own scale (`low`..`high`) or a yes/no (stored as 1 or 0)."""

    class Kind(models.TextChoices):
        SCALE = "scale", _("A rating")
        YES_NO = "yes_no", _("Yes or no")

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="outcome_measures")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    low = models.FloatField(default=0)
    high = models.FloatField(default=1)
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="one_outcome_measure_name")]

    def describe(self) -> str:
        """The measure as written on the settings page: `name: low-high` or `name: yes/no`."""
        return f"{self.name}: yes/no" if self.kind == self.Kind.YES_NO else f"{self.name}: {self.low:g}-{self.high:g}"


class HireOutcome(models.Model):
    """How a hire turned out on one measure, as a named person recorded it (a change is a new
    value with its audit event; the last one counts)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="outcomes")
    measure = models.ForeignKey(OutcomeMeasure, on_delete=models.PROTECT, related_name="outcomes")
    value = models.FloatField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["candidate", "measure"], name="one_outcome_per_measure")]


class BulkRejection(models.Model):
    """Rejections decided together from the pipeline: their decisions and the e-mails that tell the
    candidates, held back until `undo_until`. Undoing in time puts the candidates on hold (a
    decision that supersedes each rejection) and deletes the e-mails before they leave."""

    opening = models.ForeignKey("hiring.JobOpening", on_delete=models.CASCADE, related_name="bulk_rejections")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    undo_until = models.DateTimeField()
    decisions = models.JSONField(default=list)  # Decision ids
    emails = models.JSONField(default=list)  # Email ids, held back until undo_until
    undone_at = models.DateTimeField(null=True, blank=True)
