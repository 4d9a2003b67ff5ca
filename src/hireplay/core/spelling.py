"""Counting spelling mistakes with a dictionary (pyspellchecker's word-frequency lists).

Words with digits, all-capital acronyms, e-mail addresses and web addresses are skipped, and so
are capitalised words that do not open a sentence (names of people and companies, which the
dictionary does not hold; required names are checked exactly by their own criterion instead).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spellchecker import SpellChecker

from hireplay.core.text import TextView

_ENDS = frozenset(".!?")
SUPPORTED = ("en", "es", "fr", "pt", "de", "it", "ru", "ar", "lv", "eu", "nl", "fa")
_CHECKERS: dict[str, SpellChecker] = {}
_KNOWN: dict[str, dict[str, bool]] = {}
_KNOWN_LIMIT = 500_000


def language_of(locale: str) -> str:
    code = locale.replace("_", "-").split("-")[0].lower()
    return code if code in SUPPORTED else "en"


def _checker(language: str) -> SpellChecker:
    checker = _CHECKERS.get(language)
    if checker is None:
        checker = _CHECKERS[language] = SpellChecker(language=language, distance=1)
    return checker


def _lookup(language: str, lowered: str) -> bool:
    checker = _checker(language)
    # "client's" and "clients'" are right when "client" is.
    return lowered in checker or (lowered.endswith("'s") and lowered[:-2] in checker)


def misspelled_tokens(tokens: Sequence[str], locale: str, allow: Iterable[str] = ()) -> list[str]:
    """The words among `tokens` the dictionary does not know, lowercased, in order of appearance.

    A word is checked unless it holds a digit, is an acronym, or is capitalised without opening a
    sentence (a name). Verdicts are memoised per lowercased word: the dictionary never changes.
    """
    language = language_of(locale)
    known = _KNOWN.setdefault(language, {})
    if len(known) > _KNOWN_LIMIT:
        known.clear()
    allowed = {a.lower() for a in allow}
    found: list[str] = []
    sentence_start = True
    for token in tokens:
        if token in _ENDS:
            sentence_start = True
            continue
        at_start, sentence_start = sentence_start, False
        first = token[0]
        if not first.isalpha() or (first.isupper() and not at_start):
            continue
        if (token.isupper() and len(token) > 1) or not token.replace("'", "").isalpha():
            continue  # an acronym, or a word with digits
        lowered = token.lower()
        verdict = known.get(lowered)
        if verdict is None:
            verdict = known[lowered] = _lookup(language, lowered)
        if not verdict and lowered not in allowed and lowered not in found:
            found.append(lowered)
    return found


def misspelled(text: str, locale: str, allow: Iterable[str] = ()) -> list[str]:
    """The words of `text` the dictionary does not know, in order of first appearance."""
    return misspelled_tokens(TextView.of(text).spelling_tokens, locale, allow)
