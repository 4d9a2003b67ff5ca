"""The interview stage in Chromium: panel and schedule, two blind scorecards, debrief, decision, audit page."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect

from hireplay.core.lint import load_playbook
from hireplay.shipped import EXAMPLES_DIR
from hireplay.web.flows.assessment import submit
from hireplay.web.hiring import services
from hireplay.web.hiring.answers import save
from hireplay.web.orgs.models import Membership, Organization
from tests.browser.conftest import screenshot
from tests.browser.test_assessment import _accessible
from tests.conftest import PLAYBOOKS

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a long test password"


@pytest.fixture
def setup(live_server: Any) -> dict[str, Any]:
    agency = Organization.objects.create(name="Northline", slug="northline", kind=Organization.Kind.AGENCY)
    client = Organization.objects.create(name="Verdant", slug="verdant", kind=Organization.Kind.COMPANY, agency=agency,
                                         time_zone="Europe/Brussels")  # fmt: skip
    people = {}
    for name, org, role in (("rita", agency, Membership.Role.RECRUITER), ("ivan", client, Membership.Role.INTERVIEWER),
                            ("ada", client, Membership.Role.ADMIN)):  # fmt: skip
        people[name] = User.objects.create_user(name, f"{name}@example.com", PASSWORD)
        Membership.objects.create(user=people[name], organization=org, role=role)
    playbook = load_playbook(PLAYBOOKS / "account-manager-smb.yaml")
    opening = services.open_position(client, "Account Manager", playbook)
    candidate = services.add_candidates(opening, [{"name": "Jordan Reyes", "email": "jordan@example.com"}])[0]
    invitation, _, _ = services.invite(candidate, live_server.url)
    session = services.start_session(candidate)
    sample = json.loads((EXAMPLES_DIR / "account-manager-smb.answers.json").read_text())["answers"]
    for seq, (item, value) in enumerate(sample.items(), 1):
        save(invitation.pk, item, value, seq, timezone.now())
    submit(session)
    return {"url": live_server.url, "candidate": candidate, "playbook": playbook, **people}


def _sign_in(browser: Browser, url: str, name: str) -> Page:
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(url + "/login/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return page


def _fill_scorecard(page: Page, rating: int, evidence: str, overall: str = "Yes") -> None:
    for group in page.locator("fieldset.question").all():
        group.locator(f"input[type=radio][value='{rating}']").check()
        group.locator("textarea").fill(evidence)
    page.get_by_role("group", name=re.compile("^Overall recommendation")).get_by_label(overall, exact=True).check()
    page.get_by_label(re.compile("^I have finished")).check()


def test_panel_scorecards_debrief_and_decision(browser: Browser, setup: dict[str, Any]) -> None:
    url, candidate, questions = setup["url"], setup["candidate"], setup["playbook"].interview.questions

    # The recruiter sets the panel: Rita takes the even questions, Ivan the odd ones and the first; then schedules.
    rita = _sign_in(browser, url, "rita")
    rita.goto(f"{url}/candidates/{candidate.pk}/")
    rita.get_by_role("link", name="Interview panel and schedule").click()
    for i, q in enumerate(questions):
        rita.locator(f"#q-{(setup['rita'] if i % 2 == 0 else setup['ivan']).pk}-{q.id}").check()
    rita.locator(f"#q-{setup['ivan'].pk}-{questions[0].id}").check()
    rita.get_by_role("button", name="Save the panel").click()
    expect(rita.get_by_text("Panel saved.")).to_be_visible()
    rita.get_by_label(re.compile(r"Date and time \(Europe/Brussels\)")).fill("2026-12-01T09:30")
    rita.get_by_role("button", name="Propose and send invitations").click()
    expect(rita.get_by_text("Invitations sent to the candidate and the panel for Tuesday 1 December 2026, "
                            "09:30 CET (Europe/Brussels).")).to_be_visible()  # fmt: skip
    expect(rita.get_by_role("link", name="candidate's invitation")).to_be_visible()
    ics = rita.request.get(f"{url}/candidates/{candidate.pk}/interview-candidate.ics")
    event = next(c for c in Calendar.from_ical(ics.body()).walk("VEVENT"))
    assert event.decoded("dtstart") == datetime(2026, 12, 1, 8, 30, tzinfo=UTC)  # 09:30 in Brussels
    _accessible(rita, "interview panel")
    screenshot(rita, "interview-panel")

    # Ivan sees only his own questions, with each level's description beside its button.
    ivan = _sign_in(browser, url, "ivan")
    expect(ivan.get_by_role("heading", name="My interviews")).to_be_visible()  # where an interviewer lands
    expect(ivan.get_by_role("row", name=re.compile("Jordan Reyes.*to fill in"))).to_be_visible()
    _accessible(ivan, "my interviews")
    ivan.goto(f"{url}/candidates/{candidate.pk}/debrief/")
    expect(ivan.get_by_text("Submit your own scorecard first", exact=False)).to_be_visible()
    ivan.goto(f"{url}/candidates/{candidate.pk}/scorecard/")
    expect(ivan.locator("fieldset.question")).to_have_count(len(questions[1::2]) + 1)
    expect(ivan.get_by_label(re.compile("^5 Excellent")).first).to_be_visible()
    _accessible(ivan, "scorecard")
    for group in ivan.locator("fieldset.question").all():
        group.locator("input[type=radio][value='5']").check()
    ivan.get_by_role("button", name="Submit (final)").click()
    expect(ivan.get_by_role("alert").first).to_contain_text("needs evidence")
    expect(ivan.locator("#final-error")).to_have_text("Tick the box to confirm that your scorecard is final")
    expect(ivan.locator("#overall-error")).to_have_text("Give your overall recommendation before submitting")
    _accessible(ivan, "scorecard with errors")
    _fill_scorecard(ivan, 5, "Named the client, the figures and what changed after the call.")
    ivan.get_by_role("button", name="Submit (final)").click()
    expect(ivan.get_by_text("Submitted: this scorecard is final.")).to_be_visible()
    screenshot(ivan, "scorecard-submitted")

    # Rita submits 2s: on the question they share the panel is 3 points apart, which the debrief shows.
    rita.goto(f"{url}/candidates/{candidate.pk}/scorecard/")
    _fill_scorecard(rita, 2, "Vague answers without an example.", overall="No")
    rita.get_by_role("button", name="Submit (final)").click()
    rita.goto(f"{url}/candidates/{candidate.pk}/debrief/")
    expect(rita.get_by_text("The panel disagrees by two points or more")).to_be_visible()
    _accessible(rita, "debrief")
    screenshot(rita, "debrief")

    # The candidate page shows the recommendation's trace. Rita recruits: she proposes; Ada, the
    # administrator (the opening has no hiring manager), decides; a rejection needs her reason.
    rita.goto(f"{url}/candidates/{candidate.pk}/")
    expect(rita.get_by_role("heading", name="Recommendation")).to_be_visible()
    expect(rita.get_by_role("table", name="Every rule checked, in order")).to_be_visible()
    _accessible(rita, "candidate with recommendation")
    rita.get_by_role("radio", name="Reject").check()
    rita.get_by_label("Why you propose it").fill("The examples did not hold up under the probes.")
    rita.get_by_role("button", name="Send my proposal").click()
    expect(rita.get_by_text("Your proposal was recorded")).to_be_visible()
    ada = _sign_in(browser, url, "ada")
    ada.goto(f"{url}/candidates/{candidate.pk}/")
    expect(ada.get_by_text("rita proposes reject")).to_be_visible()
    ada.get_by_role("radio", name="Reject").check()
    ada.get_by_role("button", name="Record my decision").click()
    expect(ada.locator("#reason-error")).to_contain_text("A rejection needs the decider's own reason")
    expect(ada.get_by_role("radio", name="Reject")).to_be_checked()  # what was chosen is kept
    _accessible(ada, "decision refused")
    ada.get_by_label(re.compile("^Your reason")).fill("Debrief: the examples did not hold up under the probes.")
    ada.get_by_label(re.compile("^Reason for a rejection")).select_option("Interview below the bar")
    ada.get_by_role("button", name="Record my decision").click()
    expect(ada.get_by_text("Decision recorded: Reject, by ada as administrator.")).to_be_visible()
    expect(ada.get_by_text("In force (after the interview): Reject")).to_be_visible()
    screenshot(ada, "candidate-decided")

    # The administrator finds the decision in the audit log, as a sentence.
    ada.goto(f"{url}/audit/")
    ada.get_by_label("Action").select_option("decision.taken")
    ada.get_by_role("button", name="Filter").click()
    expect(ada.get_by_text("1 event matches")).to_be_visible()
    expect(ada.get_by_text("ada decided “reject” for")).to_be_visible()
    expect(ada.get_by_role("link", name="Jordan Reyes")).to_be_visible()
    _accessible(ada, "audit log")
    screenshot(ada, "audit-log")
    for page in (rita, ivan, ada):
        page.close()


def test_a_recruiter_rates_the_written_answers_in_the_browser(browser: Browser, setup: dict[str, Any]) -> None:
    url, candidate = setup["url"], setup["candidate"]
    rita = _sign_in(browser, url, "rita")
    rita.goto(f"{url}/candidates/{candidate.pk}/")
    expect(rita.get_by_role("heading", name=re.compile(r"\(provisional\)"))).to_be_visible()
    rita.get_by_role("link", name="rate the written answers").click()
    expect(rita.locator("blockquote.answer").first).to_contain_text("Dear Ms Marchetti,")  # the candidate's own e-mail
    _accessible(rita, "rating written answers")
    screenshot(rita, "rate-written-answers")
    boxes = rita.locator("input[name^='rate:']").all()  # the criteria left to a person
    boxes[0].fill("lots")
    rita.get_by_role("button", name="Store the ratings").click()
    expect(rita.get_by_text("Give a number of points, such as 1.5, not “lots”.")).to_be_visible()
    expect(rita.locator("input[name^='rate:']").first).to_have_value("lots")
    _accessible(rita, "rating refused")
    for box in rita.locator("input[name^='rate:']").all():
        box.fill("1")
    rita.get_by_role("button", name="Store the ratings").click()
    expect(rita.get_by_text(re.compile("Ratings stored; the assessment is now .*complete"))).to_be_visible()
    expect(rita.get_by_role("heading", name=re.compile(r"\(provisional\)"))).to_have_count(0)
    rita.close()  # no connection to the live server outlives the test
