"""Options shared by single-choice and multiple-response items, which may be parametric."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import Field, field_validator

from hireplay.core.items.base import ItemBase, Loc, Option, check_unique
from hireplay.core.parametric import (
    ParametricMixin,
    check_formulas,
    render,
    template_formulas,
    template_problems,
)


class ChoiceBase(ParametricMixin, ItemBase):
    options: tuple[Option, ...] = Field(min_length=2, max_length=26)

    @field_validator("options")
    @classmethod
    def _unique_options(cls, options: tuple[Option, ...]) -> tuple[Option, ...]:
        check_unique([o.id for o in options], "option")
        return options

    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    def candidate_fields(self, variables: Mapping[str, Decimal]) -> dict[str, Any]:
        return {"options": [{"id": o.id, "text": render(o.text, variables)} for o in self.options]}

    def variables_for(self, seed: int | None) -> dict[str, Decimal]:
        return self.draw_variables(seed, self.id)

    def formulas(self) -> list[tuple[Loc, str]]:
        found = super().formulas() + template_formulas(("prompt",), self.prompt)
        for i, option in enumerate(self.options):
            found += template_formulas(("options", i, "text"), option.text)
        return found

    def instance_is_valid(self, variables: Mapping[str, Decimal]) -> bool:
        texts = [render(o.text, variables) for o in self.options]
        return len(set(texts)) == len(texts)

    def semantic_problems(self) -> list[tuple[Loc, str]]:
        problems = template_problems(("prompt",), self.prompt)
        for i, option in enumerate(self.options):
            problems += template_problems(("options", i, "text"), option.text)
        if problems:
            return problems
        problems = check_formulas(self)
        if not problems and self.is_parametric and not self.instance_is_valid(self.example_variables()):
            problems.append((("options",), "two options read the same with the example values"))
        return problems
