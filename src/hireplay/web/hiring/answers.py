"""Saving a candidate's answers so that none is ever lost or overwritten by an older one.

Each save from the page carries a sequence number that grows with every change in that browser
session. A save is applied only if its number is higher than the stored one, in a single
upsert (an INSERT for the first save of an item, a conditional UPDATE after that), so retries
and out-of-order deliveries are harmless on SQLite and PostgreSQL alike.

This is the busiest path of the application (every candidate saves every few seconds), so it
runs plain SQL through Django's connection rather than composing ORM queries; the values are
prepared by the model's own fields, so the stored data is the same either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, NamedTuple

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from hireplay.core.canonical import canonical_json
from hireplay.web.audit.log import defer_text, digest, pending_insert_sql, seal_soon
from hireplay.web.hiring.models import Answer, AssessmentSession, Candidate, Invitation, JobOpening, PlaybookVersion

SaveResult = Literal["saved", "stale"]


def _prepared(value: Any, seq: int, at: datetime, db: BaseDatabaseWrapper) -> tuple[Any, int, Any]:
    fields = Answer._meta
    return (
        fields.get_field("value").get_db_prep_save(value, db),
        seq,
        fields.get_field("saved_at").get_db_prep_save(at, db),
    )


def saved_event(candidate_id: int, secret: str, item_id: str, value: Any, seq: int) -> tuple[str, str]:
    """(candidate reference, canonical payload) of the event of a save (applied, or late): the item,
    its sequence number and a keyed digest of the value."""
    return f"candidate:{candidate_id}", canonical_json({"item": item_id, "seq": seq, "digest": digest(secret, value)})


def _owner(session_id: int) -> tuple[int, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.id, c.secret FROM {connection.ops.quote_name(Candidate._meta.db_table)} c "
            f"JOIN {connection.ops.quote_name(AssessmentSession._meta.db_table)} s ON s.candidate_id = c.id "
            "WHERE s.id = %s",
            [session_id],
        )
        row = cursor.fetchone()
    return row[0], row[1]


def _upsert_sql(db: BaseDatabaseWrapper, guard: str = "") -> str:
    """Store an answer unless the stored one has the same or a higher sequence number: the first
    save of an item inserts, later ones update, in one statement (SQLite and PostgreSQL alike).
    `guard` is a condition the insert must also meet."""
    answers = db.ops.quote_name(Answer._meta.db_table)
    return (
        f"INSERT INTO {answers} (session_id, item_id, value, seq, saved_at) SELECT %s, %s, %s, %s, %s"
        f"{' WHERE ' + guard if guard else ' WHERE 1 = 1'} "  # SQLite needs a WHERE before ON CONFLICT
        f"ON CONFLICT (session_id, item_id) DO UPDATE "
        f"SET value = excluded.value, seq = excluded.seq, saved_at = excluded.saved_at "
        f"WHERE {answers}.seq < excluded.seq"
    )


def save_answer(session: AssessmentSession | int, item_id: str, value: Any, seq: int, at: datetime) -> SaveResult:
    """Store `value` unless an answer with the same or a higher sequence number is already stored.

    An applied save and its audit event commit together."""
    session_id = session if isinstance(session, int) else session.pk
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(_upsert_sql(connection), [session_id, item_id, *_prepared(value, seq, at, connection)])
            applied = bool(cursor.rowcount)
        if applied:
            ref, payload = saved_event(*_owner(session_id), item_id, value, seq)
            defer_text(ref, "answer.saved", ref, payload, at)
    return "saved" if applied else "stale"


@dataclass(frozen=True, slots=True)
class SaveTarget:
    """What a save needs to know about the link it came through, read in one query."""

    expires_at: datetime
    revoked: bool
    playbook_hash: str
    playbook_id: int
    session_id: int | None
    deadline: datetime | None
    submitted_at: datetime | None
    candidate_id: int
    secret: str


def _aware(value: Any) -> datetime | None:
    if value is None:
        return None
    moment: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def save_target(invitation_id: int) -> SaveTarget | None:
    q = connection.ops.quote_name
    sql = (
        f"SELECT i.expires_at, i.revoked, p.content_hash, p.id, s.id, s.deadline, s.submitted_at, c.id, c.secret "
        f"FROM {q(Invitation._meta.db_table)} i "
        f"JOIN {q(Candidate._meta.db_table)} c ON c.id = i.candidate_id "
        f"JOIN {q(JobOpening._meta.db_table)} o ON o.id = c.opening_id "
        f"JOIN {q(PlaybookVersion._meta.db_table)} p ON p.id = o.playbook_id "
        f"LEFT JOIN {q(AssessmentSession._meta.db_table)} s ON s.candidate_id = c.id "
        f"WHERE i.id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [invitation_id])
        row = cursor.fetchone()
    if row is None:
        return None
    expires, revoked, content_hash, playbook_id, session_id, deadline, submitted, candidate_id, secret = row
    return SaveTarget(_aware(expires), bool(revoked), content_hash, playbook_id, session_id, _aware(deadline),  # type: ignore[arg-type]
                      _aware(submitted), candidate_id, secret)  # fmt: skip


class LinkFacts(NamedTuple):
    playbook_hash: str
    playbook_id: int
    session_id: int
    candidate_id: int
    secret: str


_LINKS: dict[int, LinkFacts] = {}


def link_facts(invitation_id: int) -> LinkFacts | None:
    """What a started attempt's saves need to know; none of it changes while the link is valid, so cached."""
    facts = _LINKS.get(invitation_id)
    if facts is None:
        target = save_target(invitation_id)
        if target is None or target.session_id is None:
            return None
        facts = LinkFacts(target.playbook_hash, target.playbook_id, target.session_id, target.candidate_id,
                          target.secret)  # fmt: skip
        if len(_LINKS) > 100_000:
            _LINKS.clear()
        _LINKS[invitation_id] = facts
    return facts


