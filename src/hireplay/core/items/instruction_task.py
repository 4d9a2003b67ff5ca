"""Multi-step instruction task: the candidate edits a structured record; each step is checked.

The item shows a starting record (e.g. an account plan) and numbered instructions. The answer is
the edited record as JSON. Every step has a verifiable condition on the answer (a field equals a
value, a list is sorted, a set of figures is highlighted, a date was corrected, something else
was left unchanged) and its own points, so a forgotten step costs exactly that step.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache
from typing import Annotated, Any, Literal

from babel.dates import parse_date as babel_parse_date
from pydantic import BaseModel, ConfigDict, Field, field_validator

from hireplay.core.items.base import (
    Id,
    ItemBase,
    Loc,
    Outcome,
    Points,
    ScoringContext,
    Text,
    check_unique,
    fmt,
    wrong_shape,
)
from hireplay.core.numbers import parse_number

_PATH_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]")
_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*(\[\d+\])*(\.[A-Za-z_][A-Za-z0-9_-]*(\[\d+\])*)*$")
FieldPath = Annotated[str, Field(pattern=_PATH.pattern)]
_MISSING = object()


@lru_cache(maxsize=4096)
def _steps(path: str) -> tuple[str | int, ...]:
    """A field path as the keys and list positions to follow: `a[2].b` gives ("a", 2, "b")."""
    return tuple(name or int(index) for name, index in _PATH_PART.findall(path))


def lookup(record: Any, path: str) -> Any:
    """The value at `stakeholders[0].name` in a record, or a sentinel when absent."""
    value = record
    for step in _steps(path):
        if isinstance(step, str):
            if not isinstance(value, dict) or step not in value:
                return _MISSING
            value = value[step]
        else:
            if not isinstance(value, list) or step >= len(value):
                return _MISSING
            value = value[step]
    return value


def _show(value: Any) -> str:
    if value is None:
        return "empty"
    return repr(value) if isinstance(value, str) else str(value)


def _norm(value: Any, case_sensitive: bool) -> Any:
    if isinstance(value, str):
        text = " ".join(value.split())
        return text if case_sensitive else text.casefold()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    return value


_DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%B %d %Y", "%d %B %Y", "%b %d, %Y", "%b %d %Y", "%d %b %Y")
_NO_YEAR_FORMATS = ("%B %d", "%d %B", "%b %d", "%d %b")


def read_date(value: Any, locale: str) -> tuple[dt.date | None, bool]:
    """A date from ISO, English month names or the locale's numeric form; (date, year given)."""
    if isinstance(value, dt.datetime):
        return value.date(), True
    if isinstance(value, dt.date):
        return value, True
    if not isinstance(value, str) or not value.strip() or len(value) > 40:
        return None, True
    if len(value) == 10 and value[4] == "-":
        try:
            return dt.date.fromisoformat(value), True
        except ValueError:
            pass
    text = " ".join(value.replace(",", ", ").split()).replace(" ,", ",")
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    for form in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, form).date(), True
        except ValueError:
            pass
    for form in _NO_YEAR_FORMATS:
        try:
            return dt.datetime.strptime(f"2000 {text}", f"%Y {form}").date(), False
        except ValueError:
            pass
    if re.fullmatch(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}", text):
        try:
            return babel_parse_date(text, locale=locale.replace("-", "_")), True
        except (ValueError, LookupError, TypeError, IndexError):
            return None, True
    return None, True


