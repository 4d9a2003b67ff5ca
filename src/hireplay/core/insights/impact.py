"""Adverse impact: selection (or scoring) rates by category, impact ratios against the category
with the highest rate, the four-fifths rule, and whether the numbers can carry a conclusion.

Sources, in our words:
- The Uniform Guidelines on Employee Selection Procedures (29 CFR 1607.4(D)) take a selection rate
  below four-fifths of the highest category's rate as evidence of adverse impact, and call the rule
  a rule of thumb: with small numbers a difference may not be significant, and a large one may be
  significant though above four-fifths. Their questions and answers (1979, question 12) work an
  example: rates of 60, 45, 48 and 51 % give ratios of 75, 80 and 85 %, adverse impact for the
  first only.
- The rules of New York City's Local Law 144 (6 RCNY 5-301) ask, for a tool that selects, the
  selection rate and impact ratio of every sex, race/ethnicity and intersectional category; for a
  tool that scores, the scoring rate (the share of a category scoring above the whole sample's
  median) and its impact ratio; a category under 2 % of the data may be left out of the ratios if
  its count is still reported; people whose category is unknown are counted and reported.

Each comparison with the highest-rate category also gets Fisher's exact test (two-sided, scipy)
and the pooled two-proportion z statistic, and a plain sentence when the numbers are too small to
conclude anything: the four-fifths verdict flips if one person more or fewer in the category had
been selected, and the difference is not significant at 5 %.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from statistics import median

import numpy as np
from scipy.stats import fisher_exact

SMALL_SHARE = 0.02  # LL144: a category under 2 % of the data may be left out of the ratios
SIGNIFICANCE = 0.05
# Never compared with anyone: people who did not say, or whose answer is not known. Counted and
# reported, never guessed.
NOT_COMPARED = ("declined", "unknown")
INTERSECTION = " · "


@dataclass(frozen=True)
class Row:
    category: str
    total: int  # people in the category (applicants at this stage, or scored)
    selected: int  # of them, selected (or scoring above the median)
    rate: float | None  # None when the category has nobody
    impact_ratio: float | None = None  # None when not compared, or when the highest rate is 0
    below_four_fifths: bool = False
    p_value: float | None = None  # Fisher's exact test against the highest-rate category
    z: float | None = None  # pooled two-proportion z against it (negative: lower than it)
    fragile: bool = False  # one selection more or fewer would change the four-fifths verdict
    compared: bool = True
    why_not_compared: str = ""

    @property
    def share(self) -> float:
        return 0.0 if not self.total else self.selected / self.total


@dataclass(frozen=True)
class ImpactTable:
    dimension: str  # "sex", "race", "sex · race"
    measure: str  # "selection" or "scoring"
    rows: tuple[Row, ...]
    reference: str | None  # the category with the highest rate (None when nobody is compared)
    warnings: tuple[str, ...] = ()
    median: float | None = None  # the whole sample's median score, for a scoring table
    excluded: tuple[str, ...] = field(default=())  # categories under 2 %, left out of the ratios


def _z(selected_a: int, total_a: int, selected_b: int, total_b: int) -> float | None:
    pooled = (selected_a + selected_b) / (total_a + total_b)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / total_a + 1 / total_b))
    return None if spread == 0 else (selected_a / total_a - selected_b / total_b) / spread


def below_four_fifths(selected: int, total: int, ref_selected: int, ref_total: int) -> bool:
    """Whether selected/total is less than four-fifths of ref_selected/ref_total, in whole numbers
    (in floating point 0.36 / 0.45 is 0.7999…, which would flag a ratio of exactly 80 %)."""
    return 5 * selected * ref_total < 4 * ref_selected * total


def _flips(selected: int, total: int, ref_selected: int, ref_total: int) -> bool:
    """Whether one selection more or fewer in this category changes its four-fifths verdict."""
    below = below_four_fifths(selected, total, ref_selected, ref_total)
    nearby = [s for s in (selected - 1, selected + 1) if 0 <= s <= total]
    return any(below_four_fifths(s, total, ref_selected, ref_total) != below for s in nearby)


def impact(counts: Mapping[str, tuple[int, int]], dimension: str = "", measure: str = "selection",
           leave_out_small: bool = False, median_score: float | None = None) -> ImpactTable:  # fmt: skip
    """The impact table of categories given as {category: (people, selected)}.

    Categories named in NOT_COMPARED are reported and never compared; with `leave_out_small`, a
    category holding under 2 % of the people is reported and left out of the ratios. The reference
    is the compared category with the highest rate (the first in the given order on a tie)."""
    for name, (total, selected) in counts.items():
        if total < 0 or selected < 0 or selected > total:
            raise ValueError(f"category {name!r}: {selected} selected of {total} is not a count of people")
    everyone = sum(total for total, _ in counts.values())
    warnings: list[str] = []
    excluded: list[str] = []
    compared: dict[str, tuple[int, int]] = {}
    reasons: dict[str, str] = {}
    for name, (total, selected) in counts.items():
        if name.casefold() in NOT_COMPARED:
            reasons[name] = ("chose not to say: counted, never compared" if name.casefold() == "declined"
                             else "not known: counted, never compared")  # fmt: skip
        elif total == 0:
            reasons[name] = "nobody in this category"
        elif leave_out_small and everyone and total / everyone < SMALL_SHARE:
            reasons[name] = f"under 2 % of the data ({total} of {everyone})"
            excluded.append(name)
        else:
            compared[name] = (total, selected)
    if len(compared) < 2:
        warnings.append("fewer than two categories to compare: no impact ratio can be computed")
    reference = max(compared, key=lambda n: Fraction(compared[n][1], compared[n][0])) if compared else None
    top_rate = compared[reference][1] / compared[reference][0] if reference else 0.0
    if reference is not None and top_rate == 0:
        warnings.append(f"nobody was {'selected' if measure == 'selection' else 'above the median'} in any "
                        "category compared: impact ratios are undefined (a rate of 0 cannot be divided by)")  # fmt: skip
    rows = []
    for name, (total, selected) in counts.items():
        rate = selected / total if total else None
        if name not in compared:
            rows.append(Row(name, total, selected, rate, compared=False, why_not_compared=reasons[name]))
            continue
        if reference is None or top_rate == 0:
            rows.append(Row(name, total, selected, rate))
            continue
        ratio = (rate or 0.0) / top_rate
        if name == reference:
            rows.append(Row(name, total, selected, rate, impact_ratio=ratio))
            continue
        ref_total, ref_selected = compared[reference]
        table = np.array([[selected, total - selected], [ref_selected, ref_total - ref_selected]])
        p_value = float(fisher_exact(table)[1])
        row = Row(name, total, selected, rate, impact_ratio=ratio, p_value=p_value,
                  below_four_fifths=below_four_fifths(selected, total, ref_selected, ref_total),
                  z=_z(selected, total, ref_selected, ref_total),
                  fragile=_flips(selected, total, ref_selected, ref_total))  # fmt: skip
        rows.append(row)
        if row.fragile and p_value >= SIGNIFICANCE:
            warnings.append(f"{name}: too few people to conclude anything: one selection more or fewer would "
                            f"change the four-fifths verdict, and the difference from {reference} is not "
                            f"statistically significant (Fisher's exact test, p = {p_value:.3f})")  # fmt: skip
        elif row.below_four_fifths and p_value >= SIGNIFICANCE:
            warnings.append(f"{name}: below four-fifths of {reference}, but the difference is not statistically "
                            f"significant (p = {p_value:.3f}); watch it as more people pass through")  # fmt: skip
        elif not row.below_four_fifths and p_value < SIGNIFICANCE:
            warnings.append(f"{name}: above four-fifths of {reference}, yet the difference is statistically "
                            f"significant (p = {p_value:.3f}); the rule of thumb alone would miss it")  # fmt: skip
    return ImpactTable(dimension, measure, tuple(rows), reference, tuple(warnings), median_score, tuple(excluded))


@dataclass(frozen=True)
class Person:
    """One person of the data: their categories by dimension (missing: unknown), and either whether
    they were selected or their score."""

    categories: Mapping[str, str]
    selected: bool | None = None
    score: float | None = None


def category(person: Person, dimensions: Sequence[str]) -> str:
    """The person's category along these dimensions (an intersection when there are several)."""
    values = [(person.categories.get(d) or "").strip() or "unknown" for d in dimensions]
    if any(v.casefold() in NOT_COMPARED for v in values):
        both = {v.casefold() for v in values} & set(NOT_COMPARED)
        return "declined" if "declined" in both else "unknown"
    return INTERSECTION.join(values)


