"""The salesperson's self-check in Chromium, in English and in French: a missing answer is named
beside its question, the answer comes at once, axe-core checks both pages."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import screenshot
from tests.browser.test_assessment import _accessible
from tests.web.test_self_check import ANSWERS

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "en": {"heading": "Am I ready for a strategic account role?", "submit": "See where I stand",
           "missing": "Choose the level that describes you best, from 1 to 5", "result": "Where you stand",
           "vision": "Strategic vision: To acquire: new to you, or more than one level to go"},
    "fr": {"heading": "Suis-je prêt pour un rôle de gestionnaire de comptes stratégiques ?", "submit": "Voir où j'en suis",
           "missing": "Choisissez le niveau qui vous décrit le mieux, de 1 à 5", "result": "Où vous en êtes",
           "vision": "Strategic vision: À acquérir : nouvelle pour vous, ou plus d'un niveau à franchir"},
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_self_check_in_the_browser(browser: Browser, live_server: Any, language: str) -> None:
    words = WORDS[language]
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{live_server.url}/self-check/?language={language}")
    expect(page.get_by_role("heading", name=words["heading"])).to_be_visible()
    _accessible(page, f"self-check ({language})")
    for competency, level in ANSWERS.items():
        if competency != "networking":  # one left out on purpose
            page.locator(f"#{competency}-{level}").check()
    page.get_by_role("button", name=words["submit"]).click()
    expect(page.locator("#networking-error")).to_have_text(words["missing"])
    expect(page.locator("#strategic-vision-1")).to_be_checked()  # what was chosen is kept
    page.locator("#networking-3").check()
    page.get_by_role("button", name=words["submit"]).click()
    expect(page.get_by_role("heading", name=words["result"])).to_be_visible()
    expect(page.get_by_role("heading", name=words["vision"])).to_be_visible()
    _accessible(page, f"self-check answered ({language})")
    screenshot(page, f"self-check-{language}")
