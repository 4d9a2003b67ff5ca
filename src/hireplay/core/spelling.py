"""Counting spelling mistakes with a dictionary (pyspellchecker's word-frequency lists).

Words with digits, all-capital acronyms, e-mail addresses and web addresses are skipped, and so
are capitalised words that do not open a sentence (names of people and companies, which the
dictionary does not hold; required names are checked exactly by their own criterion instead).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from spellchecker import SpellChecker

from hireplay.core.text import TextView

_ENDS = frozenset(".!?")
SUPPORTED = ("en", "es", "fr", "pt", "de", "it", "ru", "ar", "lv", "eu", "nl", "fa")
_WORDS: dict[str, Mapping[str, int]] = {}


def language_of(locale: str) -> str:
    code = locale.replace("_", "-").split("-")[0].lower()
    return code if code in SUPPORTED else "en"


def _words(language: str) -> Mapping[str, int]:
    """The dictionary's words (lowercase) for a language, loaded once."""
    words = _WORDS.get(language)
    if words is None:
        words = _WORDS[language] = SpellChecker(language=language, distance=1).word_frequency.dictionary
    return words


def misspelled_tokens(tokens: Sequence[str], locale: str, allow: Iterable[str] = ()) -> list[str]:
    """The words among `tokens` the dictionary does not know, lowercased, in order of appearance."""
    words = _words(language_of(locale))
    # Lowercase-initial words anywhere, and capitalised words that open a sentence, are checked.
    suspects = [t for t in tokens if t[0].islower() and t not in words]
    openers = [tokens[i + 1] for i, t in enumerate(tokens[:-1]) if t in _ENDS]
    if tokens:
        openers.append(tokens[0])
    suspects += [t for t in openers if t[0].isupper()]
    if not suspects:
        return []
    allowed = {a.lower() for a in allow}
    wrong = set()
    for token in suspects:
        lowered = token.lower()
        if (
            lowered not in words
            and lowered not in allowed
            and token.replace("'", "").isalpha()
            and not (token.isupper() and len(token) > 1)  # an acronym
            and not (lowered.endswith("'s") and lowered[:-2] in words)  # "client's" is right when "client" is
        ):
            wrong.add(lowered)
    if not wrong:
        return []
    lowered_tokens = [t.lower() for t in tokens]
    return sorted(wrong, key=lowered_tokens.index)


def misspelled(text: str, locale: str, allow: Iterable[str] = ()) -> list[str]:
    """The words of `text` the dictionary does not know, in order of first appearance."""
    return misspelled_tokens(TextView.of(text).spelling_tokens, locale, allow)
