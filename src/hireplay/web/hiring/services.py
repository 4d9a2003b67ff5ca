"""The hiring stage's own operations: publishing playbooks, openings, candidates, invitation links
and starting an attempt. Operations that reach into later stages (submitting, rating) are flows."""

from __future__ import annotations

import csv
import io
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from hireplay.core import csvtext
from hireplay.core.canonical import canonical_json, sha256_hex
from hireplay.core.plaintext import text_problem
from hireplay.core.playbook import Playbook
from hireplay.web.audit.catalogue import SYSTEM, actor
from hireplay.web.audit.log import digest, record
from hireplay.web.hiring import stages
from hireplay.web.hiring.models import (
    AssessmentSession,
    Candidate,
    Invitation,
    JobOpening,
    PlaybookVersion,
)
from hireplay.web.orgs.models import Organization
from hireplay.web.outbox import mail
from hireplay.web.outbox.models import Email

SALT = "hireplay.invitation"


def publish(playbook: Playbook, by: str = SYSTEM) -> PlaybookVersion:
    """Store this exact playbook content (once per hash) and log its first publication."""
    with transaction.atomic():
        known = PlaybookVersion.objects.filter(content_hash=playbook.content_hash).first()
        if known is not None:
            return known
        stored = PlaybookVersion.pin(playbook)
        record(by, "playbook.published", f"playbook:{stored.content_hash}",
               {"id": playbook.id, "version": playbook.version, "content_hash": playbook.content_hash})  # fmt: skip
        return stored


def open_position(organization: Organization, title: str, playbook: Playbook, by: str = SYSTEM) -> JobOpening:
    """A new opening that pins this exact playbook content."""
    with transaction.atomic():
        opening = JobOpening.objects.create(organization=organization, title=title, playbook=publish(playbook, by))
        record(by, "opening.created", f"opening:{opening.pk}",
               {"organization": organization.pk, "playbook": playbook.content_hash})  # fmt: skip
        return opening


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str


def read_candidates_csv(data: bytes) -> tuple[list[dict[str, str | int]], list[RowProblem]]:
    """Candidates from a CSV with columns name, email and optionally extra_time_percent, in UTF-8
    or Windows-1252, its cells separated by commas, semicolons or tabs (core.csvtext).

    Every bad row is reported with its line; the caller imports nothing unless there is none.
    """
    text, encoding = csvtext.decode(data)
    if not text and encoding != "utf-8":
        return [], [RowProblem(1, encoding)]
    reader = csv.DictReader(io.StringIO(text), delimiter=csvtext.separator(text))
    columns = {c.strip().lower() for c in reader.fieldnames or [] if c}
    missing = {"name", "email"} - columns
    if missing:
        return [], [RowProblem(1, f"missing column(s): {', '.join(sorted(missing))}; the first line must name the "
                                  "columns name, email and optionally extra_time_percent")]  # fmt: skip
    rows: list[dict[str, str | int]] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    number = 1
    try:
        for number, raw in enumerate(reader, start=2):
            _read_candidate_row(number, raw, rows, problems, seen)
    except csv.Error as exc:
        message = str(exc)
        if "field larger than field limit" in message:
            message = f"a cell is longer than {csv.field_size_limit():,} characters; no name or address is that long"
        problems.append(RowProblem(number + 1, f"this line cannot be read: {message}"))
    return rows, problems


def _read_candidate_row(number: int, raw: dict[Any, Any], rows: list[dict[str, str | int]],
                        problems: list[RowProblem], seen: dict[str, int]) -> None:  # fmt: skip
    row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if isinstance(v, str)}
    name, email = row.get("name", ""), row.get("email", "").lower()
    extra_text = row.get("extra_time_percent", "") or "0"
    for field, value in (("name", name), ("email", email)):
        problem = text_problem(value, max_length=200)
        if problem:
            problems.append(RowProblem(number, f"the {field} {problem}"))
            return
    if not name:
        problems.append(RowProblem(number, "the name is empty"))
    try:
        validate_email(email)
    except ValidationError:
        problems.append(RowProblem(number, f"'{email}' is not an e-mail address"))
    if email in seen:
        problems.append(RowProblem(number, f"{email} is already on line {seen[email]}"))
    seen.setdefault(email, number)
    if not extra_text.isdigit() or int(extra_text) > 200:
        problems.append(RowProblem(number, f"extra_time_percent '{extra_text}' must be a whole number from 0 to 200"))
        extra = 0
    else:
        extra = int(extra_text)
    rows.append({"name": name, "email": email, "extra_time_percent": extra})


