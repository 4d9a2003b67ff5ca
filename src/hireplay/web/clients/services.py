"""Client accounts: importing CRM exports, classifying by the policy, and keeping the history."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from dataclasses import replace as dc_replace
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from babel.core import get_global
from babel.numbers import get_territory_currencies
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from hireplay.core.accounts import importing, reading
from hireplay.core.accounts.engine import Classification, Previous, Result, classify, explain
from hireplay.core.accounts.lint import check_policy_text, load_policy
from hireplay.core.accounts.model import Account, Contract, Dated
from hireplay.core.accounts.policy import Policy
from hireplay.core.accounts.portfolio import Priority, facts, priority
from hireplay.shipped import POLICIES_DIR
from hireplay.web.audit.catalogue import actor
from hireplay.web.audit.log import record, record_many
from hireplay.web.clients import models as m
from hireplay.web.clients.stored import stored_columns
from hireplay.web.orgs.models import Organization


def default_policy_path() -> Path:
    return POLICIES_DIR / "key-accounts-default.yaml"


@cache
def default_policy() -> Policy:
    """The shipped policy, read and validated once per process (it is part of the installed code)."""
    return load_policy(default_policy_path())


@lru_cache(maxsize=32)
def _read_policy(content_hash: str, text: str) -> tuple[Policy | None, str]:
    """A stored policy's text, validated once per process (keyed by its hash); a text that no longer
    lints (edited in the database, or a stricter linter after an upgrade) is reported, not used."""
    policy, problems = check_policy_text(text, "policy.yaml")
    if policy is None:
        return None, "; ".join(str(p) for p in problems[:3])
    if policy.content_hash != content_hash:
        return None, "its content does not match the hash recorded when it was adopted"
    return policy, ""


def policy_for(organization: Organization) -> Policy:
    """The organisation's adopted key-account policy (its newest version), or the shipped one when
    it has none or the stored one cannot be read (`policy_problem` says why); the shipped one shows
    money in the currency of the organisation's country (from its time zone: EUR in Brussels)."""
    policy, _ = _newest_policy(organization)
    return policy or _shipped_in(local_currency(organization.time_zone))


def _newest_policy(organization: Organization) -> tuple[Policy | None, str]:
    """The organisation's newest adopted policy and '' (None and '' without one), or None and why
    it cannot be used."""
    row = (m.ClientPolicy.objects.filter(organization=organization).order_by("-number")
           .values_list("content_hash", "text").first())  # fmt: skip
    return _read_policy(*row) if row is not None else (None, "")


@lru_cache(maxsize=16)
def _shipped_in(currency: str) -> Policy:
    shipped = default_policy()
    return shipped if shipped.currency == currency else shipped.model_copy(update={"currency": currency})


def local_currency(time_zone: str) -> str:
    """The currency of the country a time zone lies in (USD where none is known, as for UTC)."""
    territory = get_global("zone_territories").get(time_zone)
    found = get_territory_currencies(territory, date.today()) if territory else []
    return found[0] if found else "USD"


def policy_problem(organization: Organization) -> str:
    """Why the organisation's newest stored policy cannot be used ('' when it can, or there is none)."""
    return _newest_policy(organization)[1]


@dataclass
class Preview:
    """What adopting a policy would do to the stored client base, as of a day."""

    accounts: int
    moves: dict[tuple[str, str], int]  # (tier now, tier under the policy) -> accounts, changes only
    examples: list[tuple[int, str, str, str]]  # (account id, name, now, then), the first few that change

    @property
    def changed(self) -> int:
        return sum(self.moves.values())


def preview(organization: Organization, policy: Policy, as_of: date, examples: int = 20) -> Preview:
    """Classify the stored base by `policy` in memory (nothing stored) and compare each account's
    tier with its current one."""
    results = classify(policy, stored_columns(organization), as_of)
    now = dict(m.ClientAccount.objects.filter(organization=organization).values_list("pk", "tier"))
    names = [t.id for t in policy.tiers]
    moves: dict[tuple[str, str], int] = {}
    found: list[tuple[int, str, str, str]] = []
    for i, ident in enumerate(results.cols.ids):
        before = now.get(int(ident)) or "unclassified"
        after = names[int(results.rank[i])]
        if before != after:
            moves[(before, after)] = moves.get((before, after), 0) + 1
            if len(found) < examples:
                found.append((int(ident), results.cols.names[i], before, after))
    return Preview(len(results), dict(sorted(moves.items(), key=lambda kv: -kv[1])), found)


