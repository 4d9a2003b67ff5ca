"""What every assessment item has, and what scoring one answer returns."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType
from typing import Annotated, Any, ClassVar, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Points = Annotated[float, Field(gt=0, le=1000)]
Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class ScoringContext:
    """What an item needs from its playbook to score: the locale for numbers; for spelling, the
    spelling locale (empty: worked out from the locale and language), the words the playbook
    allows, the lowercased names written with a capital in its own texts, and whether the other
    English variant's spellings count as mistakes."""

    locale: str = "en"
    language: str = "en"
    spelling: str = ""
    allow: tuple[str, ...] = ()
    names: frozenset[str] = frozenset()
    strict_spelling: bool = False


class Pending(NamedTuple):
    """A criterion a person must still rate."""

    criterion: str
    description: str
    max_points: float


_NO_DETAILS: Mapping[str, Any] = MappingProxyType({})


class Outcome(NamedTuple):
    """Points for one answer and the evidence, in a sentence, that explains them."""

    points: float
    evidence: str
    details: Mapping[str, Any] = _NO_DETAILS
    pending: tuple[Pending, ...] = ()
    invalid: bool = False


class Option(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    text: Text


class ItemBase(BaseModel):
    """Fields common to all item types. `type` selects the module that scores the item."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: str
    id: Id
    section: Id
    prompt: Text
    competencies: tuple[Id, ...] = Field(min_length=1)
    points: Points
    title: str = ""
    explanation: str = ""

    # Item types whose answers come from a small set (option ids, orders of options): the engine
    # keeps each distinct answer's scored result, so the next candidate with the same answer costs
    # a dictionary lookup. Types with open answers (text, numbers, records) never share results.
    finite_answers: ClassVar[bool] = False
    # The JSON types an answer to this item may have; anything else is refused where it arrives.
    answer_types: ClassVar[tuple[builtins.type, ...]] = ()

    @cached_property
    def results(self) -> dict[Any, Any]:
        """Scored results of this item by answer (see `finite_answers`), filled by the engine."""
        return {}

    def shape_problem(self, answer: Any) -> str | None:
        """Why `answer` cannot be an answer to this item, or None: the one check of an answer's
        shape, made where answers arrive (the candidate's page, the API). Every item type refines
        it (options it does not have, a pick made twice); this base checks the JSON type."""
        if isinstance(answer, self.answer_types) and not isinstance(answer, bool):
            return None
        return f"this question takes {' or '.join(_JSON_NAMES[t] for t in self.answer_types)}"

    def candidate_fields(self, variables: Mapping[str, Decimal]) -> dict[str, Any]:
        """What the candidate's page shows of this item beyond its prompt (options, a document, a
        starting record), rendered with the candidate's own numbers; never a key. Every item type
        says what it shows, even when that is nothing more."""
        raise NotImplementedError  # pragma: no cover - tests/test_item_types.py checks every type

    def variables_for(self, seed: int | None) -> dict[str, Decimal]:
        """Per-candidate variables; only parametric item types have any."""
        return {}

    def score(
        self, answer: Any, variables: Mapping[str, Decimal], ctx: ScoringContext
    ) -> Outcome:  # pragma: no cover - every item type overrides it
        raise NotImplementedError

    def semantic_problems(self) -> list[tuple[Loc, str]]:
        """Checks beyond field types (formulas, unreachable keys); (path within item, message)."""
        return []

    def option_ids(self) -> tuple[str, ...]:
        return ()

    def rater_criteria(self) -> tuple[Any, ...]:
        """The criteria of this item that a person rates (with their description, points and
        anchors); none for item types the engine scores entirely."""
        return ()


_JSON_NAMES = {str: "text", int: "a whole number", float: "a number", list: "a list", dict: "an object"}


def fraction_of(points: float, fraction: float) -> float:
    """Points earned for a credit fraction, clamped to [0, points] and rounded for stable output."""
    fraction = min(1.0, max(0.0, fraction))
    return round(points * fraction, 6)


def fmt(points: float) -> str:
    """Points as a person writes them: 2, 1.5, 0.33."""
    text = _SHOWN.get(points)
    if text is None:
        text = f"{points:.2f}".rstrip("0").rstrip(".")
        if text == "-0":
            text = "0"
        if len(_SHOWN) < 4096:  # reports show few distinct values (0, 0.5, 1, ...): keep them
            _SHOWN[points] = text
    return text


_SHOWN: dict[float, str] = {}


def wrong_shape(expected: str, answer: Any) -> Outcome:
    kind = type(answer).__name__
    names = {
        "str": "text",
        "int": "a number",
        "float": "a number",
        "list": "a list",
        "dict": "an object",
        "NoneType": "nothing",
        "bool": "true/false",
    }
    return Outcome(0.0, f"The answer should be {expected}, but it was {names.get(kind, kind)}; 0 points.", invalid=True)


def check_unique(ids: list[str] | tuple[str, ...], what: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"the {what} id '{i}' is used twice; ids must be unique")
        seen.add(i)


def ids_problem(answer: Any, ids: tuple[str, ...], what: str, limit: int | None = None) -> str | None:
    """Why a list of picks is not a list of distinct ids among `ids` (at most `limit`), or None."""
    if not isinstance(answer, list):
        return f"this question takes a list of {what} ids"
    if limit is not None and len(answer) > limit:
        return f"pick at most {limit} {what}s"
    seen: set[str] = set()
    for pick in answer:
        if not isinstance(pick, str) or pick not in ids:
            return f"{str(pick)[:40]!r} is not one of the {what}s of this question"
        if pick in seen:
            return f"the {what} {pick!r} is picked twice; each may be picked once"
        seen.add(pick)
    return None
