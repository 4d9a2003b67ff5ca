"""Appending to and verifying the audit log, safely under concurrent processes.

An append reads the head row with a lock for the length of its transaction (SELECT ... FOR
UPDATE on PostgreSQL; on SQLite, transactions take the write lock when they begin), inserts the
event and moves the head, so appends from any number of server processes form one chain. An
append made inside a larger transaction (a submission, a decision) commits or rolls back with it:
the log never tells of a change that did not happen.

Subjects and actors name people by pseudonymous references ("candidate:42"), never by name or
e-mail; values a candidate wrote enter the log only as keyed digests (see `digest`), so erasing a
candidate leaves a log that still verifies and reveals nothing about them (docs/privacy.md).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator, Mapping
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from hireplay.core.audit import GENESIS, Event, Head, Verdict, append, verify
from hireplay.core.canonical import canonical_json
from hireplay.web.audit.models import AuditEvent, AuditHead


def _tables() -> tuple[str, str]:
    q = connection.ops.quote_name
    return q(AuditEvent._meta.db_table), q(AuditHead._meta.db_table)


def record(actor: str, action: str, subject: str, payload: Mapping[str, Any]) -> Event:
    """Append one event to the chain and return it."""
    events, head = _tables()
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, hash FROM {head} WHERE id = 1{lock}")
        row = cursor.fetchone()
        if row is None:  # a fresh or flushed database: make the head, then lock it
            cursor.execute(f"INSERT INTO {head} (id, seq, hash) VALUES (1, 0, %s) ON CONFLICT (id) DO NOTHING",
                           [GENESIS])  # fmt: skip
            cursor.execute(f"SELECT seq, hash FROM {head} WHERE id = 1{lock}")
            row = cursor.fetchone()
        seq, last_hash = row
        previous = Event(seq, "", "", "", "", "", "", last_hash) if seq else None
        time = timezone.now().isoformat(timespec="microseconds")
        event = append(previous, time, actor, action, subject, payload)
        cursor.execute(
            f"INSERT INTO {events} (seq, time, actor, action, subject, payload, prev_hash, hash) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [event.seq, time, actor, action, subject, event.payload, event.prev_hash, event.hash],
        )
        cursor.execute(f"UPDATE {head} SET seq = %s, hash = %s WHERE id = 1", [event.seq, event.hash])
    return event


def digest(key: str, value: Any) -> str:
    """A keyed digest of a value a person wrote: it proves the value later without revealing it.

    `key` is the candidate's own secret; erasure destroys it, after which no one can test a guess
    against the digest (a plain hash of a short answer could be guessed)."""
    return hmac.new(key.encode(), canonical_json(value).encode(), hashlib.sha256).hexdigest()


def events(batch: int = 20_000) -> Iterator[Event]:
    """Every stored event in stored order, read in batches through plain cursors."""
    table, _ = _tables()
    last = -1
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, seq, time, actor, action, subject, payload, prev_hash, hash FROM {table} "
                f"WHERE id > %s ORDER BY id LIMIT {int(batch)}",
                [last],
            )
            rows = cursor.fetchall()
        if not rows:
            return
        for row in rows:
            yield Event(*row[1:])
        last = rows[-1][0]


def check() -> Verdict:
    """Verify the stored chain against the stored head."""
    head = AuditHead.objects.filter(pk=1).first()
    return verify(events(), Head(head.seq, head.hash) if head else Head(0, GENESIS))
