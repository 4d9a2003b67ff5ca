"""Saving a candidate's answers so that none is ever lost or overwritten by an older one.

Each save from the page carries a sequence number that grows with every change in that browser
session. A save is applied only if its number is higher than the stored one, in a single
upsert (an INSERT for the first save of an item, a conditional UPDATE after that), so retries
and out-of-order deliveries are harmless on SQLite and PostgreSQL alike.

The rule for accepting a save is written once, in `CONDITIONS`: the link is genuine and neither
revoked nor expired, the attempt has started, is not submitted, and its deadline plus the grace
period has not passed. The save statement requires all of them; when it stores nothing, one
query evaluates the same conditions one by one to say which failed (or that a newer answer is
stored), and nothing else is checked twice.

This is the busiest path of the application (every candidate saves every few seconds), so it
runs plain SQL through Django's connection rather than composing ORM queries; the values are
prepared by the model's own fields, so the stored data is the same either way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal, NamedTuple

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg import Cursor

from hireplay.core.canonical import canonical_json
from hireplay.core.playbook import Playbook
from hireplay.web.audit.catalogue import actor
from hireplay.web.audit.log import defer_text, digest, pending_insert_sql, record, seal_soon
from hireplay.web.hiring.models import (
    Answer,
    AssessmentSession,
    Candidate,
    Invitation,
    JobOpening,
    LateSave,
    PlaybookVersion,
    core_playbook,
)

Result = Literal["saved", "stale", "late", "submitted", "not_started", "no_link", "invalid"]

# The conditions a save must meet, as SQL over the invitation `i` and the attempt `s`, with the
# parameters each takes: the link's validity at the moment of the save, the attempt still open,
# and the deadline plus grace not passed (`%s` is the moment of the save minus the grace).
# A link that expires while its attempt runs keeps working until the attempt's own deadline.
CONDITIONS: tuple[tuple[Result, str], ...] = (
    ("no_link", "i.revoked = %s AND (i.expires_at > %s OR s.id IS NOT NULL)"),
    ("not_started", "s.id IS NOT NULL"),
    ("submitted", "s.submitted_at IS NULL"),
    ("late", "s.deadline >= %s"),
)


def _condition_params(now_db: Any, latest_deadline_db: Any) -> list[Any]:
    return [False, now_db, latest_deadline_db]


class Stored(NamedTuple):
    """An answer as stored, with the sequence number of the save that stored it."""

    value: Any
    seq: int


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of a save; `message` says why it was not stored, in words for the candidate."""

    result: Result
    message: str = ""
    kept: Stored | None = None  # for a stale save: the newer answer that is kept
    set_aside: bool = False  # for a save too late: whether it is kept as a late answer

    @property
    def stored(self) -> bool:
        return self.result == "saved"


MESSAGES: dict[Result, str] = {
    "no_link": "this assessment link is not valid or has expired",
    "not_started": "the assessment has not been started",
    "submitted": "the assessment was already submitted; this answer is kept aside for the hiring team to review",
    "late": "the time is up; this answer arrived after the deadline and is kept aside for the hiring team to review",
}
NOT_KEPT = "the time is up, and this attempt already holds as many late answers as are kept; this one was not kept"
# A save refused because the attempt was submitted or its time was up is still kept, aside from the
# answers, for a person to accept or not (the candidate's device may have held it since before the
# deadline).
KEPT_ASIDE: frozenset[Result] = frozenset({"late", "submitted"})
# An attempt keeps at most this many late answers (far more than a candidate's device can hold
# back); beyond it, late saves are refused without being kept, so a link cannot fill the database.
MAX_LATE = 500


class LinkFacts(NamedTuple):
    """What the saves of a started attempt need to know; none of it changes while the link is valid."""

    playbook_hash: str
    playbook_id: int
    session_id: int
    candidate_id: int
    secret: str

    @property
    def ref(self) -> str:
        """How the audit log names the candidate (as `Candidate.ref` does)."""
        return f"candidate:{self.candidate_id}"


