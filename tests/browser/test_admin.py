"""The administration pages in Chromium, under the strict Content-Security-Policy: a platform
administrator signs in on our page, adds an organisation and gives a person a role, and the
browser reports no refused script or style on the way."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, expect

from hireplay.web.audit.models import AuditEvent
from hireplay.web.orgs.models import Membership, Organization
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_platform_administrator_adds_an_organisation_and_a_role(browser: Browser, live_server: Any) -> None:
    User.objects.create_superuser("root", "root@example.com", "a long test password")
    User.objects.create_user("nadia", "nadia@example.com", "a long test password")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)

    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill("a long test password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Organisations, people and their roles")).to_be_visible()

    page.goto(live_server.url + "/admin/orgs/organization/add/")
    page.get_by_label("Name:").press_sequentially("Halden Staffing")
    expect(page.get_by_label("Slug:")).to_have_value("halden-staffing")  # the admin's own script ran
    page.get_by_label("Kind:").select_option("company")
    page.get_by_label("Retention days:").fill("365")
    page.get_by_label("Time zone:").select_option("Europe/Brussels")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    halden = Organization.objects.get(slug="halden-staffing")

    page.goto(live_server.url + "/admin/orgs/membership/add/")
    for field, typed, chosen in (("user", "nad", "nadia"), ("organization", "Hald", "Halden Staffing")):
        page.locator(f"#id_{field} + .select2 .select2-selection").click()  # the admin's search-as-you-type list
        page.locator(".select2-search__field").fill(typed)
        page.locator(".select2-results__option", has_text=chosen).click()
    page.get_by_label("Role:").select_option("admin")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    screenshot(page, "admin-membership")

    assert Membership.objects.get(user__username="nadia").organization == halden
    assert AuditEvent.objects.filter(action="admin.added").count() == 2
    assert [text for text in console if "favicon" not in text and "404" not in text] == []  # no CSP refusal
