"""A client base as columns (one NumPy array per field), the form the engine computes on.

Built from `Account` objects (the web application's path) or straight from CRM files by
`loading` (the bulk path); either way the engine sees the same columns. Unknown numbers are NaN,
unknown dates -1 (dates are proleptic day numbers, `date.toordinal()`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from hireplay.core.accounts.model import Account
from hireplay.core.accounts.policy import CONTRACT_LEVELS

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
NO_DATE = -1
KINDS = {"nps": 0, "csat": 1, "csat5": 2}  # satisfaction scales: NPS -100..100, CSAT 0-100, CSAT 1-5
SCALE_RANGES = {"nps": (-100, 100), "csat": (0, 100), "csat5": (1, 5)}  # the lowest and highest score of each


@dataclass
class Columns:
    ids: list[str]
    names: list[str]
    parent_ids: list[str | None]
    owners: list[str | None]
    active_contacts: F64
    strategic_fit: F64
    strategic_fit_on: I64
    referral_influence: F64
    referral_influence_on: I64
    satisfaction: F64
    satisfaction_kind: I64  # 0 NPS, 1 CSAT, -1 none
    satisfaction_on: I64
    licences_bought: F64
    licences_used: F64
    open_tickets: F64
    renewal: I64
    last_contact: I64
    # one value per account; empty arrays (files without the columns) read as unknown / none
    company_revenue: F64 = field(default_factory=lambda: np.zeros(0, np.float64))
    usage_trend: F64 = field(default_factory=lambda: np.zeros(0, np.float64))
    open_escalations: F64 = field(default_factory=lambda: np.zeros(0, np.float64))
    ticket_trend: F64 = field(default_factory=lambda: np.zeros(0, np.float64))
    champion_left: F64 = field(default_factory=lambda: np.zeros(0, np.float64))  # day number, NaN: never
    pipeline: F64 = field(default_factory=lambda: np.zeros(0, np.float64))
    open_deals: F64 = field(default_factory=lambda: np.zeros(0, np.float64))
    # contracts and engagements: one row each, with the index of their account
    contract_account: I64 = field(default_factory=lambda: np.zeros(0, np.int64))
    contract_level: I64 = field(default_factory=lambda: np.zeros(0, np.int64))
    contract_start: I64 = field(default_factory=lambda: np.zeros(0, np.int64))
    contract_end: I64 = field(default_factory=lambda: np.zeros(0, np.int64))  # NO_DATE: open-ended
    engagement_account: I64 = field(default_factory=lambda: np.zeros(0, np.int64))
    engagement_day: I64 = field(default_factory=lambda: np.zeros(0, np.int64))
    engagement_revenue: F64 = field(default_factory=lambda: np.zeros(0, np.float64))

    def __len__(self) -> int:
        return len(self.ids)

    def per_account(self, values: F64, missing: float) -> F64:
        """`values` when it has one entry per account, else `missing` for every account."""
        return values if len(values) == len(self.ids) else np.full(len(self.ids), missing, dtype=np.float64)

    @classmethod
    def from_accounts(cls, accounts: Iterable[Account]) -> Columns:
        items = list(accounts)
        n = len(items)

        def num(values: Iterable[float | int | None]) -> F64:
            return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64).reshape(n)

        def day(values: Iterable[date | None]) -> I64:
            return np.array([NO_DATE if v is None else v.toordinal() for v in values], dtype=np.int64).reshape(n)

        c_acc, c_lvl, c_start, c_end = [], [], [], []
        e_acc: list[npt.NDArray[np.int64]] = []
        e_day: list[npt.NDArray[np.int64]] = []
        e_rev: list[npt.NDArray[np.float64]] = []
        for i, a in enumerate(items):
            for contract in a.contracts:
                c_acc.append(i)
                c_lvl.append(CONTRACT_LEVELS.get(contract.kind, 0))
                c_start.append(contract.start.toordinal())
                c_end.append(NO_DATE if contract.end is None else contract.end.toordinal())
            if a.engagement_days:
                days = np.frombuffer(a.engagement_days, dtype=np.int32).astype(np.int64)
                e_day.append(days)
                e_rev.append(np.frombuffer(a.engagement_revenue, dtype=np.float64).copy())
                e_acc.append(np.full(len(days), i, dtype=np.int64))
        return cls(
            ids=[a.id for a in items], names=[a.name for a in items], parent_ids=[a.parent_id for a in items],
            owners=[a.owner for a in items], active_contacts=num(a.active_contacts for a in items),
            strategic_fit=num(a.strategic_fit.value if a.strategic_fit else None for a in items),
            strategic_fit_on=day(a.strategic_fit.on if a.strategic_fit else None for a in items),
            referral_influence=num(a.referral_influence.value if a.referral_influence else None for a in items),
            referral_influence_on=day(a.referral_influence.on if a.referral_influence else None for a in items),
            satisfaction=num(a.satisfaction.value if a.satisfaction else None for a in items),
            satisfaction_kind=np.array([KINDS.get(a.satisfaction.kind, 0) if a.satisfaction else -1 for a in items],
                                       dtype=np.int64).reshape(n),
            satisfaction_on=day(a.satisfaction.on if a.satisfaction else None for a in items),
            licences_bought=num(a.licences_bought for a in items), licences_used=num(a.licences_used for a in items),
            open_tickets=num(a.open_tickets for a in items), renewal=day(a.renewal_date for a in items),
            last_contact=day(a.last_contact for a in items),
            company_revenue=num(a.company_revenue for a in items), pipeline=num(a.pipeline for a in items),
            open_deals=num(a.open_deals for a in items), usage_trend=num(a.usage_trend for a in items),
            open_escalations=num(a.open_escalations for a in items), ticket_trend=num(a.ticket_trend for a in items),
            champion_left=num(a.champion_left_on.toordinal() if a.champion_left_on else None for a in items),
            contract_account=np.array(c_acc, dtype=np.int64), contract_level=np.array(c_lvl, dtype=np.int64),
            contract_start=np.array(c_start, dtype=np.int64), contract_end=np.array(c_end, dtype=np.int64),
            engagement_account=np.concatenate(e_acc) if e_acc else np.zeros(0, np.int64),
            engagement_day=np.concatenate(e_day) if e_day else np.zeros(0, np.int64),
            engagement_revenue=np.concatenate(e_rev) if e_rev else np.zeros(0, np.float64),
        )  # fmt: skip
