"""An organisation's own key-account policy: edited as YAML with located problems, previewed
against the stored base, adopted by an administrator (versioned, an audit event), then used by
every classification; a stored version that no longer reads is reported, not used."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client

from hireplay.core.canonical import sha256_hex
from hireplay.web.audit.models import AuditEvent
from hireplay.web.clients import services
from hireplay.web.clients.models import ClientAccount, ClientPolicy
from hireplay.web.flows.demo_clients import demo_files
from hireplay.web.orgs.models import Membership, Organization
from tests.web.conftest import Cast
from tests.web.test_client_week import _parse

SHIPPED = services.default_policy_path().read_text()
STRICTER = SHIPPED.replace("  - id: key\n    name: Key account\n", "  - id: key\n    name: Key account\n", 1).replace(
    "    min_score: 60\n    min_known_weight: 60\n", "    min_score: 95\n    min_known_weight: 60\n", 1
)


@pytest.fixture
def agency(cast: Cast, opening: object) -> Organization:
    organization: Organization = opening.organization.agency  # type: ignore[attr-defined]
    accounts, deals = demo_files(date.today())
    services.import_accounts(organization, _parse(accounts.decode(), "accounts"), _parse(deals.decode(), "engagements"),
                             "user:alice")  # fmt: skip
    services.classify_organization(organization, date.today() - timedelta(days=1), "user:alice")
    return organization


@pytest.fixture
def boss(agency: Organization) -> User:
    user = User.objects.create_user("boss", "boss@example.com", "a long test password")
    Membership.objects.create(user=user, organization=agency, role=Membership.Role.ADMIN)
    return user


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_policy_with_problems_is_refused_with_each_problem_located(agency: Organization, boss: User) -> None:
    broken = SHIPPED.replace("weight: 25", "weight: 35", 1).replace("at_least: growth", "at_least: grwth", 1)

    response = _as(boss).post("/clients/policy/", {"org": agency.slug, "action": "preview", "text": broken})
    adopt = _as(boss).post("/clients/policy/", {"org": agency.slug, "action": "adopt", "text": broken,
                                                "previewed": sha256_hex(broken)})  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 400
    assert 'aria-describedby="policy-problems"' in page
    assert "the criteria&#x27;s weights add up to 110, not 100" in page
    assert "&#x27;grwth&#x27; is not a defined tier (did you mean &#x27;growth&#x27;?)" in page
    assert "policy.yaml:" in page  # each problem with its line and column
    assert adopt.status_code == 400
    assert not ClientPolicy.objects.exists()


def test_preview_then_adopt_by_an_administrator_and_classifications_follow(
    agency: Organization, cast: Cast, boss: User
) -> None:
    key_now = ClientAccount.objects.filter(organization=agency, tier="key").count()
    assert key_now > 0

    preview = _as(cast.alice).post("/clients/policy/", {"org": agency.slug, "action": "preview", "text": STRICTER})
    refused = _as(cast.alice).post("/clients/policy/", {"org": agency.slug, "action": "adopt", "text": STRICTER,
                                                        "previewed": sha256_hex(STRICTER)})  # fmt: skip
    unpreviewed = _as(boss).post("/clients/policy/", {"org": agency.slug, "action": "adopt", "text": STRICTER,
                                                      "previewed": sha256_hex(SHIPPED)})  # fmt: skip
    adopted = _as(boss).post("/clients/policy/", {"org": agency.slug, "action": "adopt", "text": STRICTER,
                                                  "previewed": sha256_hex(STRICTER), "note": "Key is for the few"})  # fmt: skip

    page = preview.content.decode()
    assert preview.status_code == 200
    said = re.search(r"By key-accounts-default 1\.0, (\d+) accounts? would change tier \(of (\d+) accounts\)", page)
    assert said, page
    assert int(said.group(1)) >= key_now  # every key account moves, and whatever followed them
    assert int(said.group(2)) == ClientAccount.objects.filter(organization=agency).count()
    assert "An administrator of the organisation adopts a policy." in page  # Alice recruits: no adopt button
    assert refused.status_code == 403
    assert unpreviewed.status_code == 400
    assert "preview this text before adopting it" in unpreviewed.content.decode()
    assert adopted.status_code == 302
    version = ClientPolicy.objects.get(organization=agency)
    assert (version.number, version.adopted_by, version.note) == (1, boss, "Key is for the few")
    assert sum(version.preview.values()) >= key_now
    event = AuditEvent.objects.get(action="clients.policy_adopted")
    assert json.loads(event.payload)["hash"] == version.content_hash
    assert ClientAccount.objects.filter(organization=agency, tier="key").count() == key_now  # not yet reclassified

    services.classify_organization(agency, date.today(), "user:boss")

    assert ClientAccount.objects.filter(organization=agency, tier="key").count() == 0
    latest = ClientAccount.objects.filter(organization=agency).select_related("latest").first()
    assert latest is not None
    assert latest.latest is not None
    assert latest.latest.policy_hash == version.content_hash


def test_a_stored_policy_that_no_longer_reads_is_reported_and_not_used(agency: Organization, boss: User) -> None:
    services.adopt_policy(agency, STRICTER, "", boss)
    ClientPolicy.objects.update(text=STRICTER.replace("min_score: 95", "min_score: 5"))  # edited behind our back

    page = _as(boss).get("/clients/policy/", {"org": agency.slug}).content.decode()

    assert services.policy_for(agency).content_hash == services.default_policy().content_hash
    assert "does not match the hash recorded when it was adopted" in services.policy_problem(agency)
    assert "The newest stored version cannot be read" in page


def test_a_belgian_organisation_without_its_own_policy_sees_money_in_euros(agency: Organization, boss: User) -> None:
    agency.time_zone = "Europe/Brussels"
    agency.save(update_fields=["time_zone"])

    services.classify_organization(agency, date.today(), "user:boss")
    page = _as(boss).get("/clients/policy/", {"org": agency.slug}).content.decode()

    assert services.policy_for(agency).currency == "EUR"
    verdant = ClientAccount.objects.select_related("latest").get(organization=agency, name="Verdant Foods")
    assert verdant.latest is not None
    assert " EUR in the last 12 months" in verdant.latest.result["rationale"]
    assert "currency: EUR" in page
    assert services.local_currency("America/New_York") == "USD"
    assert services.local_currency("UTC") == "USD"
