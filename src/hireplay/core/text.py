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


class TextView:
    """The tokens of a text and the padded strings phrases are searched in.

    The text is tokenised line by line (a line break is whitespace, so the tokens are the same as
    the whole text's), which gives the first line and the last lines their search strings without
    a second pass."""

    __slots__ = ("_lines", "_spelling", "_strs", "_tails", "exact", "folded", "text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self._strs = [" ".join(tokens) for tokens in map(tokens_of, text.splitlines()) if tokens]
        self.exact = " " + " ".join(self._strs) + " "
        self.folded = self.exact.casefold()
        self.words = len(text.split())
        self._lines: list[str] | None = None
        self._spelling: list[str] | None = None
        self._tails: dict[int, str] = {}

    @classmethod
    def of(cls, text: str) -> TextView:
        return cls(text)

    @property
    def tokens(self) -> list[str]:
        """Words and punctuation marks, in order."""
        return self.exact.split()

    @property
    def spelling_tokens(self) -> list[str]:
        """The tokens, without e-mail and web addresses."""
        if self._spelling is None:
            text = self.text
            if "@" in text or "://" in text or "www." in text:
                self._spelling = tokens_of(_ADDRESSES.sub(" ", text))
            else:
                self._spelling = self.exact.split()
        return self._spelling

    @property
    def lines(self) -> list[str]:
        """The non-empty lines, stripped."""
        if self._lines is None:
            self._lines = [line.strip() for line in self.text.splitlines() if line.strip()]
        return self._lines

    def _tail(self, count: int) -> str:
        """The search string of the last `count` non-empty lines (0: the first line)."""
        tail = self._tails.get(count)
        if tail is None:
            strs = self._strs
            if (count == 0 and len(strs) <= 1) or count >= len(strs):
                tail = self.folded
            else:
                tail = " " + (strs[0] if count == 0 else " ".join(strs[-count:])).casefold() + " "
            self._tails[count] = tail
        return tail

    def line_tokens(self) -> list[str]:
        """Each non-empty line's tokens, space-separated (the lines of `lines`, in order)."""
        return self._strs

    def first_line_key(self) -> str:
        """The first non-empty line as searched (tokens, casefolded, padded)."""
        return self._tail(0)

    def last_lines_key(self, count: int) -> str:
        """The last `count` non-empty lines as searched."""
        return self._tail(max(1, count))
