"""The audit page for administrators: filter the log, and export what the filter shows as CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from hireplay.web.access import ADMIN_ROLES, organizations, roles_required
from hireplay.web.audit.catalogue import actor
from hireplay.web.audit.log import record
from hireplay.web.audit.models import AuditEvent
from hireplay.web.hiring.models import Candidate, JobOpening

PAGE = 200


def _refs(prefix: str, queryset: Any) -> Any:
    """The pseudonymous references ("candidate:7") of a queryset's rows, as a subquery."""
    return queryset.annotate(audit_ref=Concat(Value(prefix), Cast("pk", CharField()), output_field=CharField())).values(
        "audit_ref"
    )


def _day(text: str, end: bool) -> str | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return datetime.combine(day, time.max if end else time.min).isoformat()


def visible_events(request: HttpRequest) -> tuple[QuerySet[AuditEvent], dict[str, str], list[str]]:
    """The events this administrator may see, narrowed by the query's filters; and any filter problems."""
    orgs = organizations(request.user, ADMIN_ROLES)
    candidates = Candidate.objects.filter(opening__organization__in=orgs)
    openings = JobOpening.objects.filter(organization__in=orgs)
    events = AuditEvent.objects.filter(
        Q(subject__in=_refs("candidate:", candidates)) | Q(subject__in=_refs("opening:", openings))
        | Q(subject__startswith="playbook:")
    )  # fmt: skip
    given = {k: request.GET.get(k, "").strip() for k in ("candidate", "opening", "actor", "action", "since", "until")}
    problems = []
    if given["candidate"]:
        if given["candidate"].isdigit():
            events = events.filter(subject=f"candidate:{given['candidate']}")
        else:
            problems.append("candidate: give the candidate's number, as in their page's address")
    if given["opening"]:
        if given["opening"].isdigit():
            ref = f"opening:{given['opening']}"
            events = events.filter(
                Q(subject=ref) | Q(subject__in=_refs("candidate:", candidates.filter(opening_id=int(given["opening"]))))
            )
        else:
            problems.append("opening: give the opening's number, as in its page's address")
    if given["actor"]:
        events = events.filter(actor__icontains=given["actor"])
    if given["action"]:
        events = events.filter(action__startswith=given["action"])
    for key, end in (("since", False), ("until", True)):
        if given[key]:
            moment = _day(given[key], end)
            if moment is None:
                problems.append(f"{key}: give a date as YYYY-MM-DD")
            else:
                events = events.filter(**{"time__lte" if end else "time__gte": moment})
    return events.order_by("seq"), given, problems


@roles_required(ADMIN_ROLES)
def audit_page(request: HttpRequest) -> HttpResponse:
    events, given, problems = visible_events(request)
    total = events.count()
    shown = list(events.reverse()[:PAGE])
    actions = sorted(set(AuditEvent.objects.values_list("action", flat=True).distinct()))
    query = "&".join(f"{k}={v}" for k, v in given.items() if v)
    return render(request, "audit/log.html", {"events": shown, "total": total, "given": given,
                                              "problems": problems, "actions": actions, "query": query, "page": PAGE})  # fmt: skip


class _Echo:
    def write(self, value: str) -> str:
        return value


@roles_required(ADMIN_ROLES)
def audit_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    events, given, problems = visible_events(request)
    if problems:
        return HttpResponse("; ".join(problems), status=400, content_type="text/plain")
    record(actor(request.user), "data.exported", "audit:log",
           {"format": "csv", "filters": {k: v for k, v in given.items() if v}})  # fmt: skip
    writer = csv.writer(_Echo())
    header = ["seq", "time", "actor", "action", "subject", "payload", "prev_hash", "hash"]

    def rows() -> Iterator[str]:
        yield writer.writerow(header)
        for e in events.values_list(*header).iterator(chunk_size=2000):
            yield writer.writerow(e)

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="hireplay-audit.csv"'
    return response
