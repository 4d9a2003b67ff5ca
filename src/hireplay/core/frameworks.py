"""Competency frameworks as data (docs/development.md).

A *framework* is one role's competency grid: each competency with its definition, what it looks
like at each level from 1 to 5, and the level the role requires. A behaviour whose high level is a
risk in the role (short-term sales orientation in a strategic account role) has a *ceiling* instead:
the highest level the role tolerates.

A *transition* compares two roles' frameworks (a salesperson and a strategic account manager):
each competency of the target role is *aligned* (both roles need it alike), *to reinforce* (the
target role needs more of it), *to acquire* (new to the target role) or *to unlearn* (a habit of the
first role that harms the second). Each also says how it is developed (training, experience, a
debated trainability, or personal effort), why, and its priority.

Both are YAML files, linted like playbooks: every problem with its file, line, column and path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hireplay.core.items.base import Id, Text
from hireplay.core.lint import check_file, check_model_text, ids_of
from hireplay.core.problems import InvalidFileError, Problem
from hireplay.core.source import Source, as_list, as_mapping

Level = Annotated[int, Field(ge=1, le=5)]
LEVELS = (1, 2, 3, 4, 5)
Class = Literal["aligned", "reinforce", "acquire", "unlearn"]
Trainability = Literal["trainable", "experience", "debated", "personal_effort"]
CLASS_WORDS = {"aligned": "aligned", "reinforce": "to reinforce", "acquire": "to acquire", "unlearn": "to unlearn"}
TRAINABILITY_WORDS = {
    "trainable": "can be trained",
    "experience": "grows with experience",
    "debated": "trainability debated",
    "personal_effort": "changes mostly through personal effort and motivation",
}


ActionKind = Literal["course", "stretch", "mentoring", "shadowing", "reading", "commitment"]
KIND_WORDS = {"course": "training course", "stretch": "stretch assignment on a real account",
              "mentoring": "mentoring by a strategic account manager", "shadowing": "shadowing a key account review",
              "reading": "reading", "commitment": "personal commitment"}  # fmt: skip
# Which kinds of action suit each trainability: no course for what training does not fix, and
# personal commitments (with a mentor) for a habit to unlearn.
SUITS: dict[str, tuple[str, ...]] = {
    "trainable": ("course", "stretch", "mentoring", "shadowing", "reading"),
    "experience": ("stretch", "shadowing", "mentoring", "reading"),
    "debated": ("mentoring", "shadowing", "reading"),
    "personal_effort": ("commitment", "mentoring"),
}


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class FrameworkCompetency(_Model):
    id: Id
    name: Text
    definition: Text
    # What the competency looks like at each level, 1 (absent) to 5 (a model for others).
    levels: dict[Level, tuple[Text, ...]]
    # The level the role needs; for a risk behaviour, `ceiling` (the most the role tolerates) instead.
    required: Level | None = None
    risk: bool = False
    ceiling: Level | None = None


class Framework(_Model):
    kind: Literal["framework"]
    id: Id
    version: Text
    role: Text
    summary: Text
    source: Text
    competencies: tuple[FrameworkCompetency, ...] = Field(min_length=1)

    def competency(self, competency_id: str) -> FrameworkCompetency | None:
        return next((c for c in self.competencies if c.id == competency_id), None)


class Step(_Model):
    """One competency of the target role, compared with the first role."""

    competency: Id
    class_: Class = Field(alias="class")
    trainability: Trainability
    why: Text
    priority: Annotated[int, Field(ge=1)]


class Transition(_Model):
    kind: Literal["transition"]
    id: Id
    version: Text
    title: Text
    source: Text
    from_framework: Id = Field(alias="from")
    to_framework: Id = Field(alias="to")
    competencies: tuple[Step, ...] = Field(min_length=1)

    def step(self, competency_id: str) -> Step | None:
        return next((s for s in self.competencies if s.competency == competency_id), None)

    def by_class(self, wanted: str) -> list[str]:
        return [s.competency for s in sorted(self.competencies, key=lambda s: s.priority) if s.class_ == wanted]


class Action(_Model):
    """One development action an organisation offers, and the competencies it develops."""

    id: Id
    kind: ActionKind
    title: Text
    competencies: tuple[Id, ...] = Field(min_length=1)
    weeks: Annotated[int, Field(ge=1, le=104)] = 4
    description: str = ""


class Catalogue(_Model):
    kind: Literal["catalogue"]
    id: Id
    version: Text
    title: Text
    actions: tuple[Action, ...] = Field(min_length=1)


def _framework_checks(src: Source, found: Framework | None) -> list[Problem]:
    problems: list[Problem] = []
    ids_of(src, ("competencies",), "competency", problems)
    for i, raw in enumerate(as_list(as_mapping(src.data).get("competencies"))):
        competency = as_mapping(raw)
        name = competency.get("id", f"#{i + 1}")
        levels: dict[Any, Any] = dict(as_mapping(competency.get("levels")))  # YAML keys 1..5 are numbers
        for key, indicators in levels.items():
            if isinstance(key, int) and key in LEVELS and not as_list(indicators):
                problems.append(src.problem(("competencies", i, "levels", str(key)),
                                            f"level {key} of '{name}' names no indicator: say what a person at "
                                            f"level {key} is seen to do"))  # fmt: skip
        missing = [n for n in LEVELS if n not in levels]
        if levels and missing:
            problems.append(src.problem(("competencies", i, "levels"),
                                        f"'{name}' describes no level {', '.join(map(str, missing))}: "
                                        "give each level from 1 to 5 at least one indicator"))  # fmt: skip
        risk = competency.get("risk") is True
        if risk and competency.get("ceiling") is None:
            problems.append(src.problem(("competencies", i),
                                        f"'{name}' is a risk behaviour without a ceiling: give `ceiling`, the "
                                        "highest level the role tolerates"))  # fmt: skip
        if risk and competency.get("required") is not None:
            problems.append(src.problem(("competencies", i, "required"),
                                        f"'{name}' is a risk behaviour: it has a ceiling, not a required level"))  # fmt: skip
        if not risk and competency.get("required") is None:
            problems.append(src.problem(("competencies", i),
                                        f"'{name}' has no required level: give `required`, the level from 1 to 5 "
                                        "this role needs"))  # fmt: skip
        if not risk and competency.get("ceiling") is not None:
            problems.append(src.problem(("competencies", i, "ceiling"),
                                        f"'{name}' has a ceiling but is not a risk behaviour: add `risk: true`, "
                                        "or give `required` instead"))  # fmt: skip
    return problems


def check_framework_text(text: str, file: str) -> tuple[Framework | None, list[Problem]]:
    """Validate a framework's YAML; the framework only when there is no problem."""
    return check_model_text(text, file, Framework, "a framework", "kind, id, version, role, competencies, ...",
                            _framework_checks)  # fmt: skip


