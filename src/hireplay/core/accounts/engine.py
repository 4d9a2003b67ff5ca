"""Classifying a client base by a written policy: tier, score, every criterion, and why.

`classify(policy, accounts, as_of, previous)` is pure and deterministic: the same accounts, policy
and date always give the same results. For each account it computes every criterion's value from
the account's own data (or its group's), the points of the band the value reaches, and whether
the criterion is met. A criterion without data is *unknown*: it scores nothing and is left out of
the score's denominator, so it counts neither for nor against the account, and the rationale
names it. The tier is the first of the policy's tiers whose conditions hold; the hierarchy rules
then raise tiers along parent links; health signals flag accounts at risk; subsidiaries owned by
someone other than their group's owner are reported as conflicts, with who should own them by the
policy's rule. Against a previous classification, each result says what changed and why.

The computation runs on columns (NumPy arrays, one value per account), so a client base of a
million accounts is classified in seconds; each account's `Result`, with its sentences, is built
when it is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

import numpy as np

from hireplay.core.accounts.columns import F64, I64, KINDS, NO_DATE, Columns
from hireplay.core.accounts.model import Account
from hireplay.core.accounts.policy import (
    ADDITIVE,
    Condition,
    Criterion,
    GroupRule,
    HealthSignal,
    Policy,
    RiskRule,
)

CONTRACT_NAMES = {0: "none", 1: "agreement", 2: "retainer", 3: "exclusive"}
SCALE_NAMES = {0: "NPS", 1: "CSAT", 2: "CSAT (1-5)"}


class CriterionResult(NamedTuple):
    id: str
    name: str
    value: float | None  # None: unknown
    shown: str  # the value as a person reads it, or why it is unknown
    points: float | None
    met: bool | None
    weight: float


class Conflict(NamedTuple):
    account: str
    owner: str | None
    group: str
    group_owner: str | None
    should_own: str | None
    rule: str


class Previous(NamedTuple):
    """What was stored the last time an account was classified."""

    tier: str
    status: str
    score: float | None
    on: date
    criteria: Mapping[str, float | None]  # criterion id -> value
    owner: str | None = None


class GroupUnit(NamedTuple):
    """The account's group classified as a unit, by the policy's group rule."""

    tier: str
    score: float | None
    known_weight: float
    rule: str  # how the members' figures were combined, in words
    figures: tuple[tuple[str, str], ...]  # (criterion name, the group's figure as a person reads it)


@dataclass(slots=True)
class Result:
    account: str
    name: str
    tier: str
    status: str  # the tier, or "at_risk" when a health signal overrides it
    score: float | None  # 0-100 over the criteria with data; None when none has data
    known_weight: float  # share (0-100) of the criteria's weight that had data
    criteria: tuple[CriterionResult, ...]
    base_tier: str  # before the hierarchy rules
    group: str  # the id of the top account of its hierarchy (itself when it has no parent)
    parent: str | None
    owner: str | None
    at_risk: tuple[tuple[str, str], ...] = ()  # (signal id, what was seen)
    adjustments: tuple[str, ...] = ()  # hierarchy rules applied, in words
    conflict: Conflict | None = None
    review_due: bool = True
    changes: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()  # data that could not be used (e.g. a parent link forming a loop)
    shortfalls: tuple[tuple[str, tuple[str, ...]], ...] = ()  # each higher tier and what it lacked
    group_name: str = ""
    group_tier: str = ""
    group_last_engagement: date | None = None
    group_size: int = 1
    group_unit: GroupUnit | None = None  # the group classified as a unit (policies with a group rule)
    _policy: Policy | None = field(default=None, repr=False)

    def rationale(self) -> str:
        """The result in sentences a manager can check."""
        assert self._policy is not None
        return explain(self._policy, self)

    def criteria_values(self) -> dict[str, float | None]:
        return {c.id: c.value for c in self.criteria}


def months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def _money(value: float, currency: str) -> str:
    return f"{value:,.0f} {currency}"


def _iso(ordinal: int) -> str:
    return date.fromordinal(int(ordinal)).isoformat()


class Classification(Mapping[str, Result]):
    """The classified client base: columns for every account; a `Result` per account on demand."""

    def __init__(self, policy: Policy, cols: Columns, as_of: date, previous: Mapping[str, Previous] | None) -> None:
        self.policy, self.cols, self.as_of, self.previous = policy, cols, as_of, previous or {}
        self.index = {ident: i for i, ident in enumerate(cols.ids)}
        self._cache: dict[str, Result] = {}
        self._window: _Rows | None = None
        _compute(self)

    # Mapping interface -------------------------------------------------------------------------
    def __getitem__(self, ident: str) -> Result:
        found = self._cache.get(ident)
        if found is None:
            found = self._cache[ident] = _result(self, self.index[ident])
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.cols.ids)

    def at(self, i: int) -> Result:
        """The result of the account in row `i`, built afresh and not kept (for a pass over every
        account that should not hold them all in memory)."""
        return _result(self, i)

    def __len__(self) -> int:
        return len(self.cols.ids)

    def counts(self) -> dict[str, int]:
        """Accounts per status (a tier, or "at_risk")."""
        names = [t.id for t in self.policy.tiers]
        out: dict[str, int] = {}
        for rank, n in enumerate(np.bincount(self.status_rank, minlength=len(names) + 1)):
            if n:
                out["at_risk" if rank == len(names) else names[rank]] = int(n)
        return out

    # computed in _compute ------------------------------------------------------------------------
    criterion_values: dict[str, F64]
    points: dict[str, F64]
    score: F64
    known: F64
    base_rank: I64
    rank: I64
    status_rank: I64
    risk: list[tuple[HealthSignal | RiskRule, Any]]
    parent: I64
    root: I64
    depth: I64
    problems: dict[int, list[str]]
    raised_by: dict[int, list[str]]
    unit: dict[str, Any]  # the groups classified as units (empty without a group rule)
    conflict_mask: Any
    should_own: list[str | None]
    should_why: list[str]
    facts: dict[str, Any]


def _dated(value: F64, on: I64, end: int, max_age: int | None) -> F64:
    known = (~np.isnan(value)) & (on != NO_DATE) & (on <= end)
    if max_age is not None:
        known &= (end - on) <= max_age
    return np.where(known, value, np.nan)


def _resolve_parents(c: Classification) -> None:
    cols, index = c.cols, c.index
    n = len(cols)
    parent = np.full(n, -1, dtype=np.int64)
    problems: dict[int, list[str]] = {}
    for i, pid in enumerate(cols.parent_ids):
        if pid is None:
            continue
        j = index.get(pid)
        if j is None:
            problems.setdefault(i, []).append(f"its parent '{pid}' is not in the client base; treated as a group "
                                              "of its own")  # fmt: skip
        elif j == i:
            problems.setdefault(i, []).append("the account names itself as its parent; ignored")
        else:
            parent[i] = j
    root, depth = _climb(parent)
    looping = np.nonzero(parent[root] >= 0)[0]  # still climbing after the limit: on or below a loop
    for start in looping.tolist():  # break each loop at an account found on it
        seen, node = set(), start
        while node >= 0 and node not in seen:
            seen.add(node)
            node = int(parent[node])
        if node >= 0 and parent[node] >= 0:
            problems.setdefault(node, []).append("its parent links form a loop; its parent is ignored")
            parent[node] = -1
    if len(looping):
        root, depth = _climb(parent)
    c.parent, c.root, c.depth, c.problems = parent, root, depth, problems


def _climb(parent: I64, limit: int = 1000) -> tuple[I64, I64]:
    """Each account's top account and depth, climbing all accounts one level per step. A chain
    longer than `limit` (far deeper than any real hierarchy) can only be a loop; it stops there."""
    root = np.arange(len(parent), dtype=np.int64)
    depth = np.zeros(len(parent), dtype=np.int64)
    for _ in range(limit + 1):
        up = parent[root]
        moving = up >= 0
        if not moving.any():
            break
        root = np.where(moving, up, root)
        depth += moving
    return root, depth


def _compute(c: Classification) -> None:
    policy, cols, as_of = c.policy, c.cols, c.as_of
    n = len(cols)
    end = as_of.toordinal()
    _resolve_parents(c)
    acc, day, rev = cols.engagement_account, cols.engagement_day, cols.engagement_revenue
    seen = day <= end  # later engagements are not known yet on the classification date
    acc_s, day_s, rev_s = acc[seen], day[seen], rev[seen]
    lifetime = np.bincount(acc_s, weights=rev_s, minlength=n)
    first = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    last = np.full(n, NO_DATE, dtype=np.int64)
    np.minimum.at(first, acc_s, day_s)
    np.maximum.at(last, acc_s, day_s)
    first = np.where(first == np.iinfo(np.int64).max, NO_DATE, first)
    windows = {policy.window_months} | {cr.window_months for cr in policy.criteria if cr.window_months}
    revenue, count, months = {}, {}, {}
    for w in windows:
        inside = day_s > months_before(as_of, w).toordinal()
        a = acc_s[inside]
        revenue[w] = np.bincount(a, weights=rev_s[inside], minlength=n)
        count[w] = np.bincount(a, minlength=n).astype(np.float64)
        keys = np.unique(a * 100_000 + day_s[inside] // 30)  # (account, 30-day month) pairs
        months[w] = np.bincount(keys // 100_000, minlength=n).astype(np.float64)
    root = c.root
    group_size = np.bincount(root, minlength=n)[root].astype(np.float64)
    group_last = np.full(n, NO_DATE, dtype=np.int64)
    np.maximum.at(group_last, root, last)
    group_last = group_last[root]
    level = np.zeros(n, dtype=np.int64)
    if len(cols.contract_account):
        in_force = (cols.contract_start <= end) & ((cols.contract_end == NO_DATE) | (cols.contract_end >= end))
        np.maximum.at(level, cols.contract_account[in_force], cols.contract_level[in_force])
    sat = _dated(cols.satisfaction, cols.satisfaction_on, end, None)
    c.facts = {"first": first, "last": last, "revenue": revenue, "count": count, "months": months,
               "group_size": group_size, "group_last": group_last, "level": level,
               "has_engagements": np.bincount(acc, minlength=n) > 0, "lifetime": lifetime,
               "pipeline": cols.per_account(cols.pipeline, 0.0), "open_deals": cols.per_account(cols.open_deals, 0.0),
               "company_revenue": cols.per_account(cols.company_revenue, np.nan), "seen": (acc_s, day_s, rev_s)}  # fmt: skip

    values = {cr.id: _values(c, cr) for cr in policy.criteria}
    points, score, known = _scored(policy, values, cols.satisfaction_kind)
    c.criterion_values, c.points, c.score, c.known = values, points, score, known
    c.facts["health"] = health = _health(c, sat, end, last)
    rank = _ranked(policy, score, known, points, health)
    c.base_rank = rank.copy()
    tier_rank = policy.tier_rank
    raised: dict[int, list[str]] = {}
    c.unit = {}
    if policy.hierarchy.group is not None:
        _group_unit(c, policy.hierarchy.group, rank, raised)
    parent = c.parent
    depth = c.depth
    max_depth = int(depth.max(initial=0))
    for up in policy.hierarchy.parent_floors:
        child_rank, floor = tier_rank[up.child], tier_rank[up.at_least]
        for d in range(max_depth, 0, -1):
            nodes = np.nonzero((depth == d) & (rank == child_rank))[0]
            if not len(nodes):
                continue
            targets = parent[nodes]
            lift = rank[targets] > floor
            for node, target in zip(nodes[lift].tolist(), targets[lift].tolist(), strict=True):
                if rank[target] > floor:
                    rank[target] = floor
                    raised.setdefault(target, []).append(f"raised to {up.at_least} because its subsidiary {cols.names[node]} is "
                                      f"{up.child}")  # fmt: skip
    for down in policy.hierarchy.subsidiary_floors:
        parent_rank, floor = tier_rank[down.parent], tier_rank[down.at_least]
        for d in range(1, max_depth + 1):
            nodes = np.nonzero((depth == d) & (rank > floor))[0]
            if not len(nodes):
                continue
            lift = nodes[rank[parent[nodes]] == parent_rank]
            rank[lift] = floor
            for node in lift.tolist():
                raised.setdefault(node, []).append(f"raised to {down.at_least} because its group {cols.names[int(parent[node])]} is "
                                f"{down.parent}")  # fmt: skip
    c.rank, c.raised_by = rank, raised
    risk: list[tuple[HealthSignal | RiskRule, Any]] = []
    any_risk = np.zeros(n, dtype=bool)
    for signal in policy.at_risk.signals:
        v = health[signal.measure]
        hit = _beyond(v, signal.below, signal.above)
        for scale, limits in signal.scales.items():
            hit |= (cols.satisfaction_kind == KINDS[scale]) & _beyond(v, limits.below, limits.above)
        hit &= ~np.isnan(v)
        if signal.only_for:
            hit &= np.isin(rank, [tier_rank[t] for t in signal.only_for])
        risk.append((signal, hit))
        any_risk |= hit
    for rule in policy.at_risk.rules:
        hit = np.ones(n, dtype=bool)
        for cond in rule.all_of:
            hit &= _holds_all(cond, {}, health)
        if rule.any_of:
            some = np.zeros(n, dtype=bool)
            for cond in rule.any_of:
                some |= _holds_all(cond, {}, health)
            hit &= some
        if rule.only_for:
            hit &= np.isin(rank, [tier_rank[t] for t in rule.only_for])
        risk.append((rule, hit))
        any_risk |= hit
    c.risk = risk
    c.status_rank = np.where(any_risk & policy.at_risk.overrides_tier, len(policy.tiers), rank)
    _ownership(c)


def _values(c: Classification, cr: Criterion) -> F64:
    """One criterion's measure for every account, from its own data or its group's (NaN: unknown)."""
    f, cols, end = c.facts, c.cols, c.as_of.toordinal()
    n, root = len(cols), c.root
    w = cr.window_months or c.policy.window_months
    m = cr.measure
    v: Any
    if m == "revenue":
        v = f["revenue"][w]
    elif m == "engagements":
        v = f["count"][w]
    elif m == "active_months":
        v = f["months"][w]
    elif m == "relationship_years":
        v = np.where(f["first"] == NO_DATE, 0.0, (end - f["first"]) / 365.25)
    elif m == "group_revenue":
        v = np.bincount(root, weights=f["revenue"][w], minlength=n)[root]
    elif m == "group_accounts":
        v = f["group_size"]
    elif m == "group_lifetime_revenue":
        v = np.bincount(root, weights=f["lifetime"], minlength=n)[root]
    elif m == "pipeline":
        v = f["pipeline"]
    elif m == "group_pipeline":
        v = np.bincount(root, weights=f["pipeline"], minlength=n)[root]
    elif m == "group_company_revenue":
        v = _combine(f["company_revenue"], np.ones(n, dtype=bool), root, "sum")[root]
    elif m == "active_contacts":
        v = cols.active_contacts
    elif m == "strategic_fit":
        v = _dated(cols.strategic_fit, cols.strategic_fit_on, end, cr.max_age_days)
    elif m == "referral_influence":
        v = _dated(cols.referral_influence, cols.referral_influence_on, end, cr.max_age_days)
    elif m == "contract":
        v = f["level"].astype(np.float64)
    else:  # satisfaction, on its own scale (the points are read on the common 0-100 scale)
        v = _dated(cols.satisfaction, cols.satisfaction_on, end, cr.max_age_days)
    return np.asarray(v, dtype=np.float64)


def common_scale(value: F64, kind: I64) -> F64:
    """Satisfaction on one 0-100 scale: NPS (-100..100) as (NPS + 100) / 2, CSAT 1-5 as (CSAT - 1) * 25."""
    return np.where(kind == 0, (value + 100) / 2, np.where(kind == 2, (value - 1) * 25, value))


def _scored(policy: Policy, values: Mapping[str, F64], kind: I64 | None = None) -> tuple[dict[str, F64], F64, F64]:
    """Each criterion's points, the score over the criteria with data, and the share of weight known."""
    n = len(next(iter(values.values())))
    points: dict[str, F64] = {}
    earned = np.zeros(n)
    known_w = np.zeros(n)
    for cr in policy.criteria:
        v = values[cr.id]
        if cr.measure == "satisfaction" and kind is not None:
            v = common_scale(v, kind)
        mins = np.array([b.min for b in cr.bands])
        pts = np.array([b.points for b in cr.bands])
        where = np.searchsorted(mins, np.nan_to_num(v, nan=-np.inf), side="right") - 1
        p = np.where(where >= 0, pts[np.clip(where, 0, None)], 0.0)
        p = np.where(np.isnan(v), np.nan, p)
        points[cr.id] = p
        ok = ~np.isnan(p)
        earned += np.where(ok, p * cr.weight, 0.0)
        known_w += np.where(ok, cr.weight, 0.0)
    total = sum(cr.weight for cr in policy.criteria) or 1.0
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(known_w > 0, np.round(earned / np.where(known_w > 0, known_w, 1), 1), np.nan)
    return points, score, np.round(100 * known_w / total, 1)


