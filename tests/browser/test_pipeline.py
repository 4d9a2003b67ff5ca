"""The recruiter's board in Chromium, in English and in French: invitations, reminders and a
rejection with its undo, each confirmed first; then the funnel. axe-core checks every page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect

from hireplay.core.lint import load_playbook
from hireplay.web.hiring import services
from hireplay.web.orgs.models import Membership, Organization
from tests.browser.conftest import screenshot
from tests.browser.test_assessment import _accessible
from tests.browser.test_interviews import PASSWORD, _sign_in
from tests.conftest import PLAYBOOKS
from tests.web.conftest import scored_candidate

pytestmark = pytest.mark.django_db(transaction=True)

# What the recruiter reads, in each language.
WORDS = {
    "en": {
        "pipeline": "Pipeline (4 candidates)", "choose": "Choose {}", "invite": "Send the assessment invitation to the chosen candidates…",
        "send_invitations": "Send 2 invitations", "invited": "2 invitations sent.", "remind": "Remind the chosen candidates…",
        "send_reminder": "Send 1 reminder", "reminded": "1 reminder sent.", "reject": "Reject the chosen candidates…",
        "reason": "Your reason, in your own words (required)", "disposition": "Reason for the rejection (the organisation's list)",
        "reject_one": "Reject 1 candidate", "rejected": "1 candidate rejected.", "undo": re.compile(r"^Undo \(until"),
        "undone": "Undone: 1 candidate is on hold instead of rejected", "funnel": "Funnel", "funnel_heading": "Funnel: Account Manager",
        "invited_stage": "Invited", "date": r"\d{4}-\d{2}-\d{2}",
    },
    "fr": {
        "pipeline": "Suivi (4 candidats)", "choose": "Choisir {}", "invite": "Envoyer l'invitation à l'évaluation aux candidats choisis…",
        "send_invitations": "Envoyer 2 invitations", "invited": "2 invitations envoyées.", "remind": "Relancer les candidats choisis…",
        "send_reminder": "Envoyer 1 relance", "reminded": "1 relance envoyée.", "reject": "Refuser les candidats choisis…",
        "reason": "Votre raison, avec vos mots (obligatoire)", "disposition": "Motif du refus (la liste de l'organisation)",
        "reject_one": "Refuser 1 candidat", "rejected": "1 candidat refusé.", "undo": re.compile(r"^Annuler \(jusqu"),
        "undone": "Annulé : 1 candidat est en attente au lieu d'être refusé", "funnel": "Entonnoir",
        "funnel_heading": "Entonnoir : Account Manager", "invited_stage": "Invité", "date": r"\d{2}/\d{2}/\d{4}",
    },
}  # fmt: skip


@pytest.fixture
def setup(live_server: Any) -> dict[str, Any]:
    agency = Organization.objects.create(name="Northline", slug="northline", kind=Organization.Kind.AGENCY)
    client = Organization.objects.create(name="Verdant", slug="verdant", kind=Organization.Kind.COMPANY, agency=agency)
    rita = User.objects.create_user("rita", "rita@example.com", PASSWORD)
    Membership.objects.create(user=rita, organization=agency, role=Membership.Role.RECRUITER)
    Membership.objects.create(user=rita, organization=client, role=Membership.Role.ADMIN)  # she may also decide
    opening = services.open_position(client, "Account Manager", load_playbook(PLAYBOOKS / "account-manager-smb.yaml"))
    services.add_candidates(opening, [{"name": "Ann Peeters", "email": "ann@example.com"},
                                      {"name": "Bo Janssens", "email": "bo@example.com"}], "user:rita")  # fmt: skip
    scored_candidate(opening, "Kim Maes", "kim@example.com")
    scored_candidate(opening, "Lou Claes", "lou@example.com")
    return {"url": live_server.url, "opening": opening}


def _tick(page: Page, words: dict[str, Any], *names: str) -> None:
    for name in names:
        page.get_by_label(words["choose"].format(name), exact=True).check()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_board_with_bulk_actions_and_the_funnel(browser: Browser, setup: dict[str, Any], language: str) -> None:
    url, opening = setup["url"], setup["opening"]
    words = WORDS[language]
    page = _sign_in(browser, url, "rita")
    if language != "en":
        page.goto(f"{url}/account/")
        page.get_by_label("Language of your pages").select_option(language)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("status")).to_contain_text("Vos pages sont désormais en Français.")
        _accessible(page, f"settings {language}")
    page.goto(f"{url}/openings/{opening.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", name=words["pipeline"])).to_be_visible()
    _accessible(page, f"pipeline {language}")

    # Invitations: two ticked, confirmed on the next page.
    _tick(page, words, "Ann Peeters", "Bo Janssens")
    page.get_by_role("button", name=words["invite"]).click()
    _accessible(page, f"invitations to confirm {language}")
    page.get_by_role("button", name=words["send_invitations"]).click()
    expect(page.get_by_role("status").first).to_contain_text(words["invited"])
    ann = page.get_by_role("row").filter(has_text="Ann Peeters")
    expect(ann).to_contain_text(words["invited_stage"])
    expect(ann).to_contain_text(re.compile(words["date"]))

    # A reminder to one of them.
    _tick(page, words, "Ann Peeters")
    page.get_by_role("button", name=words["remind"]).click()
    _accessible(page, f"reminders to confirm {language}")
    page.get_by_role("button", name=words["send_reminder"]).click()
    expect(page.get_by_role("status").first).to_contain_text(words["reminded"])

    # A rejection, then its undo within the window.
    _tick(page, words, "Kim Maes")
    page.get_by_role("button", name=words["reject"]).click()
    page.get_by_label(words["disposition"]).select_option(index=1)
    page.get_by_label(words["reason"]).fill("The written answers show less depth than the role needs today.")
    _accessible(page, f"rejection to confirm {language}")
    page.get_by_role("button", name=words["reject_one"]).click()
    expect(page.get_by_role("status").first).to_contain_text(words["rejected"])
    page.get_by_role("button", name=words["undo"]).click()
    expect(page.get_by_role("status").first).to_contain_text(words["undone"])
    screenshot(page, f"pipeline-{language}")

    # The funnel.
    page.get_by_role("link", name=words["funnel"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["funnel_heading"])
    expect(page.get_by_role("row").filter(has_text=words["invited_stage"]).first).to_be_visible()
    _accessible(page, f"funnel {language}")
    page.close()
