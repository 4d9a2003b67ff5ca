"""Reading numbers the way candidates type them: `$675`, `675.00`, `675 USD`, `1.000,5`.

The declared locale decides what a lone separator means (`1,000` is a thousand in en, one in
fr). When both `.` and `,` appear, the last one is the decimal mark whatever the locale, and a
separator that cannot be a thousands separator (`675,00`) is read as the decimal mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol, list_currencies

_SPACES = "\u0020\u00a0\u202f\u2009\u2007"
_GROUPING_ONLY = "'’" + _SPACES
_CURRENCY_SYMBOLS = "$€£¥₹₩₽₺₪₫₴₦₱฿₡₲₵₸"
_CURRENCY_WORDS = {
    "dollar",
    "dollars",
    "euro",
    "euros",
    "pound",
    "pounds",
    "franc",
    "francs",
    "yen",
    "eur",
    "usd",
    "gbp",
    "chf",
}


def format_number(value: Decimal, spec: str) -> str:
    """A number as text: with a format spec as asked, else exact digits without trailing zeros."""
    if spec:
        try:
            return format(value, spec)
        except (ValueError, ArithmeticError):
            pass
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    value: Decimal | None
    reason: str


@lru_cache(maxsize=64)
def decimal_mark(locale: str) -> str:
    """The decimal mark of a locale such as `en-US`, `fr_BE` or `de`; `.` if unknown."""
    try:
        return get_decimal_symbol(Locale.parse(locale.replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        return "."


@lru_cache(maxsize=1)
def _currency_codes() -> frozenset[str]:
    return frozenset(code.lower() for code in list_currencies())


_PLAIN = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")
_NUMBER_BODY = re.compile(r"^[0-9][0-9.,'’\u0020\u00a0\u202f\u2009\u2007]*$|^[.,][0-9]+$")


_WORD_FIRST = re.compile(r"^([A-Za-z]{1,12}\.?)\s*(.*)$")
_WORD_LAST = re.compile(r"^(.*?)\s*([A-Za-z]{1,12}\.?)$")
_WORD = re.compile(r"[A-Za-z]{1,12}\.?")


def _strip_units(text: str, units: tuple[str, ...]) -> tuple[str, bool]:
    """Remove one currency or unit marker before or after the number; report if percent."""
    s = text.strip()
    percent = False
    lowered_units = {u.lower() for u in units if u}
    for _ in range(3):
        before = s
        if s and s[0] in _CURRENCY_SYMBOLS:
            s = s[1:].strip()
        if s and s[-1] in _CURRENCY_SYMBOLS:
            s = s[:-1].strip()
        if s.endswith("%"):
            s, percent = s[:-1].strip(), True
        match = _WORD_FIRST.match(s) or _WORD_LAST.match(s)
        if match:
            head, tail = match.group(1), match.group(2)
            word, rest = (head, tail) if _WORD.fullmatch(head) else (tail, head)
            w = word.rstrip(".").lower()
            if w in lowered_units or w in _CURRENCY_WORDS or w in _currency_codes():
                s = rest.strip()
        if s == before:
            break
    return s, percent


def _valid_grouping(integer_part: str, sep: str) -> bool:
    groups = integer_part.split(sep)
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def parse_number(raw: object, locale: str = "en", units: tuple[str, ...] = ()) -> ParsedNumber:
    """Read a candidate's number; never raises. `reason` says how it was read or why not."""
    if isinstance(raw, bool) or raw is None:
        return ParsedNumber(None, "the answer is not a number")
    if isinstance(raw, (int, float, Decimal)):
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            return ParsedNumber(None, "the answer is not a finite number")
        if not value.is_finite():
            return ParsedNumber(None, "the answer is not a finite number")
        return ParsedNumber(value, f"read {value}")
    if not isinstance(raw, str):
        return ParsedNumber(None, f"the answer is a {type(raw).__name__}, not a number")
    text = raw.strip()
    if _PLAIN.fullmatch(text) and ("." not in text or decimal_mark(locale) == "."):
        value = Decimal(text)
        return ParsedNumber(value, f"read '{raw}' as {format_number(value, '')}")
    if not text:
        return ParsedNumber(None, "the answer is empty")
    if len(text) > 64:
        return ParsedNumber(None, "the answer is too long to be a number")
    sign = 1
    s, _percent = _strip_units(text, units)
    if s[:1] in "-−":
        sign, s = -1, s[1:].strip()
        s, _ = _strip_units(s, units)
    elif s.startswith("(") and s.endswith(")"):
        sign, s = -1, s[1:-1].strip()
    elif s[:1] == "+":
        s = s[1:].strip()
    if not _NUMBER_BODY.match(s):
        return ParsedNumber(None, f"'{raw}' is not a number")
    for ch in _GROUPING_ONLY:
        if ch in s:
            # Spaces and apostrophes only ever group thousands: check the groups before any mark.
            integer_part = re.split(r"[.,](?=\d*$)", s, maxsplit=1)[0]
            if not _valid_grouping(integer_part, ch):
                return ParsedNumber(None, f"'{raw}' has a misplaced thousands separator")
            s = s.replace(ch, "")
    has_dot, has_comma = "." in s, "," in s
    mark = decimal_mark(locale)
    if has_dot and has_comma:
        decimal = "." if s.rfind(".") > s.rfind(",") else ","
        group = "," if decimal == "." else "."
    elif has_dot or has_comma:
        sep = "." if has_dot else ","
        head, _, tail = s.rpartition(sep)
        if s.count(sep) > 1:
            decimal, group = ("," if sep == "." else "."), sep
        elif sep == mark or mark not in ".,":
            decimal, group = sep, ("," if sep == "." else ".")
            if mark not in ".," and sep == ",":
                decimal, group = ".", ","
                if not _valid_grouping(s, ","):
                    decimal, group = ",", "."
        elif len(tail) == 3 and _valid_grouping(s, sep) and head:
            decimal, group = ("," if sep == "." else "."), sep
        else:
            decimal, group = sep, ("," if sep == "." else ".")
    else:
        decimal, group = ".", ","
    integer, _, fraction = s.partition(decimal) if decimal in s else (s, "", "")
    if group in integer:
        if not _valid_grouping(integer, group):
            return ParsedNumber(None, f"'{raw}' has a misplaced thousands separator")
        integer = integer.replace(group, "")
    if group in fraction or decimal in fraction:
        return ParsedNumber(None, f"'{raw}' has separators after the decimal mark")
    digits = (integer or "0") + ("." + fraction if fraction else "")
    try:
        value = Decimal(digits) * sign
    except InvalidOperation:
        return ParsedNumber(None, f"'{raw}' is not a number")
    return ParsedNumber(value, f"read '{raw}' as {format_number(value, '')}")
