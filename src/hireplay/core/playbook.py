"""The playbook: one role's hiring process as data (role, competencies, assessment, interview kit,
decision policy), validated into frozen models and identified by a content hash."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)

from hireplay.core.canonical import canonical_json, sha256_hex
from hireplay.core.iso import country_problem
from hireplay.core.items import Item, ItemBase
from hireplay.core.items.base import Id, Text
from hireplay.core.table import Table
from hireplay.core.text import tokens_of
from hireplay.core.translation import Translation, apply

Percent = Annotated[float, Field(ge=0, le=100)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Responsibility(_Model):
    title: Text
    description: Text


class Skill(_Model):
    """A must-have skill, and what in the playbook evidences it: competencies, assessment items,
    interview questions, exercises or screening questions, by id."""

    name: Text
    description: Text
    evidenced_by: tuple[Id, ...] = ()


class MustHaveSkills(_Model):
    hard: tuple[Skill, ...] = ()
    soft: tuple[Skill, ...] = ()
    attitude: tuple[Skill, ...] = ()


class Location(_Model):
    """Where the job is, for job postings (schema.org PostalAddress)."""

    locality: str = ""
    region: str = ""
    postal_code: str = ""
    street_address: str = ""
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]

    @field_validator("country")
    @classmethod
    def _a_country(cls, country: str) -> str:
        problem = country_problem(country)
        if problem:
            raise ValueError(problem)
        return country


class WorkingArrangement(_Model):
    mode: Literal["on_site", "hybrid", "remote"]
    office_days_per_week: Annotated[int, Field(ge=0, le=7)] | None = None
    notes: str = ""

    @model_validator(mode="after")
    def _days_fit_mode(self) -> WorkingArrangement:
        if self.mode == "hybrid" and self.office_days_per_week is None:
            raise ValueError("a hybrid arrangement needs office_days_per_week")
        if self.mode == "remote" and self.office_days_per_week:
            raise ValueError("a remote arrangement cannot require office days")
        return self


class Role(_Model):
    title: Text
    level: Literal["junior", "mid", "senior", "lead", "executive"]
    segment: Text
    summary: Text
    out_of_scope: str = ""
    responsibilities: tuple[Responsibility, ...] = Field(min_length=1)
    must_have: MustHaveSkills
    working_arrangement: WorkingArrangement
    locale: Annotated[str, Field(pattern=r"^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")] = "en"
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")] = "en"
    employment_type: Literal["FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN"] = "FULL_TIME"
    location: Location | None = None


class Competency(_Model):
    id: Id
    name: Text
    definition: Text
    indicators: tuple[Text, ...] = Field(min_length=1)
    weight: Percent
    transition: Literal["aligned", "reinforce", "acquire", "unlearn"] | None = None
    # A behaviour whose high level is a risk in the role (short-term sales orientation for a
    # strategic account manager): measured and shown, never part of a weighted score (weight 0),
    # and held under a ceiling by the decision policy.
    risk: bool = False


class Section(_Model):
    id: Id
    title: Text
    description: str = ""
    table: Table | None = None  # facts the section's items draw on, shown as a sortable table


class Assessment(_Model):
    time_limit_minutes: Annotated[int, Field(ge=1, le=600)]
    instructions: str = ""
    sections: tuple[Section, ...] = Field(min_length=1)
    items: tuple[Item, ...] = Field(min_length=1)
    # Show the options of choice items in an order of each candidate's own (from their seed).
    shuffle_options: bool = False


class InterviewQuestion(_Model):
    """A question rated 1-5; levels 1, 3 and 5 must describe observable behaviour."""

    id: Id
    text: Text
    competencies: tuple[Id, ...] = Field(min_length=1)
    probes: tuple[Text, ...] = ()
    scale: dict[Annotated[int, Field(ge=1, le=5)], Text]

    @field_validator("scale")
    @classmethod
    def _anchored(cls, scale: dict[int, str]) -> dict[int, str]:
        missing = [level for level in (1, 3, 5) if level not in scale]
        if missing:
            levels = ", ".join(str(m) for m in missing)
            raise ValueError(
                f"level {levels} has no description; levels 1, 3 and 5 must each describe observable behaviour"
            )
        return dict(sorted(scale.items()))


class RedFlag(_Model):
    id: Id
    description: Text
    examples: tuple[Text, ...] = ()


class Confirmation(_Model):
    """A yes/no fact the interviewer confirms (e.g. the office days); a "no" raises `red_flag`."""

    id: Id
    question: Text
    red_flag: Id


class InterviewKit(_Model):
    questions: tuple[InterviewQuestion, ...] = Field(min_length=1)
    red_flags: tuple[RedFlag, ...] = ()
    confirmations: tuple[Confirmation, ...] = ()


class ScreeningQuestion(_Model):
    """A question on the public application form. With `passes`, it is a knock-out: another answer
    never rejects by itself, it puts the application before a person with the reason."""

    id: Id
    text: Text
    kind: Literal["yes_no", "choice"] = "yes_no"
    options: tuple[Text, ...] = ()  # for "choice"; "yes_no" answers are "yes" and "no"
    passes: tuple[Text, ...] = ()  # the answers that pass; empty: asked for information only
    why: str = ""  # why the role needs it, shown to the applicant

    @model_validator(mode="after")
    def _answers(self) -> ScreeningQuestion:
        allowed = self.choices
        if self.kind == "choice" and len(self.options) < 2:
            raise ValueError("a choice question needs at least two options")
        if self.kind == "yes_no" and self.options:
            raise ValueError("a yes_no question has the answers yes and no; leave out options")
        unknown = [a for a in self.passes if a not in allowed]
        if unknown:
            raise ValueError(f"passes names {', '.join(repr(a) for a in unknown)}, not among the answers "
                             f"({', '.join(allowed)})")  # fmt: skip
        return self

    @property
    def choices(self) -> tuple[str, ...]:
        return ("yes", "no") if self.kind == "yes_no" else self.options


Level = Annotated[int, Field(ge=1, le=5)]


class FlaggedBehaviour(_Model):
    """A behaviour on an exercise's grid that, when an assessor observes it, raises a red flag."""

    text: Text
    raises: Id


