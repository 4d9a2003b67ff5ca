"""The administration pages: every page of every registered model, walked as every kind of person
(only platform administrators get in); what they change is validated and written to the audit log,
which still verifies; a token made there is shown once and works, and deleting it revokes it."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from hireplay.web.audit.log import check
from hireplay.web.audit.models import AuditEvent
from hireplay.web.decisions.models import DispositionReason
from hireplay.web.hiring.models import JobOpening
from hireplay.web.orgs.models import ApiToken, Membership, Organization
from hireplay.web.pages.admin import site
from tests.web.conftest import Cast


@pytest.fixture
def root(db: None) -> User:
    return User.objects.create_superuser("root", "root@example.com", "a long test password")


@pytest.fixture
def org_admin(opening: JobOpening) -> User:
    """An organisation's own administrator: not a platform administrator."""
    person = User.objects.create_user("olga", "olga@example.com", "a long test password")
    Membership.objects.create(user=person, organization=opening.organization, role=Membership.Role.ADMIN)
    return person


def _pages(cast: Cast, opening: JobOpening) -> list[str]:
    """Every page of the administration: its index, and each model's list, form, history and deletion."""
    DispositionReason.objects.create(organization=opening.organization, label="Other", position=0)
    ApiToken.issue(cast.alice, "ats")
    pages = ["/admin/", "/admin/password_change/"]
    for model in site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        some = model._default_manager.order_by("pk").first()
        assert some is not None, f"no {model.__name__} to walk"
        pages += [base, f"{base}add/", f"{base}{some.pk}/change/", f"{base}{some.pk}/history/",
                  f"{base}{some.pk}/delete/"]  # fmt: skip
    return pages


def test_only_platform_administrators_reach_any_administration_page(
    cast: Cast, opening: JobOpening, root: User, org_admin: User
) -> None:
    pages = _pages(cast, opening)
    people: dict[str, Client] = {}
    for who, user in {"anonymous": None, "alice (recruiter)": cast.alice, "ivan (interviewer)": cast.ivan,
                      "olga (an organisation's administrator)": org_admin, "root": root}.items():  # fmt: skip
        client = Client()
        if user is not None:
            client.force_login(user)
        people[who] = client

    for page in pages:
        anonymous = people["anonymous"].get(page, follow=True)
        assert anonymous.redirect_chain[-1][0].startswith("/login/?next=%2Fadmin%2F"), page  # our sign-in page
        assert 'name="password"' in anonymous.content.decode()
        for who in ("alice (recruiter)", "ivan (interviewer)", "olga (an organisation's administrator)"):
            refused = people[who].get(page, follow=True)
            assert refused.status_code == 403, (who, page)
            assert "for the platform's administrators" in refused.content.decode(), (who, page)
            assert people[who].post(page, {"post": "yes"}).status_code in (302, 403), (who, page)
        kept = re.fullmatch(r"/admin/(orgs/organization|auth/user)/\d+/delete/", page)  # deactivated, never deleted
        assert people["root"].get(page).status_code == (403 if kept else 200), page
    assert Organization.objects.count() == 3  # nobody's POST above changed anything
    assert ApiToken.objects.count() == 1