class _Check(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    path: FieldPath


class Equals(_Check):
    kind: Literal["equals"]
    value: Any
    case_sensitive: bool = False

    def passes(self, record: Any, start: Any, locale: str) -> tuple[bool, str]:
        found = lookup(record, self.path)
        if found is _MISSING:
            return False, f"{self.path} is missing"
        ok = _norm(found, self.case_sensitive) == _norm(self.value, self.case_sensitive)
        return ok, f"{self.path} is {_show(found)}" + ("" if ok else f", expected {_show(self.value)}")


class NumberEquals(_Check):
    kind: Literal["number_equals"]
    value: Decimal
    tolerance: Annotated[Decimal, Field(ge=0)] = Decimal("0.005")

    def passes(self, record: Any, start: Any, locale: str) -> tuple[bool, str]:
        found = lookup(record, self.path)
        if found is _MISSING:
            return False, f"{self.path} is missing"
        parsed = parse_number(found, locale)
        if parsed.value is None:
            return False, f"{self.path}: {parsed.reason}"
        ok = abs(parsed.value - self.value) <= self.tolerance
        return ok, f"{self.path} is {_show(found)}" + ("" if ok else f", expected {self.value}")


class DateEquals(_Check):
    kind: Literal["date_equals"]
    value: dt.date

    def passes(self, record: Any, start: Any, locale: str) -> tuple[bool, str]:
        found = lookup(record, self.path)
        if found is _MISSING:
            return False, f"{self.path} is missing"
        date, year_given = read_date(found, locale)
        if date is None:
            return False, f"{self.path} is {_show(found)}, which is not a date"
        ok = date == self.value if year_given else (date.month, date.day) == (self.value.month, self.value.day)
        return ok, f"{self.path} is {_show(found)}" + ("" if ok else f", expected {self.value.isoformat()}")


class Sorted(_Check):
    kind: Literal["sorted"]
    by: str | None = None
    order: Literal["ascending", "descending"] = "ascending"
    case_sensitive: bool = False

    def passes(self, record: Any, start: Any, locale: str) -> tuple[bool, str]:
        found = lookup(record, self.path)
        if not isinstance(found, list) or not found:
            return False, f"{self.path} is not a non-empty list"
        values = [lookup(v, self.by) if self.by else v for v in found]
        if any(v is _MISSING or isinstance(v, (dict, list)) or v is None for v in values):
            return False, f"{self.path} has entries without a comparable {self.by or 'value'}"
        keys = [_norm(v, self.case_sensitive) for v in values]
        try:
            ok = keys == sorted(keys, reverse=self.order == "descending")
        except TypeError:
            return False, f"{self.path} mixes text and numbers"
        return ok, f"{self.path} is {'' if ok else 'not '}in {self.order} order"


class _ListCheck(_Check):
    by: str | None = None
    case_sensitive: bool = False

    def entries(self, record: Any) -> list[str] | None:
        """The list's entries (or their `by` field), normalised for comparison; None if no list."""
        found = lookup(record, self.path)
        if not isinstance(found, list):
            return None
        return [str(_norm(lookup(v, self.by) if self.by else v, self.case_sensitive)) for v in found]

    def expected(self, values: tuple[Any, ...]) -> list[str]:
        return [str(_norm(v, self.case_sensitive)) for v in values]

    @cached_property
    def wanted(self) -> tuple[str, ...]:
        """The expected entries (`values`), normalised once."""
        return tuple(self.expected(getattr(self, "values", ())))


class SameItems(_ListCheck):
    kind: Literal["same_items"]
    values: tuple[Any, ...]

    def passes(self, record: Any, start: Any, locale: str) -> tuple[bool, str]:
        entries = self.entries(record)
        if entries is None:
            return False, f"{self.path} is not a list"
        got, want = sorted(entries), sorted(self.wanted)
        ok = got == want
        extra = sorted(set(got) - set(want))
        missing = sorted(set(want) - set(got))
        detail = "" if ok else f" (missing: {', '.join(missing) or 'none'}; extra: {', '.join(extra) or 'none'})"
        return ok, f"{self.path} {'holds' if ok else 'does not hold'} exactly the expected entries{detail}"


class Contains(_ListCheck):
    kind: Literal["contains", "excludes"]
    values: tuple[Any, ...] = Field(min_length=1)

    def passes(self, record: Any, start: Any, locale: str) -> tuple[bool, str]:
        entries = self.entries(record)
        if entries is None:
            return False, f"{self.path} is not a list"
        got = set(entries)
        want = self.wanted
        if self.kind == "contains":
            absent = [w for w in want if w not in got]
            return not absent, f"{self.path} " + (
                f"lacks {', '.join(absent)}" if absent else "has every expected entry"
            )
        present = [w for w in want if w in got]
        return not present, f"{self.path} " + (
            f"still has {', '.join(present)}" if present else "has none of the excluded entries"
        )


class Unchanged(_Check):
    kind: Literal["unchanged"]

    def passes(self, record: Any, start: Any, locale: str) -> tuple[bool, str]:
        ok = lookup(record, self.path) == lookup(start, self.path)
        return ok, f"{self.path} was {'left unchanged' if ok else 'changed'}"


Check = Annotated[
    Equals | NumberEquals | DateEquals | Sorted | SameItems | Contains | Unchanged, Field(discriminator="kind")
]


class Step(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    instruction: Text
    points: Points
    check: Check


class InstructionTask(ItemBase):
    """`points` must equal the sum of the steps' points."""

    type: Literal["instruction_task"]
    answer_types = (dict,)
    start: dict[str, Any]
    steps: tuple[Step, ...] = Field(min_length=1)

    @field_validator("steps")
    @classmethod
    def _unique_steps(cls, steps: tuple[Step, ...]) -> tuple[Step, ...]:
        check_unique([s.id for s in steps], "step")
        return steps

    def semantic_problems(self) -> list[tuple[Loc, str]]:
        total = sum(s.points for s in self.steps)
        if abs(total - self.points) > 1e-9:
            return [(("points",), f"the item is worth {fmt(self.points)} but its steps add up to {fmt(total)}")]
        problems: list[tuple[Loc, str]] = []
        for i, step in enumerate(self.steps):
            if lookup(self.start, step.check.path) is _MISSING and step.check.kind in ("unchanged", "sorted"):
                problems.append((("steps", i, "check", "path"), f"{step.check.path} is not in the start record"))
        return problems

    def shape_problem(self, answer: Any) -> str | None:
        if not isinstance(answer, dict):
            return "this question takes the edited record (an object)"
        added = [str(k)[:40] for k in answer if k not in self.start]
        return f"the record has no field {', '.join(added)}; keep the fields of the record" if added else None

    def candidate_fields(self, variables: Mapping[str, Decimal]) -> dict[str, Any]:
        return {"start": self.start, "form": self.form}

    @cached_property
    def form(self) -> list[dict[str, Any]]:
        """How the candidate edits the record: a form like a CRM's, made from the starting record
        (see `record_form`)."""
        return record_form(self.start, tuple(s.check for s in self.steps))

    def score(self, answer: Any, variables: Mapping[str, Decimal], ctx: ScoringContext) -> Outcome:
        if not isinstance(answer, dict):
            return wrong_shape("the edited record as an object", answer)
        points = 0.0
        done: list[str] = []
        missed: list[str] = []
        notes: dict[str, str] = {}
        for step in self.steps:
            try:
                ok, note = step.check.passes(answer, self.start, ctx.locale)
            except (TypeError, ValueError, InvalidOperation, RecursionError):
                ok, note = False, f"{step.check.path} could not be read"
            notes[step.id] = note
            if ok:
                points += step.points
                done.append(step.id)
            else:
                missed.append(step.id)
        points = round(points, 6)
        evidence = f"{len(done)} of {len(self.steps)} steps done"
        if missed:
            evidence += " (not done: " + "; ".join(f"{m}: {notes[m]}" for m in missed) + ")"
        evidence += f": {fmt(points)} of {fmt(self.points)} points."
        return Outcome(points, evidence, {"done": done, "missed": missed, "checks": notes})


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _label(key: str) -> str:
    words = key.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _input(path: str, value: Any, kinds: dict[str, set[str]]) -> str:
    checked = kinds.get(path, set())
    if isinstance(value, bool):
        return "checkbox"
    if "date_equals" in checked or (isinstance(value, str) and _ISO_DATE.match(value)):
        return "date"
    if "number_equals" in checked or isinstance(value, (int, float)):
        return "number"
    if (isinstance(value, str) and "@" in value) or "email" in path.rsplit(".", 1)[-1].lower():
        return "email"
    return "text"


def record_form(start: dict[str, Any], checks: tuple[Any, ...]) -> list[dict[str, Any]]:
    """The form a candidate edits a record with, made from the starting record alone (no key is
    shown). Each node has a `kind`:

    - `field`: one value, as a text, number, date, e-mail or check box input (a field a step
      checks as a date or a number gets that input);
    - `group`: an object's fields, under its name;
    - `reorder`: a list of entries to put in order (buttons and drag and drop);
    - `buckets`: two or more lists at the same level whose entries are all different: each entry
      goes into exactly one of them (a segmentation);
    - `toggles`: an empty list beside an object of figures: each figure is on or off (highlighted);
    - `list`: any other list of values, edited as entries that can be added and removed.

    The stored answer is the record itself, edited, as the steps read it."""
    kinds: dict[str, set[str]] = {}
    for check in checks:
        kinds.setdefault(check.path, set()).add(check.kind)
    return _nodes(start, "", kinds)


def _nodes(record: dict[str, Any], prefix: str, kinds: dict[str, set[str]]) -> list[dict[str, Any]]:
    # Fields in the order of their names, not of the record's keys: a record stored in PostgreSQL
    # (jsonb) comes back with its keys in another order than SQLite keeps, and the form a candidate
    # sees, and the words of each entry, must not depend on the database or on a restart.
    record = dict(sorted(record.items()))
    nodes: list[dict[str, Any]] = []
    value_lists = [k for k, v in record.items() if isinstance(v, list) and all(_scalar(e) for e in v)]
    entries = [str(e) for k in value_lists for e in record[k]]
    bucketed = len(value_lists) >= 2 and entries and len(set(entries)) == len(entries)
    figures = [
        k for k, v in record.items() if isinstance(v, dict) and v and all(isinstance(e, dict) for e in v.values())
    ]
    for key, value in record.items():
        path = f"{prefix}{key}"
        if bucketed and key in value_lists:
            if key == value_lists[0]:
                nodes.append({"kind": "buckets", "path": prefix.rstrip("."), "label": "",
                              "buckets": [{"path": f"{prefix}{k}", "label": _label(k)} for k in value_lists],
                              "entries": entries})  # fmt: skip
        elif isinstance(value, dict):
            nodes.append(
                {"kind": "group", "path": path, "label": _label(key), "children": _nodes(value, f"{path}.", kinds)}
            )
        elif isinstance(value, list) and value and all(isinstance(e, dict) for e in value):
            shown = [
                " · ".join(str(e[k]) for k in sorted(e) if _scalar(e[k]) and e[k] not in (None, "")) for e in value
            ]
            nodes.append({"kind": "reorder", "path": path, "label": _label(key), "entries": shown})
        elif isinstance(value, list) and not value and figures:
            options = [{"id": k, "label": _label(k)} for f in figures for k in sorted(record[f])]
            nodes.append({"kind": "toggles", "path": path, "label": _label(key), "options": options})
        elif isinstance(value, list):
            nodes.append({"kind": "list", "path": path, "label": _label(key)})
        else:
            nodes.append({"kind": "field", "path": path, "label": _label(key), "input": _input(path, value, kinds)})
    return nodes
