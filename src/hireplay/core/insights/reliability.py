"""Do the interviewers agree? Rater reliability and each rater's leniency.

- Krippendorff's alpha (the `krippendorff` package): any number of raters, some units rated by only
  some of them, ordinal ratings by default; a 95 % interval by bootstrapping the units (seeded, so
  the same data always gives the same interval). This is the figure for interview panels, where
  each candidate meets a different panel.
- The intraclass correlations of Shrout and Fleiss (1979) from a two-way analysis of variance of
  a complete table (every target rated by every rater): ICC(1,1), ICC(2,1), ICC(3,1) and their
  k-rater forms, with the 95 % intervals of McGraw and Wong (1996) for ICC(2,1) and ICC(2,k), for a
  calibration exercise in which every interviewer rates the same sample answers.
- Leniency: how far a rater's ratings sit, on average, from the mean of the other raters of the
  same unit (positive: more lenient than the panel).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Literal

import krippendorff
import numpy as np
from scipy.stats import f as f_distribution

MIN_UNITS = 5  # units rated by two or more raters before alpha is shown


@dataclass(frozen=True)
class Alpha:
    value: float | None  # None when the data cannot give one (say why in `why_not`)
    low: float | None
    high: float | None
    units: int  # units rated by two or more raters
    ratings: int
    level: str
    why_not: str = ""


Level = Literal["nominal", "ordinal", "interval", "ratio"]


def alpha(ratings: Mapping[str, Mapping[str, float]], level: Level = "ordinal", resamples: int = 1000,
          seed: int = 20261126, min_units: int = MIN_UNITS) -> Alpha:  # fmt: skip
    """Krippendorff's alpha of {unit: {rater: rating}}; units with one rating carry no agreement
    and are left out. `level` is nominal, ordinal, interval or ratio."""
    paired = {u: r for u, r in ratings.items() if len(r) >= 2}
    count = sum(len(r) for r in paired.values())
    if len(paired) < min_units:
        return Alpha(None, None, None, len(paired), count, level,
                     f"{len(paired)} candidate(s) rated by two or more people; alpha needs at least {min_units}")  # fmt: skip
    values = sorted({v for r in paired.values() for v in r.values()})
    if len(values) < 2:
        return Alpha(None, None, None, len(paired), count, level,
                     "every rating is the same value: agreement cannot be told from a scale used at one point")  # fmt: skip
    raters = {rater: i for i, rater in enumerate(sorted({rater for r in paired.values() for rater in r}))}
    units = sorted(paired)
    table = np.full((len(raters), len(units)), np.nan)
    for j, unit in enumerate(units):
        for rater, value in paired[unit].items():
            table[raters[rater], j] = value
    domain = np.array(values, dtype=float)
    point = float(krippendorff.alpha(reliability_data=table, level_of_measurement=level, value_domain=domain))
    draws = _bootstrap(coincidences([paired[u] for u in units], values), domain, level, resamples, seed)
    low, high = (float(np.percentile(draws, 2.5)), float(np.percentile(draws, 97.5))) if len(draws) else (None, None)
    return Alpha(point, low, high, len(paired), count, level)


def coincidences(units: Sequence[Mapping[str, float]], values: Sequence[float]) -> np.ndarray:
    """Each unit's coincidence matrix (Krippendorff 2011, section E), flattened: units x V², where
    V is the number of values. A unit rated m times adds every ordered pair of its ratings (c, k)
    from different raters, weighted 1/(m - 1)."""
    index = {v: i for i, v in enumerate(values)}
    counts = np.zeros((len(units), len(values)))
    for j, by_rater in enumerate(units):
        for value in by_rater.values():
            counts[j, index[value]] += 1
    found = np.einsum("ui,uj->uij", counts, counts)
    diagonal = np.arange(len(values))
    found[:, diagonal, diagonal] -= counts
    found /= (counts.sum(axis=1) - 1)[:, None, None]
    shaped: np.ndarray = found.reshape(len(units), -1)
    return shaped


def alpha_of(summed: np.ndarray, domain: np.ndarray, level: Level) -> np.ndarray:
    """Alpha from summed coincidence matrices (draws x V², or V²): 1 - (n - 1) Σ o·δ / Σ n_c n_k δ,
    with the metric δ² of the level (for ordinal, from the marginal counts n_c of each matrix)."""
    size = len(domain)
    o = np.atleast_2d(summed).reshape(-1, size, size)
    n_c = o.sum(axis=2)
    n = n_c.sum(axis=1)
    if level == "ordinal":
        cumulative = np.cumsum(n_c, axis=1)
        low, high = (
            np.minimum.outer(np.arange(size), np.arange(size)),
            np.maximum.outer(np.arange(size), np.arange(size)),
        )
        between = cumulative[:, high] - cumulative[:, low] + n_c[:, low]
        delta = (between - (n_c[:, :, None] + n_c[:, None, :]) / 2) ** 2
    else:
        diff = np.subtract.outer(domain, domain)
        metric = {"nominal": (diff != 0).astype(float), "interval": diff**2,
                  "ratio": (diff / np.where(np.add.outer(domain, domain) == 0, 1, np.add.outer(domain, domain))) ** 2}[level]  # fmt: skip
        delta = np.broadcast_to(metric, o.shape)
    observed = (o * delta).sum(axis=(1, 2))
    expected = (n_c[:, :, None] * n_c[:, None, :] * delta).sum(axis=(1, 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        found: np.ndarray = 1 - (n - 1) * observed / expected
    return found


def _bootstrap(unit_matrices: np.ndarray, domain: np.ndarray, level: Level, resamples: int, seed: int) -> np.ndarray:
    """Alpha over `resamples` resamplings of the units with replacement: each draw's coincidences
    are its units' matrices summed with the number of times each was drawn (one matrix product per
    chunk of draws, instead of alpha computed again from the raw ratings)."""
    rng = np.random.default_rng(seed)
    units = len(unit_matrices)
    found = []
    for start in range(0, resamples, 25):
        chunk = min(25, resamples - start)
        weights = np.stack([np.bincount(rng.integers(0, units, units), minlength=units) for _ in range(chunk)])
        summed = weights.astype(float) @ unit_matrices
        size = len(domain)
        used = (summed.reshape(chunk, size, size).sum(axis=2) > 0).sum(axis=1) >= 2
        found.append(alpha_of(summed[used], domain, level))
    draws = np.concatenate(found) if found else np.array([])
    kept: np.ndarray = draws[np.isfinite(draws)]
    return kept


@dataclass(frozen=True)
class ICC:
    """The six intraclass correlations of Shrout and Fleiss for n targets rated by k raters."""

    targets: int
    raters: int
    icc1: float  # ICC(1,1): each target rated by different raters, one rater's reliability
    icc2: float  # ICC(2,1): the same raters, a random sample of raters; absolute agreement
    icc3: float  # ICC(3,1): the same fixed raters; consistency
    icc1k: float  # ICC(1,k)
    icc2k: float  # ICC(2,k): the reliability of the mean of k raters
    icc3k: float  # ICC(3,k)
    icc2_interval: tuple[float, float]  # 95 %, McGraw and Wong (1996)
    icc2k_interval: tuple[float, float]


def icc(table: Sequence[Sequence[float]], confidence: float = 0.95) -> ICC:
    """ICCs of a complete table: one row per target, one column per rater."""
    data = np.asarray(table, dtype=float)
    if data.ndim != 2 or data.shape[0] < 2 or data.shape[1] < 2 or np.isnan(data).any():
        raise ValueError("an ICC needs a complete table of at least 2 targets by 2 raters")
    n, k = data.shape
    grand = data.mean()
    ss_rows = k * ((data.mean(axis=1) - grand) ** 2).sum()
    ss_cols = n * ((data.mean(axis=0) - grand) ** 2).sum()
    ss_total = ((data - grand) ** 2).sum()
    ss_error = ss_total - ss_rows - ss_cols
    bms, jms = ss_rows / (n - 1), ss_cols / (k - 1)
    ems = ss_error / ((n - 1) * (k - 1))
    wms = (ss_cols + ss_error) / (n * (k - 1))
    icc2 = (bms - ems) / (bms + (k - 1) * ems + k * (jms - ems) / n)
    low, high = _icc2_interval(icc2, bms, jms, ems, n, k, confidence)
    return ICC(
        targets=n, raters=k,
        icc1=(bms - wms) / (bms + (k - 1) * wms), icc2=icc2, icc3=(bms - ems) / (bms + (k - 1) * ems),
        icc1k=(bms - wms) / bms, icc2k=(bms - ems) / (bms + (jms - ems) / n), icc3k=(bms - ems) / bms,
        icc2_interval=(low, high), icc2k_interval=(_spearman_brown(low, k), _spearman_brown(high, k)),
    )  # fmt: skip


def _spearman_brown(r: float, k: int) -> float:
    return k * r / (1 + (k - 1) * r)


def _icc2_interval(r: float, bms: float, jms: float, ems: float, n: int, k: int,
                   confidence: float) -> tuple[float, float]:  # fmt: skip
    """McGraw and Wong (1996), case 2A: Satterthwaite's degrees of freedom for the raters' effect."""
    fj = jms / ems
    top = (k - 1) * (n - 1) * (k * r * fj + n * (1 + (k - 1) * r) - k * r) ** 2
    bottom = (n - 1) * k**2 * r**2 * fj**2 + (n * (1 + (k - 1) * r) - k * r) ** 2
    v = top / bottom
    q = 1 - (1 - confidence) / 2
    f_low, f_high = f_distribution.ppf(q, n - 1, v), f_distribution.ppf(q, v, n - 1)
    low = n * (bms - f_low * ems) / (f_low * (k * jms + (k * n - k - n) * ems) + n * bms)
    high = n * (f_high * bms - ems) / (k * jms + (k * n - k - n) * ems + n * f_high * bms)
    return float(low), float(high)


@dataclass(frozen=True)
class Leniency:
    rater: str
    units: int  # units this rater shared with at least one other rater
    mean_difference: float | None  # their rating minus the others' mean, averaged; None without shared units


def leniency(ratings: Mapping[str, Mapping[str, float]]) -> list[Leniency]:
    """Per rater, how much higher (positive) or lower than the rest of the panel they rate."""
    differences: dict[str, list[float]] = {}
    for by_rater in ratings.values():
        for rater, value in by_rater.items():
            others = [v for r, v in by_rater.items() if r != rater]
            differences.setdefault(rater, [])
            if others:
                differences[rater].append(value - fmean(others))
    return [Leniency(rater, len(found), fmean(found) if found else None)
            for rater, found in sorted(differences.items())]  # fmt: skip


def finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)
