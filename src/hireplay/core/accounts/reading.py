"""The one reader of CRM exports: `hireplay accounts import`, the web import and `hireplay accounts
classify --accounts` all read files here, so the same file gives the same rows, the same problems and
the same results whichever way it comes in.

A file is read in chunks of rows by the C-level CSV reader (or openpyxl for a workbook, without
trusting its dimension tag), each chunk turned into columns at once, and each column converted in
one step where its cells allow (ISO dates and plain numbers, in NumPy) and cell by cell with
`importing`'s careful conversions where they do not. Every cell that cannot be read is a problem
with its file's line and column, never a guess. Then the rows are checked as rows (empty names,
repeated ids, shared domains) and, with `link`, against each other and the stored client base
(parents, the accounts of engagements, and everything that depends on a refused row).

What comes out is a `Table`: typed columns for the engine (`loading` builds its columns from them)
and, on demand, typed rows for the database (`Table.rows`).
"""

from __future__ import annotations

import csv
import gc
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import cached_property, wraps
from itertools import islice, zip_longest
from pathlib import Path
from typing import IO, Any, TypeVar

import numpy as np

from hireplay.core import csvtext
from hireplay.core.accounts import importing
from hireplay.core.accounts.columns import F64, I64, NO_DATE
from hireplay.core.accounts.importing import ColumnMapping, Kind, RowProblem
from hireplay.core.plaintext import text_problem

EPOCH = date(1970, 1, 1).toordinal()
CHUNK = 20_000  # rows read at once: small enough to stay in the processor's caches
TEXT_FIELDS = frozenset({"id", "name", "parent", "owner", "account", "kind", "stage", "contract", "domain",
                         "main_contact", "contact_email", "contact_phone"})  # fmt: skip
NUMBER_FIELDS = frozenset(importing.NUMBER_RULES) | importing.AMOUNT_FIELDS
WON, OPEN, LOST = 0, 1, 2


def _only(joined: str, allowed: bytes) -> bool:
    """Whether a column's cells, joined, hold only these characters (checked at C speed)."""
    try:
        return not joined.encode("ascii").translate(None, allowed)
    except UnicodeEncodeError:
        return False


def _iso_days(cells: list[str], joined: str) -> I64 | None:
    """Day numbers of a chunk of cells that are all YYYY-MM-DD or empty, at once; None otherwise
    (a day that does not exist, 2026-02-30, included: said cell by cell)."""
    if not (_only(joined, b"0123456789-") and set(map(len, cells)) <= {0, 10}):  # numpy reads other forms too
        return None
    try:
        parsed = np.array(cells, dtype="datetime64[D]")
    except ValueError:
        return None
    return np.where(np.isnat(parsed), NO_DATE, parsed.astype(np.int64) + EPOCH)


F = TypeVar("F", bound=Callable[..., Any])


def without_cycle_collection(function: F) -> F:
    """Millions of small lists and tuples and no reference cycles: the cyclic garbage collector
    would walk them again and again as they pile up (time growing faster than the file)."""

    @wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        collecting = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if collecting:
                gc.enable()

    return run  # type: ignore[return-value]