def selection_tables(people: Iterable[Person], dimensions: Sequence[str],
                     leave_out_small: bool = False) -> list[ImpactTable]:  # fmt: skip
    """A selection table per dimension, then one for the intersection of all of them."""
    everyone = list(people)
    return [impact(_count(everyone, group, lambda p: bool(p.selected)), INTERSECTION.join(group), "selection",
                   leave_out_small) for group in _groupings(dimensions)]  # fmt: skip


def scoring_tables(people: Iterable[Person], dimensions: Sequence[str],
                   leave_out_small: bool = False) -> list[ImpactTable]:  # fmt: skip
    """Scoring-rate tables (LL144): the share of each category scoring above the median of everyone
    scored, per dimension and for the intersection."""
    scored = [p for p in people if p.score is not None]
    if not scored:
        return []
    middle = median(p.score for p in scored if p.score is not None)
    return [impact(_count(scored, group, lambda p: (p.score or 0) > middle), INTERSECTION.join(group), "scoring",
                   leave_out_small, middle) for group in _groupings(dimensions)]  # fmt: skip


def _groupings(dimensions: Sequence[str]) -> list[tuple[str, ...]]:
    single = [(d,) for d in dimensions]
    return single + ([tuple(dimensions)] if len(dimensions) > 1 else [])


def _count(people: Sequence[Person], dimensions: Sequence[str], chosen: object) -> dict[str, tuple[int, int]]:
    counts: dict[str, list[int]] = {}
    for person in people:
        found = counts.setdefault(category(person, dimensions), [0, 0])
        found[0] += 1
        found[1] += bool(chosen(person))  # type: ignore[operator]
    ordered = sorted(counts, key=lambda name: (name.casefold() in NOT_COMPARED, name.casefold()))
    return {name: (counts[name][0], counts[name][1]) for name in ordered}


def stage_tables(people: Iterable[tuple[Mapping[str, str], int]], stages: Sequence[str], dimensions: Sequence[str],
                 leave_out_small: bool = False) -> list[tuple[str, list[ImpactTable]]]:  # fmt: skip
    """Per step of the process, and for the whole of it: who reached the next stage of those who
    reached this one. `people` gives each person's categories and the index in `stages` of the
    furthest stage they reached."""
    everyone = list(people)
    found = []
    for step in range(len(stages) - 1):
        reached = [Person(c, selected=furthest > step) for c, furthest in everyone if furthest >= step]
        found.append((f"{stages[step]} → {stages[step + 1]}", selection_tables(reached, dimensions, leave_out_small)))
    whole = [Person(c, selected=furthest == len(stages) - 1) for c, furthest in everyone]
    found.append((f"the whole process ({stages[0]} → {stages[-1]})",
                  selection_tables(whole, dimensions, leave_out_small)))  # fmt: skip
    return found
