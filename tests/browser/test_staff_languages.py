"""The interview stage in Chromium for people who work in Dutch and in French: each chooses their
language once; the scorecard, its errors, the debrief, the decision and the messages after each
step are in that language; axe-core checks each page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from hireplay.web.interviews.services import assign_panel
from tests.browser.conftest import screenshot
from tests.browser.test_assessment import _accessible
from tests.browser.test_interviews import _sign_in
from tests.browser.test_interviews import setup as setup  # the same opening, candidate and people

pytestmark = pytest.mark.django_db(transaction=True)


def _choose(page: Page, url: str, language: str, told: str) -> None:
    page.goto(url + "/account/")
    page.get_by_label("Language of your pages").select_option(language)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(told)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)


def _fill(page: Page, rating: int, evidence: str, overall: str, final: str, day: str) -> None:
    for group in page.locator("fieldset.question").all():
        group.locator(f"input[type=radio][value='{rating}']").check()
        group.locator("textarea").fill(evidence)
    page.locator("fieldset.inline-choice").filter(has=page.locator("input[name=overall]")).get_by_label(
        overall, exact=True
    ).check()
    page.get_by_label(day).fill("2026-12-01")
    page.get_by_label(re.compile(final)).check()


def test_an_interviewer_in_dutch_and_a_panel_in_french(browser: Browser, setup: dict[str, Any]) -> None:
    url, candidate, questions = setup["url"], setup["candidate"], setup["playbook"].interview.questions
    assign_panel(candidate, {setup["ivan"].pk: [q.id for q in questions[:2]],
                             setup["rita"].pk: [q.id for q in questions[1:3]]}, "user:rita")  # fmt: skip

    # Ivan works in Dutch: his list, his scorecard, its errors and its confirmation.
    ivan = _sign_in(browser, url, "ivan")
    _choose(ivan, url, "nl", "Uw pagina's zijn nu in het Nederlands.")
    ivan.goto(f"{url}/interviews/")
    expect(ivan.get_by_role("heading", name="Mijn gesprekken")).to_be_visible()
    expect(ivan.get_by_role("row", name=re.compile("Jordan Reyes.*in te vullen"))).to_be_visible()
    _accessible(ivan, "my interviews in Dutch")
    ivan.goto(f"{url}/candidates/{candidate.pk}/scorecard/")
    expect(ivan.get_by_role("heading", name="Uw scorekaart voor Jordan Reyes")).to_be_visible()
    for group in ivan.locator("fieldset.question").all():
        group.locator("input[type=radio][value='5']").check()
    ivan.get_by_role("button", name="Indienen (definitief)").click()
    expect(ivan.get_by_role("alert").first).to_contain_text("Corrigeer wat hieronder is aangeduid")
    expect(ivan.get_by_role("alert").first).to_contain_text("een 5 vraagt bewijs")
    expect(ivan.locator("#final-error")).to_have_text(
        "Vink het vak aan om te bevestigen dat uw scorekaart definitief is"
    )
    expect(ivan.locator("#overall-error")).to_have_text("Geef uw algemene aanbeveling voordat u indient")
    _accessible(ivan, "scorecard with errors in Dutch")
    _fill(ivan, 5, "Noemde de klant, de cijfers en wat er na het gesprek veranderde.", "Duidelijk ja",
          "^Ik ben klaar", "Datum van het gesprek")  # fmt: skip
    ivan.get_by_role("button", name="Indienen (definitief)").click()
    expect(ivan.get_by_text("Scorekaart ingediend. U kunt nu de debriefing van het panel zien.")).to_be_visible()
    expect(ivan.get_by_text("Ingediend: deze scorekaart is definitief.")).to_be_visible()
    screenshot(ivan, "scorecard-dutch")

    # Rita works in French: her scorecard, then the debrief, which shows the disagreement.
    rita = _sign_in(browser, url, "rita")
    _choose(rita, url, "fr", "Vos pages sont désormais en Français.")
    rita.goto(f"{url}/candidates/{candidate.pk}/scorecard/")
    _fill(rita, 2, "Des réponses vagues, sans exemple concret.", "Non", "^J'ai terminé", "Date de l'entretien")
    rita.get_by_role("button", name="Remettre (définitif)").click()
    expect(rita.get_by_text("Fiche remise. Vous pouvez maintenant voir la délibération du jury.")).to_be_visible()
    rita.goto(f"{url}/candidates/{candidate.pk}/debrief/")
    expect(rita.get_by_role("heading", name="Délibération sur Jordan Reyes")).to_be_visible()
    expect(rita.get_by_text("2 fiches remises")).to_be_visible()
    expect(rita.get_by_text("Le jury diverge de deux points ou plus sur :")).to_be_visible()
    _accessible(rita, "debrief in French")
    screenshot(rita, "debrief-french")

    # Ada decides in French: the reason a rejection needs is asked for in French, then recorded.
    ada = _sign_in(browser, url, "ada")
    _choose(ada, url, "fr", "Vos pages sont désormais en Français.")
    ada.goto(f"{url}/candidates/{candidate.pk}/")
    expect(ada.get_by_role("table", name="Chaque règle vérifiée, dans l'ordre")).to_be_visible()
    ada.get_by_role("radio", name="Refuser").check()
    ada.get_by_role("button", name="Enregistrer ma décision").click()
    expect(ada.locator("#reason-error")).to_contain_text(
        "Un refus demande le motif propre de la personne qui décide (10 caractères au moins)"
    )
    _accessible(ada, "decision refused in French")
    ada.get_by_label(re.compile("^Votre motif")).fill("Les exemples n'ont pas tenu face aux relances.")
    ada.get_by_label(re.compile("^Motif du refus")).select_option("Interview below the bar")  # the organisation's words
    ada.get_by_role("button", name="Enregistrer ma décision").click()
    expect(ada.get_by_text("Décision enregistrée : Refuser, par ada en tant qu'administrateur.")).to_be_visible()
    expect(ada.get_by_text(re.compile(r"En vigueur \(après l'entretien\) : Refuser"))).to_be_visible()
    _accessible(ada, "candidate decided in French")
    screenshot(ada, "decision-french")
