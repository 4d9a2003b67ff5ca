"""A salesperson's own self-check against the strategic account role: public, in their language,
nothing stored (docs/development.md)."""

from __future__ import annotations

from django.apps import apps
from django.test import Client

from hireplay.core.frameworks import load_transition
from hireplay.shipped import FRAMEWORKS_DIR

_, _, SAM = load_transition(FRAMEWORKS_DIR / "salesperson-to-sam.yaml")
# A salesperson with strong product knowledge, good negotiation, a short-term focus and no
# strategic account planning, as they see themselves.
ANSWERS = {c.id: "3" for c in SAM.competencies} | {
    "knowledge": "5", "negotiation-communication": "4", "short-term-orientation": "5", "strategic-vision": "1",
}  # fmt: skip


def _rows() -> int:
    return sum(model.objects.count() for model in apps.get_models())


def test_the_self_check_answers_at_once_and_keeps_nothing(db: None) -> None:
    client = Client()
    before = _rows()

    page = client.get("/self-check/")
    answered = client.post("/self-check/", ANSWERS)
    text = answered.content.decode()

    assert page.status_code == 200
    assert "Am I ready for a strategic account role?" in page.content.decode()
    assert answered.status_code == 200
    assert "Strategic vision: To acquire: new to you, or more than one level to go" in text
    assert "You chose level 1; the role needs 4." in text
    assert "Short-term sales drive: To unlearn: a strength of selling that works against this role" in text
    assert "It changes mostly through your own effort and motivation" in text
    assert "Customer and product knowledge: You are there" in text
    assert "Negotiation and communication: You are there" in text
    assert "7 competencies to work on, by your own reading." in text
    assert _rows() == before  # nothing stored


def test_the_self_check_in_french_with_what_is_missing_beside_each_question(db: None) -> None:
    client = Client()
    partial = {k: v for k, v in ANSWERS.items() if k not in ("networking", "creativity")} | {"language": "fr"}

    page = client.get("/self-check/?language=fr")
    refused = client.post("/self-check/", partial)
    text = refused.content.decode()

    assert page["Content-Language"] == "fr"
    assert "Suis-je prêt pour un rôle de gestionnaire de comptes stratégiques ?" in page.content.decode()
    assert refused.status_code == 400
    assert "Certaines compétences n'ont pas encore de réponse" in text
    assert text.count("Choisissez le niveau qui vous décrit le mieux, de 1 à 5") == 2
    assert 'id="networking-error"' in text
    assert 'value="1" checked' in text  # what was chosen is kept


def test_hostile_answers_and_languages_get_a_form_back_never_an_error(db: None) -> None:
    client = Client()
    for language in ("<script>", "xx", "", "fr" * 500):
        page = client.get("/self-check/", {"language": language})
        assert page.status_code == 200
        assert page["Content-Language"] in ("en", "fr")
        assert "<script>alert" not in page.content.decode()
    for value in ("6", "0", "1e9", "-1", "", "3.5", "<b>", "x" * 10_000):
        answered = client.post("/self-check/", ANSWERS | {"strategic-vision": value, "language": "<i>"})
        assert answered.status_code == 400
        assert 'id="strategic-vision-error"' in answered.content.decode()
    assert client.post("/self-check/", ANSWERS | {"unknown-field": "1"}).status_code == 200
