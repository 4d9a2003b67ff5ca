"""Recommendation and decision pages: taking a decision, the candidate report as a PDF, and the
comparison of an opening's candidates."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Case, Exists, F, FloatField, OuterRef, Subquery, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from weasyprint import HTML

from hireplay.core.spreadsheet import safe_cell
from hireplay.web.access import STAFF_ROLES, can, candidate_page, opening_page, panel_or_staff_page
from hireplay.web.audit.catalogue import actor
from hireplay.web.audit.log import record
from hireplay.web.decisions.models import Decision, RecommendationRecord
from hireplay.web.flows.decision import DecisionError, NotAllowedError, decide, propose
from hireplay.web.flows.organization import logo_uri
from hireplay.web.hiring.models import Candidate, JobOpening, ScoreRecord
from hireplay.web.interviews.models import PanelMember, Scorecard
from hireplay.web.pages.report_context import OUTCOMES, report_context


def _back(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    """Back to where the form was: the candidate's page for staff, the debrief for a panel member."""
    if can(request.user, candidate.opening.organization_id, STAFF_ROLES):
        return redirect(reverse("candidate", kwargs={"pk": candidate.pk}) + "#decision")
    return redirect(reverse("debrief", kwargs={"pk": candidate.pk}) + "#decision")


def _refused_decision(request: HttpRequest, candidate: Candidate, field: str, message: str) -> HttpResponse:
    """Back to the decision form, with the refusal beside its field and what was typed kept."""
    request.session[f"decision-draft-{candidate.pk}"] = {
        "outcome": request.POST.get("outcome", ""), "reason": request.POST.get("reason", ""),
        "disposition": request.POST.get("disposition", ""), "kind": request.POST.get("kind", "decision"),
        "field": field, "message": message[:1].upper() + message[1:],
    }  # fmt: skip
    return _back(request, candidate)


def _not_allowed(request: HttpRequest, candidate: Candidate, message: str) -> HttpResponse:
    return render(request, "decisions/not_allowed.html", {"candidate": candidate, "message": message}, status=403)


