"""Key-account pages in Chromium: the client base, an account's rationale, conflicts and a week; axe on each."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, expect

from hireplay.web.flows.demo_clients import ensure_client_base
from hireplay.web.orgs.models import Membership, Organization
from tests.browser.conftest import screenshot
from tests.browser.test_assessment import _accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setup(live_server: Any) -> dict[str, Any]:
    agency = Organization.objects.create(name="Northline", slug="northline", kind=Organization.Kind.AGENCY)
    rita = User.objects.create_user("rita", "rita@example.com", "a long test password")
    Membership.objects.create(user=rita, organization=agency, role=Membership.Role.RECRUITER)
    ensure_client_base(agency, date.today())
    return {"url": live_server.url}


def test_the_client_base_by_tier_an_account_and_a_week(browser: Browser, setup: dict[str, Any]) -> None:
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(setup["url"] + "/login/")
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill("a long test password")
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name="Clients").click()
    expect(page.get_by_role("heading", name="Clients of Northline")).to_be_visible()
    page.get_by_label("Tier").select_option("key")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Verdant Foods")).to_be_visible()
    expect(page.get_by_role("link", name="Halden Group")).to_have_count(0)
    _accessible(page, "client list")
    screenshot(page, "clients-key")

    page.get_by_role("link", name="Ownership conflicts").click()
    expect(page.get_by_role("row", name=re.compile("Halden Logistics"))).to_be_visible()
    _accessible(page, "conflicts")
    page.get_by_role("link", name="Halden Logistics").click()
    expect(page.get_by_text("Ownership conflict: owned by rita, but its group is owned by admin")).to_be_visible()
    expect(page.get_by_role("table", name="Every criterion")).to_be_visible()
    _accessible(page, "account")
    screenshot(page, "client-account")

    page.get_by_role("link", name="Clients of Northline").click()
    page.get_by_role("link", name="My week").click()
    expect(page.get_by_role("heading", name="Accounts of rita this week")).to_be_visible()
    expect(page.locator("ol li").first).to_be_visible()
    _accessible(page, "week")
    task = page.locator("li.task").first
    name = task.locator("h2 a").inner_text()
    task.get_by_label("Note").fill("Called about the next quarter")
    task.get_by_role("button", name="Log it").click()
    expect(page.get_by_role("status").filter(has_text=f"Call with {name} logged")).to_be_visible()
    expect(page.get_by_role("heading", name="Accounts of rita this week")).to_be_visible()
    page.get_by_role("link", name=name).first.click()
    expect(page.get_by_text("Called about the next quarter")).to_be_visible()
    page.get_by_label("Why (required)").fill("Met the board; they plan two new sites")
    page.get_by_label("Strategic fit (1-5)").select_option("5")
    page.get_by_role("button", name="Save the judgement").click()
    expect(page.get_by_role("status").filter(has_text="Judgement saved")).to_be_visible()
    expect(page.get_by_role("img", name="Score at each classification")).to_be_visible()  # two classifications now
    _accessible(page, "account after a judgement")
    page.get_by_role("link", name="Clients of Northline").click()
    page.get_by_role("link", name="Review queue").click()
    _accessible(page, "review queue")
    page.get_by_role("link", name="Policy").click()
    page.get_by_role("button", name="Check and preview").click()
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    _accessible(page, "policy")
    page.get_by_role("link", name="Import").click()
    _accessible(page, "import")
    page.close()
