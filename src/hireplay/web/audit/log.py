"""Appending to and verifying the audit log, safely under concurrent processes.

An append locks the head row for the length of its transaction (SELECT ... FOR UPDATE on
PostgreSQL; on SQLite, transactions take the write lock when they begin), so appends from any
number of server processes form one chain.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from hireplay.core.audit import Event, Head, Verdict, append, verify
from hireplay.web.audit.models import AuditEvent, AuditHead


def record(actor: str, action: str, subject: str, payload: Mapping[str, Any]) -> Event:
    """Append one event to the chain and return it."""
    with transaction.atomic():
        AuditHead.objects.get_or_create(pk=1)
        head = AuditHead.objects.select_for_update().get(pk=1)
        previous = None
        if head.seq:
            previous = Event(head.seq, "", "", "", "", {}, "", head.hash)
        time = timezone.now().isoformat(timespec="microseconds")
        event = append(previous, time, actor, action, subject, dict(payload))
        AuditEvent.objects.create(seq=event.seq, time=event.time, actor=actor, action=action, subject=subject,
                                  payload=event.payload, prev_hash=event.prev_hash, hash=event.hash)  # fmt: skip
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


def _events(batch: int = 5000) -> Iterator[Event]:
    """Every stored event in stored order, read in batches."""
    last = -1
    while True:
        rows = list(AuditEvent.objects.filter(pk__gt=last).order_by("pk")[:batch])
        if not rows:
            return
        for row in rows:
            yield row.to_core()
        last = rows[-1].pk


def check() -> Verdict:
    """Verify the stored chain against the stored head."""
    head = AuditHead.objects.filter(pk=1).first()
    return verify(_events(), Head(head.seq, head.hash) if head else Head(0, "0" * 64))