def adopt_policy(organization: Organization, text: str, note: str, user: User) -> m.ClientPolicy:
    """Adopt a policy for the organisation: linted (a policy with any problem cannot be adopted),
    previewed against the stored base, stored as the next version, and recorded in the audit log.
    The accounts keep their tiers until the base is classified again."""
    policy, problems = check_policy_text(text, "policy.yaml")
    if policy is None:
        raise ActivityError("text", "; ".join(str(p) for p in problems))
    seen = preview(organization, policy, date.today())
    with transaction.atomic():
        number = (m.ClientPolicy.objects.select_for_update().filter(organization=organization)
                  .order_by("-number").values_list("number", flat=True).first() or 0) + 1  # fmt: skip
        adopted = m.ClientPolicy.objects.create(
            organization=organization, number=number, text=text, policy_id=policy.id, policy_version=policy.version,
            content_hash=policy.content_hash, adopted_by=user, note=note.strip()[:2000],
            preview={f"{a}→{b}": n for (a, b), n in seen.moves.items()},
        )  # fmt: skip
        record(actor(user), "clients.policy_adopted", f"organization:{organization.pk}",
               {"number": number, "policy": policy.id, "version": policy.version, "hash": policy.content_hash,
                "accounts": seen.accounts, "would_change": seen.changed})  # fmt: skip
    return adopted


@dataclass
class ImportReport:
    accounts_created: int = 0
    accounts_updated: int = 0
    engagements: int = 0
    lost_deals: int = 0  # left out
    open_deals: int = 0  # kept as pipeline
    engagements_known: int = 0  # already in the client base (the same deal id): left as they are
    problems: list[importing.RowProblem] = field(default_factory=list)
    notes: list[importing.RowProblem] = field(default_factory=list)  # worth a look; nothing refused for them
    rejected_lines: int = 0
    written: bool = False


def _owner(organization: Organization, raw: str | None, users: dict[str, User]) -> tuple[User | None, str]:
    if not raw:
        return None, ""
    user = users.get(raw.casefold())
    return (user, "") if user else (None, raw)


def _users(organization: Organization) -> dict[str, User]:
    people = User.objects.filter(
        Q(memberships__organization=organization) | Q(memberships__organization__clients=organization)
    ).distinct()
    found: dict[str, User] = {}
    for user in people:
        found[user.username.casefold()] = user
        if user.email:
            found[user.email.casefold()] = user
        full = user.get_full_name().strip()
        if full:
            found[full.casefold()] = user
    return found


# The column a stored field comes from, where the names differ.
SOURCE = {"owner_name": "owner", "champion_left_on": "champion_left", "strategic_fit_on": "strategic_fit",
          "referral_influence_on": "referral_influence"}  # fmt: skip


