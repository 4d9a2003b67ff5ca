"""Appending to and verifying the audit log, safely under concurrent processes.

An append reads the head row with a lock for the length of its transaction (SELECT ... FOR
UPDATE on PostgreSQL; on SQLite, transactions take the write lock when they begin), inserts the
event and moves the head, so appends from any number of server processes form one chain. An
append made inside a larger transaction (a submission, a decision) commits or rolls back with it:
the log never tells of a change that did not happen.

The most frequent event, a saved answer, would make every autosave wait for the head in turn.
Those are written with `defer` instead: into a table of waiting events, in the saving transaction
(so they too exist exactly when their change does), and sealed into the chain in order, many per
transaction, by the next `record`, by a periodic `seal` during saves, or by `hireplay audit seal`.

Subjects and actors name people by pseudonymous references ("candidate:42"), never by name or
e-mail; values a candidate wrote enter the log only as keyed digests (see `digest`), so erasing a
candidate leaves a log that still verifies and reveals nothing about them (docs/privacy.md).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from time import monotonic
from typing import Any

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from hireplay.core.audit import GENESIS, Event, Head, Verdict, append, event_hash, one_line, verify
from hireplay.core.canonical import canonical_json
from hireplay.web.audit import catalogue
from hireplay.web.audit.models import AuditEvent, AuditHead, AuditPending


def _tables() -> tuple[str, str]:
    q = connection.ops.quote_name
    return q(AuditEvent._meta.db_table), q(AuditHead._meta.db_table)


SEAL_EVERY_SECONDS = float(os.environ.get("HIREPLAY_AUDIT_SEAL_EVERY", "2"))
SEAL_BATCH = 5_000
_last_seal = [0.0]


def _insert_sql() -> str:
    events, _ = _tables()
    return (f"INSERT INTO {events} (seq, time, actor, action, subject, payload, prev_hash, hash) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)")  # fmt: skip


def _locked_head(cursor: Any, wait: bool = True) -> Event | None:
    """Lock the head row for this transaction and return the last event as `append` needs it."""
    _, head = _tables()
    lock = ""
    if connection.features.has_select_for_update:
        lock = " FOR UPDATE" if wait else " FOR UPDATE NOWAIT"
    cursor.execute(f"SELECT seq, hash FROM {head} WHERE id = 1{lock}")
    row = cursor.fetchone()
    if row is None:  # a fresh or flushed database: make the head, then lock it
        cursor.execute(f"INSERT INTO {head} (id, seq, hash) VALUES (1, 0, %s) ON CONFLICT (id) DO NOTHING", [GENESIS])
        cursor.execute(f"SELECT seq, hash FROM {head} WHERE id = 1{lock}")
        row = cursor.fetchone()
    seq, last_hash = row
    return Event(seq, "", "", "", "", "", "", last_hash) if seq else None


def _seal_pending(cursor: Any, previous: Event | None, limit: int | None = None) -> tuple[Event | None, int]:
    """Append the waiting events after `previous` (the head must be locked); return the new last event."""
    pending_table = connection.ops.quote_name(AuditPending._meta.db_table)
    cursor.execute(f"SELECT id, time, actor, action, subject, payload FROM {pending_table} ORDER BY id"
                   + (f" LIMIT {int(limit)}" if limit else ""))  # fmt: skip
    rows = cursor.fetchall()
    if not rows:
        return previous, 0
    sealed = []
    for _, time, actor, action, subject, payload in rows:
        seq = 1 if previous is None else previous.seq + 1
        prev_hash = GENESIS if previous is None else previous.hash
        previous = Event(seq, time, actor, action, subject, payload, prev_hash,
                         event_hash(seq, time, actor, action, subject, payload, prev_hash))  # fmt: skip
        sealed.append(tuple(previous))
    cursor.executemany(_insert_sql(), sealed)
    ids = [row[0] for row in rows]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        cursor.execute(f"DELETE FROM {pending_table} WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)
    return previous, len(rows)


def _move_head(cursor: Any, last: Event) -> None:
    _, head = _tables()
    cursor.execute(f"UPDATE {head} SET seq = %s, hash = %s WHERE id = 1", [last.seq, last.hash])


def record(actor: str, action: str, subject: str, payload: Mapping[str, Any]) -> Event:
    """Append one event to the chain (after any waiting events, so the chain keeps their order).
    Raises catalogue.UnknownEventError for an event the catalogue does not describe."""
    catalogue.check(actor, action, subject, payload)
    time = timezone.now().isoformat(timespec="microseconds")
    with transaction.atomic(), connection.cursor() as cursor:
        previous, _ = _seal_pending(cursor, _locked_head(cursor))
        event = append(previous, time, actor, action, subject, payload)
        cursor.execute(_insert_sql(), list(event))
        _move_head(cursor, event)
    return event


def record_many(entries: Iterable[tuple[str, str, str, Mapping[str, Any]]]) -> int:
    """Append many events (actor, action, subject, payload) in one transaction, in the order given:
    the head is locked once and the events inserted together, so that logging each of 100,000
    accounts' tier changes costs what inserting them costs. Returns how many were appended."""
    items = list(entries)
    for entry in items:
        catalogue.check(*entry)
    if not items:
        return 0
    time = timezone.now().isoformat(timespec="microseconds")
    with transaction.atomic(), connection.cursor() as cursor:
        previous, _ = _seal_pending(cursor, _locked_head(cursor))
        for start in range(0, len(items), SEAL_BATCH):
            chain: list[list[Any]] = []
            for actor, action, subject, payload in items[start : start + SEAL_BATCH]:
                previous = append(previous, time, actor, action, subject, payload)
                chain.append(list(previous))
            cursor.executemany(_insert_sql(), chain)
        assert previous is not None
        _move_head(cursor, previous)
    return len(items)