def _consistency(step: Step, first: Framework, target: Framework) -> str | None:
    """Why a step's class contradicts the two roles' levels, or None when it agrees with them."""
    then, now = first.competency(step.competency), target.competency(step.competency)
    if now is None:
        return None
    if step.class_ == "unlearn":
        if not now.risk:
            return "a competency to unlearn is a risk behaviour in the target role: give it `risk: true` and a ceiling"
        if then is None or then.required is None:
            return "a competency to unlearn is a habit of the first role: its framework must require it"
        if now.ceiling is not None and then.required <= now.ceiling:
            return (f"the first role requires level {then.required}, within the target role's ceiling of "
                    f"{now.ceiling}: nothing is to unlearn")  # fmt: skip
        return None
    if now.risk:
        return f"'{step.competency}' is a risk behaviour in the target role: class it `unlearn`"
    need = now.required or 0
    had = then.required if then is not None and then.required is not None else 0
    if step.class_ == "acquire" and had > 1:
        return f"classed to acquire, but the first role already requires level {had}: class it reinforce or aligned"
    if step.class_ == "reinforce" and (then is None or had >= need):
        return (f"classed to reinforce, but the first role {'does not have it' if then is None else f'requires {had}'}"
                f" and the target role {need}: reinforce means the target role needs more of a shared competency")  # fmt: skip
    if step.class_ == "aligned" and (then is None or had < need):
        return (f"classed aligned, but the first role {'does not have it' if then is None else f'requires {had}'} "
                f"and the target role {need}: aligned means both roles need it alike")  # fmt: skip
    return None


