"""Parametric items: variables drawn per candidate from a seed, and text templates that show them.

Each value is drawn from a BLAKE2b hash of (candidate seed, item id, attempt, variable name), so
adding an item to a playbook never changes the numbers another item shows, and the numbers do not
depend on the Python version. Without a seed, every variable takes its `example` value: the worked
example the playbook's author wrote.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from decimal import Decimal
from functools import cached_property
from hashlib import blake2b
from itertools import product
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hireplay.core.expression import ExpressionError, expression
from hireplay.core.numbers import format_number

MAX_DRAWS = 200
VariableName = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")]


class Parameter(BaseModel):
    """One variable: a range with a step, or a list of values, and the example value."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    example: Decimal
    min: Decimal | None = None
    max: Decimal | None = None
    step: Decimal = Decimal(1)
    values: tuple[Decimal, ...] | None = None

    @model_validator(mode="after")
    def _range_or_values(self) -> Parameter:
        if self.values is not None:
            if self.min is not None or self.max is not None:
                raise ValueError("give either values or min/max, not both")
            if not self.values:
                raise ValueError("values must list at least one number")
            if self.example not in self.values:
                raise ValueError(f"example {self.example} is not among the values")
            return self
        if self.min is None or self.max is None:
            raise ValueError("give min and max (with an optional step), or a list of values")
        if self.min > self.max:
            raise ValueError(f"min {self.min} is greater than max {self.max}")
        if self.step <= 0:
            raise ValueError("step must be greater than 0")
        if (self.max - self.min) / self.step > 1_000_000:
            raise ValueError("the range has more than a million steps; use a larger step")
        if not self.min <= self.example <= self.max:
            raise ValueError(f"example {self.example} is outside {self.min}..{self.max}")
        return self

    @cached_property
    def count(self) -> int:
        """How many values the parameter can take."""
        if self.values is not None:
            return len(self.values)
        assert self.min is not None
        assert self.max is not None
        return int((self.max - self.min) / self.step) + 1

    def value_at(self, index: int) -> Decimal:
        """The value numbered `index` (0 to count - 1)."""
        if self.values is not None:
            return self.values[index]
        assert self.min is not None
        return self.min + self.step * index


def draw_index(key: bytes, count: int) -> int:
    """A uniform choice among `count`, fixed by `key` (BLAKE2b: stable across Python versions)."""
    return int.from_bytes(blake2b(key, digest_size=8).digest(), "big") % count


def template_fields(text: str) -> list[tuple[str, str]]:
    """The (formula, format spec) pairs of a `{formula:spec}` template; raises ValueError."""
    fields: list[tuple[str, str]] = []
    for _literal, field, spec, conversion in string.Formatter().parse(text):
        if field is None:
            continue
        if conversion:
            raise ValueError(f"'{{{field}!{conversion}}}': conversions are not allowed")
        if not field.strip():
            raise ValueError("an empty {} in the text; write {{ and }} for literal braces")
        fields.append((field, spec or ""))
    return fields


def render(text: str, variables: Mapping[str, Decimal]) -> str:
    """Fill a template's `{formula}` fields with the values of these variables."""
    if "{" not in text and "}" not in text:
        return text
    out: list[str] = []
    for literal, field, spec, _conversion in string.Formatter().parse(text):
        out.append(literal)
        if field is not None:
            out.append(format_number(expression(field).evaluate(variables), spec or ""))
    return "".join(out)


