"""Counting spelling mistakes with a pinned, recorded dictionary.

A dictionary is chosen by the spelling locale: `en-GB` and `en-US` each have their own word list
(pyspellchecker's English list, with SCOWL's British or American list shipped beside this module),
plain `en` accepts both, and other languages use pyspellchecker's list for that language. In a
British text an American spelling ("color", "organize") is a variant, not a mistake: it is noted
as "US spelling", and counted only when the playbook asks for strict locale spelling; the same the
other way round.

Every word is looked at, capitalised or not, except: words with digits, acronyms (all capitals),
words with a capital inside (brand names such as "HubSpot"), e-mail and web addresses, words the
caller allows (the playbook's own names of people, companies and products, and its allow lists),
and capitalised words in the signature below a sign-off (the writer's own name). A possessive
("client's") is right when its stem is.

The dictionary's identity (its locale, its sources with versions, and one SHA-256 over the files
it was read from) goes into every score report that counted spelling, so a replay can tell a
changed dictionary from a changed score.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from hireplay.core.text import TextView

SUPPORTED = ("en", "es", "fr", "pt", "de", "it", "ru", "ar", "lv", "eu", "nl", "fa")
ENGLISH_VARIANTS = ("en-GB", "en-US")
# Regions whose English follows British spelling; any other region (and none) accepts both.
_BRITISH = frozenset({"GB", "UK", "IE", "AU", "NZ", "ZA", "IN", "SG", "HK", "MT", "KE", "NG"})
_AMERICAN = frozenset({"US", "PH", "PR"})
_HERE = Path(__file__).parent / "dictionaries"
_SCOWL = {"en-GB": "scowl-en-GB.txt.gz", "en-US": "scowl-en-US.txt.gz"}
_SCOWL_NAME = "SCOWL 2020.12.07 size 50"


def language_of(locale: str) -> str:
    code = locale.replace("_", "-").split("-")[0].lower()
    return code if code in SUPPORTED else "en"


def spelling_locale(locale: str, language: str = "") -> str:
    """The dictionary to use for texts in `language` written for `locale`: `en-GB` or `en-US` when
    the locale is English with a region that has a spelling of its own, `en` for other English,
    and the language code for other languages. A locale of another language than the text's
    (an English playbook with Belgian number formats, `fr-BE`) says nothing about its spelling."""
    parts = locale.replace("_", "-").split("-")
    lang = language_of(language or parts[0])
    if lang != "en":
        return lang
    if parts[0].lower() != "en" or len(parts) < 2:
        return "en"
    region = parts[1].upper()
    if region in _BRITISH:
        return "en-GB"
    if region in _AMERICAN:
        return "en-US"
    return "en"


@dataclass(frozen=True)
class Dictionary:
    """The words a spelling locale accepts, the other English variant's words (noted, not wrong),
    and where they came from."""

    locale: str
    words: frozenset[str]
    variants: frozenset[str]  # words of the other English spelling: "US spelling" in en-GB
    variant_label: str
    sources: tuple[str, ...]
    sha256: str

    def identity(self) -> dict[str, Any]:
        """What a score report records: enough to tell whether a replay used the same words."""
        return {"locale": self.locale, "sources": list(self.sources), "sha256": self.sha256}


_DICTIONARIES: dict[str, Dictionary] = {}
_RAW: dict[str, tuple[frozenset[str], bytes, str]] = {}


def _pyspellchecker(language: str) -> tuple[frozenset[str], bytes, str]:
    """pyspellchecker's words for a language, the bytes they were read from, and their source."""
    found = _RAW.get(language)
    if found is None:
        raw = (resources.files("spellchecker") / "resources" / f"{language}.json.gz").read_bytes()
        words = frozenset(json.loads(gzip.decompress(raw)))
        source = f"pyspellchecker {metadata.version('pyspellchecker')} {language}"
        found = _RAW[language] = (words, raw, source)
    return found


def _scowl(variant: str) -> tuple[frozenset[str], bytes, str]:
    found = _RAW.get(variant)
    if found is None:
        raw = (_HERE / _SCOWL[variant]).read_bytes()
        words = frozenset(w.lower() for w in gzip.decompress(raw).decode("utf-8").split("\n") if w)
        found = _RAW[variant] = (words, raw, f"{_SCOWL_NAME} {variant}")
    return found


