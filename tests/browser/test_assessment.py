"""A candidate takes the SMB assessment in Chromium; the recruiter then sees the score."""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from hireplay.core.lint import load_playbook
from hireplay.web.flows.assessment import submit
from hireplay.web.hiring import services
from hireplay.web.hiring.answers import save
from hireplay.web.hiring.models import Answer, Candidate, ScoreRecord
from hireplay.web.orgs.models import Membership, Organization
from tests.browser.conftest import screenshot
from tests.conftest import PLAYBOOKS

pytestmark = pytest.mark.django_db(transaction=True)
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def setup(live_server: Any) -> dict[str, Any]:
    agency = Organization.objects.create(name="Northline", slug="northline", kind=Organization.Kind.AGENCY)
    client = Organization.objects.create(name="Verdant", slug="verdant", kind=Organization.Kind.COMPANY, agency=agency)
    rita = User.objects.create_user("rita", "rita@example.com", "a long test password")
    Membership.objects.create(user=rita, organization=agency, role=Membership.Role.RECRUITER)
    playbook = load_playbook(PLAYBOOKS / "account-manager-smb.yaml")
    opening = services.open_position(client, "Account Manager", playbook)
    candidate = Candidate.objects.create(opening=opening, name="Jordan Reyes", email="jordan@example.com")
    _, link, _ = services.invite(candidate, live_server.url)
    return {"link": link, "candidate": candidate, "playbook": playbook, "url": live_server.url}


def _accessible(page: Page, name: str) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    violations = [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in results.response["violations"]]
    assert violations == [], f"{name}: " + "; ".join(violations)


def _saved(page: Page) -> None:
    """Every change on this device has reached the server."""
    page.wait_for_function(
        "() => Object.keys(localStorage).filter(k => k.startsWith('hireplay-pending-'))"
        ".every(k => Object.keys(JSON.parse(localStorage.getItem(k))).length === 0)",
        timeout=15_000,
    )
    expect(page.locator("#connection")).to_have_text("All answers saved.", timeout=10_000)


def test_a_candidate_takes_the_assessment_end_to_end(browser: Browser, setup: dict[str, Any]) -> None:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    received: list[str] = []

    def keep(response: Any) -> None:
        if response.request.resource_type in ("document", "fetch", "xhr") and not 300 <= response.status < 400:
            received.append(response.text())

    page.on("response", keep)

    page.goto(setup["link"])
    screenshot(page, "candidate-landing")
    _accessible(page, "landing")
    page.get_by_role("button", name=re.compile("Start")).click()

    # Section 1: situational judgments and the Monday ranking.
    expect(page.get_by_role("heading", name=re.compile("Situations at work"))).to_be_visible()
    page.get_by_label("Most effective: Let them finish").check()
    page.get_by_label("Least effective: Tell them the feature").check()
    _saved(page)
    _accessible(page, "section 1")
    screenshot(page, "candidate-section-1")

    # Reloading resumes with the answers and the same deadline.
    deadline = page.locator("#assessment").get_attribute("data-deadline")
    page.reload()
    expect(page.get_by_label("Most effective: Let them finish")).to_be_checked()
    assert page.locator("#assessment").get_attribute("data-deadline") == deadline

    # Section 4: answer while the network is down, then let it come back.
    page.get_by_role("link", name="Next section").click()
    page.get_by_role("link", name="Next section").click()
    page.get_by_role("link", name="Next section").click()
    expect(page.get_by_role("heading", name=re.compile("Process and analysis"))).to_be_visible()
    context.set_offline(True)
    page.get_by_label("Account A").check()
    expect(page.locator("#connection")).to_contain_text("offline", timeout=10_000)
    assert not Answer.objects.filter(item_id="upsell-target").exists()
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    _saved(page)
    assert Answer.objects.get(item_id="upsell-target").value == "a"

    # The candidate's own numbers in a parametric item, answered correctly.
    session = setup["candidate"].session
    item = setup["playbook"].items_by_id["addon-annual-cost"]
    page.get_by_label(re.compile("Your answer")).first.fill(str(item.key_value(item.variables_for(session.seed))))
    _saved(page)

    page.locator("#submit-form").get_by_role("button", name="Submit my answers").click()
    dialog = page.get_by_role("dialog", name="Submit your answers now?")
    expect(dialog).to_contain_text("questions have no answer")  # the dialog names what is unanswered
    expect(dialog.get_by_role("listitem").first).to_be_visible()
    dialog.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name=re.compile("Thank you"))).to_be_visible()
    screenshot(page, "candidate-done")

    record = ScoreRecord.objects.get()
    points = {i["id"]: i["points"] for i in record.report["items"]}
    assert points["sjt-upset-client"] == 2
    assert points["upsell-target"] == 2
    assert points["addon-annual-cost"] == 2

    secrets = [r.rationale for i in setup["playbook"].assessment.items for r in getattr(i, "responses", ())]
    secrets += [i.explanation for i in setup["playbook"].assessment.items if i.explanation]
    secrets += [p.error.description for i in setup["playbook"].assessment.items
                for p in getattr(getattr(i, "document", None), "parts", ()) if p.error]  # fmt: skip
    body = "\n".join(received)
    leaked = [s for s in secrets if s in body or s.replace("'", "&#x27;") in body]
    assert leaked == []
    context.close()


def test_the_recruiter_sees_the_candidates_score(browser: Browser, setup: dict[str, Any]) -> None:
    session = services.start_session(setup["candidate"])
    invitation = setup["candidate"].invitations.order_by("-pk").first()
    save(invitation.pk, "upsell-target", "a", 1, timezone.now())
    submit(session)
    page = browser.new_page(viewport={"width": 1100, "height": 900})

    page.goto(setup["url"] + "/login/")
    _accessible(page, "login")
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill("a long test password")
    page.get_by_role("button", name="Sign in").click()
    _accessible(page, "dashboard")
    page.get_by_role("link", name="Account Manager").click()
    _accessible(page, "pipeline")
    screenshot(page, "recruiter-pipeline")
    # The pipeline updates by itself (htmx) when a candidate is added elsewhere.
    Candidate.objects.create(opening=setup["candidate"].opening, name="Newcomer Nadia", email="nadia@example.com")
    expect(page.get_by_role("link", name="Newcomer Nadia")).to_be_visible(timeout=20_000)
    page.get_by_role("link", name="Jordan Reyes").click()

    expect(page.get_by_role("heading", name=re.compile("Assessment"))).to_be_visible()
    expect(page.get_by_text("Chose a, the keyed answer.")).to_be_visible()
    _accessible(page, "candidate report")
    screenshot(page, "recruiter-candidate-report")

    # Inviting swaps the personal link into the page without a reload.
    page.get_by_role("link", name="Openings").click()
    page.get_by_role("link", name="Account Manager").click()
    page.get_by_role("link", name="Newcomer Nadia").click()
    url_before = page.url
    page.get_by_role("button", name="Send the assessment invitation").click()
    expect(page.get_by_label("Personal link (also sent by e-mail)")).to_have_value(re.compile(r"/a/.+/$"))
    assert page.url == url_before
    _accessible(page, "candidate after invitation")
    page.close()
