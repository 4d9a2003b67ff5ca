"""Staff pages in the language each person chooses (English, French or Dutch), with dates written
as that language writes them; the choice outlives the session; candidates keep their own language."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client

from hireplay.web.hiring import services
from hireplay.web.hiring.models import JobOpening
from hireplay.web.orgs.models import Preference
from tests.web.conftest import Cast

PASSWORD = "correct horse battery staple"
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "hireplay" / "web" / "templates"
# Words that read the same in every language the product speaks: the product's name, time zones,
# statistics' names and the CV.
UNIVERSAL = re.compile(r"\bhireplay\b|\bUTC\b|ICC\(2,\s*\d*\)|\bCV\b|·")
VISIBLE_ATTRIBUTE = re.compile(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"')


def untranslated(source: str) -> list[str]:
    """The words of a template a person would read that do not go through the translation framework:
    text outside `{% translate %}` and `{% blocktranslate %}`, and the visible attributes. Commands in
    `<code>`, scripts and styles are not prose."""
    text = re.sub(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", " ", source, flags=re.S)
    text = re.sub(r"\{%\s*blocktranslate.*?endblocktranslate\s*%\}", " ", text, flags=re.S)
    text = re.sub(r"<script.*?</script>|<style.*?</style>|<code>.*?</code>", " ", text, flags=re.S)
    text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.S)
    found = [value for value in VISIBLE_ATTRIBUTE.findall(text) if re.search(r"[A-Za-z]{2,}", value)]
    text = re.sub(r"&[a-z#0-9]+;", " ", re.sub(r"<[^>]*>", " ", text, flags=re.S))
    for chunk in re.split(r"\s{2,}|\n", text):
        if re.search(r"[A-Za-z]{2,}", UNIVERSAL.sub(" ", chunk)):
            found.append(chunk.strip())
    return found


def test_every_template_says_its_words_through_the_translation_framework() -> None:
    left = {str(path.relative_to(TEMPLATES)): untranslated(path.read_text()) for path in TEMPLATES.rglob("*.html")}
    assert {name: words for name, words in left.items() if words} == {}


def test_the_checker_finds_words_left_in_english() -> None:
    assert untranslated("<p>Hello {{ name }}</p>") == ["Hello"]
    assert untranslated('<img alt="The logo">') == ["The logo"]
    assert untranslated("<p>{% translate 'Hello' %} <code>hireplay replay</code> · UTC</p>") == []


def test_a_recruiter_works_in_french_with_dates_day_first(opening: JobOpening, cast: Cast) -> None:
    ann = services.add_candidates(opening, [{"name": "Ann", "email": "ann@example.com"}], "user:alice")[0]
    invitation, link, _ = services.invite(ann, "http://testserver/", by="user:alice")
    client = Client()
    client.force_login(cast.alice)

    english = client.get(f"/openings/{opening.pk}/").content.decode()
    chosen = client.post("/account/", {"language": "fr"}, follow=True)
    french = client.get(f"/openings/{opening.pk}/")
    dashboard = client.get("/").content.decode()
    text = french.content.decode()

    assert "Pipeline (1 candidate)" in english
    assert f"sent {invitation.created_at:%Y-%m-%d}" in english
    assert "Vos pages sont désormais en Français." in chosen.content.decode()
    assert Preference.objects.get(user=cast.alice).language == "fr"
    assert french["Content-Language"] == "fr"
    assert '<html lang="fr">' in text
    assert "Suivi (1 candidat)" in text
    assert "Invité <strong>1</strong>" in text  # the stage column, in French
    assert f"envoyée le {invitation.created_at:%d/%m/%Y}" in text
    assert f"expire le {invitation.expires_at:%d/%m/%Y}" in text
    assert "Relancer les candidats choisis…" in text
    assert "<h1>Postes</h1>" in dashboard
    assert "Vos paramètres" in dashboard
    # The candidate's own page stays in the candidate's language.
    landing = Client().get(link.replace("http://testserver", ""))
    assert '<html lang="en"' in landing.content.decode()
    assert landing.get("Content-Language") != "fr"


def test_the_choice_comes_back_at_the_next_sign_in_and_a_bad_one_is_refused(cast: Cast) -> None:
    cast.ivan.set_password(PASSWORD)
    cast.ivan.save()
    Preference.objects.create(user=cast.ivan, language="nl")
    client = Client()

    signed_in = client.post("/login/", {"username": cast.ivan.username, "password": PASSWORD})
    assert signed_in.status_code == 302
    page = client.get("/interviews/")
    refused = client.post("/account/", {"language": "xx"})

    assert page["Content-Language"] == "nl"
    assert "Uw instellingen" in page.content.decode()
    assert refused.status_code == 400
    assert "Kies een van de talen in de lijst." in refused.content.decode()
    assert Preference.objects.get(user=cast.ivan).language == "nl"


def test_the_candidate_page_in_dutch(opening: JobOpening, cast: Cast) -> None:
    ann = services.add_candidates(opening, [{"name": "Ann", "email": "ann@example.com", "extra_time_percent": 25}],
                                  "user:alice")[0]  # fmt: skip
    invitation, _, _ = services.invite(ann, "http://testserver/", by="user:alice")
    client = Client()
    client.force_login(cast.alice)
    client.post("/account/", {"language": "nl"})

    page = client.get(f"/candidates/{ann.pk}/").content.decode()

    assert "25% extra tijd" in page
    assert "Extra tijd (%)" in page
    assert "Testlinks (1)" in page
    assert f"{invitation.expires_at:%d/%m/%Y %H:%M}" in page
    assert "De uitnodiging voor de test versturen" in page  # before the attempt starts, a new link can be sent
    assert "Uitgenodigd" in page