Behaviour = Text | FlaggedBehaviour


def behaviour_text(behaviour: Behaviour) -> str:
    return behaviour if isinstance(behaviour, str) else behaviour.text


class GridRow(_Model):
    """One competency of an exercise's behavioural grid: the behaviours an assessor can observe at
    each level (1, 3 and 5 at least), some of which may raise a red flag."""

    competency: Id
    levels: dict[Level, tuple[Behaviour, ...]]

    @field_validator("levels")
    @classmethod
    def _anchored(cls, levels: dict[int, tuple[Behaviour, ...]]) -> dict[int, tuple[Behaviour, ...]]:
        missing = [level for level in (1, 3, 5) if level not in levels]
        if missing:
            raise ValueError(f"level {', '.join(str(m) for m in missing)} has no behaviours; levels 1, 3 and 5 must "
                             "each list at least one observable behaviour")  # fmt: skip
        empty = [level for level, behaviours in levels.items() if not behaviours]
        if empty:
            raise ValueError(f"level {', '.join(str(m) for m in sorted(empty))} lists no behaviour: write at least one "
                             "thing an assessor can see or hear, or leave the level out")  # fmt: skip
        return dict(sorted(levels.items()))


class Brief(_Model):
    """What the candidate receives: the situation, the client's facts and figures, what to prepare."""

    situation: Text
    facts: tuple[Text, ...] = ()
    prepare: Text
    preparation_minutes: Annotated[int, Field(ge=0, le=240)] = 0
    duration_minutes: Annotated[int, Field(ge=5, le=180)]
    given: Literal["with_invitation", "at_start"] = "with_invitation"


class Pushback(_Model):
    """A line the role-player uses at a set moment."""

    when: Text
    say: Text


class Withheld(_Model):
    """A fact the role-player keeps back unless the candidate asks the right question."""

    fact: Text
    unless: Text


class Script(_Model):
    """For the person who plays the client: who they are, their mood and constraints, their pushbacks."""

    plays: Text
    mood: Text
    constraints: tuple[Text, ...] = ()
    pushbacks: tuple[Pushback, ...] = ()
    withhold: tuple[Withheld, ...] = ()


class Exercise(_Model):
    """A role-play or presentation: the candidate's brief, the role-player's script and the grid the
    assessors rate on. Its ratings are keyed "<exercise>.<competency>" (see `grid_key`)."""

    id: Id
    kind: Literal["role_play", "presentation"]
    title: Text
    brief: Brief
    script: Script
    grid: tuple[GridRow, ...] = Field(min_length=1)
    red_flags: tuple[RedFlag, ...] = ()


def grid_key(exercise: str, competency: str) -> str:
    """The key an assessor's rating of one grid row is stored under."""
    return f"{exercise}.{competency}"


def behaviour_key(exercise: str, competency: str, level: int, index: int) -> str:
    """The key of one behaviour of a grid row, as an assessor ticks it observed."""
    return f"{exercise}.{competency}.{level}.{index}"


class Thresholds(_Model):
    hire: Percent
    discuss: Percent

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if self.discuss > self.hire:
            raise ValueError(f"discuss ({self.discuss}) must not be above hire ({self.hire})")
        return self