_LINKS: dict[int, LinkFacts] = {}


def _q(db: BaseDatabaseWrapper, model: Any) -> str:
    return db.ops.quote_name(model._meta.db_table)


def link_facts(invitation_id: int) -> LinkFacts | None:
    """The facts of a started attempt reached through this invitation (cached per process), or
    None when the invitation does not exist or its attempt has not started."""
    facts = _LINKS.get(invitation_id)
    if facts is not None:
        return facts
    db = connections[DEFAULT_DB_ALIAS]
    sql = (
        f"SELECT p.content_hash, p.id, s.id, c.id, c.secret FROM {_q(db, Invitation)} i "
        f"JOIN {_q(db, Candidate)} c ON c.id = i.candidate_id "
        f"JOIN {_q(db, JobOpening)} o ON o.id = c.opening_id "
        f"JOIN {_q(db, PlaybookVersion)} p ON p.id = o.playbook_id "
        f"JOIN {_q(db, AssessmentSession)} s ON s.candidate_id = c.id WHERE i.id = %s"
    )
    with db.cursor() as cursor:
        cursor.execute(sql, [invitation_id])
        row = cursor.fetchone()
    if row is None:
        return None
    facts = LinkFacts(*row)
    if len(_LINKS) > 100_000:
        _LINKS.clear()
    _LINKS[invitation_id] = facts
    return facts


def _playbook(facts: LinkFacts) -> Playbook:
    return core_playbook(facts.playbook_hash, lambda: PlaybookVersion.objects.get(pk=facts.playbook_id).content)


def saved_event(facts: LinkFacts, item_id: str, value: Any, seq: int) -> dict[str, Any]:
    """The payload of the event of a save (applied, or late): the item, its sequence number and a
    keyed digest of the value."""
    return {"item": item_id, "seq": seq, "digest": digest(facts.secret, value)}


def check(facts: LinkFacts, item_id: Any, value: Any, seq: Any) -> str | None:
    """Why this save cannot be stored whatever the state of the attempt (naming the field), or None."""
    item = _playbook(facts).items_by_id.get(item_id) if isinstance(item_id, str) else None
    if item is None:
        return f"item: '{item_id}' is not a question of this assessment"
    if not isinstance(seq, int) or isinstance(seq, bool) or not 1 <= seq < 2**63:
        return "seq: must be a whole number from 1 to 2^63 - 1"
    depth, nul = _walk(value)
    if depth > MAX_DEPTH:
        return f"value: nested more than {MAX_DEPTH} levels deep; no question takes such an answer"
    if nul:
        return "value: holds a NUL character (\\u0000), which no answer needs and the database cannot store"
    problem = item.shape_problem(value)
    return f"value: {problem}" if problem else None


MAX_DEPTH = 16  # the deepest answer any item takes is a record of a few levels


def _walk(value: Any) -> tuple[int, bool]:
    """How deeply lists and objects nest in a JSON value, and whether a text in it (or a key) holds a
    NUL character, which PostgreSQL cannot store in JSON. Without recursion: the value may be hostile."""
    deepest, nul, stack = 0, False, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, str):
            nul = nul or "\x00" in node
        elif isinstance(node, (list, dict)):
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                return level, nul
            if isinstance(node, dict):
                nul = nul or any("\x00" in key for key in node)
                stack.extend((child, level + 1) for child in node.values())
            else:
                stack.extend((child, level + 1) for child in node)
    return deepest, nul


