"""Applying in Chromium: the public page with its job description, a refused form that keeps what
was typed, a sent application under review, and the recruiter who advances it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, expect

from hireplay.core.lint import load_playbook
from hireplay.web.hiring import services
from hireplay.web.hiring.models import Candidate, JobOpening
from hireplay.web.orgs.models import Membership, Organization
from tests.browser.conftest import screenshot
from tests.browser.test_assessment import _accessible
from tests.browser.test_interviews import PASSWORD, _sign_in
from tests.conftest import PLAYBOOKS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setup(live_server: Any) -> dict[str, Any]:
    agency = Organization.objects.create(name="Northline", slug="northline", kind=Organization.Kind.AGENCY)
    client = Organization.objects.create(name="Verdant", slug="verdant", kind=Organization.Kind.COMPANY, agency=agency)
    rita = User.objects.create_user("rita", "rita@example.com", PASSWORD)
    Membership.objects.create(user=rita, organization=agency, role=Membership.Role.RECRUITER)
    opening = services.open_position(client, "Account Manager, SME portfolio",
                                     load_playbook(PLAYBOOKS / "account-manager-sme-portfolio.yaml"))  # fmt: skip
    JobOpening.objects.filter(pk=opening.pk).update(applications_open=True)
    opening.refresh_from_db()
    return {"url": live_server.url, "opening": opening}


def test_an_applicant_applies_and_a_recruiter_reviews_the_knock_out(
    browser: Browser, setup: dict[str, Any], tmp_path: Path
) -> None:
    url, opening = setup["url"], setup["opening"]
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{url}/apply/{opening.apply_key}/")
    expect(page.get_by_role("heading", name="Account Manager, SME Portfolio", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="What you will do")).to_be_visible()
    _accessible(page, "application page")

    # A first try: no answers, and a text file named as a PDF. Everything is said at once, beside its field.
    fake = tmp_path / "cv.pdf"
    fake.write_text("not a pdf")
    page.get_by_label("Name (required)").fill("Lena Vos")
    page.get_by_label("E-mail (required)").fill("lena@example.com")
    page.get_by_label(re.compile("^CV")).set_input_files(str(fake))
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("alert")).to_contain_text("Your application was not sent yet")
    expect(page.locator("#cv-error")).to_contain_text("This file is named .pdf but is not a PDF")
    expect(page.locator("#screening-visits-error")).to_have_text("Please answer this question")
    expect(page.get_by_label("Name (required)")).to_have_value("Lena Vos")
    _accessible(page, "application refused")
    assert not Candidate.objects.filter(opening=opening).exists()

    # The real thing: a PDF, and French only where the role needs both languages.
    real = tmp_path / "Lena Vos CV.pdf"
    real.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.get_by_label(re.compile("^CV")).set_input_files(str(real))
    page.get_by_role("group", name=re.compile("^In which languages")).get_by_label("French only").check()
    for name in ("^The role means visiting clients", "^Do you have the right to work"):
        page.get_by_role("group", name=re.compile(name)).get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("status")).to_have_text(re.compile("Your application for .* is saved."))
    expect(page.get_by_text("A member of the team will read your answers")).to_be_visible()
    screenshot(page, "application-received")

    # Rita finds it under review, with the reason, and advances it.
    rita = _sign_in(browser, url, "rita")
    rita.goto(f"{url}/openings/{opening.pk}/")
    rita.get_by_role("link", name=re.compile("^Application to review 1")).click()
    rita.get_by_role("link", name="Lena Vos").click()
    expect(rita.get_by_text("answered “French only” (the role needs “French and Dutch”)")).to_be_visible()
    expect(rita.get_by_role("link", name=re.compile("^CV"))).to_be_visible()
    _accessible(rita, "candidate with an application")
    rita.get_by_role("radio", name="Reject").check()
    rita.get_by_role("button", name="Record my decision on the application").click()
    expect(rita.locator("#review-reason-error")).to_contain_text("A rejection needs your own reason")
    rita.get_by_role("radio", name="Advance").check()
    rita.get_by_label(re.compile("^Your reason")).fill("Dutch is on her CV as a working language.")
    rita.get_by_role("button", name="Record my decision on the application").click()
    expect(rita.get_by_text("Application advanced: the candidate is on the list to invite.")).to_be_visible()
    expect(rita.get_by_text(re.compile("^Advanced by rita"))).to_be_visible()
    screenshot(rita, "application-reviewed")
    for p in (page, rita):
        p.close()
