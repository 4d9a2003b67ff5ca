"""The two-parameter logistic model of item response theory, calibrated by marginal maximum
likelihood (Bock and Aitkin's EM algorithm over a fixed quadrature of the ability distribution).

An item j answered right with probability 1 / (1 + exp(-(a_j * theta + d_j))) by a candidate of
ability theta, abilities being standard normal in the population: a_j is the item's slope (how
sharply it separates abilities) and d_j its intercept (how easy it is; the difficulty in the
usual sense is b_j = -d_j / a_j). This is the parameterisation of the R package mirt, whose
published estimates for the LSAT-7 data the tests reproduce.

Standard errors come from the observed information: the Hessian of the marginal log-likelihood,
taken numerically at the estimates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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
              tolerance: float = 1e-6, max_iterations: int = 5000) -> Calibration:  # fmt: skip
    """2PL estimates from a 0/1 table (people or response patterns x items); `counts` gives how
    many people answered each row's pattern (default 1 each)."""
    data = np.asarray(responses, dtype=float)
    if data.ndim != 2 or data.shape[1] < 2 or not np.isin(data, (0.0, 1.0)).all():
        raise ValueError("calibration needs a table of 0 and 1, one column per item (at least 2)")
    weights_of_rows = np.ones(len(data)) if counts is None else np.asarray(counts, dtype=float)
    patterns, inverse = np.unique(data, axis=0, return_inverse=True)
    counts_of = np.bincount(inverse.ravel(), weights=weights_of_rows)
    theta, prior = _grid(points)
    items = data.shape[1]
    share = np.clip((counts_of @ patterns) / counts_of.sum(), 0.01, 0.99)
    a, d = np.ones(items), np.log(share / (1 - share))
    converged = False
    iteration = 0
    for iteration in range(1, max_iterations + 1):  # noqa: B007
        logits = np.outer(a, theta) + d[:, None]
        log_p, log_q = -np.logaddexp(0, -logits), -np.logaddexp(0, logits)
        per = patterns @ log_p + (1 - patterns) @ log_q
        per -= per.max(axis=1, keepdims=True)
        posterior = np.exp(per) * prior
        posterior /= posterior.sum(axis=1, keepdims=True)
        expected = counts_of @ posterior  # people at each quadrature point
        right = (patterns * counts_of[:, None]).T @ posterior  # items x quadrature
        new_a, new_d = a.copy(), d.copy()
        for j in range(items):  # a weighted logistic regression of each item on theta
            for _ in range(25):
                p = 1 / (1 + np.exp(-(new_a[j] * theta + new_d[j])))
                residual = right[j] - expected * p
                w = expected * p * (1 - p)
                gradient = np.array([residual @ theta, residual.sum()])
                hessian = np.array([[w @ theta**2, w @ theta], [w @ theta, w.sum()]])
                step = np.linalg.solve(hessian, gradient)
                new_a[j] += step[0]
                new_d[j] += step[1]
                if np.abs(step).max() < 1e-10:
                    break
        change = max(np.abs(new_a - a).max(), np.abs(new_d - d).max())
        a, d = new_a, new_d
        if change < tolerance:
            converged = True
            break
    errors = _errors(patterns, counts_of, a, d, theta, prior)
    return Calibration(tuple(a.tolist()), tuple(d.tolist()), tuple(errors[:items].tolist()),
                       tuple(errors[items:].tolist()), _log_likelihood(patterns, counts_of, a, d, theta, prior),
                       iteration, converged)  # fmt: skip


def _errors(patterns: np.ndarray, counts: np.ndarray, a: np.ndarray, d: np.ndarray, theta: np.ndarray,
            prior: np.ndarray) -> np.ndarray:  # fmt: skip
    """Standard errors from the numerical Hessian of the marginal log-likelihood (observed information)."""
    items = len(a)
    x0 = np.concatenate([a, d])

    def f(x: np.ndarray) -> float:
        return _log_likelihood(patterns, counts, x[:items], x[items:], theta, prior)

    h = 1e-4
    size = len(x0)
    hessian = np.zeros((size, size))
    for i in range(size):
        for j in range(i, size):
            e_i, e_j = np.eye(size)[i] * h, np.eye(size)[j] * h
            value = (f(x0 + e_i + e_j) - f(x0 + e_i - e_j) - f(x0 - e_i + e_j) + f(x0 - e_i - e_j)) / (4 * h * h)
            hessian[i, j] = hessian[j, i] = value
    try:
        covariance = np.linalg.inv(-hessian)
    except np.linalg.LinAlgError:
        return np.full(size, np.nan)
    errors: np.ndarray = np.sqrt(np.clip(np.diag(covariance), 0, None))
    return errors
