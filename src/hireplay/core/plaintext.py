"""What a text typed or imported by a person may hold, checked where it enters.

No database needs a NUL character or a lone surrogate (PostgreSQL refuses both, SQLite stores what
later breaks a page), no name needs a line break (a name goes into e-mail subjects and calendar
files, where a line break ends a header) and no text needs the other control characters. Each
refusal is a sentence that says what is wrong and what to do.
"""

from __future__ import annotations

import unicodedata

LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def text_problem(value: str, *, single_line: bool = True, max_length: int | None = None) -> str | None:
    """Why `value` cannot be stored as a person's text, or None. `single_line`: a name or title."""
    if max_length is not None and len(value) > max_length:
        return f"is longer than {max_length:,} characters; shorten it"
    if value.isprintable():  # the usual case: no control or line-break character at all
        return _surrogate(value)
    if "\x00" in value:
        return "holds a NUL character (\\u0000), which no text needs; remove it"
    if single_line and any(c in LINE_BREAKS for c in value):
        return "must be on one line; remove the line break"
    for c in value:
        if c not in "\t\n\r" and c not in LINE_BREAKS and unicodedata.category(c) == "Cc":
            return f"holds the control character U+{ord(c):04X}, which no text needs; remove it"
    return _surrogate(value)


def _surrogate(value: str) -> str | None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "holds a broken character (half of a surrogate pair); type it again"
    return None
