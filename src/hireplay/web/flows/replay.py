"""Replaying every stored result from the recorded facts, to prove how each was made.

For every stored score report: take the recorded answers, the session's seed, the points raters
gave (stored with the record) and the playbook version the opening pinned, score again, and
compare with what was stored, figure by figure. The answers themselves are checked against the
digest the log recorded when they were submitted, so an answer changed afterwards shows even when
it would not change the score. For every stored recommendation: recompute it from the replayed
report and the scorecards it weighed, and compare. Candidates whose data was erased cannot be
replayed (their answers are gone); they are counted.

The work goes in batches of score records in the order they were made: each batch costs a fixed
number of queries (the records with their sessions and candidates, their answers, their
submission events, the recommendations that weighed them and those recommendations' scorecards),
and nothing of a batch is kept once it is compared, so memory does not grow with the history.
"""

from __future__ import annotations

import gc
import json
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import TextField
from django.db.models.functions import Cast

from hireplay.core.canonical import canonical_json
from hireplay.core.decision import recommend
from hireplay.core.playbook import Playbook
from hireplay.core.scoring import Responses, ScoreReport, score
from hireplay.web.audit.log import digest
from hireplay.web.audit.models import AuditEvent
from hireplay.web.decisions.models import RecommendationRecord
from hireplay.web.hiring.models import Answer, PlaybookVersion, ScoreRecord
from hireplay.web.interviews.models import Scorecard, core_scorecard

BATCH = 1_000
KEEP_DIFFERENCES = 10_000  # listed in full; beyond that only counted


@dataclass(frozen=True)
class Difference:
    what: str  # "score 12", "recommendation 4"
    subject: str  # candidate:<id>
    where: str  # the first differing path, or the check that failed
    stored: Any
    replayed: Any

    def __str__(self) -> str:
        return f"{self.what} ({self.subject}): {self.where}: stored {self.stored!r}, replayed {self.replayed!r}"


@dataclass
class ReplayResult:
    scores: int = 0
    recommendations: int = 0
    erased: int = 0  # results of erased candidates, which cannot be replayed
    differences: list[Difference] = field(default_factory=list)
    more_differences: int = 0  # found beyond KEEP_DIFFERENCES
    # Reports made by another scoring engine or with another spelling dictionary than this
    # installation has, by what differs: they cannot be compared figure by figure, and are not.
    not_comparable: dict[str, int] = field(default_factory=dict)
    skipped: set[int] = field(default_factory=set)  # those score records, whose recommendations are skipped too

    def differ(self, difference: Difference) -> None:
        if len(self.differences) < KEEP_DIFFERENCES:
            self.differences.append(difference)
        else:
            self.more_differences += 1


