"""Single choice: one option is right."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

from pydantic import ValidationInfo, field_validator

from hireplay.core.items.base import Id, Outcome, ScoringContext, wrong_shape
from hireplay.core.items.choice import ChoiceBase


class SingleChoice(ChoiceBase):
    """The candidate picks one option; full points for the key, none otherwise."""

    type: Literal["single_choice"]
    answer_types = (str,)
    finite_answers = True
    key: Id

    @field_validator("key")
    @classmethod
    def _key_is_an_option(cls, key: str, info: ValidationInfo) -> str:
        options = info.data.get("options")
        if options is not None and key not in {o.id for o in options}:
            listed = ", ".join(o.id for o in options)
            raise ValueError(f"the key '{key}' is not among the options ({listed})")
        return key

    def shape_problem(self, answer: Any) -> str | None:
        if not isinstance(answer, str):
            return "this question takes one option id"
        return None if answer in self.option_ids() else f"{answer[:40]!r} is not one of the options of this question"

    def score(self, answer: Any, variables: Mapping[str, Decimal], ctx: ScoringContext) -> Outcome:
        if isinstance(answer, list) and len(answer) == 1:
            answer = answer[0]
        if not isinstance(answer, str):
            return wrong_shape("one option id", answer)
        if answer not in self.option_ids():
            return Outcome(0.0, f"'{answer}' is not one of the options; 0 points.", invalid=True)
        if answer == self.key:
            return Outcome(self.points, f"Chose {answer}, the keyed answer.", {"chosen": answer})
        return Outcome(0.0, f"Chose {answer}; the keyed answer is {self.key}.", {"chosen": answer, "key": self.key})
