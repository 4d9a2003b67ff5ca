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


# The head this process last wrote or read. An append first tries to move the head from there in one
# conditional UPDATE (matching both its number and its hash); only when another process (or a rolled
# back transaction) moved it meanwhile does it read the head again under a lock. Either way the
# event is written in the same transaction as the head it follows.
_last: dict[str, tuple[int, str]] = {}


def record(actor: str, action: str, subject: str, payload: Mapping[str, Any]) -> Event:
    """Append one event to the chain and return it."""
    events, head = _tables()
    time = timezone.now().isoformat(timespec="microseconds")
    alias = connection.alias
    insert = (f"INSERT INTO {events} (seq, time, actor, action, subject, payload, prev_hash, hash) "
              "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)")  # fmt: skip
    with transaction.atomic(), connection.cursor() as cursor:
        known = _last.get(alias)
        if known is not None:
            event = append(_stub(*known), time, actor, action, subject, payload)
            cursor.execute(f"UPDATE {head} SET seq = %s, hash = %s WHERE id = 1 AND seq = %s AND hash = %s",
                           [event.seq, event.hash, known[0], known[1]])  # fmt: skip
            if cursor.rowcount == 1:
                cursor.execute(insert, list(event))
                _last[alias] = (event.seq, event.hash)
                return event
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        cursor.execute(f"SELECT seq, hash FROM {head} WHERE id = 1{lock}")
        row = cursor.fetchone()
        if row is None:  # a fresh or flushed database: make the head, then lock it
            cursor.execute(f"INSERT INTO {head} (id, seq, hash) VALUES (1, 0, %s) ON CONFLICT (id) DO NOTHING",
                           [GENESIS])  # fmt: skip
            cursor.execute(f"SELECT seq, hash FROM {head} WHERE id = 1{lock}")
            row = cursor.fetchone()
        event = append(_stub(row[0], row[1]), time, actor, action, subject, payload)
        cursor.execute(insert, list(event))
        cursor.execute(f"UPDATE {head} SET seq = %s, hash = %s WHERE id = 1", [event.seq, event.hash])
        _last[alias] = (event.seq, event.hash)
    return event


def _stub(seq: int, last_hash: str) -> Event | None:
    """The previous event as far as `append` needs it: its number and hash (None before the first)."""
    return Event(seq, "", "", "", "", "", "", last_hash) if seq else None


def digest(key: str, value: Any) -> str:
    """A keyed digest of a value a person wrote: it proves the value later without revealing it.

    `key` is the candidate's own secret; erasure destroys it, after which no one can test a guess
    against the digest (a plain hash of a short answer could be guessed)."""
    return hmac.new(key.encode(), canonical_json(value).encode(), hashlib.sha256).hexdigest()


def events(batch: int = 20_000) -> Iterator[Event]:
    """Every stored event in order of sequence number, read in batches through plain cursors.

    Any change to a sequence number changes that event's hash, so reading in this order hides no
    reordering: a renumbered event fails its own check."""
    table, _ = _tables()
    make = Event._make
    last = -1
    sql = (f"SELECT seq, time, actor, action, subject, payload, prev_hash, hash FROM {table} "
           f"WHERE seq > %s ORDER BY seq LIMIT {int(batch)}")  # fmt: skip
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [last])
            rows = cursor.fetchall()
        if not rows:
            return
        yield from map(make, rows)
        last = rows[-1][0]


def check() -> Verdict:
    """Verify the stored chain against the stored head."""
    head = AuditHead.objects.filter(pk=1).first()
    return verify(events(), Head(head.seq, head.hash) if head else Head(0, GENESIS))
