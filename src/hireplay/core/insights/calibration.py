"""A calibration exercise (docs/insights.md): interviewers rate the same sample answer against a
question's anchors, and see how far they are from the reference rating and from each other.

For one exercise: each rating's distance from the reference (positive: more lenient), the mean
absolute distance, the spread of the ratings (their standard deviation and range), and the share
within one point of the reference. Over several exercises: each interviewer's mean signed distance
(leniency against the reference, not against a panel), Krippendorff's alpha over the exercises
(each exercise a unit), and, when the same interviewers rated every exercise, Shrout and Fleiss's
ICC(2,1) and ICC(2,k)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean, pstdev

import numpy as np

from hireplay.core.insights.reliability import ICC, Alpha, alpha, icc


@dataclass(frozen=True)
class Exercise:
    reference: int
    ratings: Mapping[str, int]  # rater -> rating
    mean: float | None
    mean_absolute_distance: float | None
    spread: float | None  # standard deviation of the ratings
    low: int | None
    high: int | None
    within_one: float | None  # share of ratings within one point of the reference

    def distance(self, rater: str) -> int | None:
        given = self.ratings.get(rater)
        return None if given is None else given - self.reference


def exercise(reference: int, ratings: Mapping[str, int]) -> Exercise:
    values = list(ratings.values())
    if not values:
        return Exercise(reference, {}, None, None, None, None, None, None)
    return Exercise(reference, dict(ratings), fmean(values), fmean(abs(v - reference) for v in values),
                    pstdev(values) if len(values) > 1 else 0.0, min(values), max(values),
                    sum(1 for v in values if abs(v - reference) <= 1) / len(values))  # fmt: skip


@dataclass(frozen=True)
class RaterSummary:
    rater: str
    exercises: int
    mean_distance: float  # signed: positive rates above the reference
    mean_absolute_distance: float


@dataclass(frozen=True)
class Across:
    exercises: int
    raters: tuple[RaterSummary, ...]
    alpha: Alpha
    icc: ICC | None
    icc_why_not: str


def across(exercises: Sequence[Exercise], resamples: int = 200) -> Across:
    by_rater: dict[str, list[int]] = {}
    for ex in exercises:
        for rater, rating in ex.ratings.items():
            by_rater.setdefault(rater, []).append(rating - ex.reference)
    raters = tuple(RaterSummary(r, len(d), fmean(d), fmean(abs(x) for x in d)) for r, d in sorted(by_rater.items()))
    units = {str(n): {r: float(v) for r, v in ex.ratings.items()} for n, ex in enumerate(exercises)}
    found_alpha = alpha(units, "ordinal", resamples=resamples, min_units=2)
    everyone = [r for r in by_rater if all(r in ex.ratings for ex in exercises)]
    found_icc, why = None, ""
    if len(exercises) < 2 or len(everyone) < 2:
        why = "the intraclass correlations need two or more exercises rated by the same two or more interviewers"
    else:
        table = [[float(ex.ratings[r]) for r in everyone] for ex in exercises]
        with np.errstate(invalid="ignore", divide="ignore"):
            found_icc = icc(table) if np.ptp(table) > 0 else None
        if found_icc is None or not (
            math.isfinite(found_icc.icc2) and all(map(math.isfinite, found_icc.icc2_interval))
        ):
            found_icc = None
            why = "the ratings hardly vary: no correlation can be computed (each exercise must differ in quality)"
    return Across(len(exercises), raters, found_alpha, found_icc, why)
