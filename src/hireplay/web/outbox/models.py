"""An e-mail waiting to be sent, sent, or given up on: what was written, to whom, and each try."""

from __future__ import annotations

from django.db import models

from hireplay.web.orgs.models import Organization


class Email(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", "waiting to be sent"
        SENT = "sent", "sent"
        FAILED = "failed", "not sent"

    organization = models.ForeignKey(Organization, null=True, on_delete=models.CASCADE, related_name="emails")
    # Erasing a candidate deletes their e-mails (flows.privacy); the string keeps this app below hiring.
    candidate = models.ForeignKey("hiring.Candidate", null=True, on_delete=models.CASCADE, related_name="emails")
    about = models.CharField(max_length=64)  # the audit log's reference: candidate:42
    kind = models.CharField(max_length=40)  # invitation, results, interview, interview-panel
    to = models.JSONField()  # the addresses
    subject = models.CharField(max_length=300)
    body = models.TextField()
    attachments = models.JSONField(default=list)  # [{"name", "mimetype", "content" (base64)}]
    created_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True)
    # While one process sends it, until when no other may (a try that dies releases it then).
    claimed_until = models.DateTimeField(null=True)
    last_attempt_at = models.DateTimeField(null=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="email_due"),
            models.Index(fields=["organization", "status"], name="email_unsent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} e-mail {self.pk} ({self.status})"
