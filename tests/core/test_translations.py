"""A playbook in several languages: the same rules, the candidate's own words."""

from __future__ import annotations

from typing import Any

from hireplay.core.candidate_view import assessment_view
from hireplay.core.lint import check_text
from hireplay.core.scoring import Responses, score
from hireplay.core.translation import GREETINGS, SIGN_OFFS, apply
from tests.conftest import PLAYBOOKS

FRENCH_REPLY = (
    "Bonjour Madame Claes,\n\nMerci pour votre message franc. Chez Claes Menuiserie, vos devis prennent "
    "aujourd'hui une demi-journée au lieu de deux jours, et vous n'avez manqué aucune date de livraison "
    "cette année. Ce temps gagné vaut bien plus que les 6 % de hausse : c'est de la marge et moins de "
    "risque de retard pour vos clients. Je vous propose de passer la semaine prochaine pour faire le "
    "point ensemble.\n\nCordialement,\nAlex"
)


def test_the_sme_playbook_ships_in_english_french_and_dutch(sme: Any) -> None:
    assert sme.languages == ("en", "fr", "nl")
    french, dutch = sme.in_language("fr"), sme.in_language("nl")
    assert (french.role.locale, french.role.language, dutch.role.locale) == ("fr-BE", "fr", "nl-BE")
    assert [i.id for i in french.assessment.items] == [i.id for i in sme.assessment.items]
    assert sme.in_language("de") is sme  # a language it does not have: its own texts


def test_a_translations_field_the_source_left_out_is_not_part_of_the_content(smb: Any) -> None:
    assert smb.translations == {}
    assert "translations" not in smb.canonical_content()


def test_the_candidate_sees_the_assessment_in_their_language(sme: Any) -> None:
    view = assessment_view(sme, 7, "fr")
    items = {i["id"]: i for s in view["sections"] for i in s["items"]}

    assert view["sections"][0]["title"] == "Votre portefeuille cette semaine"
    assert items["call-first"]["prompt"].startswith("Votre portefeuille")
    options = {o["id"]: o["text"] for o in items["revenue-at-risk"]["options"]}
    assert options["p"].startswith("Pharmacie Lenoir : ")
    assert "{" not in items["yearly-savings"]["prompt"]  # the candidate's own numbers are filled in
    labels = {b["path"]: b["label"] for b in items["segment-portfolio"]["form"][0]["buckets"]}
    assert labels == {"develop": "À développer", "routine": "Routine", "at_risk": "À risque",
                      "unsorted": "Pas encore classé"}  # fmt: skip
    english = assessment_view(sme, 7)
    assert {i["id"] for s in english["sections"] for i in s["items"]} == set(items)


def test_a_french_answer_is_scored_with_french_words_and_the_same_key(sme: Any) -> None:
    answers = {"price-objection-email": FRENCH_REPLY, "call-first": ["dumont", "lambert", "lenoir"]}
    french = score(sme, Responses(answers=answers, language="fr"), 7)
    english = score(sme, Responses(answers=answers), 7)
    items = {i.id: i for i in french.items}

    assert french.playbook_hash == english.playbook_hash == sme.content_hash
    assert (french.language, english.language) == ("fr", "")
    assert french.to_dict()["language"] == "fr"
    assert "language" not in english.to_dict()
    assert items["call-first"].points == 3  # the key does not depend on the language
    email = items["price-objection-email"]
    english_email = {i.id: i for i in english.items}["price-objection-email"]
    assert email.points > english_email.points  # French key points and dictionary found what English missed
    assert "0 spelling mistakes" in email.evidence or "no spelling mistakes" in email.evidence.lower()
    assert "discount" not in email.evidence


def test_greetings_and_sign_offs_follow_the_language_unless_the_translation_says_otherwise() -> None:
    content: dict[str, Any] = {
        "role": {"title": "x", "locale": "en", "language": "en"}, "competencies": [],
        "assessment": {"sections": [], "items": [{"id": "mail", "prompt": "p", "criteria": [
            {"id": "hello", "kind": "greeting", "patterns": ["dear"]}, {"id": "bye", "kind": "sign_off", "patterns": ["regards"]}]}]},
    }  # fmt: skip
    from hireplay.core.translation import CriterionText, ItemText, Translation

    translation = Translation(locale="nl-BE", role_title="y", sections={},
                              items={"mail": ItemText(prompt="q", criteria={"bye": CriterionText(patterns=("groetjes",))})})  # fmt: skip
    criteria = apply(content, "nl", translation)["assessment"]["items"][0]["criteria"]

    assert criteria[0]["patterns"] == GREETINGS["nl"]
    assert criteria[1]["patterns"] == ("groetjes",)
    assert "cordialement" in SIGN_OFFS["fr"]


def test_a_translation_that_leaves_something_out_is_named_by_the_linter() -> None:
    text = (PLAYBOOKS / "account-manager-sme-portfolio.yaml").read_text()
    text = text.replace(
        "      yearly-savings:\n        title: Chiffrer le résultat",
        "      yearly-saving:\n        title: Chiffrer le résultat",
        1,
    )
    text = text.replace(
        '          p: "Pharmacie Lenoir : {fee_p} € par mois"',
        '          p: "Pharmacie Lenoir : {fee_x} € par mois"',
        1,
    )

    playbook, problems = check_text(text, "sme.yaml")

    messages = [p.message for p in problems]
    assert playbook is None
    assert "item yearly-savings has no fr text" in messages
    assert "there is no item yearly-saving in the playbook" in messages


def test_fields_the_source_left_out_are_not_content(smb: Any, sme: Any) -> None:
    content = smb.canonical_content()
    assert "shuffle_options" not in content["assessment"]
    assert all("table" not in s for s in content["assessment"]["sections"])
    assert sme.canonical_content()["assessment"]["shuffle_options"] is True


def test_options_come_in_each_candidates_own_order_and_score_the_same(sme: Any) -> None:
    def order(seed: int) -> list[str]:
        view = assessment_view(sme, seed)
        item = next(i for s in view["sections"] for i in s["items"] if i["id"] == "sjt-friendly-owner")
        return [o["id"] for o in item["options"]]

    orders = {tuple(order(seed)) for seed in range(1, 40)}
    assert order(5) == order(5)  # the same at every visit
    assert len(orders) > 5  # and different between candidates
    assert all(sorted(o) == ["a", "b", "c", "d"] for o in orders)
    answers = {"sjt-friendly-owner": {"most": "b", "least": "a"}}
    assert {i.id: i.points for i in score(sme, answers, 5).items}["sjt-friendly-owner"] == 2


def test_the_portfolio_is_a_table_of_forty_accounts_in_each_language(sme: Any) -> None:
    for language, caption, sector in (("", "Your portfolio: 40 accounts", "Joinery"),
                                      ("fr", "Votre portefeuille : 40 comptes", "Menuiserie"),
                                      ("nl", "Uw portefeuille: 40 klanten", "Schrijnwerkerij")):  # fmt: skip
        table = assessment_view(sme, 3, language)["sections"][0]["table"]
        assert table["caption"] == caption
        assert len(table["rows"]) == 40
        assert table["rows"][0][:2] == ["Atelier Verbeke", sector]
        assert [c["kind"] for c in table["columns"]][2:6] == ["number"] * 4