def _post(client: Client, path: str, data: dict[str, Any]) -> str:
    response = client.post(path, data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def _event(action: str) -> tuple[str, str, dict[str, Any]]:
    event = AuditEvent.objects.filter(action=action).order_by("-pk").first()
    assert event is not None, f"no {action} event"
    return event.actor, event.subject, json.loads(event.payload)


def test_an_organisation_is_validated_beside_its_fields_and_each_change_is_an_audit_event(
    opening: JobOpening, root: User
) -> None:
    client = Client()
    client.force_login(root)
    form = {"name": "Halden Staffing", "slug": "halden", "kind": "company", "agency": opening.organization.pk,
            "retention_days": "0", "time_zone": "Mars/Olympus", "contact_email": "jobs@halden.example"}  # fmt: skip

    refused = _post(client, "/admin/orgs/organization/add/", form)

    assert "Give a number of days from 1 to 36500" in refused
    assert "Select a valid choice" in refused  # the time zone
    assert "Choose a recruitment agency" in refused  # Verdant is a company
    assert not Organization.objects.filter(slug="halden").exists()

    _post(client, "/admin/orgs/organization/add/", {**form, "retention_days": "365", "time_zone": "Europe/Brussels",
                                                    "agency": opening.organization.agency_id})  # fmt: skip
    halden = Organization.objects.get(slug="halden")
    actor, subject, payload = _event("admin.added")
    assert (actor, subject) == ("user:root", f"organization:{halden.pk}")
    assert payload["values"]["retention_days"] == 365
    assert payload["values"]["time_zone"] == "Europe/Brussels"

    _post(client, f"/admin/orgs/organization/{halden.pk}/change/",
          {**form, "retention_days": "", "time_zone": "Europe/Brussels", "agency": opening.organization.agency_id})  # fmt: skip
    _, _, changed = _event("admin.changed")
    assert changed["fields"] == ["Retention days"]
    assert changed["values"]["retention_days"] is None
    assert Organization.objects.get(pk=halden.pk).retention_days is None
    assert check().intact


def test_people_and_roles_are_managed_and_logged_without_their_names_or_passwords(
    opening: JobOpening, root: User
) -> None:
    client = Client()
    client.force_login(root)

    _post(client, "/admin/auth/user/add/", {"username": "nadia", "usable_password": "true",
                                            "password1": "Orchard-lamp-91-quietly", "password2": "Orchard-lamp-91-quietly"})  # fmt: skip
    nadia = User.objects.get(username="nadia")
    _post(client, "/admin/orgs/membership/add/",
          {"user": nadia.pk, "organization": opening.organization.pk, "role": "recruiter"})  # fmt: skip
    membership = Membership.objects.get(user=nadia)
    _post(client, f"/admin/orgs/membership/{membership.pk}/change/",
          {"user": nadia.pk, "organization": opening.organization.pk, "role": "admin"})  # fmt: skip
    _post(client, f"/admin/auth/user/{nadia.pk}/change/",
          {"username": "nadia", "first_name": "Nadia", "last_name": "Okafor", "email": "nadia@example.com",
           "is_active": "on", "last_login_0": "", "date_joined_0": "2026-11-26", "date_joined_1": "10:00"})  # fmt: skip

    assert nadia.check_password("Orchard-lamp-91-quietly")
    assert Membership.objects.get(pk=membership.pk).role == "admin"
    _, subject, role = _event("admin.changed")
    assert subject == "user:nadia"
    assert {"First name", "Last name", "Email address"} <= set(role["fields"])
    text = " ".join(e.payload for e in AuditEvent.objects.filter(action__startswith="admin."))
    assert "Okafor" not in text
    assert "nadia@example.com" not in text
    assert "Orchard" not in text
    assert "pbkdf2" not in text
    assert "argon2" not in text
    roles = [
        json.loads(e.payload)
        for e in AuditEvent.objects.filter(action="admin.changed", subject__startswith="organization:")
    ]
    assert roles[-1]["values"]["role"] == "admin"
    assert roles[-1]["fields"] == ["Role"]
    assert check().intact


def test_a_token_made_on_the_administration_pages_is_shown_once_works_and_is_revoked_by_deleting_it(
    cast: Cast, root: User
) -> None:
    client = Client()
    client.force_login(root)

    page = _post(client, "/admin/orgs/apitoken/add/", {"user": cast.alice.pk, "name": "ATS"})
    shown = re.search(r"hp_[A-Za-z0-9_-]{30,}", page)
    assert shown is not None
    token = ApiToken.objects.get(name="ATS")
    assert token.digest == ApiToken.digest_of(shown.group(0))
    assert shown.group(0) not in client.get(f"/admin/orgs/apitoken/{token.pk}/change/").content.decode()
    api = Client(HTTP_AUTHORIZATION=f"Bearer {shown.group(0)}")
    assert api.get("/api/openings").status_code == 200
    assert shown.group(0) not in AuditEvent.objects.get(action="admin.added", subject="user:alice").payload

    _post(client, f"/admin/orgs/apitoken/{token.pk}/delete/", {"post": "yes"})

    assert api.get("/api/openings").status_code == 401
    _, subject, payload = _event("admin.deleted")
    assert (subject, payload["model"], payload["values"]["name"]) == ("user:alice", "apitoken", "ATS")
    assert "digest" not in payload["values"]
    assert check().intact