class AlreadyCandidateError(ValueError):
    """Someone with this e-mail address is already a candidate for the opening (found only at the
    commit, when the same address was added at the same moment by another request)."""

    def __init__(self, email: str) -> None:
        super().__init__(f"email: {email} is already a candidate for this opening")
        self.email = email


def add_candidates(opening: JobOpening, rows: list[dict[str, str | int]], by: str = SYSTEM,
                   source: str = "team") -> list[Candidate]:  # fmt: skip
    """Add all rows, or none: the whole file is one transaction. Raises AlreadyCandidateError when
    an address is already a candidate (the database's constraint decides, so two requests adding
    the same address at once give one candidate and one refusal)."""
    added = []
    try:
        with transaction.atomic():
            for r in rows:
                with transaction.atomic():  # a savepoint, so the refusal names the row
                    candidate = Candidate.objects.create(
                        opening=opening,
                        name=str(r["name"]),
                        email=str(r["email"]),
                        extra_time_percent=int(r.get("extra_time_percent", 0)),
                        source=source,
                    )
                record(by, "candidate.added", candidate.ref,
                       {"opening": opening.pk, "extra_time_percent": candidate.extra_time_percent})  # fmt: skip
                added.append(candidate)
    except IntegrityError:
        taken = next((str(r["email"]) for r in rows if opening.candidates.filter(email=str(r["email"])).exists()),
                     str(rows[0]["email"]) if rows else "")  # fmt: skip
        raise AlreadyCandidateError(taken) from None
    return added


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk}, salt=SALT, compress=True)


def invitation_id(token: str) -> int | None:
    """The invitation id a genuine link names (the link's signature and age are checked).

    A candidate's page sends the same link with every save, so a link whose signature was checked
    once is remembered with the moment it was signed; its age is checked again on every use."""
    max_age = timedelta(days=settings.INVITATION_DAYS + 1)
    known = _VERIFIED.get(token)
    if known is not None:
        known_id, signed_at = known
        return known_id if time.time() - signed_at <= max_age.total_seconds() else None
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
        signed_at = signing.b62_decode(token.rsplit(":", 2)[1])
    except (signing.BadSignature, ValueError, IndexError):
        return None
    ident = data.get("i") if isinstance(data, dict) else None
    if not isinstance(ident, int) or isinstance(ident, bool):
        return None
    if len(_VERIFIED) > 100_000:
        _VERIFIED.clear()
    _VERIFIED[token] = (ident, signed_at)
    return ident


_VERIFIED: dict[str, tuple[int, int]] = {}


def invitation_for(token: str) -> Invitation | None:
    """The invitation a link names, if the link is genuine, not revoked, and unexpired or already used to
    start the attempt."""
    ident = invitation_id(token)
    if ident is None:
        return None
    invitation = (
        Invitation.objects.select_related("candidate__opening__playbook", "candidate__session")
        .defer("candidate__opening__playbook__content")  # validated playbooks are cached by hash
        .filter(pk=ident)
        .first()
    )
    if invitation is None or invitation.revoked:
        return None
    if invitation.expires_at < timezone.now() and not _started(invitation.candidate):
        return None  # an attempt that has started keeps its link until the attempt is over
    return invitation


def _started(candidate: Candidate) -> bool:
    try:
        return candidate.session is not None
    except AssessmentSession.DoesNotExist:
        return False


