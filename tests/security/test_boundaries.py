"""Organisation boundaries: every choice of a person is limited to the organisation's members, a
name from elsewhere answers exactly as an unknown name does, and the audit page shows only the
organisation's own events and action names."""

from __future__ import annotations

import html

from django.contrib.auth.models import User
from django.test import Client

from hireplay.core.lint import load_playbook
from hireplay.web.clients.models import ClientAccount
from hireplay.web.hiring import services
from hireplay.web.hiring.models import JobOpening
from hireplay.web.orgs.models import Membership, Organization
from tests.conftest import PLAYBOOKS
from tests.web.conftest import Cast


def _owner_answer(client: Client, account: ClientAccount, username: str) -> str:
    page = client.post(f"/clients/{account.pk}/owner/", {"owner": username}, follow=True).content.decode()
    message = html.unescape(page).split('role="alert"', 1)[-1]
    return message.split("owner:", 1)[1].split("<", 1)[0].replace(username, "NAME") if "owner:" in message else ""


def test_an_owner_from_another_organisation_is_refused_like_an_unknown_name(opening: JobOpening, cast: Cast) -> None:
    agency = opening.organization.agency
    account = ClientAccount.objects.create(organization=agency, external_id="1", name="Acme")
    client = Client()
    client.force_login(cast.alice)

    elsewhere = _owner_answer(client, account, "mallory")  # a recruiter of another agency
    unknown = _owner_answer(client, account, "nosuchuser")
    ours = client.post(f"/clients/{account.pk}/owner/", {"owner": "alice"}, follow=True)

    assert elsewhere
    assert elsewhere == unknown  # the same words: nothing tells whether the name exists elsewhere
    account.refresh_from_db()
    assert account.owner == cast.alice
    assert ours.status_code == 200


def test_another_organisations_admin_sees_none_of_our_events_or_action_names(opening: JobOpening, cast: Cast) -> None:
    playbook = load_playbook(PLAYBOOKS / "account-manager-smb.yaml")
    services.open_position(opening.organization, "Ours", playbook, "user:alice")  # publishes the playbook as ours
    other = Organization.objects.get(slug="other")
    admin = User.objects.create_user("olga", "olga@example.com", "a long test password")
    Membership.objects.create(user=admin, organization=other, role=Membership.Role.ADMIN)
    services.open_position(other, "Theirs", playbook, "user:olga")  # the same content: the same pinned playbook
    client = Client()
    client.force_login(admin)

    page = html.unescape(client.get("/audit/").content.decode())
    exported = b"".join(client.get("/audit.csv").streaming_content).decode()  # type: ignore[attr-defined]

    assert "Theirs" in page or "opening" in page
    assert "user:alice" not in exported
    assert "alice" not in page
    options = page.split('name="action"', 1)[1].split("</select>", 1)[0]
    assert "opening.created" in options
    assert "candidate.added" not in options  # an action of ours, not of this organisation
