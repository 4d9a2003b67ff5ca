"""A large CRM import runs in the background: the request answers at once, the job's page shows its
progress and then its report; the same import run twice writes nothing twice."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone

from hireplay.web.clients import services
from hireplay.web.clients.models import ClientAccount, Engagement, ImportJob
from hireplay.web.orgs.models import Membership, Organization
from tests.web.test_client_week import _parse

pytestmark = pytest.mark.django_db(transaction=True)

COMPANIES = "Record ID,Company name,Company owner\n" + "".join(f"{i},Company {i},nadia\n" for i in range(1, 301))
DEALS = "Deal ID,Associated Company ID,Close Date,Amount,Deal Stage\n" + "".join(
    f"d{i},{1 + i % 300},2026-0{1 + i % 9}-1{i % 9},{100 + i},closedwon\n" for i in range(900)
)


@pytest.fixture
def setup() -> tuple[Organization, User]:
    agency = Organization.objects.create(name="Northline", slug="northline", kind=Organization.Kind.AGENCY)
    rita = User.objects.create_user("rita", "rita@example.com", "a long test password")
    Membership.objects.create(user=rita, organization=agency, role=Membership.Role.RECRUITER)
    return agency, rita


@override_settings(HIREPLAY_IMPORT_INLINE_BYTES=1000)
def test_a_large_import_runs_in_the_background_with_its_progress_then_its_report(
    setup: tuple[Organization, User],
) -> None:
    agency, rita = setup
    client = Client()
    client.force_login(rita)

    response = client.post(f"/clients/import/?org={agency.slug}", {
        "accounts": SimpleUploadedFile("companies.csv", COMPANIES.encode(), "text/csv"),
        "engagements": SimpleUploadedFile("deals.csv", (DEALS + "d9999,77777,2026-01-01,5,closedwon\n").encode(),
                                          "text/csv"),
        "valid_only": "1",
    })  # fmt: skip

    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == f"/clients/import/jobs/{job.pk}/"
    waited = 0.0
    while job.status == ImportJob.Status.RUNNING and waited < 60:
        page = client.get(response["Location"]).content.decode()
        assert "<progress" in page or "Imported:" in page
        time.sleep(0.2)
        waited += 0.2
        job.refresh_from_db()
    page = client.get(response["Location"]).content.decode()
    assert job.status == ImportJob.Status.DONE, job.error
    assert (job.done, job.total) == (job.total, 300 + 900)  # the refused deal is not counted as work
    assert "Imported: 300 new and 0 updated accounts, 900 engagements." in page
    assert "deals.csv, line 902, column &#x27;Associated Company ID&#x27;: &#x27;77777&#x27; is neither" in page
    assert ClientAccount.objects.count() == 300
    assert Engagement.objects.count() == 900
    assert "Done" in client.get(f"/clients/import/?org={agency.slug}").content.decode()  # listed on the import page


def test_an_import_that_stopped_showing_signs_of_life_says_it_was_interrupted(setup: tuple[Organization, User]) -> None:
    agency, rita = setup
    job = ImportJob.objects.create(organization=agency, created_by=rita, files={"accounts": "big.csv"})
    ImportJob.objects.filter(pk=job.pk).update(heartbeat=timezone.now() - timedelta(minutes=10))
    client = Client()
    client.force_login(rita)

    page = client.get(f"/clients/import/jobs/{job.pk}/").content.decode()

    assert "This import stopped showing signs of life" in page
    assert 'http-equiv="refresh"' not in page


def test_the_same_import_twice_doubles_nothing(setup: tuple[Organization, User]) -> None:
    agency, _ = setup
    first = services.import_accounts(agency, _parse(COMPANIES, "accounts"), _parse(DEALS, "engagements"), "user:rita")
    second = services.import_accounts(agency, _parse(COMPANIES, "accounts"), _parse(DEALS, "engagements"), "user:rita")

    assert (first.accounts_created, first.engagements) == (300, 900)
    assert (second.accounts_created, second.accounts_updated, second.engagements, second.engagements_known) == (
        0, 300, 0, 900)  # fmt: skip
    assert Engagement.objects.count() == 900
    assert "900 engagements already in the client base left as they are." in services.import_summary(second)