@dataclass
class Table:
    """One file, read: each field's column typed, each row's line, and every problem."""

    kind: Kind
    header: list[str]
    columns: dict[str, str]  # field -> the file's column, as the file names it
    unknown: list[str]  # columns no field uses: kept as extra fields (accounts) or ignored (engagements)
    lines: I64 = field(default_factory=lambda: np.zeros(0, np.int64))  # each row's line in the file
    text: dict[str, list[str]] = field(default_factory=dict)  # text fields, stripped ("" when empty)
    numbers: dict[str, F64] = field(default_factory=dict)  # NaN when empty
    days: dict[str, I64] = field(default_factory=dict)  # day ordinals, NO_DATE when empty
    extra: list[dict[str, str]] = field(default_factory=list)  # accounts: each row's other columns
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[RowProblem] = field(default_factory=list)  # worth a look, not a reason to refuse
    bad: Any = field(default_factory=lambda: np.zeros(0, bool))  # rows refused
    broken: bool = False  # the file could not be read to its end: nothing of it is written
    state: I64 = field(default_factory=lambda: np.zeros(0, np.int64))  # engagements: WON, OPEN or LOST
    rejected: dict[str, int] = field(default_factory=dict)  # accounts: folded id and name of a refused row -> line

    def __len__(self) -> int:
        return len(self.lines)

    def __bool__(self) -> bool:
        return True  # a file read, even one without rows (`if table` never means "if it has rows")

    @property
    def skipped(self) -> int:
        """Lost deals among the readable rows: left out, and counted."""
        return int(((self.state == LOST) & ~self.bad).sum()) if len(self.state) else 0

    @property
    def open_deals(self) -> int:
        return int(((self.state == OPEN) & ~self.bad).sum()) if len(self.state) else 0

    @cached_property
    def keys(self) -> list[str]:
        """Each account row's key: its id, else its name, folded (ids are compared without case)."""
        if self.broken:  # nothing of the file was read
            return []
        names = self.text["name"]
        ids = self.text.get("id")
        if not ids:
            return list(map(str.casefold, names))
        if "" not in ids:
            return list(map(str.casefold, ids))
        return [(ident or name).casefold() for ident, name in zip(ids, names, strict=True)]

    def refuse(self, i: int, column: str, message: str) -> None:
        """Refuse row `i`, saying why beside its line and column."""
        self.problems.append(RowProblem(int(self.lines[i]), column, message, self.kind))
        self.bad[i] = True
        if self.kind == "accounts":  # what refers to it by id or name will say it was refused
            for ref in (self.text["id"][i] if "id" in self.text else "", self.text["name"][i]):
                if ref:
                    self.rejected.setdefault(ref.casefold(), int(self.lines[i]))

    @property
    def kept(self) -> list[int]:
        """The rows to store: not refused, and not a lost deal."""
        if self.broken:  # the file as a whole cannot be read: none of its rows is stored
            return []
        keep = ~self.bad
        if self.kind == "engagements" and len(self.state):
            keep &= self.state != LOST
        return np.nonzero(keep)[0].tolist()

    @cached_property
    def rows(self) -> list[Any]:
        """The rows to store, typed as the database keeps them (refused rows and lost deals left out)."""
        out: list[Any] = []
        fields = list(self.columns)
        for i in self.kept:
            values = {f: self.value(f, i) for f in fields}
            if self.kind == "accounts":
                out.append(importing.AccountRow(int(self.lines[i]), values, self.extra[i] if self.extra else {}))
            else:
                values["open"] = bool(self.state[i] == OPEN)
                if values.get("revenue") is None:
                    values["revenue"] = Decimal(0)
                out.append(importing.EngagementRow(int(self.lines[i]), values))
        return out

    def value(self, name: str, i: int) -> Any:
        """One cell as the database stores it: None when empty."""
        if name in self.text:
            text = self.text[name][i]
            if name == "contract":
                return importing.contract_kind(text)[0] if text else None
            return text or None
        if name in self.days:
            day = int(self.days[name][i])
            return None if day == NO_DATE else date.fromordinal(day)
        number = float(self.numbers[name][i])
        if number != number:
            return None
        if name in importing.AMOUNT_FIELDS:
            return Decimal(repr(number))  # exact for every amount written with 15 digits or fewer
        return int(number) if importing.NUMBER_RULES[name][2] else number


class UnreadableLineError(Exception):
    """A line the CSV reader gives up on (a cell over its limit of 131,072 characters, say)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class _Source:
    """Where the rows come from: the header, chunks of rows (with their lines when known), and for
    a CSV file a second pass giving every row's line when rows span lines or blank lines are left out."""

    header: list[str]
    chunks: Iterator[tuple[list[list[str]], list[int] | None]]
    lines_again: Callable[[], list[int]] | None = None


