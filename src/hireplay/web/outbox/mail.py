"""Sending e-mail so that none is lost and none is claimed sent that was not.

`queue` stores the message in the caller's transaction: if that transaction rolls back, nothing
is sent; once it commits, the message is sent at once (`transaction.on_commit`). A failure is kept
on the row, shown to the recruiter beside the candidate and on the dashboard, logged as an
`email.failed` event, and tried again later (`send_due`, which `hireplay email send` runs):
after 1, 5, 15, 60, 180 and 720 minutes. A refusal that will not change (an address the server
rejects, a 5xx answer) is not retried; the e-mail is marked "not sent" and a recruiter may send it
again by hand once the cause is mended.

Two processes never send the same e-mail twice: each attempt first claims the row with one
conditional UPDATE that sets a lease (`claimed_until`); only the claimant sends, and nothing, not
even a recruiter's "Send again", claims it while the lease runs.
"""

from __future__ import annotations

import base64
import logging
import smtplib
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hireplay.web.audit.catalogue import actor
from hireplay.web.audit.log import record
from hireplay.web.outbox.models import Email

log = logging.getLogger("hireplay.mail")

RETRY_MINUTES = (1, 5, 15, 60, 180, 720)  # after the first attempt; then the e-mail is "not sent"
LEASE = timedelta(minutes=5)  # an attempt in progress holds its row this long at most
JOB = actor(job="mail")


def queue(message: EmailMessage, kind: str, about: str, organization: Any = None, candidate: Any = None,
          not_before: datetime | None = None) -> Email:  # fmt: skip
    """Store the message now (in the caller's transaction) and send it once that commits, or from
    `not_before` on (then `hireplay email send` sends it, which `hireplay serve` runs every minute)."""
    now = timezone.now()
    row = Email.objects.create(
        organization=organization, candidate=candidate, about=about, kind=kind, to=list(message.to),
        subject=str(message.subject), body=str(message.body), created_at=now, next_attempt_at=not_before or now,
        attachments=[{"name": name, "mimetype": mimetype,
                      "content": base64.b64encode(content if isinstance(content, bytes) else content.encode()).decode()}
                     for name, content, mimetype in message.attachments],
    )  # fmt: skip
    transaction.on_commit(partial(deliver, row.pk), robust=True)
    return row


def _message(row: Email) -> EmailMessage:
    message = EmailMessage(subject=row.subject, body=row.body, to=row.to)
    for a in row.attachments:
        message.attach(a["name"], base64.b64decode(a["content"]), a["mimetype"])
    return message


@dataclass(frozen=True)
class Failure:
    words: str  # for the recruiter (may quote the server)
    reason: str  # for the audit log: a category with no address or name in it
    permanent: bool


def failure(problem: BaseException) -> Failure:
    """What went wrong, in words, and whether trying again could help."""
    if isinstance(problem, smtplib.SMTPRecipientsRefused):
        return Failure("the mail server refused the address " + ", ".join(problem.recipients), "address-refused", True)
    if isinstance(problem, smtplib.SMTPAuthenticationError):
        return Failure("the mail server refused our user name or password (check HIREPLAY_EMAIL_URL)",
                       "login-refused", False)  # fmt: skip
    if isinstance(problem, smtplib.SMTPResponseException):
        said = (
            problem.smtp_error.decode(errors="replace")
            if isinstance(problem.smtp_error, bytes)
            else str(problem.smtp_error)
        )
        return Failure(f"the mail server answered {problem.smtp_code}: {said[:200]}", f"smtp-{problem.smtp_code}",
                       500 <= problem.smtp_code < 600)  # fmt: skip
    if isinstance(problem, smtplib.SMTPServerDisconnected):
        return Failure("the mail server closed the connection", "disconnected", False)
    if isinstance(problem, ConnectionRefusedError):
        return Failure("the mail server refused the connection (is it running, and is the port right?)",
                       "connection-refused", False)  # fmt: skip
    if isinstance(problem, socket.gaierror):
        return Failure("the mail server's name could not be found", "unknown-host", False)
    if isinstance(problem, TimeoutError):
        return Failure("the mail server did not answer in time", "timeout", False)
    if isinstance(problem, (OSError, smtplib.SMTPException)):
        return Failure(f"the mail server could not be reached ({problem})"[:300], type(problem).__name__, False)
    return Failure(f"the e-mail could not be written ({type(problem).__name__}); it was not sent",
                   type(problem).__name__, True)  # fmt: skip


