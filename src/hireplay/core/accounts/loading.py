"""Loading CRM exports straight into the engine's columns, fast enough for a million accounts.

The same columns and conversions as `importing`, but by column: each row's cells are collected
as text, then each column is converted in one step (ISO dates and plain numbers, in NumPy).
A column holding anything else is converted cell by cell with the careful conversions of
`importing`, and a cell that cannot be read is a problem with its line, never a guess. Used by
`hireplay accounts classify --accounts FILE --engagements FILE` and by the benchmark.
"""

from __future__ import annotations

import csv
import gc
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import wraps
from itertools import repeat
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from hireplay.core import csvtext
from hireplay.core.accounts import importing
from hireplay.core.accounts.columns import F64, I64, KINDS, NO_DATE, SCALE_RANGES, Columns
from hireplay.core.accounts.policy import CONTRACT_LEVELS

EPOCH = date(1970, 1, 1).toordinal()
CHUNK = 200_000


@dataclass
class Loaded:
    columns: Columns | None
    problems: list[importing.RowProblem] = field(default_factory=list)
    engagements: int = 0
    skipped: int = 0  # lost deals, left out
    open_deals: int = 0  # kept as pipeline


def _header(path: Path) -> tuple[list[str], str] | str:
    """The header and the delimiter of a CSV file, or why it cannot be read."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as probe:
            sample = probe.read(4096)
    except UnicodeDecodeError:
        return "the file is not UTF-8 text; save it as CSV UTF-8"
    delimiter = csvtext.separator(sample)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle, delimiter=delimiter), None)
    if not header:
        return "the file is empty; the first line must name the columns"
    return header, delimiter


def _picked(
    path: Path, positions: list[int], convert: dict[int, Callable[[list[str], int], Any]] | None = None
) -> tuple[list[str], list[Any], Callable[[int], int]] | str:
    """The header, the chosen columns (in `positions` order) and a function from row index to line.

    Rows are read in chunks by the C-level csv reader straight into lists; each chosen column is
    cut out of a chunk with one comprehension and, where `convert` has a function for its place,
    turned into a NumPy array at once (its text is dropped with the chunk), so memory stays small
    and no Python code runs per cell beyond that.
    """
    convert = convert or {}
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        table = importing.read_table(path.read_bytes(), path.name)
        if isinstance(table, str):
            return table
        header, rows = table
        width = len(header)
        texts: list[list[str]] = [[] for _ in positions]
        lines = []
        for line, row in rows:
            row = row + [""] * (width - len(row))
            for column, i in zip(texts, positions, strict=True):
                column.append(row[i])
            lines.append(line)
        out = [convert[k](texts[k], 0) if k in convert else texts[k] for k in range(len(positions))]
        return header, out, lines.__getitem__
    found = _header(path)
    if isinstance(found, str):
        return found
    header, delimiter = found
    width = max(positions, default=0) + 1
    texts = [[] for _ in positions]
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        next(reader)
        count, dropped = _scanner(positions)(reader, width, *(t.append for t in texts))
        exact = reader.line_num == count + 1 and not dropped  # one line per row: lines follow from positions
    columns: list[Any] = []
    for k, cells in enumerate(texts):
        if k in convert:
            converted = [convert[k](cells[start : start + CHUNK], start) for start in range(0, len(cells), CHUNK)]
            columns.append(np.concatenate(converted) if converted else convert[k]([], 0))
            cells.clear()  # the text is no longer needed
        else:
            columns.append(cells)
    if exact:
        return header, columns, lambda i: i + 2
    return header, columns, _line_numbers(path, delimiter, width).__getitem__


_SCANNERS: dict[tuple[int, ...], Callable[..., tuple[int, bool]]] = {}


def _scanner(positions: list[int]) -> Callable[..., tuple[int, bool]]:
    """A loop made for these column positions: per row, one append per chosen cell and nothing else.

    Written out once per set of positions (a handful per run), because a generic inner loop over
    the positions costs more than reading the file (measured: 1.2 s against 0.7 s a million rows of
    four cells with itemgetter and zip by chunks). Short rows are padded, blank ones skipped.
    """
    key = tuple(positions)
    found = _SCANNERS.get(key)
    if found is None:
        names = [f"a{k}" for k in range(len(positions))]
        # every cell is read before any is appended, so a short row appends nothing twice
        reads = ", ".join(f"row[{i}]" for i in positions) + ("," if len(positions) == 1 else "")
        picks = (
            f"{', '.join(f'v{k}' for k in range(len(positions)))}{',' if len(positions) == 1 else ''} = {reads}; "
            + ("; ".join(f"{n}(v{k})" for k, n in enumerate(names)))
        )
        source = (
            f"def scan(reader, width, {', '.join(names)}):\n"
            "    count = 0\n"
            "    dropped = False\n"
            "    for row in reader:\n"
            "        try:\n"
            f"            {picks}\n"
            "        except IndexError:\n"
            "            if not any(c.strip() for c in row):\n"
            "                dropped = True\n"
            "                continue\n"
            "            row = row + [''] * width\n"
            f"            {picks}\n"
            "        count += 1\n"
            "    return count, dropped\n"
        )
        namespace: dict[str, Any] = {}
        exec(compile(source, f"<scanner {key}>", "exec"), namespace)
        found = _SCANNERS[key] = namespace["scan"]
    return found


def _line_numbers(path: Path, delimiter: str, width: int) -> list[int]:
    """Each kept row's line number, for files where rows span lines or blank lines are skipped."""
    lines = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        next(reader)
        for row in reader:
            if len(row) >= width or any(cell.strip() for cell in row):
                lines.append(reader.line_num)
    return lines