class MustHave(_Model):
    """A minimum on one competency: an interview rating (1-5) or an assessment score (0-100).

    For the interview, `applies_to` says which figure must reach the minimum: the panel's mean over
    the competency's questions ("mean"), each single rating any interviewer gave ("each_rating":
    one rating below it is enough to fail), or each interviewer's own mean ("each_rater")."""

    competency: Id
    source: Id  # "assessment", "interview" or an exercise's id
    minimum: Annotated[float, Field(ge=0, le=100)]
    reason: str = ""
    applies_to: Literal["mean", "each_rating", "each_rater"] = "mean"

    @model_validator(mode="after")
    def _in_range(self) -> MustHave:
        if self.source != "assessment" and not 1 <= self.minimum <= 5:
            raise ValueError(f"an interview or exercise minimum is a rating from 1 to 5, not {self.minimum}")
        if self.source == "assessment" and self.applies_to != "mean":
            raise ValueError(
                "applies_to is for interview and exercise minimums; an assessment minimum is on the competency's score"
            )
        return self


class Ceiling(_Model):
    """A maximum on a risk behaviour's rating (1-5): the panel's mean over the questions (or the
    exercise's grid row) that measure it; above it, the recommendation is `effect`."""

    competency: Id
    source: Id = "interview"  # "interview" or an exercise's id
    maximum: Annotated[float, Field(ge=1, le=5)]
    effect: Literal["discuss", "do_not_hire"] = "discuss"
    reason: str = ""


class DecisionPolicy(_Model):
    """How the parts are combined. `weights` and `floors` are keyed by part: "assessment",
    "interview" and any exercise's id; weights add up to 100, and a part with a floor must reach it."""

    weights: dict[Id, Percent]
    floors: dict[Id, Percent] = Field(default_factory=dict)
    thresholds: Thresholds
    assessment_score: Literal["points", "competencies"] = "points"
    must_haves: tuple[MustHave, ...] = ()
    red_flags: dict[Id, Literal["do_not_hire", "discuss"]] = Field(default_factory=dict)
    ceilings: tuple[Ceiling, ...] = ()


class SpellingRules(_Model):
    """How written answers are spell-checked: which dictionary (empty: from the role's locale and
    language), words never counted (product and company names the dictionary lacks), and whether
    the other English variant's spellings count as mistakes."""

    locale: Annotated[str, Field(pattern=r"^(|en|en-GB|en-US|es|fr|pt|de|it|ru|ar|lv|eu|nl|fa)$")] = ""
    allow: tuple[Text, ...] = ()
    strict_locale: bool = False


