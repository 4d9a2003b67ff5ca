"""Predictive validity: do the assessment, the interview and their weighted total predict how the
people hired went on to do? (docs/insights.md)

Only hires have outcomes, and hires are chosen for scoring well: among them the scores vary less
than among all candidates, which pulls a correlation towards zero (range restriction). Each
correlation is therefore given with the ratio of the hires' spread to the candidates' and
Thorndike's Case II correction (Thorndike 1949; Sackett and Yang 2000, case 2), which says what
the correlation would be among all candidates if selection had been on that score alone."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

MIN_HIRES = 10  # fewer than this and a correlation's interval spans most of -1..1: not shown


@dataclass(frozen=True)
class Correlation:
    predictor: str
    outcome: str
    n: int
    r: float | None = None
    low: float | None = None  # 95 % interval (Fisher's z)
    high: float | None = None
    p: float | None = None  # two-sided, against no correlation
    spread_ratio: float | None = None  # the hires' standard deviation over the candidates' (u)
    corrected: float | None = None  # Thorndike Case II, when spread_ratio < 1
    why_not: str = ""


def thorndike_case_ii(r: float, u: float) -> float:
    """The correlation among all candidates, from `r` among those selected, when selection was
    directly on the predictor and `u` is the selected group's standard deviation divided by all
    candidates' (Thorndike 1949, Case II)."""
    if not u > 0:
        raise ValueError("the ratio of standard deviations must be positive")
    big = 1 / u
    return r * big / math.sqrt(1 + r * r * (big * big - 1))


def correlate(predictor: str, outcome: str, x: Sequence[float], y: Sequence[float],
              candidates: Sequence[float] = ()) -> Correlation:  # fmt: skip
    """Pearson's r between a score `x` and an outcome `y` over the same hires, with its interval and
    p-value (scipy), and, given every candidate's score, the spread ratio and corrected r."""
    n = len(x)
    if n != len(y):
        raise ValueError("each hire needs a score and an outcome")
    if n < MIN_HIRES:
        return Correlation(predictor, outcome, n, why_not=f"{n} hire{'s' if n != 1 else ''} with both figures; "
                                                          f"at least {MIN_HIRES} are needed")  # fmt: skip
    xs, ys = np.asarray(x, float), np.asarray(y, float)
    if np.ptp(xs) == 0 or np.ptp(ys) == 0:
        which = "score" if np.ptp(xs) == 0 else "outcome"
        return Correlation(predictor, outcome, n, why_not=f"every hire has the same {which}: nothing to correlate")
    found = stats.pearsonr(xs, ys)
    interval = found.confidence_interval(0.95)
    ratio = corrected = None
    pool = np.asarray(candidates, float)
    if len(pool) > n and np.std(pool, ddof=1) > 0:
        ratio = float(np.std(xs, ddof=1) / np.std(pool, ddof=1))
        if ratio < 1:
            corrected = thorndike_case_ii(float(found.statistic), ratio)
    return Correlation(predictor, outcome, n, float(found.statistic), float(interval.low), float(interval.high),
                       float(found.pvalue), ratio, corrected)  # fmt: skip


@dataclass(frozen=True)
class Weighting:
    """Which share of the assessment in the weighted total best predicts an outcome, on the
    organisation's own hires, against the share its policy uses."""

    outcome: str
    n: int
    policy_share: float  # the policy's assessment weight, 0..1
    best_share: float | None = None
    low: float | None = None  # 95 % bootstrap interval of the best share
    high: float | None = None
    policy_r: float | None = None  # the correlation of the policy's total with the outcome
    best_r: float | None = None
    verdict: str = ""
    why_not: str = ""


_GRID = np.linspace(0.0, 1.0, 101)


def _best_share(a: np.ndarray, i: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The assessment share w in [0, 1] (steps of 0.01) whose total w·a + (1-w)·i correlates most
    with y, and that correlation."""
    totals = np.outer(_GRID, a) + np.outer(1 - _GRID, i)  # (grid, n)
    centred = totals - totals.mean(axis=1, keepdims=True)
    yc = y - y.mean()
    spread = np.sqrt((centred**2).sum(axis=1) * (yc**2).sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        rs = np.where(spread > 0, centred @ yc / np.where(spread > 0, spread, 1), -np.inf)
    best = int(np.argmax(rs))
    return float(_GRID[best]), float(rs[best])


def weighting(outcome: str, assessment: Sequence[float], interview: Sequence[float], y: Sequence[float],
              policy_share: float, resamples: int = 1000, seed: int = 0) -> Weighting:  # fmt: skip
    """Is the policy's weighting supported? The best share on the hires' data, a percentile
    bootstrap interval over hires, and a verdict in words."""
    n = len(y)
    if n < MIN_HIRES:
        return Weighting(outcome, n, policy_share, why_not=f"{n} hire{'s' if n != 1 else ''} with an assessment, an "
                                                           f"interview and this outcome; at least {MIN_HIRES} are needed")  # fmt: skip
    a, i, ys = (np.asarray(v, float) for v in (assessment, interview, y))
    if np.ptp(ys) == 0:
        return Weighting(outcome, n, policy_share, why_not="every hire has the same outcome: nothing to predict")
    best, best_r = _best_share(a, i, ys)
    policy_total = policy_share * a + (1 - policy_share) * i
    policy_r = float(np.corrcoef(policy_total, ys)[0, 1]) if np.ptp(policy_total) > 0 else None
    rng = np.random.default_rng(seed)
    draws = []
    for _ in range(resamples):
        pick = rng.integers(0, n, n)
        if np.ptp(ys[pick]) > 0:
            draws.append(_best_share(a[pick], i[pick], ys[pick])[0])
    low, high = (float(v) for v in np.percentile(draws, [2.5, 97.5]))
    if high - low >= 0.5:
        verdict = ("the data cannot tell one weighting from another yet: almost any share of the assessment "
                   "predicts as well as any other")  # fmt: skip
    elif low <= policy_share <= high:
        verdict = "supported: the policy's share lies inside the interval of the best share"
    else:
        side = "more" if policy_share < low else "less"
        verdict = (f"not supported: the hires' data favour {side} weight on the assessment "
                   f"({low:.0%} to {high:.0%} of the total)")  # fmt: skip
    return Weighting(outcome, n, policy_share, best, low, high, policy_r, best_r, verdict)