def _xlsx_header(path: Path) -> list[str] | str:
    table = importing.read_table(path.read_bytes(), path.name)
    return table if isinstance(table, str) else table[0]


class _Column:
    """Converts one column of text cells, quickly where the cells allow it."""

    def __init__(self, mapping: importing.ColumnMapping, problems: list[importing.RowProblem], kind: str) -> None:
        self.mapping, self.problems, self.kind = mapping, problems, kind
        self.by_column: dict[str, importing.ColumnMapping] = {}
        self.questions: list[importing.RowProblem] = []  # about a whole column (line 0): nothing is classified

    def _mapping(self, name: str, column: str, cells: list[str]) -> importing.ColumnMapping:
        """How this column writes dates and decimals, found once from its first cells that need it
        (as the importer finds it), or the question to ask."""
        found = self.by_column.get(column)
        if found is None:
            found, question = importing.column_mapping(name, cells, self.mapping)
            self.by_column[column] = found
            if question:
                self.questions.append(importing.RowProblem(0, column, question, self.kind))
        return found

    def as_dates(self, column: str, bad: set[int]) -> Callable[[list[str], int], I64]:
        def convert(cells: list[str], base: int) -> I64:
            return self.dates(cells, base, column, bad)

        return convert

    def as_numbers(self, column: str, name: str, bad: set[int]) -> Callable[[list[str], int], F64]:
        def convert(cells: list[str], base: int) -> F64:
            return self.numbers(cells, base, column, name, bad)

        return convert

    def dates(self, cells: list[str], base: int, column: str, bad: set[int]) -> I64:
        try:
            parsed = np.array(cells, dtype="datetime64[D]")
            days = parsed.astype(np.int64) + EPOCH
            return np.where(np.isnat(parsed), NO_DATE, days)
        except ValueError:
            out = np.full(len(cells), NO_DATE, dtype=np.int64)
            mapping = self._mapping("on", column, cells)
            for i, text in enumerate(cells):
                if text:
                    value, problem = importing._typed("on", text, mapping)
                    if problem:
                        self.problems.append(importing.RowProblem(base + i, column, problem, self.kind))
                        bad.add(base + i)
                    elif isinstance(value, date):
                        out[i] = value.toordinal()
            return out

    def numbers(self, cells: list[str], base: int, column: str, name: str, bad: set[int]) -> F64:
        try:
            empty = cells.count("")
            values = np.array([c or "nan" for c in cells] if empty else cells, dtype=np.float64)
            if np.isinf(values).any() or int(np.isnan(values).sum()) != empty:
                raise ValueError("not finite")  # a literal nan or inf in the file
            if name not in ("revenue", "annual_revenue", "nps", "csat", "csat5", "usage_trend", "ticket_trend") and (
                (values[~np.isnan(values)] < 0).any() or (values[~np.isnan(values)] % 1 != 0).any()
            ):
                raise ValueError("not whole")
            return values
        except ValueError:
            out = np.full(len(cells), np.nan)
            mapping = self._mapping(name, column, cells)
            for i, text in enumerate(cells):
                if text:
                    value, problem = importing._typed(name, text, mapping)
                    if problem:
                        self.problems.append(importing.RowProblem(base + i, column, problem, self.kind))
                        bad.add(base + i)
                    elif value is not None:
                        out[i] = float(value)
            return out


