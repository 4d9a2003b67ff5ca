"""The audit page for administrators: the log of their organisations as sentences, filtered and
paginated, and the same events as CSV. Blinding holds here too: a panel member who has not
submitted their own scorecard sees no one's ratings, recommendation or decision for that candidate."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from django.core.paginator import Paginator
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from hireplay.web.access import ADMIN_ROLES, blinded_candidates, organizations, roles_required
from hireplay.web.audit.catalogue import actor
from hireplay.web.audit.log import record
from hireplay.web.audit.models import AuditEvent
from hireplay.web.audit.sentences import actor_name, sentence
from hireplay.web.clients.models import ClientAccount
from hireplay.web.development.models import Person
from hireplay.web.hiring.models import Candidate, JobOpening
from hireplay.web.orgs.models import Membership, Organization
from hireplay.web.pages.downloads import csv_download

PAGE = 50


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


# What a panel member who has not submitted their own scorecard may not read about that candidate.
BLIND_ACTIONS = ("scorecard.submitted", "redflag.raised", "recommendation.made", "decision.taken", "decision.proposed")


def visible_events(request: HttpRequest) -> tuple[QuerySet[AuditEvent], dict[str, str], list[str]]:
    """The events of this administrator's organisations (their candidates, openings, client accounts,
    the organisations themselves and the playbooks their openings use), minus what blinding hides
    from them, narrowed by the query's filters; and any filter problems."""
    return _narrowed(request, organisation_events(request))


def organisation_events(request: HttpRequest) -> QuerySet[AuditEvent]:
    """Every event of this administrator's organisations that blinding does not hide from them."""
    orgs = organizations(request.user, ADMIN_ROLES)
    candidates = Candidate.objects.filter(opening__organization__in=orgs)
    openings = JobOpening.objects.filter(organization__in=orgs)
    playbooks = openings.annotate(ref=Concat(Value("playbook:"), "playbook__content_hash",
                                             output_field=CharField())).values("ref")  # fmt: skip
    members = Membership.objects.filter(organization__in=orgs).annotate(
        ref=Concat(Value("user:"), "user__username", output_field=CharField())).values("ref")  # fmt: skip
    events = AuditEvent.objects.filter(
        Q(subject__in=_refs("candidate:", candidates)) | Q(subject__in=_refs("opening:", openings))
        | Q(subject__in=_refs("client:", ClientAccount.objects.filter(organization__in=orgs)))
        | Q(subject__in=_refs("organization:", orgs))
        | Q(subject__in=_refs("person:", Person.objects.filter(organization__in=orgs)))
        # A pinned playbook is shared by content: its events are this organisation's only when one
        # of its people (or the system, for the shipped ones) made them.
        | Q(subject__in=playbooks, actor__in=members) | Q(subject__in=playbooks, actor__startswith="system")
        | Q(subject="audit:log", actor__in=members)
    ).exclude(subject__in=_refs("candidate:", Candidate.objects.filter(pk__in=blinded_candidates(request.user))),
              action__in=BLIND_ACTIONS)  # fmt: skip
    return events


def _narrowed(
    request: HttpRequest, events: QuerySet[AuditEvent]
) -> tuple[QuerySet[AuditEvent], dict[str, str], list[str]]:
    given = {k: request.GET.get(k, "").strip() for k in ("candidate", "opening", "actor", "action", "since", "until")}
    problems = []
    if given["candidate"]:
        if given["candidate"].isdigit():
            events = events.filter(subject=f"candidate:{given['candidate']}")
        else:
            problems.append("Candidate: give the candidate's number, as in their page's address")
    if given["opening"]:
        if given["opening"].isdigit():
            ref = f"opening:{given['opening']}"
            events = events.filter(
                Q(subject=ref)
                | Q(
                    subject__in=_refs(
                        "candidate:",
                        Candidate.objects.filter(
                            opening_id=int(given["opening"]),
                            opening__organization__in=organizations(request.user, ADMIN_ROLES),
                        ),
                    )
                )
            )
        else:
            problems.append("Opening: give the opening's number, as in its page's address")
    if given["actor"]:
        events = events.filter(actor__icontains=given["actor"])
    if given["action"]:
        events = events.filter(action__startswith=given["action"])
    for key, end in (("since", False), ("until", True)):
        if given[key]:
            moment = _day(given[key], end)
            if moment is None:
                problems.append(f"{'From' if key == 'since' else 'To'}: give a date as YYYY-MM-DD")
            else:
                events = events.filter(**{"time__lte" if end else "time__gte": moment})
    return events.order_by("seq"), given, problems


