"""Every kind of playbook problem is reported with its file, line, column, path and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from hireplay.core.lint import check_text
from hireplay.core.problems import Problem
from tests.conftest import PLAYBOOKS

MINIMAL = (Path(__file__).parent / "data" / "minimal.yaml").read_text()


def _lint(text: str) -> list[Problem]:
    return check_text(text, "p.yaml")[1]


def _one(text: str) -> Problem:
    problems = _lint(text)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_minimal_playbook_is_clean() -> None:
    playbook, problems = check_text(MINIMAL, "p.yaml")

    assert problems == []
    assert playbook is not None


def test_an_unknown_item_type_names_the_item_and_the_types_allowed() -> None:
    text = MINIMAL.replace("type: numeric", "type: numerical")

    problem = _one(text)

    assert problem.path == "assessment.items[1]"
    assert "unknown item type 'numerical'" in problem.message
    assert "did you mean 'numeric'" in problem.message


def test_a_key_that_is_not_an_option_points_at_the_key() -> None:
    text = MINIMAL.replace("key: a", "key: e")

    problem = _one(text)

    assert (problem.line, problem.column) == (_line_of(text, "key: e"), 7)
    assert problem.path == "assessment.items[0].key"
    assert "'e' is not among the options (a, b)" in problem.message


def test_duplicate_ids_are_reported_where_the_second_one_stands() -> None:
    text = MINIMAL.replace("- id: total", "- id: pick")

    problem = _one(text)

    assert problem.path == "assessment.items[1].id"
    assert problem.line == _line_of(text, "type: numeric") - 1
    assert "already used" in problem.message


def test_an_item_mapped_to_an_undefined_competency_is_named_with_a_suggestion() -> None:
    text = MINIMAL.replace("competencies: [sums]", "competencies: [sums, sum]")

    problem = _one(text)

    assert problem.path == "assessment.items[1].competencies[1]"
    assert "'sum' is not a defined competency (did you mean 'sums'?)" in problem.message


def test_competency_weights_must_add_up_to_100() -> None:
    problem = _one(MINIMAL.replace("weight: 40", "weight: 30"))

    assert problem.path == "competencies"
    assert "add up to 90, not 100" in problem.message


def test_assessment_and_interview_weights_must_add_up_to_100() -> None:
    problem = _one(
        MINIMAL.replace("weights: {assessment: 40, interview: 60}", "weights: {assessment: 50, interview: 60}")
    )

    assert problem.path == "decision_policy.weights"


def test_a_competency_nothing_measures_is_reported() -> None:
    text = MINIMAL.replace("competencies: [sums]", "competencies: [talk]")

    problem = _one(text)

    assert problem.path == "competencies[1]"
    assert "'sums' is measured by no item, no interview question and no exercise" in problem.message


def test_a_scale_level_without_a_description_is_reported() -> None:
    text = MINIMAL.replace("        3: Concrete.\n", "        3: ''\n")

    problem = _one(text)

    assert problem.path == "interview.questions[0].scale.3"
    assert problem.line == _line_of(text, "3: ''")


def test_a_missing_anchor_level_is_reported() -> None:
    problem = _one(MINIMAL.replace("        5: Concrete with results.\n", ""))

    assert problem.path == "interview.questions[0].scale"
    assert "level 5 has no description" in problem.message


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("id: [unclosed\n", (2, 1)),
        ("a: b\n  c: d\n", (2, 4)),
        ("key: 'unterminated\n", (2, 1)),
        ("\t- tab\n", (1, 1)),
    ],
)
def test_malformed_yaml_is_reported_with_its_position(text: str, where: tuple[int, int]) -> None:
    problem = _one(text)

    assert (problem.line, problem.column) == where
    assert problem.message.startswith("malformed YAML")


def test_several_problems_of_different_kinds_are_all_reported_at_once() -> None:
    text = (
        MINIMAL.replace("key: a", "key: e")
        .replace("type: numeric", "type: numerical")
        .replace("weight: 40", "weight: 30")
        .replace("level: mid", "level: middling")
    )

    paths = [p.path for p in _lint(text)]

    assert paths == ["role.level", "competencies", "assessment.items[0].key", "assessment.items[1]"]


def test_an_unknown_field_lists_the_fields_allowed_there() -> None:
    problem = _one(
        MINIMAL.replace(
            "      points: 1\n      answer: 675", "      points: 1\n      answer: 675\n      tolerence: {absolute: 1}"
        )
    )

    assert problem.path == "assessment.items[1].tolerence"
    assert "did you mean 'tolerance'" in problem.message
    assert "unit" in problem.message


def test_a_duplicate_key_in_a_mapping_is_reported() -> None:
    problem = _one(MINIMAL.replace("  title: Account Manager\n", "  title: Account Manager\n  title: Other\n"))

    assert problem.path == "role.title"
    assert "appears twice" in problem.message


def test_a_formula_with_an_undeclared_variable_is_reported() -> None:
    text = MINIMAL.replace(
        "      answer: 675", "      answer: qty * price\n      parameters:\n        qty: {min: 1, max: 5, example: 2}"
    )

    problem = _one(text)

    assert problem.path == "assessment.items[1].answer"
    assert "undeclared variable(s) price" in problem.message


def test_red_flags_need_an_effect_in_the_policy() -> None:
    problem = _one(MINIMAL.replace("  red_flags: {ethics: do_not_hire}", "  red_flags: {}"))

    assert problem.path == "interview.red_flags[0]"


def test_a_document_that_is_not_a_mapping_is_one_clear_problem() -> None:
    problem = _one("- just\n- a list\n")

    assert "a playbook is a mapping" in problem.message


def test_an_item_whose_steps_do_not_add_up_is_reported(smb: object) -> None:
    text = (Path(__file__).parents[2] / "playbooks" / "account-manager-smb.yaml").read_text()
    broken = text.replace("      points: 4.5\n", "      points: 5\n", 1)

    problem = _one(broken)

    assert problem.path.endswith(".points")
    assert "steps add up to 4.5" in problem.message


def test_fractional_weights_get_a_hint_that_weights_are_percentages() -> None:
    problem = _one(MINIMAL.replace("weight: 60", "weight: 0.6").replace("weight: 40", "weight: 0.4"))

    assert "weights are percentages" in problem.message


def test_an_empty_required_list_says_how_many_entries_it_needs() -> None:
    problem = _one(MINIMAL.replace("    - {id: main, title: Main}\n", "").replace("  sections:\n", "  sections: []\n"))

    assert problem.path == "assessment.sections"
    assert problem.message == "needs at least 1 entry, has 0"


def _with_formula(answer: str, parameters: str, constraints: str = "") -> str:
    extra = f"\n      constraints: {constraints}" if constraints else ""
    return MINIMAL.replace("      answer: 675", f"      answer: {answer}\n      parameters:\n{parameters}{extra}")


@pytest.mark.parametrize(
    ("answer", "parameters", "message"),
    [
        # Divides by zero at a bound the example does not show.
        ("'100 / d'", "        d: {min: 0, max: 5, example: 2}", "with d = 0, '100 / d' divides by zero"),
        # Overflows: far beyond what Decimal can hold.
        (
            "'((x ** 100) ** 100) ** 100'",
            "        x: {min: 1, max: 1000000, example: 1}",
            "gives a number too large to calculate with",
        ),
        # A figure no candidate can be shown or type.
        ("'x ** 10'", "        x: {min: 1, max: 100000, example: 2}", "beyond the 10^15 a figure may reach"),
        # No numeric result for some values.
        ("'(x - 3) ** 0.5'", "        x: {min: 1, max: 9, example: 4}", "has no numeric result"),
        # A constant out of range.
        ("'x + 1e999'", "        x: {min: 1, max: 9, example: 4}", "the number 1e999 is out of range"),
    ],
    ids=["division-by-zero", "overflow", "too-large", "invalid", "huge-constant"],
)
def test_a_formula_that_fails_for_some_values_is_a_located_error_in_words(
    answer: str, parameters: str, message: str
) -> None:
    problem = _one(_with_formula(answer, parameters))

    assert problem.path == "assessment.items[1].answer"
    assert message in problem.message
    assert "<class" not in problem.message


def test_values_the_constraints_rule_out_are_not_tried() -> None:
    text = _with_formula("'100 / d'", "        d: {min: 0, max: 5, example: 2}", "['d != 0']")

    assert _lint(text) == []


def test_a_negative_exponent_written_out_is_allowed_and_a_formula_exponent_is_not() -> None:
    assert _lint(_with_formula("'x ** -1 * 100'", "        x: {min: 1, max: 5, example: 2}")) == []
    problem = _one(_with_formula("'x ** x'", "        x: {min: 1, max: 5, example: 2}"))
    assert "an exponent must be a number from -100 to 100" in problem.message
    problem = _one(_with_formula("'x ** 101'", "        x: {min: 1, max: 5, example: 2}"))
    assert "an exponent must be a number from -100 to 100" in problem.message


SAM_TEXT = (PLAYBOOKS / "strategic-account-manager.yaml").read_text()


def test_a_risk_behaviour_must_be_unweighed_held_by_a_ceiling_and_never_a_must_have() -> None:
    weighed = SAM_TEXT.replace("    weight: 0\n    transition: unlearn\n    risk: true",
                               "    weight: 5\n    transition: acquire\n    risk: true").replace(
        "    weight: 20\n    transition: acquire", "    weight: 15\n    transition: acquire")  # fmt: skip
    unheld = SAM_TEXT.replace(
        "  ceilings:\n    - competency: short-term-orientation\n", "  ceilings:\n    - competency: knowledge\n"
    )
    minimum = SAM_TEXT.replace("    - competency: strategic-vision\n      source: interview\n      minimum: 3",
                               "    - competency: short-term-orientation\n      source: interview\n      minimum: 3")  # fmt: skip

    messages = [p.message for p in _lint(weighed)]
    held = {p.path: p.message for p in _lint(unheld)}
    must = _one(minimum)

    assert "a risk behaviour is never part of a weighted score: give it weight 0" in messages
    assert any(m.startswith("a risk behaviour is a habit to unlearn") for m in messages)
    assert held["decision_policy.ceilings[0].competency"].startswith("'knowledge' is not a risk behaviour")
    assert any("has no ceiling: add one under decision_policy.ceilings" in m for m in held.values())
    assert must.path == "decision_policy.must_haves[0].competency"
    assert must.line == _line_of(minimum, "- competency: short-term-orientation")
    assert "use a ceiling instead" in must.message