def _csv_source(open_text: Callable[[], IO[str]]) -> _Source | str:
    with open_text() as probe:
        delimiter = csvtext.separator(probe.read(4096))
    with open_text() as handle:
        try:
            header = next(csv.reader(handle, delimiter=delimiter), None)
        except csv.Error as exc:
            return f"line 1: {exc}"
    if not header:
        return "the file is empty; the first line must name the columns"

    def chunks() -> Iterator[tuple[list[list[str]], list[int] | None]]:
        with open_text() as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            next(reader)
            while True:
                before = reader.line_num
                try:
                    chunk = list(islice(reader, CHUNK))
                except csv.Error as exc:  # the line it was reading
                    raise UnreadableLineError(reader.line_num, str(exc)) from None
                if not chunk:
                    return
                exact = reader.line_num - before == len(chunk)
                yield chunk, (list(range(before + 1, reader.line_num + 1)) if exact else None)

    def lines_again() -> list[int]:
        found = []
        with open_text() as again:
            rows = csv.reader(again, delimiter=delimiter)
            next(rows)
            start = 2
            for row in rows:
                if any(cell.strip() for cell in row):
                    found.append(start)  # the line the row starts on, when a cell spans lines
                start = rows.line_num + 1
        return found

    return _Source(header, chunks(), lines_again)


def _xlsx_source(data: bytes) -> _Source | str:
    table = importing.read_table(data, "x.xlsx")
    if isinstance(table, str):
        return table
    header, rows = table

    def chunks() -> Iterator[tuple[list[list[str]], list[int] | None]]:
        while True:
            part = list(islice(rows, CHUNK))
            if not part:
                return
            yield [cells for _, cells in part], [line for line, _ in part]

    return _Source(header, chunks())


def source_of_bytes(data: bytes, filename: str) -> _Source | str:
    """A file's rows from its bytes (an upload, a staged file), or why it cannot be read."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return _xlsx_source(data)
    text, encoding = csvtext.decode(data)
    if not text and encoding != "utf-8":
        return encoding
    return _csv_source(lambda: io.StringIO(text, newline=""))


def source_of_path(path: Path) -> _Source | str:
    """A file's rows, read from disk as they are needed (a CSV file is never held whole in memory)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_source(path.read_bytes())
    try:
        with path.open(encoding="utf-8-sig", newline="") as probe:
            while probe.read(1 << 24):
                pass
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "cp1252"  # as `csvtext.decode` reads what Excel writes in Western Europe
        try:
            with path.open(encoding=encoding, newline="") as probe:
                while probe.read(1 << 24):
                    pass
        except UnicodeDecodeError:
            return "the file is neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8"
    return _csv_source(lambda: path.open(encoding=encoding, newline=""))


def read_bytes(data: bytes, filename: str, kind: Kind, mapping: ColumnMapping | None = None) -> Table | str:
    source = source_of_bytes(data, filename)
    return source if isinstance(source, str) else read(source, kind, mapping)


def read_path(path: Path, kind: Kind, mapping: ColumnMapping | None = None,
              only: Iterable[str] | None = None) -> Table | str:  # fmt: skip
    source = source_of_path(path)
    return source if isinstance(source, str) else read(source, kind, mapping, only)