def _ranked(policy: Policy, score: F64, known: F64, points: Mapping[str, F64], health: Mapping[str, F64]) -> I64:
    """Each account's tier (its place in the policy's list): the first whose conditions hold."""
    n = len(score)
    rank = np.full(n, len(policy.tiers) - 1, dtype=np.int64)
    open_ = np.ones(n, dtype=bool)
    for t_rank, tier in enumerate(policy.tiers):
        ok = open_ & (np.nan_to_num(score, nan=0.0) >= tier.min_score) & (known >= tier.min_known_weight)
        for cond in tier.all_of:
            ok &= _holds_all(cond, points, health)
        rank[ok] = t_rank
        open_ &= ~ok
    return rank


def _combine(v: F64, member: Any, root: I64, how: str) -> F64:
    """Per group (indexed by its top account): the members' known values combined; NaN when none is known."""
    n = len(v)
    ok = member & ~np.isnan(v)
    r, x = root[ok], v[ok]
    count = np.bincount(r, minlength=n)
    if how == "max":
        out = np.full(n, -np.inf)
        np.maximum.at(out, r, x)
    else:
        out = np.bincount(r, weights=x, minlength=n)
        if how == "mean":
            out = out / np.maximum(count, 1)
    return np.where(count > 0, out, np.nan)