def defer(actor: str, action: str, subject: str, payload: Mapping[str, Any]) -> None:
    """Write a frequent event with its change, to be sealed into the chain shortly (see AuditPending)."""
    catalogue.check(actor, action, subject, payload)
    defer_text(actor, action, subject, canonical_json(payload), timezone.now())


def defer_text(actor: str, action: str, subject: str, payload: str, at: datetime) -> None:
    """`defer` with the payload already in canonical JSON (made by a caller that knows its fields)."""
    if action not in catalogue.CATALOGUE:
        raise catalogue.UnknownEventError(f"'{action}' is not an action of the audit catalogue")
    one_line(actor=actor, action=action, subject=subject)
    with connection.cursor() as cursor:
        cursor.execute(f"{pending_insert_sql()} VALUES (%s, %s, %s, %s, %s)",
                       [at.isoformat(timespec="microseconds"), actor, action, subject, payload])  # fmt: skip
    seal_soon()


def seal_soon() -> None:
    """After this transaction commits, seal the waiting events if this process has not for a while."""
    if monotonic() - _last_seal[0] > SEAL_EVERY_SECONDS:
        _last_seal[0] = monotonic()
        transaction.on_commit(_sealer.nudge if settings.AUDIT_BACKGROUND_SEAL else lambda: seal(wait=False))


class _Sealer:
    """One long-lived thread per process that seals when woken, on a database connection of its
    own that it keeps (a thread per seal would open and close a connection every few seconds)."""

    def __init__(self) -> None:
        self.wake = threading.Event()
        self.thread: threading.Thread | None = None
        self.pid = 0
        self.lock = threading.Lock()

    def nudge(self) -> None:
        # A forked worker inherits the parent's object but not its thread: start one of its own.
        if self.thread is None or not self.thread.is_alive() or self.pid != os.getpid():
            with self.lock:
                if self.thread is None or not self.thread.is_alive() or self.pid != os.getpid():
                    self.wake = threading.Event()
                    self.pid = os.getpid()
                    self.thread = threading.Thread(target=self._run, args=(self.wake,), name="hireplay-audit-seal",
                                                   daemon=True)  # fmt: skip
                    self.thread.start()
        self.wake.set()

    @staticmethod
    def _run(wake: threading.Event) -> None:
        while True:
            wake.wait()
            wake.clear()
            try:
                seal(wait=False)
            except DatabaseError:
                # The events wait for the next seal; a broken connection is replaced then. (Any
                # other error ends the thread with a traceback, and the next nudge starts another.)
                connections.close_all()


_sealer = _Sealer()


def pending_insert_sql(db: BaseDatabaseWrapper | None = None) -> str:
    """The INSERT of one waiting event, for callers that fold it into a statement of their own."""
    table = (db or connection).ops.quote_name(AuditPending._meta.db_table)
    return f"INSERT INTO {table} (time, actor, action, subject, payload)"


def seal(wait: bool = True) -> int:
    """Move every waiting event into the chain; returns how many. With wait=False, give way to a
    seal already running in another process (it will take these events too)."""
    total = 0
    while True:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                last, count = _seal_pending(cursor, _locked_head(cursor, wait), SEAL_BATCH)
                if count:
                    assert last is not None
                    _move_head(cursor, last)
        except OperationalError:
            if wait:
                raise
            return total  # another process holds the head and seals
        total += count
        if count < SEAL_BATCH:
            return total


def pending_count() -> int:
    return AuditPending.objects.count()


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
