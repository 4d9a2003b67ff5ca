"""Replaying every stored result from the recorded facts, to prove how each was made.

For every stored score report: take the recorded answers, the session's seed and the playbook
version the opening pinned, score again, and compare with what was stored, figure by figure. The
answers themselves are checked against the digest the log recorded when they were submitted, so
an answer changed afterwards shows even when it would not change the score. For every stored
recommendation: recompute it from the same report and the scorecards it weighed, and compare.
Candidates whose data was erased cannot be replayed (their answers are gone); they are counted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from hireplay.core.canonical import canonical_json
from hireplay.core.decision import recommend
from hireplay.core.scoring import score
from hireplay.web.audit.models import AuditEvent
from hireplay.web.decisions.models import RecommendationRecord
from hireplay.web.hiring.models import PlaybookVersion, ScoreRecord
from hireplay.web.hiring.services import answers_digest
from hireplay.web.interviews.models import Scorecard


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
    erased: set[str] = field(default_factory=set)  # candidates whose results cannot be replayed
    differences: list[Difference] = field(default_factory=list)


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


def _submitted_digests() -> dict[str, str]:
    digests = {}
    for subject, payload in AuditEvent.objects.filter(action="assessment.submitted").values_list("subject", "payload"):
        digests[subject] = json.loads(payload).get("digest", "")
    return digests


def replay() -> ReplayResult:
    """Recompute every stored score report and recommendation; collect every difference."""
    result = ReplayResult()
    digests = _submitted_digests()
    playbooks = {v.content_hash: v for v in PlaybookVersion.objects.all()}
    reports: dict[int, Any] = {}
    for stored in _scores():
        session = stored.session
        candidate = session.candidate
        if candidate.erased_at is not None:
            result.erased.add(candidate.ref)
            continue
        result.scores += 1
        what, ref = f"score {stored.pk}", candidate.ref
        pinned = candidate.opening.playbook.content_hash
        if stored.playbook_hash != pinned:
            result.differences.append(Difference(what, ref, "playbook", stored.playbook_hash, pinned))
            continue
        version = playbooks.get(stored.playbook_hash)
        if version is None:
            result.differences.append(Difference(what, ref, "playbook", stored.playbook_hash, "(not stored)"))
            continue
        responses = session.responses(stored.ratings)  # with any rater's points this record was made with
        recorded = digests.get(ref)
        now = answers_digest(candidate, responses.answers)
        if recorded != now:
            result.differences.append(Difference(what, ref, "answers (digest at submission)", recorded, now))
        report = score(version.to_core(), responses, session.seed)
        reports[stored.pk] = report
        found = first_difference(stored.report, json.loads(canonical_json(report.to_dict())))
        if found:
            result.differences.append(Difference(what, ref, f"report{found[0]}", found[1], found[2]))
    for rec in RecommendationRecord.objects.select_related("candidate").order_by("pk"):
        if rec.candidate.erased_at is not None:
            result.erased.add(rec.candidate.ref)
            continue
        result.recommendations += 1
        what, ref = f"recommendation {rec.pk}", rec.candidate.ref
        replayed_report = reports.get(rec.score_id) if rec.score_id else None
        if replayed_report is None:
            result.differences.append(Difference(what, ref, "score", rec.score_id, "(no replayable score report)"))
            continue
        cards = {c.pk: c for c in Scorecard.objects.filter(pk__in=rec.scorecard_ids).select_related("interviewer")}
        missing = [i for i in rec.scorecard_ids if i not in cards or cards[i].submitted_at is None]
        if missing:
            result.differences.append(Difference(what, ref, "scorecards", rec.scorecard_ids, f"missing {missing}"))
            continue
        playbook = playbooks[rec.playbook_hash].to_core()
        replayed = recommend(playbook, replayed_report, [cards[i].to_core() for i in rec.scorecard_ids]).to_dict()
        found = first_difference(rec.result, json.loads(canonical_json(replayed)))
        if found:
            result.differences.append(Difference(what, ref, f"result{found[0]}", found[1], found[2]))
    return result


def _scores() -> Iterator[ScoreRecord]:
    return (
        ScoreRecord.objects.select_related("session__candidate__opening__playbook")
        .order_by("pk")
        .iterator(chunk_size=500)
    )
