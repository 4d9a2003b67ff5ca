"""An opening's insights (docs/insights.md): how far its interviewers agree (Krippendorff's alpha
per question and overall, each interviewer's leniency), and how its assessment's items behave
(difficulty, discrimination, Cronbach's alpha)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from datetime import date
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.db.models import Min
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from weasyprint import HTML

from hireplay.core.insights.impact import stage_tables
from hireplay.core.insights.items import MIN_PEOPLE, analyse
from hireplay.core.insights.reliability import MIN_UNITS, alpha, leniency
from hireplay.core.insights.report import STAGES
from hireplay.core.insights.selfid import FORMS, label
from hireplay.core.interview import rated_texts
from hireplay.web.access import (
    COMPLIANCE_ROLES,
    INSIGHT_ROLES,
    STAFF_ROLES,
    awaiting_own_scorecard,
    can,
    opening_page,
    organizations,
    person_name,
)
from hireplay.web.flows.insights import STAGE_FACTS, Scope, build, furthest, with_stage_facts
from hireplay.web.flows.organization import logo_uri
from hireplay.web.hiring.models import Candidate, JobOpening, ScoreRecord
from hireplay.web.interviews.models import Scorecard

RESAMPLES = 200  # bootstrap draws for the page's intervals (docs/insights.md gives the command for more)


@opening_page()
def reliability(request: HttpRequest, opening: JobOpening) -> HttpResponse:
    """One query whatever the opening's size (the scorecards with their interviewers); the figures
    are cached until another scorecard is counted. A panel member sees no figure that uses the ratings of a
    candidate whose scorecard they have not submitted yet (blind until submitted)."""
    pending = awaiting_own_scorecard(request.user.pk, candidate="candidate")
    cards = (Scorecard.objects.filter(candidate__opening=opening, submitted_at__isnull=False)
             .annotate(hidden=pending).filter(hidden=False))  # fmt: skip
    rows = list(cards.values_list("candidate_id", "interviewer_id", "interviewer__username",
                                  "interviewer__first_name", "interviewer__last_name", "ratings"))  # fmt: skip
    names = {str(who): person_name(first, last, username) for _, who, username, first, last, _ in rows}
    # Submitted scorecards are final: which ones are counted decides the figures.
    counted = sorted((candidate, who) for candidate, who, *_ in rows)
    key = f"hp:reliability:{opening.pk}:{hashlib.sha256(repr(counted).encode()).hexdigest()}"
    figures = cache.get(key)
    if figures is None:
        figures = _figures(opening, rows)
        cache.set(key, figures, 600)
    return render(request, "hiring/reliability.html", {"opening": opening, **figures,
                  "lenient": [{"name": names.get(r.rater, r.rater), "units": r.units,
                               "shown": "" if r.mean_difference is None else f"{r.mean_difference:+.2f}"}
                              for r in figures["leniency"]],
                  "min_units": MIN_UNITS, "resamples": RESAMPLES})  # fmt: skip


def _figures(opening: JobOpening, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    playbook = opening.playbook.to_core()
    texts = rated_texts(playbook)
    # Interview questions and exercises' grid rows alike: each is a 1-5 rating on an anchored scale.
    questions = [(q.id, texts[q.id], q.competencies) for q in playbook.interview.questions] + [
        (key, texts[key], (row.competency,)) for key, (_, row) in playbook.grid.items()
    ]
    by_question: dict[str, dict[str, dict[str, float]]] = {key: {} for key, _, _ in questions}
    overall: dict[str, dict[str, float]] = {}
    for candidate, who, *_, ratings in rows:
        for qid, value in (ratings or {}).items():
            if qid in by_question and isinstance(value, int):
                by_question[qid].setdefault(str(candidate), {})[str(who)] = value
                overall.setdefault(f"{candidate}:{qid}", {})[str(who)] = value
    return {
        "questions": [
            {
                "text": text,
                "competencies": ", ".join(competencies),
                "alpha": alpha(by_question[key], resamples=RESAMPLES),
            }
            for key, text, competencies in questions
        ],
        "overall": alpha(overall, resamples=RESAMPLES),
        "leniency": leniency(overall),
        "scorecards": len(rows),
    }


@opening_page()
def items(request: HttpRequest, opening: JobOpening) -> HttpResponse:
    """Item analysis over the opening's scored attempts (the record in force of each candidate).
    Two queries whatever the opening's size; cached until another attempt is scored."""
    current = list(opening.candidates.annotate(record=ScoreRecord.current_pk())
                   .filter(record__isnull=False).values_list("record", flat=True))  # fmt: skip
    key = f"hp:items:{opening.pk}:{hashlib.sha256(repr(sorted(current)).encode()).hexdigest()}"
    found = cache.get(key)
    if found is None:
        found = _item_figures(opening, current)
        cache.set(key, found, 600)
    return render(request, "hiring/items.html", {"opening": opening, **found, "min_people": MIN_PEOPLE})