def import_accounts(
    organization: Organization,
    accounts: reading.Table | None,
    engagements: reading.Table | None,
    actor: str,
    valid_only: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Write parsed files: nothing while any row has a problem, unless `valid_only` (then every
    refused row, and everything that depended on it, is reported). Parents and engagements'
    accounts are resolved against the file and the accounts already stored, by id first and then by
    name. Every row is checked before the first write; the rows are then written in short
    transactions (see WRITE_BATCH), `progress(done, total)` told after each."""
    stored = {a.external_id.casefold(): a for a in m.ClientAccount.objects.filter(organization=organization)}
    resolver = reading.Resolver(
        accounts, [(key, a.name) for key, a in stored.items()], "in this file or the client base"
    )
    parent_of = reading.link_parents(accounts, resolver) if accounts is not None else []
    targets = reading.link_engagements(engagements, resolver) if engagements is not None else []
    report = ImportReport(
        problems=sorted([*(accounts.problems if accounts else []), *(engagements.problems if engagements else [])],
                        key=lambda p: p.line),
        notes=list(accounts.notes) if accounts else [],
    )  # fmt: skip
    report.rejected_lines = len({(p.kind, p.line) for p in report.problems})
    if report.problems and not valid_only:
        return report
    if (accounts is not None and accounts.broken) or (engagements is not None and engagements.broken):
        return report  # the header, a whole column's question, or a file not read to its end
    rows = accounts.rows if accounts else []
    keys = [resolver.keys[i] for i in accounts.kept] if accounts else []
    parents = (
        {key: parent_of[i] for key, i in zip(keys, accounts.kept, strict=True) if parent_of[i]} if accounts else {}
    )
    eng_rows = engagements.rows if engagements else []
    eng_accounts = [targets[i] for i in engagements.kept] if engagements else []
    users = _users(organization)
    present = set(accounts.columns) if accounts else set()
    objects: dict[str, m.ClientAccount] = dict(stored)
    todo = list(zip(rows, keys, strict=True))
    total = len(todo) + len(eng_rows)
    tell = progress or (lambda done, of: None)
    # Written in short transactions (a few hundred rows each), so that the write lock is free between
    # them and candidates' saves go through during a large import. Every step can run again without
    # doubling anything (accounts by CRM id, engagements by deal id, contracts and scores by value),
    # so an import cut short is completed by running it again.
    for start in range(0, len(todo), WRITE_BATCH):
        with transaction.atomic():
            for row, key in todo[start : start + WRITE_BATCH]:
                _write_account(organization, row, key, objects, users, present, actor, report)
        tell(min(start + WRITE_BATCH, len(todo)), total)
        _let_others_write()
    with_parents = [(row, key) for row, key in todo if key in parents]
    for start in range(0, len(with_parents), WRITE_BATCH):
        with transaction.atomic():
            for _row, key in with_parents[start : start + WRITE_BATCH]:
                parent_key = parents[key]
                account = objects[key]
                account.parent = objects.get(parent_key) if parent_key else None
                account.save(update_fields=["parent"])
        _let_others_write()
    have = set(m.Engagement.objects.filter(account__organization=organization).exclude(external_id="")
               .values_list("account_id", "external_id"))  # fmt: skip
    batch = []
    for row, target in zip(eng_rows, eng_accounts, strict=True):
        if target is None or target not in objects:
            continue
        v = row.values
        ident = str(v.get("id") or "")
        if ident and (objects[target].pk, ident) in have:
            report.engagements_known += 1
            continue
        batch.append(m.Engagement(account=objects[target], external_id=ident, on=v["on"], revenue=v["revenue"],
                                  kind=str(v.get("kind") or ""), open=bool(v.get("open"))))  # fmt: skip
    for start in range(0, len(batch), ENGAGEMENT_BATCH):
        with transaction.atomic():
            m.Engagement.objects.bulk_create(batch[start : start + ENGAGEMENT_BATCH])
        tell(len(todo) + min(start + ENGAGEMENT_BATCH, len(batch)), total)
        _let_others_write()
    report.open_deals = sum(1 for e in batch if e.open)
    report.engagements = len(batch) - report.open_deals
    report.lost_deals = engagements.skipped if engagements else 0
    record(actor, "clients.imported", f"organization:{organization.pk}",
           {"created": report.accounts_created, "updated": report.accounts_updated,
            "engagements": report.engagements, "rejected_lines": report.rejected_lines})  # fmt: skip
    tell(total, total)
    report.written = True
    return report


WRITE_BATCH = 25  # accounts per transaction: each holds the write lock for a few tens of milliseconds
ENGAGEMENT_BATCH = 2000


def _let_others_write() -> None:
    """Between two batches of an import, a moment in which a waiting writer (a candidate's save)
    takes the lock: SQLite's waiting writers retry on a timer and would otherwise keep missing the
    gap. PostgreSQL locks rows, not the database: no pause is needed."""
    if connection.vendor == "sqlite":
        time.sleep(0.05)


def _write_account(
    organization: Organization,
    row: importing.AccountRow,
    key: str,
    objects: dict[str, m.ClientAccount],
    users: dict[str, User],
    present: set[str],
    actor: str,
    report: ImportReport,
) -> None:
    """Create or update one imported account, with its satisfaction score and contract."""
    v = row.values
    owner, owner_name = _owner(organization, v.get("owner"), users)
    fields = {
        "name": v["name"], "owner": owner, "owner_name": owner_name, "annual_revenue": v.get("annual_revenue"),
        "active_contacts": v.get("active_contacts"), "strategic_fit": v.get("strategic_fit"),
        "strategic_fit_on": v.get("strategic_fit_on") or (date.today() if v.get("strategic_fit") else None),
        "referral_influence": v.get("referral_influence"),
        "referral_influence_on": v.get("referral_influence_on") or (date.today() if v.get("referral_influence") else None),
        "licences_bought": v.get("licences_bought"), "licences_used": v.get("licences_used"),
        "open_tickets": v.get("open_tickets"), "renewal_date": v.get("renewal_date"),
        "last_contact": v.get("last_contact"), "usage_trend": v.get("usage_trend"),
        "open_escalations": v.get("open_escalations"), "ticket_trend": v.get("ticket_trend"),
        "champion_left_on": v.get("champion_left"), "main_contact": v.get("main_contact") or "",
        "contact_email": v.get("contact_email") or "", "contact_phone": v.get("contact_phone") or "",
    }  # fmt: skip
    existing = objects.get(key)
    if existing is None:
        account = m.ClientAccount.objects.create(organization=organization, external_id=str(v.get("id") or v["name"]),
                                                 extra=row.extra, **fields)  # fmt: skip
        objects[key] = account
        report.accounts_created += 1
        if owner or owner_name:
            record(actor, "account.owner_changed", f"client:{account.pk}",
                   {"from": None, "to": account.owner_label, "via": "import"})  # fmt: skip
    else:
        before = existing.owner_label
        for name, value in fields.items():
            if SOURCE.get(name, name) in present:  # a column the file lacks leaves the value as it is
                setattr(existing, name, value)
        existing.extra = {**existing.extra, **row.extra}
        existing.save()
        report.accounts_updated += 1
        if existing.owner_label != before:
            record(actor, "account.owner_changed", f"client:{existing.pk}",
                   {"from": before or None, "to": existing.owner_label or None, "via": "import"})  # fmt: skip
        account = existing
    kind = next((k for k in ("nps", "csat", "csat5") if v.get(k) is not None), None)
    if kind is not None:
        m.Satisfaction.objects.get_or_create(account=account, kind=kind, score=v[kind],
                                             on=v.get("satisfaction_on") or date.today())  # fmt: skip
    if v.get("contract") and v.get("contract_start"):
        m.Contract.objects.get_or_create(account=account, kind=v["contract"], start=v["contract_start"],
                                         defaults={"end": v.get("contract_end")})  # fmt: skip


def import_summary(report: ImportReport) -> str:
    """What an import wrote, in one sentence."""
    parts = [gettext("Imported: {new} new and {updated} updated accounts, {engagements} engagements.").format(
        new=report.accounts_created, updated=report.accounts_updated, engagements=report.engagements)]  # fmt: skip
    if report.open_deals:
        parts.append(gettext("{n} open deals counted as pipeline, not revenue.").format(n=report.open_deals))
    if report.lost_deals:
        parts.append(gettext("{n} lost deals left out.").format(n=report.lost_deals))
    if report.engagements_known:
        parts.append(gettext("{n} engagements already in the client base left as they are.").format(
            n=report.engagements_known))  # fmt: skip
    return " ".join(parts)


def owned_by(organization: Organization, owner: str) -> QuerySet[m.ClientAccount]:
    """The accounts whose owner is `owner` (a user's username, or a name from the CRM no user
    matches), by the (organization, owner) and (organization, owner_name) indexes."""
    accounts = m.ClientAccount.objects.filter(organization=organization)
    user = User.objects.filter(username=owner).values_list("pk", flat=True).first()
    mine = Q(owner__isnull=True, owner_name=owner)
    if user is not None:
        mine |= Q(owner_id=user)
    return accounts.filter(mine)


def owners(organization: Organization) -> list[str]:
    """Everyone who owns an account of the organisation (index-only reads)."""
    accounts = m.ClientAccount.objects.filter(organization=organization).order_by()
    users = User.objects.filter(pk__in=accounts.filter(owner__isnull=False).values("owner_id").distinct())
    # A name is kept only when no user matched it (the importer and set_owner clear it otherwise),
    # so the names come from the (organization, owner_name) index alone, without reading the rows.
    names = accounts.exclude(owner_name="").values_list("owner_name", flat=True).distinct()
    return sorted(set(users.values_list("username", flat=True)) | set(names))


@dataclass
class Week:
    """One account manager's week: the tasks, most urgent first (a query: read a page of it with
    `tasks`), and what is left out and why."""

    rows: QuerySet[m.ClientAccount]
    snoozed: int  # snoozed until a later day
    done: int  # done since Monday
    unclassified: int  # never classified: not listed until the base is classified


WEEK_FIELDS = ("pk", "name", "urgency", "week", "latest__result__week", "tier", "status", "main_contact",
               "contact_email", "contact_phone")  # fmt: skip
Contact = tuple[str, str, str]  # name, e-mail, phone


def week(organization: Organization, owner: str, today: date) -> Week:
    """The owner's accounts in the order their latest classification gave them (nothing is
    classified here), without those snoozed or done this week: the database sorts and pages them."""
    everything = owned_by(organization, owner)
    monday = today - timedelta(days=today.weekday())
    snoozed = everything.filter(snoozed_until__gt=today).count()
    done = everything.filter(done_on__gte=monday).exclude(snoozed_until__gt=today).count()
    unclassified = everything.filter(latest__isnull=True).count()
    rows = (everything.filter(latest__isnull=False).exclude(snoozed_until__gt=today).exclude(done_on__gte=monday)
            .order_by("-urgency", "tier_rank", "name", "pk"))  # fmt: skip
    return Week(rows, snoozed, done, unclassified)


def tasks(rows: Iterable[tuple[Any, ...]]) -> list[tuple[Priority, Contact]]:
    """Week rows (values of WEEK_FIELDS) as tasks, each with the account's main contact."""
    out = []
    for pk, name, urgency, task, stored_task, tier, status, contact, email, phone in rows:
        # the account's week (since 0007), or the one its latest classification kept (before)
        task = task or stored_task or {"action": "classify the client base again",
                                       "reasons": ["classified before the week was kept"]}  # fmt: skip
        out.append((Priority(str(pk), name, urgency, tuple(task["reasons"]), task["action"], tier, status),
                    (contact, email, phone)))  # fmt: skip
    return out


