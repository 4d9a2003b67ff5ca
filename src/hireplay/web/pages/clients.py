"""Client-account pages: the client base by tier, an account with its rationale and history, the
review queue, ownership conflicts, an account manager's week, import and classification."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any, cast
from urllib.parse import urlencode

import yaml
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hireplay.core.accounts import importing, reading
from hireplay.core.accounts.columns import SCALE_RANGES
from hireplay.core.accounts.lint import check_policy_text
from hireplay.core.canonical import sha256_hex
from hireplay.web.access import (
    ADMIN_ROLES,
    MANAGE_ROLES,
    STAFF_ROLES,
    account_page,
    can,
    may_judge,
    organization_for,
    organizations,
    roles_required,
    staff_required,
)
from hireplay.web.audit.catalogue import actor
from hireplay.web.audit.models import AuditEvent
from hireplay.web.clients import jobs, services, staging
from hireplay.web.clients.charts import trend_chart
from hireplay.web.clients.models import Classification, ClientAccount, ImportJob
from hireplay.web.orgs.models import Organization
from hireplay.web.pages.downloads import csv_download

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
    accounts = _listed(request, org)
    counts = {(key or "unclassified"): n for key, n in
              accounts.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")}  # fmt: skip
    policy = services.policy_for(org)
    page = _page(request, accounts.order_by("tier_rank", "-sort_score", "name", "pk"))
    return render(request, "clients/list.html", {
        "org": org, "page": page, "tiers": policy.tiers, "counts": counts, "given": request.GET,
        "orgs": organizations(request.user), "may_manage": can(request.user, org.pk, MANAGE_ROLES),
    })  # fmt: skip


def _listed(request: HttpRequest, org: Organization) -> QuerySet[ClientAccount]:
    """The organisation's accounts, filtered as the list's form asks (name or CRM id, owner, tier, status)."""
    accounts = ClientAccount.objects.filter(organization=org)
    q = request.GET.get("q", "").strip()[:200]
    if q:
        accounts = accounts.filter(Q(name__icontains=q) | Q(external_id__iexact=q))
    owner = request.GET.get("owner", "").strip()[:150]
    if owner:
        accounts = accounts.filter(Q(owner__username=owner) | Q(owner_name=owner))
    for name in ("tier", "status"):
        value = request.GET.get(name, "")[:64]
        if value:
            accounts = accounts.filter(**{name: value})
    return accounts


CLIENT_COLUMNS = ("id", "crm_id", "name", "parent", "owner", "tier", "status", "score", "classified_on",
                  "reviewed_or_added_on", "main_contact", "contact_email", "contact_phone", "last_contact",
                  "renewal_date")  # fmt: skip
CLIENT_FIELDS = ("pk", "external_id", "name", "parent__name", "owner__username", "tier", "status", "score",
                 "classified_on", "review_since", "main_contact", "contact_email", "contact_phone", "last_contact",
                 "renewal_date")  # fmt: skip


def _client_rows(accounts: QuerySet[ClientAccount]) -> Iterator[list[Any]]:
    """Each account as a CSV row, read in chunks (the owner's name from the CRM where no user matched)."""
    for row in accounts.values_list(*CLIENT_FIELDS, "owner_name").iterator(chunk_size=2000):
        values = list(row[:-1])
        values[4] = values[4] or row[-1]
        yield values


@staff_required
def client_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The client base (as filtered on the list) as CSV, best tier first."""
    org = _organization(request)
    accounts = _listed(request, org).order_by("tier_rank", "-sort_score", "name", "pk")
    return csv_download(f"clients-{org.slug}.csv", CLIENT_COLUMNS, _client_rows(accounts))


@staff_required
def review_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The review queue as CSV, longest waiting first."""
    org = _organization(request)
    return csv_download(f"review-queue-{org.slug}.csv", CLIENT_COLUMNS, _client_rows(services.due_for_review(org)))


@staff_required
def week_csv(request: HttpRequest) -> StreamingHttpResponse:
    """One account manager's week as CSV, most urgent first."""
    org = _organization(request)
    owner = (request.GET.get("owner") or request.user.get_username())[:150]
    found = services.week(org, owner, timezone.localdate())
    rows = ([p.account, p.name, p.tier, p.status, p.urgency, p.action, "; ".join(p.reasons), *contact]
            for p, contact in services.tasks(found.rows.values_list(*services.WEEK_FIELDS).iterator(chunk_size=2000)))  # fmt: skip
    return csv_download(f"week-{org.slug}-{owner}.csv", ("id", "name", "tier", "status", "urgency", "action",
                                                          "reasons", "main_contact", "contact_email", "contact_phone"),
                        rows)  # fmt: skip


@account_page()
def client_detail(request: HttpRequest, account: ClientAccount) -> HttpResponse:
    return _detail(request, account)


def _detail(
    request: HttpRequest, account: ClientAccount, errors: dict[str, str] | None = None, status: int = 200
) -> HttpResponse:
    """The account's page; after a refused form, the form again with each problem beside its field."""
    newest = list(account.classifications.order_by("-as_of", "-pk")[:HISTORY])
    events = AuditEvent.objects.filter(subject=f"client:{account.pk}").order_by("-seq")[:50]
    people = _members(account)
    policy = services.policy_for(account.organization)
    today = timezone.localdate()
    return render(request, "clients/detail.html", {
        "account": account, "current": newest[0] if newest else None, "history": _changed_only(newest),
        "events": events, "subsidiaries": account.subsidiaries.order_by("name"),
        "engagements": account.engagements.order_by("-on")[:20], "people": people.order_by("username"),
        "chart": trend_chart(list(reversed(newest)), policy), "tier_names": {t.id: t.name for t in policy.tiers},
        "activities": account.activities.select_related("by").order_by("-created_at", "-pk")[:20],
        "errors": errors or {}, "given": request.POST if errors else {}, "today": today.isoformat(),
        "may_judge": may_judge(request.user, account), "ratings": (1, 2, 3, 4, 5),
        "review_due": account.review_since <= today - timedelta(days=policy.review_every_days),
        "snooze_default": (today + timedelta(days=7)).isoformat(),
    }, status=status)  # fmt: skip


HISTORY = 40


def _user(request: HttpRequest) -> User:
    """The signed-in person (the views that call this are staff pages)."""
    return cast(User, request.user)


def _changed_only(newest: list[Classification]) -> list[Classification]:
    """The history without repeats: a classification is shown when its tier, status or score differs
    from the one before it, or it noted a change (classifying twice the same day adds nothing)."""
    shown = []
    for i, c in enumerate(newest):
        older = newest[i + 1] if i + 1 < len(newest) else None
        if (
            older is None
            or (c.tier, c.status, c.score) != (older.tier, older.status, older.score)
            or (c.result.get("changes"))
        ):
            shown.append(c)
    return shown


def _back(request: HttpRequest, account: ClientAccount) -> HttpResponse:
    """To the page the form was on: the week (with its filters) or the account."""
    target = request.POST.get("next", "")
    if target.startswith("/clients/week/?") and "//" not in target and "\\" not in target:
        return redirect(target)
    return redirect("client", pk=account.pk)


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise services.ActivityError(field, gettext("write the date as YYYY-MM-DD")) from None


@account_page()
@require_POST
def client_activity(request: HttpRequest, account: ClientAccount) -> HttpResponse:
    """A call or a meeting logged, the week's task snoozed or done."""
    what = request.POST.get("what", "")
    note = request.POST.get("note", "")
    try:
        if what in ("call", "meeting"):
            services.log_contact(account, what, _day(request.POST.get("on", ""), "on"), note, _user(request))
            messages.success(request, gettext("{kind} with {name} logged; the rationale is up to date.").format(
                kind=gettext("Call") if what == "call" else gettext("Meeting"), name=account.name))  # fmt: skip
        elif what == "snooze":
            until = _day(request.POST.get("until", ""), "until")
            services.snooze(account, until, note, _user(request))
            messages.success(request, gettext("{name} is snoozed until {on}.").format(
                name=account.name, on=date_format(until, "SHORT_DATE_FORMAT")))  # fmt: skip
        elif what == "done":
            services.mark_done(account, note, _user(request))
            messages.success(request, gettext("{name}: done for this week.").format(name=account.name))
        else:
            raise services.ActivityError("what", gettext("choose what to log: a call, a meeting, snooze or done"))
    except services.ActivityError as problem:
        return _detail(request, account, {problem.field: str(problem)}, status=400)
    return _back(request, account)


def _rating(text: str, field: str) -> int | None:
    if not text.strip():
        return None
    if text.strip() not in ("1", "2", "3", "4", "5"):
        raise services.ActivityError(field, gettext("choose a rating from 1 to 5"))
    return int(text)


@account_page()
@require_POST
def client_judgement(request: HttpRequest, account: ClientAccount) -> HttpResponse:
    """Strategic fit, influence and satisfaction, set by the account's owner with a date and a note."""
    if not may_judge(request.user, account):
        return _detail(request, account, {"note": gettext("only the account's owner, or whoever manages the "
                                                          "clients, sets its judgement")}, status=403)  # fmt: skip
    post = request.POST
    try:
        values: dict[str, Any] = {name: _rating(post.get(name, ""), name) for name in services.JUDGEMENTS}
        kind, score = post.get("satisfaction_kind", ""), post.get("satisfaction", "").strip()
        if score:
            if kind not in SCALE_RANGES:
                raise services.ActivityError(
                    "satisfaction_kind", gettext("choose the scale: NPS, CSAT 0-100 or CSAT 1-5")
                )
            low, high = SCALE_RANGES[kind]
            try:
                number = float(score.replace(",", "."))
            except ValueError:
                number = float("nan")
            if not low <= number <= high:  # NaN fails too
                raise services.ActivityError("satisfaction", gettext("give a score from {low} to {high} on this scale")
                                             .format(low=low, high=high))  # fmt: skip
            values["satisfaction"] = (kind, number)
        services.set_judgement(account, values, _day(post.get("on", ""), "on"), post.get("note", ""), _user(request))
    except services.ActivityError as problem:
        return _detail(request, account, {f"judge_{problem.field}": str(problem)}, status=400)
    messages.success(request, gettext("Judgement saved; the account was classified again."))
    return redirect("client", pk=account.pk)


@account_page()
@require_POST
def client_review(request: HttpRequest, account: ClientAccount) -> HttpResponse:
    """A per-account review signed off by the account's owner or a manager of the clients."""
    if not may_judge(request.user, account):
        return _detail(request, account, {"review_note": gettext("only the account's owner, or whoever manages the "
                                                                 "clients, signs off its review")}, status=403)  # fmt: skip
    try:
        result = services.sign_off_review(account, request.POST.get("note", ""), _user(request))
    except services.ActivityError as problem:
        return _detail(request, account, {"review_note": str(problem)}, status=400)
    changes = "; ".join(result.changes) or gettext("nothing changed")
    messages.success(request, gettext("Review signed off: {changes}.").format(changes=changes))
    return redirect("client", pk=account.pk)


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
    """Accounts whose last signed-off review (or arrival) is at least the policy's interval ago,
    longest waiting first. Signing off an account's review on its page clears it from here."""
    org = _organization(request)
    policy = services.policy_for(org)
    today = timezone.localdate()
    page = _page(request, services.due_for_review(org))
    page.object_list = list(page.object_list)  # the rows the template shows carry their age
    for account in page.object_list:
        account.age = (today - account.review_since).days
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
    policy = services.policy_for(org)
    today = timezone.localdate()
    found = services.week(org, owner, today)
    plan = Paginator(found.rows.values_list(*services.WEEK_FIELDS), WEEK_PAGE).get_page(request.GET.get("page"))
    labels = {t.id: t.name for t in policy.tiers} | {"at_risk": gettext("at risk")}
    # each row: the task, the tier's name (never its id), the main contact
    rows = [(p, labels.get(p.status, p.status), contact) for p, contact in services.tasks(plan.object_list)]
    snoozed, done = found.snoozed, found.done
    owners = services.owners(org)
    query = urlencode({"org": org.slug, "owner": owner})
    here = f"/clients/week/?{query}" + (f"&page={plan.number}" if plan.number > 1 else "")
    return render(request, "clients/week.html", {"org": org, "owner": owner, "plan": plan, "owners": owners, "rows": rows,
                                                 "query": query, "here": here, "snoozed": snoozed, "done": done,
                                                 "today": today, "unclassified": found.unclassified,
                                                 "snooze_default": (today + timedelta(days=7)).isoformat()})  # fmt: skip


@staff_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Import a CRM export: at once, or first a preview of how every column will be read, with a
    field to choose for each (custom fields included) before anything is written."""
    org = _organization(request, MANAGE_ROLES)
    context: dict[str, Any] = {"org": org, "report": None, "listed": [], "notes": [], "previews": []}
    if request.method == "POST":
        action = request.POST.get("action", "import")
        problems: list[str] = []
        mapping = importing.ColumnMapping()
        mapping_file = request.FILES.get("mapping")
        if mapping_file is not None:
            try:
                mapping, mapping_problems = importing.parse_mapping(yaml.safe_load(mapping_file.read()))
                problems += [f"mapping file: {p}" for p in mapping_problems]
            except yaml.YAMLError as exc:
                problems.append(f"mapping file: not YAML or JSON ({exc.__class__.__name__})")
        mappings = {"accounts": mapping, "engagements": mapping}
        if action == "import-staged":
            token = request.POST.get("staged", "")
            uploads = staging.load(org, token)
            if uploads is None:
                problems.append(gettext("the previewed files are no longer here (a preview is kept for a day); "
                                        "choose the files again"))  # fmt: skip
                uploads = {}
            else:
                chosen, wrong = _chosen_columns(request, uploads)
                if wrong:
                    context.update(_preview_context(org, token, uploads, mappings, request.POST, wrong))
                    return render(request, "clients/import.html", context, status=400)
                mappings = chosen
        else:
            uploads = {}
            for kind in ("accounts", "engagements"):
                upload = request.FILES.get(kind)
                if upload is None:
                    continue
                if upload.size and upload.size > MAX_UPLOAD:
                    problems.append(f"{upload.name}: the file is larger than 50 MB; use `hireplay accounts import`")
                    continue
                uploads[kind] = (upload.name or kind, upload.read())
            if not problems and not uploads:
                problems.append("choose an accounts file, an engagements file, or both")
        if problems:
            for p in problems:
                messages.error(request, p)
            return render(request, "clients/import.html", _with_jobs(org, context), status=400)
        if action == "preview":
            token = staging.keep(org, uploads)
            context.update(_preview_context(org, token, uploads, mappings, {}, {}))
            return render(request, "clients/import.html", context)
        valid_only = bool(request.POST.get("valid_only"))
        if sum(len(data) for _, data in uploads.values()) > settings.HIREPLAY_IMPORT_INLINE_BYTES:
            job = jobs.start(org, _user(request), uploads, mappings, valid_only)  # a large file: in the background
            if action == "import-staged":
                staging.drop(org, request.POST.get("staged", ""))
            return redirect("clients-import-job", pk=job.pk)
        report = _import_now(org, request, uploads, mappings, valid_only)
        if report is not None and action == "import-staged" and report.written:
            staging.drop(org, request.POST.get("staged", ""))
        names = {kind: name for kind, (name, _) in uploads.items()}
        if report is not None:
            context["report"] = report
            context["listed"] = [(names.get(p.kind, p.kind), str(p)) for p in report.problems]
            context["notes"] = [(names.get(p.kind, p.kind), str(p)) for p in report.notes]
    return render(request, "clients/import.html", _with_jobs(org, context))


def _with_jobs(org: Organization, context: dict[str, Any]) -> dict[str, Any]:
    context["jobs"] = org.import_jobs.select_related("created_by").order_by("-created_at")[:5]
    return context


def _import_now(org: Organization, request: HttpRequest, uploads: dict[str, tuple[str, bytes]],
                mappings: dict[str, importing.ColumnMapping], valid_only: bool) -> services.ImportReport | None:  # fmt: skip
    parsed: dict[str, reading.Table | None] = {"accounts": None, "engagements": None}
    for kind, (name, data) in uploads.items():
        table = reading.read_bytes(data, name, kind, mappings[kind])  # type: ignore[arg-type]
        if isinstance(table, str):
            messages.error(request, f"{name}: {table}")
            return None
        parsed[kind] = table
    report = services.import_accounts(org, parsed["accounts"], parsed["engagements"], actor(request.user),
                                      valid_only=valid_only)  # fmt: skip
    if report.written:
        messages.success(request, services.import_summary(report))
    return report


def _preview_context(org: Organization, token: str, uploads: dict[str, tuple[str, bytes]],
                     mappings: dict[str, importing.ColumnMapping], given: Any,
                     wrong: dict[str, str]) -> dict[str, Any]:  # fmt: skip
    """Each file's columns as they will be read, with the field chosen for each (the form's choice
    after a refused attempt)."""
    previews: list[dict[str, Any]] = []
    for kind, (name, data) in uploads.items():
        table = importing.read_table(data, name)
        if isinstance(table, str):
            previews.append({"kind": kind, "name": name, "unreadable": table, "columns": [], "problems": []})
            continue
        columns, problems = importing.preview(table[0], table[1], kind, mappings[kind])  # type: ignore[arg-type]
        rows = []
        for index, column in enumerate(columns):
            key = f"map-{kind}-{index}"
            rows.append({"key": key, "preview": column, "chosen": given.get(key, column.field or ""),
                         "error": wrong.get(key, "")})  # fmt: skip
        fields = importing.fields_of(kind)  # type: ignore[arg-type]
        previews.append({"kind": kind, "name": name, "columns": rows, "problems": problems, "fields": fields})
    return {"previews": previews, "staged": token}


def _chosen_columns(
    request: HttpRequest, uploads: dict[str, tuple[str, bytes]]
) -> tuple[dict[str, importing.ColumnMapping], dict[str, str]]:
    """The field chosen for each previewed column, as one mapping per file; or, per select, why not."""
    mappings, wrong = {}, {}
    for kind, (name, data) in uploads.items():
        table = importing.read_table(data, name)
        header = [] if isinstance(table, str) else [h for h in table[0] if h.strip()]
        allowed = set(importing.fields_of(kind))  # type: ignore[arg-type]
        columns: dict[str, str] = {}
        for index, column in enumerate(header):
            key = f"map-{kind}-{index}"
            field = request.POST.get(key, "")
            if not field:
                continue
            if field not in allowed:
                wrong[key] = gettext("choose one of the fields listed")
            elif field in columns:
                wrong[key] = gettext("“{field}” is already read from column “{other}”; choose one column for it").format(
                    field=field, other=columns[field])  # fmt: skip
            else:
                columns[field] = column
        mappings[kind] = importing.ColumnMapping(columns=columns)
    return mappings, wrong


@roles_required(MANAGE_ROLES)
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A background import: its progress while it runs (the page reloads itself), then its report."""
    job = get_object_or_404(ImportJob.objects.select_related("organization"), pk=pk)
    if not can(request.user, job.organization_id, MANAGE_ROLES):
        raise Http404("No such import")
    return render(request, "clients/import_job.html", {
        "org": job.organization, "job": job, "interrupted": jobs.interrupted(job),
        "percent": int(100 * job.done / job.total) if job.total else 0,
    })  # fmt: skip


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


