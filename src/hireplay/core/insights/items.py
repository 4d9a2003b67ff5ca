"""Classical item analysis of an assessment: how hard each item is, whether it separates stronger
from weaker candidates, and whether the items hold together (Cronbach's alpha, and alpha with each
item left out).

- Difficulty: the mean share of an item's points that candidates got (1 is an item everyone gets
  right; the name is the field's, although a high value means an easy item).
- Discrimination: the correlation between an item's points and the candidate's total without that
  item (the corrected item-total correlation), so that an item does not correlate with itself.
- Cronbach's alpha: k/(k-1) * (1 - sum of item variances / variance of the totals), for the
  assessment and per section. It equals the consistency intraclass correlation of k "raters"
  (McGraw and Wong 1996), which is how the tests check it against Shrout and Fleiss's table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

MIN_PEOPLE = 10  # below this, item statistics are not shown
EASY, HARD, WEAK = 0.9, 0.2, 0.2


@dataclass(frozen=True)
class ItemStats:
    id: str
    section: str
    people: int
    difficulty: float  # mean share of the item's points
    discrimination: float | None  # None when the item or the rest does not vary
    alpha_if_deleted: float | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class ItemAnalysis:
    people: int
    items: tuple[ItemStats, ...]
    alpha: float | None
    sections: Mapping[str, float | None]
    why_not: str = ""


def cronbach_alpha(table: np.ndarray) -> float | None:
    """Alpha of a people × items table of points (None with fewer than 2 items or no variance)."""
    if table.ndim != 2 or table.shape[1] < 2 or table.shape[0] < 2:
        return None
    k = table.shape[1]
    total_variance = table.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        return None
    return float(k / (k - 1) * (1 - table.var(axis=0, ddof=1).sum() / total_variance))


def _correlation(a: np.ndarray, b: np.ndarray) -> float | None:
    if a.std() == 0 or b.std() == 0:
        return None
    return float(np.corrcoef(a, b)[0, 1])


def analyse(people: Sequence[Mapping[str, float]], maxima: Mapping[str, float],
            sections: Mapping[str, str], min_people: int = MIN_PEOPLE) -> ItemAnalysis:  # fmt: skip
    """Statistics of the items in `maxima` (in its order) over the people who have every one of them."""
    order = list(maxima)
    complete = [p for p in people if all(i in p for i in order)]
    if len(complete) < min_people:
        return ItemAnalysis(len(complete), (), None, {},
                            f"{len(complete)} scored attempt(s); item statistics need at least {min_people}")  # fmt: skip
    table = np.array([[p[i] for i in order] for p in complete], dtype=float)
    totals = table.sum(axis=1)
    found = []
    for j, item in enumerate(order):
        column = table[:, j]
        share = float(column.mean() / maxima[item]) if maxima[item] else 0.0
        discrimination = _correlation(column, totals - column)
        without = cronbach_alpha(np.delete(table, j, axis=1))
        flags = [*(["too easy"] if share > EASY else []), *(["too hard"] if share < HARD else []),
                 *(["separates candidates the wrong way"] if discrimination is not None and discrimination < 0
                   else ["separates candidates weakly"] if discrimination is not None and discrimination < WEAK
                   else []),
                 *(["everyone got the same points"] if column.std() == 0 else [])]  # fmt: skip
        found.append(ItemStats(item, sections.get(item, ""), len(complete), share, discrimination, without,
                               tuple(flags)))  # fmt: skip
    by_section: dict[str, float | None] = {}
    for section in dict.fromkeys(sections.get(i, "") for i in order):
        columns = [j for j, i in enumerate(order) if sections.get(i, "") == section]
        by_section[section] = cronbach_alpha(table[:, columns])
    return ItemAnalysis(len(complete), tuple(found), cronbach_alpha(table), by_section)
