"""One account manager's week: their accounts ranked, each with the reason to call.

Seeds 000 and 001 describe an account manager with 30 to 60 accounts who must decide whom to
call. The ranking adds up urgency from signals a manager would act on, each stated in words:
at risk, a renewal coming up, support first (few licences in use and many open tickets),
upsell-ready (most licences in use and a satisfied client), too long without contact, and the
account's tier. Accounts with nothing pressing follow, so the list is the whole portfolio.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple, Protocol

from hireplay.core.accounts.columns import KINDS, NO_DATE, Columns
from hireplay.core.accounts.model import Account, Dated
from hireplay.core.accounts.policy import Policy


class Classified(Protocol):
    """What the week reads of an account's classification: a fresh engine Result, or a stored one."""

    @property
    def tier(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def at_risk(self) -> Sequence[Sequence[str]]: ...


class Stored(NamedTuple):
    """A stored classification, as the week reads it: its tier, status and at-risk signals."""

    tier: str
    status: str
    at_risk: Sequence[Sequence[str]]


class Situation(Protocol):
    """What the week reads of an account: an `Account`, or the `Facts` of one read from columns."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def renewal_date(self) -> date | None: ...
    @property
    def licences_bought(self) -> int | None: ...
    @property
    def licences_used(self) -> int | None: ...
    @property
    def open_tickets(self) -> int | None: ...
    @property
    def last_contact(self) -> date | None: ...
    @property
    def satisfaction(self) -> Dated | None: ...


class Facts(NamedTuple):
    """An account's situation as the week reads it, taken from the engine's columns."""

    id: str
    name: str
    renewal_date: date | None
    licences_bought: int | None
    licences_used: int | None
    open_tickets: int | None
    last_contact: date | None
    satisfaction: Dated | None


SCALES = {number: name for name, number in KINDS.items()}


def facts(cols: Columns) -> list[Facts]:
    """Every account's `Facts`, built column by column (a few microseconds an account)."""

    def whole(values: Any) -> list[int | None]:
        return [None if v != v else int(v) for v in values.tolist()]  # NaN: unknown

    def days(values: Any) -> list[date | None]:
        return [None if v == NO_DATE else date.fromordinal(v) for v in values.tolist()]

    scores = [None if kind == -1 else Dated(float(value), date.fromordinal(on), SCALES[kind])
              for value, on, kind in zip(cols.satisfaction.tolist(), cols.satisfaction_on.tolist(),
                                         cols.satisfaction_kind.tolist(), strict=True)]  # fmt: skip
    return [Facts(*row) for row in zip(cols.ids, cols.names, days(cols.renewal), whole(cols.licences_bought),
                                       whole(cols.licences_used), whole(cols.open_tickets), days(cols.last_contact),
                                       scores, strict=True)]  # fmt: skip


class Priority(NamedTuple):
    account: str
    name: str
    urgency: float
    reasons: tuple[str, ...]
    action: str  # what to do first
    tier: str
    status: str


def _satisfied(policy: Policy, account: Situation) -> bool | None:
    s = account.satisfaction
    if s is None:
        return None
    if s.kind == "nps":
        return s.value >= policy.priorities.upsell_min_satisfaction
    common = (s.value - 1) * 25 if s.kind == "csat5" else s.value  # CSAT 1-5 on the 0-100 scale
    return common >= policy.priorities.csat_good


def prioritise(
    policy: Policy, accounts: Iterable[Account], results: Mapping[str, Classified], owner: str, as_of: date
) -> list[Priority]:
    """The owner's accounts, most urgent first, each with its reasons and a first action."""
    rank = policy.tier_rank
    out = [
        priority(policy, account, results[account.id], as_of)
        for account in accounts
        if account.owner == owner and account.id in results
    ]
    out.sort(key=lambda x: (-x.urgency, rank.get(x.tier, 99), x.name))
    return out


def priority(policy: Policy, account: Situation, result: Classified, as_of: date) -> Priority:
    """One account's urgency, reasons and first action as of a day (see the module's description)."""
    p = policy.priorities
    rank = policy.tier_rank
    actions = policy.risk_actions
    situations = policy.risk_situations
    urgency = 0.0
    reasons: list[str] = []
    action = ""
    for signal, seen in sorted(result.at_risk, key=lambda x: x[0] not in situations):  # named situations first
        urgency += 50
        reasons.append(f"at risk: {seen}")
        action = action or actions.get(signal, "call to understand what is wrong")
    if account.renewal_date is not None:
        days = (account.renewal_date - as_of).days
        if 0 <= days <= p.renewal_days:
            urgency += 10 + 40 * (1 - days / p.renewal_days)
            reasons.append(f"renewal in {days} days ({account.renewal_date.isoformat()})")
            action = action or "prepare the renewal conversation"
        elif days < 0:
            urgency += 45
            reasons.append(f"renewal date passed {-days} days ago ({account.renewal_date.isoformat()})")
            action = action or "confirm the renewal happened"
    use = None
    if account.licences_bought and account.licences_used is not None:
        use = 100 * account.licences_used / account.licences_bought
    tickets = account.open_tickets or 0
    if use is not None and use < p.support_licence_use and tickets >= p.support_min_tickets:
        urgency += 35
        reasons.append(f"support first: {use:.0f}% of licences in use and {tickets} open tickets")
        action = action or "fix the open tickets before selling anything"
    elif use is not None and use >= p.upsell_licence_use and _satisfied(policy, account):
        urgency += 25
        reasons.append(f"upsell-ready: {use:.0f}% of licences in use and a satisfied client")
        action = action or "propose more licences or the next product"
    if account.last_contact is not None:
        silent = (as_of - account.last_contact).days
        if silent > p.no_contact_days:
            urgency += 20 + min(20.0, (silent - p.no_contact_days) / 3)
            reasons.append(f"no contact for {silent} days (since {account.last_contact.isoformat()})")
            action = action or "get in touch"
    elif rank.get(result.tier, 99) <= 1:
        urgency += 20
        reasons.append("no contact on record")
        action = action or "get in touch"
    if reasons:
        urgency += max(0, 15 - 7 * rank.get(result.tier, 2))
    return Priority(account.id, account.name, round(urgency, 1), tuple(reasons) or ("nothing pressing this week",),
                    action or "keep the usual rhythm", result.tier, result.status)  # fmt: skip
