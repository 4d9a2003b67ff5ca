"""Client-account pages: the client base by tier, an account with its rationale and history, the
review queue, ownership conflicts, an account manager's week, import and classification."""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hireplay.core.accounts import importing
from hireplay.core.accounts.engine import classify
from hireplay.core.accounts.portfolio import prioritise
from hireplay.web.access import (
    MANAGE_ROLES,
    STAFF_ROLES,
    account_page,
    can,
    organization_for,
    organizations,
    staff_required,
)
from hireplay.web.audit.catalogue import actor
from hireplay.web.audit.models import AuditEvent
from hireplay.web.clients import services
from hireplay.web.clients.models import ClientAccount
from hireplay.web.orgs.models import Organization

MAX_UPLOAD = 50_000_000


def _organization(request: HttpRequest, roles: tuple[str, ...] = STAFF_ROLES) -> Organization:
    """The organisation whose clients are shown: ?org=slug, else the first the user may see."""
    return organization_for(request.user, request.GET.get("org") or request.POST.get("org"), roles)


def _rows(accounts: list[ClientAccount]) -> list[dict[str, Any]]:
    latest = services.latest(accounts)
    return [{"account": a, "c": latest.get(a.pk)} for a in accounts]


@staff_required
def client_list(request: HttpRequest) -> HttpResponse:
    org = _organization(request)
    accounts = ClientAccount.objects.filter(organization=org).select_related("owner", "parent").order_by("name")
    q = request.GET.get("q", "").strip()
    if q:
        accounts = accounts.filter(Q(name__icontains=q) | Q(external_id__iexact=q))
    owner = request.GET.get("owner", "").strip()
    if owner:
        accounts = accounts.filter(Q(owner__username=owner) | Q(owner_name=owner))
    rows = _rows(list(accounts))
    tier = request.GET.get("tier", "")
    status = request.GET.get("status", "")
    if tier:
        rows = [r for r in rows if r["c"] and r["c"].tier == tier]
    if status:
        rows = [r for r in rows if r["c"] and r["c"].status == status]
    policy = services.default_policy()
    order = {t.id: i for i, t in enumerate(policy.tiers)}
    rows.sort(key=lambda r: (order.get(r["c"].tier, 99) if r["c"] else 100, -(r["c"].score or 0) if r["c"] else 0,
                             r["account"].name))  # fmt: skip
    counts: dict[str, int] = {}
    for r in rows:
        key = r["c"].status if r["c"] else "unclassified"
        counts[key] = counts.get(key, 0) + 1
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(request, "clients/list.html", {
        "org": org, "page": page, "tiers": policy.tiers, "counts": counts, "given": request.GET,
        "orgs": organizations(request.user), "may_manage": can(request.user, org.pk, MANAGE_ROLES),
    })  # fmt: skip


@account_page()
def client_detail(request: HttpRequest, account: ClientAccount) -> HttpResponse:
    history = list(account.classifications.order_by("-as_of", "-pk")[:20])
    events = AuditEvent.objects.filter(subject=f"client:{account.pk}").order_by("-seq")[:50]
    people = _members(account)
    return render(request, "clients/detail.html", {
        "account": account, "current": history[0] if history else None, "history": history, "events": events,
        "subsidiaries": account.subsidiaries.order_by("name"), "engagements": account.engagements.order_by("-on")[:20],
        "people": people.order_by("username"),
    })  # fmt: skip


def _members(account: ClientAccount) -> QuerySet[User]:
    """The people who may own the account: members of its organisation or of that organisation's agency."""
    return User.objects.filter(memberships__organization__in=[account.organization_id,
                                                              account.organization.agency_id or 0]).distinct()  # fmt: skip


@account_page(MANAGE_ROLES)
@require_POST
def client_owner(request: HttpRequest, account: ClientAccount) -> HttpResponse:
    username = request.POST.get("owner", "").strip()
    # Only a member of the account's organisation (or its agency) can own it; a name that is not
    # one is refused in the same words whether or not it belongs to someone elsewhere.
    user = _members(account).filter(username=username).first() if username else None
    if username and user is None:
        messages.error(request, f"owner: nobody called '{username}' works for {account.organization.name}; "
                                "choose one of the people listed")  # fmt: skip
    else:
        services.set_owner(account, user, actor(request.user))
        messages.success(request, f"Owner set to {account.owner_label or 'nobody'}.")
    return redirect("client", pk=account.pk)


