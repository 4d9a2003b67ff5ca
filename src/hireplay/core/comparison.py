"""Ranking an opening's candidates side by side: by the weighted total of assessment and interview,
then by the assessment alone; candidates without a figure come last, in the order given."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, TypeVar

T = TypeVar("T")


class Standing(NamedTuple):
    """What ranks one candidate: their weighted total and assessment percent (None: not known yet)."""

    weighted_total: float | None
    assessment: float | None


def _key(standing: Standing) -> tuple[bool, float, bool, float]:
    total, assessment = standing
    return (total is None, -(total or 0.0), assessment is None, -(assessment or 0.0))


def rank(entries: Sequence[tuple[Standing, T]]) -> list[tuple[int, T]]:
    """(rank, entry) from first to last; ties keep the order given (the sort is stable)."""
    ordered = sorted(entries, key=lambda entry: _key(entry[0]))
    return [(position, entry) for position, (_, entry) in enumerate(ordered, 1)]