def check_transition_text(text: str, file: str,
                          frameworks: Callable[[str], Framework | None]) -> tuple[Transition | None, list[Problem]]:  # fmt: skip
    """Validate a transition's YAML against the two frameworks it names (found by id with
    `frameworks`); the transition only when there is no problem."""

    def checks(src: Source, found: Transition | None) -> list[Problem]:
        problems: list[Problem] = []
        data = as_mapping(src.data)
        seen: dict[str, int] = {}
        for i, raw in enumerate(as_list(data.get("competencies"))):
            competency = as_mapping(raw).get("competency")
            if not isinstance(competency, str):
                continue
            if competency in seen:
                problems.append(src.problem(("competencies", i, "competency"),
                                            f"'{competency}' is classed twice (first in entry {seen[competency] + 1}): "
                                            "class each competency once"))  # fmt: skip
            else:
                seen[competency] = i
        first = frameworks(str(data.get("from", ""))) if isinstance(data.get("from"), str) else None
        target = frameworks(str(data.get("to", ""))) if isinstance(data.get("to"), str) else None
        for key, framework in (("from", first), ("to", target)):
            if isinstance(data.get(key), str) and framework is None:
                problems.append(src.problem((key,), f"no framework '{data[key]}' beside this file: the `{key}` field "
                                                    "names a framework's id"))  # fmt: skip
        if first is None or target is None:
            return problems
        for i, raw in enumerate(as_list(data.get("competencies"))):
            competency = as_mapping(raw).get("competency")
            if isinstance(competency, str) and target.competency(competency) is None:
                problems.append(src.problem(("competencies", i, "competency"),
                                            f"'{competency}' is not a competency of '{target.id}': use one of "
                                            f"{', '.join(c.id for c in target.competencies)}"))  # fmt: skip
        for c in target.competencies:
            if c.id not in seen:
                problems.append(src.problem(("competencies",), f"'{c.id}' of '{target.id}' is not classed: add it "
                                                               "with its class, trainability, why and priority"))  # fmt: skip
        if found is not None:
            for i, step in enumerate(found.competencies):
                problem = _consistency(step, first, target)
                if problem:
                    problems.append(src.problem(("competencies", i, "class"), problem))
        return problems

    return check_model_text(text, file, Transition, "a transition", "kind, id, version, from, to, competencies, ...",
                            checks)  # fmt: skip


def check_catalogue_text(text: str, file: str,
                         frameworks: Callable[[], list[Framework]]) -> tuple[Catalogue | None, list[Problem]]:  # fmt: skip
    """Validate a catalogue of development actions; each action must develop competencies that a
    framework beside it defines."""

    def checks(src: Source, found: Catalogue | None) -> list[Problem]:
        problems: list[Problem] = []
        ids_of(src, ("actions",), "action", problems)
        known = {c.id for f in frameworks() for c in f.competencies}
        for i, raw in enumerate(as_list(as_mapping(src.data).get("actions"))):
            for j, competency in enumerate(as_list(as_mapping(raw).get("competencies"))):
                if isinstance(competency, str) and known and competency not in known:
                    problems.append(src.problem(("actions", i, "competencies", j),
                                                f"'{competency}' is a competency of no framework beside this file"))  # fmt: skip
        return problems

    return check_model_text(text, file, Catalogue, "a catalogue", "kind, id, version, title, actions", checks)


def kind_of(text: str) -> str:
    """'framework' or 'transition' as the document says (anything else: '')."""
    for line in text.splitlines():
        stripped = line.split("#", 1)[0].strip()
        if stripped.startswith("kind:"):
            value = stripped.removeprefix("kind:").strip().strip("'\"")
            return value if value in ("framework", "transition", "catalogue") else ""
    return ""


def lint_path(path: Path) -> tuple[Framework | Transition | Catalogue | None, list[Problem]]:
    """Check a framework, a transition or a catalogue file; the frameworks a transition or a
    catalogue refers to are read from its folder."""
    directory = path.parent

    def find(framework_id: str) -> Framework | None:
        for candidate in sorted(directory.glob("*.yaml")):
            found, _ = check_file(candidate, check_framework_text) if candidate != path else (None, [])
            if found is not None and found.id == framework_id:
                return found
        return None

    def every() -> list[Framework]:
        found = (check_file(p, check_framework_text)[0] for p in sorted(directory.glob("*.yaml")) if p != path)
        return [f for f in found if f is not None]

    def check(text: str, file: str) -> tuple[Any, list[Problem]]:
        kind = kind_of(text)
        if kind == "transition":
            return check_transition_text(text, file, find)
        if kind == "catalogue":
            return check_catalogue_text(text, file, every)
        return check_framework_text(text, file)

    return check_file(path, check)


def load_catalogue(path: Path) -> Catalogue:
    """A catalogue of development actions; raises InvalidFileError listing every problem."""
    found, problems = lint_path(path)
    if not isinstance(found, Catalogue):
        raise InvalidFileError(problems or [Problem(str(path), 1, 1, "kind", "this file is not a catalogue")])
    return found


def load_transition(path: Path) -> tuple[Transition, Framework, Framework]:
    """A transition and its two frameworks; raises InvalidFileError listing every problem."""
    found, problems = lint_path(path)
    if not isinstance(found, Transition):
        raise InvalidFileError(problems or [Problem(str(path), 1, 1, "kind", "this file is not a transition")])
    frameworks = {f.id: f for f in (lint_path(p)[0] for p in sorted(path.parent.glob("*.yaml")))
                  if isinstance(f, Framework)}  # fmt: skip
    return found, frameworks[found.from_framework], frameworks[found.to_framework]