def invite(
    candidate: Candidate, base_url: str, now: datetime | None = None, by: str = SYSTEM, language: str = ""
) -> tuple[Invitation, str, Email]:
    """Create an invitation, e-mail the link (in the candidate's language: `language` when the
    playbook has it, else the opening's default, else the playbook's own), and return it to show
    to the recruiter, with the e-mail (sent after the commit: `mail.outcome` says how it went)."""
    if candidate.erased_at is not None:
        raise ValueError("this candidate's data was erased; they cannot be invited")
    now = now or timezone.now()
    opening = candidate.opening
    playbook = opening.playbook.to_core()
    chosen = next((lang for lang in (language, opening.language) if lang in playbook.languages), "")
    shown = chosen or playbook.role.language
    with transaction.atomic():
        Candidate.objects.select_for_update().filter(pk=candidate.pk).first()  # one invitation at a time
        if not AssessmentSession.objects.filter(candidate=candidate).exists():
            # Before the attempt starts, a new link replaces the earlier ones (sent to a wrong
            # address, forwarded, leaked). Once it has started, every link reaches the attempt
            # until its deadline, and revoking one is a recruiter's explicit choice.
            for earlier in candidate.invitations.filter(revoked=False).values_list("pk", flat=True):
                _revoke(candidate, earlier, by, REPLACED)
        invitation = Invitation.objects.create(candidate=candidate, created_at=now, language=chosen,
                                               expires_at=now + timedelta(days=settings.INVITATION_DAYS))  # fmt: skip
        record(by, "invitation.sent", candidate.ref,
               {"invitation": invitation.pk, "expires_at": invitation.expires_at.isoformat()})  # fmt: skip
        link = f"{base_url.rstrip('/')}/a/{invitation_token(invitation)}/"
        with translation.override(shown if shown in dict(settings.LANGUAGES) else "en"):
            subject = gettext("Your assessment for {opening}").format(opening=opening.title)
            body = gettext(
                "Hello {name},\n\nThank you for applying for {opening}. Your assessment takes {minutes} minutes; "
                "the timer starts only when you press Start.\n\n{link}\n\nThe link is personal and valid for {days} days."
            ).format(name=candidate.name, opening=opening.title, minutes=playbook.assessment.time_limit_minutes,
                     link=link, days=settings.INVITATION_DAYS)  # fmt: skip
        # Sent once this transaction commits: a rollback sends nothing, a failure is kept and retried.
        email = mail.queue(EmailMessage(subject=subject, body=body, to=[candidate.email]), "invitation",
                           candidate.ref, opening.organization, candidate)  # fmt: skip
        if stages.move(candidate.pk, Candidate.Stage.INVITED, by, only_from=[Candidate.Stage.ADDED]):
            candidate.stage = Candidate.Stage.INVITED
    return invitation, link, email


REPLACED = "replaced by a new invitation"
REMIND_GAP = timedelta(hours=24)  # at most one reminder a day per link


def reminder_problem(candidate: Candidate, invitation: Invitation | None, now: datetime) -> str:
    """Why this candidate cannot be reminded now, in words; "" when they can."""
    if candidate.stage != Candidate.Stage.INVITED:
        return (gettext("not invited yet: send the invitation") if candidate.stage == Candidate.Stage.ADDED
                else gettext("past the invitation ({stage})").format(stage=candidate.get_stage_display().lower()))  # fmt: skip
    if invitation is None:
        return gettext("no link in force: send a new invitation")
    if invitation.expires_at <= now:
        return gettext("the link expired on {day}: send a new invitation").format(
            day=date_format(invitation.expires_at, "SHORT_DATE_FORMAT"))  # fmt: skip
    if invitation.reminded_at is not None and now - invitation.reminded_at < REMIND_GAP:
        return gettext("reminded already at {when} UTC (one reminder a day at most)").format(
            when=date_format(invitation.reminded_at, "SHORT_DATETIME_FORMAT"))  # fmt: skip
    return ""


def live_invitation(candidate: Candidate) -> Invitation | None:
    """The candidate's latest link that is not revoked (expired or not)."""
    return candidate.invitations.filter(revoked=False).order_by("-pk").first()


