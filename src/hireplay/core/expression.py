"""Arithmetic formulas for parametric items, evaluated exactly in Decimal.

Only numbers, variable names, + - * / // % **, comparisons, and/or/not, `a if c else b` and the
functions min, max, abs, round, floor and ceil are allowed, so a playbook can never run code.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
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


class Expression:
    """A parsed, checked formula; `names` are the variables it reads."""

    __slots__ = ("_tree", "names", "source")

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
        self._tree = tree.body
        self.names = frozenset(names)

    def _check(self, node: ast.AST, names: set[str]) -> None:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise ExpressionError(f"'{self.source}': only numbers may appear as constants")
        elif isinstance(node, ast.Name):
            if node.id in _FUNCTIONS:
                raise ExpressionError(f"'{self.source}': {node.id} must be called, as {node.id}(...)")
            names.add(node.id)
        elif isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
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
        try:
            with localcontext() as ctx:
                ctx.prec = 34
                value = self._eval(self._tree, variables)
        except KeyError as exc:
            raise ExpressionError(f"'{self.source}' uses the unknown variable {exc}") from None
        except (ZeroDivisionError, InvalidOperation, OverflowError, TypeError, ValueError) as exc:
            raise ExpressionError(f"'{self.source}' cannot be evaluated: {exc}") from None
        if isinstance(value, bool):
            return Decimal(int(value))
        return value if isinstance(value, Decimal) else Decimal(value)

    def _eval(self, node: ast.AST, env: Mapping[str, Decimal]) -> Any:
        if isinstance(node, ast.Constant):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name):
            return env[node.id]
        if isinstance(node, ast.BinOp):
            left = self._eval(node.left, env)
            right = self._eval(node.right, env)
            if isinstance(node.op, ast.Pow) and abs(right) > 100:
                raise OverflowError("exponent too large")
            return _BINARY[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp):
            operand = self._eval(node.operand, env)
            if isinstance(node.op, ast.Not):
                return not operand
            return -operand if isinstance(node.op, ast.USub) else +operand
        if isinstance(node, ast.Compare):
            left = self._eval(node.left, env)
            for op, comparator in zip(node.ops, node.comparators, strict=True):
                right = self._eval(comparator, env)
                if not _COMPARE[type(op)](left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.BoolOp):
            if isinstance(node.op, ast.And):
                return all(self._eval(v, env) for v in node.values)
            return any(self._eval(v, env) for v in node.values)
        if isinstance(node, ast.IfExp):
            branch = node.body if self._eval(node.test, env) else node.orelse
            return self._eval(branch, env)
        assert isinstance(node, ast.Call)
        assert isinstance(node.func, ast.Name)
        return _FUNCTIONS[node.func.id](*(self._eval(a, env) for a in node.args))

    def holds(self, variables: Mapping[str, Decimal]) -> bool:
        return self.evaluate(variables) != 0