def due_for_review(organization: Organization) -> QuerySet[m.ClientAccount]:
    """Accounts due for review: never classified, or not reviewed (nor added) within the policy's
    interval; longest waiting first."""
    cut = date.today() - timedelta(days=policy_for(organization).review_every_days)
    due = Q(review_since__lte=cut) | Q(classified_on__isnull=True)
    return m.ClientAccount.objects.filter(due, organization=organization).order_by("review_since", "name", "pk")


def core_accounts(organization: Organization, only: QuerySet[m.ClientAccount] | None = None) -> list[Account]:
    """The organisation's client base as the engine reads it (a few queries, whatever its size); with
    `only`, just those accounts (their engagements, contracts and satisfaction)."""
    chosen = only if only is not None else m.ClientAccount.objects.filter(organization=organization)
    rows = list(chosen.select_related("owner", "parent").defer("extra", "parent__extra"))
    # A few accounts: their engagements by id, through the (account, on) index, not a scan of the base.
    scope: dict[str, Any] = ({"account_id__in": [r.pk for r in rows]} if only is not None
                             else {"account__organization": organization})  # fmt: skip
    accounts: dict[int, Account] = {}
    for r in rows:
        accounts[r.pk] = Account(
            id=str(r.pk), name=r.name, parent_id=str(r.parent_id) if r.parent_id else None,
            owner=r.owner_label or None, active_contacts=r.active_contacts,
            strategic_fit=Dated(r.strategic_fit, r.strategic_fit_on) if r.strategic_fit and r.strategic_fit_on else None,
            referral_influence=(Dated(r.referral_influence, r.referral_influence_on)
                                if r.referral_influence and r.referral_influence_on else None),
            licences_bought=r.licences_bought, licences_used=r.licences_used, open_tickets=r.open_tickets,
            renewal_date=r.renewal_date, last_contact=r.last_contact,
            company_revenue=float(r.annual_revenue) if r.annual_revenue is not None else None,
            usage_trend=r.usage_trend, open_escalations=r.open_escalations, ticket_trend=r.ticket_trend,
            champion_left_on=r.champion_left_on,
        )  # fmt: skip
    for account_id, on, revenue, is_open in m.Engagement.objects.filter(**scope).values_list(
        "account_id", "on", "revenue", "open"
    ):
        account = accounts[account_id]
        if is_open:  # an open deal: pipeline, never revenue
            account.pipeline += float(revenue)
            account.open_deals += 1
        else:
            account.add_engagement(on, float(revenue))
    contracts: dict[int, list[Contract]] = {}
    for account_id, kind, start, end in m.Contract.objects.filter(**scope).values_list(
        "account_id", "kind", "start", "end"
    ):
        contracts.setdefault(account_id, []).append(Contract(kind, start, end))
    for account_id, items in contracts.items():
        accounts[account_id].contracts = tuple(items)
    latest: dict[int, tuple[date, float, str]] = {}
    for account_id, on, score, kind in m.Satisfaction.objects.filter(**scope).values_list(
        "account_id", "on", "score", "kind"
    ):
        if account_id not in latest or on > latest[account_id][0]:
            latest[account_id] = (on, score, kind)
    for account_id, (on, score, kind) in latest.items():
        accounts[account_id].satisfaction = Dated(score, on, kind)
    return list(accounts.values())


