"""A candidate's text, tokenised once, for checklist matching.

Phrases are matched as runs of whole tokens: "credit note" matches "Credit  note" and "credit
note," but not "credit notes" or "accreditation note". Case-insensitive by default; the exact
view keeps the case for names and titles that must be spelled exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(r"\w+(?:'\w+)*|[^\w\s]")
_ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
_QUOTES = str.maketrans({"’": "'", "‘": "'"})


def tokens_of(text: str) -> list[str]:
    return _TOKEN.findall(text.translate(_QUOTES))


@lru_cache(maxsize=4096)
def phrase_key(phrase: str, case_sensitive: bool = False) -> str:
    """A phrase in the form it is searched for: its tokens, space-separated and padded."""
    tokens = tokens_of(phrase)
    joined = " ".join(tokens)
    return f" {joined if case_sensitive else joined.casefold()} "


@dataclass(frozen=True, slots=True)
class TextView:
    text: str
    tokens: tuple[str, ...]
    exact: str
    folded: str
    words: int
    lines: tuple[str, ...]
    folded_lines: tuple[str, ...]
    spelling_tokens: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> TextView:
        lines = tuple(line.strip() for line in text.splitlines() if line.strip())
        line_tokens = [tokens_of(line) for line in lines]
        tokens = tuple(t for line in line_tokens for t in line)
        exact = " " + " ".join(tokens) + " "
        folded_lines = tuple(" ".join(line).casefold() for line in line_tokens)
        spelling = tokens
        if "@" in text or "://" in text or "www." in text:
            spelling = tuple(tokens_of(_ADDRESSES.sub(" ", text)))
        return cls(text, tokens, exact, exact.casefold(), len(text.split()), lines, folded_lines, spelling)

    def opens_with(self, phrase: str) -> bool:
        """Whether the first line opens with the phrase (whole tokens, any case)."""
        return bool(self.folded_lines) and f" {self.folded_lines[0]} ".startswith(phrase_key(phrase))

    def first_line_has(self, phrase: str) -> bool:
        return bool(self.folded_lines) and phrase_key(phrase) in f" {self.folded_lines[0]} "

    def last_lines_have(self, phrase: str, count: int) -> bool:
        return phrase_key(phrase) in " " + " ".join(self.folded_lines[-count:]) + " "

    def has(self, phrase: str, case_sensitive: bool = False) -> bool:
        """Whether the phrase appears as whole tokens."""
        key = phrase_key(phrase, case_sensitive)
        return key in (self.exact if case_sensitive else self.folded)
