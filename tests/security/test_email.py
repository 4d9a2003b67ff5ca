"""E-mails leave after the transaction commits, through a real SMTP server (aiosmtpd on a port of
this machine); a failure is kept, shown to the recruiter, logged and tried again; a refusal for good
is not retried until a person sends it again; no e-mail is sent twice, and erasure deletes them.

These tests commit for real (transactional database), because "after the commit" is what they
check."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from hireplay.web.audit.models import AuditEvent
from hireplay.web.flows.privacy import erase
from hireplay.web.hiring import services
from hireplay.web.hiring.models import Candidate, JobOpening
from hireplay.web.outbox import mail
from hireplay.web.outbox.models import Email
from tests.proxy import free_port
from tests.web.conftest import Cast

pytestmark = pytest.mark.django_db(transaction=True)


class Inbox:
    """What the SMTP server accepted; addresses starting with "bounce" are refused for good (550)."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str]] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.startswith("bounce"):
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 Message accepted for delivery"


class Smtp:
    """A real SMTP server on a free port, started when the test wants: until then nothing listens there."""

    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self.server: Controller | None = None

    def start(self) -> None:
        self.server = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.server.start()


@pytest.fixture
def smtp(settings: Any) -> Iterator[Smtp]:
    """Real SMTP delivery, through Django's SMTP backend, to the test's server."""
    found = Smtp()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", found.port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield found
    if found.server is not None:
        found.server.stop()


def _events(action: str) -> list[dict[str, Any]]:
    return [json.loads(e.payload) for e in AuditEvent.objects.filter(action=action).order_by("pk")]


def _candidate(opening: JobOpening, email: str = "jordan@example.com") -> Candidate:
    return Candidate.objects.create(opening=opening, name="Jordan Reyes", email=email)


def _invite_then_fail(candidate: Candidate) -> None:
    with transaction.atomic():
        services.invite(candidate, "http://testserver/", by="user:alice")
        raise RuntimeError("the request failed after the invitation")


def test_the_invitation_leaves_after_the_commit_and_a_rollback_sends_nothing(opening: JobOpening, smtp: Smtp) -> None:
    inbox = smtp.inbox
    smtp.start()
    candidate = _candidate(opening)

    with transaction.atomic():
        _, link, _ = services.invite(candidate, "http://testserver/", by="user:alice")
        assert inbox.messages == []  # nothing leaves before the commit
    with pytest.raises(RuntimeError):
        _invite_then_fail(_candidate(opening, "sam@example.com"))

    ((to, text),) = inbox.messages
    assert to == ["jordan@example.com"]
    assert link in text
    assert Email.objects.get().status == Email.Status.SENT  # the rolled-back one was never stored
    assert _events("email.sent") == [{"email": Email.objects.get().pk, "kind": "invitation", "attempt": 1}]


def test_a_failed_invitation_is_shown_logged_retried_and_sent_when_the_server_is_back(
    opening: JobOpening, cast: Cast, smtp: Smtp
) -> None:
    inbox = smtp.inbox
    candidate = _candidate(opening)
    client = Client()
    client.force_login(cast.alice)

    page = client.post(f"/candidates/{candidate.pk}/invite/", follow=True).content.decode()
    dashboard = client.get("/").content.decode()

    assert "Needs attention" in page
    assert "The invitation to jordan@example.com is not sent yet" in page
    assert "refused the connection" in page
    assert "it will be tried again at" in page
    assert "Invitation sent" not in page
    row = Email.objects.get()
    assert (row.status, row.attempts) == (Email.Status.WAITING, 1)
    assert row.next_attempt_at is not None
    assert f"Send e-mail {row.pk} again" in client.get(f"/candidates/{candidate.pk}/").content.decode()
    assert "1 e-mail could not be sent" in dashboard
    ((failed,),) = [_events("email.failed")]
    assert failed["reason"] == "connection-refused"
    assert "jordan" not in json.dumps(failed)  # the log names no address

    assert mail.send_due() == (0, 0)  # not before its time
    smtp.start()
    assert mail.send_due(row.next_attempt_at + timedelta(seconds=1)) == (1, 0)

    ((to, _),) = inbox.messages
    assert to == ["jordan@example.com"]
    assert Email.objects.get().status == Email.Status.SENT
    assert _events("email.sent")[0]["attempt"] == 2
    assert "could not be sent" not in client.get("/").content.decode()


