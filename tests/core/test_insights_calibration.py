"""A calibration exercise's figures, and the figures across exercises."""

from __future__ import annotations

import pytest

from hireplay.core.insights.calibration import across, exercise
from hireplay.core.insights.reliability import icc


def test_one_exercise_distance_spread_and_share_within_one_point() -> None:
    found = exercise(3, {"ana": 3, "ben": 5, "cy": 2, "dee": 3})
    assert found.mean == pytest.approx(3.25)
    assert found.mean_absolute_distance == pytest.approx((0 + 2 + 1 + 0) / 4)
    assert found.spread == pytest.approx(1.0897, abs=1e-4)  # population sd of 3, 5, 2, 3
    assert (found.low, found.high) == (2, 5)
    assert found.within_one == pytest.approx(0.75)
    assert found.distance("ben") == 2
    assert found.distance("nobody") is None
    assert exercise(4, {}).mean is None


def test_across_exercises_leniency_against_the_reference_and_the_shrout_fleiss_iccs() -> None:
    # Shrout and Fleiss (1979), Table 2: six targets by four judges; the exercises' ratings are that
    # table, so the ICCs across them are the published ones (.29 for ICC(2,1), .62 for ICC(2,4)).
    table = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    exercises = [exercise(5, {f"j{k}": v for k, v in enumerate(row)}) for row in table]
    found = across(exercises, resamples=50)
    assert found.icc is not None
    assert round(found.icc.icc2, 2) == 0.29
    assert round(found.icc.icc2k, 2) == 0.62
    assert found.icc.icc2 == pytest.approx(icc(table).icc2)
    judge1 = next(r for r in found.raters if r.rater == "j0")
    assert judge1.mean_distance == pytest.approx(sum(row[0] - 5 for row in table) / 6)
    assert found.alpha.value is not None


def test_across_says_why_without_a_complete_table_or_any_variation() -> None:
    partial = across([exercise(3, {"a": 3, "b": 4}), exercise(2, {"a": 2, "c": 2})], resamples=10)
    assert partial.icc is None
    assert "same two or more interviewers" in partial.icc_why_not
    flat = across([exercise(3, {"a": 3, "b": 3}), exercise(3, {"a": 3, "b": 3})], resamples=10)
    assert flat.icc is None
    assert "hardly vary" in flat.icc_why_not
    assert flat.raters[0].mean_absolute_distance == 0
