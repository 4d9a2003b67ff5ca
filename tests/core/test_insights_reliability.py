"""Rater reliability against published worked examples (each source named), and by simulation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hireplay.core.insights.reliability import Level, alpha, icc, leniency

# Shrout and Fleiss (1979), "Intraclass correlations: uses in assessing rater reliability",
# Psychological Bulletin 86(2), Table 2: six targets rated by four judges.
SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the general example: four
# observers, twelve units, values 1-5, some missing. Published: nominal .743, ordinal .815,
# interval .849, ratio .797.
KRIPPENDORFF = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}


def _units(by_observer: dict[str, list[int | None]]) -> dict[str, dict[str, float]]:
    units: dict[str, dict[str, float]] = {}
    for observer, values in by_observer.items():
        for index, value in enumerate(values):
            if value is not None:
                units.setdefault(f"u{index + 1}", {})[observer] = value
    return units


def test_the_shrout_and_fleiss_table_4_values() -> None:
    found = icc(SHROUT_FLEISS)

    # Their Table 4, to the two decimals published.
    assert [round(v, 2) for v in (found.icc1, found.icc2, found.icc3)] == [0.17, 0.29, 0.71]
    assert [round(v, 2) for v in (found.icc1k, found.icc2k, found.icc3k)] == [0.44, 0.62, 0.91]
    low, high = found.icc2_interval
    assert low < found.icc2 < high
    assert found.icc2k_interval[0] < found.icc2k < found.icc2k_interval[1]


def test_krippendorffs_worked_example_at_each_level() -> None:
    units = _units(KRIPPENDORFF)

    published: dict[Level, float] = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}
    for level, value in published.items():
        found = alpha(units, level, resamples=200, min_units=2)
        assert round(found.value, 3) == value, level
        assert found.low <= found.value <= found.high
    assert alpha(units, resamples=50, min_units=2) == alpha(units, resamples=50, min_units=2)  # seeded


def test_too_little_data_gives_no_alpha_and_says_why() -> None:
    few = alpha({"c1": {"a": 3, "b": 4}, "c2": {"a": 2, "b": 2}, "c3": {"a": 5}})
    flat = alpha({f"c{i}": {"a": 3, "b": 3} for i in range(8)})

    assert (few.value, few.units) == (None, 2)
    assert "alpha needs at least 5" in few.why_not
    assert flat.value is None
    assert "every rating is the same value" in flat.why_not


def test_a_rater_who_rates_a_point_higher_is_seen_as_lenient() -> None:
    ratings = {f"c{i}": {"lenient": 3 + i % 2 + 1, "b": 3 + i % 2, "c": 3 + i % 2} for i in range(6)}

    found = {r.rater: r for r in leniency(ratings)}

    assert found["lenient"].mean_difference == pytest.approx(1.0)
    assert found["b"].mean_difference == pytest.approx(-0.5)
    assert found["lenient"].units == 6


def test_a_table_that_is_not_complete_is_refused() -> None:
    with pytest.raises(ValueError, match="complete table"):
        icc([[1, 2], [3, math.nan]])


def test_the_icc2_interval_covers_the_true_value_about_95_times_in_100() -> None:
    # A two-way random model with a known ICC(2,1) = 0.5: target variance 1, rater variance 0.5,
    # error 0.5. Its 95 % interval should hold the true value in about 95 % of samples.
    rng = np.random.default_rng(7)
    covered = 0
    trials = 400
    for _ in range(trials):
        targets = rng.normal(0, 1, (12, 1))
        raters = rng.normal(0, math.sqrt(0.5), (1, 4))
        table = targets + raters + rng.normal(0, math.sqrt(0.5), (12, 4))
        low, high = icc(table.tolist()).icc2_interval
        covered += low <= 0.5 <= high
    assert 0.90 <= covered / trials <= 0.99


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_from_coincidence_matrices_equals_the_krippendorff_package(level: str) -> None:
    # The bootstrap sums each unit's coincidence matrix; the sum must give the package's alpha.
    import krippendorff

    from hireplay.core.insights.reliability import alpha_of, coincidences

    rng = np.random.default_rng(17)
    units = []
    for _ in range(60):
        truth = int(rng.integers(1, 6))
        raters = rng.choice(6, int(rng.integers(2, 5)), replace=False)
        units.append({str(r): float(np.clip(truth + rng.integers(-1, 2), 1, 5)) for r in raters})
    values = sorted({v for u in units for v in u.values()})
    table = np.full((6, len(units)), np.nan)
    for j, u in enumerate(units):
        for r, v in u.items():
            table[int(r), j] = v
    expected = krippendorff.alpha(reliability_data=table, level_of_measurement=level, value_domain=np.array(values))
    mine = alpha_of(coincidences(units, values).sum(axis=0), np.array(values), level)  # type: ignore[arg-type]
    assert float(mine[0]) == pytest.approx(expected, abs=1e-12)
