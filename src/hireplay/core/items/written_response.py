"""Written response (e.g. an e-mail to a client) scored against a checklist.

Automatic criteria are scored by the engine: exact names and titles, key points covered, length,
greeting and sign-off, spelling mistakes counted with a dictionary, forbidden promises. Human
criteria (tone, clarity) stay pending until a rater gives them points.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Annotated, Any, Literal

import snowballstemmer
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from hireplay.core.items.base import (
    Id,
    ItemBase,
    Loc,
    Outcome,
    Pending,
    Points,
    ScoringContext,
    Text,
    check_unique,
    fmt,
    fraction_of,
    wrong_shape,
)
from hireplay.core.spelling import check_tokens, dictionary, spelling_locale
from hireplay.core.text import TextView, phrase_key, tokens_of

MAX_CHARS = 20_000
INFLECTIONS = ("'s", "s", "es")  # a term's last word may end so and still be the term
DEFAULT_GREETINGS = ("dear", "hi", "hello", "good morning", "good afternoon", "good evening", "greetings")
# Closing phrases in the other languages playbooks are written in, for finding the signature.
OTHER_SIGN_OFFS = ("cordialement", "bien à vous", "bien cordialement", "salutations", "met vriendelijke groet",
                   "met vriendelijke groeten", "vriendelijke groeten", "groeten", "hartelijke groeten",
                   "mit freundlichen grüßen", "viele grüße", "beste grüße", "freundliche grüße", "saludos",
                   "atentamente", "cordiali saluti", "distinti saluti", "atenciosamente")  # fmt: skip
DEFAULT_SIGN_OFFS = (
    "best regards",
    "kind regards",
    "warm regards",
    "regards",
    "best wishes",
    "sincerely",
    "yours sincerely",
    "yours faithfully",
    "many thanks",
    "thank you",
    "thanks",
    "best",
    "cheers",
    "all the best",
    "with thanks",
)


# The phrases a greeting or a sign-off is recognised by, per language, when the criterion does not
# state its own: a playbook written in French is read with French greetings (docs/playbooks.md).
GREETINGS: dict[str, tuple[str, ...]] = {
    "en": DEFAULT_GREETINGS,
    "fr": ("bonjour", "madame", "monsieur", "cher", "chère", "chers", "bonsoir", "salut"),
    "nl": ("beste", "geachte", "dag", "hallo", "goedemorgen", "goedemiddag", "goedenavond", "hoi"),
    "de": ("sehr geehrte", "sehr geehrter", "liebe", "lieber", "hallo", "guten tag", "guten morgen"),
}
SIGN_OFFS: dict[str, tuple[str, ...]] = {
    "en": DEFAULT_SIGN_OFFS,
    "fr": ("cordialement", "bien cordialement", "bien à vous", "salutations", "meilleures salutations",
           "sincères salutations", "bonne journée", "merci", "à bientôt"),
    "nl": ("met vriendelijke groet", "met vriendelijke groeten", "vriendelijke groeten", "vriendelijke groet",
           "hartelijke groeten", "hartelijke groet", "groeten", "groet", "alvast bedankt", "bedankt"),
    "de": ("mit freundlichen grüßen", "freundliche grüße", "viele grüße", "beste grüße", "liebe grüße", "danke"),
}  # fmt: skip


@lru_cache(maxsize=64)
def _phrase_keys(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(phrase_key(p) for p in phrases)


class _Criterion(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    points: Points
    description: str = ""


class RequiredTerms(_Criterion):
    """Names and titles that must appear spelled exactly; credit in proportion to those found."""

    kind: Literal["required_terms"]
    terms: tuple[Text, ...] = Field(min_length=1)
    case_sensitive: bool = True

    @cached_property
    def _keys(self) -> tuple[tuple[str, ...], ...]:
        """Each term as searched, and with the endings a name or term takes in a sentence: the
        possessive ("Halvorsen's", "Halvorsens'") and the plural ("credit notes")."""
        keys = []
        for term in self.terms:
            key = phrase_key(term, self.case_sensitive)
            keys.append((key, *(f"{key[:-1]}{ending} " for ending in INFLECTIONS)))
        return tuple(keys)

    def grade(self, text: TextView, ctx: ScoringContext) -> tuple[float, str]:
        within = text.exact if self.case_sensitive else text.folded
        missing = [t for t, keys in zip(self.terms, self._keys, strict=True) if not any(k in within for k in keys)]
        found = self.terms if not missing else [t for t in self.terms if t not in missing]
        note = f"{len(found)} of {len(self.terms)} required names and terms spelled exactly"
        return len(found) / len(self.terms), note + (f" (missing: {', '.join(missing)})" if missing else "")


class KeyPoint(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    label: Text
    any_of: tuple[Text, ...] = Field(min_length=1)


class KeyPoints(_Criterion):
    """Points the answer must cover; each is covered when any of its phrases appears. With
    `match: stems`, a phrase also matches its other forms: the answer's words and the phrase's are
    reduced to their stems in the playbook's language ("analysing the usage" matches "analyse
    usage"), and the note quotes the words that matched."""

    kind: Literal["key_points"]
    points_to_cover: tuple[KeyPoint, ...] = Field(min_length=1)
    match: Literal["phrases", "stems"] = "phrases"

    @cached_property
    def _keys(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(phrase_key(p) for p in kp.any_of) for kp in self.points_to_cover)

    def grade(self, text: TextView, ctx: ScoringContext) -> tuple[float, str]:
        if self.match == "stems":
            return self._grade_stems(text, ctx.language)
        folded = text.folded
        missing = []
        for kp, keys in zip(self.points_to_cover, self._keys, strict=True):
            for k in keys:
                if k in folded:
                    break
            else:
                missing.append(kp.label)
        covered = len(self.points_to_cover) - len(missing)
        note = f"{covered} of {len(self.points_to_cover)} key points covered"
        return covered / len(self.points_to_cover), note + (f" (not covered: {'; '.join(missing)})" if missing else "")

    def _grade_stems(self, text: TextView, language: str) -> tuple[float, str]:
        words = [t for t in text.tokens if any(c.isalnum() for c in t)]
        stems = stems_of(words, language)
        missing, matched = [], []
        for kp in self.points_to_cover:
            found = None
            for phrase in kp.any_of:
                wanted = stems_of([t for t in tokens_of(phrase) if any(c.isalnum() for c in t)], language)
                at = _find(stems, wanted)
                if at is not None:
                    found = " ".join(words[at : at + len(wanted)])
                    break
            if found is None:
                missing.append(kp.label)
            else:
                matched.append(f"{kp.label}: “{found}”")
        covered = len(self.points_to_cover) - len(missing)
        note = f"{covered} of {len(self.points_to_cover)} key points covered, words compared by their stems"
        if matched:
            note += f" (matched: {'; '.join(matched)})"
        return covered / len(self.points_to_cover), note + (f" (not covered: {'; '.join(missing)})" if missing else "")


