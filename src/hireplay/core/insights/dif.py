"""Differential item functioning: does an item favour one group over another among candidates of
the same overall level? The Mantel-Haenszel procedure (Holland and Thayer 1988) matches
candidates on their total score and pools the 2x2 tables (group x right or wrong) of each score
level into one common odds ratio; ETS reports it on its delta scale, MH D-DIF = -2.35 ln(alpha),
negative when the item is harder for the focal group, and sorts items into three classes:

- A (negligible): |D| < 1, or the Mantel-Haenszel chi-square is not significant at 5 %;
- C (large): |D| at least 1.5 and significantly more than 1 (one-sided, 5 %);
- B (moderate): the rest.

The standard error of ln(alpha) is Robins, Breslow and Greenland's (1986).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import chi2, norm


@dataclass(frozen=True)
class DIF:
    odds_ratio: float | None  # alpha_MH: above 1 favours the reference group
    delta: float | None  # MH D-DIF
    delta_error: float | None
    chi_square: float | None  # with the continuity correction, 1 degree of freedom
    p_value: float | None
    ets_class: str  # "A", "B" or "C"; "" when it cannot be computed
    why_not: str = ""


def mantel_haenszel(right: Sequence[int] | np.ndarray, matching: Sequence[float] | np.ndarray,
                    groups: Sequence[str] | np.ndarray, reference: str, focal: str) -> DIF:  # fmt: skip
    """DIF of one item (1 right, 0 wrong per candidate) between two groups, matched on `matching`
    (usually the total score); candidates of other groups are ignored."""
    right_, score_, group_ = np.asarray(right), np.asarray(matching, dtype=float), np.asarray(groups)
    is_ref, is_focal = group_ == reference, group_ == focal
    keep = is_ref | is_focal
    levels, level_of = np.unique(score_[keep], return_inverse=True)
    ok, ref = right_[keep] != 0, is_ref[keep]
    count = len(levels)
    # Per score level: A, B (reference right / wrong), C, D (focal right / wrong).
    a = np.bincount(level_of[ref & ok], minlength=count).astype(float)
    b = np.bincount(level_of[ref & ~ok], minlength=count).astype(float)
    c = np.bincount(level_of[~ref & ok], minlength=count).astype(float)
    d = np.bincount(level_of[~ref & ~ok], minlength=count).astype(float)
    n = a + b + c + d
    n_ref, n_focal, m_right, m_wrong = a + b, c + d, a + c, b + d
    shared = (n >= 2) & (n_ref > 0) & (n_focal > 0)  # a level with one group only carries no comparison
    a, b, c, d, n = a[shared], b[shared], c[shared], d[shared], n[shared]
    n_ref, n_focal, m_right, m_wrong = n_ref[shared], n_focal[shared], m_right[shared], m_wrong[shared]
    r, s_ = a * d / n, b * c / n
    top, bottom = float(r.sum()), float(s_.sum())
    observed, expected = float(a.sum()), float((n_ref * m_right / n).sum())
    variance = float((n_ref * n_focal * m_right * m_wrong / (n * n * (n - 1))).sum())
    p_k, q_k = (a + d) / n, (b + c) / n
    rbg_p, rbg_pq, rbg_q = float((p_k * r).sum()), float((p_k * s_ + q_k * r).sum()), float((q_k * s_).sum())
    r_sum, s_sum = top, bottom
    if top == 0 or bottom == 0 or variance == 0:
        return DIF(None, None, None, None, None, "", "too few candidates of both groups at the same score levels, "
                   "or one group answered every shared level all right or all wrong")  # fmt: skip
    alpha = top / bottom
    delta = -2.35 * math.log(alpha)
    log_error = math.sqrt(rbg_p / (2 * r_sum**2) + rbg_pq / (2 * r_sum * s_sum) + rbg_q / (2 * s_sum**2))
    delta_error = 2.35 * log_error
    chi_square = (abs(observed - expected) - 0.5) ** 2 / variance
    p_value = float(chi2.sf(chi_square, 1))
    large = abs(delta) >= 1.5 and (abs(delta) - 1.0) / delta_error > norm.ppf(0.95)
    ets = "A" if abs(delta) < 1.0 or p_value >= 0.05 else ("C" if large else "B")
    return DIF(alpha, delta, delta_error, chi_square, p_value, ets)