class _Converter:
    """Converts one column's cells, a chunk at a time: at once where every cell is plain, else cell
    by cell with `importing`'s conversions (the same ones the preview shows).

    How a column of dates or amounts is written (day or month first; a decimal comma or point) is
    decided by the whole column, as the preview decides it: the evidence of each chunk is added up,
    and a chunk that the evidence so far cannot read for sure (03/04/2026; 1.234) waits until it
    can, or until the end of the file (where 1.234 is read with a decimal point, and 03/04/2026
    asks its question)."""

    def __init__(self, table: Table, mapping: ColumnMapping) -> None:
        self.table, self.mapping = table, mapping
        self.by_column: dict[str, ColumnMapping] = {}  # decided columns
        self.dates: dict[str, tuple[bool, bool, str, str]] = {}  # evidence so far, per column
        self.marks: dict[str, tuple[bool, bool]] = {}
        self.waiting: dict[str, list[tuple[list[Any], int, str, str, list[str], int, str]]] = {}
        self.found: list[tuple[int, str, str]] = []  # (row, column, message)
        self.asked: set[str] = set()  # columns whose question is asked

    def _contradicted(self, name: str, column: str, cells: list[str], joined: str) -> None:
        """After a column is decided, a later cell may still contradict the evidence it was decided on
        (15/03/2026, then 03/15/2026; 1,5 then 2.5): the whole column then asks its question, as the
        preview asks it, and nothing of the file is written."""
        if column in self.asked:
            return
        if name in importing.DATE_FIELDS and column in self.dates:
            was = self.dates[column]
            if "/" not in joined and "-" not in joined and "." not in joined:
                return
            new = importing.date_order_evidence(cells)
            now = self.dates[column] = (was[0] or new[0], was[1] or new[1], was[2] or new[2], was[3] or new[3])
            question = importing.date_order(*now)[1]
        elif name in importing.AMOUNT_FIELDS and column in self.marks:
            was_mark = self.marks[column]
            other = "." if was_mark[0] else ","  # decided on a decimal comma: look for a decimal point
            if other not in joined:
                return
            new_mark = importing.decimal_evidence(c for c in cells if other in c)
            both = self.marks[column] = (was_mark[0] or new_mark[0], was_mark[1] or new_mark[1])
            question = importing.decimal_mark(*both)[1]
        else:
            return
        if question:
            self.asked.add(column)
            self.table.problems.append(RowProblem(0, column, question, self.table.kind))

    def _decided(self, name: str, column: str, cells: list[str], joined: str) -> ColumnMapping | None:
        """The column's mapping, once the evidence up to these cells decides it; None while it cannot."""
        found = self.by_column.get(column)
        if found is not None:
            self._contradicted(name, column, cells, joined)
            return found
        if name in importing.DATE_FIELDS and self.mapping.date_format is None:
            was = self.dates.get(column, (False, False, "", ""))
            new = importing.date_order_evidence(cells)
            now = self.dates[column] = (was[0] or new[0], was[1] or new[1], was[2] or new[2], was[3] or new[3])
            fmt, question = importing.date_order(*now)
            if fmt is None and not question:
                return self.mapping  # no cell like 15/03/2026 yet: nothing to decide, nothing to wait for
            if fmt is None and "could put" in question:
                return None  # every day so far is 12 or less: wait
            found = replace(self.mapping, date_format=fmt) if fmt else self.mapping
            if question:
                self.asked.add(column)
                self.table.problems.append(RowProblem(0, column, question, self.table.kind))
        elif name in importing.AMOUNT_FIELDS and self.mapping.locale == "en":
            was_mark = self.marks.get(column, (False, False))
            new_mark = importing.decimal_evidence(c for c in cells if "," in c or "." in c)
            both = self.marks[column] = (was_mark[0] or new_mark[0], was_mark[1] or new_mark[1])
            mark, question = importing.decimal_mark(*both)
            if mark is None and not question:
                if any("," in c or "." in c for c in cells):
                    return None  # 1.234 or 1,234 so far: wait for a cell that tells
                return self.mapping
            found = replace(self.mapping, locale=mark) if mark else self.mapping
            if question:
                self.asked.add(column)
                self.table.problems.append(RowProblem(0, column, question, self.table.kind))
        else:
            found = self.mapping
        self.by_column[column] = found
        return found

    def convert(self, out: list[Any], name: str, column: str, cells: list[str], base: int, joined: str) -> None:
        """Append the chunk's values to `out` (or a place for them, filled once the column is decided)."""
        if column not in self.by_column:  # cells that read the same however the column is written
            quick = _iso_days(cells, joined) if name in importing.DATE_FIELDS else None
            if quick is not None:
                out.append(quick)
                return
            if name in importing.AMOUNT_FIELDS and "," not in joined and "." not in joined:
                out.append(self._values(self.mapping, name, column, cells, base, joined))
                return
        mapping = self._decided(name, column, cells, joined)
        if mapping is None:
            self.waiting.setdefault(column, []).append((out, len(out), name, column, cells, base, joined))
            out.append(None)
            return
        if column in self.by_column:  # decided: what waited is read now
            for waiting in self.waiting.pop(column, []):
                waiting[0][waiting[1]] = self._values(mapping, *waiting[2:])
        out.append(self._values(mapping, name, column, cells, base, joined))

    def finish(self) -> None:
        """The end of the file: columns still undecided are decided by all their evidence."""
        for column, waiting in list(self.waiting.items()):
            name = waiting[0][2]
            if name in importing.DATE_FIELDS:
                question = importing.date_order(*self.dates[column])[1]
                self.table.problems.append(RowProblem(0, column, question, self.table.kind))
            mapping = self.by_column[column] = self.mapping  # amounts: a decimal point, as nothing tells
            for out, slot, *rest in waiting:
                out[slot] = self._values(mapping, *rest)  # type: ignore[arg-type]
        self.waiting.clear()

    def _values(self, mapping: ColumnMapping, name: str, column: str, cells: list[str], base: int, joined: str) -> Any:
        if name in importing.DATE_FIELDS:
            return self._days(mapping, name, column, cells, base, joined)
        return self._numbers(mapping, name, column, cells, base, joined)

    def _slow(self, mapping: ColumnMapping, name: str, column: str, cells: list[str], base: int) -> list[Any]:
        out: list[Any] = []
        for i, text in enumerate(cells):
            value, problem = importing._typed(name, text, mapping) if text else (None, None)
            if problem:
                self.found.append((base + i, column, problem))
            out.append(value)
        return out

    def _days(self, mapping: ColumnMapping, name: str, column: str, cells: list[str], base: int, joined: str) -> I64:
        quick = _iso_days(cells, joined)
        if quick is not None:
            return quick
        values = self._slow(mapping, name, column, cells, base)
        return np.array([NO_DATE if v is None else v.toordinal() for v in values], dtype=np.int64)

    def _numbers(self, mapping: ColumnMapping, name: str, column: str, cells: list[str], base: int,
                 joined: str) -> F64:  # fmt: skip
        if mapping.locale == "en" and _only(joined, b"0123456789.-"):  # "1.234" is 1234 with a decimal comma
            try:
                empty = cells.count("")
                values = np.array([c or "nan" for c in cells] if empty else cells, dtype=np.float64)
                if int(np.isnan(values).sum()) == empty:
                    self.check(name, column, values, cells, base)
                    return values
            except ValueError:
                pass  # "1-2", "1.2.3": said cell by cell below
        found = self._slow(mapping, name, column, cells, base)
        return np.array([np.nan if v is None else float(v) for v in found], dtype=np.float64)

    def check(self, name: str, column: str, values: F64, cells: list[str], base: int) -> None:
        """The rules `importing._typed` applies to one cell, applied to a column at once."""
        rule = importing.NUMBER_RULES.get(name)
        if rule is None:
            return
        low, high, whole, what = rule
        known = ~np.isnan(values)
        wrong = known & ((values < low) | (values > high))
        if whole:
            wrong |= known & (values % 1 != 0)
        for i in np.nonzero(wrong)[0].tolist():
            self.found.append((base + i, column, f"'{cells[i].strip()}' is not {what}"))


