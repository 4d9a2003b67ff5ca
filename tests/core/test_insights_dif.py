"""Mantel-Haenszel DIF against its definitions, and its ETS classes on simulated items."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hireplay.core.insights.dif import mantel_haenszel


def _expand(tables: list[tuple[float, int, int, int, int]]) -> tuple[list[int], list[float], list[str]]:
    """Candidates from per-score 2x2 tables (score, reference right, wrong, focal right, wrong)."""
    right, score, group = [], [], []
    for level, a, b, c, d in tables:
        for value, count, who in ((1, a, "ref"), (0, b, "ref"), (1, c, "focal"), (0, d, "focal")):
            right += [value] * count
            score += [level] * count
            group += [who] * count
    return right, score, group


def test_the_common_odds_ratio_of_identical_tables_is_theirs() -> None:
    # Each level: odds 40/20 = 2 for the reference group, 20/20 = 1 for the focal group: an odds ratio of 2.
    found = mantel_haenszel(*_expand([(s, 40, 20, 20, 20) for s in (1, 2, 3)]), reference="ref", focal="focal")

    assert found.odds_ratio == pytest.approx(2.0)
    assert found.delta == pytest.approx(-2.35 * math.log(2))  # -1.629: harder for the focal group


def test_the_chi_square_follows_its_formula_on_one_table() -> None:
    # One level, A=30 B=10 C=20 D=20 (N=80): E(A) = 40*50/80 = 25, Var(A) = 40*40*50*30/(80^2*79),
    # chi-square = (|30 - 25| - 0.5)^2 / Var(A).
    found = mantel_haenszel(*_expand([(1, 30, 10, 20, 20)]), reference="ref", focal="focal")
    variance = 40 * 40 * 50 * 30 / (80**2 * 79)

    assert found.chi_square == pytest.approx((5 - 0.5) ** 2 / variance)
    assert found.odds_ratio == pytest.approx((30 * 20 / 80) / (10 * 20 / 80))


def _simulated(shift: float, rng: np.random.Generator) -> tuple[list[int], list[float], list[str]]:
    """4,000 candidates of equal ability in two groups; the studied item is `shift` logits harder
    for the focal group; the matching score is the sum of 20 other items."""
    theta = rng.normal(size=4000)
    groups = ["ref"] * 2000 + ["focal"] * 2000
    others = (rng.random((4000, 20)) < 1 / (1 + np.exp(-(theta[:, None] + rng.normal(0, 1, 20))))).sum(axis=1)
    harder = np.array([shift if g == "focal" else 0.0 for g in groups])
    item = (rng.random(4000) < 1 / (1 + np.exp(-(theta - harder)))).astype(int)
    return item.tolist(), (others + item).astype(float).tolist(), groups


def test_an_item_without_dif_is_class_a_and_a_strongly_biased_one_class_c() -> None:
    rng = np.random.default_rng(5)

    fair = mantel_haenszel(*_simulated(0.0, rng), reference="ref", focal="focal")
    biased = mantel_haenszel(*_simulated(1.2, rng), reference="ref", focal="focal")

    assert fair.ets_class == "A"
    assert biased.ets_class == "C"
    assert biased.delta < -1.5  # harder for the focal group


def test_groups_that_never_meet_at_a_score_give_no_figure() -> None:
    found = mantel_haenszel([1, 0, 1, 0], [1, 1, 5, 5], ["ref", "ref", "focal", "focal"], "ref", "focal")

    assert found.ets_class == ""
    assert "too few candidates of both groups" in found.why_not
