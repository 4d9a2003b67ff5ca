"""The report computed from plain data, without Django."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np

from hireplay.core.insights import report as core

# Shrout and Fleiss (1979), Table 2: six targets rated by four judges.
TABLE = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]


def _data(people: list[core.Person], ratings: list[core.Rating], points: np.ndarray) -> core.ReportData:
    return core.ReportData("test", date(2026, 11, 26), None, None, None, people,
                           [core.Item(f"i{j}", f"Item {j}", "s", 1.0) for j in range(points.shape[1])], {"s": "S"},
                           [("q", "Question")], ratings, {}, [], 0.4, points=points)  # fmt: skip


def test_the_most_common_panel_gives_shrout_and_fleiss_iccs_and_the_rest_says_why() -> None:
    people = [core.Person(n, date(2026, 1, 1), 3) for n in range(6)]
    ratings = [core.Rating(n, f"j{k}", "q", v, datetime(2026, 2, 1)) for n, row in enumerate(TABLE)
               for k, v in enumerate(row)]  # fmt: skip
    found = core.compute(_data(people, ratings, np.full((6, 3), np.nan, np.float32)), resamples=20)
    icc = found["reliability"]["questions"][0]["icc"]
    assert icc["candidates"] == 6
    assert icc["raters"] == 4
    assert round(icc["icc2"], 2) == 0.29
    assert round(icc["icc2k"], 2) == 0.62
    assert found["items"]["why_not"] == "0 scored attempt(s); item statistics need at least 10"
    assert found["counts"]["interviewed"] == 6
    assert found["reliability"]["drift"]["quarters"] == ["2026-Q1"]


def test_too_few_shared_candidates_for_an_icc_is_said() -> None:
    people = [core.Person(n, date(2026, 1, 1), 3) for n in range(3)]
    ratings = [core.Rating(n, r, "q", 3 + (r == "b"), datetime(2026, 5, 1)) for n in range(3) for r in ("a", "b")]
    found = core.compute(_data(people, ratings, np.zeros((3, 2), np.float32)), resamples=10)
    assert "rated 3 candidate(s) together" in found["reliability"]["questions"][0]["icc"]["why_not"]
