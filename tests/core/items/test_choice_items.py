from __future__ import annotations

from typing import Any

import pytest

from tests.core.conftest import grade, make_item

OPTIONS = [{"id": i, "text": f"Option {i}"} for i in "abcd"]


@pytest.mark.parametrize(
    ("answer", "points", "says"),
    [
        ("b", 2, "keyed answer"),
        ("a", 0, "the keyed answer is b"),
        (["b"], 2, "keyed answer"),
        ("z", 0, "not one of the options"),
        (3, 0, "should be one option id"),
        ({"pick": "b"}, 0, "should be one option id"),
        (None, 0, "should be one option id"),
    ],
)
def test_single_choice_gives_full_points_only_for_the_key(answer: Any, points: float, says: str) -> None:
    item = make_item("single_choice", options=OPTIONS, key="b")

    got, evidence = grade(item, answer)

    assert got == points
    assert says in evidence


@pytest.mark.parametrize(
    ("answer", "penalty", "points"),
    [
        (["a", "c"], 1.0, 3.0),  # both keyed options
        (["a"], 1.0, 1.5),  # one of two
        (["a", "c", "b"], 1.0, 1.5),  # one wrong pick cancels one right one
        (["a", "b", "d"], 1.0, 0.0),  # floored at zero, never negative
        (["b", "d"], 1.0, 0.0),
        (["a", "c", "b"], 0.5, 2.25),
        ([], 1.0, 0.0),
        (["a", "a", "c"], 1.0, 3.0),  # a repeated pick counts once
        ("a", 1.0, 1.5),  # a lone id is read as a one-element list
    ],
)
def test_multiple_response_credits_each_keyed_choice_and_penalises_wrong_ones(
    answer: Any, penalty: float, points: float
) -> None:
    item = make_item("multiple_response", options=OPTIONS, key=["a", "c"], points=3, penalty=penalty)

    got, _ = grade(item, answer)

    assert got == pytest.approx(points)


def test_multiple_response_reports_what_was_missed_and_what_was_wrong() -> None:
    item = make_item("multiple_response", options=OPTIONS, key=["a", "c"], points=3)

    _, evidence = grade(item, ["a", "d"])

    assert "missed c" in evidence
    assert "1 wrong one" in evidence


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        ({"most": "a", "least": "d"}, 2.0),  # best and worst
        ({"most": "b", "least": "d"}, 2 * (0.5 * 2 / 3 + 0.5)),  # near miss on "most"
        ({"most": "a", "least": "c"}, 2 * (0.5 + 0.5 * 2 / 3)),  # near miss on "least"
        ({"most": "d", "least": "a"}, 0.0),  # exactly backwards
        ({"most": "a"}, 1.0),  # half answered
        ({"most": "a", "least": "a"}, 0.0),  # contradictory
        ({"most": "x", "least": "d"}, 0.0),  # not a response
        ("a", 0.0),
    ],
)
def test_situational_judgment_gives_documented_partial_credit(answer: Any, points: float) -> None:
    responses = [
        {"id": "a", "text": "Best", "effectiveness": 4},
        {"id": "b", "text": "Good", "effectiveness": 3},
        {"id": "c", "text": "Weak", "effectiveness": 2},
        {"id": "d", "text": "Worst", "effectiveness": 1},
    ]
    item = make_item("situational_judgment", scenario="A client calls.", responses=responses)

    got, _ = grade(item, answer)

    assert got == pytest.approx(points, abs=1e-6)


def test_situational_judgment_accepts_ties_at_either_end_of_the_key() -> None:
    responses = [
        {"id": "a", "text": "Best", "effectiveness": 3},
        {"id": "b", "text": "Also best", "effectiveness": 3},
        {"id": "c", "text": "Worst", "effectiveness": 1},
    ]
    item = make_item("situational_judgment", scenario="A client calls.", responses=responses)

    assert grade(item, {"most": "b", "least": "c"})[0] == 2
    assert "most a or b" in grade(item, {"most": "a", "least": "c"})[1]
