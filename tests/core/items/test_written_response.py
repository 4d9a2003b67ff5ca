from __future__ import annotations

from typing import Any

import pytest

from hireplay.core.items.base import ScoringContext
from hireplay.core.spelling import misspelled
from hireplay.core.text import tokens_of
from tests.core.conftest import make_item

GOOD = (
    "Dear Ms Marchetti,\n\nI am sorry for the trouble this week. Finance will send a credit note for the five "
    "extra licences. Our support team is investigating the slow reports, and I cannot confirm a date for the "
    "dashboard yet. I will call you on Friday.\n\nKind regards,\nSam"
)


def _criteria(**overrides: Any) -> list[dict[str, Any]]:
    criteria = [
        {"id": "names", "kind": "required_terms", "points": 1, "terms": ["Marchetti", "Verdant Foods"]},
        {"id": "greeting", "kind": "greeting", "points": 1, "names": ["Helena", "Ms Marchetti"]},
        {"id": "sign-off", "kind": "sign_off", "points": 1},
        {"id": "length", "kind": "length", "points": 1, "min_words": 20, "max_words": 80},
        {"id": "spelling", "kind": "spelling", "points": 1, "per_mistake": 0.25},
        {"id": "promises", "kind": "forbidden", "points": 1, "phrases": ["guarantee", "I promise"]},
        {"id": "tone", "kind": "human", "points": 2, "description": "Warm and professional"},
    ]
    return criteria


def _score(text: str, **fields: Any) -> Any:
    item = make_item("written_response", criteria=_criteria(), points=8, **fields)
    return item.score(text, {}, ScoringContext("en-US", "en"))


def test_automatic_criteria_are_scored_and_human_ones_stay_pending() -> None:
    outcome = _score(GOOD)

    notes = outcome.details["criteria"]
    assert notes["names"]["points"] == 0.5  # Verdant Foods is not named
    assert all(notes[c]["points"] == 1 for c in ("greeting", "sign-off", "length", "spelling", "promises"))
    assert [p.criterion for p in outcome.pending] == ["tone"]
    assert outcome.points == 5.5


@pytest.mark.parametrize(
    ("text", "criterion", "points"),
    [
        (GOOD.replace("Marchetti", "Marcheti"), "names", 0.0),  # a misspelt name is not the name
        (GOOD.replace("Marchetti", "marchetti"), "names", 0.0),  # exact spelling includes capitals
        (GOOD.replace("Dear Ms Marchetti,", "Dear Sir or Madam,"), "greeting", 0.0),
        (GOOD.replace("Dear Ms Marchetti,", "Hello Helena,"), "greeting", 1.0),
        (GOOD.replace("Kind regards,", "Talk soon,"), "sign-off", 0.0),
        (GOOD + " I guarantee it will be fixed.", "promises", 0.0),
        ("Dear Ms Marchetti, sorry. Best regards", "length", 0.0),
        (GOOD.replace("trouble", "trubble").replace("investigating", "investigatting"), "spelling", 0.5),
    ],
)
def test_each_checklist_criterion_fails_on_its_own_mistake(text: str, criterion: str, points: float) -> None:
    outcome = _score(text)

    assert outcome.details["criteria"][criterion]["points"] == points


def test_spelling_mistakes_are_named_in_the_evidence() -> None:
    outcome = _score(GOOD.replace("trouble", "trubble"))

    assert "trubble" in outcome.evidence


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("We recieve your mesage.", ["recieve", "mesage"]),
        ("Our client's renewal went well.", []),
        ("Please email anna@example.com or see https://example.com/xyzzy.", []),
        ("We met Smith from ACME at the QBR on HubSpot.", []),  # acronyms, brand names, known names
        ("We met Qwertyson at the fair.", ["qwertyson"]),  # a capitalised word mid-sentence is checked
        ("Qwertyson called.", ["qwertyson"]),
    ],
)
def test_the_spell_checker_counts_real_misspellings(text: str, wrong: list[str]) -> None:
    assert misspelled(text, "en") == wrong


