"""The text view and the spell check against plain reference versions of what they compute.

The engine's versions are written for speed (line-by-line tokenising, set differences); these
references are the straightforward definitions, and both must agree on any text."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from hireplay.core import spelling
from hireplay.core.spelling import check_tokens, dictionary, misspelled_tokens
from hireplay.core.text import TextView, tokens_of
from tests.conftest import examples

WORDS = ["Dear", "Ms", "Marchetti", "thank", "you", "teh", "invoice", "Recieve", "IBM", "client's", "don't",
         "Verdant", "Foods", "regards", "Kind", "Best", "ok", "wrk", "The", "it", "Hello", "'quoted'", "naïve"]  # fmt: skip
PIECES = st.sampled_from([*WORDS, ".", ",", "!", "?", "\n", "\n\n", "  ", " ", "42", "a@b.example", "’", "-"])
texts = st.lists(PIECES, max_size=60).map(" ".join) | st.text(max_size=200)


def _reference_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _line_key(line: str) -> str:
    return " " + " ".join(tokens_of(line)).casefold() + " "


@settings(max_examples=examples(400))
@given(texts, st.integers(min_value=1, max_value=6))
def test_the_text_view_equals_tokenising_the_whole_text(text: str, count: int) -> None:
    view = TextView(text)
    tokens = tokens_of(text)
    assert view.tokens == tokens
    assert view.exact == " " + " ".join(tokens) + " "
    assert view.folded == view.exact.casefold()
    lines = _reference_lines(text)
    assert view.first_line_key() == (_line_key(lines[0]) if lines else " " + " ".join(tokens).casefold() + " ")
    assert view.last_lines_key(count) == _line_key("\n".join(lines[-count:]))


def _reference_misspelled(
    tokens: list[str],
    allow: tuple[str, ...] = (),
    locale: str = "en",
    names: frozenset[str] = frozenset(),
    strict: bool = False,
) -> list[str]:
    """The definition, word by word: a word the dictionary does not know is a mistake unless it is
    allowed, has a digit or symbol, is an acronym or a brand name with an inner capital, is a
    capitalised name the caller knows, is the possessive of a known word, or (unless strict) is the
    other English variant's spelling."""
    book = dictionary(locale)
    allowed = {a.lower() for a in allow}
    wrong: list[str] = []
    for token in tokens:
        lowered = token.lower()
        if lowered in book.words or lowered in allowed or not token.replace("'", "").isalpha():
            continue
        capital = token[0].isupper()
        if capital and len(token) > 1 and (token.isupper() or any(c.isupper() for c in token[1:])):
            continue
        if capital and lowered in names:
            continue
        stem = lowered[:-2] if lowered.endswith("'s") else lowered[:-1] if lowered.endswith("s'") else ""
        if stem and (stem in book.words or stem in allowed or (capital and stem in names)):
            continue
        if not strict and (lowered in book.variants or (stem and stem in book.variants)):
            continue
        if lowered not in wrong:
            wrong.append(lowered)
    return wrong


@settings(max_examples=examples(400))
@given(texts)
@example("0\x1bÌ\x08º{ì")  # "Ì" excused as a name, "ì" counted: placed where it counted
def test_the_spell_check_equals_its_definition(text: str) -> None:
    tokens = TextView(text).spelling_tokens
    assert misspelled_tokens(tokens, "en") == _reference_misspelled(tokens)
    assert misspelled_tokens(tokens, "en", ("wrk",)) == _reference_misspelled(tokens, ("wrk",))
    names = frozenset(t.lower() for t in tokens[::3])
    for locale in ("en-GB", "en-US"):
        for strict in (False, True):
            found = check_tokens(tokens, locale, ("wrk",), names, strict).mistakes
            assert list(found) == _reference_misspelled(tokens, ("wrk",), locale, names, strict)


def test_the_spell_check_finds_typos_but_not_names_or_acronyms() -> None:
    tokens = TextView(
        "Dear Ms Marchetti, thank yuo for teh note. Recieve the IBM report from HubSpot. Kind regards"
    ).tokens
    assert check_tokens(tokens, "en", names=frozenset({"marchetti"})).mistakes == ("yuo", "teh", "recieve")
    # A name nobody told the checker about is looked up like any word.
    assert misspelled_tokens(tokens, "en") == ["marchetti", "yuo", "teh", "recieve"]


def test_the_shipped_word_lists_are_the_ones_the_manifest_pins() -> None:
    folder = Path(spelling.__file__).parent / "dictionaries"
    manifest = json.loads((folder / "MANIFEST.json").read_text())

    assert manifest == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.glob("*.gz")}