COMBINED = {"sum": "summed", "max": "the largest member's", "mean": "averaged over the members"}


def _group_unit(c: Classification, rule: GroupRule, rank: I64, raised: dict[int, list[str]]) -> None:
    """Classify each group (two accounts or more) as a unit, then apply the rule to its members."""
    policy, cols, f = c.policy, c.cols, c.facts
    n, root = len(cols), c.root
    end = c.as_of.toordinal()
    everyone = np.arange(n)
    grouped = f["group_size"] > 1
    member = grouped & (rule.include_parent | (root != everyone))
    acc_s, day_s, _ = f["seen"]
    values: dict[str, F64] = {}
    for cr in policy.criteria:
        m, v = cr.measure, c.criterion_values[cr.id]
        w = cr.window_months or policy.window_months
        if m.startswith("group_"):
            values[cr.id] = v.copy()  # already the group's figure, the same for every member
        elif m == "active_months" and rule.combine == "sum":  # months in which any member was engaged
            a, d = acc_s[member[acc_s]], day_s[member[acc_s]]
            inside = d > months_before(c.as_of, w).toordinal()
            keys = np.unique(root[a[inside]] * 100_000 + d[inside] // 30)
            values[cr.id] = np.bincount(keys // 100_000, minlength=n).astype(np.float64)
        elif m == "relationship_years" and rule.combine == "sum":  # since the group's first engagement
            first = np.where(f["first"] == NO_DATE, np.iinfo(np.int64).max, f["first"])
            group_first = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
            np.minimum.at(group_first, root[member], first[member])
            values[cr.id] = np.where(group_first == np.iinfo(np.int64).max, 0.0, (end - group_first) / 365.25)
        else:
            how = rule.combine if (m in ADDITIVE or rule.combine != "sum") else "max"
            values[cr.id] = _combine(v, member, root, how)
    kind = cols.satisfaction_kind.copy()
    sat_ids = [cr.id for cr in policy.criteria if cr.measure == "satisfaction"]
    if sat_ids:  # the group's satisfaction is read on the common scale
        common = common_scale(cols.satisfaction, cols.satisfaction_kind)
        for ident in sat_ids:
            member_common = np.where(np.isnan(c.criterion_values[ident]), np.nan, common)
            values[ident] = _combine(member_common, member, root, "max" if rule.combine == "sum" else rule.combine)
        kind = np.full(n, 1, dtype=np.int64)
    health = {k: h[everyone] for k, h in f["health"].items()}
    health["days_since_engagement"] = np.where(f["group_last"] == NO_DATE, np.nan, end - f["group_last"]).astype(
        np.float64
    )
    points, score, known = _scored(policy, values, kind)
    group_rank = _ranked(policy, score, known, points, health)
    c.unit = {"values": values, "score": score, "known": known, "rank": group_rank}
    tiers, last = policy.tiers, len(policy.tiers) - 1
    parent_note = "the top account's own figures included" if rule.include_parent else "the top account's own " \
        "figures left out"  # fmt: skip
    c.unit["rule"] = f"figures {COMBINED[rule.combine]}, {parent_note}"
    if rule.members == "none":
        return
    target_of_group = group_rank[root]
    steps = rule.steps
    if rule.members == "floor":
        target = np.minimum(target_of_group + steps, last)
        moved = np.nonzero(grouped & (rank > target))[0]
        relation = "at least" if steps == 0 else f"at most {steps} tier(s) below"
        verb = "raised"
    else:
        target = np.maximum(target_of_group - steps, 0)
        moved = np.nonzero(grouped & (rank < target))[0]
        relation = "at most" if steps == 0 else f"at most {steps} tier(s) above"
        verb = "held"
    rank[moved] = target[moved]
    for i in moved.tolist():
        group_tier = tiers[int(target_of_group[i])].id
        raised.setdefault(i, []).append(
            f"{verb} to {tiers[int(rank[i])].id} by the group rule: the group headed by {cols.names[int(root[i])]}, "
            f"classified as a unit, is {group_tier}, and each member is {relation} the group's tier"
        )


def _beyond(v: F64, below: float | None, above: float | None) -> Any:
    hit = np.zeros(len(v), dtype=bool)
    if below is not None:
        hit |= v < below
    if above is not None:
        hit |= v > above
    return hit


def _health(c: Classification, sat: F64, end: int, last: I64) -> dict[str, F64]:
    cols = c.cols
    with np.errstate(invalid="ignore", divide="ignore"):
        use = np.where(cols.licences_bought > 0, 100 * cols.licences_used / cols.licences_bought, np.nan)
    left = cols.per_account(cols.champion_left, np.nan)
    return {
        "satisfaction": sat,
        "satisfaction_common": common_scale(sat, cols.satisfaction_kind),
        "usage_trend": cols.per_account(cols.usage_trend, np.nan),
        "open_escalations": cols.per_account(cols.open_escalations, np.nan),
        "ticket_trend": cols.per_account(cols.ticket_trend, np.nan),
        "days_since_champion_left": np.where(left <= end, end - left, np.nan),
        "days_since_contact": np.where(cols.last_contact == NO_DATE, np.nan, end - cols.last_contact).astype(
            np.float64
        ),
        "licence_use": use,
        "open_tickets": cols.open_tickets,
        "days_to_renewal": np.where(cols.renewal == NO_DATE, np.nan, cols.renewal - end).astype(np.float64),
        "days_since_engagement": np.where(last == NO_DATE, np.nan, end - last).astype(np.float64),
    }


def _holds_all(cond: Condition, points: Mapping[str, F64], health: Mapping[str, F64]) -> Any:
    v = points[cond.criterion] if cond.criterion is not None else health.get(cond.measure or "")
    if v is None:
        raise ValueError(f"the condition's measure {cond.measure} cannot be used in a tier rule")
    ok = np.ones(len(v), dtype=bool)
    if cond.at_least is not None:
        ok &= v >= cond.at_least
    if cond.below is not None:
        ok &= v < cond.below
    unknown = np.isnan(v)
    return np.where(unknown, cond.unknown_is == "pass", ok)


def _ownership(c: Classification) -> None:
    cols, policy = c.cols, c.policy
    n = len(cols)
    codes: dict[str | None, int] = {None: -1}
    owner = np.array([codes.setdefault(o, len(codes)) if o is not None else -1 for o in cols.owners], dtype=np.int64)
    names = {v: k for k, v in codes.items()}
    root = c.root
    group_owner = owner[root]
    mask = (root != np.arange(n)) & (owner >= 0) & (group_owner >= 0) & (owner != group_owner)
    rule = policy.hierarchy.ownership
    except_ranks = [policy.tier_rank[t] for t in rule.except_when_group_tier]
    keeps = np.isin(c.rank[root], except_ranks)
    if rule.rule == "group_owner":
        should = np.where(keeps, owner, group_owner)
        why = "the group's owner owns every account in the group"
    elif rule.rule == "subsidiary_owner":
        should = owner
        why = "each subsidiary keeps its own owner"
    else:
        revenue = c.facts["revenue"][policy.window_months]
        order = np.lexsort((-(root == np.arange(n)), -revenue, root))  # per group: largest revenue first
        best = np.full(n, -1, dtype=np.int64)
        has_owner = owner[order] >= 0
        firsts = order[has_owner]
        _, where = np.unique(root[firsts], return_index=True)
        best[root[firsts][where]] = firsts[where]
        chosen = best[root]
        should = np.where(keeps, owner, np.where(chosen >= 0, owner[np.clip(chosen, 0, None)], group_owner))
        why = "the owner of the group's largest account owns the group"
    c.conflict_mask = mask
    c.should_own = [names.get(int(x)) for x in should.tolist()] if mask.any() else [None] * n
    kept = "the group is in a tier where whoever works with the subsidiary now keeps it"
    c.should_why = [kept if k else why for k in keeps.tolist()] if mask.any() else [why] * n


def classify(
    policy: Policy,
    accounts: Iterable[Account] | Columns,
    as_of: date,
    previous: Mapping[str, Previous] | None = None,
) -> Classification:
    """Classify every account as of a date; see the module's description."""
    cols = accounts if isinstance(accounts, Columns) else Columns.from_accounts(accounts)
    return Classification(policy, cols, as_of, previous)


def _shown(c: Classification, cr: Criterion, i: int, value: float) -> str:
    policy, f = c.policy, c.facts
    w = cr.window_months or policy.window_months
    currency = policy.currency
    m = cr.measure
    if m == "revenue":
        if not f["has_engagements"][i]:
            return f"{_money(0, currency)} (no engagements on record)"
        return f"{_money(value, currency)} in the last {w} months"
    if m == "engagements":
        lastday = f["last"][i]
        return f"{value:g} in the last {w} months" + (
            f"; the last was on {_iso(lastday)}" if lastday != NO_DATE else ""
        )
    if m == "active_months":
        lastday = f["last"][i]
        return (f"engaged in {value:g} of the last {w} months"
                + (f"; the last engagement was on {_iso(lastday)}" if lastday != NO_DATE else ""))  # fmt: skip
    if m == "relationship_years":
        return "no engagement yet" if f["first"][i] == NO_DATE else f"{value:.1f} years since the first engagement"
    if m == "group_revenue":
        size = int(f["group_size"][i])
        if size == 1:
            return f"{_money(value, currency)} (not part of a larger group)"
        return f"{_money(value, currency)} across the group of {size} accounts in the last {w} months"
    if m == "group_accounts":
        return f"{value:g} account(s) in the group"
    if m == "pipeline":
        deals = int(f["open_deals"][i])
        return (
            f"{_money(value, currency)} in {deals} open deal(s)" if deals else f"{_money(0, currency)} (no open deal)"
        )
    if m == "group_pipeline":
        return f"{_money(value, currency)} in open deals across the group of {int(f['group_size'][i])} account(s)"
    if m == "group_lifetime_revenue":
        return f"{_money(value, currency)} with the group of {int(f['group_size'][i])} account(s), ever" + (
            f"; the last engagement was on {_iso(f['group_last'][i])}" if f["group_last"][i] != NO_DATE else ""
        )
    if m == "group_company_revenue":
        return f"{_money(value, currency)} a year, as the group's companies report it in the CRM"
    if m == "active_contacts":
        return f"{value:g} active contact(s)"
    if m in ("strategic_fit", "referral_influence"):
        on = getattr(c.cols, f"{m}_on")[i]
        return f"{value:g} (set {_iso(on)})"
    if m == "contract":
        return "no contract in force" if value == 0 else f"{CONTRACT_NAMES[int(value)]} in force"
    kind = SCALE_NAMES.get(int(c.cols.satisfaction_kind[i]), "CSAT")
    return f"{kind} {c.cols.satisfaction[i]:g} on {_iso(c.cols.satisfaction_on[i])}"


def _unknown(c: Classification, cr: Criterion, i: int) -> str:
    m = cr.measure
    what = m.replace("_", " ")
    if m == "active_contacts":
        return "unknown: the number of active contacts was never recorded"
    if m == "group_company_revenue":
        return "unknown: no company of the group has an annual revenue in the CRM"
    raw = {"strategic_fit": c.cols.strategic_fit, "referral_influence": c.cols.referral_influence,
           "satisfaction": c.cols.satisfaction}.get(m)  # fmt: skip
    on = {"strategic_fit": c.cols.strategic_fit_on, "referral_influence": c.cols.referral_influence_on,
          "satisfaction": c.cols.satisfaction_on}.get(m)  # fmt: skip
    if raw is None or on is None or np.isnan(raw[i]) or on[i] == NO_DATE:
        return f"unknown: {what} was never set"
    if on[i] > c.as_of.toordinal():
        return f"unknown: {what} is dated after the classification date"
    return f"unknown: {what} was last set on {_iso(on[i])}, more than {cr.max_age_days} days ago"


WINDOW = 4096  # rows whose values `_rows` turns into Python lists at a time


@dataclass(slots=True)
class _Rows:
    """The per-account values `_result` reads, as Python lists for rows [start, start + WINDOW):
    reading a list is many times cheaper than indexing a NumPy array one element at a time."""

    start: int
    values: dict[str, list[float]]
    points: dict[str, list[float]]
    health: dict[str, list[float]]
    score: list[float]
    known: list[float]
    base_rank: list[int]
    rank: list[int]
    status_rank: list[int]
    root: list[int]
    parent: list[int]
    risk: list[list[bool]]
    conflict: list[bool]
    group_size: list[int]
    group_last: list[int]
    kind: list[int]
    units: dict[int, GroupUnit] = field(default_factory=dict)  # the groups as units, by top account


def _rows(c: Classification, i: int) -> tuple[_Rows, int]:
    """The window of lists that holds row `i`, and `i`'s place in it (made when `i` falls outside
    the current one: a pass over every account makes each window once)."""
    w = c._window
    if w is None or not w.start <= i < w.start + WINDOW:
        s = slice(i, i + WINDOW)
        w = _Rows(i, {k: v[s].tolist() for k, v in c.criterion_values.items()},
                  {k: v[s].tolist() for k, v in c.points.items()},
                  {k: v[s].tolist() for k, v in c.facts["health"].items()}, c.score[s].tolist(), c.known[s].tolist(),
                  c.base_rank[s].tolist(), c.rank[s].tolist(), c.status_rank[s].tolist(), c.root[s].tolist(),
                  c.parent[s].tolist(), [hit[s].tolist() for _, hit in c.risk], c.conflict_mask[s].tolist(),
                  c.facts["group_size"][s].tolist(), c.facts["group_last"][s].tolist(),
                  c.cols.satisfaction_kind[s].tolist())  # fmt: skip
        c._window = w
    return w, i - w.start


def _result(c: Classification, i: int) -> Result:
    policy, cols = c.policy, c.cols
    tiers = policy.tiers
    w, j = _rows(c, i)
    crits = []
    points: dict[str, float | None] = {}
    for cr in policy.criteria:
        v, p = w.values[cr.id][j], w.points[cr.id][j]
        points[cr.id] = None if p != p else p  # NaN: unknown
        if v != v:
            crits.append(CriterionResult(cr.id, cr.name, None, _unknown(c, cr, i), None, None, cr.weight))
        else:
            met = p >= cr.met_from if cr.met_from is not None else p > 0
            crits.append(CriterionResult(cr.id, cr.name, v, _shown(c, cr, i, v), p, met, cr.weight))
    score_i = w.score[j]
    score = None if score_i != score_i else score_i
    known = w.known[j]
    base = w.base_rank[j]
    health = {k: (None if v[j] != v[j] else v[j]) for k, v in w.health.items()}
    shortfalls = tuple((t.id, tuple(_lacking(t, score, known, points, health))) for t in tiers[:base])
    rank = w.rank[j]
    status_rank = w.status_rank[j]
    root = w.root[j]
    parent = w.parent[j]
    at_risk = []
    for (signal, _), hits in zip(c.risk, w.risk, strict=True):
        if not hits[j]:
            continue
        if isinstance(signal, RiskRule):
            held = [cond for cond in signal.all_of if _condition_holds(cond, health)]
            held += [cond for cond in signal.any_of if _condition_holds(cond, health)]
            at_risk.append((signal.id, f"{signal.name}: " + "; ".join(_said(cond, health) for cond in held)))
            continue
        seen = health[signal.measure]
        if seen is None:
            continue
        kind = w.kind[j]
        limits = next((lim for scale, lim in signal.scales.items() if KINDS[scale] == kind), None)
        below_at = limits.below if limits and limits.below is not None else signal.below
        above_at = limits.above if limits and limits.above is not None else signal.above
        below = below_at is not None and seen < below_at
        limit = f"is below {below_at:g}" if below else f"is above {above_at:g}"
        scale = f" ({SCALE_NAMES.get(kind, '')})" if signal.scales else ""
        at_risk.append((signal.id, f"{signal.name}{scale}: {seen:g} {limit}"))
    conflict = None
    if w.conflict[j]:
        rule = policy.hierarchy.ownership
        why = c.should_why[i] + (f". {rule.explanation}" if rule.explanation else "")
        if "tier where" in c.should_why[i]:
            why = f"the group is {tiers[int(c.rank[root])].id}, so whoever works with the subsidiary now keeps it" + (
                f". {rule.explanation}" if rule.explanation else "")  # fmt: skip
        conflict = Conflict(cols.ids[i], cols.owners[i], cols.ids[root], cols.owners[root], c.should_own[i], why)
    last = int(w.group_last[j])
    group_size = int(w.group_size[j])
    result = Result(
        account=cols.ids[i], name=cols.names[i], tier=tiers[rank].id,
        status="at_risk" if status_rank == len(tiers) else tiers[rank].id, score=score, known_weight=known,
        criteria=tuple(crits), base_tier=tiers[base].id, group=cols.ids[root],
        parent=cols.ids[parent] if parent >= 0 else None, owner=cols.owners[i], at_risk=tuple(at_risk),
        adjustments=tuple(c.raised_by.get(i, ())), conflict=conflict, group_size=group_size,
        group_unit=_unit(c, root, w) if c.unit and group_size > 1 else None,
        problems=tuple(c.problems.get(i, ())), shortfalls=shortfalls, group_name=cols.names[root],
        group_tier=tiers[int(c.rank[root])].id, group_last_engagement=date.fromordinal(last) if last != NO_DATE else None,
        _policy=policy,
    )  # fmt: skip
    before = c.previous.get(result.account)
    result.review_due = before is None or (c.as_of - before.on).days >= policy.review_every_days
    result.changes = _changes(policy, before, result) if before else ()
    return result


def _unit(c: Classification, root: int, w: _Rows) -> GroupUnit:
    """The group of `root` as a unit (made once per window for all of the group's members in it)."""
    found = w.units.get(root)
    if found is None:
        found = w.units[root] = _group_unit_of(c, root)
    return found


def _group_unit_of(c: Classification, root: int) -> GroupUnit:
    u, policy = c.unit, c.policy
    score = float(u["score"][root])
    figures = []
    for cr in policy.criteria:
        v = float(u["values"][cr.id][root])
        if cr.measure == "satisfaction":
            shown = "unknown" if np.isnan(v) else f"{v:g} of 100 (on the common scale)"
        else:
            shown = "unknown" if np.isnan(v) else _figure(cr.measure, v, policy.currency)
        figures.append((cr.name, shown))
    return GroupUnit(policy.tiers[int(u["rank"][root])].id, None if np.isnan(score) else score,
                     float(u["known"][root]), u["rule"], tuple(figures))  # fmt: skip


MONEY = frozenset({"revenue", "group_revenue", "group_lifetime_revenue", "pipeline", "group_pipeline",
                   "group_company_revenue"})  # fmt: skip


def _figure(measure: str, value: float, currency: str) -> str:
    """A measure's value as a person reads it: money with its currency, counts whole, the rest to one decimal."""
    if measure in MONEY:
        return _money(value, currency)
    if measure == "contract":
        return CONTRACT_NAMES.get(int(value), f"{value:g}")
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _condition_holds(cond: Condition, health: Mapping[str, float | None]) -> bool:
    got = health.get(cond.measure or "")
    if got is None:
        return cond.unknown_is == "pass"
    return (cond.at_least is None or got >= cond.at_least) and (cond.below is None or got < cond.below)


# Measures as a sentence names them (the others read well with their underscores as spaces).
MEASURE_WORDS = {"satisfaction_common": "satisfaction on the 0-100 scale", "licence_use": "licence use (%)",
                 "usage_trend": "usage trend (%)", "ticket_trend": "ticket trend (%)"}  # fmt: skip


def _measure_words(measure: str | None) -> str:
    return MEASURE_WORDS.get(measure or "", (measure or "").replace("_", " "))


def _said(cond: Condition, health: Mapping[str, float | None]) -> str:
    got = health.get(cond.measure or "")
    limits = " and ".join(x for x in (f"at least {cond.at_least:g}" if cond.at_least is not None else "",
                                      f"below {cond.below:g}" if cond.below is not None else "") if x)  # fmt: skip
    has = "unknown" if got is None else f"{got:g}"
    return f"{_measure_words(cond.measure)} {has} ({limits})"


def _lacking(
    tier: Any, score: float | None, known: float, points: Mapping[str, float | None], values: Mapping[str, float | None]
) -> list[str]:
    """What an account lacks for a tier, in words (empty: it qualifies)."""
    lacking = []
    if (score or 0) < tier.min_score:
        lacking.append(f"a score of at least {tier.min_score:g} (has {0 if score is None else score:g})")
    if known < tier.min_known_weight:
        lacking.append(f"data on at least {tier.min_known_weight:g}% of the weight (has {known:g}%)")
    for cond in tier.all_of:
        got = points.get(cond.criterion) if cond.criterion is not None else values.get(cond.measure or "")
        if got is None:
            if cond.unknown_is == "pass":
                continue
        elif (cond.at_least is None or got >= cond.at_least) and (cond.below is None or got < cond.below):
            continue
        subject = f"{cond.criterion} points" if cond.criterion is not None else _measure_words(cond.measure)
        has = "unknown" if got is None else (f"{got:g}" if cond.criterion is not None else f"{got:,.0f}")
        limits = " and ".join(x for x in (f"at least {cond.at_least:g}" if cond.at_least is not None else "",
                                          f"below {cond.below:g}" if cond.below is not None else "") if x)  # fmt: skip
        lacking.append(f"{subject} {limits} (has {has})")
    return lacking


def _changes(policy: Policy, before: Previous, result: Result) -> tuple[str, ...]:
    notes = []
    measures = {cr.id: cr.measure for cr in policy.criteria}
    if before.tier != result.tier:
        notes.append(f"tier changed from {before.tier} to {result.tier}")
    elif before.status != result.status:
        notes.append(f"status changed from {before.status} to {result.status}")
    for c in result.criteria:
        old = before.criteria.get(c.id)
        if old != c.value and not (old is None and c.value is None):
            m = measures.get(c.id, "")
            was = "unknown" if old is None else _figure(m, old, policy.currency)
            now = "unknown" if c.value is None else _figure(m, c.value, policy.currency)
            if was == now:
                continue
            notes.append(f"{c.name}: {was} → {now}")
    if before.owner != result.owner:
        notes.append(f"owner changed from {before.owner or 'nobody'} to {result.owner or 'nobody'}")
    if notes and before.tier == result.tier and before.status == result.status:
        notes.insert(0, f"still {result.status}")
    return tuple(notes)


def explain(policy: Policy, result: Result) -> str:
    """A manager's reading of one result."""
    names = {t.id: t.name for t in policy.tiers}
    lines = []
    status = names.get(result.tier, result.tier)
    if result.status == "at_risk":
        status = f"{status}, at risk"
    known = [c for c in result.criteria if c.value is not None]
    score = "no score (no criterion has data)" if result.score is None else f"score {result.score:g} of 100"
    lines.append(f"{result.name}: {status}. {score}, from {len(known)} of {len(result.criteria)} criteria "
                 f"({result.known_weight:g}% of the weight); criteria without data count neither for nor against.")  # fmt: skip
    met = [f"{c.name}: {c.shown}" for c in result.criteria if c.met]
    unmet = [f"{c.name}: {c.shown}" for c in result.criteria if c.met is False]
    unknown = [f"{c.name}: {c.shown.removeprefix('unknown: ')}" for c in result.criteria if c.met is None]
    if met:
        lines.append("Met: " + "; ".join(met) + ".")
    if unmet:
        lines.append("Not met: " + "; ".join(unmet) + ".")
    if unknown:
        lines.append("Unknown: " + "; ".join(unknown) + ".")
    for tier, lacking in result.shortfalls:
        lines.append(f"Not {names.get(tier, tier)}: it would need " + "; ".join(lacking) + ".")
    if result.group_unit is not None:
        u = result.group_unit
        unit_score = "no score" if u.score is None else f"score {u.score:g} of 100"
        lines.append(f"The group as a unit ({result.group_size} accounts; {u.rule}): {names.get(u.tier, u.tier)}, "
                     f"{unit_score}. Group figures: " + "; ".join(f"{k}: {v}" for k, v in u.figures) + ".")  # fmt: skip
    lines += [f"Hierarchy: {a}." for a in result.adjustments]
    if result.parent:
        last = result.group_last_engagement
        lines.append(f"Part of the group headed by {result.group_name} (itself {names.get(result.group_tier, result.group_tier)}"
                     + (f"; the group's last engagement was on {last.isoformat()}" if last else "; no engagement "
                        "with the group on record") + ").")  # fmt: skip
    for _, seen in result.at_risk:
        lines.append(f"At risk: {seen}.")
    if result.conflict:
        k = result.conflict
        lines.append(f"Ownership conflict: owned by {k.owner}, but its group is owned by {k.group_owner}; by the "
                     f"policy, {k.should_own} should own it ({k.rule}).")  # fmt: skip
    lines += [f"Data problem: {p}." for p in result.problems]
    if result.changes:
        lines.append("Since the last classification: " + "; ".join(result.changes) + ".")
    return "\n".join(lines)
