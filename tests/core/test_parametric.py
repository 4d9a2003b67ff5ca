from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from hireplay.core.expression import Expression, ExpressionError
from hireplay.core.items.base import ScoringContext
from hireplay.core.parametric import render
from tests.core.conftest import grade, make_item

QUOTE = {
    "prompt": "{licences} licences at ${price} each, {extra} more, {discount}% off. New monthly charge?",
    "parameters": {
        "licences": {"min": 8, "max": 20, "example": 10},
        "extra": {"min": 2, "max": 8, "example": 5},
        "price": {"values": [30, 40, 50, 60], "example": 50},
        "discount": {"values": [5, 10, 15], "example": 10},
    },
    "answer": "(licences + extra) * price * (1 - discount / 100)",
    "tolerance": {"absolute": 0.01},
}


def test_without_a_seed_a_parametric_item_shows_its_worked_example() -> None:
    item = make_item("numeric", **QUOTE)

    variables = item.variables_for(None)

    assert item.key_value(variables) == Decimal(675)
    assert render(item.prompt, variables).startswith("10 licences at $50 each, 5 more, 10% off")


def test_two_candidates_get_different_numbers_and_each_their_own_key() -> None:
    item = make_item("numeric", **QUOTE)
    first, second = item.variables_for(1), item.variables_for(2)

    assert first != second
    for variables in (first, second):
        key = (variables["licences"] + variables["extra"]) * variables["price"] * (1 - variables["discount"] / 100)
        assert item.key_value(variables) == key
        assert item.score(str(key), variables, ScoringContext()).points == 2


def test_the_same_seed_always_gives_the_same_numbers() -> None:
    item = make_item("numeric", **QUOTE)

    assert [item.variables_for(42) for _ in range(3)] == [item.variables_for(42)] * 3


def test_the_answer_to_the_example_is_wrong_for_another_candidates_numbers() -> None:
    item = make_item("numeric", **QUOTE)
    seed = next(s for s in range(100) if item.key_value(item.variables_for(s)) != 675)

    assert grade(item, "675", seed=seed)[0] == 0


def test_constraints_hold_for_every_drawn_candidate() -> None:
    item = make_item("numeric", **{**QUOTE, "constraints": ["extra < licences / 2"]})

    for seed in range(200):
        v = item.variables_for(seed)
        assert v["extra"] < v["licences"] / 2


def test_a_parametric_choice_item_never_shows_two_identical_options() -> None:
    item = make_item(
        "single_choice",
        prompt="{a} + {b}?",
        parameters={"a": {"min": 1, "max": 3, "example": 1}, "b": {"min": 1, "max": 3, "example": 2}},
        options=[{"id": "x", "text": "{a + b}"}, {"id": "y", "text": "{a * b}"}],
        key="x",
    )

    for seed in range(100):
        v = item.variables_for(seed)
        assert render("{a + b}", v) != render("{a * b}", v)


def test_a_parametric_ranking_keys_itself_from_the_drawn_values() -> None:
    item = make_item(
        "ranking",
        options=[
            {"id": "m", "text": "€{m} a month", "value": "m * 12"},
            {"id": "y", "text": "€{y} a year", "value": "y"},
        ],
        parameters={
            "m": {"min": 100, "max": 900, "step": 100, "example": 500},
            "y": {"min": 1000, "max": 9000, "step": 500, "example": 4000},
        },
        key_order="descending",
    )

    for seed in range(50):
        v = item.variables_for(seed)
        expected = ["m", "y"] if v["m"] * 12 > v["y"] else ["y", "m"]
        assert grade(item, expected, seed=seed)[0] == 2


@pytest.mark.parametrize(
    "formula",
    ["__import__('os').system('true')", "open('x')", "a.b", "[1, 2]", "'text'", "lambda: 1", "x if", "2 ** 1000"],
)
def test_formulas_cannot_run_code_or_blow_up(formula: str) -> None:
    with pytest.raises(ExpressionError):
        Expression(formula).evaluate({"a": Decimal(1), "x": Decimal(1)})


@pytest.mark.parametrize(
    "parameter",
    [
        {"min": 5, "max": 1, "example": 3},
        {"min": 1, "max": 5, "example": 9},
        {"values": [1, 2], "example": 3},
        {"min": 1, "max": 5, "step": 0, "example": 1},
        {"example": 1},
    ],
)
def test_impossible_parameters_are_refused(parameter: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        make_item("numeric", answer="n", parameters={"n": parameter})
