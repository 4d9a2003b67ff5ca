"""The candidate's language: chosen from the invitation, the browser or the opening; the whole
page, the e-mail, the questions and the scoring in it."""

from __future__ import annotations

import gettext
import io
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from hireplay.core.lint import load_playbook
from hireplay.web.hiring import services
from hireplay.web.hiring.models import AssessmentSession, Candidate, JobOpening, PlaybookVersion, ScoreRecord
from hireplay.web.locale.catalogues import LANGUAGES, catalogue_path, compiled
from hireplay.web.locale.translations import FR_NL
from tests.conftest import PLAYBOOKS


@pytest.fixture
def sme_opening(opening: JobOpening) -> JobOpening:
    pinned = PlaybookVersion.pin(load_playbook(PLAYBOOKS / "account-manager-sme-portfolio.yaml"))
    return JobOpening.objects.create(organization=opening.organization, title="Account Manager PME", playbook=pinned)


def _link(opening: JobOpening, language: str = "") -> str:
    candidate = Candidate.objects.create(
        opening=opening, name="Camille", email=f"c{Candidate.objects.count()}@example.com"
    )
    _, url, _ = services.invite(candidate, "http://testserver/", language=language)
    return url.removeprefix("http://testserver")


def test_the_compiled_catalogues_match_their_sources_and_every_text_is_translated() -> None:
    for language in LANGUAGES:
        committed = catalogue_path(language).with_suffix(".mo").read_bytes()
        assert committed == compiled(language), f"{language}: run scripts/messages"
        catalogue = gettext.GNUTranslations(io.BytesIO(committed))
        wrong = [m for m, given in FR_NL.items() if catalogue.gettext(m) != given[LANGUAGES[language]]]
        assert wrong == [], f"{language}: run scripts/messages"


def test_the_browsers_language_is_used_when_the_playbook_has_it(sme_opening: JobOpening) -> None:
    link = _link(sme_opening)

    page = Client().get(link, HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9,en;q=0.5").content.decode()

    assert '<html lang="fr">' in page
    assert "Votre évaluation pour le poste Account Manager PME" in page
    assert "Intelligence de situation" in page  # the playbook's own words, translated
    assert "Ce qui est enregistré" in page  # the page's words
    assert 'value="nl"' in page  # the candidate can switch before starting


def test_a_playbook_in_english_only_stays_in_english(opening: JobOpening) -> None:
    page = Client().get(_link(opening), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert '<html lang="en">' in page
    assert "What is assessed" in page
    assert 'name="language"' not in page


def test_the_invitations_language_wins_and_the_e_mail_is_in_it(
    sme_opening: JobOpening, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail leaves when the invitation commits
        link = _link(sme_opening, "nl")

    assert mail.outbox[-1].subject == "Uw test voor Account Manager PME"
    assert "Bedankt voor uw kandidatuur" in mail.outbox[-1].body
    page = Client().get(link, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="nl">' in page


def test_the_language_is_chosen_before_the_start_and_fixed_by_it(sme_opening: JobOpening) -> None:
    link = _link(sme_opening)
    client = Client()
    client.post(link + "language/", {"language": "nl"})
    assert '<html lang="nl">' in client.get(link, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    client.post(link + "start/", HTTP_ACCEPT_LANGUAGE="fr")
    session = AssessmentSession.objects.get()
    assert session.language == "nl"
    client.post(link + "language/", {"language": "fr"})  # too late: ignored
    section = client.get(link + "s/1/").content.decode()
    assert "Uw portefeuille deze week" in section
    assert "Nog niet ingedeeld" in section  # the record form's labels

    client.post(link + "submit/")
    assert ScoreRecord.objects.get().report["language"] == "nl"


def test_the_opening_default_applies_when_nothing_else_names_a_language(sme_opening: JobOpening) -> None:
    JobOpening.objects.filter(pk=sme_opening.pk).update(language="fr")
    sme_opening.refresh_from_db()
    link = _link(sme_opening)

    assert '<html lang="fr">' in Client().get(link, HTTP_ACCEPT_LANGUAGE="de").content.decode()