@staff_required
def review_queue(request: HttpRequest) -> HttpResponse:
    org = _organization(request)
    policy = services.default_policy()
    today = timezone.localdate()
    rows = _rows(list(ClientAccount.objects.filter(organization=org).select_related("owner").order_by("name")))
    due = []
    for r in rows:
        c = r["c"]
        age = None if c is None else (today - c.as_of).days
        if c is None or age is None or age >= policy.review_every_days:
            due.append({**r, "age": age})
    due.sort(key=lambda r: -(r["age"] if r["age"] is not None else 10**6))
    return render(request, "clients/review.html", {"org": org, "rows": due, "every": policy.review_every_days})


@staff_required
def conflicts(request: HttpRequest) -> HttpResponse:
    org = _organization(request)
    rows = [r for r in _rows(list(ClientAccount.objects.filter(organization=org).select_related("owner", "parent")))
            if r["c"] and r["c"].result.get("conflict")]  # fmt: skip
    return render(request, "clients/conflicts.html", {"org": org, "rows": rows})


@staff_required
def week(request: HttpRequest) -> HttpResponse:
    org = _organization(request)
    owner = request.GET.get("owner") or request.user.get_username()
    policy = services.default_policy()
    base = services.core_accounts(org)
    today = timezone.localdate()
    results = classify(policy, base, today)  # today's figures, for this list only (nothing is stored)
    plan = prioritise(policy, base, results, owner, today)
    owners = sorted({a.owner_label for a in ClientAccount.objects.filter(organization=org).select_related("owner")
                     if a.owner_label})  # fmt: skip
    return render(request, "clients/week.html", {"org": org, "owner": owner, "plan": plan, "owners": owners,
                                                 "today": today})  # fmt: skip


@staff_required
def import_page(request: HttpRequest) -> HttpResponse:
    org = _organization(request, MANAGE_ROLES)
    report = None
    if request.method == "POST":
        parsed: dict[str, importing.Parsed | None] = {"accounts": None, "engagements": None}
        problems: list[str] = []
        mapping = importing.ColumnMapping()
        mapping_file = request.FILES.get("mapping")
        if mapping_file is not None:
            try:
                mapping, mapping_problems = importing.parse_mapping(yaml.safe_load(mapping_file.read()))
                problems += [f"mapping file: {p}" for p in mapping_problems]
            except yaml.YAMLError as exc:
                problems.append(f"mapping file: not YAML or JSON ({exc.__class__.__name__})")
        for kind in ("accounts", "engagements"):
            upload = request.FILES.get(kind)
            if upload is None:
                continue
            if upload.size and upload.size > MAX_UPLOAD:
                problems.append(f"{kind}: the file is larger than 50 MB; use `hireplay accounts import`")
                continue
            table = importing.read_table(upload.read(), upload.name or "")
            if isinstance(table, str):
                problems.append(f"{kind}: {table}")
                continue
            parsed[kind] = importing.parse(table[0], table[1], kind, mapping)
        if not problems and not any(parsed.values()):
            problems.append("choose an accounts file, an engagements file, or both")
        if problems:
            for p in problems:
                messages.error(request, p)
        else:
            report = services.import_accounts(org, parsed["accounts"], parsed["engagements"], actor(request.user),
                                              valid_only=bool(request.POST.get("valid_only")))  # fmt: skip
            if report.written:
                messages.success(request, f"Imported: {report.accounts_created} new and {report.accounts_updated} "
                                          f"updated accounts, {report.engagements} engagements.")  # fmt: skip
    return render(request, "clients/import.html", {"org": org, "report": report})


@staff_required
@require_POST
def classify_now(request: HttpRequest) -> HttpResponse:
    org = _organization(request, MANAGE_ROLES)
    results = services.classify_organization(org, timezone.localdate(), actor(request.user))
    messages.success(request, f"{len(results)} accounts classified as of {date.today().isoformat()}.")
    return redirect(f"/clients/?org={org.slug}")
