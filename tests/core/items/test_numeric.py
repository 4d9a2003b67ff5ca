from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from hireplay.core.numbers import parse_number
from tests.core.conftest import grade, make_item


@pytest.mark.parametrize(
    ("text", "locale", "value"),
    [
        ("$675", "en-US", "675"),
        ("675.00", "en-US", "675"),
        ("675 USD", "en-US", "675"),
        ("USD 675", "en-US", "675"),
        ("675 dollars", "en-US", "675"),
        ("1,000.5", "en-US", "1000.5"),
        ("1.000,5", "de-DE", "1000.5"),
        ("1.000,5", "en-US", "1000.5"),  # both marks: the last one is the decimal mark
        ("1,000", "en-US", "1000"),
        ("1,000", "fr-BE", "1"),  # a lone comma is decimal where the locale says so
        ("1.000", "de-DE", "1000"),
        ("675,00", "en-US", "675"),  # cannot be a thousands group
        ("33 120", "fr-BE", "33120"),
        ("33\u202f120,00 €", "fr-BE", "33120"),
        ("1'000.50", "de-CH", "1000.5"),
        ("-12.5", "en", "-12.5"),
        ("(12)", "en", "-12"),
        ("€ 1 234,56", "fr-FR", "1234.56"),
        (".5", "en", "0.5"),
        (675, "en", "675"),
        (675.5, "en", "675.5"),
    ],
)
def test_numbers_are_read_as_candidates_type_them(text: Any, locale: str, value: str) -> None:
    parsed = parse_number(text, locale)

    assert parsed.value == Decimal(value), parsed.reason


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "about 675",
        "12 apples",
        "1,2,3",
        "1.5.6",
        "12 34",
        "NaN",
        "inf",
        True,
        None,
        [675],
        {"v": 1},
        "9" * 80,
    ],
)
def test_non_numbers_are_refused_with_a_reason_and_never_raise(text: Any) -> None:
    parsed = parse_number(text, "en")

    assert parsed.value is None
    assert parsed.reason


@pytest.mark.parametrize(
    ("answer", "tolerance", "points"),
    [
        ("675", {"absolute": 0.5}, 2),
        ("675.4", {"absolute": 0.5}, 2),
        ("675.6", {"absolute": 0.5}, 0),
        ("681", {"relative": 0.01}, 2),  # within 1% of 675
        ("682", {"relative": 0.01}, 0),
        ("six hundred", {"absolute": 0.5}, 0),
    ],
)
def test_numeric_answers_score_within_the_declared_tolerance(
    answer: str, tolerance: dict[str, float], points: float
) -> None:
    item = make_item("numeric", answer=675, tolerance=tolerance, unit="USD")

    assert grade(item, answer)[0] == points


def test_a_non_number_is_scored_zero_with_the_reason() -> None:
    item = make_item("numeric", answer=675)

    points, evidence = grade(item, "I would ask finance")

    assert points == 0
    assert "not a number" in evidence
    assert "675" in evidence


@pytest.mark.parametrize("answer", ["-9999999999999999999999999099.50", "1" * 60, "0." + "0" * 50 + "1"])
def test_absurdly_large_or_precise_answers_are_scored_not_raised(answer: str) -> None:
    item = make_item("numeric", answer=675)

    points, evidence = grade(item, answer)

    assert points == 0
    assert "the key is 675" in evidence