SUBJECT = "\x00"  # where the linked subject goes in a sentence


def _subjects(events: list[AuditEvent]) -> dict[str, tuple[str, str]]:
    """(label, address) of every subject on the page: one query per kind, whatever the page holds."""
    ids: dict[str, set[int]] = {}
    for e in events:
        kind, _, rest = e.subject.partition(":")
        if rest.isdigit():
            ids.setdefault(kind, set()).add(int(rest))
    found: dict[str, tuple[str, str]] = {}
    for pk, name, erased in Candidate.objects.filter(pk__in=ids.get("candidate", ())).values_list(
        "pk", "name", "erased_at"
    ):
        found[f"candidate:{pk}"] = ("an erased candidate" if erased else name, reverse("candidate", kwargs={"pk": pk}))
    for pk, title in JobOpening.objects.filter(pk__in=ids.get("opening", ())).values_list("pk", "title"):
        found[f"opening:{pk}"] = (f"the opening “{title}”", reverse("opening", kwargs={"pk": pk}))
    for pk, name in ClientAccount.objects.filter(pk__in=ids.get("client", ())).values_list("pk", "name"):
        found[f"client:{pk}"] = (f"the account {name}", reverse("client", kwargs={"pk": pk}))
    for pk, name, erased in Person.objects.filter(pk__in=ids.get("person", ())).values_list("pk", "name", "erased_at"):
        found[f"person:{pk}"] = (
            "an erased person" if erased else name,
            reverse("development-person", kwargs={"pk": pk}),
        )
    for pk, name in Organization.objects.filter(pk__in=ids.get("organization", ())).values_list("pk", "name"):
        found[f"organization:{pk}"] = (name, "")
    return found


def _rows(events: list[AuditEvent]) -> list[dict[str, Any]]:
    subjects = _subjects(events)
    rows = []
    for e in events:
        payload = json.loads(e.payload)
        label, link = subjects.get(e.subject, (e.subject.replace("audit:log", "the audit log"), ""))
        before, _, after = sentence(e.action, actor_name(e.actor), SUBJECT, payload).partition(SUBJECT)
        rows.append({"event": e, "before": before, "after": after, "label": label,
                     "link": link, "payload": json.dumps(payload, indent=2, ensure_ascii=False)})  # fmt: skip
    return rows


@roles_required(ADMIN_ROLES)
def audit_page(request: HttpRequest) -> HttpResponse:
    """The log as sentences, newest first, a page at a time (a constant number of queries)."""
    own = organisation_events(request)
    events, given, problems = _narrowed(request, own)
    page = Paginator(events.reverse(), PAGE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in given.items() if v})
    # The actions this organisation's log holds, for the filter (not the catalogue of every action).
    actions = list(own.order_by("action").values_list("action", flat=True).distinct())
    return render(request, "audit/log.html", {"rows": _rows(list(page)), "page_obj": page, "given": given,
                                              "problems": problems, "actions": actions, "query": query},
                  status=400 if problems else 200)  # fmt: skip


@roles_required(ADMIN_ROLES)
def audit_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    events, given, problems = visible_events(request)
    if problems:
        return HttpResponse("; ".join(problems), status=400, content_type="text/plain")
    record(actor(request.user), "data.exported", "audit:log",
           {"format": "csv", "filters": {k: v for k, v in given.items() if v}})  # fmt: skip
    header = ["seq", "time", "actor", "action", "subject", "payload", "prev_hash", "hash"]
    return csv_download("hireplay-audit.csv", header, events.values_list(*header).iterator(chunk_size=2000))