NUMBER_FIELDS = ("active_contacts", "strategic_fit", "referral_influence", "nps", "csat", "licences_bought",
                 "licences_used", "open_tickets", "annual_revenue", "csat5", "usage_trend", "open_escalations",
                 "ticket_trend")  # fmt: skip
DATE_FIELDS = ("strategic_fit_on", "referral_influence_on", "satisfaction_on", "renewal_date", "last_contact",
               "contract_start", "contract_end", "champion_left")  # fmt: skip
RANGES = {**{scale: (low, high, f"{'an NPS' if scale == 'nps' else 'a CSAT'} from {low} to {high}")
             for scale, (low, high) in SCALE_RANGES.items()},
          "usage_trend": (-100, 10_000, "a change in percent"), "ticket_trend": (-100, 10_000, "a change in percent")}  # fmt: skip


F = TypeVar("F", bound=Callable[..., Any])


def _without_cycle_collection(function: F) -> F:
    """Millions of small tuples and no reference cycles: the cyclic garbage collector would walk
    them again and again as they pile up (time growing faster than the file), so it pauses."""

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


def _unreadable(exc: csv.Error) -> str:
    message = str(exc)
    if "field larger than field limit" in message:
        return f"a cell is longer than {csv.field_size_limit():,} characters; no field needs that much"
    return f"the file cannot be read as CSV: {message}"


def load_accounts(path: Path, mapping: importing.ColumnMapping | None = None) -> Loaded:
    """The accounts of a CRM companies export, as columns (parents resolved by id, then by name);
    a file the CSV reader gives up on is a problem, with nothing loaded."""
    try:
        return _load_accounts(path, mapping)
    except csv.Error as exc:
        return Loaded(None, [importing.RowProblem(0, "", _unreadable(exc), "accounts")])


def load_engagements(path: Path, loaded: Loaded, mapping: importing.ColumnMapping | None = None) -> None:
    """Add a deals/placements export to loaded accounts (by account id, else by name); a file the
    CSV reader gives up on is a problem, and the accounts are not classified."""
    try:
        _load_engagements(path, loaded, mapping)
    except csv.Error as exc:
        loaded.problems.append(importing.RowProblem(0, "", _unreadable(exc), "engagements"))
        loaded.columns = None


