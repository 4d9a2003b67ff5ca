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


def mantel_haenszel(right: Sequence[int], matching: Sequence[float], groups: Sequence[str], reference: str,
                    focal: str) -> DIF:  # fmt: skip
    """DIF of one item (1 right, 0 wrong per candidate) between two groups, matched on `matching`
    (usually the total score); candidates of other groups are ignored."""
    strata: dict[float, list[int]] = {}  # score -> [A, B, C, D]: reference right/wrong, focal right/wrong
    for value, score, group in zip(right, matching, groups, strict=True):
        if group not in (reference, focal):
            continue
        cell = strata.setdefault(score, [0, 0, 0, 0])
        cell[(0 if group == reference else 2) + (0 if value else 1)] += 1
    top = bottom = expected = observed = variance = 0.0
    rbg_p = rbg_pq = rbg_q = 0.0  # Robins-Breslow-Greenland sums
    r_sum = s_sum = 0.0
    for a, b, c, d in strata.values():
        n = a + b + c + d
        n_ref, n_focal, m_right, m_wrong = a + b, c + d, a + c, b + d
        if n < 2 or n_ref == 0 or n_focal == 0:
            continue  # a score level with one group only carries no comparison
        r, s = a * d / n, b * c / n
        top, bottom = top + r, bottom + s
        observed += a
        expected += n_ref * m_right / n
        variance += n_ref * n_focal * m_right * m_wrong / (n * n * (n - 1))
        p_k, q_k = (a + d) / n, (b + c) / n
        rbg_p, rbg_pq, rbg_q = rbg_p + p_k * r, rbg_pq + p_k * s + q_k * r, rbg_q + q_k * s
        r_sum, s_sum = r_sum + r, s_sum + s
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
