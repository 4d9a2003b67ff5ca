"""The funnel from stage histories."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from hireplay.core.funnel import History, by_source, funnel

T0 = datetime(2026, 3, 2, 9, 0)


def _h(days: list[tuple[float, str]], now: str) -> History:
    return History(T0, [(T0 + timedelta(days=d), stage) for d, stage in days], now)


def test_reached_conversion_time_in_stage_and_where_candidates_left() -> None:
    people = [
        _h([], "added"),
        _h([(1, "invited")], "invited"),
        _h([(1, "invited"), (2, "in_progress"), (2.5, "submitted"), (2.5, "scored"), (4, "rejected")], "rejected"),
        _h(
            [(3, "invited"), (4, "in_progress"), (4, "submitted"), (4, "scored"), (10, "interview"), (20, "hired")],
            "hired",
        ),
    ]
    found = funnel(people, today=T0 + timedelta(days=30))
    steps = {s.stage: s for s in found.steps}
    assert [steps[s].reached for s in ("added", "invited", "in_progress", "scored", "interview", "hired")] == [
        4,
        3,
        2,
        2,
        1,
        1,
    ]
    assert steps["added"].conversion == pytest.approx(3 / 4)
    assert steps["scored"].conversion == pytest.approx(1 / 2)
    assert steps["hired"].conversion is None
    assert steps["added"].median_days == pytest.approx(1.0)  # 1, 1 and 3 days before the invitation
    assert steps["added"].moved_on == 3
    assert steps["invited"].median_days == pytest.approx(1.0)
    assert steps["scored"].median_days == pytest.approx((1.5 + 6) / 2)
    assert steps["scored"].left_here == 1
    assert (steps["added"].waiting, steps["invited"].waiting, steps["hired"].waiting) == (1, 1, 1)
    assert found.left == {"rejected": 1, "withdrawn": 0}
    assert found.weeks[-5:] == (("2026-W10", 4), ("2026-W11", 0), ("2026-W12", 0), ("2026-W13", 0), ("2026-W14", 0))


def test_an_empty_opening_has_a_funnel_of_zeros() -> None:
    found = funnel([], today=T0)
    assert found.candidates == 0
    assert all(s.reached == 0 and s.conversion is None and s.median_days is None for s in found.steps)
    assert len(found.weeks) == 12


def test_each_source_gets_its_own_funnel_largest_first() -> None:
    people = [
        History(T0, [(T0 + timedelta(days=1), "invited")], "invited", "application"),
        History(T0, [], "added", "application"),
        History(T0, [(T0 + timedelta(days=1), "invited"), (T0 + timedelta(days=9), "hired")], "hired", "team"),
    ]

    rows = by_source(people)

    assert [(r.source, r.candidates) for r in rows] == [("application", 2), ("team", 1)]
    assert rows[0].reached[:2] == (2, 1)
    assert rows[0].hired_share == 0
    assert rows[1].hired_share == 1