@without_cycle_collection
def read(source: _Source, kind: Kind, mapping: ColumnMapping | None = None, only: Iterable[str] | None = None) -> Table:
    """The file's rows as typed columns with every problem. `only`: the fields wanted (the engine's,
    when classifying from files); every field and the other columns otherwise (to store)."""
    mapping = mapping or ColumnMapping()
    header = source.header
    found, unknown, header_problems = importing.match_columns(header, kind, mapping)
    table = Table(kind, header, {f: header[i] for f, i in found.items()}, unknown)
    if header_problems:
        table.problems = [RowProblem(1, "", p, kind) for p in header_problems]
        table.broken = True
        return table
    wanted = {f: i for f, i in found.items() if only is None or f in only or f in importing.REQUIRED[kind] or f == "id"}
    keep_extra = only is None and kind == "accounts"
    unknown_at = [(i, h) for i, h in enumerate(header) if h in unknown] if keep_extra else []
    required = found[importing.REQUIRED[kind][0]]
    converter = _Converter(table, mapping)
    texts: dict[str, list[str]] = {f: [] for f in wanted if f in TEXT_FIELDS}
    parts: dict[str, list[Any]] = {f: [] for f in wanted if f not in TEXT_FIELDS}
    lines: list[list[int]] = []
    known_lines = True
    count = 0
    unprintable: list[tuple[int, str, str]] = []
    width = len(header)
    try:
        for chunk, chunk_lines in source.chunks:
            columns = list(zip_longest(*chunk, fillvalue=""))
            if len(columns) < width:
                columns += [("",) * len(chunk)] * (width - len(columns))
            firsts = list(map(str.strip, columns[required]))
            blank = [k for k, cell in enumerate(firsts) if not cell] if "" in firsts else []
            blank = [k for k in blank if not any(c.strip() for c in chunk[k])]
            if blank:  # blank lines are no rows
                gone = set(blank)
                chunk = [row for k, row in enumerate(chunk) if k not in gone]
                if chunk_lines is not None:
                    chunk_lines = [line for k, line in enumerate(chunk_lines) if k not in gone]
                else:
                    known_lines = False
                columns = list(zip_longest(*chunk, fillvalue="")) if chunk else [()] * width
                if len(columns) < width:
                    columns += [("",) * len(chunk)] * (width - len(columns))
                firsts = list(map(str.strip, columns[required]))
            if chunk_lines is None:
                known_lines = False
            else:
                lines.append(chunk_lines)
            joined = ["".join(cells) for cells in columns]
            for i, cells in enumerate(columns):  # every cell, used or not: no control character is stored
                if not joined[i].isprintable():
                    for k, cell in enumerate(cells):
                        problem = text_problem(cell, single_line=False) if cell and not cell.isprintable() else None
                        if problem:
                            unprintable.append((count + k, header[i] if i < width else f"column {i + 1}",
                                                f"the cell {problem}"))  # fmt: skip
            for f, i in wanted.items():
                if i == required:
                    texts[f] += firsts
                elif f in TEXT_FIELDS:  # stripped, unless no cell of the column holds a space or a tab
                    texts[f] += map(str.strip, columns[i]) if " " in joined[i] or "\t" in joined[i] else columns[i]
                else:
                    converter.convert(parts[f], f, header[i], list(columns[i]), count, joined[i])
            if keep_extra:
                table.extra += [{h: columns[i][k] for i, h in unknown_at if columns[i][k]} for k in range(len(chunk))]
            count += len(chunk)
    except (csv.Error, UnreadableLineError) as exc:
        message = str(exc)
        if "field larger than field limit" in message:
            message = f"a cell is longer than {csv.field_size_limit():,} characters; no field needs that much"
        table.problems.append(RowProblem(getattr(exc, "line", 0), "", f"this line cannot be read: {message}; nothing "
                                         "of the file is read until it is mended", kind))  # fmt: skip
        table.broken = True
        return table
    converter.finish()
    if known_lines:
        table.lines = np.concatenate(lines).astype(np.int64) if lines else np.zeros(0, np.int64)
    else:
        assert source.lines_again is not None  # only a CSV file's rows can span lines
        table.lines = np.array(source.lines_again(), dtype=np.int64)
    table.text = texts
    for f, arrays in parts.items():
        if f in importing.DATE_FIELDS:
            table.days[f] = np.concatenate(arrays) if arrays else np.zeros(0, np.int64)
        else:
            table.numbers[f] = np.concatenate(arrays) if arrays else np.zeros(0)
    table.bad = np.zeros(count, dtype=bool)
    if any(p.line == 0 for p in table.problems):  # a column that cannot be read without an answer
        table.broken = True
        return table
    for row, column, message in [*unprintable, *converter.found]:
        table.refuse(row, column, message)
    _check_rows(table, kind, wanted)
    table.problems.sort(key=lambda p: p.line)
    return table


