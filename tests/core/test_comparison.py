"""Ranking candidates side by side."""

from __future__ import annotations

from hireplay.core.comparison import Standing, rank


def test_candidates_rank_by_weighted_total_then_assessment_with_unknowns_last() -> None:
    entries = [
        (Standing(None, None), "no data"),
        (Standing(None, 90.0), "assessed only"),
        (Standing(70.0, 60.0), "seventy"),
        (Standing(70.0, 80.0), "seventy, better test"),
        (Standing(85.0, 50.0), "eighty-five"),
        (Standing(None, 40.0), "assessed lower"),
    ]

    ranked = rank(entries)

    assert ranked == [(1, "eighty-five"), (2, "seventy, better test"), (3, "seventy"), (4, "assessed only"),
                      (5, "assessed lower"), (6, "no data")]  # fmt: skip


def test_ties_keep_the_order_given() -> None:
    assert rank([(Standing(50.0, 50.0), "first"), (Standing(50.0, 50.0), "second")]) == [(1, "first"), (2, "second")]
