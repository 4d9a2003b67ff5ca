"""The candidate's view of an assessment never holds a key, a rationale or a checklist."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hireplay.core.candidate_view import assessment_view
from hireplay.core.lint import load_playbook
from hireplay.core.parametric import render
from tests.conftest import PLAYBOOKS

SECRET_FIELDS = ("key", "effectiveness", "rationale", "error", "criteria", "steps", "explanation", "answer",
                 "tolerance", "parameters", "constraints", "value", "any_of", "penalty", "correct")  # fmt: skip


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


@pytest.mark.parametrize("path", sorted(PLAYBOOKS.glob("*.yaml")), ids=lambda p: p.stem)
def test_no_secret_field_reaches_the_candidate(path: Any) -> None:
    playbook = load_playbook(path)

    view = assessment_view(playbook, 12345)

    start_records = {k for s in view["sections"] for i in s["items"] if "start" in i for k in _keys(i["start"])}
    assert (_keys(view) - start_records) & set(SECRET_FIELDS) == set()


def test_no_rationale_or_seeded_error_text_reaches_the_candidate(smb: Any) -> None:
    text = json.dumps(assessment_view(smb, 7))

    for item in smb.assessment.items:
        for response in getattr(item, "responses", ()):
            assert response.rationale not in text
        for part in getattr(getattr(item, "document", None), "parts", ()):
            if part.error:
                assert part.error.description not in text
        assert not item.explanation or item.explanation not in text


def test_a_parametric_prompt_shows_the_candidates_own_numbers(smb: Any) -> None:
    item = smb.items_by_id["quote-total"]

    shown = next(i for s in assessment_view(smb, 99)["sections"] for i in s["items"] if i["id"] == "quote-total")

    assert shown["prompt"] == render(item.prompt, item.variables_for(99))
    assert "{" not in shown["prompt"]
