"""Client accounts as the engine reads them: compact, plain data, independent of any database.

Engagements are kept as two parallel arrays (day numbers and revenue) rather than one object
each, so that a client base of a million accounts with five million engagements fits in memory
and is cheap to aggregate.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Dated:
    """A value set by someone on a date (strategic fit, referral influence, satisfaction)."""

    value: float
    on: date
    kind: str = ""  # for satisfaction: "nps" (-100..100) or "csat" (0..100)


@dataclass(frozen=True, slots=True)
class Contract:
    kind: str  # agreement, retainer, exclusive
    start: date
    end: date | None = None

    def in_force(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(slots=True)
class Account:
    id: str
    name: str
    parent_id: str | None = None
    owner: str | None = None
    active_contacts: int | None = None
    strategic_fit: Dated | None = None
    referral_influence: Dated | None = None
    satisfaction: Dated | None = None  # the latest score
    contracts: tuple[Contract, ...] = ()
    licences_bought: int | None = None
    licences_used: int | None = None
    open_tickets: int | None = None
    renewal_date: date | None = None
    last_contact: date | None = None
    usage_trend: float | None = None  # change in usage over the CRM's window, in % (-20: down a fifth)
    open_escalations: int | None = None
    ticket_trend: float | None = None  # change in support tickets over the CRM's window, in %
    champion_left_on: date | None = None  # when our main supporter at the client left
    company_revenue: float | None = None  # the company's own annual revenue, as the CRM records it
    pipeline: float = 0.0  # the amount of its open deals (not won, not lost)
    open_deals: int = 0
    # Engagements (placements, orders): proleptic day numbers (date.toordinal()) and revenue.
    engagement_days: array[int] = field(default_factory=lambda: array("i"))
    engagement_revenue: array[float] = field(default_factory=lambda: array("d"))

    def add_engagement(self, on: date, revenue: float) -> None:
        self.engagement_days.append(on.toordinal())
        self.engagement_revenue.append(revenue)
