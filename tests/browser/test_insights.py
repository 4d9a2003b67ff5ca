"""The insights pages in Chromium: a calibration exercise set, rated blind and compared; a hire's
outcome recorded; the report with its PDF; axe on each page."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, expect

from hireplay.web.hiring.models import Candidate
from hireplay.web.orgs.models import Membership
from tests.browser.test_assessment import _accessible
from tests.browser.test_interviews import PASSWORD, _sign_in, setup

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["setup"]


def test_calibration_outcomes_and_the_report_in_the_browser(browser: Browser, setup: dict[str, Any]) -> None:
    url, candidate = setup["url"], setup["candidate"]
    question = setup["playbook"].interview.questions[0]
    opening = candidate.opening_id

    ada = _sign_in(browser, url, "ada")  # an administrator of the client company
    ada.goto(f"{url}/openings/{opening}/calibration/")
    _accessible(ada, "calibration exercises")
    ada.get_by_role("button", name="Set the exercise").click()
    expect(ada.locator("#reference-error")).to_have_text("Choose the reference rating, 1 to 5")
    ada.get_by_label("Interview question").select_option(question.id)
    ada.get_by_label("Title").fill("Answer A: the late delivery")
    ada.get_by_label("The sample answer or transcript").fill(
        "The client was unhappy about a late delivery. I called the same day, apologised, found what the "
        "delay had cost them and agreed a recovery plan with our operations team.")  # fmt: skip
    ada.get_by_label("Reference rating").select_option("4")
    ada.get_by_label("Why the answer earns that rating").fill(
        "Acts the same day and quantifies the cost; no follow-up."
    )
    ada.get_by_role("button", name="Set the exercise").click()
    expect(ada.get_by_role("heading", name="Calibration: Answer A: the late delivery")).to_be_visible()
    _accessible(ada, "an exercise, seen by its author")

    ivan = _sign_in(browser, url, "ivan")  # an interviewer: finds it under My interviews
    ivan.get_by_role("link", name="My interviews").click()
    ivan.get_by_role("link", name="Answer A: the late delivery").click()
    expect(ivan.get_by_text("Reference rating:")).to_have_count(0)
    _accessible(ivan, "an exercise to rate")
    ivan.get_by_label("2 Below expectations", exact=False).check()
    ivan.get_by_label("What in the answer led you to this rating").fill("No follow-up and a vague plan.")
    ivan.get_by_role("button", name="Give my rating").click()
    expect(ivan.get_by_text("Reference rating: 4")).to_be_visible()
    expect(ivan.get_by_text("you rated lower than the reference")).to_be_visible()
    _accessible(ivan, "an exercise after rating")

    Candidate.objects.filter(pk=candidate.pk).update(stage=Candidate.Stage.HIRED)
    ada.goto(f"{url}/settings/?org=verdant")
    ada.get_by_label("What you record about each hire later", exact=False).fill("Performance at 6 months: 1-5")
    ada.get_by_role("button", name="Save the settings").click()
    expect(ada.get_by_text("were saved")).to_be_visible()
    ada.goto(f"{url}/candidates/{candidate.pk}/")
    field = ada.get_by_label("Performance at 6 months (1 to 5)")
    field.fill("9")
    ada.get_by_role("button", name="Record the outcomes").click()
    expect(ada.locator(f"#measure-{field.get_attribute('id').split('-')[1]}-error")).to_contain_text(
        "outside the scale"
    )  # type: ignore[union-attr]
    ada.get_by_label("Performance at 6 months (1 to 5)").fill("4")
    ada.get_by_role("button", name="Record the outcomes").click()
    expect(ada.get_by_text("1 outcome recorded.")).to_be_visible()

    ada.get_by_role("link", name="Insights").first.click()
    expect(ada.get_by_role("heading", name="Predictive validity")).to_be_visible()
    expect(ada.get_by_text("1 hire with a value")).to_be_visible()
    _accessible(ada, "the insights report")
    with ada.expect_download() as download:
        ada.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename == "insights-verdant.pdf"
    ada.get_by_label("Candidates added from").fill("31/03/2026")
    ada.get_by_role("button", name="Show").click()
    expect(ada.locator("#from-error")).to_contain_text("is not a date; write it as 2026-03-31")

    officer = User.objects.create_user("cora", "cora@example.com", PASSWORD)
    Membership.objects.create(user=officer, organization=setup["ada"].memberships.first().organization,
                              role=Membership.Role.COMPLIANCE)  # fmt: skip
    cora = _sign_in(browser, url, "cora")
    cora.goto(f"{url}/insights/")
    expect(cora.get_by_role("heading", name="Adverse impact")).to_be_visible()
    _accessible(cora, "the insights report, for a compliance officer")
