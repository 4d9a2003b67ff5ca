"""Assessment links can be revoked: a new invitation before the attempt replaces the earlier
links, a recruiter can revoke any link at once, and every revocation is in the audit log."""

from __future__ import annotations

import html
import json
from typing import Any

from django.core import mail
from django.test import Client

from hireplay.web.audit.models import AuditEvent
from hireplay.web.hiring import services
from hireplay.web.hiring.models import AssessmentSession, Candidate, Invitation, JobOpening
from tests.web.conftest import Cast, save_as


def _token_of(invitation: Invitation) -> str:
    return services.invitation_token(invitation)


def test_a_new_invitation_replaces_the_earlier_links(
    opening: JobOpening, django_capture_on_commit_callbacks: Any
) -> None:
    candidate = Candidate.objects.create(opening=opening, name="Jordan Reyes", email="jordan@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        first, _, _ = services.invite(candidate, "http://testserver/", by="user:alice")
        second, _, _ = services.invite(candidate, "http://testserver/", by="user:alice")
    client = Client()

    assert client.get(f"/a/{_token_of(first)}/").status_code == 404
    assert client.post(f"/a/{_token_of(first)}/start/").status_code == 404
    assert client.get(f"/a/{_token_of(second)}/").status_code == 200
    event = AuditEvent.objects.get(action="invitation.revoked")
    assert (event.actor, event.subject) == ("user:alice", candidate.ref)
    assert json.loads(event.payload) == {"invitation": first.pk, "why": "replaced by a new invitation"}
    assert len(mail.outbox) == 2


def test_links_keep_reaching_an_attempt_in_progress_until_a_recruiter_revokes_one(
    session: AssessmentSession, cast: Cast
) -> None:
    candidate = session.candidate
    first = candidate.invitations.get()
    second, _, _ = services.invite(candidate, "http://testserver/", by="user:alice")  # another device, mid-attempt
    assert not Invitation.objects.get(pk=first.pk).revoked
    assert save_as(session, "client-email", "draft one", 1) == "saved"
    client = Client()
    client.force_login(cast.alice)

    response = client.post(f"/candidates/{candidate.pk}/links/{first.pk}/revoke/", follow=True)
    again = client.post(f"/candidates/{candidate.pk}/links/{first.pk}/revoke/", follow=True)

    assert f"Link {first.pk} revoked" in response.content.decode()
    assert "already revoked" in again.content.decode()
    assert Client().get(f"/a/{_token_of(first)}/").status_code == 404
    stale = Client().post(f"/a/{_token_of(first)}/save/", data='{"item": "client-email", "value": "x", "seq": 2}',
                          content_type="application/json")  # fmt: skip
    assert stale.status_code in (404, 409)
    assert session.answers.get(item_id="client-email").value == "draft one"
    assert Client().get(f"/a/{_token_of(second)}/").status_code != 404  # the other link still reaches the attempt
    assert AuditEvent.objects.filter(action="invitation.revoked").count() == 1


def test_only_the_organisations_recruiters_revoke_links(session: AssessmentSession, cast: Cast) -> None:
    link = session.candidate.invitations.get()
    for who in (cast.mallory, cast.ivan):
        client = Client()
        client.force_login(who)
        assert client.post(f"/candidates/{session.candidate.pk}/links/{link.pk}/revoke/").status_code in (403, 404)
    assert not Invitation.objects.get(pk=link.pk).revoked


def test_a_link_of_another_candidate_cannot_be_revoked_through_this_one(opening: JobOpening, cast: Cast) -> None:
    jordan = Candidate.objects.create(opening=opening, name="Jordan Reyes", email="jordan@example.com")
    sam = Candidate.objects.create(opening=opening, name="Sam Lee", email="sam@example.com")
    samlink, _, _ = services.invite(sam, "http://testserver/", by="user:alice")
    client = Client()
    client.force_login(cast.alice)

    page = html.unescape(
        client.post(f"/candidates/{jordan.pk}/links/{samlink.pk}/revoke/", follow=True).content.decode()
    )

    assert "is not one of this candidate's links" in page
    assert not Invitation.objects.get(pk=samlink.pk).revoked
