"""ISO 3166-1 country codes and ISO 4217 currency codes, as CLDR (through babel) knows them.

A country is one of the 249 officially assigned alpha-2 codes: CLDR also names regions with codes
ISO reserves or leaves to users (EU, UN, XK, ZZ, QO...), which a job posting or an address cannot
use. A currency is one some country uses as legal tender today (EUR, GBP, USD...), not a retired
one (BEF) or a code for testing or "no currency" (XTS, XXX).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from babel import Locale
from babel.numbers import get_territory_currencies

_NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "TA", "UN", "ZZ"})
_USUAL_MISTAKES = {"UK": "GB", "EL": "GR"}


@cache
def countries() -> dict[str, str]:
    """Officially assigned ISO 3166-1 alpha-2 codes and their English names."""
    names = Locale("en").territories
    return {code: name for code, name in sorted(names.items())
            if re.fullmatch(r"[A-Z]{2}", code) and code not in _NOT_COUNTRIES
            and not code.startswith("X") and not (code[0] == "Q" and code >= "QM")}  # fmt: skip


@cache
def currencies() -> frozenset[str]:
    """ISO 4217 codes that some country uses as legal tender on 1 January 2026."""
    found: set[str] = set()
    for code in countries():
        found.update(get_territory_currencies(code, dt.date(2026, 1, 1), tender=True))
    return frozenset(found)


def country_problem(code: str) -> str | None:
    """Why `code` is not a country code, in words with the fix; None when it is one."""
    if code in countries():
        return None
    if code in _USUAL_MISTAKES:
        right = _USUAL_MISTAKES[code]
        return f"'{code}' is not an ISO 3166-1 country code; {countries()[right]} is {right}"
    return f"'{code}' is not an ISO 3166-1 country code; use a two-letter code such as BE, DE, FR, GB, NL or US"


def currency_problem(code: str) -> str | None:
    """Why `code` is not a currency in use, in words with the fix; None when it is one."""
    if code in currencies():
        return None
    return f"'{code}' is not the ISO 4217 code of a currency in use; use a code such as EUR, GBP, USD or CHF"
