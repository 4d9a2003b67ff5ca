"""Proving the stored state from the audit log: every row that matters against the event that
recorded it.

The chain (core/audit.py) proves that the events were not changed; this module proves that the
tables still say what the events say. Each kind of row that a decision rests on is recorded, when it
is made, by an event carrying its content (or a keyed digest of what a person wrote):

    score records     assessment.scored / .rated / .rescored  (SHA-256 of the report, percent, complete)
    recommendations   recommendation.made                     (outcome, rule, facts, SHA-256 of the result)
    scorecards        scorecard.submitted                     (ratings, flags, confirmations, overall, digests)
    decisions         decision.taken                          (every column, a digest of the reason)
    stages            candidate.stage_changed                 (the last change's `to`; "added" if none)

`verify_state()` reads each table in batches and the events of its actions once, and names every
row that differs from its event, every row the log does not know, and every logged row that is gone.
`proven_for(candidate)` does the same for one candidate (a query per table and one for the events),
so a page can show only what the log proves.

Erasure (docs/privacy.md) blanks what a person wrote and destroys the candidate's key; for erased
candidates the digests of notes, reasons and reports cannot be recomputed and are not compared (the
figures, outcomes and ratings still are).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Model, QuerySet

from hireplay.core.canonical import canonical_json, sha256_hex
from hireplay.web.audit.models import AuditEvent
from hireplay.web.decisions.models import Decision, RecommendationRecord
from hireplay.web.flows.decision import decision_payload
from hireplay.web.flows.recommendation import recommendation_payload
from hireplay.web.hiring.models import Candidate, ScoreRecord
from hireplay.web.hiring.stages import INITIAL
from hireplay.web.interviews.models import Scorecard
from hireplay.web.interviews.services import scorecard_payload

BATCH = 2_000
CLOCK_SLACK = timedelta(seconds=60)  # a row's own time and its event's differ by the transaction's length
KEEP = 10_000  # differences listed in full; beyond that only counted


@dataclass(frozen=True)
class StateDifference:
    row: str  # "decision 12", "stage of candidate 7"
    subject: str  # candidate:<id>
    problem: str  # in words

    def __str__(self) -> str:
        return f"{self.row} ({self.subject}): {self.problem}"


@dataclass
class StateResult:
    checked: dict[str, int] = field(default_factory=dict)  # rows compared, by table
    differences: list[StateDifference] = field(default_factory=list)
    more: int = 0

    def differ(self, difference: StateDifference) -> None:
        if len(self.differences) < KEEP:
            self.differences.append(difference)
        else:
            self.more += 1

    @property
    def intact(self) -> bool:
        return not self.differences and not self.more


# Payload fields that cannot be recomputed once a candidate is erased (their key is destroyed and
# what they wrote is blanked).
_UNPROVABLE_AFTER_ERASURE = {"reason", "notes", "flag_notes", "report", "result"}


def _score_facts(row: ScoreRecord, secret: str) -> dict[str, Any]:
    total = row.report.get("total", {})
    return {"score": row.pk, "report": sha256_hex(canonical_json(row.report)), "percent": total.get("percent"),
            "complete": total.get("complete"), "playbook": row.playbook_hash, "engine": row.engine_version}  # fmt: skip


@dataclass(frozen=True)
class _Table:
    name: str  # as rows are named: "decision 12"
    actions: tuple[str, ...]
    key: str  # the payload field holding the row's id
    rows: Callable[[], QuerySet[Any]]
    facts: Callable[[Any, str], dict[str, Any]]
    compared: frozenset[str] | None = None  # payload fields compared (None: all the payload has)
    person: Callable[[Any], str] | None = None  # who the row says acted; the event's actor must be them
    moment: Callable[[Any], datetime | None] | None = None  # when the row says it happened (≈ the event's time)
    empty_when_absent: frozenset[str] = frozenset()  # payload fields written only when not empty


TABLES = (
    _Table("score", ("assessment.scored", "assessment.rated", "assessment.rescored"), "score",
           lambda: ScoreRecord.objects.select_related("session__candidate"), _score_facts,
           frozenset({"score", "report", "percent", "complete", "playbook", "engine"})),
    _Table("recommendation", ("recommendation.made",), "recommendation",
           lambda: RecommendationRecord.objects.select_related("candidate"), lambda row, _: recommendation_payload(row),
           empty_when_absent=frozenset({"waiting"})),
    _Table("scorecard", ("scorecard.submitted",), "scorecard",
           lambda: Scorecard.objects.filter(submitted_at__isnull=False).select_related("candidate", "interviewer"),
           scorecard_payload, person=lambda row: f"user:{row.interviewer.get_username()}",
           moment=lambda row: row.submitted_at),
    _Table("decision", ("decision.taken",), "decision",
           lambda: Decision.objects.select_related("candidate", "recommendation", "decided_by"), decision_payload,
           person=lambda row: f"user:{row.decided_by.get_username()}", moment=lambda row: row.decided_at),
)  # fmt: skip


def _candidate_of(row: Model) -> Candidate:
    if isinstance(row, ScoreRecord):
        return row.session.candidate
    return row.candidate  # type: ignore[attr-defined, no-any-return]


def _compare(table: _Table, row: Model, entry: tuple[str, str, str, str], result: StateResult) -> None:
    candidate = _candidate_of(row)
    _, actor, time, payload = entry
    logged = json.loads(payload)
    if table.person is not None and table.person(row) != actor:
        result.differ(StateDifference(f"{table.name} {row.pk}", candidate.ref,
                                      f"it names {table.person(row)} but the log recorded {actor} acting"))  # fmt: skip
        return
    moment = table.moment(row) if table.moment else None
    if moment is not None and abs(moment - datetime.fromisoformat(time)) > CLOCK_SLACK:
        result.differ(StateDifference(f"{table.name} {row.pk}", candidate.ref,
                                      f"it is dated {moment.isoformat(timespec='seconds')} but the log recorded it "
                                      f"at {time[:19]}"))  # fmt: skip
        return
    erased = candidate.erased_at is not None
    stored = table.facts(row, candidate.secret)
    logged = {**{key: [] for key in table.empty_when_absent}, **logged}  # an absent list was an empty one
    for name in table.empty_when_absent:
        stored.setdefault(name, [])
    names = (table.compared or frozenset(logged)) & set(logged)
    if erased:
        names -= _UNPROVABLE_AFTER_ERASURE
    for name in sorted(names):
        # Equal values settle it (most); otherwise compare canonical forms (675 and 675.0 are one number).
        if stored.get(name) != logged[name] and canonical_json(stored.get(name)) != canonical_json(logged[name]):
            problem = (f"{name} differs from what the log recorded (its digest does not match)"
                       if name in _UNPROVABLE_AFTER_ERASURE else
                       f"{name} is {stored.get(name)!r} but the log recorded {logged[name]!r}")  # fmt: skip
            result.differ(StateDifference(f"{table.name} {row.pk}", candidate.ref, problem))
            return


def _logged(table: _Table, subjects: Iterable[str] | None) -> dict[int, tuple[str, str, str, str]]:
    """The newest event of `table`'s actions for each row id: (subject, actor, time, payload text).
    The text is kept rather than the decoded payload: a third of the memory over a large log."""
    events = AuditEvent.objects.filter(action__in=table.actions)
    if subjects is not None:
        events = events.filter(subject__in=list(subjects))
    found: dict[int, tuple[str, str, str, str]] = {}
    rows = events.order_by("seq").values_list("subject", "actor", "time", "payload")
    for subject, actor, time, payload in rows.iterator(chunk_size=BATCH):
        row_id = json.loads(payload).get(table.key)
        if isinstance(row_id, int):
            found[row_id] = (subject, actor, time, payload)
    return found


def _batches(queryset: QuerySet[Any]) -> Iterator[list[Any]]:
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not rows:
            return
        last = rows[-1].pk
        yield rows
        if len(rows) < BATCH:
            return


def _check_table(table: _Table, result: StateResult, candidate_id: int | None = None) -> None:
    subjects = None if candidate_id is None else [f"candidate:{candidate_id}"]
    logged = _logged(table, subjects)
    rows = table.rows()
    if candidate_id is not None:
        rows = rows.filter(**({"session__candidate_id": candidate_id} if table.name == "score"
                              else {"candidate_id": candidate_id}))  # fmt: skip
    count = 0
    for batch in _batches(rows):
        for row in batch:
            count += 1
            entry = logged.pop(row.pk, None)
            if entry is None:
                result.differ(StateDifference(f"{table.name} {row.pk}", _candidate_of(row).ref,
                                              "stored, but the log never recorded it"))  # fmt: skip
            elif entry[0] != _candidate_of(row).ref:
                result.differ(StateDifference(f"{table.name} {row.pk}", _candidate_of(row).ref,
                                              f"the log recorded it for {entry[0]}"))  # fmt: skip
            else:
                _compare(table, row, entry, result)
    for row_id, (subject, *_) in sorted(logged.items()):
        what = "stored as a draft or deleted" if table.name == "scorecard" else "deleted"
        result.differ(StateDifference(f"{table.name} {row_id}", subject, f"the log recorded it, but it was {what}"))
    result.checked[table.name] = result.checked.get(table.name, 0) + count


def _check_stages(result: StateResult, candidate_id: int | None = None) -> None:
    events = AuditEvent.objects.filter(action="candidate.stage_changed")
    candidates = Candidate.objects.all()
    if candidate_id is not None:
        events = events.filter(subject=f"candidate:{candidate_id}")
        candidates = candidates.filter(pk=candidate_id)
    last: dict[str, str] = {}
    for subject, payload in events.order_by("seq").values_list("subject", "payload").iterator(chunk_size=BATCH):
        last[subject] = json.loads(payload).get("to", "")
    count = 0
    for pk, stage in candidates.order_by("pk").values_list("pk", "stage").iterator(chunk_size=BATCH):
        count += 1
        expected = last.get(f"candidate:{pk}", INITIAL)
        if stage != expected:
            result.differ(StateDifference(f"stage of candidate {pk}", f"candidate:{pk}",
                                          f"the candidate is at '{stage}' but the log last moved them to '{expected}'"))  # fmt: skip
    result.checked["stage"] = result.checked.get("stage", 0) + count


def verify_state(progress: Callable[[str], None] | None = None) -> StateResult:
    """Compare every stored score record, recommendation, submitted scorecard, decision and stage
    with the event that recorded it."""
    result = StateResult()
    for table in TABLES:
        if progress:
            progress(table.name)
        _check_table(table, result)
    if progress:
        progress("stage")
    _check_stages(result)
    return result


def proven_for(candidate: Candidate) -> StateResult:
    """The same comparison for one candidate's rows (a page shows a warning for any difference)."""
    result = StateResult()
    for table in TABLES:
        _check_table(table, result, candidate.pk)
    _check_stages(result, candidate.pk)
    return result
