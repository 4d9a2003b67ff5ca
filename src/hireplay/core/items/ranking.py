"""Ranking and prioritisation: put the options in order; partial credit by a declared method.

Methods:
- `kendall`: credit = 1 - (pairs in the wrong order) / (pairs the key orders). The answer must
  rank every option once. Pairs the key ties are not counted.
- `top_k`: each of the first k positions that holds the keyed option earns points / k.
- `top_k_set`: each keyed top-k option found anywhere in the answer's first k earns points / k
  (the order within the top k does not matter).

The key is either an explicit order (`key`) or, for parametric items, each option's `value`
formula with `key_order: descending|ascending`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from hireplay.core.expression import expression
from hireplay.core.items.base import (
    Id,
    Loc,
    Outcome,
    ScoringContext,
    Text,
    fmt,
    fraction_of,
    ids_problem,
    wrong_shape,
)
from hireplay.core.items.choice import ChoiceBase


class RankedOption(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    text: Text
    value: str | None = None


class Ranking(ChoiceBase):
    type: Literal["ranking"]
    answer_types = (list,)
    finite_answers = True
    options: tuple[RankedOption, ...] = Field(min_length=2, max_length=26)  # type: ignore[assignment]
    key: tuple[Id, ...] | None = None
    key_order: Literal["descending", "ascending"] | None = None
    method: Literal["kendall", "top_k", "top_k_set"] = "kendall"
    k: Annotated[int, Field(ge=1)] | None = None

    @field_validator("key")
    @classmethod
    def _key_ranks_every_option(cls, key: tuple[str, ...] | None, info: ValidationInfo) -> tuple[str, ...] | None:
        options = info.data.get("options")
        if key is None or options is None:
            return key
        ids = [o.id for o in options]
        if len(set(key)) != len(key):
            raise ValueError("the key lists an option twice")
        unknown = [k for k in key if k not in ids]
        if unknown:
            raise ValueError(f"the key names {', '.join(unknown)}, not among the options ({', '.join(ids)})")
        left_out = [i for i in ids if i not in key]
        if left_out:
            raise ValueError(f"the key must rank every option; it leaves out {', '.join(left_out)}")
        return key

    @model_validator(mode="after")
    def _one_way_to_key(self) -> Ranking:
        if (self.key is None) == (self.key_order is None):
            raise ValueError("give either key (an explicit order) or key_order with a value per option")
        if self.key_order is not None:
            missing = [o.id for o in self.options if o.value is None]
            if missing:
                raise ValueError(f"key_order needs a value on every option; missing on {', '.join(missing)}")
        if self.method in ("top_k", "top_k_set"):
            if self.k is None:
                raise ValueError(f"method {self.method} needs k, the number of top positions that count")
            if self.k > len(self.options):
                raise ValueError(f"k is {self.k} but there are only {len(self.options)} options")
        elif self.k is not None:
            raise ValueError("k applies only to the top_k and top_k_set methods")
        return self

    def formulas(self) -> list[tuple[Loc, str]]:
        found = super().formulas()
        for i, option in enumerate(self.options):
            if option.value is not None:
                found.append((("options", i, "value"), option.value))
        return found

    def instance_is_valid(self, variables: Mapping[str, Decimal]) -> bool:
        if not super().instance_is_valid(variables):
            return False
        if self.key_order is None:
            return True
        values = [expression(o.value or "0").evaluate(variables) for o in self.options]
        return len(set(values)) == len(values)

    def key_for(self, variables: Mapping[str, Decimal]) -> tuple[str, ...]:
        if self.key is not None:
            return self.key
        values = {o.id: expression(o.value or "0").evaluate(variables) for o in self.options}
        ordered = sorted(self.options, key=lambda o: values[o.id], reverse=self.key_order == "descending")
        return tuple(o.id for o in ordered)

    def shape_problem(self, answer: Any) -> str | None:
        return ids_problem(answer, self.option_ids(), "option", self.k if self.method != "kendall" else None)

    def candidate_fields(self, variables: Mapping[str, Decimal]) -> dict[str, Any]:
        """The options, and how many places the candidate fills: k for a top-k ranking, every
        option for a full one."""
        return {**super().candidate_fields(variables), "slots": self.k if self.method != "kendall" else None}

    def score(self, answer: Any, variables: Mapping[str, Decimal], ctx: ScoringContext) -> Outcome:
        if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
            return wrong_shape("a list of option ids in order", answer)
        ids = set(self.option_ids())
        unknown = [a for a in answer if a not in ids]
        if unknown:
            return Outcome(0.0, f"{', '.join(unknown)} are not options of this item; 0 points.", invalid=True)
        if len(set(answer)) != len(answer):
            return Outcome(0.0, "The ranking lists an option more than once; 0 points.", invalid=True)
        key = self.key_for(variables)
        shown_key = " > ".join(key)
        if self.method == "kendall":
            if len(answer) != len(key):
                missing = [k for k in key if k not in answer]
                return Outcome(
                    0.0,
                    f"The ranking leaves out {', '.join(missing)}; every option must be placed; 0 points.",
                    invalid=True,
                )
            position = {a: i for i, a in enumerate(answer)}
            pairs = discordant = 0
            for i in range(len(key)):
                for j in range(i + 1, len(key)):
                    pairs += 1
                    if position[key[i]] > position[key[j]]:
                        discordant += 1
            points = fraction_of(self.points, 1 - discordant / pairs)
            return Outcome(
                points,
                f"{discordant} of {pairs} pairs in the wrong order (Kendall distance); "
                f"{fmt(points)} of {fmt(self.points)} points. Keyed order: {shown_key}.",
                {"discordant_pairs": discordant, "pairs": pairs, "key": list(key)},
            )
        assert self.k is not None
        top = answer[: self.k]
        if self.method == "top_k":
            hits = [i for i in range(min(self.k, len(top))) if top[i] == key[i]]
            what = f"{len(hits)} of the top {self.k} positions match the key"
        else:
            hits = [i for i, a in enumerate(top) if a in key[: self.k]]
            what = f"{len(hits)} of the keyed top {self.k} are in the answer's top {self.k}"
        points = fraction_of(self.points, len(hits) / self.k)
        return Outcome(
            points,
            f"{what}; {fmt(points)} of {fmt(self.points)} points. Keyed order: {shown_key}.",
            {"hits": len(hits), "k": self.k, "key": list(key)},
        )

    def semantic_problems(self) -> list[tuple[Loc, str]]:
        problems = super().semantic_problems()
        if not problems and self.key_order is not None and not self.instance_is_valid(self.example_variables()):
            problems.append((("options",), "two options have the same value with the example values"))
        return problems
