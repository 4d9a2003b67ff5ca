"""Client accounts: importing CRM exports, classifying by the policy, and keeping the history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from hireplay.core.accounts import importing
from hireplay.core.accounts.engine import Classification, Previous, Result, classify
from hireplay.core.accounts.lint import load_policy
from hireplay.core.accounts.model import Account, Contract, Dated
from hireplay.core.accounts.policy import Policy
from hireplay.core.accounts.portfolio import Stored
from hireplay.shipped import POLICIES_DIR
from hireplay.web.audit.log import record
from hireplay.web.clients import models as m
from hireplay.web.orgs.models import Organization


def default_policy_path() -> Path:
    return POLICIES_DIR / "key-accounts-default.yaml"


@cache
def default_policy() -> Policy:
    """The shipped policy, read and validated once per process (it is part of the installed code)."""
    return load_policy(default_policy_path())


@dataclass
class ImportReport:
    accounts_created: int = 0
    accounts_updated: int = 0
    engagements: int = 0
    lost_deals: int = 0  # left out
    open_deals: int = 0  # kept as pipeline
    problems: list[importing.RowProblem] = field(default_factory=list)
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


def import_accounts(
    organization: Organization,
    accounts: importing.Parsed | None,
    engagements: importing.Parsed | None,
    actor: str,
    valid_only: bool = False,
) -> ImportReport:
    """Write parsed files: all rows or none, unless `valid_only`. Parents and engagements' accounts
    are resolved against the file and the accounts already stored, by id first and then by name."""
    report = ImportReport(
        problems=[*(accounts.problems if accounts else []), *(engagements.problems if engagements else [])]
    )
    stored = {a.external_id.casefold(): a for a in m.ClientAccount.objects.filter(organization=organization)}
    by_name: dict[str, list[str]] = {}
    for a in stored.values():
        by_name.setdefault(a.name.casefold(), []).append(a.external_id.casefold())
    rows = accounts.rows if accounts else []
    keys = []
    for row in rows:
        key = str(row.values.get("id") or row.values["name"]).casefold()
        keys.append(key)
        by_name.setdefault(str(row.values["name"]).casefold(), []).append(key)
    known = set(stored) | set(keys)

    def resolve(ref: str) -> tuple[str | None, str | None]:
        folded = ref.strip().casefold()
        if folded in known:
            return folded, None
        named = sorted(set(by_name.get(folded, [])))
        if len(named) == 1:
            return named[0], None
        if len(named) > 1:
            return None, f"'{ref}' names {len(named)} accounts; use the account's id"
        return None, f"'{ref}' is neither the id nor the name of an account in this file or the client base"

    parents: dict[str, str | None] = {}
    bad_lines: set[int] = set()
    for row, key in zip(rows, keys, strict=True):
        ref = row.values.get("parent")
        if ref:
            parent, problem = resolve(str(ref))
            if problem or parent == key:
                report.problems.append(importing.RowProblem(row.line, accounts.columns.get("parent", "") if accounts else "",
                                                            problem or "an account cannot be its own parent", "accounts"))  # fmt: skip
                bad_lines.add(row.line)
            parents[key] = parent
    eng_rows = engagements.rows if engagements else []
    eng_accounts: list[str | None] = []
    for row in eng_rows:
        target, problem = resolve(str(row.values["account"]))
        if problem:
            report.problems.append(importing.RowProblem(row.line, engagements.columns.get("account", "") if engagements else "",
                                                        problem, "engagements"))  # fmt: skip
        eng_accounts.append(target)
    report.problems.sort(key=lambda p: p.line)
    report.rejected_lines = len({(p.kind, p.line) for p in report.problems})
    if report.problems and not valid_only:
        return report
    header_broken = any(p.line == 1 for p in report.problems)
    if header_broken:
        return report
    users = _users(organization)
    with transaction.atomic():
        objects: dict[str, m.ClientAccount] = dict(stored)
        for row, key in zip(rows, keys, strict=True):
            if row.line in bad_lines:
                continue
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
                "champion_left_on": v.get("champion_left"),
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
                m.Satisfaction.objects.create(account=account, kind=kind, score=v[kind],
                                              on=v.get("satisfaction_on") or date.today())  # fmt: skip
            if v.get("contract") and v.get("contract_start"):
                m.Contract.objects.get_or_create(account=account, kind=v["contract"], start=v["contract_start"],
                                                 defaults={"end": v.get("contract_end")})  # fmt: skip
        for row, key in zip(rows, keys, strict=True):
            if row.line in bad_lines or key not in parents:
                continue
            parent_key = parents[key]
            account = objects[key]
            account.parent = objects.get(parent_key) if parent_key else None
            account.save(update_fields=["parent"])
        batch = []
        for row, target in zip(eng_rows, eng_accounts, strict=True):
            if target is None or target not in objects:
                continue
            v = row.values
            batch.append(m.Engagement(account=objects[target], external_id=str(v.get("id") or ""), on=v["on"],
                                      revenue=v["revenue"], kind=str(v.get("kind") or ""),
                                      open=bool(v.get("open"))))  # fmt: skip
        m.Engagement.objects.bulk_create(batch, batch_size=2000)
        report.open_deals = sum(1 for e in batch if e.open)
        report.engagements = len(batch) - report.open_deals
        report.lost_deals = engagements.skipped if engagements else 0
        record(actor, "clients.imported", f"organization:{organization.pk}",
               {"created": report.accounts_created, "updated": report.accounts_updated,
                "engagements": report.engagements, "rejected_lines": report.rejected_lines})  # fmt: skip
    report.written = True
    return report


def owned_by(organization: Organization, owner: str) -> QuerySet[m.ClientAccount]:
    """The accounts whose owner is `owner` (a user's username, or a name from the CRM no user
    matches): two index lookups, never a scan of the base."""
    accounts = m.ClientAccount.objects.filter(organization=organization)
    user = User.objects.filter(username=owner).values_list("pk", flat=True).first()
    ids = list(accounts.filter(owner__isnull=True, owner_name=owner).values_list("pk", flat=True))
    if user is not None:
        ids += accounts.filter(owner_id=user).values_list("pk", flat=True)
    return accounts.filter(pk__in=ids)


def owners(organization: Organization) -> list[str]:
    """Everyone who owns an account of the organisation (index-only reads)."""
    accounts = m.ClientAccount.objects.filter(organization=organization).order_by()
    users = User.objects.filter(pk__in=accounts.filter(owner__isnull=False).values("owner_id").distinct())
    # A name is kept only when no user matched it (the importer and set_owner clear it otherwise),
    # so the names come from the (organization, owner_name) index alone, without reading the rows.
    names = accounts.exclude(owner_name="").values_list("owner_name", flat=True).distinct()
    return sorted(set(users.values_list("username", flat=True)) | set(names))


def stored_results(accounts: QuerySet[m.ClientAccount]) -> dict[str, Stored]:
    """The latest stored classification of each of these accounts (those classified), as the week reads it."""
    rows = accounts.filter(latest__isnull=False).values_list("pk", "tier", "status", "latest__result__at_risk")
    return {str(pk): Stored(tier, status, [tuple(x) for x in at_risk or ()]) for pk, tier, status, at_risk in rows}


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


def previous_results(organization: Organization) -> dict[str, Previous]:
    """Each account's latest classification, as the next one compares with it (one query: the
    latest is a column of the account; earlier ones are not read)."""
    rows = m.ClientAccount.objects.filter(organization=organization, latest__isnull=False).values_list(
        "pk", "latest__tier", "latest__status", "latest__score", "latest__as_of", "latest__result__values",
        "latest__result__owner",
    )  # fmt: skip
    return {str(pk): Previous(tier, status, score, as_of, values or {}, owner)
            for pk, tier, status, score, as_of, values, owner in rows}  # fmt: skip


def result_json(result: Result) -> dict[str, Any]:
    return {
        "criteria": [c._asdict() for c in result.criteria], "values": result.criteria_values(),
        "at_risk": [list(x) for x in result.at_risk], "adjustments": list(result.adjustments),
        "conflict": result.conflict._asdict() if result.conflict else None, "changes": list(result.changes),
        "problems": list(result.problems), "shortfalls": [[t, list(x)] for t, x in result.shortfalls],
        "base_tier": result.base_tier, "group": result.group, "owner": result.owner,
        "rationale": result.rationale(),
    }  # fmt: skip


def _keep_current(organization: Organization, after: int, rank: dict[str, int]) -> None:
    """Copy each account's newest classification (those stored after row `after`) to the account's
    own columns, in two UPDATE statements whatever the size of the base (Django's bulk_update
    builds one CASE per row and field: 33 of 44 s for 5,000 accounts)."""
    newest = m.Classification.objects.filter(account=OuterRef("pk"), pk__gt=after).order_by("-pk")
    touched = m.ClientAccount.objects.filter(organization=organization).filter(Exists(newest))
    touched.update(latest=Subquery(newest.values("pk")[:1]), tier=Subquery(newest.values("tier")[:1]),
                   status=Subquery(newest.values("status")[:1]), score=Subquery(newest.values("score")[:1]),
                   classified_on=Subquery(newest.values("as_of")[:1]))  # fmt: skip
    conflicted = m.Classification.objects.filter(pk=OuterRef("latest_id")).exclude(result__conflict=None)
    m.ClientAccount.objects.filter(organization=organization, latest__gt=after).update(
        tier_rank=Case(*(When(tier=tier, then=Value(place)) for tier, place in rank.items()), default=Value(998)),
        sort_score=Coalesce(F("score"), Value(-1.0)), has_conflict=Exists(conflicted),
    )  # fmt: skip


def classify_organization(
    organization: Organization, as_of: date, actor: str, policy: Policy | None = None
) -> Classification:
    """Classify the whole client base, store each result, and log every tier change."""
    policy = policy or default_policy()
    before = previous_results(organization)
    results = classify(policy, core_accounts(organization), as_of, before)
    policy_hash = policy.content_hash  # once: hashing the policy is not free
    rank = policy.tier_rank
    with transaction.atomic():
        first = m.Classification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        m.Classification.objects.bulk_create(
            [m.Classification(account_id=int(r.account), as_of=as_of, policy_id=policy.id,
                              policy_hash=policy_hash, tier=r.tier, status=r.status, score=r.score,
                              known_weight=r.known_weight, result=result_json(r)) for r in results.values()],
            batch_size=1000,
        )  # fmt: skip
        _keep_current(organization, first, rank)
        for r in results.values():
            old = before.get(r.account)
            if old is None or old.tier != r.tier or old.status != r.status:
                record(actor, "account.tier_changed", f"client:{r.account}",
                       {"from": old.tier if old else None, "to": r.tier, "status": r.status, "score": r.score,
                        "as_of": as_of.isoformat(), "policy": policy_hash})  # fmt: skip
        record(actor, "clients.classified", f"organization:{organization.pk}",
               {"accounts": len(results), "as_of": as_of.isoformat(), "policy": policy_hash})  # fmt: skip
    return results


def set_owner(account: m.ClientAccount, user: User | None, actor: str) -> None:
    before = account.owner_label
    with transaction.atomic():
        account.owner, account.owner_name = user, ""
        account.save(update_fields=["owner", "owner_name"])
        record(actor, "account.owner_changed", f"client:{account.pk}",
               {"from": before or None, "to": account.owner_label or None, "via": "conflict resolution"})  # fmt: skip


def latest(accounts: Iterable[m.ClientAccount]) -> dict[int, m.Classification]:
    ids = [a.pk for a in accounts]
    found: dict[int, m.Classification] = {}
    for c in m.Classification.objects.filter(account_id__in=ids).order_by("account_id", "-as_of", "-pk"):
        found.setdefault(c.account_id, c)
    return found
