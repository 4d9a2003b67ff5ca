"""Item analysis: Cronbach's alpha against Shrout and Fleiss's table (alpha is their ICC(3,k)),
and each statistic against an independent computation."""

from __future__ import annotations

import numpy as np
import pytest

from hireplay.core.insights.items import analyse, cronbach_alpha
from hireplay.core.insights.reliability import icc

SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]


def test_cronbach_alpha_is_the_consistency_icc_of_shrout_and_fleiss() -> None:
    # McGraw and Wong (1996): alpha = ICC(C,k); Shrout and Fleiss (1979) Table 4: ICC(3,4) = .91.
    found = cronbach_alpha(np.array(SHROUT_FLEISS, dtype=float))

    assert found is not None
    assert round(found, 2) == 0.91
    assert found == pytest.approx(icc(SHROUT_FLEISS).icc3k)


def _people(rng: np.random.Generator, count: int) -> list[dict[str, float]]:
    """Ability drives items a-d; item e is noise; item f rewards the weaker candidates."""
    people = []
    for _ in range(count):
        ability = rng.normal()
        person = {i: float(rng.random() < 1 / (1 + np.exp(-(ability + shift)))) for i, shift in
                  zip("abcd", (4.0, 0.5, 0, -4.0), strict=True)}  # fmt: skip
        person["e"] = float(rng.random() < 0.5)
        person["f"] = float(rng.random() < 1 / (1 + np.exp(2 * ability)))
        people.append(person)
    return people


def test_each_statistic_matches_an_independent_computation_and_flags_the_bad_items() -> None:
    people = _people(np.random.default_rng(3), 400)
    maxima = dict.fromkeys("abcdef", 1.0)
    found = analyse(people, maxima, {i: ("s1" if i in "abc" else "s2") for i in "abcdef"})
    stats = {s.id: s for s in found.items}
    table = np.array([[p[i] for i in "abcdef"] for p in people])

    for j, item in enumerate("abcdef"):
        rest = np.delete(table, j, axis=1).sum(axis=1)
        assert stats[item].difficulty == pytest.approx(table[:, j].mean())
        assert stats[item].discrimination == pytest.approx(np.corrcoef(table[:, j], rest)[0, 1])
        assert stats[item].alpha_if_deleted == pytest.approx(cronbach_alpha(np.delete(table, j, axis=1)))
    assert "separates candidates the wrong way" in stats["f"].flags
    assert "separates candidates weakly" in stats["e"].flags
    assert "too easy" in stats["a"].flags
    assert "too hard" in stats["d"].flags
    assert stats["f"].alpha_if_deleted > found.alpha  # leaving the reversed item out helps
    assert set(found.sections) == {"s1", "s2"}


def test_too_few_attempts_give_no_statistics_and_say_why() -> None:
    found = analyse([{"a": 1.0, "b": 0.0}] * 4, {"a": 1.0, "b": 1.0}, {})

    assert found.items == ()
    assert found.why_not == "4 scored attempt(s); item statistics need at least 10"


def test_option_analysis_by_score_third_and_its_flags() -> None:
    from hireplay.core.insights.items import option_analysis

    picks = []
    for n in range(30):  # totals 0..29; the top third picks the key a, the bottom third the distractor b
        chosen = "a" if n >= 20 else "b" if n < 10 else ("a" if n % 2 else "c")
        picks.append((float(n), [chosen]))
    found = option_analysis("q1", picks, ("a", "b", "c", "d"), ("a",))
    rows = {r.option: r for r in found.rows}
    assert (rows["a"].low, rows["a"].high) == (0.0, 1.0)
    assert rows["a"].keyed
    assert rows["b"].low == 1.0
    assert rows["b"].high == 0.0
    assert rows["c"].middle == 0.5
    assert rows["a"].chosen == pytest.approx(15 / 30)
    assert found.flags == ("nobody picked d: it does no work",)

    reversed_key = option_analysis("q2", picks, ("a", "b", "c"), ("b",))
    assert any("(keyed) is picked more by the lowest third" in f for f in reversed_key.flags)
    assert any("a draws the highest third as much as the key" in f for f in reversed_key.flags)
    assert option_analysis("q3", picks[:6], ("a", "b"), ("a",)).flags == ()  # too few people to flag anything
