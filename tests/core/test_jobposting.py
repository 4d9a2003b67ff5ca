"""A job posting refuses impossible values (unknown countries and currencies, salaries and dates
out of order) and names the option that fixes each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from hireplay.core.iso import countries, currencies
from hireplay.core.jobposting import PostingDetails, PostingError, job_posting_jsonld
from hireplay.core.lint import check_text
from hireplay.core.playbook import Location
from tests.conftest import PLAYBOOKS

SME_TEXT = (PLAYBOOKS / "account-manager-sme-portfolio.yaml").read_text()


def _details(**overrides: Any) -> PostingDetails:
    fields: dict[str, Any] = {"organization": "Archetype", "date_posted": dt.date(2026, 11, 22),
                              "salary_min": Decimal(40000), "salary_max": Decimal(50000), "salary_currency": "EUR"}  # fmt: skip
    return PostingDetails(**{**fields, **overrides})


def test_a_posting_with_possible_values_is_made(sme: Any) -> None:
    posting = job_posting_jsonld(sme, _details())

    assert posting["baseSalary"]["currency"] == "EUR"
    assert posting["jobLocation"]["address"]["addressCountry"] == "BE"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"salary_currency": "XYZ"}, "'XYZ' is not the ISO 4217 code of a currency in use"),
        ({"salary_currency": "BEF"}, "'BEF' is not the ISO 4217 code of a currency in use"),  # retired in 2002
        ({"salary_min": Decimal(60000)}, "the minimum (60000) is above the maximum (50000)"),
        ({"salary_min": Decimal(-1)}, "a salary is a positive amount"),
        ({"applicant_countries": ("ZZ",)}, "'ZZ' is not an ISO 3166-1 country code"),
        ({"valid_through": dt.date(2026, 11, 1)}, "2026-11-01 is before datePosted 2026-11-22"),
    ],
)
def test_an_impossible_value_is_refused_and_named(sme: Any, overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(PostingError, match="cannot be made") as raised:
        job_posting_jsonld(sme, _details(**overrides))

    assert message in str(raised.value)


@pytest.mark.parametrize(("code", "fix"), [("ZZ", "such as BE"), ("UK", "United Kingdom is GB"), ("EU", "such as BE")])
def test_a_location_in_no_country_is_refused(code: str, fix: str) -> None:
    with pytest.raises(ValueError, match=fix):
        Location(country=code)


def test_the_playbooks_location_and_table_currency_are_checked_where_they_stand() -> None:
    text = SME_TEXT.replace("    country: BE\n", "    country: ZZ\n", 1)
    caption = '        caption: "Your portfolio: 40 accounts"\n'
    text = text.replace(caption, caption + "        currency: XYZ\n", 1)

    problems = check_text(text, "sme.yaml")[1]

    assert {p.path for p in problems} >= {"role.location.country"}
    assert any("'ZZ' is not an ISO 3166-1 country code" in p.message for p in problems)
    assert any("'XYZ' is not the ISO 4217 code" in p.message and "table.currency" in p.path for p in problems)


def test_the_code_lists_are_the_iso_ones() -> None:
    assert len(countries()) == 249  # the officially assigned ISO 3166-1 alpha-2 codes
    assert {"BE", "GB", "US", "NL", "FR", "DE"} <= set(countries())
    assert not {"ZZ", "EU", "UN", "XK", "QO"} & set(countries())
    assert {"EUR", "GBP", "USD", "CHF", "PLN"} <= currencies()
    assert not {"XYZ", "XXX", "XTS", "BEF", "DEM"} & currencies()