@pytest.mark.parametrize("answer", [None, 42, ["text"], {"text": "hi"}])
def test_a_written_answer_that_is_not_text_scores_zero(answer: Any) -> None:
    item = make_item("written_response", criteria=_criteria(), points=8)

    outcome = item.score(answer, {}, ScoringContext())

    assert outcome.points == 0
    assert outcome.invalid


def test_an_empty_answer_scores_zero_and_leaves_nothing_to_rate() -> None:
    outcome = _score("   ")

    assert outcome.points == 0
    assert outcome.pending == ()


def test_spelling_verdicts_do_not_depend_on_what_was_checked_before() -> None:
    misspelled("We met ZQXW at the fair.", "en")  # an acronym: skipped

    assert misspelled("we met zqxw at the fair.", "en") == ["zqxw"]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Don't worry, we'll fix it.", ["Don't", "worry", ",", "we'll", "fix", "it", "."]),
        ("'Quoted' words", ["'", "Quoted", "'", "words"]),
        ("Costs €675 (20%)!", ["Costs", "€", "675", "(", "20", "%", ")", "!"]),
        ("re-issue the_invoice", ["re", "-", "issue", "the_invoice"]),
        ("it’s fine", ["it's", "fine"]),
        ("", []),
    ],
)
def test_texts_are_split_into_words_and_punctuation(text: str, tokens: list[str]) -> None:
    assert tokens_of(text) == tokens


BRITISH = "We prioritise and analyse the programme, organise the centre and our behaviour favours the client."


def _spelling(text: str, locale: str, language: str = "en", **ctx: Any) -> Any:
    item = make_item("written_response", points=1,
                     criteria=[{"id": "spelling", "kind": "spelling", "points": 1, "per_mistake": 0.25}])  # fmt: skip
    return item.score(text, {}, ScoringContext(locale, language, **ctx)).details["criteria"]["spelling"]


def test_british_spelling_is_right_in_a_british_playbook() -> None:
    found = _spelling(BRITISH, "en-GB")

    assert found["points"] == 1
    assert found["note"] == "no spelling mistakes"


def test_the_other_variants_spelling_is_noted_and_not_counted() -> None:
    us = _spelling(BRITISH, "en-US")
    gb = _spelling("The color of the program was organized to analyze behavior.", "en-GB")

    assert us["points"] == 1
    assert us["note"] == (
        "no spelling mistakes; UK spelling, not counted: prioritise, analyse, organise, centre, behaviour, favours"
    )
    assert gb["points"] == 1
    assert gb["note"].endswith("US spelling, not counted: color, organized, analyze, behavior")


def test_strict_locale_spelling_counts_the_other_variant_as_mistakes() -> None:
    found = _spelling("The color was organized.", "en-GB", strict_spelling=True)

    assert found["points"] == 0.5
    assert found["note"] == "2 spelling mistakes (color, organized)"


def test_plain_english_accepts_both_spellings_without_notes() -> None:
    assert _spelling(BRITISH + " The color was organized.", "en")["note"] == "no spelling mistakes"


def test_an_english_playbook_with_a_belgian_locale_accepts_both_spellings() -> None:
    assert _spelling(BRITISH + " The color was organized.", "fr-BE", "en")["note"] == "no spelling mistakes"


def test_capitalised_words_are_checked_except_the_playbooks_names_and_the_signature() -> None:
    text = "Dear Mr Halvorsen,\nI spoke to Verdnat Foods on Tuesdya.\nKind regards,\nPriya Raman"

    found = _spelling(text, "en-GB", names=frozenset({"halvorsen", "verdant", "foods"}))

    assert found["note"] == "2 spelling mistakes (verdnat, tuesdya)"


def test_german_nouns_are_spell_checked() -> None:
    found = _spelling("Der Kunde hat eine Rechnnung erhalten.", "de-DE", "de")

    assert found["note"] == "1 spelling mistake (rechnnung)"


