"""Erasing a candidate's personal data while the audit chain still verifies and statistics still count them.

What erasure does (docs/privacy.md explains why each step is enough):
- the name and e-mail address are overwritten, and the candidate's secret, the key of every digest
  the audit log holds about them, is destroyed: the digests can no longer be tested against a guess;
- their answers, late saves and integrity signals are deleted, the evidence notes and red-flag notes of their
  scorecards and the reasons of decisions about them are blanked;
- the score report keeps only figures (totals, competencies, sections), no per-item evidence;
- invitations are revoked and the e-mails written to them (sent or waiting) and their voluntary
  self-identification deleted; an event "candidate.erased" is appended. The log's events name the
  candidate only as "candidate:<id>", so no event has to change and the chain still verifies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from hireplay.core.decision import EVIDENCE
from hireplay.web.audit.log import record
from hireplay.web.compliance.models import SelfIdentification
from hireplay.web.decisions.models import Decision, RecommendationRecord
from hireplay.web.development import services as development
from hireplay.web.development.models import Person, PlanStep, RatingSheet
from hireplay.web.hiring.models import (
    Answer,
    Application,
    Candidate,
    IntegritySignal,
    Invitation,
    LateSave,
    ScoreRecord,
)
from hireplay.web.interviews.models import Scorecard
from hireplay.web.orgs.models import Organization
from hireplay.web.outbox.models import Email

ERASED_NAME = "Erased candidate"


def anonymous_report(report: dict[str, Any]) -> dict[str, Any]:
    """The figures of a score report, without anything the candidate wrote or any per-item evidence."""
    return {
        "engine_version": report.get("engine_version"),
        "playbook": report.get("playbook"),
        "total": report.get("total"),
        "competencies": report.get("competencies", []),
        "sections": report.get("sections", []),
        "items": [],
        "erased": True,
    }


def _anonymous_trace(result: dict[str, Any]) -> dict[str, Any]:
    """The trace without the interviewers' notes about the candidate (red flags' notes, the evidence
    quoted by a must-have)."""

    def plain(rule: dict[str, Any]) -> dict[str, Any]:
        if rule["rule"].startswith("red flag "):
            return {**rule, "detail": "raised; the note was erased"}
        if EVIDENCE in rule["detail"]:
            return {**rule, "detail": rule["detail"].split(EVIDENCE, 1)[0] + EVIDENCE + "(erased)"}
        return rule

    return {**result, "trace": [plain(rule) for rule in result.get("trace", [])]}


def erase(candidate: Candidate, by: str, why: str = "request") -> bool:
    """Erase one candidate's personal data; False if it was already erased."""
    with transaction.atomic():
        locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if locked.erased_at is not None:
            return False
        answers = Answer.objects.filter(session__candidate=locked).delete()[0]
        LateSave.objects.filter(session__candidate=locked).delete()
        IntegritySignal.objects.filter(session__candidate=locked).delete()
        for stored in ScoreRecord.objects.filter(session__candidate=locked):
            stored.report, stored.reasons = anonymous_report(stored.report), {}
            stored.save(update_fields=["report", "reasons"])
        for card in Scorecard.objects.filter(candidate=locked):
            card.notes = {}
            card.red_flags = [{"flag": f["flag"], "note": ""} for f in card.red_flags]
            card.save(update_fields=["notes", "red_flags"])
        for rec in RecommendationRecord.objects.filter(candidate=locked):
            rec.result = _anonymous_trace(rec.result)
            rec.save(update_fields=["result"])
        Decision.objects.filter(candidate=locked).update(reason="")
        Invitation.objects.filter(candidate=locked).update(revoked=True)
        Email.objects.filter(candidate=locked).delete()  # what was written to them, sent or waiting
        SelfIdentification.objects.filter(candidate=locked).delete()
        Application.objects.filter(candidate=locked).delete()  # screening answers, phone, CV
        locked.name, locked.email = ERASED_NAME, f"erased-{locked.pk}@erased.invalid"
        locked.secret, locked.erased_at = "", timezone.now()
        locked.save(update_fields=["name", "email", "secret", "erased_at"])
        record(by, "candidate.erased", locked.ref, {"why": why, "answers_deleted": answers})
    _purge_old_copies()
    return True


def erase_person(person: Person, by: str, why: str = "request") -> bool:
    """Erase the personal data of someone assessed against a target role (docs/development.md);
    False if it was already erased. The old copies go from the database files as for a candidate."""
    if not development.erase(person, by, why):
        return False
    _purge_old_copies((Person, RatingSheet, PlanStep, Email))
    return True


def _purge_old_copies(models: tuple[Any, ...] = ()) -> None:
    """Make the database drop the old versions of the overwritten rows from its files where it can."""
    if connection.in_atomic_block:
        return  # inside a caller's transaction the old versions cannot be dropped yet
    if connection.vendor == "sqlite":
        # secure_delete (set for every connection) zeroes freed pages; a checkpoint empties the WAL.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    elif connection.vendor == "postgresql":
        tables = [m._meta.db_table for m in models or (Candidate, Answer, LateSave, IntegritySignal, ScoreRecord, Scorecard,
                                                       Decision, Application, RecommendationRecord)]  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute("VACUUM " + ", ".join(connection.ops.quote_name(t) for t in tables))


@dataclass(frozen=True)
class Due:
    candidate: Candidate
    last_activity: datetime
    retention_days: int


def last_activity(candidate: Candidate) -> datetime:
    """The latest moment anything happened to this candidacy."""
    moments = [candidate.created_at]
    session = getattr(candidate, "session", None)
    if session is not None:
        moments += [m for m in (session.started_at, session.submitted_at) if m]
    for related, field in (("decisions", "decided_at"), ("scorecards", "updated_at"), ("invitations", "created_at")):
        latest = getattr(candidate, related).aggregate(m=Max(field))["m"]
        if latest:
            moments.append(latest)
    return max(moments)


def due_for_erasure(now: datetime | None = None) -> list[Due]:
    """Candidates whose organisation's retention period has passed since their last activity."""
    now = now or timezone.now()
    due = []
    candidates = (
        Candidate.objects.filter(erased_at__isnull=True, opening__organization__retention_days__isnull=False)
        .select_related("opening__organization", "session")
        .order_by("pk")
    )
    for candidate in candidates:
        days = candidate.opening.organization.retention_days
        assert days is not None
        latest = last_activity(candidate)
        if latest < now - timedelta(days=days):
            due.append(Due(candidate, latest, days))
    return due


MAX_RETENTION_DAYS = 36_500


def set_retention(organization: Organization, days: int | None, by: str) -> None:
    """Erase this organisation's candidates `days` after their last activity (None: keep them until
    erased on request). Raises ValueError for a number of days out of range."""
    if days is not None and not 1 <= days <= MAX_RETENTION_DAYS:
        raise ValueError(f"give a number of days from 1 to {MAX_RETENTION_DAYS}")
    with transaction.atomic():
        Organization.objects.filter(pk=organization.pk).update(retention_days=days)
        organization.retention_days = days
        record(by, "retention.set", f"organization:{organization.pk}", {"days": days})
