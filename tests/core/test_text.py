"""The text view and the spell check against plain reference versions of what they compute.

The engine's versions are written for speed (line-by-line tokenising, set differences); these
references are the straightforward definitions, and both must agree on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hireplay.core.spelling import _words, misspelled_tokens
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


def _reference_misspelled(tokens: list[str], allow: tuple[str, ...] = ()) -> list[str]:
    """The definition: lowercase-initial words, and capitalised words opening a sentence, that the
    dictionary does not know (acronyms, possessives of known words and allowed words excepted)."""
    words = _words("en")
    openers = [tokens[i + 1] for i, t in enumerate(tokens[:-1]) if t in (".", "!", "?")] + tokens[:1]
    suspects = [t for t in tokens if t[0].islower() and t not in words] + [t for t in openers if t[0].isupper()]
    wrong: list[str] = []
    for token in suspects:
        lowered = token.lower()
        if (
            lowered not in words
            and lowered not in {a.lower() for a in allow}
            and token.replace("'", "").isalpha()
            and not (token.isupper() and len(token) > 1)
            and not (lowered.endswith("'s") and lowered[:-2] in words)
        ):
            wrong.append(lowered)
    lowered_tokens = [t.lower() for t in tokens]
    return sorted(set(wrong), key=lowered_tokens.index)


@settings(max_examples=examples(400))
@given(texts)
def test_the_spell_check_equals_its_definition(text: str) -> None:
    tokens = TextView(text).spelling_tokens
    assert misspelled_tokens(tokens, "en") == _reference_misspelled(tokens)
    assert misspelled_tokens(tokens, "en", ("wrk",)) == _reference_misspelled(tokens, ("wrk",))


def test_the_spell_check_finds_typos_but_not_names_or_acronyms() -> None:
    tokens = TextView("Dear Ms Marchetti, thank yuo for teh note. Recieve the IBM report. Kind regards").tokens
    assert misspelled_tokens(tokens, "en") == ["yuo", "teh", "recieve"]
