"""A candidate's voluntary self-identification: its own table, read only by the organisation's
compliance officers (access.COMPLIANCE_ROLES), never by a page, report, API answer or export for
hiring; deleted when the candidate is erased (flows.privacy)."""

from __future__ import annotations

from django.db import models

from hireplay.web.hiring.models import Candidate


class SelfIdentification(models.Model):
    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="self_identification")
    form = models.CharField(max_length=20)  # a key of core.insights.selfid.FORMS
    answers = models.JSONField()  # question id -> value, or "declined"
    given_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"self-identification of candidate {self.candidate_id}"
