"""Counting spelling mistakes with a dictionary (pyspellchecker's word-frequency lists).

Words with digits, all-capital acronyms, e-mail addresses and web addresses are skipped, and so
are capitalised words inside a sentence (names of people and companies, which the dictionary
does not hold; required names are checked exactly by their own criterion instead).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from spellchecker import SpellChecker

_SKIP = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|[.!?]+|\n\s*\n")
SUPPORTED = ("en", "es", "fr", "pt", "de", "it", "ru", "ar", "lv", "eu", "nl", "fa")


def language_of(locale: str) -> str:
    code = locale.replace("_", "-").split("-")[0].lower()
    return code if code in SUPPORTED else "en"


@lru_cache(maxsize=8)
def _checker(language: str) -> SpellChecker:
    return SpellChecker(language=language, distance=1)


@lru_cache(maxsize=65536)
def _known(language: str, word: str) -> bool:
    checker = _checker(language)
    lowered = word.lower().replace("’", "'")
    if lowered in checker:
        return True
    # "client's" and "clients'" are right when "client" is.
    base = re.sub(r"'s$|'$", "", lowered)
    return base != lowered and base in checker


def misspelled(text: str, locale: str, allow: Iterable[str] = ()) -> list[str]:
    """The words of `text` the dictionary does not know, in order of first appearance."""
    language = language_of(locale)
    allowed = {a.lower() for a in allow}
    found: list[str] = []
    sentence_start = True
    for token in _TOKEN.findall(_SKIP.sub(" ", text)):
        if token[0] in ".!?\n":
            sentence_start = True
            continue
        at_start, sentence_start = sentence_start, False
        if token.isupper() and len(token) > 1:
            continue
        if token[0].isupper() and not at_start:
            continue
        lowered = token.lower()
        if lowered in allowed or _known(language, token):
            continue
        if lowered not in found:
            found.append(lowered)
    return found