class Playbook(_Model):
    """A validated playbook. `content_hash` identifies its content, not its formatting."""

    id: Id
    version: Annotated[str, Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$")]
    role: Role
    competencies: tuple[Competency, ...] = Field(min_length=1)
    assessment: Assessment
    interview: InterviewKit
    exercises: tuple[Exercise, ...] = ()
    screening: tuple[ScreeningQuestion, ...] = ()
    decision_policy: DecisionPolicy
    # The content in more languages, by language code (docs/playbooks.md).
    translations: dict[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")], Translation] = Field(default_factory=dict)
    spelling: SpellingRules = SpellingRules()

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the candidate can take the assessment in; the playbook's own first."""
        return (self.role.language, *sorted(self.translations))

    def in_language(self, language: str) -> Playbook:
        """This playbook with its texts in `language` (itself for its own language), validated once
        per process. Scoring and the candidate's view use it; the content hash that identifies
        the playbook stays this one's."""
        if language == self.role.language or language not in self.translations:
            return self
        key = (self.content_hash, language)
        variant = _VARIANTS.get(key)
        if variant is None:
            content = apply(self.model_dump(mode="python"), language, self.translations[language])
            variant = Playbook.model_validate(content)
            if len(_VARIANTS) > 256:
                _VARIANTS.clear()
            _VARIANTS[key] = variant
        return variant

    # The shape of what was written: which fields the source gave (None when validated from
    # something that was not a mapping). See `canonical_content`.
    _written: Any = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _remember_what_was_written(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Playbook:
        playbook: Playbook = handler(data)
        if isinstance(data, Mapping):
            playbook._written = _shape(data)
        elif isinstance(data, Playbook):
            playbook._written = data._written
        return playbook

    def canonical_content(self, mode: Literal["python", "json"] = "json") -> Any:
        """The playbook as written: the fields its source gave, and no others, each with its value
        as validated (texts trimmed, numbers exact, scale levels in order). A field the source left
        out is left out here, whatever its default; so a field added to the format later, with a
        default, changes nothing here, and neither does the model filling in defaults. Stored
        playbooks are stored in this form; one stored before it (every field written out) is its
        own canonical content."""
        return _project(self.model_dump(mode=mode), self._written)

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON of the canonical content (docs/playbooks.md)."""
        return "sha256:" + sha256_hex(canonical_json(self.canonical_content("python")))

    @cached_property
    def content_names(self) -> frozenset[str]:
        """Words written with a capital in the playbook's own texts (names of people, companies and
        products), lowercased: a candidate who writes them is not marked wrong for spelling. The
        texts of error-spotting items are left out, since their mistakes are there on purpose."""
        found: set[str] = set()

        def walk(value: Any) -> None:
            if isinstance(value, str):
                if any(c.isupper() for c in value):
                    found.update(t.lower() for t in tokens_of(value) if t[:1].isupper())
            elif isinstance(value, dict):
                for v in value.values():
                    walk(v)
            elif isinstance(value, (list, tuple)):
                for v in value:
                    walk(v)

        content = self.model_dump(mode="python", exclude={"translations"})
        content["assessment"]["items"] = [i for i in content["assessment"]["items"] if i["type"] != "error_spotting"]
        walk(content)
        return frozenset(found)

    @cached_property
    def counts_spelling(self) -> bool:
        """Whether any written answer is spell-checked."""
        return any(
            getattr(c, "kind", "") == "spelling" for i in self.assessment.items for c in getattr(i, "criteria", ())
        )

    @cached_property
    def grid(self) -> dict[str, tuple[Exercise, GridRow]]:
        """Every exercise's grid rows by their rating key ("<exercise>.<competency>"), in order."""
        return {grid_key(e.id, row.competency): (e, row) for e in self.exercises for row in e.grid}

    @cached_property
    def behaviours(self) -> dict[str, tuple[Exercise, GridRow, int, Behaviour]]:
        """Every behaviour of every grid by its key ("<exercise>.<competency>.<level>.<n>")."""
        return {behaviour_key(e.id, row.competency, level, n): (e, row, level, b) for e in self.exercises
                for row in e.grid for level, found in row.levels.items() for n, b in enumerate(found)}  # fmt: skip

    @cached_property
    def parts(self) -> tuple[str, ...]:
        """The parts the decision policy names, in a fixed order: the assessment, the exercises in
        the playbook's order, the interview."""
        named = set(self.decision_policy.weights) | set(self.decision_policy.floors)
        return ("assessment", *(e.id for e in self.exercises if e.id in named), "interview")

    @cached_property
    def must_have_evidence(self) -> tuple[tuple[str, Skill, tuple[str, ...]], ...]:
        """(group, skill, what evidences it in words) for each must-have skill, in order."""
        names = {c.id: f"competency “{c.name}”" for c in self.competencies}
        names |= {i.id: f"assessment item “{i.title or i.id}”" for i in self.assessment.items}
        names |= {q.id: f"interview question “{q.text}”" for q in self.interview.questions}
        names |= {e.id: f"exercise “{e.title}”" for e in self.exercises}
        names |= {q.id: f"screening question “{q.text}”" for q in self.screening}
        must = self.role.must_have
        return tuple((group, skill, tuple(names.get(ref, ref) for ref in skill.evidenced_by))
                     for group, skills in (("hard", must.hard), ("soft", must.soft), ("attitude", must.attitude))
                     for skill in skills)  # fmt: skip

    @cached_property
    def weighed_parts(self) -> tuple[tuple[str, float], ...]:
        """(title, weight) of each part the policy weighs, in the parts' order."""
        weights = self.decision_policy.weights
        return tuple((self.part_title(p), weights[p]) for p in self.parts if p in weights)

    def part_title(self, part: str) -> str:
        """How a part is named to people: "assessment", "interview", or the exercise's title."""
        exercise = next((e for e in self.exercises if e.id == part), None)
        return exercise.title if exercise else part

    @cached_property
    def items_by_id(self) -> dict[str, ItemBase]:
        return {item.id: item for item in self.assessment.items}

    def total_points(self) -> float:
        return sum(item.points for item in self.assessment.items)


_VARIANTS: dict[tuple[str, str], Playbook] = {}


def _shape(data: Any) -> Any:
    """The keys of a mapping, at every depth (lists element by element); None for a value."""
    if isinstance(data, Mapping):
        return {str(k): _shape(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_shape(v) for v in data]
    return None


def _project(value: Any, shape: Any) -> Any:
    """`value` with only the keys `shape` has, at every depth. Where the shape has no keys to go
    by (a value, a list of another length, or nothing at all), the value is kept whole."""
    if isinstance(value, dict) and isinstance(shape, dict):
        return {k: _project(v, shape[str(k)]) for k, v in value.items() if str(k) in shape}
    if isinstance(value, (list, tuple)) and isinstance(shape, list) and len(shape) == len(value):
        return [_project(v, s) for v, s in zip(value, shape, strict=True)]
    return value
