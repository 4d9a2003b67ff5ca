"""Recommendations (derived, replayable) and decisions (a person's, with their reasons)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

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
    created_at = models.DateTimeField(auto_now_add=True)

    def to_core(self) -> Recommendation:
        """The stored recommendation as the engine's typed recommendation."""
        return Recommendation.from_dict(self.result)

    @classmethod
    def current(cls, candidate_id: int) -> RecommendationRecord | None:
        """The recommendation in force for a candidate: the newest."""
        return cls.objects.filter(candidate_id=candidate_id).order_by("-pk").first()


class Decision(models.Model):
    """A named person's decision on a candidate. A departure from the recommendation needs a reason."""

    class Outcome(models.TextChoices):
        HIRE = "hire", "Hire"
        DO_NOT_HIRE = "do_not_hire", "Do not hire"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="decisions")
    recommendation = models.ForeignKey(RecommendationRecord, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reason = models.TextField(blank=True)
    departs = models.BooleanField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