class ParametricMixin(BaseModel):
    """Fields shared by every item type that may be parametric."""

    parameters: dict[VariableName, Parameter] = Field(default_factory=dict)
    constraints: tuple[str, ...] = ()

    @property
    def is_parametric(self) -> bool:
        return bool(self.parameters)

    def example_variables(self) -> dict[str, Decimal]:
        return {name: p.example for name, p in self.parameters.items()}

    def draw_variables(self, seed: int | None, item_id: str) -> dict[str, Decimal]:
        """This candidate's values: drawn until the constraints hold, else the example."""
        if seed is None or not self.parameters:
            return self.example_variables()
        checks = [expression(c) for c in self.constraints]
        for attempt in range(MAX_DRAWS):
            drawn = {
                name: p.value_at(draw_index(f"hireplay:{seed}:{item_id}:{attempt}:{name}".encode(), p.count))
                for name, p in self.parameters.items()
            }
            try:
                if all(c.holds(drawn) for c in checks) and self.instance_is_valid(drawn):
                    return drawn
            except (ExpressionError, ValueError, ArithmeticError):
                continue
        return self.example_variables()

    def instance_is_valid(self, variables: Mapping[str, Decimal]) -> bool:
        """Type-specific conditions on drawn values (e.g. option texts stay distinct)."""
        return True

    def formulas(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Every formula and template field of the item, with the field path it stands in."""
        return [(("constraints", i), c) for i, c in enumerate(self.constraints)]


SAMPLE_POINTS = 200  # drawn values each formula is also tried at, besides the example and the bounds
MAX_FIGURE = Decimal("1e15")


def _corners(item: ParametricMixin) -> list[tuple[str, dict[str, Decimal]]]:
    """The points each formula is tried at, each with a description: the example; every
    combination of the variables' smallest and largest values (up to 8 variables); and a seeded
    sample of drawn values (the same at every run)."""
    params = item.parameters
    points = [("with the example values", item.example_variables())]
    names = list(params)
    ends = [(p.value_at(0), p.value_at(p.count - 1)) for p in params.values()]
    if names and len(names) <= 8:
        for combo in product(*ends):
            points.append(("", dict(zip(names, combo, strict=True))))
    for n in range(SAMPLE_POINTS if names else 0):
        points.append(("", {name: p.value_at(draw_index(f"lint:{n}:{name}".encode(), p.count))
                            for name, p in params.items()}))  # fmt: skip
    return points


def _described(where: str, variables: Mapping[str, Decimal]) -> str:
    return where or "with " + ", ".join(f"{k} = {format_number(v, '')}" for k, v in sorted(variables.items()))


def check_formulas(item: ParametricMixin) -> list[tuple[tuple[str | int, ...], str]]:
    """Problems with an item's formulas: syntax, unknown names, and any value a candidate could be
    shown for which a formula fails (divides by zero, overflows, has no numeric result) or gives a
    figure beyond 10^15, found by evaluating it at the example, at the variables' bounds and at a
    seeded sample of their values; (path, message)."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    example = item.example_variables()
    known = set(example)
    checked: list[tuple[tuple[str | int, ...], str, Any]] = []
    for loc, formula in item.formulas():
        try:
            expr = expression(formula)
        except ExpressionError as exc:
            problems.append((loc, str(exc)))
            continue
        unknown = sorted(expr.names - known)
        if unknown:
            declared = ", ".join(sorted(known)) or "none"
            problems.append(
                (loc, f"'{formula}' uses undeclared variable(s) {', '.join(unknown)}; declared parameters: {declared}")
            )
            continue
        checked.append((loc, formula, expr))
    constraints = [(loc, f, e) for loc, f, e in checked if loc and loc[0] == "constraints"]
    others = [(loc, f, e) for loc, f, e in checked if not (loc and loc[0] == "constraints")]
    failed: set[tuple[str | int, ...]] = set()  # each formula is reported once, at its first failure

    def fail(loc: tuple[str | int, ...], message: str) -> None:
        problems.append((loc, message))
        failed.add(loc)

    for n, (where, variables) in enumerate(_corners(item)):
        allowed = True
        for loc, formula, expr in constraints:
            if loc in failed:
                continue
            try:
                holds = expr.holds(variables)
            except ExpressionError as exc:
                fail(loc, f"{_described(where, variables)}, {exc}")
                holds = False
            if not holds:
                allowed = False
                if n == 0 and loc not in failed:
                    fail(loc, f"the example values break the constraint '{formula}'")
        if not allowed:
            continue  # values the candidate is never shown: the constraints rule them out
        for loc, formula, expr in others:
            if loc in failed:
                continue
            try:
                value = expr.evaluate(variables)
            except ExpressionError as exc:
                fail(loc, f"{_described(where, variables)}, {exc}")
                continue
            if value.is_finite() and abs(value) > MAX_FIGURE:
                shown = format(value, ".3E") if abs(value.adjusted()) > 20 else format_number(value, "")
                fail(
                    loc,
                    f"{_described(where, variables)}, '{formula}' gives {shown}, beyond the 10^15 a figure may reach",
                )
    return problems


def template_formulas(loc: tuple[str | int, ...], text: str) -> list[tuple[tuple[str | int, ...], str]]:
    try:
        return [(loc, field) for field, _spec in template_fields(text)]
    except ValueError:
        return []


def template_problems(loc: tuple[str | int, ...], text: str) -> list[tuple[tuple[str | int, ...], str]]:
    try:
        template_fields(text)
    except ValueError as exc:
        return [(loc, str(exc))]
    return []


def variables_as_json(variables: Mapping[str, Decimal]) -> dict[str, Any]:
    return {k: format_number(v, "") for k, v in sorted(variables.items())}