@_without_cycle_collection
def _load_accounts(path: Path, mapping: importing.ColumnMapping | None = None) -> Loaded:
    mapping = mapping or importing.ColumnMapping()
    found_header = _header(path) if path.suffix.lower() not in (".xlsx", ".xlsm") else None
    if isinstance(found_header, str):
        return Loaded(None, [importing.RowProblem(1, "", found_header, "accounts")])
    header0 = found_header[0] if found_header else _xlsx_header(path)
    if isinstance(header0, str):
        return Loaded(None, [importing.RowProblem(1, "", header0, "accounts")])
    found, _, header_problems = importing.match_columns(header0, "accounts", mapping)
    if header_problems:
        return Loaded(None, [importing.RowProblem(1, "", p, "accounts") for p in header_problems])
    problems: list[importing.RowProblem] = []
    fields = ["name", *(f for f in ("id", "parent", "owner", "contract", *NUMBER_FIELDS, *DATE_FIELDS) if f in found)]
    conv = _Column(mapping, problems, "accounts")
    bad: set[int] = set()
    convert: dict[int, Callable[[list[str], int], Any]] = {}
    for k, f in enumerate(fields):
        column_name = header0[found[f]]
        if f in NUMBER_FIELDS:
            convert[k] = conv.as_numbers(column_name, f, bad)
        elif f in DATE_FIELDS:
            convert[k] = conv.as_dates(column_name, bad)
    table = _picked(path, [found[f] for f in fields], convert)
    if isinstance(table, str):
        return Loaded(None, [importing.RowProblem(1, "", table, "accounts")])
    if conv.questions:  # a column that cannot be read without an answer: nothing is classified
        return Loaded(None, conv.questions)
    header, picked, line_of = table
    i_name = found["name"]
    texts = ("name", "id", "parent", "owner")
    col = {
        f: (list(map(str.strip, column)) if f in texts else column) for f, column in zip(fields, picked, strict=True)
    }
    names = col["name"]
    n = len(names)
    ids = col.get("id", names)
    seen: dict[str, int] = {}
    clean = "" not in names and "" not in ids and len(set(ids)) == n  # the usual case: nothing to report
    for i, (ident, name) in enumerate(zip(ids, names, strict=True) if not clean else ()):
        if not name or not ident:
            problems.append(importing.RowProblem(i, header[i_name], "the name is empty", "accounts"))
            bad.add(i)
        elif ident in seen:
            problems.append(importing.RowProblem(i, header[found.get("id", i_name)],
                                                 f"'{ident}' is already on line {line_of(seen[ident])}", "accounts"))  # fmt: skip
            bad.add(i)
        else:
            seen[ident] = i
    empty_num = np.full(n, np.nan)
    empty_day = np.full(n, NO_DATE, dtype=np.int64)
    nums = {f: col.get(f, empty_num) for f in NUMBER_FIELDS}
    days = {f: col.get(f, empty_day) for f in DATE_FIELDS}
    for f in ("strategic_fit", "referral_influence"):
        v = nums[f]
        wrong = ~np.isnan(v) & ~np.isin(v, [1, 2, 3, 4, 5])
        for i in np.nonzero(wrong)[0].tolist():
            problems.append(importing.RowProblem(i, header[found[f]], f"'{v[i]:g}' is not a rating from 1 to 5",
                                                 "accounts"))  # fmt: skip
            bad.add(i)
    for f, (low, high, what) in RANGES.items():
        v = nums[f]
        for i in np.nonzero(~np.isnan(v) & ((v < low) | (v > high)))[0].tolist():
            problems.append(importing.RowProblem(i, header[found[f]], f"'{v[i]:g}' is not {what}", "accounts"))
            bad.add(i)
    for f in ("strategic_fit", "referral_influence"):  # a rating without its date was set as of this reading
        days[f"{f}_on"] = np.where(~np.isnan(nums[f]) & (days[f"{f}_on"] == NO_DATE), date.today().toordinal(),
                                   days[f"{f}_on"])  # fmt: skip
    sat_kind = np.select([~np.isnan(nums["nps"]), ~np.isnan(nums["csat"]), ~np.isnan(nums["csat5"])],
                         [KINDS["nps"], KINDS["csat"], KINDS["csat5"]], -1)  # fmt: skip
    satisfaction = np.select([sat_kind == 0, sat_kind == 1, sat_kind == 2], [nums["nps"], nums["csat"], nums["csat5"]],
                             np.nan)  # fmt: skip
    days["satisfaction_on"] = np.where(
        (sat_kind >= 0) & (days["satisfaction_on"] == NO_DATE), date.today().toordinal(), days["satisfaction_on"]
    )  # a score without its date: as of this reading
    # each distinct way the file writes a contract type, read once, as the importer reads it
    kinds = {text: importing.contract_kind(text) for text in set(col["contract"])} if "contract" in col else {}
    if any(problem for _, problem in kinds.values()):
        for i, text in enumerate(col["contract"]):
            problem = kinds[text][1]
            if problem:
                problems.append(importing.RowProblem(i, header[found["contract"]], problem, "accounts"))
                bad.add(i)
    if "parent" in col:  # parents given by name: resolved as the importer does, never a guess
        id_set = set(ids)
        if not set(filter(None, col["parent"])) <= id_set:
            named = Counter(name.casefold() for name in names)
            for i, ref in enumerate(col["parent"]):
                if not ref or ref in id_set:
                    continue
                count = named.get(ref.casefold(), 0)
                if count != 1:
                    problems.append(importing.RowProblem(i, header[found["parent"]], (
                        f"'{ref}' names {count} accounts; use the account's id" if count else
                        f"'{ref}' is neither the id nor the name of an account in this file"), "accounts"))  # fmt: skip
                    bad.add(i)
    keep = np.ones(n, dtype=bool)
    if bad:
        keep[list(bad)] = False
    kept = np.nonzero(keep)[0]
    c_acc, c_lvl, c_start, c_end = [], [], [], []
    if "contract" in col:
        for new, i in enumerate(kept.tolist()):
            kind = kinds[col["contract"][i]][0]
            start = days["contract_start"][i]
            if kind and start != NO_DATE:
                c_acc.append(new)
                c_lvl.append(CONTRACT_LEVELS[kind])
                c_start.append(start)
                c_end.append(days["contract_end"][i])
    kept_list = kept.tolist()
    kept_ids = [ids[i] for i in kept_list] if len(kept_list) != n else ids
    kept_names = [names[i] for i in kept_list] if len(kept_list) != n else names
    by_name: dict[str, str] = {}
    if "parent" in col and not set(filter(None, col["parent"])) <= set(kept_ids):  # some parents are given by name
        for ident, name in zip(kept_ids, kept_names, strict=True):
            by_name.setdefault(name.casefold(), ident)
    known = set(kept_ids)
    parents: list[str | None] = []
    for i in kept_list:
        ref = col["parent"][i] if "parent" in col else ""
        parents.append(None if not ref else (ref if ref in known else by_name.get(ref.casefold(), ref)))
    owners: list[str | None] = ([col["owner"][i] or None for i in kept_list] if "owner" in col
                                else [None] * len(kept_list))  # fmt: skip

    def pick(a: Any) -> Any:
        return a[kept]

    columns = Columns(
        ids=kept_ids, names=kept_names, parent_ids=parents, owners=owners,
        active_contacts=pick(nums["active_contacts"]), strategic_fit=pick(nums["strategic_fit"]),
        strategic_fit_on=pick(np.where(days["strategic_fit_on"] == NO_DATE, NO_DATE, days["strategic_fit_on"])),
        referral_influence=pick(nums["referral_influence"]), referral_influence_on=pick(days["referral_influence_on"]),
        satisfaction=pick(satisfaction), satisfaction_kind=pick(sat_kind.astype(np.int64)),
        satisfaction_on=pick(days["satisfaction_on"]), licences_bought=pick(nums["licences_bought"]),
        licences_used=pick(nums["licences_used"]), open_tickets=pick(nums["open_tickets"]),
        renewal=pick(days["renewal_date"]), last_contact=pick(days["last_contact"]),
        company_revenue=pick(nums["annual_revenue"]), usage_trend=pick(nums["usage_trend"]),
        open_escalations=pick(nums["open_escalations"]), ticket_trend=pick(nums["ticket_trend"]),
        champion_left=pick(np.where(days["champion_left"] == NO_DATE, np.nan, days["champion_left"]).astype(np.float64)),
        contract_account=np.array(c_acc, dtype=np.int64), contract_level=np.array(c_lvl, dtype=np.int64),
        contract_start=np.array(c_start, dtype=np.int64), contract_end=np.array(c_end, dtype=np.int64),
    )  # fmt: skip
    found_problems = sorted((importing.RowProblem(line_of(p.line), p.column, p.message, p.kind) for p in problems),
                            key=lambda p: p.line)  # fmt: skip
    return Loaded(columns, found_problems)


