"""The two-parameter logistic model of item response theory, calibrated by marginal maximum
likelihood (Bock and Aitkin's EM algorithm over a fixed quadrature of the ability distribution).

An item j answered right with probability 1 / (1 + exp(-(a_j * theta + d_j))) by a candidate of
ability theta, abilities being standard normal in the population: a_j is the item's slope (how
sharply it separates abilities) and d_j its intercept (how easy it is; the difficulty in the
usual sense is b_j = -d_j / a_j). This is the parameterisation of the R package mirt, whose
published estimates for the LSAT-7 data the tests reproduce.

Standard errors come from the cross-product of the patterns' scores (the empirical information,
mirt's "crossprod" method).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

QUADRATURE = 61  # points over [-6, 6], as mirt's default for one dimension


@dataclass(frozen=True)
class Calibration:
    slopes: tuple[float, ...]  # a
    intercepts: tuple[float, ...]  # d
    slope_errors: tuple[float, ...]
    intercept_errors: tuple[float, ...]
    log_likelihood: float
    iterations: int
    converged: bool

    @property
    def difficulties(self) -> tuple[float, ...]:
        """b = -d / a, on the ability scale."""
        return tuple(-d / a for a, d in zip(self.slopes, self.intercepts, strict=True))


def _grid(points: int) -> tuple[np.ndarray, np.ndarray]:
    theta = np.linspace(-6, 6, points)
    weights = np.exp(-(theta**2) / 2)
    return theta, weights / weights.sum()


def _log_likelihood(patterns: np.ndarray, counts: np.ndarray, a: np.ndarray, d: np.ndarray,
                    theta: np.ndarray, weights: np.ndarray) -> float:  # fmt: skip
    logits = np.outer(a, theta) + d[:, None]  # items x quadrature
    log_p, log_q = -np.logaddexp(0, -logits), -np.logaddexp(0, logits)
    per = patterns @ log_p + (1 - patterns) @ log_q  # patterns x quadrature
    top = per.max(axis=1, keepdims=True)
    return float(counts @ (np.log(np.exp(per - top) @ weights) + top[:, 0]))


def calibrate(responses: np.ndarray, counts: np.ndarray | None = None, points: int = QUADRATURE,
              tolerance: float = 1e-4, max_iterations: int = 5000) -> Calibration:  # fmt: skip
    """2PL estimates from a 0/1 table (people or response patterns x items); `counts` gives how
    many people answered each row's pattern (default 1 each). The EM stops when no parameter moves
    by more than `tolerance` (mirt's rule and default)."""
    data = np.asarray(responses, dtype=float)
    if data.ndim != 2 or data.shape[1] < 2 or not np.isin(data, (0.0, 1.0)).all():
        raise ValueError("calibration needs a table of 0 and 1, one column per item (at least 2)")
    weights_of_rows = np.ones(len(data)) if counts is None else np.asarray(counts, dtype=float)
    patterns, inverse = np.unique(data, axis=0, return_inverse=True)
    counts_of = np.bincount(inverse.ravel(), weights=weights_of_rows)
    theta, prior = _grid(points)
    share = np.clip((counts_of @ patterns) / counts_of.sum(), 0.01, 0.99)
    a, d = np.ones(patterns.shape[1]), np.log(share / (1 - share))
    weighted = patterns * counts_of[:, None]
    converged = False
    iteration = 0
    for iteration in range(1, max_iterations + 1):  # noqa: B007
        posterior = _posterior(patterns, a, d, theta, prior)
        expected = counts_of @ posterior  # people at each quadrature point
        right = weighted.T @ posterior  # items x quadrature: of them, how many answered right
        new_a, new_d = a.copy(), d.copy()
        for _ in range(50):  # Newton on every item at once: a weighted logistic regression on theta
            p = 1 / (1 + np.exp(-(np.outer(new_a, theta) + new_d[:, None])))
            residual = right - expected * p
            w = expected * p * (1 - p)
            g1, g2 = residual @ theta, residual.sum(axis=1)
            h11, h12, h22 = w @ theta**2, w @ theta, w.sum(axis=1)
            det = h11 * h22 - h12**2
            step_a, step_d = (h22 * g1 - h12 * g2) / det, (h11 * g2 - h12 * g1) / det
            new_a, new_d = new_a + step_a, new_d + step_d
            if max(np.abs(step_a).max(), np.abs(step_d).max()) < 1e-9:
                break
        change = max(np.abs(new_a - a).max(), np.abs(new_d - d).max())
        a, d = new_a, new_d
        if change < tolerance:
            converged = True
            break
    slope_errors, intercept_errors = _errors(patterns, counts_of, a, d, theta, prior)
    return Calibration(tuple(a.tolist()), tuple(d.tolist()), tuple(slope_errors.tolist()),
                       tuple(intercept_errors.tolist()), _log_likelihood(patterns, counts_of, a, d, theta, prior),
                       iteration, converged)  # fmt: skip


def _posterior(patterns: np.ndarray, a: np.ndarray, d: np.ndarray, theta: np.ndarray,
               prior: np.ndarray) -> np.ndarray:  # fmt: skip
    """Each pattern's posterior over the quadrature points."""
    logits = np.outer(a, theta) + d[:, None]
    per = patterns @ -np.logaddexp(0, -logits) + (1 - patterns) @ -np.logaddexp(0, logits)
    per -= per.max(axis=1, keepdims=True)
    posterior = np.exp(per) * prior
    found: np.ndarray = posterior / posterior.sum(axis=1, keepdims=True)
    return found


def _errors(patterns: np.ndarray, counts: np.ndarray, a: np.ndarray, d: np.ndarray, theta: np.ndarray,
            prior: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Standard errors from the cross-product of each pattern's score (the gradient of its marginal
    log-likelihood; mirt's "crossprod"), weighted by how many people gave the pattern."""
    posterior = _posterior(patterns, a, d, theta, prior)  # patterns x quadrature
    p = 1 / (1 + np.exp(-(np.outer(a, theta) + d[:, None])))  # items x quadrature
    # d log L_pattern / d a_j = sum_q post_q (x_j - P_jq) theta_q ; / d d_j = sum_q post_q (x_j - P_jq)
    score_a = patterns * (posterior @ theta)[:, None] - posterior @ (p * theta).T
    score_d = patterns - posterior @ p.T
    scores = np.hstack([score_a, score_d])
    information = (scores * counts[:, None]).T @ scores
    try:
        covariance = np.linalg.inv(information)
    except np.linalg.LinAlgError:
        nan = np.full(len(a), np.nan)
        return nan, nan
    errors = np.sqrt(np.clip(np.diag(covariance), 0, None))
    return errors[: len(a)], errors[len(a) :]


MIN_PEOPLE = 200  # below this the 2PL's estimates are too unstable to show (docs/insights.md)
FIT_GROUPS = 10
MISFIT_P = 0.01


def abilities(responses: np.ndarray, calibration: Calibration, points: int = QUADRATURE) -> np.ndarray:
    """Each person's expected a posteriori ability (EAP) under the calibration."""
    data = np.asarray(responses, dtype=float)
    theta, prior = _grid(points)
    a, d = np.asarray(calibration.slopes), np.asarray(calibration.intercepts)
    found: np.ndarray = _posterior(data, a, d, theta, prior) @ theta
    return found


def information(calibration: Calibration, theta: np.ndarray) -> np.ndarray:
    """The test information at each ability: the sum over items of a² P (1 - P) (Birnbaum 1968).
    Its inverse square root is the standard error of an ability estimate there."""
    a, d = np.asarray(calibration.slopes), np.asarray(calibration.intercepts)
    p = 1 / (1 + np.exp(-(np.outer(a, theta) + d[:, None])))
    found: np.ndarray = (a[:, None] ** 2 * p * (1 - p)).sum(axis=0)
    return found


@dataclass(frozen=True)
class ItemFit:
    chi_square: float
    df: int
    p: float

    @property
    def misfit(self) -> bool:
        return self.p < MISFIT_P


def item_fit(responses: np.ndarray, calibration: Calibration, groups: int = FIT_GROUPS) -> tuple[ItemFit, ...]:
    """A chi-square of fit for each item over pseudo-counts (Stone 2000): each person is spread over
    the ability quadrature by their posterior, so the counts of people and of right answers at each
    ability are the ones the EM used, not point estimates that shrink towards the mean (with a short
    test, grouping people by estimated ability makes every item look misfitting). The quadrature is
    pooled into `groups` ranges holding equal numbers of people; in each, the right answers found
    against those the model expects, summed as (O - E)² / (E (1 - E / N)), on groups - 2 degrees
    of freedom (two parameters; an approximation, as for Yen's Q1)."""
    data = np.asarray(responses, dtype=float)
    grid, prior = _grid(QUADRATURE)
    a, d = np.asarray(calibration.slopes), np.asarray(calibration.intercepts)
    posterior = _posterior(data, a, d, grid, prior)  # people x quadrature
    people = posterior.sum(axis=0)  # N_q
    right = data.T @ posterior  # items x quadrature: r_jq
    expected = people * (1 / (1 + np.exp(-(np.outer(a, grid) + d[:, None]))))
    cumulative = np.cumsum(people) / people.sum()
    bins = np.minimum((cumulative * groups - 1e-9).astype(int), groups - 1)  # quadrature point -> range
    used = np.unique(bins)
    chi = np.zeros(data.shape[1])
    for b in used:
        at = bins == b
        n, o, e = people[at].sum(), right[:, at].sum(axis=1), expected[:, at].sum(axis=1)
        chi += (o - e) ** 2 / np.clip(e * (1 - e / n), 1e-12, None)
    df = max(len(used) - 2, 1)
    return tuple(ItemFit(float(c), df, float(stats.chi2.sf(c, df))) for c in chi)