def previous_results(
    organization: Organization, only: QuerySet[m.ClientAccount] | None = None
) -> tuple[dict[str, Previous], dict[str, str]]:
    """Each account's latest classification, as the next one compares with it, and its digest (one
    query: the latest is a column of the account; earlier ones are not read); with `only`, those
    accounts."""
    chosen = only if only is not None else m.ClientAccount.objects.filter(organization=organization)
    rows = chosen.filter(latest__isnull=False).values_list(
        "pk", "latest__tier", "latest__status", "latest__score", "latest__as_of", "latest__result__values",
        "latest__result__owner", "latest__digest",
    )  # fmt: skip
    previous, digests = {}, {}
    for pk, tier, status, score, as_of, values, owner, hashed in rows:
        previous[str(pk)] = Previous(tier, status, score, as_of, values or {}, owner)
        digests[str(pk)] = hashed
    return previous, digests


def digest(policy_hash: str, result: Result, rationale: str) -> str:
    """What a person reads of a result, hashed: the policy, the tier, status and score, and the
    rationale without its "since the last classification" sentence (which compares with the stored
    one). Two classifications with the same digest read the same, whatever their dates."""
    if result.changes:
        rationale = explain(result._policy, dc_replace(result, changes=())) if result._policy else rationale
    text = "\n".join((policy_hash, result.tier, result.status, repr(result.score), repr(result.known_weight),
                      result.owner or "", rationale))  # fmt: skip
    return hashlib.sha256(text.encode()).hexdigest()


