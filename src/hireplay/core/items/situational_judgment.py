"""Situational judgment: pick the most and the least effective response to a scenario.

Each response carries an effectiveness level from the key (e.g. 1 = counterproductive, 4 = best
practice). Half the points go to the "most effective" pick and half to the "least effective"
pick, each in proportion to how close the pick is to the right end of the scale:

    most part  = (level(most pick) - lowest) / (highest - lowest)
    least part = (highest - level(least pick)) / (highest - lowest)

So the best response as "most" and the worst as "least" earns full points, and a near miss
earns partial credit. Naming the same response as both is contradictory and earns nothing.
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
    wrong_shape,
)


class Response(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    text: Text
    effectiveness: Annotated[int, Field(ge=1, le=10)]
    rationale: str = ""


class SituationalJudgment(ItemBase):
    type: Literal["situational_judgment"]
    answer_types = (dict,)
    finite_answers = True
    scenario: Text
    responses: tuple[Response, ...] = Field(min_length=3, max_length=10)

    @field_validator("responses")
    @classmethod
    def _levels_spread(cls, responses: tuple[Response, ...]) -> tuple[Response, ...]:
        check_unique([r.id for r in responses], "response")
        levels = [r.effectiveness for r in responses]
        if max(levels) == min(levels):
            raise ValueError("all responses have the same effectiveness; the key must tell them apart")
        return responses

    def option_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.responses)

    def shape_problem(self, answer: Any) -> str | None:
        if not isinstance(answer, dict):
            return 'this question takes an object {"most": id, "least": id}'
        unknown = sorted(set(answer) - {"most", "least"})
        if unknown:
            return f"only 'most' and 'least' can be picked, not {', '.join(repr(u[:20]) for u in unknown)}"
        for side in ("most", "least"):
            pick = answer.get(side)
            if side in answer and (not isinstance(pick, str) or pick not in self.option_ids()):
                return f"the '{side}' pick {str(pick)[:40]!r} is not a response of this question"
        if "most" in answer and answer.get("most") == answer.get("least"):
            return "the same response cannot be both the most and the least effective"
        return None

    def candidate_fields(self, variables: Mapping[str, Decimal]) -> dict[str, Any]:
        return {"scenario": self.scenario, "options": [{"id": r.id, "text": r.text} for r in self.responses]}

    def score(self, answer: Any, variables: Mapping[str, Decimal], ctx: ScoringContext) -> Outcome:
        if not isinstance(answer, dict):
            return wrong_shape('an object {"most": id, "least": id}', answer)
        levels = {r.id: r.effectiveness for r in self.responses}
        most, least = answer.get("most"), answer.get("least")
        for label, pick in (("most", most), ("least", least)):
            if pick is not None and (not isinstance(pick, str) or pick not in levels):
                return Outcome(
                    0.0, f"The '{label}' pick '{pick}' is not a response of this item; 0 points.", invalid=True
                )
        high, low = max(levels.values()), min(levels.values())
        best = " or ".join(r.id for r in self.responses if r.effectiveness == high)
        worst = " or ".join(r.id for r in self.responses if r.effectiveness == low)
        if most is not None and most == least:
            return Outcome(
                0.0, f"Named {most} as both most and least effective; 0 points.", {"most": most, "least": least}
            )
        span = high - low
        most_part = (levels[most] - low) / span if most is not None else 0.0
        least_part = (high - levels[least]) / span if least is not None else 0.0
        points = fraction_of(self.points, (most_part + least_part) / 2)
        half = self.points / 2
        parts = []
        if most is None:
            parts.append("no 'most effective' pick")
        else:
            parts.append(
                f"most effective: {most} (level {levels[most]} of {high}, {fmt(half * most_part)}/{fmt(half)})"
            )
        if least is None:
            parts.append("no 'least effective' pick")
        else:
            parts.append(
                f"least effective: {least} (level {levels[least]}, lowest is {low}, "
                f"{fmt(half * least_part)}/{fmt(half)})"
            )
        evidence = "; ".join(parts).capitalize() + f". Keyed: most {best}, least {worst}."
        return Outcome(points, evidence, {"most": most, "least": least, "best": best, "worst": worst})
