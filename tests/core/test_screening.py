"""Screening questions: the format's located errors, and knock-outs that send an application to a
person with the reason, never reject it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hireplay.core.lint import check_text
from hireplay.core.screening import screen_answers

MINIMAL = (Path(__file__).parent / "data" / "minimal.yaml").read_text()


def _with(screening: str) -> str:
    return MINIMAL.replace("\ndecision_policy:\n", f"\nscreening:\n{screening}\ndecision_policy:\n")


def test_every_shipped_playbook_asks_at_least_one_knock_out(smb: Any, sme: Any, sam: Any) -> None:
    for playbook in (smb, sme, sam):
        assert any(q.passes for q in playbook.screening), playbook.id


def test_a_passing_application_has_no_reason_to_look(smb: Any) -> None:
    screened = screen_answers(smb, {"office-days": "yes", "right-to-work": "yes", "experience": "Less than one"})

    assert screened.passed
    assert screened.problems == {}
    assert screened.answers["experience"] == "Less than one"  # asked for information: no knock-out


def test_a_missed_knock_out_names_the_question_the_answer_and_what_the_role_needs(sme: Any) -> None:
    screened = screen_answers(sme, {"languages": "French only", "visits": "yes", "right-to-work": "yes"})

    assert not screened.passed
    assert screened.missed == (("languages", "“In which languages can you hold a business conversation with a "
                                "client?” answered “French only” (the role needs “French and Dutch”)"),)  # fmt: skip


def test_unanswered_or_unknown_answers_are_problems_by_field(smb: Any) -> None:
    screened = screen_answers(smb, {"office-days": "maybe", "experience": ""})

    assert screened.problems == {
        "screening-office-days": "choose one of: yes, no",
        "screening-right-to-work": "please answer this question",
        "screening-experience": "please answer this question",
    }


@pytest.mark.parametrize(
    ("screening", "path", "message"),
    [
        ("  - {id: a, text: Office days?, passes: [maybe]}", "screening[0]", "passes names 'maybe', not among the answers (yes, no)"),
        ("  - {id: a, text: Level?, kind: choice, options: [One]}", "screening[0]", "a choice question needs at least two options"),
        ("  - {id: a, text: Office days?, passes: [yes]}", "screening[0].passes[0]", 'write it in quotes ("yes")'),
        ("  - {id: a, text: One?}\n  - {id: a, text: Two?}", "screening[1].id", "the screening question id 'a' is already used"),
    ],
)  # fmt: skip
def test_screening_problems_are_located(screening: str, path: str, message: str) -> None:
    problems = check_text(_with(screening), "p.yaml")[1]

    assert any(p.path == path and message in p.message for p in problems), "\n".join(map(str, problems))


def test_every_shipped_must_have_skill_names_what_evidences_it(smb: Any, sme: Any, sam: Any) -> None:
    for playbook in (smb, sme, sam):
        for _, skill, evidence in playbook.must_have_evidence:
            assert evidence, f"{playbook.id}: {skill.name}"
            assert all("“" in e for e in evidence), evidence  # every reference resolved to a name


def test_a_must_have_that_names_nothing_of_the_playbook_is_located() -> None:
    text = MINIMAL.replace("must_have: {}", "must_have: {hard: [{name: Sums, description: Adds up., "
                                            "evidenced_by: [sums, no-such]}]}")  # fmt: skip
    assert text != MINIMAL
    problems = check_text(text, "p.yaml")[1]

    assert [(p.path, p.message) for p in problems] == [
        ("role.must_have.hard[0].evidenced_by[1]",
         "'no-such' is not a competency, item, interview question, exercise or screening question of this playbook")
    ]  # fmt: skip