def save(invitation_id: int, item_id: Any, value: Any, seq: Any, now: datetime,
         device_at: datetime | None = None) -> Outcome:  # fmt: skip
    """Store one answer sent through a candidate's link, unless a condition of `CONDITIONS` fails or
    an answer with the same or a higher sequence number is stored. An applied save and its audit
    event commit together; a save that arrives after the deadline and its grace, or after the
    attempt was submitted, is kept aside as a late answer (with the moment the candidate's device
    says it was made), with its own event, for the hiring team to accept or not."""
    facts = link_facts(invitation_id)
    if facts is None:
        refused = _diagnose(invitation_id, now)
        if refused.result != "saved":  # started meanwhile: go on
            return refused
        facts = link_facts(invitation_id)
        if facts is None:
            return Outcome("not_started", MESSAGES["not_started"])
    problem = check(facts, item_id, value, seq)
    if problem:
        return Outcome("invalid", problem)
    payload = saved_event(facts, item_id, value, seq)
    if _apply(invitation_id, facts, item_id, value, seq, now, payload):
        return Outcome("saved")
    refused = _diagnose(invitation_id, now)
    if refused.result in KEPT_ASIDE:
        return _set_aside(facts, refused, item_id, value, seq, now, device_at, payload)
    if refused.result == "saved":  # every condition holds: a newer answer is stored
        return Outcome("stale", kept=stored(facts.session_id, item_id))
    return refused


def _set_aside(facts: LinkFacts, refused: Outcome, item_id: str, value: Any, seq: int, now: datetime,
               device_at: datetime | None, payload: dict[str, Any]) -> Outcome:  # fmt: skip
    """Keep a save that came too late as a late answer (a retry of the same save is kept once), unless
    the attempt already holds `MAX_LATE` of them; the outcome says which."""
    with transaction.atomic():
        if LateSave.objects.filter(session_id=facts.session_id, item_id=item_id, seq=seq).exists():
            return replace(refused, set_aside=True)
        if LateSave.objects.filter(session_id=facts.session_id).count() >= MAX_LATE:
            return replace(refused, message=NOT_KEPT)
        LateSave.objects.create(session_id=facts.session_id, item_id=item_id, seq=seq, value=value,
                                arrived_at=now, device_at=device_at)  # fmt: skip
        record(actor(facts), "answer.late", facts.ref, payload)
    return replace(refused, set_aside=True)


def _prepared(db: BaseDatabaseWrapper, value: Any, seq: int, at: datetime) -> tuple[Any, int, Any]:
    fields = Answer._meta
    return (
        fields.get_field("value").get_db_prep_save(value, db),
        seq,
        fields.get_field("saved_at").get_db_prep_save(at, db),
    )


def _moment(db: BaseDatabaseWrapper, at: datetime) -> Any:
    return Answer._meta.get_field("saved_at").get_db_prep_save(at, db)


def _save_sql(db: BaseDatabaseWrapper, with_event: bool) -> str:
    """The save statement, built once per database vendor (composing it on every save cost more than
    a tenth of the server's work on this path)."""
    key = (db.vendor, with_event)
    sql = _SAVE_SQL.get(key)
    if sql is None:
        answers = db.ops.quote_name(Answer._meta.db_table)
        conditions = " AND ".join(f"({expression})" for _, expression in CONDITIONS)
        guard = (
            f"EXISTS (SELECT 1 FROM {_q(db, AssessmentSession)} s "
            f"JOIN {_q(db, Invitation)} i ON i.candidate_id = s.candidate_id "
            f"WHERE s.id = %s AND i.id = %s AND {conditions})"
        )
        sql = (
            f"INSERT INTO {answers} (session_id, item_id, value, seq, saved_at) SELECT %s, %s, %s, %s, %s "
            f"WHERE {guard} "
            f"ON CONFLICT (session_id, item_id) DO UPDATE "
            f"SET value = excluded.value, seq = excluded.seq, saved_at = excluded.saved_at "
            f"WHERE {answers}.seq < excluded.seq"
        )
        if with_event:
            sql = (f"WITH applied AS ({sql} RETURNING 1) {pending_insert_sql(db)} "
                   "SELECT %s, %s, 'answer.saved', %s, %s FROM applied")  # fmt: skip
        _SAVE_SQL[key] = sql
    return sql