def deliver(pk: int, now: datetime | None = None) -> Email | None:
    """Try to send one waiting e-mail whose time has come; the row as it is afterwards (None when
    it no longer exists). Another process's attempt in progress is left alone."""
    now = now or timezone.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    claimed = Email.objects.filter(free, pk=pk, status=Email.Status.WAITING, next_attempt_at__lte=now).update(
        claimed_until=now + LEASE
    )
    row = Email.objects.filter(pk=pk).first()
    if not claimed or row is None:
        return row
    attempt = row.attempts + 1
    try:
        _message(row).send()
    except Exception as problem:  # every failure is kept and shown: an e-mail is never lost silently
        log.warning("e-mail %s (%s) attempt %s failed", pk, row.kind, attempt, exc_info=True)
        found = failure(problem)
        gives_up = found.permanent or attempt > len(RETRY_MINUTES)
        retry_at = None if gives_up else now + timedelta(minutes=RETRY_MINUTES[attempt - 1])
        with transaction.atomic():
            Email.objects.filter(pk=pk).update(
                attempts=attempt, last_attempt_at=now, last_error=found.words, next_attempt_at=retry_at,
                status=Email.Status.FAILED if gives_up else Email.Status.WAITING, claimed_until=None,
            )  # fmt: skip
            record(JOB, "email.failed", row.about, {"email": pk, "kind": row.kind, "attempt": attempt,
                                                    "reason": found.reason,
                                                    "retry_at": retry_at.isoformat() if retry_at else ""})  # fmt: skip
    else:
        with transaction.atomic():
            Email.objects.filter(pk=pk).update(attempts=attempt, last_attempt_at=now, sent_at=now, last_error="",
                                               next_attempt_at=None, status=Email.Status.SENT,
                                               claimed_until=None)  # fmt: skip
            record(JOB, "email.sent", row.about, {"email": pk, "kind": row.kind, "attempt": attempt})
    return Email.objects.filter(pk=pk).first()


def send_due(now: datetime | None = None, limit: int = 500) -> tuple[int, int]:
    """Send the waiting e-mails whose time has come (oldest first); how many were sent and how many
    failed this time."""
    now = now or timezone.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    due = list(Email.objects.filter(free, status=Email.Status.WAITING, next_attempt_at__lte=now)
               .order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])  # fmt: skip
    sent = failed = 0
    for pk in due:
        row = deliver(pk, now)
        if row is not None and row.last_attempt_at == now:
            sent += row.status == Email.Status.SENT
            failed += row.status != Email.Status.SENT
    return sent, failed


def send_again(row: Email, by: str) -> None:
    """A recruiter asks for an e-mail that failed (or waits for its next try) to be sent now."""
    if row.status == Email.Status.SENT:
        return
    with transaction.atomic():
        changed = (
            Email.objects.filter(pk=row.pk)
            .exclude(status=Email.Status.SENT)
            .update(status=Email.Status.WAITING, next_attempt_at=timezone.now())
        )
        if changed:
            record(by, "email.resent", row.about, {"email": row.pk, "kind": row.kind})
            transaction.on_commit(partial(deliver, row.pk), robust=True)


def outcome(rows: Iterable[Email]) -> tuple[bool, str]:
    """Whether every one of these e-mails is sent, and a sentence that says what happened (after
    the transaction that queued them committed)."""
    fresh = list(Email.objects.filter(pk__in=[r.pk for r in rows]).order_by("pk"))
    problems = [r for r in fresh if r.status != Email.Status.SENT]
    if not problems:
        return True, ""
    parts = []
    now = timezone.now()
    for r in problems:
        if r.claimed_until is not None and r.claimed_until > now:
            parts.append("it is being sent at this moment by another process; look again in a minute")
        elif r.attempts == 0:
            parts.append("it waits to be sent")
        elif r.status == Email.Status.FAILED:
            parts.append(f"it could not be sent: {r.last_error}; mend the cause, then use “Send again”")
        else:
            retry = r.next_attempt_at.strftime("%H:%M UTC") if r.next_attempt_at else "later"
            parts.append(f"it could not be sent: {r.last_error}; it will be tried again at {retry}")
    return False, "; ".join(dict.fromkeys(parts))


def unsent(organizations: Any, limit: int = 20) -> tuple[int, list[Email]]:
    """The e-mails of these organisations that have failed at least once and are not sent yet: how
    many, and the most recent (with their candidates), for the dashboard."""
    rows = Email.objects.filter(organization__in=organizations, attempts__gt=0).exclude(status=Email.Status.SENT)
    return rows.count(), list(rows.select_related("candidate__opening").order_by("-pk")[:limit])