def _item_figures(opening: JobOpening, records: list[int]) -> dict[str, Any]:
    playbook = opening.playbook.to_core()
    titles = {i.id: i.title or i.id for i in playbook.assessment.items}
    sections = {i.id: i.section for i in playbook.assessment.items}
    section_titles = {s.id: s.title for s in playbook.assessment.sections}
    maxima: dict[str, float] = {}
    waiting: dict[str, int] = {}  # items still waiting for a person's rating, in how many attempts
    people = []
    for stored in ScoreRecord.objects.filter(pk__in=records).values_list("report__items", flat=True).iterator():
        person = {}
        for item in stored or ():
            maxima.setdefault(item["id"], float(item["max_points"]))
            if item.get("pending"):
                waiting[item["id"]] = waiting.get(item["id"], 0) + 1
            else:
                person[item["id"]] = float(item["points"])
        people.append(person)
    order = {i.id: n for n, i in enumerate(playbook.assessment.items)}
    # An item waiting for a rater in any attempt is left out (until rated), not the attempts.
    counted = {k: v for k, v in sorted(maxima.items(), key=lambda kv: order.get(kv[0], 1 << 30)) if k not in waiting}
    found = analyse(people, counted, sections)
    return {
        "analysis": found,
        "rows": [
            {"stats": s, "title": titles.get(s.id, s.id), "section": section_titles.get(s.section, s.section)}
            for s in found.items
        ],
        "section_alphas": [{"title": section_titles.get(k, k), "alpha": v} for k, v in found.sections.items()],
        "attempts": len(records),
        "waiting": [{"title": titles.get(k, k), "attempts": v} for k, v in waiting.items()],
    }


