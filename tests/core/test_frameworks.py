"""Competency frameworks and the salesperson-to-SAM transition (docs/development.md): the shipped
files are clean, reproduce seed 003's classification, and bad files get located errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hireplay.core.frameworks import Framework, Transition, lint_path, load_transition
from hireplay.core.problems import InvalidFileError
from hireplay.shipped import FRAMEWORKS_DIR

TRANSITION = FRAMEWORKS_DIR / "salesperson-to-sam.yaml"


def test_the_shipped_frameworks_and_transition_are_clean() -> None:
    found = {path.name: lint_path(path) for path in sorted(FRAMEWORKS_DIR.glob("*.yaml"))}
    assert {name: problems for name, (_, problems) in found.items() if problems} == {}
    kinds = {name: type(model).__name__ for name, (model, _) in found.items()}
    assert kinds == {"salesperson.yaml": "Framework", "strategic-account-manager.yaml": "Framework",
                     "sme-account-manager.yaml": "Framework", "salesperson-to-sam.yaml": "Transition",
                     "development-actions.yaml": "Catalogue"}  # fmt: skip
    sme = found["sme-account-manager.yaml"][0]
    assert isinstance(sme, Framework)
    assert [c.id for c in sme.competencies] == ["situational-intelligence", "autonomy", "prioritisation",
                                                "value-building", "resilience"]  # fmt: skip


def test_seed_003s_classification_is_reproduced() -> None:
    transition, salesperson, sam = load_transition(TRANSITION)

    assert set(transition.by_class("acquire")) >= {"strategic-vision", "customised-solutions", "creativity",
                                                   "intrapreneurship", "networking", "anticipating-needs"}  # fmt: skip
    assert set(transition.by_class("reinforce")) == {"customer-orientation", "long-term-relationships"}
    assert set(transition.by_class("aligned")) >= {"emotional-intelligence", "knowledge"}
    assert transition.by_class("unlearn") == ["short-term-orientation"]
    # What the seed says of development: most can be trained; negotiation and communication grow
    # with experience; emotional competence's trainability is debated; short-term orientation
    # changes mostly through personal effort; strategic vision matters most.
    steps = {s.competency: s for s in transition.competencies}
    assert steps["negotiation-communication"].trainability == "experience"
    assert steps["emotional-intelligence"].trainability == "debated"
    assert steps["short-term-orientation"].trainability == "personal_effort"
    assert min(transition.competencies, key=lambda s: s.priority).competency == "strategic-vision"
    assert sum(s.trainability == "trainable" for s in transition.competencies) > len(transition.competencies) / 2
    # The unlearned habit is a risk in the strategic role and a requirement in the first one.
    habit = sam.competency("short-term-orientation")
    assert habit is not None
    assert habit.risk
    assert habit.ceiling == 2
    assert (salesperson.competency("short-term-orientation") or habit).required == 4


def _copy(tmp_path: Path) -> Path:
    for path in FRAMEWORKS_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _problems(path: Path) -> list[tuple[int, str, str]]:
    return [(p.line, p.path, p.message) for p in lint_path(path)[1]]


def test_a_competency_classed_twice_is_named_where_it_is_repeated(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "salesperson-to-sam.yaml"
    text = path.read_text()
    path.write_text(text + "  - competency: networking\n    class: reinforce\n    trainability: trainable\n"
                           "    why: Repeated on purpose.\n    priority: 13\n")  # fmt: skip
    line = len(text.splitlines()) + 1

    found = _problems(path)

    assert (line, "competencies[12].competency",
            "'networking' is classed twice (first in entry 5): class each competency once") in found  # fmt: skip


def test_a_level_without_indicators_and_a_missing_required_level_are_located(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "strategic-account-manager.yaml"
    text = path.read_text()
    text = text.replace("      3: [Writes an account plan with goals beyond this year.]", "      3: []", 1)
    text = text.replace("    required: 4\n  - id: anticipating-needs", "  - id: anticipating-needs", 1)
    path.write_text(text)
    lines = text.splitlines()

    found = _problems(path)

    assert (lines.index("      3: []") + 1, "competencies[0].levels.3",
            "level 3 of 'strategic-vision' names no indicator: say what a person at level 3 is seen to do") in found  # fmt: skip
    assert (lines.index("  - id: strategic-vision") + 1, "competencies[0]",
            "'strategic-vision' has no required level: give `required`, the level from 1 to 5 this role needs") in found  # fmt: skip
    # The transition that points at the broken framework says it cannot find a clean one.
    assert any("no framework 'strategic-account-manager'" in m for _, _, m in _problems(folder / TRANSITION.name))


def test_a_class_the_levels_contradict_and_an_unknown_competency_are_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "salesperson-to-sam.yaml"
    text = path.read_text()
    text = text.replace("  - competency: customer-orientation\n    class: reinforce",
                        "  - competency: customer-orientation\n    class: aligned", 1)  # fmt: skip
    text = text.replace("  - competency: creativity\n", "  - competency: crativity\n", 1)
    path.write_text(text)

    messages = [m for _, _, m in _problems(path)]

    assert ("classed aligned, but the first role requires 2 and the target role 4: aligned means both roles need it "
            "alike") in messages  # fmt: skip
    assert any(m.startswith("'crativity' is not a competency of 'strategic-account-manager'") for m in messages)
    assert "'creativity' of 'strategic-account-manager' is not classed: add it with its class, trainability, why " \
           "and priority" in messages  # fmt: skip
    with pytest.raises(InvalidFileError):
        load_transition(path)


def test_a_risk_behaviour_needs_a_ceiling_and_an_unlearned_habit_must_exceed_it(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    sam = folder / "strategic-account-manager.yaml"
    sam.write_text(sam.read_text().replace("    risk: true\n    ceiling: 2\n", "    risk: true\n    ceiling: 4\n"))
    assert any("within the target role's ceiling of 4: nothing is to unlearn" in m
               for _, _, m in _problems(folder / TRANSITION.name))  # fmt: skip
    sam.write_text(sam.read_text().replace("    risk: true\n    ceiling: 4\n", "    risk: true\n"))
    assert any("is a risk behaviour without a ceiling" in m for _, _, m in _problems(sam))


def test_a_transition_is_read_as_a_transition() -> None:
    found, problems = lint_path(TRANSITION)
    assert problems == []
    assert isinstance(found, Transition)
    assert (found.from_framework, found.to_framework) == ("salesperson", "strategic-account-manager")


def test_a_catalogue_action_for_a_competency_no_framework_defines_is_located(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "development-actions.yaml"
    text = path.read_text().replace("competencies: [knowledge]", "competencies: [knowledgee]", 1)
    path.write_text(text)

    found = _problems(path)

    line = next(n for n, row in enumerate(text.splitlines(), 1) if "[knowledgee]" in row)
    assert [(n, m) for n, _, m in found] == [(line, "'knowledgee' is a competency of no framework beside this file")]
