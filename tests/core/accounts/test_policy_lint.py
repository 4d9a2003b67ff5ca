"""Policy files are checked like playbooks: every problem with its place and the fix."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from hireplay.core.accounts.lint import check_policy_text, lint_policy_file
from tests.conftest import examples

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = ROOT / "policies" / "key-accounts-default.yaml"
TEXT = SHIPPED.read_text()


def _problems(text: str) -> list[str]:
    policy, problems = check_policy_text(text, "p.yaml")
    assert policy is None
    return [str(p) for p in problems]


def test_the_shipped_policy_is_clean() -> None:
    policy, problems = lint_policy_file(SHIPPED)

    assert problems == []
    assert policy is not None
    assert policy.content_hash.startswith("sha256:")


def test_weights_must_add_up_to_100() -> None:
    problems = _problems(TEXT.replace("    weight: 25\n", "    weight: 35\n", 1))

    assert any("criteria: the criteria's weights add up to 110, not 100" in p for p in problems)


def test_a_condition_naming_an_undefined_criterion_is_placed_and_a_fix_suggested() -> None:
    problems = _problems(TEXT.replace("{criterion: revenue, at_least: 60}", "{criterion: revenu, at_least: 60}"))

    (problem,) = [p for p in problems if "revenu'" in p]
    assert "tiers[0].all_of[0].criterion" in problem
    assert "did you mean 'revenue'" in problem
    line = int(problem.split(":")[1])
    assert "revenu," in TEXT.replace("revenue, at_least", "revenu, at_least").splitlines()[line - 1]


def test_hierarchy_and_signals_must_name_defined_tiers() -> None:
    problems = _problems(TEXT.replace("{child: key, at_least: growth}", "{child: key, at_least: grow}")
                         .replace("only_for: [key, growth]", "only_for: [key, vip]"))  # fmt: skip

    assert any("hierarchy.parent_floors[0].at_least" in p and "did you mean 'growth'" in p for p in problems)
    assert any("at_risk.signals[1].only_for[1]" in p and "'vip'" in p for p in problems)


def test_the_last_tier_takes_the_rest_and_cannot_have_conditions() -> None:
    text = TEXT.replace("    description: No engagement for two years. Whoever brings it back owns it.",
                        "    description: x\n    all_of: [{measure: days_since_engagement, at_least: 730}]")  # fmt: skip

    assert any("tiers[3].all_of" in p and "last tier" in p for p in _problems(text))


def test_bands_must_rise_and_unknown_measures_are_refused() -> None:
    problems = _problems(TEXT.replace("{min: 15000, points: 60, label: substantial}", "{min: 0, points: 60}")
                         .replace("measure: active_contacts", "measure: headcount"))  # fmt: skip

    assert any("criteria[0]" in p and "from the lowest" in p for p in problems)
    assert any("criteria[4].measure" in p and "headcount" in p for p in problems)


def test_duplicate_ids_are_reported() -> None:
    problems = _problems(TEXT.replace("  - id: influence\n", "  - id: revenue\n"))

    assert any("criteria[3].id" in p and "already used" in p for p in problems)


def test_broken_yaml_is_a_problem_not_a_crash() -> None:
    problems = _problems("id: [unclosed\n")

    assert problems
    assert problems[0].startswith("p.yaml:")


@settings(max_examples=examples(150))
@given(st.text(max_size=300))
def test_any_text_gives_problems_or_a_policy_never_an_exception(text: str) -> None:
    policy, problems = check_policy_text(text, "fuzz.yaml")

    assert (policy is None) == bool(problems)
