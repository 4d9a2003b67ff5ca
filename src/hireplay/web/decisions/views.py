"""Recommendation and decision pages: the candidate report (page and PDF) and the comparison of an opening."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from hireplay.web.audit.log import record
from hireplay.web.decisions import services
from hireplay.web.decisions.report import OUTCOMES, report_context
from hireplay.web.hiring.views import _candidate, _opening
from hireplay.web.interviews.services import may_see_panel
from hireplay.web.orgs.access import STAFF_ROLES, staff_required


@staff_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _candidate(request, pk, STAFF_ROLES)
    user = request.user
    assert isinstance(user, User)
    try:
        made = services.decide(candidate, user, request.POST.get("outcome", ""), request.POST.get("reason", ""))
        messages.success(request, f"Decision recorded: {made.get_outcome_display()}, by {user.username}.")
    except services.DecisionError as error:
        messages.error(request, str(error))
        request.session[f"decision-draft-{candidate.pk}"] = {"outcome": request.POST.get("outcome", ""),
                                                             "reason": request.POST.get("reason", "")}  # fmt: skip
    return redirect("candidate", pk=candidate.pk)


@staff_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from weasyprint import HTML

    candidate = _candidate(request, pk)
    html = render_to_string("decisions/report_pdf.html", report_context(candidate, request.user), request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    record(f"user:{request.user.get_username()}", "data.exported", candidate.ref, {"format": "pdf", "what": "report"})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="candidate-{candidate.pk}-report.pdf"'
    return response


@staff_required
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """The opening's candidates side by side, ranked by the weighted total (then assessment)."""
    opening = _opening(request, pk)
    rows = []
    competencies: list[str] = []
    for candidate in opening.candidates.filter(erased_at__isnull=True).select_related("session").order_by("pk"):
        session = getattr(candidate, "session", None)
        stored = session.scores.order_by("-pk").first() if session else None
        visible = may_see_panel(candidate, request.user)
        rec = candidate.recommendations.order_by("-pk").first() if visible else None
        decision = candidate.decisions.order_by("-pk").first()
        scores = {c["name"]: c["score"] for c in stored.report["competencies"]} if stored else {}
        competencies = competencies or list(scores)
        result = rec.result if rec else {}
        rows.append({"candidate": candidate, "assessment": stored.report["total"]["percent"] if stored else None,
                     "interview": result.get("interview_percent"), "total": result.get("weighted_total"),
                     "outcome": OUTCOMES.get(rec.outcome, "") if rec else "", "decided_by": result.get("decided_by", ""),
                     "decision": decision.get_outcome_display() if decision else "", "scores": scores})  # fmt: skip
    rows.sort(key=lambda r: (r["total"] is None, -(r["total"] or 0), r["assessment"] is None, -(r["assessment"] or 0)))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
        row["cells"] = [row["scores"].get(name) for name in competencies]
    return render(request, "decisions/compare.html", {"opening": opening, "rows": rows, "competencies": competencies})
