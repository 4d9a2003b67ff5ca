"""The engine's columns from CRM exports, for `hireplay accounts classify --accounts FILE
--engagements FILE` and the benchmark: the files are read by `reading`, the one reader the import
uses too, so a file gives the same rows, problems and results whichever way it comes in. Here the
read columns are only arranged as the engine wants them (one entry per kept account, contracts and
engagements with the index of their account).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from hireplay.core.accounts import importing, reading
from hireplay.core.accounts.columns import KINDS, NO_DATE, Columns
from hireplay.core.accounts.policy import CONTRACT_LEVELS

# What the engine reads of each file (the import reads every column).
ACCOUNT_FIELDS = ("id", "name", "parent", "owner", "contract", "active_contacts", "strategic_fit", "strategic_fit_on",
                  "referral_influence", "referral_influence_on", "nps", "csat", "csat5", "satisfaction_on",
                  "licences_bought", "licences_used", "open_tickets", "renewal_date", "last_contact", "annual_revenue",
                  "usage_trend", "open_escalations", "ticket_trend", "champion_left", "contract_start", "contract_end")  # fmt: skip
ENGAGEMENT_FIELDS = ("id", "account", "on", "revenue", "stage")


@dataclass
class Loaded:
    columns: Columns | None
    problems: list[importing.RowProblem] = field(default_factory=list)
    engagements: int = 0
    skipped: int = 0  # lost deals, left out
    open_deals: int = 0  # kept as pipeline
    resolver: reading.Resolver | None = None
    position: dict[str, int] = field(default_factory=dict)  # an account's key -> its place in the columns


def load_accounts(path: Path, mapping: importing.ColumnMapping | None = None) -> Loaded:
    """The accounts of a CRM companies export, as columns (parents resolved by id, then by a name
    only one account bears); a file that cannot be read is a problem, with nothing loaded."""
    table = reading.read_path(path, "accounts", mapping, ACCOUNT_FIELDS)
    if isinstance(table, str):
        return Loaded(None, [importing.RowProblem(1, "", table, "accounts")])
    if table.broken:
        return Loaded(None, table.problems)
    resolver = reading.Resolver(table)
    parents = reading.link_parents(table, resolver)
    return _columns(table, parents, resolver)


@reading.without_cycle_collection
def load_engagements(path: Path, loaded: Loaded, mapping: importing.ColumnMapping | None = None) -> None:
    """Add a deals/placements export to loaded accounts (by account id, else by name); a file that
    cannot be read is a problem, and the accounts are not classified."""
    columns, resolver = loaded.columns, loaded.resolver
    if columns is None or resolver is None:
        return
    table = reading.read_path(path, "engagements", mapping, ENGAGEMENT_FIELDS)
    if isinstance(table, str):
        loaded.problems.append(importing.RowProblem(1, "", table, "engagements"))
        loaded.columns = None
        return
    if table.broken:
        loaded.problems += table.problems
        loaded.columns = None
        return
    targets = reading.link_engagements(table, resolver)
    loaded.problems += table.problems
    loaded.problems.sort(key=lambda p: (p.kind != "accounts", p.line))
    n = len(table)
    place: Any = loaded.position.get  # the account's place, -1 for none
    account = np.fromiter(map(place, targets, repeat(-1)), dtype=np.int64, count=n)
    keep = (account >= 0) & ~table.bad & (table.state != reading.LOST)
    loaded.skipped += table.skipped
    revenue = np.nan_to_num(table.numbers["revenue"], nan=0.0) if "revenue" in table.numbers else np.zeros(n)
    deals = keep & (table.state == reading.OPEN)  # open deals: pipeline, not revenue
    if deals.any():
        size = len(columns.ids)
        columns.pipeline = columns.per_account(columns.pipeline, 0.0) + np.bincount(
            account[deals], weights=revenue[deals], minlength=size
        )
        columns.open_deals = columns.per_account(columns.open_deals, 0.0) + np.bincount(account[deals], minlength=size)
        loaded.open_deals += int(deals.sum())
    keep &= ~deals
    columns.engagement_account = np.concatenate([columns.engagement_account, account[keep]])
    columns.engagement_day = np.concatenate([columns.engagement_day, table.days["on"][keep]])
    columns.engagement_revenue = np.concatenate([columns.engagement_revenue, revenue[keep]])
    loaded.engagements += int(keep.sum())


@reading.without_cycle_collection
def _columns(table: reading.Table, parents: list[str | None], resolver: reading.Resolver) -> Loaded:
    """The kept accounts of a read file, as the engine's columns."""
    kept = np.nonzero(~table.bad)[0]
    kept_list = kept.tolist()
    n = len(table)
    every = len(kept_list) == n  # the usual case: the lists as read, not copied row by row

    def pick(values: list[Any]) -> list[Any]:
        return values if every else [values[i] for i in kept_list]

    names = table.text["name"]
    written = table.text.get("id")
    if written and "" not in written:
        ids = pick(written)
    else:
        ids = [(written[i] if written and written[i] else names[i]) for i in kept_list]
    keys = pick(resolver.keys)
    position = dict(zip(keys, range(len(keys)), strict=True))
    ident_of = dict(zip(keys, ids, strict=True))
    owners = table.text.get("owner")
    empty_num = np.full(n, np.nan)
    empty_day = np.full(n, NO_DATE, dtype=np.int64)
    nums = {f: table.numbers.get(f, empty_num) for f in ACCOUNT_FIELDS if f in reading.NUMBER_FIELDS}
    days = {f: table.days.get(f, empty_day) for f in ACCOUNT_FIELDS if f in importing.DATE_FIELDS}
    today = date.today().toordinal()
    for f in ("strategic_fit", "referral_influence"):  # a rating without its date was set as of this reading
        days[f"{f}_on"] = np.where(~np.isnan(nums[f]) & (days[f"{f}_on"] == NO_DATE), today, days[f"{f}_on"])
    kind = np.select([~np.isnan(nums["nps"]), ~np.isnan(nums["csat"]), ~np.isnan(nums["csat5"])],
                     [KINDS["nps"], KINDS["csat"], KINDS["csat5"]], -1)  # fmt: skip
    satisfaction = np.select([kind == 0, kind == 1, kind == 2], [nums["nps"], nums["csat"], nums["csat5"]], np.nan)
    satisfaction_on = np.where((kind >= 0) & (days["satisfaction_on"] == NO_DATE), today, days["satisfaction_on"])
    level = np.full(n, -1, dtype=np.int64)  # each row's contract level, -1 for none
    if "contract" in table.text:
        readings = {t: importing.contract_kind(t)[0] for t in set(table.text["contract"])}
        levels = {t: CONTRACT_LEVELS[k] if k else -1 for t, k in readings.items()}
        level = np.fromiter(map(levels.__getitem__, table.text["contract"]), dtype=np.int64, count=n)
    with_contract = (level[kept] >= 0) & (days["contract_start"][kept] != NO_DATE)
    champion = np.where(days["champion_left"] == NO_DATE, np.nan, days["champion_left"]).astype(np.float64)
    columns = Columns(
        ids=ids, names=pick(names), parent_ids=[ident_of.get(p) if p else None for p in pick(parents)],
        owners=[o or None for o in pick(owners)] if owners else [None] * len(kept_list),
        active_contacts=nums["active_contacts"][kept], strategic_fit=nums["strategic_fit"][kept],
        strategic_fit_on=days["strategic_fit_on"][kept], referral_influence=nums["referral_influence"][kept],
        referral_influence_on=days["referral_influence_on"][kept], satisfaction=satisfaction[kept],
        satisfaction_kind=kind[kept].astype(np.int64), satisfaction_on=satisfaction_on[kept],
        licences_bought=nums["licences_bought"][kept], licences_used=nums["licences_used"][kept],
        open_tickets=nums["open_tickets"][kept], renewal=days["renewal_date"][kept],
        last_contact=days["last_contact"][kept], company_revenue=nums["annual_revenue"][kept],
        usage_trend=nums["usage_trend"][kept], open_escalations=nums["open_escalations"][kept],
        ticket_trend=nums["ticket_trend"][kept], champion_left=champion[kept],
        contract_account=np.nonzero(with_contract)[0].astype(np.int64), contract_level=level[kept][with_contract],
        contract_start=days["contract_start"][kept][with_contract], contract_end=days["contract_end"][kept][with_contract],
    )  # fmt: skip
    return Loaded(columns, list(table.problems), resolver=resolver, position=position)
