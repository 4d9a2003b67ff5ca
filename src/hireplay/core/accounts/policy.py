"""The key-account policy: criteria with measures, bands and weights; tiers; health signals;
hierarchy and ownership rules; the review interval. YAML validated into frozen models, linted
like playbooks (every problem with file, line, column and path)."""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hireplay.core.canonical import canonical_json, sha256_hex
from hireplay.core.items.base import Id

Text = Annotated[str, Field(min_length=1, max_length=2000)]
Percent = Annotated[float, Field(ge=0, le=100)]

# What each criterion can measure, from the account's own data or its group's.
Measure = Literal[
    "revenue",  # revenue of engagements in the trailing window
    "engagements",  # number of engagements in the trailing window
    "active_months",  # months with at least one engagement in the trailing window
    "strategic_fit",  # 1-5, set by the owner (dated)
    "referral_influence",  # 1-5, set by the owner (dated)
    "active_contacts",  # people we actively work with
    "relationship_years",  # years since the first engagement
    "group_revenue",  # revenue of the whole group (root and every subsidiary) in the window
    "group_accounts",  # accounts in the group
    "contract",  # the strongest contract in force: none, agreement, retainer, exclusive
    "satisfaction",  # the latest NPS (-100..100) or CSAT (0..100), if recent enough
    "pipeline",  # the amount of the account's open deals (not won, not lost): potential, never revenue
    "group_pipeline",  # the amount of the open deals of the whole group
    "group_lifetime_revenue",  # revenue of the whole group with us since the first engagement on record
    "group_company_revenue",  # the group's size elsewhere: annual revenue its companies report in the CRM
]
# Measures that add up across a group's members (the others are levels, rates or dates).
ADDITIVE = frozenset({"revenue", "engagements", "active_contacts", "pipeline"})
CONTRACT_LEVELS = {"none": 0, "agreement": 1, "retainer": 2, "exclusive": 3}
HealthMeasure = Literal[
    "satisfaction",  # the latest score on its own scale (see `scales` on a signal)
    "satisfaction_common",  # the latest score on the common 0-100 scale
    "days_since_contact",
    "licence_use",
    "open_tickets",
    "days_to_renewal",
    "days_since_engagement",
    "usage_trend",  # change in usage over the CRM's window, in %
    "open_escalations",
    "ticket_trend",  # change in support tickets over the CRM's window, in %
    "days_since_champion_left",
]
Scale = Literal["nps", "csat", "csat5"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Band(_Model):
    """Values at or above `min` score `points` (0-100); the highest band reached counts."""

    min: float
    points: Percent
    label: str = ""


class Criterion(_Model):
    id: Id
    name: Text
    measure: Measure
    weight: Percent
    bands: tuple[Band, ...] = Field(min_length=1)
    # A band from which the criterion counts as met (its points at least this); defaults to any points.
    met_from: Percent | None = None
    window_months: Annotated[int, Field(ge=1, le=120)] | None = None  # overrides the policy's window
    max_age_days: Annotated[int, Field(ge=1, le=3650)] | None = None  # older dated values count as unknown
    why: str = ""

    @model_validator(mode="after")
    def _bands_rise(self) -> Criterion:
        mins = [b.min for b in self.bands]
        if mins != sorted(mins) or len(set(mins)) != len(mins):
            raise ValueError("bands must be listed from the lowest 'min' to the highest, each 'min' once")
        return self


class Condition(_Model):
    """A test on a criterion's points or a measure's value: `at_least` and/or `below`."""

    criterion: Id | None = None
    measure: HealthMeasure | Measure | None = None
    at_least: float | None = None
    below: float | None = None
    unknown_is: Literal["fail", "pass"] = "fail"

    @model_validator(mode="after")
    def _one_subject(self) -> Condition:
        if (self.criterion is None) == (self.measure is None):
            raise ValueError("give either 'criterion' (its points) or 'measure' (its value), not both")
        if self.at_least is None and self.below is None:
            raise ValueError("give 'at_least', 'below' or both")
        return self


class Tier(_Model):
    """Tiers are tried in order; the first whose conditions all hold is the account's tier."""

    id: Id
    name: Text
    description: str = ""
    min_score: Percent = 0
    min_known_weight: Percent = 0  # share of the criteria's weight that must be known
    all_of: tuple[Condition, ...] = ()


class Limits(_Model):
    below: float | None = None
    above: float | None = None


class HealthSignal(_Model):
    id: Id
    name: Text
    measure: HealthMeasure
    below: float | None = None
    above: float | None = None
    # For `satisfaction`: limits per scale (a CSAT of 20 of 100 is as worrying as an NPS of -60).
    scales: dict[Scale, Limits] = Field(default_factory=dict)
    only_for: tuple[Id, ...] = ()  # tiers the signal applies to (empty: all)
    action: str = ""  # what the owner should do first, for the week

    @model_validator(mode="after")
    def _has_limit(self) -> HealthSignal:
        if self.scales and self.measure != "satisfaction":
            raise ValueError("'scales' applies to the satisfaction measure only")
        if self.below is None and self.above is None and not self.scales:
            raise ValueError("give 'below', 'above', both, or 'scales'")
        return self


class RiskRule(_Model):
    """A named situation (renewal at risk, say): every `all_of` condition holds and, when `any_of`
    is given, at least one of those. Conditions on measures only; an unknown value fails."""

    id: Id
    name: Text
    all_of: tuple[Condition, ...] = Field(min_length=1)
    any_of: tuple[Condition, ...] = ()
    only_for: tuple[Id, ...] = ()
    action: str = ""

    @model_validator(mode="after")
    def _measures_only(self) -> RiskRule:
        if any(c.criterion is not None for c in (*self.all_of, *self.any_of)):
            raise ValueError("a risk rule tests measures ('measure'), not criteria")
        return self


class AtRisk(_Model):
    signals: tuple[HealthSignal, ...] = ()
    rules: tuple[RiskRule, ...] = ()
    overrides_tier: bool = True  # show "at risk" in place of the tier (the tier is still kept)


class FloorRule(_Model):
    """A subsidiary of a group in tier `parent` is at least `at_least` (or the reverse for parents)."""

    parent: Id
    at_least: Id


class ParentRule(_Model):
    """A group with a subsidiary in tier `child` is at least `at_least`."""

    child: Id
    at_least: Id


class Ownership(_Model):
    """Who should own a subsidiary when its owner differs from its group's owner."""

    rule: Literal["group_owner", "largest_revenue_owner", "subsidiary_owner"] = "group_owner"
    # Unless the group's root is in one of these tiers: then the subsidiary's own owner keeps it.
    except_when_group_tier: tuple[Id, ...] = ()
    explanation: str = ""


class GroupRule(_Model):
    """How a group (a top account and every subsidiary) is classified as a unit, and how its tier
    reaches its members.

    Each criterion's measure is combined over the members: `sum`, `max` or `mean` for measures
    that add up (revenue, engagements, contacts, pipeline); for the others (levels and dates) `sum`
    means the group's own figure where one exists (months with an engagement by any member, years
    since the group's first engagement) and the best member's otherwise. The group is then scored
    and tiered by the same criteria and tiers as an account. `members`: `floor` lifts each member to
    at least `steps` tiers below the group's tier; `cap` holds each member to at most `steps` tiers
    above it; `none` only reports the group's tier."""

    combine: Literal["sum", "max", "mean"] = "sum"
    include_parent: bool = True  # the top account's own data counts in the group's figures
    members: Literal["floor", "cap", "none"] = "none"
    steps: Annotated[int, Field(ge=0, le=10)] = 0


class Hierarchy(_Model):
    group: GroupRule | None = None  # None: groups are not classified as a unit
    subsidiary_floors: tuple[FloorRule, ...] = ()
    parent_floors: tuple[ParentRule, ...] = ()
    ownership: Ownership = Ownership()


class Priorities(_Model):
    """Portfolio prioritisation for one account manager's week."""

    upsell_licence_use: Percent = 85
    upsell_min_satisfaction: float = 30  # NPS; CSAT is compared on its own scale via csat_good
    csat_good: Percent = 80
    support_licence_use: Percent = 40
    support_min_tickets: Annotated[int, Field(ge=0)] = 5
    renewal_days: Annotated[int, Field(ge=1)] = 90
    no_contact_days: Annotated[int, Field(ge=1)] = 30


class Policy(_Model):
    id: Id
    version: Annotated[str, Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$")]
    name: Text
    description: str = ""
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "USD"
    window_months: Annotated[int, Field(ge=1, le=120)] = 12
    review_every_days: Annotated[int, Field(ge=1, le=3650)] = 90
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    tiers: tuple[Tier, ...] = Field(min_length=1)
    at_risk: AtRisk = AtRisk()
    hierarchy: Hierarchy = Hierarchy()
    priorities: Priorities = Priorities()

    @property
    def content_hash(self) -> str:
        return "sha256:" + sha256_hex(canonical_json(self.model_dump(mode="json")))

    @property
    def tier_rank(self) -> dict[str, int]:
        """0 for the best tier, then 1, 2, ..."""
        return {t.id: i for i, t in enumerate(self.tiers)}

    @cached_property
    def risk_actions(self) -> dict[str, str]:
        """The first action each at-risk signal and rule names, by id (worked out once per policy,
        not once per account of a classification)."""
        actions = {s.id: s.action for s in self.at_risk.signals if s.action}
        actions.update({r.id: r.action for r in self.at_risk.rules if r.action})
        return actions

    @cached_property
    def risk_situations(self) -> frozenset[str]:
        """The ids of the named situations (the at-risk rules), listed before single signals."""
        return frozenset(r.id for r in self.at_risk.rules)

    def describe(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "content_hash": self.content_hash}