def _check_rows(table: Table, kind: Kind, wanted: dict[str, int]) -> None:
    """What is wrong with a row as a whole: an empty required cell, a repeated id, a contract type
    or a deal stage that cannot be read; a domain shared with another row is a note."""
    n = len(table)
    for f in importing.REQUIRED[kind]:
        column = table.columns[f]
        what = "date" if f == "on" else f
        if f in table.text:
            empty = [i for i, t in enumerate(table.text[f]) if not t] if "" in table.text[f] else []
        else:
            empty = np.nonzero(table.days[f] == NO_DATE)[0].tolist()
        taken = {(p.line, p.column) for p in table.problems} if empty else set()
        for i in empty:
            if (int(table.lines[i]), column) not in taken:
                table.refuse(i, column, f"the {what} is empty")
    if "contract" in table.text:
        readings = {t: importing.contract_kind(t) for t in set(table.text["contract"])}
        if any(problem for _, problem in readings.values()):
            for i, t in enumerate(table.text["contract"]):
                problem = readings[t][1]
                if problem:
                    table.refuse(i, table.columns["contract"], problem)
    for f in ("domain", "main_contact", "contact_email", "contact_phone"):
        if f in table.text:
            for i, t in enumerate(table.text[f]):
                if t:
                    value, problem = importing._typed(f, t, ColumnMapping())
                    if problem:
                        table.refuse(i, table.columns[f], problem)
                    else:
                        table.text[f][i] = value
    if kind == "accounts":
        names = table.text["name"]
        ids = table.text.get("id")
        keys = table.keys
        if len(set(keys)) != n:
            column = table.columns.get("id", table.columns["name"])
            seen: dict[str, int] = {}
            for i, key in enumerate(keys):
                if key and key in seen:
                    shown = ids[i] if ids and ids[i] else names[i]
                    table.refuse(i, column, f"'{shown}' is already on line {table.lines[seen[key]]}")
                elif key:
                    seen[key] = i
        if "domain" in table.text:
            first: dict[str, int] = {}
            for i, domain in enumerate(table.text["domain"]):
                if domain and domain in first:
                    table.notes.append(RowProblem(int(table.lines[i]), table.columns["domain"],
                                                  f"the domain '{domain}' is also on line {table.lines[first[domain]]}: "
                                                  "the same company twice?", kind))  # fmt: skip
                elif domain:
                    first[domain] = i
    else:
        stages = table.text.get("stage")
        if stages is not None:
            code = {s: (WON, OPEN, LOST)[("won", "open", "lost").index(importing.deal_state(s or None))]
                    for s in set(stages)}  # fmt: skip
            table.state = np.fromiter(map(code.__getitem__, stages), dtype=np.int64, count=n)
        else:
            table.state = np.zeros(n, dtype=np.int64)
        deal_ids = table.text.get("id")
        if deal_ids is not None and len(set(deal_ids)) != n - max(deal_ids.count("") - 1, 0):
            seen_deal: dict[str, int] = {}  # a deal twice in one file would count its revenue twice
            for i, ident in enumerate(deal_ids):
                if ident and ident in seen_deal:
                    table.refuse(
                        i, table.columns["id"], f"'{ident}' is already on line {table.lines[seen_deal[ident]]}"
                    )
                elif ident:
                    seen_deal[ident] = i


