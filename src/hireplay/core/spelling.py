"""Counting spelling mistakes with a dictionary (pyspellchecker's word-frequency lists).

Words with digits, all-capital acronyms, e-mail addresses and web addresses are skipped, and so
are capitalised words that do not open a sentence (names of people and companies, which the
dictionary does not hold; required names are checked exactly by their own criterion instead).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from spellchecker import SpellChecker

from hireplay.core.text import TextView

_OPENERS = re.compile(r"(?<= [.!?]) (\S+)")  # the token after a full stop, "!" or "?"
SUPPORTED = ("en", "es", "fr", "pt", "de", "it", "ru", "ar", "lv", "eu", "nl", "fa")
_WORDS: dict[str, frozenset[str]] = {}


def language_of(locale: str) -> str:
    code = locale.replace("_", "-").split("-")[0].lower()
    return code if code in SUPPORTED else "en"


def _words(language: str) -> frozenset[str]:
    """The dictionary's words (lowercase) for a language, loaded once (a frozenset, so that a set
    of tokens minus the dictionary is one pass in C)."""
    words = _WORDS.get(language)
    if words is None:
        words = _WORDS[language] = frozenset(SpellChecker(language=language, distance=1).word_frequency.dictionary)
    return words


def misspelled_tokens(tokens: Sequence[str], locale: str, allow: Iterable[str] = ()) -> list[str]:
    """The words among `tokens` the dictionary does not know, lowercased, in order of appearance.

    Lowercase-initial words anywhere, and capitalised words that open a sentence, are checked. The
    tokens the dictionary knows as they stand are set aside in one set difference first, so only
    the few unknown ones are looked at one by one."""
    words = _words(language_of(locale))
    unknown = set(tokens).difference(words)
    if not unknown:
        return []
    suspects = [t for t in unknown if t[0].islower()]
    capitals = [t for t in unknown if t[0].isupper()]
    if capitals:
        openers = set(_OPENERS.findall(" " + " ".join(tokens)))
        openers.add(tokens[0])
        suspects += [t for t in capitals if t in openers]
    if not suspects:
        return []
    allowed = {a.lower() for a in allow}
    elides = language_of(locale) in _ELIDING
    wrong = set()
    for token in suspects:
        lowered = token.lower()
        if (
            lowered not in words
            and lowered not in allowed
            and token.replace("'", "").isalpha()
            and not (token.isupper() and len(token) > 1)  # an acronym
            and not (lowered.endswith("'s") and lowered[:-2] in words)  # "client's" is right when "client" is
            and not (elides and _elided(lowered, words))  # "n'avez", "c'est", "l'offre"
        ):
            wrong.add(lowered)
    if not wrong:
        return []
    if len(wrong) == 1:
        return list(wrong)
    # In order of first appearance: each token stands between spaces in the joined text.
    joined = (" " + " ".join(tokens) + " ").lower()
    where = {w: joined.find(f" {w} ") for w in wrong}
    if -1 in where.values():  # lowercasing a whole text differs from per token (rare letters)
        lowered_tokens = [t.lower() for t in tokens]
        return sorted(wrong, key=lowered_tokens.index)
    return sorted(wrong, key=where.__getitem__)


# Languages that join an elided word to the next with an apostrophe (French "l'offre", "qu'il"):
# the word after the apostrophe is the one to look up.
_ELIDING = frozenset({"fr", "it"})
_ELISIONS = frozenset({"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
                       "un", "dell", "all", "dall", "nell", "sull", "quest", "quell"})  # fmt: skip


def _elided(token: str, words: frozenset[str]) -> bool:
    head, _, rest = token.partition("'")
    return head in _ELISIONS and bool(rest) and (rest in words or _elided(rest, words))


def misspelled(text: str, locale: str, allow: Iterable[str] = ()) -> list[str]:
    """The words of `text` the dictionary does not know, in order of first appearance."""
    return misspelled_tokens(TextView.of(text).spelling_tokens, locale, allow)