def _open_save_sql(db: BaseDatabaseWrapper, with_event: bool) -> str:
    """The statement of `save_if_open`, built once per database vendor (this path runs for every
    save; composing it each time cost more than a tenth of the server's work on it)."""
    key = (db.vendor, with_event)
    sql = _OPEN_SAVE_SQL.get(key)
    if sql is None:
        q = db.ops.quote_name
        guard = (
            f"EXISTS (SELECT 1 FROM {q(AssessmentSession._meta.db_table)} s "
            f"JOIN {q(Invitation._meta.db_table)} i ON i.candidate_id = s.candidate_id "
            f"WHERE s.id = %s AND i.id = %s AND i.revoked = %s AND i.expires_at > %s "
            f"AND s.submitted_at IS NULL AND s.deadline >= %s)"
        )
        sql = _upsert_sql(db, guard)
        if with_event:
            sql = (f"WITH applied AS ({sql} RETURNING 1) {pending_insert_sql(db)} "
                   "SELECT %s, %s, 'answer.saved', %s, %s FROM applied")  # fmt: skip
        _OPEN_SAVE_SQL[key] = sql
    return sql


_OPEN_SAVE_SQL: dict[tuple[str, bool], str] = {}


def save_if_open(
    invitation_id: int,
    session_id: int,
    item_id: str,
    value: Any,
    seq: int,
    at: datetime,
    grace_seconds: int,
    event: tuple[str, str] | None = None,
) -> bool:
    """The common case in one statement: store the answer if the link is valid, the attempt is
    open and this save is newer than the stored one (an upsert: the first save of an item inserts,
    later ones update). False means "not applied": the caller finds out why.

    The answer row is reached through its unique (session, item) index and the link's validity is
    one uncorrelated EXISTS, so the plan cannot drift to a scan as the tables grow. With `event`
    (candidate reference, canonical payload) on PostgreSQL, the audit event is written by the
    same statement (a data-modifying WITH), and the statement is prepared once per connection:
    a save costs one round trip, no parsing and no planning."""
    db = connections[DEFAULT_DB_ALIAS]  # resolved once: each use of the `connection` proxy costs a lookup
    value_db, seq_db, at_db = _prepared(value, seq, at, db)
    latest_deadline = Answer._meta.get_field("saved_at").get_db_prep_save(at - timedelta(seconds=grace_seconds), db)
    params = [session_id, item_id, value_db, seq_db, at_db, session_id, invitation_id, False, at_db, latest_deadline]
    if event is not None and db.vendor == "postgresql":
        ref, payload = event
        params += [at.isoformat(timespec="microseconds"), ref, ref, payload]
        applied = _prepared_statement(db, _open_save_sql(db, True), params) > 0
        if applied:
            seal_soon()
        return applied
    with transaction.atomic():
        with db.cursor() as cursor:
            cursor.execute(_open_save_sql(db, False), params)
            applied = bool(cursor.rowcount)
        if applied and event is not None:
            ref, payload = event
            defer_text(ref, "answer.saved", ref, payload, at)
    return applied


def _prepared_statement(db: BaseDatabaseWrapper, sql: str, params: list[Any]) -> int:
    """Run one statement on PostgreSQL with server-side parameters, prepared on first use; the
    row count. Django's own cursors bind parameters on the client (no prepared statements), so
    this hot path takes psycopg's server-binding cursor on Django's connection, inside Django's
    error wrapper (a broken connection is noticed and replaced as usual). Autocommit: the
    statement commits on its own."""
    from psycopg import Cursor

    db.ensure_connection()
    with db.wrap_database_errors, Cursor(db.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        return cursor.rowcount
