"""Error spotting: a document (email, quote, invoice) with seeded mistakes to mark.

The document is a list of parts: passages of text or labelled fields. Some carry an `error`
(what is wrong and the correct value). The candidate marks the parts they believe are wrong.
Each seeded mistake found earns points / (number of mistakes); each false alarm costs
`false_alarm_penalty` of one hit; the total never goes below 0. Hits, misses and false alarms
are all reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from hireplay.core.items.base import (
    Id,
    ItemBase,
    Outcome,
    ScoringContext,
    Text,
    check_unique,
    fmt,
    fraction_of,
    ids_problem,
    wrong_shape,
)


class SeededError(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    description: Text
    correct: str = ""


class Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    text: str
    label: str = ""
    error: SeededError | None = None


class Document(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["text", "fields"] = "text"
    title: str = ""
    parts: tuple[Part, ...] = Field(min_length=2)

    @field_validator("parts")
    @classmethod
    def _parts(cls, parts: tuple[Part, ...]) -> tuple[Part, ...]:
        check_unique([p.id for p in parts], "part")
        if not any(p.error for p in parts):
            raise ValueError("no part has an error; seed at least one mistake")
        if all(p.error for p in parts):
            raise ValueError("every part has an error; leave correct parts to tell mistakes apart")
        return parts


class ErrorSpotting(ItemBase):
    type: Literal["error_spotting"]
    answer_types = (list,)
    finite_answers = True
    document: Document
    false_alarm_penalty: Annotated[float, Field(ge=0, le=10)] = 0.5

    def option_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.document.parts)

    def shape_problem(self, answer: Any) -> str | None:
        return ids_problem(answer, self.option_ids(), "part")

    def candidate_fields(self, variables: Mapping[str, Decimal]) -> dict[str, Any]:
        return {"document": {"kind": self.document.kind, "title": self.document.title,
                             "parts": [{"id": p.id, "label": p.label, "text": p.text} for p in self.document.parts]}}  # fmt: skip

    def score(self, answer: Any, variables: Mapping[str, Decimal], ctx: ScoringContext) -> Outcome:
        if isinstance(answer, dict) and isinstance(answer.get("marked"), list):
            answer = answer["marked"]
        if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
            return wrong_shape("a list of part ids", answer)
        parts = {p.id: p for p in self.document.parts}
        unknown = [a for a in answer if a not in parts]
        if unknown:
            return Outcome(0.0, f"{', '.join(unknown)} are not parts of the document; 0 points.", invalid=True)
        marked = list(dict.fromkeys(answer))
        seeded = [p.id for p in self.document.parts if p.error]
        hits = [m for m in marked if parts[m].error]
        false_alarms = [m for m in marked if not parts[m].error]
        misses = [s for s in seeded if s not in marked]
        fraction = (len(hits) - self.false_alarm_penalty * len(false_alarms)) / len(seeded)
        points = fraction_of(self.points, fraction)
        evidence = f"Found {len(hits)} of {len(seeded)} seeded mistakes"
        if misses:
            described = [f"{m}: {error.description}" for m in misses if (error := parts[m].error) is not None]
            evidence += " (missed: " + "; ".join(described) + ")"
        evidence += f", {len(false_alarms)} false alarm{'s' if len(false_alarms) != 1 else ''}"
        evidence += f" ({', '.join(false_alarms)})" if false_alarms else ""
        evidence += f": {fmt(points)} of {fmt(self.points)} points."
        return Outcome(points, evidence, {"hits": hits, "misses": misses, "false_alarms": false_alarms})
