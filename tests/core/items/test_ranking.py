from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from tests.core.conftest import grade, make_item

OPTIONS = [{"id": i, "text": f"Matter {i}"} for i in "zwyx"]


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        (["z", "w", "y", "x"], 3.0),
        (["z", "w", "x", "y"], 2.5),  # one of six pairs swapped
        (["w", "z", "y", "x"], 2.5),
        (["x", "y", "w", "z"], 0.0),  # reversed
        (["z", "w", "y"], 0.0),  # incomplete: every option must be placed
        (["z", "z", "y", "x"], 0.0),
        (["z", "w", "y", "q"], 0.0),
        ("z", 0.0),
    ],
)
def test_kendall_ranking_credits_the_share_of_pairs_in_the_right_order(answer: Any, points: float) -> None:
    item = make_item("ranking", options=OPTIONS, key=["z", "w", "y", "x"], points=3)

    assert grade(item, answer)[0] == pytest.approx(points)


@pytest.mark.parametrize(
    ("method", "answer", "points"),
    [
        ("top_k", ["z", "w", "x", "y"], 2.0),
        ("top_k", ["w", "z", "y", "x"], 0.0),  # right items, wrong positions
        ("top_k", ["z", "x"], 1.0),  # only the top k need be given
        ("top_k_set", ["w", "z", "x", "y"], 2.0),  # order within the top k does not matter
        ("top_k_set", ["z", "x", "w", "y"], 1.0),
    ],
)
def test_top_k_methods_look_only_at_the_first_k_positions(method: str, answer: list[str], points: float) -> None:
    item = make_item("ranking", options=OPTIONS, key=["z", "w", "y", "x"], method=method, k=2, points=2)

    assert grade(item, answer)[0] == pytest.approx(points)


def test_the_monday_outage_comes_first(smb: Any) -> None:
    item = smb.items_by_id["monday-priorities"]

    assert item.key_for({})[0] == "z"
    assert grade(item, ["z", "w", "y", "x"])[0] == item.points
    assert grade(item, ["x", "z", "w", "y"])[0] < item.points


@pytest.mark.parametrize(
    "fields",
    [
        {"key": ["z", "w", "y"]},  # leaves an option out
        {"key": ["z", "w", "y", "x"], "method": "top_k"},  # top_k without k
        {"key": ["z", "w", "y", "x"], "k": 2},  # k without top_k
        {"key_order": "descending"},  # no values
    ],
)
def test_ranking_keys_that_cannot_be_scored_are_refused(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        make_item("ranking", options=OPTIONS, **fields)
