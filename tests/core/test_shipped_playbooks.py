from __future__ import annotations

from typing import Any

from hireplay.core.frameworks import load_transition
from hireplay.core.items import ITEM_TYPES, PARAMETRIC_TYPES
from hireplay.core.lint import lint_file
from hireplay.shipped import FRAMEWORKS_DIR
from tests.conftest import PLAYBOOKS


def test_every_shipped_playbook_lints_clean() -> None:
    for path in sorted(PLAYBOOKS.glob("*.yaml")):
        assert lint_file(path)[1] == [], path


def test_the_three_promised_playbooks_are_shipped(shipped: list[Any]) -> None:
    assert {pb.id for pb in shipped} >= {
        "account-manager-smb",
        "account-manager-sme-portfolio",
        "strategic-account-manager",
    }


def test_every_item_type_appears_in_at_least_one_shipped_playbook(shipped: list[Any]) -> None:
    used = {item.type for pb in shipped for item in pb.assessment.items}

    assert used == set(ITEM_TYPES)


def test_numeric_choice_and_ranking_items_are_shipped_as_parametric(shipped: list[Any]) -> None:
    parametric = {item.type for pb in shipped for item in pb.assessment.items if item.variables_for(None)}

    assert {"numeric", "ranking"} <= parametric <= set(PARAMETRIC_TYPES)


def test_the_seed_figures_carry_over(smb: Any) -> None:
    policy = smb.decision_policy

    assert smb.assessment.time_limit_minutes == 30
    assert policy.weights == {"assessment": 40, "interview": 60}
    assert len(smb.interview.questions) == 6
    assert smb.role.working_arrangement.mode == "hybrid"
    assert any(c.red_flag == "office-days" for c in smb.interview.confirmations)
    assert any(m.competency == "communication" and m.minimum == 2 for m in policy.must_haves)
    assert sum(1 for i in smb.assessment.items if i.type == "situational_judgment") == 5


def test_the_sme_playbook_measures_the_five_sme_competencies(sme: Any) -> None:
    assert [c.id for c in sme.competencies] == [
        "situational-intelligence",
        "autonomy",
        "prioritisation",
        "value-building",
        "resilience",
    ]
    assert "collusion" in {f.id for f in sme.interview.red_flags}


def test_the_strategic_playbook_weights_strategic_vision_highest(sam: Any) -> None:
    top = max(sam.competencies, key=lambda c: c.weight)

    assert top.id == "strategic-vision"
    assert {c.transition for c in sam.competencies} == {"aligned", "reinforce", "acquire", "unlearn"}
    assert "short-termism" in sam.decision_policy.red_flags


def test_the_strategic_playbook_holds_the_framework_and_its_classes(sam: Any) -> None:
    """Every competency of the SAM framework is in the playbook with the transition's class, and
    is measured (the linter checks that); the habit to unlearn is a risk: unweighed, under a ceiling."""
    transition, _, target = load_transition(FRAMEWORKS_DIR / "salesperson-to-sam.yaml")
    by_id = {c.id: c for c in sam.competencies}

    assert {c.id for c in target.competencies} == set(by_id)
    for competency in target.competencies:
        step = transition.step(competency.id)
        assert step is not None
        assert by_id[competency.id].transition == step.class_, competency.id
        assert by_id[competency.id].risk == competency.risk, competency.id
    habit = by_id["short-term-orientation"]
    assert (habit.weight, habit.risk) == (0, True)
    assert [c.competency for c in sam.decision_policy.ceilings] == ["short-term-orientation"]
    assert any(q.competencies == ("short-term-orientation",) for q in sam.interview.questions)


def test_every_interview_question_anchors_levels_one_three_and_five(shipped: list[Any]) -> None:
    for pb in shipped:
        for question in pb.interview.questions:
            assert {1, 3, 5} <= set(question.scale)