_SAVE_SQL: dict[tuple[str, bool], str] = {}


def _apply(invitation_id: int, facts: LinkFacts, item_id: str, value: Any, seq: int, now: datetime,
           payload: dict[str, Any]) -> bool:  # fmt: skip
    """The save statement: True when it stored the answer.

    The answer row is reached through its unique (session, item) index and the conditions are one
    uncorrelated EXISTS, so the plan cannot drift to a scan as the tables grow. On PostgreSQL the
    audit event is written by the same statement (a data-modifying WITH), prepared once per
    connection: a save costs one round trip, no parsing and no planning."""
    db = connections[DEFAULT_DB_ALIAS]  # resolved once: each use of the `connection` proxy costs a lookup
    value_db, seq_db, at_db = _prepared(db, value, seq, now)
    latest_deadline = _moment(db, now - timedelta(seconds=settings.GRACE_SECONDS))
    params = [facts.session_id, item_id, value_db, seq_db, at_db, facts.session_id, invitation_id,
              *_condition_params(at_db, latest_deadline)]  # fmt: skip
    ref, text = facts.ref, canonical_json(payload)
    if db.vendor == "postgresql":
        params += [now.isoformat(timespec="microseconds"), ref, ref, text]
        applied = prepared_statement(db, _save_sql(db, True), params) > 0
        if applied:
            seal_soon()
        return applied
    with transaction.atomic():
        with db.cursor() as cursor:
            cursor.execute(_save_sql(db, False), params)
            applied = bool(cursor.rowcount)
        if applied:
            defer_text(ref, "answer.saved", ref, text, now)
    return applied


def _diagnose(invitation_id: int, now: datetime) -> Outcome:
    """Evaluate each of `CONDITIONS` for this link; the first that fails is the outcome. When all
    hold, the result is "saved": the caller's save lost to a newer stored answer (or the attempt
    started meanwhile)."""
    db = connections[DEFAULT_DB_ALIAS]
    flags = ", ".join(f"CASE WHEN {expression} THEN 1 ELSE 0 END" for _, expression in CONDITIONS)
    sql = (
        f"SELECT {flags} FROM {_q(db, Invitation)} i "
        f"LEFT JOIN {_q(db, AssessmentSession)} s ON s.candidate_id = i.candidate_id WHERE i.id = %s"
    )
    at_db = _moment(db, now)
    params = [*_condition_params(at_db, _moment(db, now - timedelta(seconds=settings.GRACE_SECONDS))), invitation_id]
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return Outcome("no_link", MESSAGES["no_link"])
    for (result, _), holds in zip(CONDITIONS, row, strict=True):
        if not holds:
            return Outcome(result, MESSAGES[result])
    return Outcome("saved")


def prepared_statement(db: BaseDatabaseWrapper, sql: str, params: list[Any]) -> int:
    """Run one statement on PostgreSQL with server-side parameters, prepared on first use; the
    row count. Django's own cursors bind parameters on the client (no prepared statements), so
    this hot path takes psycopg's server-binding cursor on Django's connection, inside Django's
    error wrapper (a broken connection is noticed and replaced as usual). Autocommit: the
    statement commits on its own."""
    db.ensure_connection()
    with db.wrap_database_errors, Cursor(db.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        return cursor.rowcount


def stored(session_id: int, item_id: str) -> Stored | None:
    """The answer stored for one item, with its sequence number (what a stale save lost to)."""
    row = Answer.objects.filter(session_id=session_id, item_id=item_id).values_list("value", "seq").first()
    return Stored(*row) if row else None


def stored_answers(session_id: int) -> dict[str, Stored]:
    """Every stored answer of an attempt, by item."""
    rows = Answer.objects.filter(session_id=session_id).values_list("item_id", "value", "seq")
    return {item: Stored(value, seq) for item, value, seq in rows}