def test_a_refusal_for_good_is_not_retried_until_a_person_sends_it_again(
    opening: JobOpening, cast: Cast, smtp: Smtp
) -> None:
    inbox = smtp.inbox
    smtp.start()
    candidate = _candidate(opening, "bounce@example.com")
    client = Client()
    client.force_login(cast.alice)

    page = client.post(f"/candidates/{candidate.pk}/invite/", follow=True).content.decode()
    row = Email.objects.get()

    assert "refused the address bounce@example.com" in page
    assert "mend the cause, then use “Send again”" in page
    assert (row.status, row.next_attempt_at) == (Email.Status.FAILED, None)
    assert mail.send_due(timezone.now() + timedelta(days=2)) == (0, 0)
    Candidate.objects.filter(pk=candidate.pk).update(email="jordan@example.com")
    Email.objects.filter(pk=row.pk).update(to=["jordan@example.com"])  # the recruiter corrected the address

    again = client.post(f"/candidates/{candidate.pk}/emails/{row.pk}/send/", follow=True).content.decode()
    twice = client.post(f"/candidates/{candidate.pk}/emails/{row.pk}/send/", follow=True).content.decode()

    assert f"E-mail {row.pk} was sent." in again
    assert "already sent; it was not sent twice" in twice
    assert len(inbox.messages) == 1
    assert _events("email.resent") == [{"email": row.pk, "kind": "invitation"}]
    other = Client()
    other.force_login(cast.mallory)  # another organisation's recruiter
    assert other.post(f"/candidates/{candidate.pk}/emails/{row.pk}/send/").status_code == 404


def test_send_again_while_another_process_is_sending_does_not_send_twice(
    opening: JobOpening, cast: Cast, smtp: Smtp
) -> None:
    inbox = smtp.inbox
    candidate = _candidate(opening)
    services.invite(candidate, "http://testserver/", by="user:alice")  # the server is down: it waits
    row = Email.objects.get()
    smtp.start()
    # Another process has just claimed it and is sending it now.
    Email.objects.filter(pk=row.pk).update(claimed_until=timezone.now() + timedelta(minutes=5))
    client = Client()
    client.force_login(cast.alice)

    page = client.post(f"/candidates/{candidate.pk}/emails/{row.pk}/send/", follow=True).content.decode()

    assert inbox.messages == []
    assert "it is being sent at this moment by another process" in page
    assert mail.send_due(timezone.now() + timedelta(minutes=1)) == (0, 0)  # nor by the retry job
    Email.objects.filter(pk=row.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))  # that try died
    assert mail.send_due(timezone.now() + timedelta(minutes=1)) == (1, 0)
    assert len(inbox.messages) == 1


def test_an_interview_booked_while_the_mail_server_is_down_says_so_and_keeps_both_e_mails(
    scored: Candidate, cast: Cast, smtp: Smtp
) -> None:
    client = Client()
    client.force_login(cast.alice)

    page = client.post(f"/candidates/{scored.pk}/schedule/", {"starts_at": "2026-12-01T09:30", "minutes": "45"},
                       follow=True).content.decode()  # fmt: skip

    assert "The interview is booked for" in page
    assert "but its e-mail is not sent yet" in page
    assert sorted(Email.objects.filter(kind__startswith="interview").values_list("kind", flat=True)) == [
        "interview", "interview-panel"]  # fmt: skip
    assert scored.interview.minutes == 45


def test_many_processes_sending_at_once_send_each_e_mail_once(opening: JobOpening, smtp: Smtp) -> None:
    inbox = smtp.inbox
    row = mail.queue(EmailMessage(subject="s", body="b", to=["jordan@example.com"]), "invitation", "candidate:1",
                     opening.organization)  # fmt: skip  # outside a transaction: tried at once, and it fails
    assert Email.objects.get(pk=row.pk).attempts == 1
    Email.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() - timedelta(minutes=1))
    inbox.messages.clear()
    smtp.start()
    start = threading.Barrier(6)

    def worker() -> None:
        try:
            start.wait()
            mail.send_due()
        finally:
            connection.close()  # each thread's own connection, or PostgreSQL keeps the test database busy

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(inbox.messages) == 1
    assert Email.objects.get(pk=row.pk).status == Email.Status.SENT


def test_erasing_a_candidate_deletes_what_was_written_to_them(opening: JobOpening, smtp: Smtp) -> None:
    candidate = _candidate(opening)
    services.invite(candidate, "http://testserver/", by="user:alice")  # fails: the server is not started
    assert Email.objects.filter(candidate=candidate).count() == 1

    erase(candidate, "user:alice")

    assert not Email.objects.filter(candidate=candidate).exists()
    assert mail.send_due(timezone.now() + timedelta(days=1)) == (0, 0)  # nothing left to send to them


def test_the_api_says_whether_the_invitation_e_mail_left(opening: JobOpening, cast: Cast, smtp: Smtp) -> None:
    from hireplay.web.orgs.models import ApiToken

    token = ApiToken.issue(cast.alice, "ats")
    candidate = _candidate(opening)

    answer = Client().post(f"/api/candidates/{candidate.pk}/invitations", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert answer.status_code == 201
    body = answer.json()
    assert body["email"] == "waiting"
    assert "refused the connection" in body["email_problem"]