class Resolver:
    """Finds the account a reference means: by id first, then by a name only one account bears,
    among a file's accounts (refused rows left out) and the `stored` ones ((key, name) pairs)."""

    def __init__(self, accounts: Table | None, stored: Iterable[tuple[str, str]] = (), where: str = "in this file"):
        self.accounts = accounts if accounts is not None and not accounts.broken else None
        self.where = where
        self.stored: dict[str, set[str]] = {}  # folded name -> keys, of the stored accounts
        for key, name in stored:
            self.stored.setdefault(name.casefold(), set()).add(key)
        self.keys: list[str] = accounts.keys if accounts is not None else []
        self.refresh()

    def refresh(self) -> None:
        """Learn the file's accounts (again, after rows were refused): a refused row is no target."""
        accounts = self.accounts
        refused_rows = np.nonzero(accounts.bad)[0].tolist() if accounts is not None else []
        self.refused_lines = {self.keys[i]: int(accounts.lines[i]) for i in refused_rows} if accounts else {}
        self.refused = dict(accounts.rejected) if accounts is not None else {}  # folded id or name -> line
        self.known = set(self.keys).union(*self.stored.values()) - set(self.refused_lines)
        self._names: dict[str, set[str]] | None = None  # built when a reference is not an id

    @property
    def names(self) -> dict[str, set[str]]:
        """Folded name -> the keys of the accounts bearing it (refused rows left out)."""
        if self._names is None:
            gone = set(self.refused_lines)
            names = {name: keys - gone for name, keys in self.stored.items()}
            if self.accounts is not None:
                bad = self.accounts.bad.tolist()
                for key, name, refused in zip(self.keys, self.accounts.text["name"], bad, strict=True):
                    if not refused:
                        names.setdefault(name.casefold(), set()).add(key)
            self._names = names
        return self._names

    def __call__(self, ref: str, whose: str, in_accounts_file: bool = False) -> tuple[str | None, str | None]:
        folded = ref.strip().casefold()
        of_file = " of the accounts file" if in_accounts_file else ""
        if folded in self.known:
            return folded, None
        named = self.names.get(folded, set())
        if len(named) == 1:
            return next(iter(named)), None
        if folded in self.refused:
            return None, f"{whose} '{ref}' is on line {self.refused[folded]}{of_file}, which is refused"
        if named:
            return None, f"'{ref}' names {len(named)} accounts; use the account's id"
        return None, f"'{ref}' is neither the id nor the name of an account {self.where}"


