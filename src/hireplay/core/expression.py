"""Arithmetic formulas for parametric items, evaluated exactly in Decimal.

Only numbers, variable names, + - * / // % **, comparisons, and/or/not, `a if c else b` and the
functions min, max, abs, round, floor and ceil are allowed, so a playbook can never run code.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    DivisionUndefined,
    InvalidOperation,
    Overflow,
    localcontext,
)
from functools import lru_cache
from typing import Any


class ExpressionError(ValueError):
    """A formula that cannot be read or evaluated; the message says why."""


_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}


def _round(value: Decimal, places: Decimal = Decimal(0)) -> Decimal:
    exponent = Decimal(1).scaleb(-int(places))
    return value.quantize(exponent, rounding=ROUND_HALF_UP)


_FUNCTIONS: dict[str, Callable[..., Decimal]] = {
    "min": min,
    "max": max,
    "abs": abs,
    "round": _round,
    "floor": lambda v: Decimal(math.floor(v)),
    "ceil": lambda v: Decimal(math.ceil(v)),
}


_CONTEXT = Context(prec=34)
MAX_EXPONENT = 100
MAX_CONSTANT = Decimal("1e15")  # numbers written in a formula: at most this large, and if not 0 at least its inverse


def why_it_fails(exc: BaseException) -> str:
    """What went wrong in evaluating a formula, in words."""
    if isinstance(exc, (ZeroDivisionError, DivisionByZero, DivisionUndefined)):
        return "divides by zero"
    if isinstance(exc, (Overflow, OverflowError)):
        return "gives a number too large to calculate with"
    if isinstance(exc, InvalidOperation):
        return ("has no numeric result (a negative number raised to a fraction, a remainder by zero, "
                "or rounding to too many places)")  # fmt: skip
    if isinstance(exc, TypeError):
        return "calls a function with the wrong number of values"
    return "cannot be calculated"


def _exponent(node: ast.AST) -> float | int | None:
    """The number an exponent is, when it is one written out (with its sign) within range."""
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -1 if isinstance(node.op, ast.USub) else 1
        node = node.operand
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
        and math.isfinite(node.value)
        and abs(node.value) <= MAX_EXPONENT
    ):
        return sign * node.value
    return None


class _Bind(ast.NodeTransformer):
    """Replace numeric constants by names bound to exact Decimals, so no float ever appears."""

    def __init__(self) -> None:
        self.constants: dict[str, Decimal] = {}

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        name = f"_k{len(self.constants)}"
        self.constants[name] = Decimal(str(node.value))
        return ast.copy_location(ast.Name(id=name, ctx=ast.Load()), node)

    def visit_Call(self, node: ast.Call) -> ast.AST:
        assert isinstance(node.func, ast.Name)
        node.args = [self.visit(a) for a in node.args]
        node.func = ast.copy_location(ast.Name(id=f"_f_{node.func.id}", ctx=ast.Load()), node.func)
        return node


class Expression:
    """A parsed, checked formula; `names` are the variables it reads."""

    __slots__ = ("_code", "_globals", "names", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        try:
            tree = ast.parse(source.strip(), mode="eval")
        except SyntaxError as exc:
            raise ExpressionError(f"'{source}' is not a valid formula: {exc.msg}") from None
        except (ValueError, RecursionError, MemoryError):
            raise ExpressionError(f"'{source}' is not a valid formula") from None
        names: set[str] = set()
        try:
            self._check(tree.body, names)
        except RecursionError:
            raise ExpressionError(f"'{source}' is nested too deeply") from None
        self.names = frozenset(names)
        binder = _Bind()
        bound = ast.fix_missing_locations(binder.visit(ast.Expression(body=tree.body)))
        self._code = compile(bound, "<formula>", "eval")
        self._globals: dict[str, Any] = {"__builtins__": {}, **binder.constants}
        self._globals.update({f"_f_{name}": fn for name, fn in _FUNCTIONS.items()})

    def _check(self, node: ast.AST, names: set[str]) -> None:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise ExpressionError(f"'{self.source}': only numbers may appear as constants")
            written = ast.get_source_segment(self.source.strip(), node) or str(node.value)
            try:
                number = Decimal(written.replace("_", ""))
            except ArithmeticError:
                number = Decimal(str(node.value))
            if not number.is_finite() or abs(number) > MAX_CONSTANT or (number and abs(number) < 1 / MAX_CONSTANT):
                raise ExpressionError(f"'{self.source}': the number {written} is out of range; numbers in a formula "
                                      f"are 0 or between 10^-15 and 10^15 in size")  # fmt: skip
        elif isinstance(node, ast.Name):
            if node.id in _FUNCTIONS:
                raise ExpressionError(f"'{self.source}': {node.id} must be called, as {node.id}(...)")
            names.add(node.id)
        elif isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            if isinstance(node.op, ast.Pow) and _exponent(node.right) is None:
                raise ExpressionError(f"'{self.source}': an exponent must be a number from -{MAX_EXPONENT} to "
                                      f"{MAX_EXPONENT} (such as 2, 0.5 or -1), not a formula")  # fmt: skip
            self._check(node.left, names)
            self._check(node.right, names)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub, ast.Not)):
            self._check(node.operand, names)
        elif isinstance(node, ast.Compare) and all(type(op) in _COMPARE for op in node.ops):
            self._check(node.left, names)
            for comparator in node.comparators:
                self._check(comparator, names)
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                self._check(value, names)
        elif isinstance(node, ast.IfExp):
            for part in (node.test, node.body, node.orelse):
                self._check(part, names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in _FUNCTIONS
            and not node.keywords
        ):
            for arg in node.args:
                self._check(arg, names)
        else:
            allowed = ", ".join(sorted(_FUNCTIONS))
            raise ExpressionError(
                f"'{self.source}' uses something a formula may not contain; use numbers, variable "
                f"names, + - * / // % **, comparisons, and/or/not and the functions {allowed}"
            )

    def evaluate(self, variables: Mapping[str, Decimal]) -> Decimal:
        """Evaluate with exact decimals; raises ExpressionError for a missing name or bad maths."""
        missing = self.names.difference(variables)
        if missing:
            raise ExpressionError(f"'{self.source}' uses the unknown variable(s) {', '.join(sorted(missing))}")
        try:
            with localcontext(_CONTEXT):
                value = eval(self._code, self._globals, dict(variables))
        except (ArithmeticError, TypeError, ValueError) as exc:
            raise ExpressionError(f"'{self.source}' {why_it_fails(exc)}") from None
        if isinstance(value, bool):
            return Decimal(int(value))
        return value if isinstance(value, Decimal) else Decimal(value)

    def holds(self, variables: Mapping[str, Decimal]) -> bool:
        return self.evaluate(variables) != 0


@lru_cache(maxsize=4096)
def expression(source: str) -> Expression:
    """The parsed formula for `source`, parsed once."""
    return Expression(source)
