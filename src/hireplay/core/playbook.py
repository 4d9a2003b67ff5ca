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
    name: Text
    description: Text


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


class PartWeights(_Model):
    assessment: Percent
    interview: Percent


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
    source: Literal["interview", "assessment"]
    minimum: Annotated[float, Field(ge=0, le=100)]
    reason: str = ""
    applies_to: Literal["mean", "each_rating", "each_rater"] = "mean"

    @model_validator(mode="after")
    def _in_range(self) -> MustHave:
        if self.source == "interview" and not 1 <= self.minimum <= 5:
            raise ValueError(f"an interview minimum is a rating from 1 to 5, not {self.minimum}")
        if self.source == "assessment" and self.applies_to != "mean":
            raise ValueError("applies_to is for interview minimums; an assessment minimum is on the competency's score")
        return self


class DecisionPolicy(_Model):
    weights: PartWeights
    floors: PartWeights
    thresholds: Thresholds
    assessment_score: Literal["points", "competencies"] = "points"
    must_haves: tuple[MustHave, ...] = ()
    red_flags: dict[Id, Literal["do_not_hire", "discuss"]] = Field(default_factory=dict)


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
