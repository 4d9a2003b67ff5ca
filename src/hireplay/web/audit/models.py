"""Storage of the hash-chained audit log (the chain itself is core/audit.py)."""

from __future__ import annotations

from django.db import models

from hireplay.core.audit import Event


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
    time = models.CharField(max_length=40)
    actor = models.CharField(max_length=200)
    action = models.CharField(max_length=100)
    subject = models.CharField(max_length=200)
    payload = models.TextField()  # canonical JSON, exactly the text that was hashed
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        # Only what the audit page filters on with an index's help: every index costs each append.
        indexes = [models.Index(fields=["action"]), models.Index(fields=["subject"])]

    def to_core(self) -> Event:
        return Event(
            self.seq, self.time, self.actor, self.action, self.subject, self.payload, self.prev_hash, self.hash
        )


class AuditHead(models.Model):
    """The last event's number and hash, kept apart so that removing the newest events shows."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)


class AuditPending(models.Model):
    """An event written with its change but not yet in the chain.

    Frequent events (every autosave) are written here in the saving transaction, without waiting
    for the chain's head; `seal` moves them into the chain in order, many per transaction. The next
    ordinary event, a periodic seal during saves, and `hireplay audit seal` all seal them."""

    id = models.BigAutoField(primary_key=True)
    time = models.CharField(max_length=40)
    actor = models.CharField(max_length=200)
    action = models.CharField(max_length=100)
    subject = models.CharField(max_length=200)
    payload = models.TextField()