@without_cycle_collection
def link_parents(accounts: Table, resolver: Resolver) -> list[str | None]:
    """Each account row's parent (its key), resolved by `resolver`. A parent that cannot be found,
    or that is refused, refuses its subsidiary, and so on down: each says why, with the line."""
    parents: list[str | None] = [None] * len(accounts)
    if accounts.broken or "parent" not in accounts.text:
        return parents
    keys = resolver.keys
    column = accounts.columns["parent"]
    for i, ref in enumerate(accounts.text["parent"]):
        if not ref or accounts.bad[i]:
            continue
        parent, problem = resolver(ref, "its parent")
        if problem or parent == keys[i]:
            accounts.refuse(i, column, problem or "an account cannot be its own parent")
        parents[i] = parent
    changed = True
    while changed:  # a subsidiary of a refused account is refused, as far down as it goes
        changed = False
        line_of = {keys[i]: int(accounts.lines[i]) for i in np.nonzero(accounts.bad)[0].tolist()}
        for i, parent in enumerate(parents):
            if parent in line_of and not accounts.bad[i]:
                accounts.refuse(i, column, f"its parent is on line {line_of[parent]}, which is refused")
                changed = True
    accounts.problems.sort(key=lambda p: p.line)
    resolver.refresh()
    return parents


@without_cycle_collection
def link_engagements(engagements: Table, resolver: Resolver) -> list[str | None]:
    """Each engagement row's account (its key; None when refused), resolved by `resolver`. An
    engagement of a refused account is refused and says which line of the accounts file it was."""
    targets: list[str | None] = [None] * len(engagements)
    if engagements.broken:
        return targets
    column = engagements.columns["account"]
    refs = engagements.text["account"]
    exact: dict[str, str] = {}  # the usual case, at C speed: the account's id as the accounts file writes it
    accounts = resolver.accounts
    if accounts is not None:
        written = accounts.text.get("id", accounts.text["name"])
        if accounts.bad.any():
            exact = {w: k for w, k, b in zip(written, resolver.keys, accounts.bad.tolist(), strict=True) if w and not b}
        else:
            exact = dict(zip(written, resolver.keys, strict=True))
            exact.pop("", None)
    targets = list(map(exact.get, refs))
    misses = [i for i, t in enumerate(targets) if t is None] if None in targets else []
    cache: dict[str, tuple[str | None, str | None]] = {}
    for i in misses + np.nonzero(engagements.bad)[0].tolist():
        ref = refs[i]
        if engagements.bad[i] or not ref:
            targets[i] = None
            continue
        found = cache.get(ref)
        if found is None:
            found = cache[ref] = resolver(ref, "its account", in_accounts_file=True)
        target, problem = found
        if problem is None and target in resolver.refused_lines:
            problem = f"its account '{ref}' is on line {resolver.refused_lines[target]} of the accounts file, which is refused"
            target = None
        if problem:
            engagements.refuse(i, column, problem)
        targets[i] = target
    engagements.problems.sort(key=lambda p: p.line)
    return targets
