"""Predictive validity: correlations with their intervals, the correction for range restriction,
and whether the policy's weighting is supported by the hires' data."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hireplay.core.insights.validity import MIN_HIRES, correlate, thorndike_case_ii, weighting


def test_the_interval_is_fishers_z_by_hand() -> None:
    rng = np.random.default_rng(4)
    x = rng.normal(size=40)
    y = 0.4 * x + rng.normal(size=40)
    found = correlate("assessment", "performance", x, y)
    z, half = math.atanh(found.r), 1.959964 / math.sqrt(40 - 3)
    assert found.r == pytest.approx(float(np.corrcoef(x, y)[0, 1]), abs=1e-12)
    assert (found.low, found.high) == pytest.approx((math.tanh(z - half), math.tanh(z + half)), abs=1e-6)


def test_case_ii_undoes_direct_selection_exactly_and_leaves_unselected_data_alone() -> None:
    # Under direct selection on x, a population correlation rho becomes rho·u / sqrt(1 - rho² + rho²u²)
    # (Thorndike 1949, Case II; Sackett and Yang 2000): the correction must invert that exactly.
    for rho in (0.1, 0.3, 0.5, 0.8):
        for u in (0.3, 0.6, 0.9):
            restricted = rho * u / math.sqrt(1 - rho**2 + rho**2 * u**2)
            assert thorndike_case_ii(restricted, u) == pytest.approx(rho, abs=1e-12)
    assert thorndike_case_ii(0.42, 1.0) == pytest.approx(0.42)
    with pytest.raises(ValueError, match="must be positive"):
        thorndike_case_ii(0.3, 0)


def test_hiring_the_top_third_attenuates_r_and_the_correction_recovers_it() -> None:
    rng = np.random.default_rng(11)
    x = rng.normal(50, 10, 30_000)
    y = 0.5 * (x - 50) / 10 + math.sqrt(0.75) * rng.normal(size=x.size)
    hired = x > np.quantile(x, 2 / 3)
    found = correlate("assessment", "performance", x[hired], y[hired], x)
    assert found.r < 0.35  # attenuated
    assert found.spread_ratio == pytest.approx(0.528, abs=0.02)  # the top third of a normal: sd 0.528
    assert found.corrected == pytest.approx(0.5, abs=0.03)


def test_too_few_hires_or_no_variation_is_said_not_divided() -> None:
    few = correlate("assessment", "performance", [1.0] * 5, [2.0] * 5)
    assert few.r is None
    assert few.why_not == f"5 hires with both figures; at least {MIN_HIRES} are needed"
    flat = correlate("assessment", "still employed", list(range(12)), [1.0] * 12)
    assert flat.r is None
    assert "same outcome" in flat.why_not
    with pytest.raises(ValueError, match="each hire needs a score and an outcome"):
        correlate("a", "b", [1.0, 2.0], [1.0])


def test_the_weighting_finds_the_share_the_data_were_made_with() -> None:
    rng = np.random.default_rng(2)
    a, i = rng.normal(60, 12, 3000), rng.normal(60, 12, 3000)
    y = 0.7 * a + 0.3 * i + rng.normal(0, 10, 3000)
    found = weighting("performance", a, i, y, policy_share=0.4, resamples=200)
    assert found.low <= 0.7 <= found.high
    assert found.high - found.low < 0.15
    assert found.verdict.startswith("not supported: the hires' data favour more weight on the assessment")
    supported = weighting("performance", a, i, y, policy_share=0.7, resamples=200)
    assert supported.verdict.startswith("supported")
    assert supported.policy_r == pytest.approx(supported.best_r, abs=0.01)


def test_a_handful_of_noisy_hires_cannot_tell_weightings_apart() -> None:
    rng = np.random.default_rng(8)
    a, i, y = rng.normal(60, 10, 12), rng.normal(60, 10, 12), rng.normal(3, 1, 12)
    found = weighting("performance", a, i, y, policy_share=0.4, resamples=300)
    assert "cannot tell one weighting from another" in found.verdict
    assert weighting("performance", a[:4], i[:4], y[:4], 0.4).why_not.startswith("4 hires")
