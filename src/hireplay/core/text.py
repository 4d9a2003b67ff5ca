"""A candidate's text, tokenised once, for checklist matching.

Phrases are matched as runs of whole tokens: "credit note" matches "Credit  note" and "credit
note," but not "credit notes" or "accreditation note". Case-insensitive by default; the exact
view keeps the case for names and titles that must be spelled exactly.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"\w+(?:'\w+)*|[^\w\s]")
_PUNCTUATION = re.compile(r"([^\w\s'])")
_ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
_QUOTES = str.maketrans({"’": "'", "‘": "'"})


def tokens_of(text: str) -> list[str]:
    """Words (with inner apostrophes, as in "don't") and single punctuation marks, in order."""
    if "’" in text or "‘" in text:
        text = text.translate(_QUOTES)
    # Splitting around punctuation and then on spaces is twice as fast as one findall.
    tokens = " ".join(_PUNCTUATION.split(text)).split()
    if "'" in text:
        tokens = [part for token in tokens for part in (_TOKEN.findall(token) if "'" in token else (token,))]
    return tokens


@lru_cache(maxsize=8192)
def phrase_key(phrase: str, case_sensitive: bool = False) -> str:
    """A phrase in the form it is searched for: its tokens, space-separated and padded."""
    joined = " ".join(tokens_of(phrase))
    return f" {joined if case_sensitive else joined.casefold()} "


def _line_key(line: str) -> str:
    return " " + " ".join(tokens_of(line)).casefold() + " "


class TextView:
    """The tokens of a text and the padded strings phrases are searched in."""

    __slots__ = ("_first", "_lines", "_tails", "exact", "folded", "spelling_tokens", "text", "tokens", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokens_of(text)
        self.exact = " " + " ".join(self.tokens) + " "
        self.folded = self.exact.casefold()
        self.words = len(text.split())
        self.spelling_tokens = self.tokens
        if "@" in text or "://" in text or "www." in text:
            self.spelling_tokens = tokens_of(_ADDRESSES.sub(" ", text))
        self._lines: list[str] | None = None
        self._first: str | None = None
        self._tails: dict[int, str] = {}

    @classmethod
    def of(cls, text: str) -> TextView:
        return cls(text)

    @property
    def lines(self) -> list[str]:
        """The non-empty lines, stripped."""
        if self._lines is None:
            self._lines = [line.strip() for line in self.text.splitlines() if line.strip()]
        return self._lines

    def has(self, phrase: str, case_sensitive: bool = False) -> bool:
        """Whether the phrase appears as whole tokens."""
        return phrase_key(phrase, case_sensitive) in (self.exact if case_sensitive else self.folded)

    def _first_line(self) -> str:
        if self._first is None:
            self._first = _line_key(self.lines[0]) if self.lines else " "
        return self._first

    def opens_with(self, phrase: str) -> bool:
        """Whether the first line opens with the phrase (whole tokens, any case)."""
        return self._first_line().startswith(phrase_key(phrase))

    def first_line_has(self, phrase: str) -> bool:
        return phrase_key(phrase) in self._first_line()

    def last_lines_have(self, phrase: str, count: int) -> bool:
        """Whether the phrase appears in the last `count` non-empty lines."""
        tail = self._tails.get(count)
        if tail is None:
            tail = self._tails[count] = _line_key("\n".join(self.lines[-count:]))
        return phrase_key(phrase) in tail
