"""What a candidate report shows, shared by the candidate page and its PDF."""

from __future__ import annotations

from typing import Any

from hireplay.web.decisions.models import Decision
from hireplay.web.hiring.models import Candidate
from hireplay.web.interviews.services import may_see_panel

OUTCOMES = {"hire": "Hire", "discuss": "Discuss", "do_not_hire": "Do not hire", "incomplete": "Incomplete"}


def chart_rows(report: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Bars of the competency chart (SVG, 0-100)."""
    return [
        {"name": c["name"], "score": c["score"], "y": i * 24 + 4, "text_y": i * 24 + 15,
         "width": round((c["score"] or 0) * 2.8, 1), "value_x": 236 + round((c["score"] or 0) * 2.8)}
        for i, c in enumerate(report["competencies"] if report else [])
    ]  # fmt: skip


def report_context(candidate: Candidate, viewer: Any) -> dict[str, Any]:
    """Everything the candidate report shows, for the page and the PDF alike."""
    session = getattr(candidate, "session", None)
    record_ = session.scores.order_by("-created_at").first() if session else None
    report = record_.report if record_ else None
    visible = may_see_panel(candidate, viewer)
    recommendation = candidate.recommendations.order_by("-pk").first() if visible else None
    cards = list(candidate.scorecards.filter(submitted_at__isnull=False).select_related("interviewer").order_by("pk"))
    playbook = candidate.opening.playbook.to_core()
    texts = {q.id: q.text for q in playbook.interview.questions}
    chart = chart_rows(report)
    return {
        "candidate": candidate, "session": session, "report": report, "chart": chart,
        "chart_height": 24 * len(chart) + 8, "panel_visible": visible,
        "recommendation": recommendation,
        "outcome_label": OUTCOMES.get(recommendation.outcome, "") if recommendation else "",
        "interviews": [{"by": c.interviewer.username, "ratings": [(texts.get(q, q), r) for q, r in c.ratings.items()],
                        "flags": c.red_flags, "notes": [(texts.get(q, q), n) for q, n in c.notes.items()]}
                       for c in cards] if visible else [],
        "decisions": list(candidate.decisions.select_related("decided_by", "recommendation").order_by("pk")),
    }  # fmt: skip


def decision_form(session: Any, candidate: Candidate) -> dict[str, Any]:
    """The decision form's choices, with what the person typed last time if it was refused."""
    draft = session.pop(f"decision-draft-{candidate.pk}", None) or {}
    return {"draft": draft, "choices": Decision.Outcome.choices}
