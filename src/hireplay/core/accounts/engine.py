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
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

from hireplay.core.accounts.model import Account
from hireplay.core.accounts.policy import CONTRACT_LEVELS, Condition, Criterion, Policy


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
    group: str  # the root of the account's hierarchy (itself when it has no parent)
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


def _band(criterion: Criterion, value: float) -> float:
    points = 0.0
    for band in criterion.bands:
        if value >= band.min:
            points = band.points
        else:
            break
    return points


def _met(criterion: Criterion, points: float) -> bool:
    return points >= criterion.met_from if criterion.met_from is not None else points > 0


class _Facts(NamedTuple):
    revenue: dict[int, float]  # window months -> revenue
    engagements: dict[int, int]
    active_months: dict[int, int]
    first_day: int | None
    last_day: int | None


def _facts(account: Account, starts: Mapping[int, int], end: int) -> _Facts:
    """Aggregates of an account's engagements for each window the policy uses."""
    revenue = dict.fromkeys(starts, 0.0)
    count = dict.fromkeys(starts, 0)
    months: dict[int, set[int]] = {w: set() for w in starts}
    first = last = None
    windows = list(starts.items())
    for day, amount in zip(account.engagement_days, account.engagement_revenue, strict=True):
        if day > end:
            continue  # after the classification date: not known yet
        if first is None or day < first:
            first = day
        if last is None or day > last:
            last = day
        for window, start in windows:
            if day > start:
                revenue[window] += amount
                count[window] += 1
                months[window].add(day // 30)
    return _Facts(revenue, count, {w: len(m) for w, m in months.items()}, first, last)


def _dated(value: Any, max_age: int | None, as_of: date, what: str) -> tuple[float | None, str]:
    if value is None:
        return None, f"unknown: {what} was never set"
    if value.on > as_of:
        return None, f"unknown: {what} is dated after the classification date"
    if max_age is not None and (as_of - value.on).days > max_age:
        return None, f"unknown: {what} was last set on {value.on.isoformat()}, more than {max_age} days ago"
    return float(value.value), f"{value.value:g} (set {value.on.isoformat()})"


def _satisfaction_points(value: Any) -> float:
    """NPS (-100..100) and CSAT (0..100) on one 0-100 scale for banding: NPS is shifted and halved."""
    return (value.value + 100) / 2 if value.kind == "nps" else float(value.value)


class _Context:
    def __init__(self, policy: Policy, accounts: Sequence[Account], as_of: date) -> None:
        self.policy = policy
        self.as_of = as_of
        self.end = as_of.toordinal()
        windows = {policy.window_months} | {c.window_months for c in policy.criteria if c.window_months}
        self.starts = {w: months_before(as_of, w).toordinal() for w in windows}
        self.by_id = {a.id: a for a in accounts}
        self.problems: dict[str, list[str]] = {}
        self._members: dict[str, list[str]] | None = None
        self.parent = self._parents(accounts)
        self.root: dict[str, str] = {}
        for a in accounts:
            self._root_of(a.id)
        self.facts = {a.id: _facts(a, self.starts, self.end) for a in accounts}
        self.group_revenue: dict[tuple[str, int], float] = {}
        self.group_size: dict[str, int] = {}
        self.group_last: dict[str, int] = {}
        for a in accounts:
            root = self.root[a.id]
            self.group_size[root] = self.group_size.get(root, 0) + 1
            last = self.facts[a.id].last_day
            if last is not None and last > self.group_last.get(root, 0):
                self.group_last[root] = last
            for w, amount in self.facts[a.id].revenue.items():
                self.group_revenue[(root, w)] = self.group_revenue.get((root, w), 0.0) + amount

    def members(self, root: str) -> list[str]:
        """Every account in the group whose top account is `root` (built once, on first use)."""
        if self._members is None:
            self._members = {}
            for ident, top in self.root.items():
                self._members.setdefault(top, []).append(ident)
        return self._members.get(root, [root])

    def _parents(self, accounts: Sequence[Account]) -> dict[str, str]:
        parent: dict[str, str] = {}
        for a in accounts:
            if a.parent_id is None:
                continue
            if a.parent_id == a.id:
                self.problems.setdefault(a.id, []).append("the account names itself as its parent; ignored")
            elif a.parent_id not in self.by_id:
                self.problems.setdefault(a.id, []).append(f"its parent '{a.parent_id}' is not in the client base; "
                                                          "treated as a group of its own")  # fmt: skip
            else:
                parent[a.id] = a.parent_id
        # Break loops: walk each chain; a loop is cut at the account where it was found.
        for start in list(parent):
            seen = {start}
            node = start
            while node in parent:
                node = parent[node]
                if node in seen:
                    self.problems.setdefault(start, []).append("its parent links form a loop; its parent is ignored")
                    del parent[start]
                    break
                seen.add(node)
        return parent

    def _root_of(self, ident: str) -> str:
        chain = []
        node = ident
        while node not in self.root and node in self.parent:
            chain.append(node)
            node = self.parent[node]
        top = self.root.get(node, node)
        self.root[node] = top
        for n in chain:
            self.root[n] = top
        return top

    def value(self, criterion: Criterion, account: Account) -> tuple[float | None, str]:
        """A criterion's value for an account, or None with the reason it is unknown."""
        measure = criterion.measure
        window = criterion.window_months or self.policy.window_months
        currency = self.policy.currency
        facts = self.facts[account.id]
        if measure == "revenue":
            if not account.engagement_days:
                return 0.0, f"{_money(0, currency)} (no engagements on record)"
            return facts.revenue[window], f"{_money(facts.revenue[window], currency)} in the last {window} months"
        if measure == "engagements":
            n = facts.engagements[window]
            last = f"; the last was on {date.fromordinal(facts.last_day).isoformat()}" if facts.last_day else ""
            return float(n), f"{n} in the last {window} months{last}"
        if measure == "active_months":
            n = facts.active_months[window]
            last = (
                f"; the last engagement was on {date.fromordinal(facts.last_day).isoformat()}" if facts.last_day else ""
            )
            return float(n), f"engaged in {n} of the last {window} months{last}"
        if measure == "relationship_years":
            if facts.first_day is None:
                return 0.0, "no engagement yet"
            years = (self.end - facts.first_day) / 365.25
            return years, f"{years:.1f} years since the first engagement"
        if measure == "group_revenue":
            root = self.root[account.id]
            total = self.group_revenue.get((root, window), 0.0)
            size = self.group_size.get(root, 1)
            if size == 1:
                return total, f"{_money(total, currency)} (not part of a larger group)"
            return total, f"{_money(total, currency)} across the group of {size} accounts in the last {window} months"
        if measure == "group_accounts":
            size = self.group_size.get(self.root[account.id], 1)
            return float(size), f"{size} account(s) in the group"
        if measure == "active_contacts":
            if account.active_contacts is None:
                return None, "unknown: the number of active contacts was never recorded"
            return float(account.active_contacts), f"{account.active_contacts} active contact(s)"
        if measure == "strategic_fit":
            return _dated(account.strategic_fit, criterion.max_age_days, self.as_of, "strategic fit")
        if measure == "referral_influence":
            return _dated(account.referral_influence, criterion.max_age_days, self.as_of, "referral influence")
        if measure == "contract":
            level, kind = 0, "none"
            for contract in account.contracts:
                if contract.in_force(self.as_of) and CONTRACT_LEVELS.get(contract.kind, 0) > level:
                    level, kind = CONTRACT_LEVELS[contract.kind], contract.kind
            return float(level), ("no contract in force" if level == 0 else f"{kind} in force")
        if measure == "satisfaction":
            s = account.satisfaction
            shown_value, shown = _dated(s, criterion.max_age_days, self.as_of, "satisfaction")
            if shown_value is None or s is None:
                return None, shown
            return _satisfaction_points(s), f"{s.kind.upper()} {s.value:g} on {s.on.isoformat()}"
        raise ValueError(f"unknown measure {measure}")  # pragma: no cover - the policy model forbids it

    def health(self, measure: str, account: Account) -> float | None:
        if measure == "satisfaction":
            s = account.satisfaction
            return None if s is None else float(s.value)
        if measure == "days_since_contact":
            return None if account.last_contact is None else float((self.as_of - account.last_contact).days)
        if measure == "licence_use":
            if not account.licences_bought or account.licences_used is None:
                return None
            return 100.0 * account.licences_used / account.licences_bought
        if measure == "open_tickets":
            return None if account.open_tickets is None else float(account.open_tickets)
        if measure == "days_to_renewal":
            return None if account.renewal_date is None else float((account.renewal_date - self.as_of).days)
        if measure == "days_since_engagement":
            last = self.facts[account.id].last_day
            return None if last is None else float(self.end - last)
        return None


def _holds(condition: Condition, points: Mapping[str, float | None], values: Mapping[str, float | None]) -> bool:
    if condition.criterion is not None:
        value = points.get(condition.criterion)
    else:
        value = values.get(condition.measure or "")
    if value is None:
        return condition.unknown_is == "pass"
    if condition.at_least is not None and value < condition.at_least:
        return False
    return not (condition.below is not None and value >= condition.below)


def _lacking(
    tier: Any, score: float | None, known: float, points: Mapping[str, float | None], values: Mapping[str, float | None]
) -> list[str]:
    """What an account lacks for a tier, in words (empty: it qualifies)."""
    lacking = []
    if (score or 0) < tier.min_score:
        lacking.append(f"a score of at least {tier.min_score:g} (has {0 if score is None else score:g})")
    if known < tier.min_known_weight:
        lacking.append(f"data on at least {tier.min_known_weight:g}% of the weight (has {known:g}%)")
    for c in tier.all_of:
        if _holds(c, points, values):
            continue
        if c.criterion is not None:
            got = points.get(c.criterion)
            subject, has = f"{c.criterion} points", "unknown" if got is None else f"{got:g}"
        else:
            got = values.get(c.measure or "")
            subject, has = (c.measure or "").replace("_", " "), "unknown" if got is None else f"{got:,.0f}"
        limits = " and ".join(x for x in (f"at least {c.at_least:g}" if c.at_least is not None else "",
                                          f"below {c.below:g}" if c.below is not None else "") if x)  # fmt: skip
        lacking.append(f"{subject} {limits} (has {has})")
    return lacking


def classify(
    policy: Policy,
    accounts: Iterable[Account],
    as_of: date,
    previous: Mapping[str, Previous] | None = None,
) -> dict[str, Result]:
    """Classify every account as of a date; see the module's description."""
    accounts = list(accounts)
    ctx = _Context(policy, accounts, as_of)
    rank = policy.tier_rank
    total_weight = sum(c.weight for c in policy.criteria) or 1.0
    criterion_measures = {c.measure for c in policy.criteria}
    health_measures = sorted({c.measure for t in policy.tiers for c in t.all_of if c.measure} - criterion_measures)
    results: dict[str, Result] = {}
    for account in accounts:
        crit_results = []
        points_by: dict[str, float | None] = {}
        values_by: dict[str, float | None] = {}
        earned = known = 0.0
        for criterion in policy.criteria:
            value, shown = ctx.value(criterion, account)
            if value is None:
                crit_results.append(CriterionResult(criterion.id, criterion.name, None, shown, None, None,
                                                    criterion.weight))  # fmt: skip
                points_by[criterion.id] = None
            else:
                points = _band(criterion, value)
                crit_results.append(CriterionResult(criterion.id, criterion.name, value, shown, points,
                                                    _met(criterion, points), criterion.weight))  # fmt: skip
                points_by[criterion.id] = points
                earned += points * criterion.weight
                known += criterion.weight
            values_by.setdefault(criterion.measure, value)
        score = round(earned / known, 1) if known else None
        known_share = round(100 * known / total_weight, 1)
        for measure in health_measures:
            values_by.setdefault(measure, ctx.health(measure, account))
        tier = policy.tiers[-1].id
        shortfalls = []
        for candidate in policy.tiers:
            lacking = _lacking(candidate, score, known_share, points_by, values_by)
            if not lacking:
                tier = candidate.id
                break
            shortfalls.append((candidate.id, tuple(lacking)))
        results[account.id] = Result(
            account=account.id, name=account.name, tier=tier, status=tier, score=score, known_weight=known_share,
            criteria=tuple(crit_results), base_tier=tier, group=ctx.root[account.id],
            parent=ctx.parent.get(account.id), owner=account.owner,
            problems=tuple(ctx.problems.get(account.id, ())), shortfalls=tuple(shortfalls),
            group_name=ctx.by_id[ctx.root[account.id]].name, _policy=policy,
        )  # fmt: skip
    _apply_hierarchy(policy, ctx, results, rank)
    for account in accounts:
        result = results[account.id]
        flags = []
        for signal in policy.at_risk.signals:
            if signal.only_for and result.tier not in signal.only_for:
                continue
            value = ctx.health(signal.measure, account)
            if value is None:
                continue
            if signal.below is not None and value < signal.below:
                flags.append((signal.id, f"{signal.name}: {value:g} is below {signal.below:g}"))
            elif signal.above is not None and value > signal.above:
                flags.append((signal.id, f"{signal.name}: {value:g} is above {signal.above:g}"))
        result.at_risk = tuple(flags)
        result.status = "at_risk" if flags and policy.at_risk.overrides_tier else result.tier
        result.conflict = _conflict(policy, ctx, results, account)
        result.group_tier = results[result.group].tier
        last = ctx.group_last.get(result.group)
        result.group_last_engagement = date.fromordinal(last) if last else None
        before = (previous or {}).get(account.id)
        result.review_due = before is None or (as_of - before.on).days >= policy.review_every_days
        result.changes = _changes(policy, before, result) if before else ()
    return results


def _apply_hierarchy(policy: Policy, ctx: _Context, results: dict[str, Result], rank: Mapping[str, int]) -> None:
    """Parents first take the floor their subsidiaries give them, then subsidiaries theirs."""
    depth: dict[str, int] = {}
    for ident in results:
        d, node = 0, ident
        while node in ctx.parent:
            node = ctx.parent[node]
            d += 1
        depth[ident] = d
    bottom_up = sorted(results, key=lambda i: -depth[i])
    for up in policy.hierarchy.parent_floors:
        for ident in bottom_up:
            parent = ctx.parent.get(ident)
            if parent is None or results[ident].tier != up.child:
                continue
            if rank[results[parent].tier] > rank[up.at_least]:
                results[parent].tier = up.at_least
                results[parent].adjustments += (f"raised to {up.at_least} because its subsidiary "
                                                f"{results[ident].name} is {up.child}",)  # fmt: skip
    for down in policy.hierarchy.subsidiary_floors:
        for ident in reversed(bottom_up):
            parent = ctx.parent.get(ident)
            if parent is None or results[parent].tier != down.parent:
                continue
            if rank[results[ident].tier] > rank[down.at_least]:
                results[ident].tier = down.at_least
                results[ident].adjustments += (f"raised to {down.at_least} because its group "
                                               f"{results[parent].name} is {down.parent}",)  # fmt: skip
    for result in results.values():
        result.status = result.tier


def _conflict(policy: Policy, ctx: _Context, results: Mapping[str, Result], account: Account) -> Conflict | None:
    root = ctx.root[account.id]
    if root == account.id:
        return None
    group_owner = ctx.by_id[root].owner
    if account.owner is None or group_owner is None or account.owner == group_owner:
        return None
    rule = policy.hierarchy.ownership
    should: str | None
    if results[root].tier in rule.except_when_group_tier:
        should, why = account.owner, (f"the group is {results[root].tier}, so whoever works with the subsidiary "
                                      "now keeps it")  # fmt: skip
    elif rule.rule == "group_owner":
        should, why = group_owner, "the group's owner owns every account in the group"
    elif rule.rule == "subsidiary_owner":
        should, why = account.owner, "each subsidiary keeps its own owner"
    else:
        window = ctx.policy.window_months
        members = [a for a in ctx.members(root) if ctx.by_id[a].owner]
        best = max(members, key=lambda a: (ctx.facts[a].revenue[window], a == root))
        should, why = (
            ctx.by_id[best].owner,
            f"the owner of the group's largest account ({ctx.by_id[best].name}) owns the group",
        )
    return Conflict(
        account.id,
        account.owner,
        root,
        group_owner,
        should,
        why + (f". {rule.explanation}" if rule.explanation else ""),
    )


def _changes(policy: Policy, before: Previous, result: Result) -> tuple[str, ...]:
    notes = []
    if before.tier != result.tier:
        notes.append(f"tier changed from {before.tier} to {result.tier}")
    elif before.status != result.status:
        notes.append(f"status changed from {before.status} to {result.status}")
    for c in result.criteria:
        old = before.criteria.get(c.id)
        if old != c.value and not (old is None and c.value is None):
            was = "unknown" if old is None else f"{old:,.4g}"
            now = "unknown" if c.value is None else f"{c.value:,.4g}"
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
    lines += [f"Hierarchy: {a}." for a in result.adjustments]
    if result.parent:
        last = result.group_last_engagement
        lines.append(f"Part of the group headed by {result.group_name} ({names.get(result.group_tier, result.group_tier)}"
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
