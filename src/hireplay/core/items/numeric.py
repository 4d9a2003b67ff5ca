"""Numeric answers with a tolerance, read in the declared locale; may be parametric."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from hireplay.core.expression import ExpressionError, expression
from hireplay.core.items.base import ItemBase, Loc, Outcome, ScoringContext
from hireplay.core.numbers import format_number, parse_number
from hireplay.core.parametric import (
    ParametricMixin,
    check_formulas,
    template_formulas,
    template_problems,
)


class Tolerance(BaseModel):
    """Accept answers within `absolute` of the key, or within `relative` (0.01 = 1 %) of it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    absolute: Annotated[Decimal, Field(ge=0)] | None = None
    relative: Annotated[Decimal, Field(ge=0, le=1)] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Tolerance:
        if (self.absolute is None) == (self.relative is None):
            raise ValueError("give exactly one of absolute or relative")
        return self

    def allows(self, key: Decimal) -> Decimal:
        if self.absolute is not None:
            return self.absolute
        assert self.relative is not None
        return abs(key) * self.relative


_PLAIN_NUMBER = re.compile(r"\s*-?[0-9]+(\.[0-9]+)?\s*")


class Numeric(ParametricMixin, ItemBase):
    """`answer` is a number or a formula over the parameters; the unit may be typed with it."""

    type: Literal["numeric"]
    answer_types = (str, int, float)
    answer: Decimal | str
    tolerance: Tolerance = Tolerance(absolute=Decimal("0.005"))
    unit: str = ""
    locale: str | None = None

    @field_validator("answer")
    @classmethod
    def _a_plain_number_is_a_number(cls, answer: Decimal | str) -> Decimal | str:
        """A formula that is only a number ("675", as JSON writes a stored Decimal) is that number,
        so a stored playbook reads back as the same content."""
        if isinstance(answer, str) and _PLAIN_NUMBER.fullmatch(answer):
            return Decimal(answer.strip())
        return answer

    def variables_for(self, seed: int | None) -> dict[str, Decimal]:
        return self.draw_variables(seed, self.id)

    def key_value(self, variables: Mapping[str, Decimal]) -> Decimal:
        if isinstance(self.answer, Decimal):
            return self.answer
        return expression(self.answer).evaluate(variables)

    def formulas(self) -> list[tuple[Loc, str]]:
        found = super().formulas() + template_formulas(("prompt",), self.prompt)
        if isinstance(self.answer, str):
            found.append((("answer",), self.answer))
        return found

    def semantic_problems(self) -> list[tuple[Loc, str]]:
        problems = template_problems(("prompt",), self.prompt)
        return problems or check_formulas(self)

    def shape_problem(self, answer: Any) -> str | None:
        if isinstance(answer, str):
            return "the answer is too long for a number; type the figure only" if len(answer) > 100 else None
        if isinstance(answer, (int, float)) and not isinstance(answer, bool):
            return None if -(10**15) < answer < 10**15 else "the number is out of range"
        return "this question takes a number (or the figure as text)"

    def candidate_fields(self, variables: Mapping[str, Decimal]) -> dict[str, Any]:
        return {"unit": self.unit}

    def score(self, answer: Any, variables: Mapping[str, Decimal], ctx: ScoringContext) -> Outcome:
        try:
            key = self.key_value(variables)
        except ExpressionError as exc:
            return Outcome(0.0, f"The key could not be computed ({exc}); 0 points.", invalid=True)
        units = (self.unit, "%") if self.unit else ()
        parsed = parse_number(answer, self.locale or ctx.locale, units)
        shown_key = format_number(key, "")
        if parsed.value is None:
            return Outcome(
                0.0,
                f"{parsed.reason[0].upper()}{parsed.reason[1:]}; the key is {shown_key}; 0 points.",
                {"key": shown_key},
                invalid=True,
            )
        allowed = self.tolerance.allows(key)
        difference = abs(parsed.value - key)
        shown = format_number(parsed.value, "")
        details = {"read": shown, "key": shown_key, "difference": format_number(difference, "")}
        if difference <= allowed:
            return Outcome(
                self.points,
                f"Answered {shown} ({parsed.reason}); the key is {shown_key}, within ±{format_number(allowed, '')}.",
                details,
            )
        return Outcome(
            0.0,
            f"Answered {shown} ({parsed.reason}); the key is {shown_key}, off by "
            f"{format_number(difference, '')} (tolerance ±{format_number(allowed, '')}).",
            details,
        )