def test_the_playbooks_allow_list_is_never_counted() -> None:
    assert _spelling("We use Zorbly and zorbly daily.", "en-GB", allow=("Zorbly",))["note"] == "no spelling mistakes"


@pytest.mark.parametrize("text", ["Halvorsen's energy target", "the Halvorsens' target", "Mr Halvorsen agreed"])
def test_a_required_name_matches_in_the_possessive(text: str) -> None:
    item = make_item("written_response", points=1,
                     criteria=[{"id": "names", "kind": "required_terms", "points": 1, "terms": ["Halvorsen"]}])  # fmt: skip

    assert item.score(text, {}, ScoringContext()).points == 1


def test_a_required_term_matches_its_plural_but_not_another_word() -> None:
    item = make_item("written_response", points=1, criteria=[
        {"id": "terms", "kind": "required_terms", "points": 1, "terms": ["credit note"], "case_sensitive": False}])  # fmt: skip

    assert item.score("Two credit notes were sent.", {}, ScoringContext()).points == 1
    assert item.score("A credit notice was sent.", {}, ScoringContext()).points == 0
    assert item.score("The Halvorsenn team", {}, ScoringContext()).points == 0


def _key_points(match: str, language: str, text: str) -> tuple[float, str]:
    criteria = [{"id": "points", "kind": "key_points", "points": 3, "match": match, "points_to_cover": [
        {"id": "usage", "label": "review the usage", "any_of": ["analyse the usage data", "review usage"]},
        {"id": "training", "label": "offer training", "any_of": ["organise training session"]},
        {"id": "pilot", "label": "propose a pilot", "any_of": ["propose a pilot"]},
    ]}]  # fmt: skip
    item = make_item("written_response", criteria=criteria, points=3)
    outcome = item.score(text, {}, ScoringContext(language, language))
    note = outcome.details["criteria"]["points"]
    return note["points"], note["note"]


REPLY = "We will analyse your usage data together, then organise training sessions. I proposed a pilot."


def test_stemmed_key_points_accept_other_forms_and_quote_the_words_that_matched() -> None:
    exact, _ = _key_points("phrases", "en", REPLY)
    stemmed, note = _key_points("stems", "en", REPLY)

    assert exact == 0  # "organise training sessions", "proposed a pilot": no phrase as written
    assert stemmed == 2  # the same two by their stems; "analyse the usage data" still needs its "the"
    assert "offer training: “organise training sessions”" in note
    assert "propose a pilot: “proposed a pilot”" in note
    assert "not covered: review the usage" in note


def test_stems_follow_the_playbooks_language() -> None:
    french = [{"id": "points", "kind": "key_points", "points": 1, "match": "stems", "points_to_cover": [
        {"id": "usage", "label": "analyser l'utilisation", "any_of": ["analyser l'utilisation"]}]}]  # fmt: skip
    item = make_item("written_response", criteria=french, points=1)

    in_french = item.score("Nous analyserons l'utilisation avec vous.", {}, ScoringContext("fr-BE", "fr"))
    as_english = item.score("Nous analyserons l'utilisation avec vous.", {}, ScoringContext("en", "en"))

    assert in_french.details["criteria"]["points"]["points"] == 1
    assert as_english.details["criteria"]["points"]["points"] == 0


def test_a_playbook_written_in_french_greets_and_signs_off_in_french() -> None:
    criteria = [
        {"id": "greeting", "kind": "greeting", "points": 1},
        {"id": "sign-off", "kind": "sign_off", "points": 1},
    ]
    item = make_item("written_response", criteria=criteria, points=2)
    reply = "Bonjour Madame Dubois,\n\nMerci pour votre message. Nous analysons la facture.\n\nCordialement,\nSam"

    in_french = item.score(reply, {}, ScoringContext("fr-BE", "fr"))
    as_english = item.score(reply, {}, ScoringContext("en-GB", "en"))

    assert in_french.points == 2
    assert "closes with a sign-off ('cordialement')" in in_french.evidence
    assert as_english.details["criteria"]["greeting"]["points"] == 0  # "Dear ..." is what English expects
