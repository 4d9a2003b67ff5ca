"""Development towards the strategic account role in Chromium: a recruiter adds a salesperson,
her manager rates her (first with a competency left out), the gaps and the chart show, a plan is
made and an action that does not belong is refused with its reason, both sign, and the person
follows her plan through her personal link. axe-core checks each page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, expect

from hireplay.web.orgs.models import Membership, Organization
from tests.browser.conftest import screenshot
from tests.browser.test_assessment import _accessible
from tests.browser.test_interviews import PASSWORD, _sign_in
from tests.web.test_development import NOOR

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def team(live_server: Any) -> dict[str, Any]:
    agency = Organization.objects.create(name="Northline", slug="northline", kind=Organization.Kind.AGENCY)
    client = Organization.objects.create(name="Verdant", slug="verdant", kind=Organization.Kind.COMPANY, agency=agency)
    for name, org, role in (("rita", agency, Membership.Role.RECRUITER),
                            ("hana", client, Membership.Role.HIRING_MANAGER)):  # fmt: skip
        user = User.objects.create_user(name, f"{name}@example.com", PASSWORD, first_name=name.title())
        Membership.objects.create(user=user, organization=org, role=role)
    return {"url": live_server.url}


def test_rating_gaps_and_plan_from_first_rating_to_both_signatures(browser: Browser, team: dict[str, Any]) -> None:
    url = team["url"]

    # Rita adds Noor, with Hana as her manager.
    rita = _sign_in(browser, url, "rita")
    rita.goto(f"{url}/development/?org=verdant")
    rita.get_by_label("Name", exact=True).fill("Noor Vermeulen")
    rita.get_by_label(re.compile("^Their manager")).select_option(label="Hana")
    rita.get_by_role("button", name="Add", exact=True).click()
    expect(rita.get_by_text("Noor Vermeulen was added. Their manager can rate them now.")).to_be_visible()
    expect(rita.get_by_text("The gaps show once the manager's ratings are submitted.")).to_be_visible()
    _accessible(rita, "a person before any rating")
    person_url = rita.url

    # Hana rates her: one competency only first, then all of them.
    hana = _sign_in(browser, url, "hana")
    hana.goto(person_url)
    hana.locator("#strategic-vision-1").check()
    hana.get_by_role("button", name="Submit my ratings (final)").click()
    expect(hana.get_by_role("alert")).to_contain_text("Not submitted: 11 competencies need a level (marked below).")
    expect(hana.locator("#networking-error")).to_have_text("Choose a level (or “not seen yet”) before submitting.")
    expect(hana.locator("#strategic-vision-1")).to_be_checked()  # what was chosen is kept
    _accessible(hana, "the manager's ratings with what is missing")
    for competency, level in NOOR.items():
        hana.locator(f"#{competency}-{level}").check()
    hana.get_by_label("What you have seen (optional)").first.fill("Has never written an account plan.")
    hana.get_by_role("button", name="Submit my ratings (final)").click()
    expect(
        hana.get_by_text("Your ratings are submitted and final; the gaps below are found from them.")
    ).to_be_visible()
    gaps = hana.locator("table.gaps")
    expect(gaps.get_by_role("row", name=re.compile("^Strategic vision 4 1 manager 1 to acquire"))).to_be_visible()
    expect(
        gaps.get_by_role("row", name=re.compile("^Short-term sales drive at most 2 5 manager 5 to unlearn"))
    ).to_be_visible()
    expect(gaps).to_contain_text("Strategic vision: required at level 4, shown at 1 (manager 1): 3 levels short")
    expect(hana.get_by_role("img", name="Level shown per competency, round by round")).to_be_visible()
    _accessible(hana, "the gaps and the chart")
    screenshot(hana, "development-gaps")

    # Rita makes the plan; an action for a competency without a gap is refused, with the reason.
    rita.goto(person_url)
    rita.get_by_label("First action starts on").fill("2027-01-04")
    rita.get_by_role("button", name="Make the plan").click()
    expect(rita.get_by_text("The plan is made from the latest round's gaps.")).to_be_visible()
    plan = rita.locator("table.plan")
    expect(plan.locator("tbody tr").first).to_contain_text("Strategic account planning")
    expect(plan).to_contain_text("personal commitment")
    rita.get_by_label("Action", exact=True).select_option("product-update")
    rita.get_by_label("For the competency").select_option("knowledge")
    rita.get_by_role("button", name="Add to the plan").click()
    expect(rita.get_by_role("alert")).to_contain_text("Not added: Customer and product knowledge shows no gap (ready)")
    _accessible(rita, "the plan with a refused action")
    rita.get_by_role("button", name="Issue a new personal link").click()
    told = rita.get_by_text(re.compile("A new personal link is ready"))
    expect(told).to_be_visible()
    link = re.search(r"(http\S+/me/\S+/)", told.inner_text())
    assert link is not None

    # Hana signs as manager; Noor, through her link, records progress on her own step and signs.
    hana.goto(person_url)
    hana.get_by_role("button", name="Sign the plan as their manager").click()
    expect(hana.get_by_text("You signed the plan as their manager.")).to_be_visible()
    noor = browser.new_page(viewport={"width": 1100, "height": 900})
    noor.goto(link.group(1))
    expect(noor.get_by_role("heading", name="Your development, Noor Vermeulen")).to_be_visible()
    own = noor.locator("table.plan tbody tr").filter(has=noor.get_by_role("button", name="Record progress")).first
    own.get_by_label("Status").select_option("started")
    own.get_by_label("What was done").fill("Booked the course for January.")
    own.get_by_role("button", name="Record progress").click()
    expect(noor.get_by_text("Progress recorded.")).to_be_visible()
    noor.get_by_role("button", name="I agree to this plan: sign it").click()
    expect(noor.get_by_text("You signed your plan.")).to_be_visible()
    expect(noor.locator("main")).to_contain_text("Signed by the manager (hana) on")
    expect(noor.locator("table.gaps")).to_contain_text("to unlearn")
    _accessible(noor, "the person's own page")
    screenshot(noor, "development-person-page")
