"""Multiple response: choose every option that applies, with penalties for wrong picks."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator

from hireplay.core.items.base import Id, Outcome, ScoringContext, fmt, fraction_of, ids_problem, wrong_shape
from hireplay.core.items.choice import ChoiceBase


class MultipleResponse(ChoiceBase):
    """Each keyed option chosen earns points / len(key); each wrong one costs `penalty` of that.

    `penalty` is a fraction of one correct choice's credit (1 by default, so guessing everything
    earns nothing); the total never goes below 0.
    """

    type: Literal["multiple_response"]
    answer_types = (list,)
    finite_answers = True
    key: tuple[Id, ...] = Field(min_length=1)
    penalty: Annotated[float, Field(ge=0, le=10)] = 1.0

    @field_validator("key")
    @classmethod
    def _keys_are_options(cls, key: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        options = info.data.get("options")
        if len(set(key)) != len(key):
            raise ValueError("the key lists an option twice")
        if options is not None:
            ids = {o.id for o in options}
            unknown = [k for k in key if k not in ids]
            if unknown:
                listed = ", ".join(o.id for o in options)
                raise ValueError(f"the key names {', '.join(unknown)}, not among the options ({listed})")
            if len(key) == len(options):
                raise ValueError("every option is keyed; leave at least one wrong option")
        return key

    def shape_problem(self, answer: Any) -> str | None:
        return ids_problem(answer, self.option_ids(), "option")

    def score(self, answer: Any, variables: Mapping[str, Decimal], ctx: ScoringContext) -> Outcome:
        if isinstance(answer, str):
            answer = [answer]
        if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
            return wrong_shape("a list of option ids", answer)
        chosen = list(dict.fromkeys(answer))
        unknown = [a for a in chosen if a not in self.option_ids()]
        if unknown:
            return Outcome(0.0, f"{', '.join(unknown)} are not options of this item; 0 points.", invalid=True)
        keyed = set(self.key)
        right = [a for a in chosen if a in keyed]
        wrong = [a for a in chosen if a not in keyed]
        missed = [k for k in self.key if k not in chosen]
        fraction = (len(right) - self.penalty * len(wrong)) / len(self.key)
        points = fraction_of(self.points, fraction)
        evidence = f"Chose {len(right)} of the {len(self.key)} keyed options"
        evidence += f" and {len(wrong)} wrong one{'s' if len(wrong) != 1 else ''}" if wrong else ""
        evidence += f" (missed {', '.join(missed)})" if missed else ""
        evidence += f": {fmt(points)} of {fmt(self.points)} points."
        return Outcome(points, evidence, {"correct": right, "wrong": wrong, "missed": missed})