def result_json(result: Result, rationale: str | None = None) -> dict[str, Any]:
    return {
        "criteria": [c._asdict() for c in result.criteria], "values": result.criteria_values(),
        "at_risk": [list(x) for x in result.at_risk], "adjustments": list(result.adjustments),
        "conflict": result.conflict._asdict() if result.conflict else None, "changes": list(result.changes),
        "problems": list(result.problems), "shortfalls": [[t, list(x)] for t, x in result.shortfalls],
        "base_tier": result.base_tier, "group": result.group, "owner": result.owner,
        "rationale": result.rationale() if rationale is None else rationale,
    }  # fmt: skip


def _keep_current(organization: Organization, after: int, kept: dict[int, tuple[Any, ...]]) -> None:
    """Copy each classified account's newest result to its own columns. `kept` holds, per account
    id, (tier, status, score, classified on, urgency, tier rank, score to sort by, conflict, week);
    an account with a classification stored after row `after` also points to it as its latest. One
    UPDATE by primary key per account, sent together (Django's bulk_update builds one CASE per row
    and field: 33 of 44 s for 5,000 accounts)."""
    latest = dict(m.Classification.objects.filter(pk__gt=after, account__organization=organization)
                  .values_list("account_id", "pk"))  # fmt: skip
    q, table = connection.ops.quote_name, connection.ops.quote_name(m.ClientAccount._meta.db_table)
    fields = ("tier", "status", "score", "classified_on", "urgency", "tier_rank", "sort_score", "has_conflict", "week")
    renewed = f"UPDATE {table} SET latest_id = %s, {', '.join(f'{q(f)} = %s' for f in fields)} WHERE id = %s"
    # An account that reads the same keeps its tier, status, score and conflict (they are part of the
    # digest): only its date and week move, so the indexes on the others are not rewritten.
    confirmed = f"UPDATE {table} SET classified_on = %s, urgency = %s, week = %s WHERE id = %s"
    week_json = m.ClientAccount._meta.get_field("week")
    new_rows, same_rows = [], []
    for account, values in kept.items():
        week = week_json.get_db_prep_save(values[-1], connection)
        if account in latest:
            new_rows.append((latest[account], *values[:-1], week, account))
        else:
            same_rows.append((values[3], values[4], week, account))
    with connection.cursor() as cursor:
        for sql, rows in ((renewed, new_rows), (confirmed, same_rows)):
            for start in range(0, len(rows), STORE_BATCH):
                cursor.executemany(sql, rows[start : start + STORE_BATCH])


def classify_organization(
    organization: Organization, as_of: date, actor: str, policy: Policy | None = None
) -> Classification:
    """Classify the whole client base, store each result that reads differently from the last, and
    log every tier change."""
    policy = policy or policy_for(organization)
    with transaction.atomic():
        results = _classify_and_store(organization, None, as_of, actor, policy)
        record(actor, "clients.classified", f"organization:{organization.pk}",
               {"accounts": len(results), "as_of": as_of.isoformat(), "policy": policy.content_hash})  # fmt: skip
    return results


STORE_BATCH = 5000  # classifications per INSERT statement


