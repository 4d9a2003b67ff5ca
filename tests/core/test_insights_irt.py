"""The two-parameter IRT calibration against a published fit, and its recovery of known parameters."""

from __future__ import annotations

import numpy as np
import pytest

from hireplay.core.insights.irt import calibrate

# LSAT-7 (Bock and Lieberman 1970): five items, 1,000 examinees, the frequency of each of the 32
# response patterns in binary order (00000, 00001, ..., 11111).
LSAT7 = [12, 19, 1, 7, 3, 19, 3, 17, 10, 5, 3, 7, 7, 23, 8, 28, 7, 39, 11, 34, 14, 51, 15, 90, 6, 25, 7, 35, 18, 136,
         32, 308]  # fmt: skip
# The 2PL estimates the R package mirt publishes for it (slope a1 and intercept d; logLik -2658.805).
MIRT_A = [0.988, 1.081, 1.706, 0.765, 0.736]
MIRT_D = [1.856, 0.808, 1.804, 0.486, 1.855]


def test_the_lsat7_fit_reproduces_mirts_estimates_and_log_likelihood() -> None:
    patterns = np.array([[int(b) for b in format(i, "05b")] for i in range(32)])

    fit = calibrate(patterns, np.array(LSAT7))

    assert sum(LSAT7) == 1000
    assert fit.converged
    assert fit.log_likelihood == pytest.approx(-2658.805, abs=0.005)
    # mirt stops its EM when no parameter moves by 1e-4; these run to 1e-6, hence the third decimal.
    assert list(fit.slopes) == pytest.approx(MIRT_A, abs=0.0015)
    assert list(fit.intercepts) == pytest.approx(MIRT_D, abs=0.0015)
    assert all(0 < e < 1 for e in fit.slope_errors + fit.intercept_errors)
    four_times = calibrate(patterns, 4 * np.array(LSAT7))  # the same answers from 4,000 people
    assert list(four_times.slope_errors) == pytest.approx([e / 2 for e in fit.slope_errors], rel=1e-3)


def test_known_parameters_are_recovered_from_simulated_candidates() -> None:
    rng = np.random.default_rng(11)
    a, d = rng.uniform(0.6, 2.0, 12), rng.uniform(-1.5, 1.5, 12)
    theta = rng.normal(size=4000)
    answers = (rng.random((4000, 12)) < 1 / (1 + np.exp(-(np.outer(theta, a) + d)))).astype(int)

    fit = calibrate(answers)

    assert np.sqrt(np.mean((np.array(fit.slopes) - a) ** 2)) < 0.1
    assert np.sqrt(np.mean((np.array(fit.intercepts) - d) ** 2)) < 0.1
    assert list(fit.difficulties) == pytest.approx([-i / s for s, i in zip(fit.slopes, fit.intercepts, strict=True)])


def test_a_table_that_is_not_right_or_wrong_is_refused() -> None:
    with pytest.raises(ValueError, match="0 and 1"):
        calibrate(np.array([[0, 2], [1, 0]]))


def test_test_information_is_the_sum_of_each_items_a_squared_p_q() -> None:
    from hireplay.core.insights.irt import Calibration, information

    fit = Calibration((1.2, 0.8), (0.0, 0.8), (0.1, 0.1), (0.1, 0.1), 0.0, 1, True)
    # At an item's difficulty b = -d/a, P = 0.5 and its information is a²/4 (Birnbaum 1968).
    at = np.array([0.0, -1.0])
    p2 = 1 / (1 + np.exp(-(0.8 * at + 0.8)))
    expected = 1.2**2 * (1 / (1 + np.exp(-1.2 * at))) * (1 - 1 / (1 + np.exp(-1.2 * at))) + 0.8**2 * p2 * (1 - p2)
    assert information(fit, at) == pytest.approx(expected)
    assert information(fit, np.array([0.0]))[0] == pytest.approx(1.2**2 / 4 + 0.8**2 * p2[0] * (1 - p2[0]))


def test_item_fit_passes_items_that_follow_the_model_and_flags_one_that_does_not() -> None:
    from hireplay.core.insights.irt import item_fit

    rng = np.random.default_rng(21)
    n = 4000
    theta = rng.normal(size=n)
    a, d = rng.uniform(0.8, 2.0, 9), rng.uniform(-1.5, 1.5, 9)
    data = (rng.random((n, 9)) < 1 / (1 + np.exp(-(np.outer(theta, a) + d)))).astype(float)
    # A tenth item that people of middle ability get right and both ends get wrong: no 2PL fits it.
    odd = (rng.random(n) < np.where(np.abs(theta) < 0.7, 0.9, 0.2)).astype(float)
    table = np.column_stack([data, odd])

    fits = item_fit(table, calibrate(table))

    assert fits[-1].misfit
    assert fits[-1].df == 8
    assert sum(f.misfit for f in fits[:-1]) <= 1
