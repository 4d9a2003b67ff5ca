"""What a candidate report shows, shared by the candidate page and its PDF."""

from __future__ import annotations

from typing import Any

from hireplay.core.scoring import ScoreReport
from hireplay.web.access import User, may_see_panel
from hireplay.web.decisions.models import Decision, RecommendationRecord
from hireplay.web.hiring.models import Candidate, ScoreRecord
from hireplay.web.interviews.models import Scorecard

OUTCOMES = {"hire": "Hire", "discuss": "Discuss", "do_not_hire": "Do not hire", "incomplete": "Incomplete"}


def chart_rows(report: ScoreReport | None) -> list[dict[str, Any]]:
    """Bars of the competency chart (SVG, 0-100)."""
    return [
        {"name": c.name, "score": c.score, "y": i * 24 + 4, "text_y": i * 24 + 15,
         "width": round((c.score or 0) * 2.8, 1), "value_x": 236 + round((c.score or 0) * 2.8)}
        for i, c in enumerate(report.competencies if report else ())
    ]  # fmt: skip


def report_context(candidate: Candidate, viewer: User) -> dict[str, Any]:
    """Everything the candidate report shows, for the page and the PDF alike."""
    session = getattr(candidate, "session", None)
    stored = ScoreRecord.current(candidate.pk) if session else None
    report = stored.to_core() if stored else None
    visible = may_see_panel(candidate, viewer)
    recommendation = RecommendationRecord.current(candidate.pk) if visible else None
    advice = recommendation.to_core() if recommendation else None
    cards = Scorecard.objects.filter(candidate=candidate, submitted_at__isnull=False).select_related("interviewer")
    texts = {q.id: q.text for q in candidate.opening.playbook.to_core().interview.questions}
    chart = chart_rows(report)
    return {
        "candidate": candidate, "session": session, "report": report, "chart": chart,
        "chart_height": 24 * len(chart) + 8, "panel_visible": visible,
        "recommendation": recommendation, "advice": advice,
        "outcome_label": OUTCOMES.get(advice.outcome, "") if advice else "",
        "interviews": [{"by": c.interviewer.username, "ratings": [(texts.get(q, q), r) for q, r in c.ratings.items()],
                        "flags": c.red_flags, "notes": [(texts.get(q, q), n) for q, n in c.notes.items()]}
                       for c in cards.order_by("pk")] if visible else [],
        "decisions": list(Decision.objects.filter(candidate=candidate).select_related("decided_by", "recommendation")
                          .order_by("pk")),
    }  # fmt: skip


def decision_form(session: Any, candidate: Candidate) -> dict[str, Any]:
    """The decision form's choices, with what the person typed last time if it was refused."""
    draft = session.pop(f"decision-draft-{candidate.pk}", None) or {}
    return {"draft": draft, "choices": Decision.Outcome.choices}