def _classify_and_store(
    organization: Organization, only: QuerySet[m.ClientAccount] | None, as_of: date, actor: str, policy: Policy
) -> Classification:
    """Classify the base (or, with `only`, those accounts), store each result that reads differently
    from the account's latest (see `digest`), keep every account's date, tier and place in its
    owner's week on the account, and log every tier change. The base is read into the engine's
    columns and the results are written with plain INSERT statements, a few thousand rows each, and
    the tier changes appended to the audit log together: the database work is a few statements per
    thousand accounts (Django's bulk_create spent more time building its SQL than the database
    writing it)."""
    ids = list(only.values_list("pk", flat=True)) if only is not None else None
    before, digests = previous_results(organization, only)
    cols = stored_columns(organization, ids)
    results = classify(policy, cols, as_of, before)
    policy_hash = policy.content_hash  # once: hashing the policy is not free
    situations = facts(cols)
    ops = connection.ops
    day, now = ops.adapt_datefield_value(as_of), ops.adapt_datetimefield_value(timezone.now())
    q = ops.quote_name
    insert = (f"INSERT INTO {q(m.Classification._meta.db_table)} (account_id, as_of, policy_id, policy_hash, tier, "
              "status, score, known_weight, urgency, result, digest, created_at) "
              "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")  # fmt: skip
    changes: list[tuple[str, str, str, dict[str, Any]]] = []
    rank = policy.tier_rank
    with transaction.atomic():
        with connection.cursor() as cursor:
            for start in range(0, len(cols), STORE_BATCH):
                rows = []
                kept: dict[int, tuple[Any, ...]] = {}  # what each account's own columns keep of its result
                for i in range(start, min(start + STORE_BATCH, len(cols))):
                    r = results.at(i)
                    task = priority(policy, situations[i], r, as_of)  # the week's order and words, kept
                    rationale = r.rationale()
                    read = digest(policy_hash, r, rationale)
                    # Stored only when it reads differently from the latest: classifying again with
                    # nothing changed moves the account's date and week, and adds no copy.
                    if read != digests.get(r.account):
                        rows.append((int(r.account), day, policy.id, policy_hash, r.tier, r.status, r.score,
                                     r.known_weight, task.urgency, ops.adapt_json_value(result_json(r, rationale), None),
                                     read, now))  # fmt: skip
                    kept[int(r.account)] = (r.tier, r.status, r.score, day, task.urgency, rank.get(r.tier, 998),
                                            -1.0 if r.score is None else r.score, r.conflict is not None,
                                            {"action": task.action, "reasons": list(task.reasons)})  # fmt: skip
                    old = before.get(r.account)
                    if old is None or old.tier != r.tier or old.status != r.status:
                        changes.append((actor, "account.tier_changed", f"client:{r.account}",
                                        {"from": old.tier if old else None, "to": r.tier, "status": r.status,
                                         "score": r.score, "as_of": as_of.isoformat(), "policy": policy_hash}))  # fmt: skip
                mark = m.Classification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
                if rows:
                    cursor.executemany(insert, rows)
                _keep_current(organization, mark, kept)
        record_many(changes)
    return results


def group_ids(account: m.ClientAccount) -> list[int]:
    """The ids of the account's whole group: its top account and every account below it (one
    query per level; a loop in the parent links stops where it closes)."""
    seen = {account.pk}
    top = account
    while top.parent_id is not None and top.parent_id not in seen:
        seen.add(top.parent_id)
        top = m.ClientAccount.objects.only("pk", "parent_id").get(pk=top.parent_id)
    group, frontier = {top.pk}, [top.pk]
    while frontier:
        below = (
            m.ClientAccount.objects.filter(parent_id__in=frontier).exclude(pk__in=group).values_list("pk", flat=True)
        )
        frontier = list(below)
        group.update(frontier)
    return sorted(group | seen)


def reclassify(account: m.ClientAccount, actor: str, policy: Policy | None = None) -> Result:
    """Classify the account's group again as of today, after a change to one of its accounts: the
    rationale is regenerated at once, without classifying the rest of the base."""
    organization = account.organization
    policy = policy or policy_for(organization)
    only = m.ClientAccount.objects.filter(organization=organization, pk__in=group_ids(account))
    with transaction.atomic():
        results = _classify_and_store(organization, only, date.today(), actor, policy)
    account.refresh_from_db()
    return results[str(account.pk)]


class ActivityError(ValueError):
    """What is wrong with an activity, in words, and the field it concerns."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _the_note(note: str, required: bool) -> str:
    note = note.strip()
    if required and not note:
        raise ActivityError("note", gettext("write a note: what was said, seen or decided"))
    if len(note) > 2000:
        raise ActivityError("note", gettext("the note is {n} characters long; keep it under 2,000").format(n=len(note)))
    return note


def log_contact(account: m.ClientAccount, kind: str, on: date, note: str, user: User) -> Result:
    """A call or a meeting: kept with its note; the account's last contact moves to its date (never
    back), and the account's group is classified again."""
    if kind not in (m.Activity.Kind.CALL, m.Activity.Kind.MEETING):
        raise ActivityError("kind", gettext("choose a call or a meeting"))
    if on > date.today():
        raise ActivityError("on", gettext("the date is in the future; log a call or a meeting once it has happened"))
    note = _the_note(note, required=False)
    with transaction.atomic():
        m.Activity.objects.create(account=account, kind=kind, on=on, note=note, by=user)
        if account.last_contact is None or on > account.last_contact:
            m.ClientAccount.objects.filter(pk=account.pk).update(last_contact=on)
        record(actor(user), "account.contacted", f"client:{account.pk}",
               {"kind": kind, "on": on.isoformat(), "note": bool(note)})  # fmt: skip
    return reclassify(account, actor(user))