def _digest(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def dictionary(locale: str) -> Dictionary:
    """The dictionary for a spelling locale (from `spelling_locale`), loaded once per process."""
    found = _DICTIONARIES.get(locale)
    if found is not None:
        return found
    raws: tuple[bytes, ...]
    sources: tuple[str, ...]
    if locale == "en" or locale in ENGLISH_VARIANTS:
        base, base_raw, base_source = _pyspellchecker("en")
        gb, gb_raw, gb_source = _scowl("en-GB")
        us, us_raw, us_source = _scowl("en-US")
        us_only, gb_only = us - gb, gb - us
        if locale == "en-GB":
            words, variants, label = (base - us_only) | gb, us_only, "US spelling"
            raws, sources = (base_raw, gb_raw, us_raw), (base_source, gb_source, us_source)
        elif locale == "en-US":
            words, variants, label = (base - gb_only) | us, gb_only, "UK spelling"
            raws, sources = (base_raw, us_raw, gb_raw), (base_source, us_source, gb_source)
        else:
            words, variants, label = base | gb | us, frozenset(), ""
            raws, sources = (base_raw, gb_raw, us_raw), (base_source, gb_source, us_source)
    else:
        words, raw, source = _pyspellchecker(locale)
        variants, label, raws, sources = frozenset(), "", (raw,), (source,)
    found = Dictionary(locale, words, variants, label, sources, _digest((locale.encode(), *raws)))
    _DICTIONARIES[locale] = found
    return found


# Languages that join an elided word to the next with an apostrophe (French "l'offre", "qu'il"):
# the word after the apostrophe is the one to look up.
_ELIDING = frozenset({"fr", "it"})
_ELISIONS = frozenset({"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
                       "un", "dell", "all", "dall", "nell", "sull", "quest", "quell"})  # fmt: skip


def _elided(token: str, words: frozenset[str]) -> bool:
    head, _, rest = token.partition("'")
    return head in _ELISIONS and bool(rest) and (rest in words or _elided(rest, words))


@dataclass(frozen=True)
class Check:
    """What a spelling check found: the mistakes and the other variant's spellings, each lowercased
    and in order of first appearance."""

    mistakes: tuple[str, ...]
    variants: tuple[str, ...] = ()


def _ordered(found: set[str], tokens: Sequence[str], counted: set[str] | None = None) -> tuple[str, ...]:
    """`found` (lowercased) in order of first appearance. With `counted` (the tokens, as written,
    that counted), only those occurrences place a word: needed when the same word was excused
    elsewhere in another spelling (a capitalised name, say) and counted here."""
    if len(found) <= 1:
        return tuple(found)
    if counted is not None:
        placed: dict[str, None] = {}
        for token in tokens:
            if token in counted:
                placed.setdefault(token.lower(), None)
        return tuple(w for w in placed if w in found)
    # In order of first appearance: each token stands between spaces in the joined text.
    joined = (" " + " ".join(tokens) + " ").lower()
    where = {w: joined.find(f" {w} ") for w in found}
    if -1 in where.values():  # lowercasing a whole text differs from per token (rare letters)
        lowered_tokens = [t.lower() for t in tokens]
        return tuple(sorted(found, key=lowered_tokens.index))
    return tuple(sorted(found, key=where.__getitem__))


def check_tokens(
    tokens: Sequence[str],
    locale: str,
    allow: Iterable[str] = (),
    names: frozenset[str] = frozenset(),
    strict: bool = False,
) -> Check:
    """Mistakes and variant spellings among `tokens`, against the dictionary of spelling locale
    `locale`. `allow` are words (any case) never counted; `names` are lowercased words accepted
    when they are capitalised (names from the playbook, the writer's signature). With `strict`,
    the other English variant's spellings count as mistakes."""
    book = dictionary(locale)
    words = book.words
    unknown = set(tokens).difference(words)
    if not unknown:
        return Check(())
    allowed = {a.lower() for a in allow}
    elides = language_of(locale) in _ELIDING
    wrong: set[str] = set()
    variants: set[str] = set()
    counted: set[str] = set()  # the tokens, as written, that counted
    excused: set[str] = set()  # lowercased forms of tokens excused (a name, an acronym, ...)
    for token in unknown:
        lowered = token.lower()
        if lowered in words or lowered in allowed:
            continue
        if not token.replace("'", "").isalpha():  # digits, or letters with symbols
            continue
        if token[0].isupper():
            if len(token) > 1 and (token.isupper() or any(c.isupper() for c in token[1:])):
                excused.add(lowered)
                continue  # an acronym, or a brand name with a capital inside
            if lowered in names:
                excused.add(lowered)
                continue
        stem = lowered[:-2] if lowered.endswith("'s") else lowered[:-1] if lowered.endswith("s'") else ""
        if stem and (stem in words or stem in allowed or (token[0].isupper() and stem in names)):
            excused.add(lowered)
            continue  # "client's" is right when "client" is
        if elides and _elided(lowered, words):  # "n'avez", "c'est", "l'offre"
            continue
        counted.add(token)
        if lowered in book.variants or (stem and stem in book.variants):
            (wrong if strict else variants).add(lowered)
            continue
        wrong.add(lowered)
    # A word excused in one spelling ("Ìmola", a name) and counted in another is placed by where it
    # counted; otherwise the first appearance of its lowercase form is where it counted.
    mixed = counted if excused & (wrong | variants) else None
    return Check(_ordered(wrong, tokens, mixed), _ordered(variants, tokens, mixed))


def misspelled_tokens(tokens: Sequence[str], locale: str, allow: Iterable[str] = ()) -> list[str]:
    """The words among `tokens` the dictionary does not know, lowercased, in order of appearance."""
    return list(check_tokens(tokens, spelling_locale(locale), allow).mistakes)


def misspelled(text: str, locale: str, allow: Iterable[str] = ()) -> list[str]:
    """The words of `text` the dictionary does not know, in order of first appearance."""
    return misspelled_tokens(TextView.of(text).spelling_tokens, locale, allow)