@_without_cycle_collection
def _load_engagements(path: Path, loaded: Loaded, mapping: importing.ColumnMapping | None = None) -> None:
    mapping = mapping or importing.ColumnMapping()
    columns = loaded.columns
    if columns is None:
        return
    found_header = _header(path) if path.suffix.lower() not in (".xlsx", ".xlsm") else None
    if isinstance(found_header, str):
        loaded.problems.append(importing.RowProblem(1, "", found_header, "engagements"))
        return
    header0 = found_header[0] if found_header else _xlsx_header(path)
    if isinstance(header0, str):
        loaded.problems.append(importing.RowProblem(1, "", header0, "engagements"))
        return
    found, _, header_problems = importing.match_columns(header0, "engagements", mapping)
    if header_problems:
        loaded.problems += [importing.RowProblem(1, "", p, "engagements") for p in header_problems]
        return
    fields = [f for f in ("account", "on", "revenue", "stage") if f in found]
    problems: list[importing.RowProblem] = []
    conv = _Column(mapping, problems, "engagements")
    bad: set[int] = set()
    convert: dict[int, Callable[[list[str], int], Any]] = {}
    for k, f in enumerate(fields):
        if f == "on":
            convert[k] = conv.as_dates(header0[found["on"]], bad)
        elif f == "revenue":
            convert[k] = conv.as_numbers(header0[found["revenue"]], "revenue", bad)
    table = _picked(path, [found[f] for f in fields], convert)
    if isinstance(table, str):
        loaded.problems.append(importing.RowProblem(1, "", table, "engagements"))
        return
    if conv.questions:  # a column that cannot be read without an answer: nothing is classified
        loaded.problems += conv.questions
        loaded.columns = None
        return
    header, picked, line_of = table
    cells = dict(zip(fields, picked, strict=True))
    refs, ons = cells["account"], cells["on"]
    i_account, i_on, i_revenue = found["account"], found["on"], found.get("revenue")
    n = len(refs)
    keep = np.ones(n, dtype=bool)
    pending = np.zeros(n, dtype=bool)  # open deals: pipeline, not revenue
    if "stage" in cells:
        code = {stage: ("won", "open", "lost").index(importing.deal_state(stage)) for stage in set(cells["stage"])}
        states = np.fromiter(map(code.__getitem__, cells["stage"]), dtype=np.int64, count=n)
        keep = states != 2
        pending = states == 1
        loaded.skipped += int((states == 2).sum())
    index = {ident: i for i, ident in enumerate(columns.ids)}
    by_name: dict[str, int] = {}
    named: dict[str, int] = {}  # how many accounts bear each name
    missing = np.nonzero(np.fromiter(map(index.__contains__, refs), dtype=bool, count=n) == 0)[0]
    if len(missing):  # some engagements name their account rather than give its id
        for i, name in enumerate(columns.names):
            by_name.setdefault(name.casefold(), i)
            named[name.casefold()] = named.get(name.casefold(), 0) + 1
    account = np.fromiter(map(index.get, refs, repeat(-1)), dtype=np.int64, count=n)
    for i in np.nonzero((account < 0) & keep)[0].tolist():
        found_by_name = by_name.get(refs[i].strip().casefold())
        if named.get(refs[i].strip().casefold(), 0) > 1:  # as the importer: never a guess between namesakes
            problems.append(importing.RowProblem(i, header[i_account], f"'{refs[i]}' names "
                                                 f"{named[refs[i].strip().casefold()]} accounts; use the account's id",
                                                 "engagements"))  # fmt: skip
            bad.add(i)
        elif found_by_name is None:
            problems.append(importing.RowProblem(i, header[i_account], f"'{refs[i]}' is neither the id nor the "
                                                 "name of an account of the accounts file", "engagements"))  # fmt: skip
            bad.add(i)
        else:
            account[i] = found_by_name
    days = ons
    for i in np.nonzero((days == NO_DATE) & keep)[0].tolist():
        if i not in bad:
            problems.append(importing.RowProblem(i, header[i_on], "the date is empty", "engagements"))
            bad.add(i)
    revenue = np.nan_to_num(cells["revenue"], nan=0.0) if i_revenue is not None else np.zeros(n)
    if bad:
        keep[list(bad)] = False
    loaded.problems += [importing.RowProblem(line_of(p.line), p.column, p.message, p.kind) for p in problems]
    deals = keep & pending
    if deals.any():
        size = len(columns.ids)
        columns.pipeline = columns.per_account(columns.pipeline, 0.0) + np.bincount(
            account[deals], weights=revenue[deals], minlength=size
        )
        columns.open_deals = columns.per_account(columns.open_deals, 0.0) + np.bincount(account[deals], minlength=size)
        loaded.open_deals += int(deals.sum())
    keep &= ~pending
    columns.engagement_account = np.concatenate([columns.engagement_account, account[keep]])
    columns.engagement_day = np.concatenate([columns.engagement_day, days[keep]])
    columns.engagement_revenue = np.concatenate([columns.engagement_revenue, revenue[keep]])
    loaded.engagements += int(keep.sum())
    loaded.problems.sort(key=lambda p: (p.kind != "accounts", p.line))
