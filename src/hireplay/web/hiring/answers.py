"""Saving a candidate's answers so that none is ever lost or overwritten by an older one.

Each save from the page carries a sequence number that grows with every change in that browser
session. A save is applied only if its number is higher than the stored one, in a single
conditional UPDATE (or an INSERT for the first save), so retries and out-of-order deliveries
are harmless on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.db import IntegrityError, transaction

from hireplay.web.hiring.models import Answer, AssessmentSession

SaveResult = Literal["saved", "stale"]


def save_answer(session: AssessmentSession, item_id: str, value: Any, seq: int, at: datetime) -> SaveResult:
    """Store `value` unless an answer with the same or a higher sequence number is already stored."""
    updated = Answer.objects.filter(session=session, item_id=item_id, seq__lt=seq).update(
        value=value, seq=seq, saved_at=at
    )
    if updated:
        return "saved"
    try:
        with transaction.atomic():
            Answer.objects.create(session=session, item_id=item_id, value=value, seq=seq, saved_at=at)
    except IntegrityError:
        # Another save got there first. Apply ours only if it is newer than what is stored now.
        updated = Answer.objects.filter(session=session, item_id=item_id, seq__lt=seq).update(
            value=value, seq=seq, saved_at=at
        )
        return "saved" if updated else "stale"
    return "saved"