def first_difference(stored: Any, replayed: Any, path: str = "") -> tuple[str, Any, Any] | None:
    """The first path at which two JSON values differ, with both values there."""
    if isinstance(stored, dict) and isinstance(replayed, dict):
        for key in sorted(set(stored) | set(replayed)):
            if key not in stored or key not in replayed:
                return f"{path}.{key}", stored.get(key, "(absent)"), replayed.get(key, "(absent)")
            found = first_difference(stored[key], replayed[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(stored, list) and isinstance(replayed, list):
        if len(stored) != len(replayed):
            return f"{path} (length)", len(stored), len(replayed)
        for i, (a, b) in enumerate(zip(stored, replayed, strict=True)):
            found = first_difference(a, b, f"{path}[{i}]")
            if found:
                return found
        return None
    return None if canonical_json(stored) == canonical_json(replayed) else (path or "(whole)", stored, replayed)


def _compare(stored: Any, replayed: Any) -> tuple[str, Any, Any] | None:
    """`first_difference`, after a quick equality test that settles the usual case (no difference)."""
    return None if stored == replayed else first_difference(stored, replayed)


class _Playbooks:
    """Pinned playbook versions, validated once each (there are few)."""

    def __init__(self) -> None:
        self.known: dict[str, Playbook | None] = {}

    def get(self, content_hash: str) -> Playbook | None:
        if content_hash not in self.known:
            version = PlaybookVersion.objects.filter(content_hash=content_hash).first()
            self.known[content_hash] = version.to_core() if version else None
        return self.known[content_hash]


@contextmanager
def _collected_per_batch() -> Iterator[None]:
    """Python's automatic collection of reference cycles off while batches run (a batch makes
    millions of short-lived objects and no cycles, so the automatic passes found nothing and cost
    a third of the time); the youngest generation is collected after each batch instead."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def replay(batch: int = BATCH) -> ReplayResult:
    """Recompute every stored score report and recommendation; collect every difference."""
    result = ReplayResult()
    playbooks = _Playbooks()
    with _collected_per_batch():
        for records in _batches(batch):
            reports = _replay_scores(records, playbooks, result)
            _replay_recommendations([r["pk"] for r in records], reports, playbooks, result)
            gc.collect(0)
    for orphan in RecommendationRecord.objects.filter(score__isnull=True).select_related("candidate").order_by("pk"):
        if orphan.candidate.erased_at is not None:
            result.erased += 1
            continue
        result.recommendations += 1
        result.differ(Difference(f"recommendation {orphan.pk}", orphan.candidate.ref, "score", None,
                                 "(no replayable score report)"))  # fmt: skip
    return result


_FIELDS = {
    "pk": "pk", "playbook_hash": "playbook_hash", "ratings": "ratings",
    "session_id": "session_id", "seed": "session__seed", "candidate_id": "session__candidate_id",
    "erased_at": "session__candidate__erased_at", "secret": "session__candidate__secret",
    "pinned": "session__candidate__opening__playbook__content_hash", "language": "session__language",
}  # fmt: skip


def _batches(size: int) -> Iterator[list[dict[str, Any]]]:
    last = 0
    names, columns = list(_FIELDS), list(_FIELDS.values())
    while True:
        rows = list(ScoreRecord.objects.filter(pk__gt=last).order_by("pk").values_list(*columns)[:size])
        if not rows:
            return
        last = rows[-1][0]
        yield [dict(zip(names, row, strict=True)) for row in rows]


def _replay_scores(
    records: list[dict[str, Any]], playbooks: _Playbooks, result: ReplayResult
) -> dict[int, ScoreReport]:
    """Replay one batch of score records; the replayed reports by record, for the recommendations."""
    live = [r for r in records if r["erased_at"] is None]
    result.erased += len(records) - len(live)
    answers: dict[int, dict[str, Any]] = defaultdict(dict)
    rows = Answer.objects.filter(session_id__in={r["session_id"] for r in live}).values_list(
        "session_id", "item_id", "value"
    )
    for session_id, item_id, value in rows.iterator(chunk_size=20_000):
        answers[session_id][item_id] = value
    refs = {f"candidate:{r['candidate_id']}" for r in live}
    # The answer sheet's digest as last recorded: at submission, or when a late answer was accepted.
    submitted = AuditEvent.objects.filter(action__in=("assessment.submitted", "answer.late_reviewed"),
                                          subject__in=refs).order_by("seq")  # fmt: skip
    digests: dict[str, str] = {}
    for subject, payload in submitted.values_list("subject", "payload"):
        sheet_digest = json.loads(payload).get("digest")
        if sheet_digest:
            digests[subject] = sheet_digest
    reports: dict[int, ScoreReport] = {}
    replayed: dict[int, dict[str, Any]] = {}
    for record in live:
        result.scores += 1
        what, ref = f"score {record['pk']}", f"candidate:{record['candidate_id']}"
        if record["playbook_hash"] != record["pinned"]:
            result.differ(Difference(what, ref, "playbook", record["playbook_hash"], record["pinned"]))
            continue
        playbook = playbooks.get(record["playbook_hash"])
        if playbook is None:
            result.differ(Difference(what, ref, "playbook", record["playbook_hash"], "(not stored)"))
            continue
        sheet = answers.get(record["session_id"], {})
        now = digest(record["secret"], sheet)
        if digests.get(ref) != now:
            result.differ(Difference(what, ref, "answers (digest at submission)", digests.get(ref), now))
        responses = Responses.model_construct(candidate=str(record["candidate_id"]), seed=record["seed"],
                                              answers=sheet, ratings=record["ratings"] or {},
                                              language=record["language"] or "")  # fmt: skip
        report = score(playbook, responses, record["seed"])
        reports[record["pk"]] = report
        replayed[record["pk"]] = report.to_dict()
    changed = _stored_reports_that_differ(replayed)
    if changed:
        for pk, stored in ScoreRecord.objects.filter(pk__in=changed).order_by("pk").values_list("pk", "report"):
            other = made_otherwise(stored, replayed[pk])
            if other:
                result.not_comparable[other] = result.not_comparable.get(other, 0) + 1
                result.skipped.add(pk)
                continue
            found = first_difference(stored, replayed[pk])
            if found:
                ref = next(f"candidate:{r['candidate_id']}" for r in live if r["pk"] == pk)
                result.differ(Difference(f"score {pk}", ref, f"report{found[0]}", found[1], found[2]))
    return reports


def _dictionary_name(identity: Any) -> str:
    if not isinstance(identity, dict):
        return "no recorded dictionary"
    sources = ", ".join(str(s) for s in identity.get("sources", ()))
    return f"the {identity.get('locale', '?')} dictionary {str(identity.get('sha256', '?'))[:12]} ({sources})"


def made_otherwise(stored: Any, replayed: dict[str, Any]) -> str | None:
    """Why a stored report cannot be compared with its replay, or None: it was made by another
    version of the scoring engine, or its spelling was counted with another dictionary (an
    upgraded word list changes spelling points, not the facts). Said in words, naming both."""
    if not isinstance(stored, dict):
        return None
    engine, now = stored.get("engine_version"), replayed.get("engine_version")
    if engine != now:
        return f"made by scoring engine {engine}; this installation runs {now}"
    if stored.get("dictionary") != replayed.get("dictionary"):
        return (f"spelling counted with {_dictionary_name(stored.get('dictionary'))}; "
                f"this installation has {_dictionary_name(replayed.get('dictionary'))}")  # fmt: skip
    return None


def _stored_reports_that_differ(replayed: dict[int, dict[str, Any]]) -> list[int]:
    """The score records whose stored report is not the replayed one. On SQLite the stored text is
    what Django's JSONField wrote (`json.dumps` with its defaults), so the replayed report written
    the same way is the same text unless something changed, and 12 kB of JSON per record need not
    be decoded. PostgreSQL returns jsonb already decoded (asking it to compare the values itself
    was slower: it parses the replayed reports more slowly than Python decodes the stored ones).
    A record flagged here is compared again field by field, which also clears a difference of
    mere form (key order, spacing)."""
    if not replayed:
        return []
    stored = ScoreRecord.objects.filter(pk__in=list(replayed))
    if connection.vendor == "postgresql":
        return [pk for pk, report in stored.values_list("pk", "report") if report != replayed[pk]]
    texts = stored.annotate(text=Cast("report", TextField())).values_list("pk", "text")
    return [pk for pk, text in texts if text != json.dumps(replayed[pk])]


def _replay_recommendations(score_ids: list[int], reports: dict[int, ScoreReport], playbooks: _Playbooks,
                            result: ReplayResult) -> None:  # fmt: skip
    """Replay the recommendations that weighed this batch's score records."""
    recs = list(
        RecommendationRecord.objects.filter(score_id__in=score_ids)
        .order_by("pk")
        .values_list(
            "pk",
            "candidate_id",
            "candidate__erased_at",
            "score_id",
            "scorecard_ids",
            "playbook_hash",
            "result",
            "waiting",
        )
    )
    wanted = {i for rec in recs for i in rec[4]}
    fields = ("pk", "interviewer__username", "ratings", "red_flags", "confirmations", "notes", "observed")
    cards = {pk: core_scorecard(*rest) for pk, *rest in
             Scorecard.objects.filter(pk__in=wanted, submitted_at__isnull=False).values_list(*fields)}  # fmt: skip
    for pk, candidate_id, erased_at, score_id, card_ids, playbook_hash, stored, waiting in recs:
        if erased_at is not None:
            result.erased += 1
            continue
        result.recommendations += 1
        if score_id in result.skipped:
            continue  # weighed a report that could not be compared (counted with it)
        what, ref = f"recommendation {pk}", f"candidate:{candidate_id}"
        report = reports.get(score_id)
        playbook = playbooks.get(playbook_hash)
        if report is None or playbook is None:
            result.differ(Difference(what, ref, "score", score_id, "(no replayable score report)"))
            continue
        missing = [i for i in card_ids if i not in cards]
        if missing:
            result.differ(Difference(what, ref, "scorecards", card_ids, f"missing {missing}"))
            continue
        replayed = recommend(playbook, report, [cards[i] for i in card_ids], waiting or ()).to_dict()
        found = _compare(stored, replayed)
        if found:
            result.differ(Difference(what, ref, f"result{found[0]}", found[1], found[2]))
