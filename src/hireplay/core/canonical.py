"""Canonical JSON: one byte sequence for one value, whatever order or formatting it came in."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any


def canonical_number(value: Decimal | float | int) -> int | float | str:
    """Return the one representation a number has in canonical output.

    Integral values become ints (so 675, 675.0 and Decimal('675.00') agree); other Decimals keep
    their exact digits as a plain string, floats their shortest repr.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return int(value)
        return value
    if not value.is_finite():
        return str(value)
    if value == value.to_integral_value():
        return int(value)
    return format(value, "f").rstrip("0")


def _normalise(value: Any) -> Any:
    # The plain JSON types first, by exact type: most values are these, and an exact type test
    # costs a fraction of an isinstance test against an abstract class.
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value
    if kind is dict:
        return {str(k): _normalise(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_normalise(v) for v in value]
    if kind is int:
        return value
    if kind is float:
        return canonical_number(value)
    if isinstance(value, Mapping):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, (str, bytes)):
        return value
    if isinstance(value, Sequence):
        return [_normalise(v) for v in value]
    if isinstance(value, (Decimal, float, int)) and not isinstance(value, bool):
        return canonical_number(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return value


def canonical_json(value: Any) -> str:
    """Serialise with sorted keys, no insignificant whitespace and normalised numbers."""
    return json.dumps(_normalise(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
