"""Loading a CRM export straight into the engine's accounts, fast enough for a million of them.

The same columns and conversions as `importing`, but streamed: each row goes straight into an
`Account` (engagements into its arrays) without an intermediate record. Cells in the common
shapes (ISO dates, plain numbers) take a fast path; anything else goes through the careful
conversions of `importing`, and a cell that cannot be read is a problem with its line, never a
guess. Used by `hireplay accounts classify --accounts FILE --engagements FILE` and the benchmark.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hireplay.core.accounts import importing
from hireplay.core.accounts.model import Account, Contract, Dated


@dataclass
class Loaded:
    accounts: dict[str, Account]
    problems: list[importing.RowProblem] = field(default_factory=list)
    engagements: int = 0
    skipped: int = 0


def _rows(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]] | str:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return importing.read_table(path.read_bytes(), path.name)
    handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by the generator below
    sample = handle.read(4096)
    handle.seek(0)
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return "the file is empty; the first line must name the columns"

    def body() -> Iterator[tuple[int, list[str]]]:
        with handle:
            line = 1
            for row in reader:
                line += 1
                yield line, row

    return header, body()


def _date(text: str, mapping: importing.ColumnMapping) -> date | str | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        value, problem = importing._typed("on", text, mapping)
        return problem if problem else value


def _number(text: str, name: str, mapping: importing.ColumnMapping) -> Any:
    if not text:
        return None
    try:
        return float(text) if name in ("revenue", "annual_revenue") else int(text)
    except ValueError:
        value, problem = importing._typed(name, text, mapping)
        return problem if problem else (float(value) if name in ("revenue", "annual_revenue") else value)


def load_accounts(path: Path, mapping: importing.ColumnMapping | None = None) -> Loaded | str:
    """Accounts from a CRM companies export (parents as given; the engine resolves them)."""
    mapping = mapping or importing.ColumnMapping()
    table = _rows(path)
    if isinstance(table, str):
        return table
    header, rows = table
    found, _, header_problems = importing.match_columns(header, "accounts", mapping)
    loaded = Loaded({})
    if header_problems:
        loaded.problems = [importing.RowProblem(1, "", p, "accounts") for p in header_problems]
        return loaded
    get = found.get
    i_id, i_name, i_parent, i_owner = get("id"), found["name"], get("parent"), get("owner")
    numbers = [
        (n, found[n]) for n in ("active_contacts", "licences_bought", "licences_used", "open_tickets") if n in found
    ]
    dates = [(n, found[n]) for n in ("renewal_date", "last_contact") if n in found]
    rated = [(n, found[n], get(f"{n}_on")) for n in ("strategic_fit", "referral_influence") if n in found]
    i_nps, i_csat, i_sat_on = get("nps"), get("csat"), get("satisfaction_on")
    i_contract, i_start, i_end = get("contract"), get("contract_start"), get("contract_end")
    accounts = loaded.accounts
    names: dict[str, str] = {}
    problems = loaded.problems
    for line, row in rows:
        if len(row) < len(header):
            row = row + [""] * (len(header) - len(row))
        name = row[i_name].strip()
        ident = row[i_id].strip() if i_id is not None else name
        if not name or not ident:
            problems.append(importing.RowProblem(line, header[i_name], "the name is empty", "accounts"))
            continue
        if ident in accounts:
            problems.append(importing.RowProblem(line, header[i_id if i_id is not None else i_name],
                                                 f"'{ident}' appears twice", "accounts"))  # fmt: skip
            continue
        account = Account(ident, name, parent_id=(row[i_parent].strip() or None) if i_parent is not None else None,
                          owner=(row[i_owner].strip() or None) if i_owner is not None else None)  # fmt: skip
        bad = False
        for n, i in numbers:
            value = _number(row[i].strip(), n, mapping)
            if isinstance(value, str):
                problems.append(importing.RowProblem(line, header[i], value, "accounts"))
                bad = True
            else:
                setattr(account, n, value)
        for n, i in dates:
            value = _date(row[i].strip(), mapping)
            if isinstance(value, str):
                problems.append(importing.RowProblem(line, header[i], value, "accounts"))
                bad = True
            else:
                setattr(account, n, value)
        for n, i, i_on in rated:
            text = row[i].strip()
            if text:
                on = _date(row[i_on].strip(), mapping) if i_on is not None else None
                if text not in ("1", "2", "3", "4", "5") or isinstance(on, str):
                    problems.append(importing.RowProblem(line, header[i], f"'{text}' is not a rating from 1 to 5 "
                                                         "with a valid date", "accounts"))  # fmt: skip
                    bad = True
                elif on is not None:
                    setattr(account, n, Dated(int(text), on))
        for kind, i in (("nps", i_nps), ("csat", i_csat)):
            if i is not None and row[i].strip():
                value = _number(row[i].strip(), kind, mapping)
                on = _date(row[i_sat_on].strip(), mapping) if i_sat_on is not None else None
                if isinstance(value, str) or isinstance(on, str):
                    problems.append(importing.RowProblem(line, header[i], str(value if isinstance(value, str) else on),
                                                         "accounts"))  # fmt: skip
                    bad = True
                elif on is not None:
                    account.satisfaction = Dated(value, on, kind)
        if i_contract is not None and row[i_contract].strip():
            contract_kind = importing.CONTRACT_KINDS.get(importing.fold(row[i_contract]))
            start = _date(row[i_start].strip(), mapping) if i_start is not None else None
            end = _date(row[i_end].strip(), mapping) if i_end is not None else None
            if contract_kind and isinstance(start, date) and not isinstance(end, str):
                account.contracts = (Contract(contract_kind, start, end),)
        if not bad:
            accounts[ident] = account
            names.setdefault(name.casefold(), ident)
    for account in accounts.values():  # parents may be given by name
        if account.parent_id is not None and account.parent_id not in accounts:
            account.parent_id = names.get(account.parent_id.casefold(), account.parent_id)
    return loaded


def load_engagements(path: Path, loaded: Loaded, mapping: importing.ColumnMapping | None = None) -> None:
    """Add a deals/placements export to loaded accounts (by account id, else by name)."""
    mapping = mapping or importing.ColumnMapping()
    table = _rows(path)
    if isinstance(table, str):
        loaded.problems.append(importing.RowProblem(1, "", table, "engagements"))
        return
    header, rows = table
    found, _, header_problems = importing.match_columns(header, "engagements", mapping)
    if header_problems:
        loaded.problems += [importing.RowProblem(1, "", p, "engagements") for p in header_problems]
        return
    accounts = loaded.accounts
    by_name = {a.name.casefold(): a for a in accounts.values()}
    i_account, i_on = found["account"], found["on"]
    i_revenue, i_stage = found.get("revenue"), found.get("stage")
    won = importing.WON
    won_raw: set[str] = set()
    count = skipped = 0
    problems = loaded.problems
    for line, row in rows:
        ref = row[i_account]
        account = accounts.get(ref) or by_name.get(ref.strip().casefold())
        if account is None:
            problems.append(importing.RowProblem(line, header[i_account], f"'{ref}' is not an account of the "
                                                 "accounts file", "engagements"))  # fmt: skip
            continue
        if i_stage is not None:
            stage = row[i_stage]
            if stage not in won_raw:
                if importing.fold(stage) not in won:
                    skipped += 1
                    continue
                won_raw.add(stage)
        try:
            day = date.fromisoformat(row[i_on])
        except ValueError:
            parsed = _date(row[i_on].strip(), mapping)
            if not isinstance(parsed, date):
                problems.append(importing.RowProblem(line, header[i_on], parsed or "the date is empty", "engagements"))
                continue
            day = parsed
        amount = 0.0
        if i_revenue is not None:
            try:
                amount = float(row[i_revenue])
                if not -1e15 < amount < 1e15:  # also refuses nan and inf
                    raise ValueError(row[i_revenue])
            except ValueError:
                value = _number(row[i_revenue].strip(), "revenue", mapping)
                if isinstance(value, str):
                    problems.append(importing.RowProblem(line, header[i_revenue], value, "engagements"))
                    continue
                amount = value or 0.0
        account.engagement_days.append(day.toordinal())
        account.engagement_revenue.append(amount)
        count += 1
    loaded.engagements += count
    loaded.skipped += skipped
