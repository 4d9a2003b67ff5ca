"""Client-account pages: the client base by tier, an account with its rationale and history, the
review queue, ownership conflicts, an account manager's week, import and classification."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import yaml
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hireplay.core.accounts import importing
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


PER_PAGE = 100
WEEK_PAGE = 50  # the most urgent first: a week's work is rarely more


def _page(request: HttpRequest, rows: QuerySet[ClientAccount]) -> Any:
    """One page of the rows, each account with its latest classification (without its rationale)."""
    shown = rows.select_related("owner", "parent", "latest").defer("latest__result", "extra", "parent__extra")
    return Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))


@staff_required
def client_list(request: HttpRequest) -> HttpResponse:
    """The client base by tier, best first, then by score: read from the latest classification's
    columns, one page at a time (a constant number of queries, whatever the size of the base)."""
    org = _organization(request)
    accounts = ClientAccount.objects.filter(organization=org)
    q = request.GET.get("q", "").strip()[:200]
    if q:
        accounts = accounts.filter(Q(name__icontains=q) | Q(external_id__iexact=q))
    owner = request.GET.get("owner", "").strip()[:150]
    if owner:
        accounts = accounts.filter(Q(owner__username=owner) | Q(owner_name=owner))
    tier = request.GET.get("tier", "")
    status = request.GET.get("status", "")
    if tier:
        accounts = accounts.filter(tier=tier)
    if status:
        accounts = accounts.filter(status=status)
    counts = {(key or "unclassified"): n for key, n in
              accounts.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")}  # fmt: skip
    policy = services.default_policy()
    page = _page(request, accounts.order_by("tier_rank", "-sort_score", "name", "pk"))
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
        messages.error(request, gettext("owner: nobody called “{name}” works for {org}; choose one of the people listed")
                       .format(name=username, org=account.organization.name))  # fmt: skip
    else:
        services.set_owner(account, user, actor(request.user))
        messages.success(
            request, gettext("Owner set to {owner}.").format(owner=account.owner_label or gettext("nobody"))
        )
    return redirect("client", pk=account.pk)


@staff_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Accounts never classified, or classified at least the policy's interval ago, oldest first."""
    org = _organization(request)
    policy = services.default_policy()
    today = timezone.localdate()
    due = ClientAccount.objects.filter(organization=org).filter(
        Q(classified_on__isnull=True) | Q(classified_on__lte=today - timedelta(days=policy.review_every_days))
    )  # fmt: skip
    page = _page(request, due.order_by(F("classified_on").asc(nulls_first=True), "name", "pk"))
    page.object_list = list(page.object_list)  # the rows the template shows carry their age
    for account in page.object_list:
        account.age = None if account.classified_on is None else (today - account.classified_on).days
    return render(request, "clients/review.html", {"org": org, "page": page, "every": policy.review_every_days})


@staff_required
def conflicts(request: HttpRequest) -> HttpResponse:
    """Subsidiaries whose owner is not the one the policy names, a page at a time."""
    org = _organization(request)
    found = ClientAccount.objects.filter(organization=org, has_conflict=True).order_by("name", "pk")
    page = Paginator(found.select_related("latest").only("pk", "name", "latest__result"), PER_PAGE).get_page(
        request.GET.get("page"))  # fmt: skip
    return render(request, "clients/conflicts.html", {"org": org, "page": page})


@staff_required
def week(request: HttpRequest) -> HttpResponse:
    """One account manager's accounts, most urgent first: read from their accounts and the latest
    classification of each (nothing is classified on request; "Classify" brings the tiers up to date)."""
    org = _organization(request)
    owner = (request.GET.get("owner") or request.user.get_username())[:150]
    policy = services.default_policy()
    today = timezone.localdate()
    mine = services.owned_by(org, owner)
    base = services.core_accounts(org, mine)
    stored = services.stored_results(mine)
    plan = Paginator(prioritise(policy, base, stored, owner, today), WEEK_PAGE).get_page(request.GET.get("page"))
    labels = {t.id: t.name for t in policy.tiers} | {"at_risk": gettext("at risk")}
    rows = [(p, labels.get(p.status, p.status)) for p in plan]  # the tier's name, never its id
    owners = services.owners(org)
    return render(request, "clients/week.html", {"org": org, "owner": owner, "plan": plan, "owners": owners, "rows": rows,
                                                 "query": urlencode({"org": org.slug, "owner": owner}),
                                                 "today": today, "unclassified": len(base) - len(stored)})  # fmt: skip


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
                messages.success(request, gettext("Imported: {new} new and {updated} updated accounts, {engagements} engagements.")
                                 .format(new=report.accounts_created, updated=report.accounts_updated,
                                         engagements=report.engagements))  # fmt: skip
    return render(request, "clients/import.html", {"org": org, "report": report})


@staff_required
@require_POST
def classify_now(request: HttpRequest) -> HttpResponse:
    org = _organization(request, MANAGE_ROLES)
    results = services.classify_organization(org, timezone.localdate(), actor(request.user))
    messages.success(
        request,
        gettext("{n} accounts classified as of {on}.").format(
            n=len(results), on=date_format(date.today(), "SHORT_DATE_FORMAT")
        ),
    )
    return redirect(f"/clients/?org={org.slug}")