def remind(candidate: Candidate, base_url: str, by: str, now: datetime | None = None) -> Email:
    """E-mail the candidate a reminder with their link in force (the same invitation, so the same
    expiry), in the invitation's language. Raises ValueError with the reason when they cannot be
    reminded (see `reminder_problem`)."""
    now = now or timezone.now()
    opening = candidate.opening
    with transaction.atomic():
        Candidate.objects.select_for_update().filter(pk=candidate.pk).first()
        candidate.refresh_from_db(fields=["stage"])
        invitation = live_invitation(candidate)
        problem = reminder_problem(candidate, invitation, now)
        if problem:
            raise ValueError(problem)
        assert invitation is not None
        playbook = opening.playbook.to_core()
        shown = invitation.language or playbook.role.language
        link = f"{base_url.rstrip('/')}/a/{invitation_token(invitation)}/"
        with translation.override(shown if shown in dict(settings.LANGUAGES) else "en"):
            subject = gettext("Reminder: your assessment for {opening}").format(opening=opening.title)
            body = gettext(
                "Hello {name},\n\nA reminder that your assessment for {opening} is waiting for you. It takes {minutes} "
                "minutes; the timer starts only when you press Start.\n\n{link}\n\nThe link is personal and valid until {until}."
            ).format(name=candidate.name, opening=opening.title, minutes=playbook.assessment.time_limit_minutes,
                     link=link, until=f"{invitation.expires_at:%Y-%m-%d %H:%M} UTC")  # fmt: skip
        Invitation.objects.filter(pk=invitation.pk).update(reminders=invitation.reminders + 1, reminded_at=now)
        record(by, "invitation.reminded", candidate.ref,
               {"invitation": invitation.pk, "expires_at": invitation.expires_at.isoformat()})  # fmt: skip
        return mail.queue(EmailMessage(subject=subject, body=body, to=[candidate.email]), "reminder",
                          candidate.ref, opening.organization, candidate)  # fmt: skip


REVOKED = "revoked by a recruiter"


def _revoke(candidate: Candidate, invitation_pk: int, by: str, why: str) -> bool:
    """Revoke one link of this candidate (in the caller's transaction); whether it was active."""
    if not Invitation.objects.filter(pk=invitation_pk, candidate=candidate, revoked=False).update(revoked=True):
        return False
    record(by, "invitation.revoked", candidate.ref, {"invitation": invitation_pk, "why": why})
    return True


def revoke_invitation(candidate: Candidate, invitation_pk: int, by: str) -> bool:
    """A recruiter revokes a link: it stops working at once, for the landing page, the attempt and
    its saves (a started attempt stays reachable through the candidate's other active links).
    Whether the link was active (revoking it twice changes nothing and records nothing)."""
    with transaction.atomic():
        return _revoke(candidate, invitation_pk, by, REVOKED)


def set_extra_time(candidate: Candidate, percent: int, by: str) -> None:
    """Change a candidate's extra time before the attempt starts (afterwards, give the attempt more
    time instead: flows/assessment.give_time)."""
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 200:
        raise ValueError("extra_time_percent: a whole number from 0 to 200")
    if AssessmentSession.objects.filter(candidate=candidate).exists():
        raise ValueError("extra_time_percent: the attempt has started; give it more time instead")
    with transaction.atomic():
        Candidate.objects.filter(pk=candidate.pk).update(extra_time_percent=percent)
        record(by, "candidate.extra_time", candidate.ref, {"extra_time_percent": percent})


def start_session(candidate: Candidate, now: datetime | None = None, language: str = "") -> AssessmentSession:
    """Start the attempt once: the seed, the deadline and the language are fixed now; later calls
    return it."""
    now = now or timezone.now()
    with transaction.atomic():
        # Every Start of this candidate waits here for the one before it (eight clicks at once give
        # one attempt, and seven answers that return it).
        Candidate.objects.select_for_update().filter(pk=candidate.pk).first()
        existing = AssessmentSession.objects.filter(candidate=candidate).first()
        if existing is not None:
            return existing
        minutes = candidate.opening.playbook.to_core().assessment.time_limit_minutes
        allowed = timedelta(minutes=minutes * (100 + candidate.extra_time_percent) / 100)
        session = AssessmentSession.objects.create(candidate=candidate, seed=secrets.randbits(62), started_at=now,
                                                   deadline=now + allowed, language=language)  # fmt: skip
        stages.move(candidate.pk, Candidate.Stage.IN_PROGRESS, actor(candidate))
        record(actor(candidate), "assessment.started", candidate.ref,
               {"session": session.pk, "seed": session.seed, "deadline": session.deadline.isoformat(),
                "playbook": candidate.opening.playbook.content_hash})  # fmt: skip
        return session


def answers_digest(candidate: Candidate, answers: dict[str, object]) -> str:
    """A keyed digest of a whole answer sheet, as the log records it at submission."""
    return digest(candidate.secret, answers)


def report_digest(report: dict[str, object]) -> str:
    """The digest of a stored score report (figures about answers, not the answers themselves)."""
    return sha256_hex(canonical_json(report))