@roles_required(MANAGE_ROLES)
def policy_page(request: HttpRequest) -> HttpResponse:
    """The organisation's key-account policy: the one in use and its versions; a new text checked
    (every problem with its line and column), previewed against the stored base (how many accounts
    would change tier), and adopted by an administrator once previewed."""
    org = _organization(request, MANAGE_ROLES)
    current = services.policy_for(org)
    versions = org.client_policies.select_related("adopted_by").order_by("-number")
    newest = versions.first()
    shipped = services.default_policy_path().read_text()
    if current.currency != services.default_policy().currency:  # the shipped policy, in the local currency
        shipped = shipped.replace(
            f"currency: {services.default_policy().currency}\n", f"currency: {current.currency}\n", 1
        )
    text = newest.text if newest else shipped
    context: dict[str, Any] = {
        "org": org, "current": current, "versions": versions[:20], "text": text, "problems": [],
        "stored_problem": services.policy_problem(org), "may_adopt": can(request.user, org.pk, ADMIN_ROLES),
    }  # fmt: skip
    if request.method != "POST":
        return render(request, "clients/policy.html", context)
    text = request.POST.get("text", "").replace("\r\n", "\n")[:200_000]
    context["text"] = text
    policy, problems = check_policy_text(text, "policy.yaml")
    if policy is None:
        context["problems"] = [str(p) for p in problems]
        return render(request, "clients/policy.html", context, status=400)
    digest = sha256_hex(text)
    if request.POST.get("action") == "adopt":
        if not context["may_adopt"]:
            context["problems"] = [gettext("only an administrator of the organisation adopts its policy")]
            return render(request, "clients/policy.html", context, status=403)
        if request.POST.get("previewed") != digest:
            context["problems"] = [gettext("preview this text before adopting it: it changed since the preview")]
            return render(request, "clients/policy.html", context, status=400)
        adopted = services.adopt_policy(org, text, request.POST.get("note", ""), _user(request))
        messages.success(request, gettext("Version {n} adopted ({policy} {version}). The accounts keep their tiers until "
                                          "the client base is classified again.").format(
            n=adopted.number, policy=adopted.policy_id, version=adopted.policy_version))  # fmt: skip
        return redirect(f"/clients/policy/?org={org.slug}")
    context["preview"] = services.preview(org, policy, timezone.localdate())
    context["previewed"] = digest
    context["candidate"] = policy
    return render(request, "clients/policy.html", context)