# Snowball's algorithm for each language a playbook may be written in (Latvian has none).
STEMMERS = {"en": "english", "fr": "french", "nl": "dutch", "de": "german", "es": "spanish", "it": "italian",
            "pt": "portuguese", "ru": "russian", "ar": "arabic", "eu": "basque", "fa": "persian"}  # fmt: skip


def stems_of(words: list[str], language: str) -> list[str]:
    """The words' stems in `language` (casefolded); the casefolded words themselves in a language
    Snowball has no stemmer for."""
    folded = [w.casefold() for w in words]
    algorithm = STEMMERS.get(language.split("-")[0].lower())
    return list(_stemmer(algorithm).stemWords(folded)) if algorithm else folded


@lru_cache(maxsize=16)
def _stemmer(algorithm: str) -> Any:
    return snowballstemmer.stemmer(algorithm)


def _find(haystack: list[str], needle: list[str]) -> int | None:
    """Where `needle` first appears in `haystack` as consecutive items, or None."""
    if not needle:
        return None
    for i in range(len(haystack) - len(needle) + 1):
        if haystack[i : i + len(needle)] == needle:
            return i
    return None


class Length(_Criterion):
    kind: Literal["length"]
    min_words: Annotated[int, Field(ge=0)] = 0
    max_words: Annotated[int, Field(ge=1)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Length:
        if self.max_words is not None and self.min_words > self.max_words:
            raise ValueError(f"min_words ({self.min_words}) is more than max_words ({self.max_words})")
        return self

    def grade(self, text: TextView, ctx: ScoringContext) -> tuple[float, str]:
        count = text.words
        if count < self.min_words:
            return 0.0, f"{count} words, fewer than the {self.min_words} asked for"
        if self.max_words is not None and count > self.max_words:
            return 0.0, f"{count} words, more than the {self.max_words} allowed"
        return 1.0, f"{count} words, within the limits"


class Greeting(_Criterion):
    """The first line greets the reader (and names them by one of `names`, when given)."""

    kind: Literal["greeting"]
    patterns: tuple[Text, ...] | None = None  # None: the usual greetings of the playbook's language
    names: tuple[Text, ...] = ()

    @cached_property
    def _names(self) -> tuple[str, ...]:
        return tuple(phrase_key(n) for n in self.names)

    def grade(self, text: TextView, ctx: ScoringContext) -> tuple[float, str]:
        written = self.patterns if self.patterns is not None else GREETINGS.get(ctx.language, DEFAULT_GREETINGS)
        patterns, names = _phrase_keys(written), self._names
        line = text.first_line_key()
        if not any(line.startswith(p) for p in patterns):
            return 0.0, "no greeting on the first line"
        first = text.lines[0] if text.lines else ""
        if names and not any(n in line for n in names):
            return 0.0, f"the greeting does not name the reader ({' or '.join(self.names)})"
        return 1.0, f"opens with a greeting ('{first[:40]}')"


class SignOff(_Criterion):
    """One of the closing phrases appears in the last lines."""

    kind: Literal["sign_off"]
    patterns: tuple[Text, ...] | None = None  # None: the usual sign-offs of the playbook's language
    last_lines: Annotated[int, Field(ge=1, le=20)] = 4

    @cached_property
    def _keys(self) -> tuple[str, ...]:
        """The phrases that end the text before the signature (any language's, unless stated)."""
        return _phrase_keys(self.patterns if self.patterns is not None else DEFAULT_SIGN_OFFS)

    def grade(self, text: TextView, ctx: ScoringContext) -> tuple[float, str]:
        tail = text.last_lines_key(self.last_lines)
        written = self.patterns if self.patterns is not None else SIGN_OFFS.get(ctx.language, DEFAULT_SIGN_OFFS)
        for p, k in zip(written, _phrase_keys(written), strict=True):
            if k in tail:
                return 1.0, f"closes with a sign-off ('{p}')"
        return 0.0, "no sign-off in the last lines"


def signature_names(text: TextView, sign_offs: tuple[str, ...] = ()) -> frozenset[str]:
    """The capitalised words of the signature, lowercased: the sign-off line and the lines below it
    (the writer's name and title), or else a last line of one to three capitalised words. A
    spelling check has no dictionary for the candidate's own name."""
    lines = text.line_tokens()
    if not lines:
        return frozenset()
    keys = _SIGN_OFF_KEYS + sign_offs if sign_offs else _SIGN_OFF_KEYS
    for i in range(len(lines) - 1, max(-1, len(lines) - 7), -1):
        if f" {lines[i]} ".casefold().startswith(keys):
            return frozenset(t.lower() for rest in lines[i:] for t in rest.split() if t[:1].isupper())
    words = [t for t in lines[-1].split() if t.isalpha()]
    if (
        1 <= len(words) <= 3
        and all(t[:1].isupper() for t in words)
        and all(t.isalpha() or t in ".-," for t in lines[-1].split())
    ):
        return frozenset(t.lower() for t in words)
    return frozenset()


def _shown(words: tuple[str, ...]) -> str:
    return ", ".join(words[:8]) + (", ..." if len(words) > 8 else "")


class Spelling(_Criterion):
    """Each misspelt word costs `per_mistake` of this criterion's points. Spellings of the other
    English variant are noted and not counted, unless the playbook asks for strict locale spelling."""

    kind: Literal["spelling"]
    per_mistake: Annotated[float, Field(gt=0, le=1)] = 0.25
    allow: tuple[str, ...] = ()

    def grade(
        self, text: TextView, ctx: ScoringContext, extra_allow: tuple[str, ...] = (), sign_offs: tuple[str, ...] = ()
    ) -> tuple[float, str]:
        locale = ctx.spelling or spelling_locale(ctx.locale, ctx.language)
        found = check_tokens(text.spelling_tokens, locale, self.allow + extra_allow + ctx.allow,
                             ctx.names | signature_names(text, sign_offs), ctx.strict_spelling)  # fmt: skip
        wrong = found.mistakes
        note = "no spelling mistakes"
        if wrong:
            note = f"{len(wrong)} spelling mistake{'s' if len(wrong) > 1 else ''} ({_shown(wrong)})"
        if found.variants:
            label = dictionary(locale).variant_label
            note += f"; {label}, not counted: {_shown(found.variants)}"
        return max(0.0, 1 - self.per_mistake * len(wrong)), note


_SIGN_OFF_KEYS = tuple(phrase_key(p) for p in DEFAULT_SIGN_OFFS + OTHER_SIGN_OFFS)


class Forbidden(_Criterion):
    """Promises or phrases that must not appear (e.g. "guarantee", "next release")."""

    kind: Literal["forbidden"]
    phrases: tuple[Text, ...] = Field(min_length=1)

    @cached_property
    def _keys(self) -> tuple[str, ...]:
        return tuple(phrase_key(p) for p in self.phrases)

    def grade(self, text: TextView, ctx: ScoringContext) -> tuple[float, str]:
        found = [p for p, k in zip(self.phrases, self._keys, strict=True) if k in text.folded]
        if found:
            return 0.0, f"contains forbidden wording: {', '.join(repr(f) for f in found)}"
        return 1.0, "none of the forbidden wording"


class Human(_Criterion):
    """Rated by a person; `anchors` describe what earns which points."""

    kind: Literal["human"]
    description: Text
    anchors: dict[str, Text] = Field(default_factory=dict)


Criterion = Annotated[
    RequiredTerms | KeyPoints | Length | Greeting | SignOff | Spelling | Forbidden | Human,
    Field(discriminator="kind"),
]


MAX_CHARACTERS = 30_000  # about 5,000 words: far beyond any written task


class WrittenResponse(ItemBase):
    """`points` must equal the sum of the criteria's points; min/max_words bound what the candidate may type."""

    type: Literal["written_response"]
    answer_types = (str,)
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    min_words: Annotated[int, Field(ge=0)] = 0
    max_words: Annotated[int, Field(ge=1)] | None = None

    @model_validator(mode="after")
    def _limits_ordered(self) -> WrittenResponse:
        if self.max_words is not None and self.min_words > self.max_words:
            raise ValueError(f"min_words ({self.min_words}) is more than max_words ({self.max_words})")
        return self

    @field_validator("criteria")
    @classmethod
    def _unique_criteria(cls, criteria: tuple[Any, ...]) -> tuple[Any, ...]:
        check_unique([c.id for c in criteria], "criterion")
        return criteria

    @cached_property
    def _name_words(self) -> tuple[str, ...]:
        words: list[str] = []
        for c in self.criteria:
            if isinstance(c, RequiredTerms):
                for term in c.terms:
                    words += [t for t in tokens_of(term) if t.isalpha()]
        return tuple(words)

    @cached_property
    def _sign_off_keys(self) -> tuple[str, ...]:
        return tuple(k for c in self.criteria if isinstance(c, SignOff) for k in c._keys)

    def rater_criteria(self) -> tuple[Human, ...]:
        return tuple(c for c in self.criteria if isinstance(c, Human))

    def semantic_problems(self) -> list[tuple[Loc, str]]:
        total = sum(c.points for c in self.criteria)
        if abs(total - self.points) > 1e-9:
            return [(("points",), f"the item is worth {fmt(self.points)} but its criteria add up to {fmt(total)}")]
        return []

    def shape_problem(self, answer: Any) -> str | None:
        if not isinstance(answer, str):
            return "this question takes text"
        return f"the answer is longer than {MAX_CHARACTERS:,} characters" if len(answer) > MAX_CHARACTERS else None

    def candidate_fields(self, variables: Mapping[str, Decimal]) -> dict[str, Any]:
        """The length asked for (the length criterion's bounds, which is what the prompt states),
        and the item's own limits."""
        asked = next((c for c in self.criteria if isinstance(c, Length)), None)
        return {"min_words": asked.min_words if asked else self.min_words,
                "max_words": asked.max_words if asked else self.max_words,
                "limit_min_words": self.min_words, "limit_max_words": self.max_words}  # fmt: skip

    def score(self, answer: Any, variables: Mapping[str, Decimal], ctx: ScoringContext) -> Outcome:
        if not isinstance(answer, str):
            return wrong_shape("text", answer)
        if not answer.strip():
            return Outcome(0.0, "The answer is empty; 0 points.", {"criteria": {}})
        text = TextView.of(answer[:MAX_CHARS])
        points = 0.0
        notes: dict[str, dict[str, Any]] = {}
        lines: list[str] = []
        pending: list[Pending] = []
        for c in self.criteria:
            if isinstance(c, Human):
                pending.append(Pending(c.id, c.description, c.points))
                continue
            if isinstance(c, Spelling):
                fraction, note = c.grade(text, ctx, self._name_words, self._sign_off_keys)
            else:
                fraction, note = c.grade(text, ctx)
            earned = fraction_of(c.points, fraction)
            points += earned
            notes[c.id] = {"points": earned, "max_points": c.points, "note": note}
            lines.append(f"{c.id}: {note} ({fmt(earned)}/{fmt(c.points)})")
        summary = "; ".join(lines)
        return Outcome(
            round(points, 6), f"Checklist: {summary}." if summary else "", {"criteria": notes}, tuple(pending)
        )
