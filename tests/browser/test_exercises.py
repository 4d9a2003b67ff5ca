"""A role-play in Chromium: the recruiter seats an assessor on the grid, the role-player's sheet
(script, a running timer, the grid), the assessor's scorecard with behaviours ticked, and the
debrief with the grid side by side."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Browser, expect

from hireplay.shipped import EXAMPLES_DIR
from hireplay.web.flows.assessment import submit
from hireplay.web.hiring import services
from hireplay.web.hiring.answers import save
from hireplay.web.orgs.models import Membership, Organization
from tests.browser.conftest import screenshot
from tests.browser.test_assessment import _accessible
from tests.browser.test_interviews import PASSWORD, _sign_in
from tests.web.test_exercises import GRID, REVIEW, SCRIPT_LINE, _weighing_the_review

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setup(live_server: Any) -> dict[str, Any]:
    agency = Organization.objects.create(name="Northline", slug="northline", kind=Organization.Kind.AGENCY)
    client = Organization.objects.create(name="Verdant", slug="verdant", kind=Organization.Kind.COMPANY, agency=agency,
                                         time_zone="Europe/Brussels")  # fmt: skip
    people = {}
    for name, org, role in (("rita", agency, Membership.Role.RECRUITER), ("ivan", client, Membership.Role.INTERVIEWER)):
        people[name] = User.objects.create_user(name, f"{name}@example.com", PASSWORD)
        Membership.objects.create(user=people[name], organization=org, role=role)
    playbook = _weighing_the_review()
    opening = services.open_position(client, "Account Manager", playbook)
    candidate = services.add_candidates(opening, [{"name": "Noor Haddad", "email": "noor@example.com"}])[0]
    invitation, _, _ = services.invite(candidate, live_server.url)
    session = services.start_session(candidate)
    sample = json.loads((EXAMPLES_DIR / "account-manager-smb.answers.json").read_text())["answers"]
    for seq, (item, value) in enumerate(sample.items(), 1):
        save(invitation.pk, item, value, seq, timezone.now())
    submit(session)
    return {"url": live_server.url, "candidate": candidate, "playbook": playbook, **people}


def test_the_role_player_runs_the_exercise_and_the_assessors_rate_it_on_the_grid(
    browser: Browser, setup: dict[str, Any]
) -> None:
    url, candidate, playbook = setup["url"], setup["candidate"], setup["playbook"]
    rita_id, ivan_id = setup["rita"].pk, setup["ivan"].pk

    # Rita asks the interview questions; Ivan plays the client and rates the review's grid.
    rita = _sign_in(browser, url, "rita")
    rita.goto(f"{url}/candidates/{candidate.pk}/panel/")
    for q in playbook.interview.questions:
        rita.locator(f"#q-{rita_id}-{q.id}").check()
    for key in GRID:
        rita.locator(f"[id='q-{ivan_id}-{key}']").check()
    rita.get_by_role("button", name="Save the panel").click()
    expect(rita.get_by_text("Panel saved.")).to_be_visible()
    _accessible(rita, "panel with an exercise")

    # The role-player's sheet: the script, the brief, the grid and a timer that runs and pauses.
    ivan = _sign_in(browser, url, "ivan")
    ivan.goto(f"{url}/candidates/{candidate.pk}/exercises/{REVIEW}/")
    expect(ivan.get_by_role("heading", name="Presentation: The mini business review")).to_be_visible()
    expect(ivan.get_by_text(SCRIPT_LINE, exact=False)).to_be_visible()
    expect(ivan.get_by_role("heading", name="Do not reveal unless asked")).to_be_visible()
    expect(ivan.get_by_role("heading", name="The grid")).to_be_visible()
    clock = ivan.locator("[data-remaining]")
    expect(clock).to_have_text("10:00")
    ivan.get_by_role("button", name="Start the exercise").click()
    expect(clock).to_have_text(re.compile(r"^9:5\d$"), timeout=5_000)
    ivan.get_by_role("button", name="Pause").click()
    expect(ivan.get_by_role("button", name="Resume")).to_be_visible()
    paused = clock.text_content()
    ivan.wait_for_timeout(1_500)
    expect(clock).to_have_text(paused or "")
    _accessible(ivan, "exercise sheet")
    screenshot(ivan, "exercise-sheet")

    # Ivan rates the grid and ticks that the candidate matched the free months: the flag it raises shows.
    ivan.goto(f"{url}/candidates/{candidate.pk}/scorecard/")
    expect(ivan.get_by_role("heading", name="Presentation: The mini business review")).to_be_visible()
    expect(ivan.locator("fieldset.question")).to_have_count(len(GRID))
    for group in ivan.locator("fieldset.question").all():
        group.locator("input[type=radio][value='4']").check()
    ivan.get_by_label(re.compile("^Observed: Matches the competitor's three free months")).check()
    ivan.get_by_label("Evidence (what the candidate said or did)").nth(2).fill(
        "Offered three free months as soon as Sara mentioned the other supplier."
    )
    ivan.get_by_label("Date of the interview").fill("2026-12-01")
    ivan.get_by_role("group", name=re.compile("^Overall recommendation")).get_by_label("No", exact=True).check()
    ivan.get_by_label(re.compile("^I have finished")).check()
    _accessible(ivan, "scorecard with a grid")
    ivan.get_by_role("button", name="Submit (final)").click()
    expect(ivan.get_by_text("Submitted: this scorecard is final.")).to_be_visible()

    # Rita submits her interview scorecard; the debrief shows the grid side by side and the behaviour.
    rita.goto(f"{url}/candidates/{candidate.pk}/scorecard/")
    for group in rita.locator("fieldset.question").all():
        group.locator("input[type=radio][value='4']").check()
    rita.get_by_label("Date of the interview").fill("2026-12-01")
    rita.get_by_role("group", name=re.compile("^Overall recommendation")).get_by_label("Yes", exact=True).check()
    rita.get_by_label(re.compile("^I have finished")).check()
    rita.get_by_role("button", name="Submit (final)").click()
    rita.goto(f"{url}/candidates/{candidate.pk}/debrief/")
    grid = rita.get_by_role("table", name=re.compile("^The grid side by side"))
    expect(grid).to_be_visible()
    expect(grid.get_by_role("row", name=re.compile("^Commercial and analytical sense"))).to_contain_text("4")
    expect(rita.get_by_text("raises the red flag “discount-under-pressure”")).to_be_visible()
    _accessible(rita, "debrief with a grid")
    screenshot(rita, "debrief-grid")

    # The recommendation names the exercise as a part, and the flag sends it to discussion.
    rita.goto(f"{url}/candidates/{candidate.pk}/")
    trace = rita.get_by_role("table", name="Every rule checked, in order")
    expect(trace).to_contain_text("The mini business review 75.0 × 30%")
    expect(trace).to_contain_text("red flag discount-under-pressure")
    for page in (rita, ivan):
        page.close()
