"""Rejecting several candidates at once: a confirmation that lists who is left out and why, one
reason and disposition, each rejection a decision of the named person, e-mails held for the undo
window, and an undo that puts the candidates on hold and stops the e-mails before they leave."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core import mail
from django.test import Client
from django.utils import timezone

from hireplay.web.decisions.models import BulkRejection, Decision
from hireplay.web.flows.proof import verify_state
from hireplay.web.hiring import services
from hireplay.web.hiring.models import Candidate, JobOpening
from hireplay.web.outbox.mail import send_due
from hireplay.web.outbox.models import Email
from tests.web.conftest import Cast, scored_candidate

REASON = "The assessment and the interview show less depth than the role needs."


def _post(client: Client, opening: JobOpening, ids: list[int], **fields: Any) -> Any:
    return client.post(f"/openings/{opening.pk}/bulk/", {"candidate": ids, "action": "reject", **fields})


def test_the_confirmation_lists_who_is_left_out_and_a_refusal_decides_nothing(opening: JobOpening, cast: Cast) -> None:
    jordan, kim = (
        scored_candidate(opening, "Jordan", "jordan@example.com"),
        scored_candidate(opening, "Kim", "kim@example.com"),
    )
    lee = services.add_candidates(opening, [{"name": "Lee", "email": "lee@example.com"}], "user:alice")[0]
    hana = Client()
    hana.force_login(cast.hana)

    page = _post(hana, opening, [jordan.pk, kim.pk, lee.pk]).content.decode()
    refused = _post(hana, opening, [jordan.pk, kim.pk], confirm="yes", disposition="", reason="")

    assert "Reject these candidates?" in page
    assert "Lee: no assessment result yet" in page
    assert f'name="candidate" value="{jordan.pk}"' in page
    assert refused.status_code == 400
    assert "choose the reason for the rejection" in refused.content.decode().lower()
    assert not Decision.objects.exists()


def test_rejections_hold_their_emails_for_the_window_and_an_undo_puts_the_candidates_on_hold(
    opening: JobOpening, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    jordan, kim = (
        scored_candidate(opening, "Jordan", "jordan@example.com"),
        scored_candidate(opening, "Kim", "kim@example.com"),
    )
    hana = Client()
    hana.force_login(cast.hana)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        done = _post(hana, opening, [jordan.pk, kim.pk], confirm="yes", reason=REASON, tell="yes",
                     disposition="Assessment below the bar")  # fmt: skip

    assert done.status_code == 302
    assert {c.stage for c in Candidate.objects.filter(pk__in=[jordan.pk, kim.pk])} == {"rejected"}
    assert Decision.objects.filter(outcome="reject", decided_by=cast.hana).count() == 2
    held = Email.objects.filter(kind="rejection")
    assert held.count() == 2
    assert all(e.next_attempt_at > timezone.now() + timedelta(minutes=9) for e in held)
    assert mail.outbox == []  # nothing leaves during the window
    board = hana.get(f"/openings/{opening.pk}/").content.decode()
    assert "You rejected 2 candidates at" in board
    bulk = BulkRejection.objects.get()

    undone = hana.post(f"/openings/{opening.pk}/bulk/{bulk.pk}/undo/", follow=True).content.decode()

    assert "2 candidates are on hold instead of rejected, and 2 e-mails were stopped" in undone
    assert {c.stage for c in Candidate.objects.filter(pk__in=[jordan.pk, kim.pk])} == {"on_hold"}
    assert not Email.objects.filter(kind="rejection").exists()
    assert verify_state().differences == []
    again = hana.post(f"/openings/{opening.pk}/bulk/{bulk.pk}/undo/", follow=True).content.decode()
    assert "undone already" in again


def test_after_the_window_the_emails_leave_and_undo_is_refused(
    opening: JobOpening, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    jordan = scored_candidate(opening, "Jordan", "jordan@example.com")
    hana = Client()
    hana.force_login(cast.hana)
    with django_capture_on_commit_callbacks(execute=True):
        _post(
            hana, opening, [jordan.pk], confirm="yes", reason=REASON, tell="yes", disposition="Assessment below the bar"
        )
    bulk = BulkRejection.objects.get()
    BulkRejection.objects.filter(pk=bulk.pk).update(undo_until=timezone.now() - timedelta(seconds=1))
    mail.outbox.clear()

    sent, _ = send_due(now=timezone.now() + timedelta(minutes=11))
    late = hana.post(f"/openings/{opening.pk}/bulk/{bulk.pk}/undo/", follow=True).content.decode()

    assert sent >= 1
    assert [m.to for m in mail.outbox if m.subject.startswith("Your application")] == [["jordan@example.com"]]
    assert Email.objects.get(kind="rejection").status == Email.Status.SENT
    assert "undo window closed" in late
    assert Candidate.objects.get(pk=jordan.pk).stage == "rejected"


def test_a_recruiter_may_only_propose_so_everyone_is_left_out(opening: JobOpening, cast: Cast) -> None:
    jordan = scored_candidate(opening, "Jordan", "jordan@example.com")
    alice = Client()
    alice.force_login(cast.alice)

    page = _post(alice, opening, [jordan.pk]).content.decode()

    assert "None of the chosen candidates can be rejected here." in page
    assert "you may propose a decision on them, not take it" in page