@panel_or_staff_page
@require_POST
def candidate_decide(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    """Take a decision (the opening's hiring manager or an administrator) or propose one (others)."""
    user = request.user
    assert isinstance(user, User)
    outcome, reason = request.POST.get("outcome", ""), request.POST.get("reason", "")
    try:
        if request.POST.get("kind") == "proposal":
            propose(candidate, user, outcome, reason)
            messages.success(
                request, gettext("Your proposal was recorded; the person who decides sees it on this page.")
            )
        else:
            made = decide(candidate, user, outcome, reason, request.POST.get("disposition", ""))
            messages.success(request, (gettext("Decision recorded: {outcome}, by {name} as administrator.") if made.as_admin
                                       else gettext("Decision recorded: {outcome}, by {name}.")).format(
                outcome=made.get_outcome_display(), name=user.get_full_name() or user.username))  # fmt: skip
    except NotAllowedError as refusal:
        return _not_allowed(request, candidate, str(refusal))
    except DecisionError as error:
        return _refused_decision(request, candidate, error.field, error.message)
    return _back(request, candidate)


@candidate_page()
def report_pdf(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    context = {**report_context(candidate, request.user), "logo": logo_uri(candidate.opening.organization_id)}
    html = render_to_string("decisions/report_pdf.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    record(actor(request.user), "data.exported", candidate.ref, {"format": "pdf", "what": "report"})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="candidate-{candidate.pk}-report.pdf"'
    return response


COMPARE_PER_PAGE = 50
CSV_CHUNK = 500


def _compare_rows(shown: list[Any], first: int, competencies: Any) -> list[dict[str, Any]]:
    """The comparison's rows for these ranked candidates (ranks from `first`): three queries."""
    competencies_of = dict(ScoreRecord.objects.filter(pk__in=[c.score_pk for c in shown])
                           .values_list("pk", "report__competencies"))  # fmt: skip
    visible = [c for c in shown if not c.seated or c.submitted]
    advice = {pk: (outcome, interview, rule) for pk, outcome, interview, rule in
              RecommendationRecord.objects.filter(pk__in=[c.recommendation_pk for c in visible]).values_list(
                  "pk", "outcome", "result__interview_percent", "result__decided_by")}  # fmt: skip
    decisions = dict(Decision.objects.filter(pk__in=[c.decision_pk for c in visible if c.decision_pk])
                     .values_list("pk", "outcome"))  # fmt: skip
    labels = dict(Decision.Outcome.choices)
    rows = []
    for position, candidate in enumerate(shown, start=first):
        by_id = {c.get("id"): c.get("score") for c in competencies_of.get(candidate.score_pk) or ()}
        outcome, interview, rule = advice.get(candidate.recommendation_pk, ("", None, ""))
        decision = decisions.get(candidate.decision_pk)
        rows.append({"rank": position, "candidate": candidate, "assessment": candidate.percent,
                     "interview": interview, "total": candidate.total,
                     "outcome": OUTCOMES.get(outcome, "") if outcome else "", "decided_by": rule or "",
                     "decision": labels.get(decision, "") if decision else "",
                     "cells": [by_id.get(c.id) for c in competencies]})  # fmt: skip
    return rows


def _compare_csv(request: HttpRequest, opening: JobOpening, ranked: Any, competencies: Any) -> HttpResponse:
    """Every ranked candidate as CSV, read 500 at a time; the export is logged. A name that a
    spreadsheet would run as a formula is written as text (core.spreadsheet.safe_cell)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="comparison-opening-{opening.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(["rank", "candidate", "assessment_percent", "interview_percent", "weighted_total",
                     "recommendation", "decision", *[c.name for c in competencies]])  # fmt: skip
    total = ranked.count()
    for start in range(0, total, CSV_CHUNK):
        for row in _compare_rows(list(ranked[start : start + CSV_CHUNK]), start + 1, competencies):
            writer.writerow([row["rank"], safe_cell(row["candidate"].name), _number(row["assessment"]),
                             _number(row["interview"]), _number(row["total"]), row["outcome"], row["decision"],
                             *[_number(v) for v in row["cells"]]])  # fmt: skip
    record(actor(request.user), "data.exported", f"opening:{opening.pk}", {"format": "csv", "what": "comparison"})
    return response


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


@opening_page()
def compare(request: HttpRequest, opening: JobOpening) -> HttpResponse:
    """The opening's candidates with a scored attempt, side by side, 50 to a page, ranked by the
    core's comparison rule (core.comparison: the weighted total, then the assessment, each highest
    first with unknowns last, then the order they were added), which the database applies so that
    only the page's rows are read in full. A constant number of queries whatever the opening's size."""
    me = request.user.pk
    # A panel member who has not submitted their own scorecard sees no panel figures (blind until
    # submitted): for them the candidate has no weighted total, and ranks as such.
    seated = Exists(PanelMember.objects.filter(candidate=OuterRef("pk"), interviewer_id=me))
    submitted = Exists(
        Scorecard.objects.filter(candidate=OuterRef("pk"), interviewer_id=me, submitted_at__isnull=False)
    )
    newest_advice = RecommendationRecord.objects.filter(candidate=OuterRef("pk")).order_by("-pk")
    advised_total = newest_advice.annotate(v=Cast(KT("result__weighted_total"), FloatField())).values("v")[:1]
    candidates = (
        opening.candidates.filter(erased_at__isnull=True)
        .annotate(score_pk=ScoreRecord.current_pk(), recommendation_pk=Subquery(newest_advice.values("pk")[:1]),
                  decision_pk=Subquery(Decision.objects.filter(candidate=OuterRef("pk"), superseded_by__isnull=True)
                                       .order_by("stage", "-pk").values("pk")[:1]),
                  seated=seated, submitted=submitted, percent=ScoreRecord.current_percent(),
                  advised=Subquery(advised_total))
        .filter(score_pk__isnull=False)
        .annotate(total=Case(When(seated=True, submitted=False, then=Value(None)), default=F("advised"),
                             output_field=FloatField()))
        .only("pk", "name", "opening_id")
        .order_by(F("total").desc(nulls_last=True), F("percent").desc(nulls_last=True), "pk")
    )  # fmt: skip
    competencies = opening.playbook.to_core().competencies
    if request.GET.get("format") == "csv":
        return _compare_csv(request, opening, candidates, competencies)
    page = Paginator(candidates, COMPARE_PER_PAGE).get_page(request.GET.get("page"))
    rows = _compare_rows(list(page.object_list), page.start_index(), competencies)
    without = opening.candidates.filter(erased_at__isnull=True).count() - page.paginator.count
    return render(request, "decisions/compare.html", {"opening": opening, "page": page, "rows": rows,
                                                      "competencies": [c.name for c in competencies],
                                                      "without": without})  # fmt: skip
