"""People for the impact tables from a CSV export (one row per person), for an outside auditor or the
command line: which columns hold the categories, and one column for the outcome (selected, a
score, or the furthest stage reached). Every refusal names the line and the column."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from hireplay.core.insights.impact import Person

YES = {"1", "yes", "y", "true", "selected", "hired", "advanced", "pass", "passed"}
NO = {"0", "no", "n", "false", "rejected", "not selected", "fail", "failed", ""}


class TableError(ValueError):
    """A refusal with its place: `line` (1 is the header) and `column` (None for the whole file)."""

    def __init__(self, line: int, column: str | None, message: str) -> None:
        self.line, self.column, self.message = line, column, message
        super().__init__(f"line {line}" + (f", column '{column}'" if column else "") + f": {message}")


@dataclass(frozen=True)
class Outcome:
    kind: str  # "selected", "score" or "stage"
    column: str
    stages: tuple[str, ...] = ()


def _header(rows: Iterator[list[str]], wanted: Sequence[str]) -> tuple[list[str], dict[str, int]]:
    """The header line and each column's index by its name (matched without regard to case or
    surrounding spaces); refuses a file without one, or without a wanted column."""
    try:
        header = next(rows)
    except StopIteration:
        raise TableError(1, None, "the file is empty; it needs a header line naming its columns") from None
    except csv.Error as problem:
        raise TableError(1, None, f"not readable as CSV ({problem})") from None
    where = {name.strip().casefold(): index for index, name in enumerate(header)}
    missing = [name for name in wanted if name.strip().casefold() not in where]
    if missing:
        raise TableError(1, missing[0], f"no such column; the file has: {', '.join(h.strip() for h in header)}")
    return header, {name: where[name.strip().casefold()] for name in wanted}


def read_people(lines: Iterable[str], groups: Sequence[str], outcome: Outcome) -> list[tuple[Person, int]]:
    """Each row as a person (and, for stages, the index of the furthest stage reached; 0 otherwise)."""
    rows = csv.reader(lines)
    header, where = _header(rows, [*groups, outcome.column])
    stage_of = {name.casefold(): index for index, name in enumerate(outcome.stages)}
    found: list[tuple[Person, int]] = []
    line = 1
    try:
        for line, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise TableError(line, None, f"{len(row)} cells where the header has {len(header)}")
            cats = {g: row[where[g]].strip() for g in groups}
            value = row[where[outcome.column]].strip()
            if outcome.kind == "selected":
                if value.casefold() not in YES | NO:
                    raise TableError(line, outcome.column, f"'{value}' is neither yes nor no (write 1 or 0)")
                found.append((Person(cats, selected=value.casefold() in YES), 0))
            elif outcome.kind == "score":
                try:
                    score = float(value.replace(",", "."))
                except ValueError:
                    raise TableError(line, outcome.column, f"'{value}' is not a number") from None
                if not math.isfinite(score):
                    raise TableError(line, outcome.column, f"'{value}' is not a finite number")
                found.append((Person(cats, score=score), 0))
            else:
                if value.casefold() not in stage_of:
                    raise TableError(line, outcome.column,
                                     f"'{value}' is not one of the stages: {', '.join(outcome.stages)}")  # fmt: skip
                found.append((Person(cats), stage_of[value.casefold()]))
    except csv.Error as problem:
        raise TableError(line, None, f"not readable as CSV ({problem})") from None
    if not found:
        raise TableError(1, None, "no rows after the header: nothing to compute")
    return found


def read_ratings(lines: Iterable[str], unit: str, rater: str, rating: str) -> dict[str, dict[str, float]]:
    """{unit: {rater: rating}} from one row per rating; a rater rating a unit twice is refused."""
    rows = csv.reader(lines)
    header, where = _header(rows, [unit, rater, rating])
    u, r, v = where[unit], where[rater], where[rating]
    found: dict[str, dict[str, float]] = {}
    line = 1
    try:
        for line, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise TableError(line, None, f"{len(row)} cells where the header has {len(header)}")
            who, what, text = row[r].strip(), row[u].strip(), row[v].strip()
            if not who or not what:
                raise TableError(line, rater if not who else unit, "empty: every rating needs its unit and rater")
            try:
                value = float(text.replace(",", "."))
            except ValueError:
                raise TableError(line, rating, f"'{text}' is not a number") from None
            if not math.isfinite(value):
                raise TableError(line, rating, f"'{text}' is not a finite number")
            if who in found.setdefault(what, {}):
                raise TableError(line, rater, f"{who} rated {what} twice; keep one rating per rater and unit")
            found[what][who] = value
    except csv.Error as problem:
        raise TableError(line, None, f"not readable as CSV ({problem})") from None
    if not found:
        raise TableError(1, None, "no rows after the header: nothing to compute")
    return found


def read_numbers(lines: Iterable[str], columns: Sequence[str] | None = None, skip: Sequence[str] = (),
                 optional: Sequence[str] = ()) -> tuple[list[str], list[list[float]]]:  # fmt: skip
    """Columns of numbers, one row per person: `columns` (default: every column but those in
    `skip`), each cell a number (`72.5` or `72,5`); an empty cell is allowed only in `optional`
    columns, and read as NaN. Returns the column names and the rows."""
    rows = csv.reader(lines)
    header, _ = _header(rows, [*(columns or ()), *skip])
    names = [h.strip() for h in header]
    left_out = {s.strip().casefold() for s in skip}
    wanted = list(columns) if columns else [n for n in names if n.casefold() not in left_out]
    if not wanted:
        raise TableError(1, None, "no column of numbers to read")
    index = {n.casefold(): i for i, n in enumerate(names)}
    may_be_empty = {o.strip().casefold() for o in optional}
    found: list[list[float]] = []
    line = 1
    try:
        for line, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise TableError(line, None, f"{len(row)} cells where the header has {len(header)}")
            values = []
            for name in wanted:
                text = row[index[name.strip().casefold()]].strip()
                if not text and name.strip().casefold() in may_be_empty:
                    values.append(math.nan)
                    continue
                try:
                    value = float(text.replace(",", "."))
                except ValueError:
                    raise TableError(
                        line, name, f"'{text}' is not a number" if text else "empty: give a number"
                    ) from None
                if not math.isfinite(value):
                    raise TableError(line, name, f"'{text}' is not a finite number")
                values.append(value)
            found.append(values)
    except csv.Error as problem:
        raise TableError(line, None, f"not readable as CSV ({problem})") from None
    if not found:
        raise TableError(1, None, "no rows after the header: nothing to compute")
    return wanted, found
