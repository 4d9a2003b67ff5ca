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
    table = np.array([[p[i] for i in order] for p in complete], dtype=float).reshape(len(complete), len(order))
    return analyse_table(table, maxima, sections, min_people)


def analyse_table(table: np.ndarray, maxima: Mapping[str, float], sections: Mapping[str, str],
                  min_people: int = MIN_PEOPLE) -> ItemAnalysis:  # fmt: skip
    """The same from a people x items table of points (complete rows, columns in `maxima`'s order)."""
    order = list(maxima)
    if len(table) < min_people:
        return ItemAnalysis(len(table), (), None, {},
                            f"{len(table)} scored attempt(s); item statistics need at least {min_people}")  # fmt: skip
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
        found.append(ItemStats(item, sections.get(item, ""), len(table), share, discrimination, without,
                               tuple(flags)))  # fmt: skip
    by_section: dict[str, float | None] = {}
    for section in dict.fromkeys(sections.get(i, "") for i in order):
        columns = [j for j, i in enumerate(order) if sections.get(i, "") == section]
        by_section[section] = cronbach_alpha(table[:, columns])
    return ItemAnalysis(len(table), tuple(found), cronbach_alpha(table), by_section)


@dataclass(frozen=True)
class OptionRow:
    option: str
    keyed: bool  # the key (or, for "least effective", the keyed worst response)
    chosen: float  # share of everyone who answered
    low: float  # share of the lowest third by total score
    middle: float
    high: float  # share of the highest third


@dataclass(frozen=True)
class OptionAnalysis:
    item: str
    pick: str  # "" for the item's one pick, or "most" / "least" for a judgement item
    people: int
    rows: tuple[OptionRow, ...]
    flags: tuple[str, ...]


def option_analysis(item: str, picks: Sequence[tuple[float, Sequence[str]]], options: Sequence[str],
                    keyed: Sequence[str], pick: str = "") -> OptionAnalysis:  # fmt: skip
    """Who picked which option, by total-score third (a distractor analysis): `picks` holds each
    person's total score and the options they picked. A keyed option should be picked more often
    by the top third than the bottom; a distractor less. Flags say where that is not so, and
    where a distractor draws nobody (it does no work)."""
    ranked = sorted(picks, key=lambda p: p[0])
    n = len(ranked)
    thirds = [ranked[: n // 3], ranked[n // 3 : n - n // 3], ranked[n - n // 3 :]]

    def share(group: Sequence[tuple[float, Sequence[str]]], option: str) -> float:
        return sum(1 for _, chosen in group if option in chosen) / len(group) if group else 0.0

    rows = [OptionRow(o, o in keyed, share(ranked, o), *(share(g, o) for g in thirds)) for o in options]
    key_high = min((r.high for r in rows if r.keyed), default=1.0)
    flags = []
    for row in rows if n >= MIN_PEOPLE else ():
        if row.keyed and row.high < row.low:
            flags.append(f"{row.option} (keyed) is picked more by the lowest third than by the highest: check the key")
        elif not row.keyed and row.high > row.low and row.high >= key_high:
            flags.append(f"{row.option} draws the highest third as much as the key: is it also right?")
        elif not row.keyed and row.chosen == 0:
            flags.append(f"nobody picked {row.option}: it does no work")
    return OptionAnalysis(item, pick, n, tuple(rows), tuple(flags))