def impact_page(request: HttpRequest) -> HttpResponse:
    """Adverse impact from the candidates' voluntary self-identification, for the organisation's
    compliance officers only. One query for the candidates with their furthest stage and answers."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    mine = list(organizations(request.user, COMPLIANCE_ROLES).order_by("name"))
    if not mine:
        return HttpResponse(render_to_string("hiring/not_compliance.html", request=request), status=403)
    chosen = next((o for o in mine if o.slug == request.GET.get("organization")), mine[0])
    form = FORMS.get(chosen.self_id_form, ())
    openings = list(JobOpening.objects.filter(organization=chosen).order_by("title").values_list("pk", "title"))
    opening = next((pk for pk, _ in openings if str(pk) == request.GET.get("opening")), None)
    candidates = Candidate.objects.filter(opening__organization=chosen)
    if opening is not None:
        candidates = candidates.filter(opening_id=opening)
    rows = (with_stage_facts(candidates).filter(invited=True)
            .values_list("self_identification__answers", "created_at", *STAGE_FACTS))  # fmt: skip
    people = []
    added = []
    for answers, created, *facts in rows:
        added.append(created)
        given = answers or {}
        people.append(({q.id: label(chosen.self_id_form, q.id, given.get(q.id, "unknown")) for q in form},
                       furthest(*facts)))  # fmt: skip
    steps = stage_tables(people, STAGES, [q.id for q in form]) if form and people else []
    answered = sum(1 for p, _ in people if any(v not in ("unknown",) for v in p.values()))
    first_use = JobOpening.objects.filter(organization=chosen).aggregate(first=Min("created_at"))["first"]
    summary = {"calculated_on": timezone.localdate().isoformat(),
               "data_from": min(added).date().isoformat() if added else None,
               "data_to": max(added).date().isoformat() if added else None,
               "first_use": first_use.date().isoformat() if first_use else None}  # fmt: skip
    if request.GET.get("format") == "json":
        return JsonResponse({
            "organization": chosen.slug, "opening": opening, "form": chosen.self_id_form, "people": len(people),
            "answered": answered, **summary, "stages": list(STAGES),
            "steps": [{"step": name, "tables": [asdict(t) for t in tables]} for name, tables in steps],
        })  # fmt: skip
    return render(request, "hiring/impact.html", {
        "organizations": mine, "chosen": chosen, "form": form, "openings": openings, "opening": opening,
        "people": len(people), "steps": steps, "answered": answered, "summary": summary,
        "whole": steps[-1][1] if steps else [],
    })  # fmt: skip


def _report(request: HttpRequest) -> tuple[dict[str, Any], int] | HttpResponse:
    """The report's scope from the query string, checked, and the report; or the refusal."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    mine = list(organizations(request.user, INSIGHT_ROLES).order_by("name"))
    if not mine:
        return HttpResponse(render_to_string("hiring/not_insights.html", request=request), status=403)
    asked = request.GET.get("opening", "")
    owner = (JobOpening.objects.filter(pk=int(asked), organization__in=mine).values_list("organization_id", flat=True)
             .first() if asked.isdigit() and not request.GET.get("organization") else None)  # fmt: skip
    busy = (
        JobOpening.objects.filter(organization__in=[o.pk for o in mine])
        .order_by("organization__name")
        .values_list("organization_id", flat=True)
        .first()
    )  # the first organisation with an opening
    chosen = next((o for o in mine if o.slug == request.GET.get("organization") or o.pk == owner),
                  next((o for o in mine if o.pk == busy), mine[0]))  # fmt: skip
    openings = list(JobOpening.objects.filter(organization=chosen).select_related("playbook").order_by("title"))
    playbooks = sorted({o.playbook.playbook_id for o in openings})
    opening = next((o for o in openings if str(o.pk) == request.GET.get("opening")), None)
    playbook = request.GET.get("playbook", "") if request.GET.get("playbook", "") in playbooks else ""
    problems: dict[str, str] = {}
    period: dict[str, date | None] = {}
    for name in ("from", "to"):
        text = request.GET.get(name, "").strip()
        try:
            period[name] = date.fromisoformat(text) if text else None
        except ValueError:
            period[name] = None
            problems[name] = f"'{text[:20]}' is not a date; write it as 2026-03-31, or leave it empty"
    if not problems and period["from"] and period["to"] and period["from"] > period["to"]:
        problems["to"] = gettext("the end of the period comes before its start; swap the two dates")
    compliance = can(request.user, chosen.pk, COMPLIANCE_ROLES)
    staff = can(request.user, chosen.pk, STAFF_ROLES)
    scope = Scope(chosen, opening, "" if opening else playbook, period["from"], period["to"])
    report = None if problems else build(scope, impact=compliance, viewer_id=request.user.pk)
    context = {"organizations": mine, "chosen": chosen, "openings": openings, "playbooks": playbooks,
               "opening": opening, "playbook": scope.playbook, "typed": {k: request.GET.get(k, "") for k in period},
               "problems": problems, "report": report, "compliance": compliance, "staff": staff,
               "query": request.GET.urlencode()}  # fmt: skip
    return context, 400 if problems else 200


def report_page(request: HttpRequest) -> HttpResponse:
    """The insights report (docs/insights.md) for an organisation, one opening or one playbook, and a
    period: HTML, or `?format=json`. A constant number of queries; cached until a figure changes."""
    found = _report(request)
    if isinstance(found, HttpResponse):
        return found
    context, status = found
    if request.GET.get("format") == "json":
        if context["problems"]:
            return JsonResponse({"problems": context["problems"]}, status=400)
        return JsonResponse(context["report"], json_dumps_params={"ensure_ascii": False})
    return render(request, "hiring/insights.html", context, status=status)


def report_pdf(request: HttpRequest) -> HttpResponse:
    """The same report as a PDF."""
    found = _report(request)
    if isinstance(found, HttpResponse):
        return found
    context, status = found
    if status != 200:
        return render(request, "hiring/insights.html", context, status=status)
    html = render_to_string("hiring/insights_pdf.html", {**context, "logo": logo_uri(context["chosen"].pk)},
                            request=request)  # fmt: skip
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="insights-{context["chosen"].slug}.pdf"'
    return response