def snooze(account: m.ClientAccount, until: date, note: str, user: User) -> None:
    """Leave the account out of the week until a date (within a year)."""
    today = date.today()
    if not today < until <= today + timedelta(days=366):
        raise ActivityError("until", gettext("choose a date after today and within a year"))
    with transaction.atomic():
        m.ClientAccount.objects.filter(pk=account.pk).update(snoozed_until=until)
        m.Activity.objects.create(account=account, kind=m.Activity.Kind.SNOOZE, on=until,
                                  note=_the_note(note, required=False), by=user)  # fmt: skip
        record(actor(user), "account.snoozed", f"client:{account.pk}", {"until": until.isoformat()})


def mark_done(account: m.ClientAccount, note: str, user: User) -> None:
    """The week's task for the account is done: it leaves the list until next week."""
    today = date.today()
    with transaction.atomic():
        m.ClientAccount.objects.filter(pk=account.pk).update(done_on=today, snoozed_until=None)
        m.Activity.objects.create(account=account, kind=m.Activity.Kind.DONE, on=today,
                                  note=_the_note(note, required=False), by=user)  # fmt: skip
        record(actor(user), "account.done", f"client:{account.pk}", {"on": today.isoformat()})


JUDGEMENTS = ("strategic_fit", "referral_influence")


def set_judgement(account: m.ClientAccount, values: dict[str, Any], on: date, note: str, user: User) -> Result:
    """The owner's judgement: strategic fit and influence (1 to 5), and a satisfaction score on its
    scale, dated and with a note; kept as an activity with what changed, and the group classified
    again. `values` holds `strategic_fit`, `referral_influence` (int, or None: unchanged) and
    `satisfaction` ((scale, score) or None)."""
    if on > date.today():
        raise ActivityError("on", gettext("the date is in the future; date a judgement on the day it was made"))
    note = _the_note(note, required=True)
    changed: dict[str, list[Any]] = {}
    with transaction.atomic():
        for name in JUDGEMENTS:
            value = values.get(name)
            if value is None:
                continue
            changed[name] = [getattr(account, name), value]
            setattr(account, name, value)
            setattr(account, f"{name}_on", on)
        satisfaction = values.get("satisfaction")
        if satisfaction is not None:
            kind, score = satisfaction
            m.Satisfaction.objects.create(account=account, kind=kind, score=score, on=on)
            changed["satisfaction"] = [None, [kind, score]]
        if not changed:
            raise ActivityError(
                "strategic_fit", gettext("set at least one of strategic fit, influence or satisfaction")
            )
        account.save(update_fields=[*(f for n in JUDGEMENTS if n in changed for f in (n, f"{n}_on"))])
        m.Activity.objects.create(account=account, kind=m.Activity.Kind.JUDGEMENT, on=on, note=note, by=user,
                                  details={"changed": changed})  # fmt: skip
        record(actor(user), "account.judged", f"client:{account.pk}", {"on": on.isoformat(), "changed": changed})
    return reclassify(account, actor(user))


def sign_off_review(account: m.ClientAccount, note: str, user: User) -> Result:
    """A per-account review: the group is classified again, the reviewer, the date, the note and
    what changed since the last classification are kept, and the account leaves the review queue
    for the policy's interval."""
    note = _the_note(note, required=True)
    result = reclassify(account, actor(user))
    today = date.today()
    with transaction.atomic():
        m.ClientAccount.objects.filter(pk=account.pk).update(review_since=today)
        m.Activity.objects.create(account=account, kind=m.Activity.Kind.REVIEW, on=today, note=note, by=user,
                                  details={"tier": result.tier, "status": result.status, "score": result.score,
                                           "changes": list(result.changes)})  # fmt: skip
        record(actor(user), "account.reviewed", f"client:{account.pk}",
               {"tier": result.tier, "status": result.status, "changes": list(result.changes)})  # fmt: skip
    account.refresh_from_db()
    return result


def set_owner(account: m.ClientAccount, user: User | None, actor: str) -> None:
    before = account.owner_label
    with transaction.atomic():
        account.owner, account.owner_name = user, ""
        account.save(update_fields=["owner", "owner_name"])
        record(actor, "account.owner_changed", f"client:{account.pk}",
               {"from": before or None, "to": account.owner_label or None, "via": "conflict resolution"})  # fmt: skip
    if account.latest_id is not None:  # the rationale names the owner: write it again now
        reclassify(account, actor)


def latest(accounts: Iterable[m.ClientAccount]) -> dict[int, m.Classification]:
    ids = [a.pk for a in accounts]
    found: dict[int, m.Classification] = {}
    for c in m.Classification.objects.filter(account_id__in=ids).order_by("account_id", "-as_of", "-pk"):
        found.setdefault(c.account_id, c)
    return found
