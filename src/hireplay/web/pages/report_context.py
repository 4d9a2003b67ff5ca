"""What a candidate report shows, shared by the candidate page and its PDF."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from hireplay.core.decision import STAGE_OUTCOMES
from hireplay.core.interview import rated_texts
from hireplay.core.scoring import ScoreReport
from hireplay.web.access import User, may_see_panel
from hireplay.web.decisions.models import Decision, Proposal, RecommendationRecord
from hireplay.web.flows.decision import dispositions, may_decide, may_propose, stage_of, who_decides
from hireplay.web.flows.proof import proven_for
from hireplay.web.hiring.models import Candidate, ScoreRecord
from hireplay.web.interviews.models import Scorecard

OUTCOMES = {"hire": _("Hire"), "discuss": _("Discuss"), "do_not_hire": _("Do not hire"), "incomplete": _("Incomplete")}


ROW = 34  # each competency: its whole name on a line of its own, its bar below, so labels never overlap bars


def chart_rows(report: ScoreReport | None) -> list[dict[str, Any]]:
    """Bars of the competency chart (SVG, 0-100): the name above its bar, never cut short."""
    return [
        {"name": c.name, "score": c.score, "text_y": i * ROW + 12, "y": i * ROW + 16,
         "width": round((c.score or 0) * 4.2, 1), "value_x": 6 + round((c.score or 0) * 4.2), "value_y": i * ROW + 27}
        for i, c in enumerate(report.competencies if report else ())
    ]  # fmt: skip


def summary(report: ScoreReport | None, advice: Any) -> dict[str, Any]:
    """The first page's strengths and risks: competencies at 70 or more, those under 50 or not
    measured, and every rule of the recommendation that was not met."""
    competencies = list(report.competencies) if report else []
    strengths = sorted(
        (c for c in competencies if c.score is not None and c.score >= 70), key=lambda c: -(c.score or 0)
    )
    weak = [c for c in competencies if c.score is None or c.score < 50]
    return {"strengths": strengths[:3], "weak": weak,
            "failed_rules": [r for r in (advice.trace if advice else ()) if not r.passed]}  # fmt: skip


def _evidence(candidate: Candidate, report: ScoreReport | None) -> list[dict[str, Any]]:
    """Each scored item under its title (never its id), with its points and evidence."""
    titles = {i.id: i.title or i.id for i in candidate.opening.playbook.to_core().assessment.items}
    return [{"title": titles.get(i.id, i.id), "item": i} for i in (report.items if report else ())]


def report_context(candidate: Candidate, viewer: User) -> dict[str, Any]:
    """Everything the candidate report shows, for the page and the PDF alike. A panel member who has
    not submitted sees neither the other ratings, nor the recommendation, nor the decisions; what
    the page shows of the recommendation and decisions is checked against the audit log."""
    session = getattr(candidate, "session", None)
    stored = ScoreRecord.current(candidate.pk) if session else None
    report = stored.to_core() if stored else None
    visible = may_see_panel(candidate, viewer)
    recommendation = RecommendationRecord.current(candidate.pk) if visible else None
    advice = recommendation.to_core() if recommendation else None
    cards = Scorecard.objects.filter(candidate=candidate, submitted_at__isnull=False).select_related("interviewer")
    playbook = candidate.opening.playbook.to_core()
    texts = rated_texts(playbook)
    chart = chart_rows(report)
    decisions = list(Decision.objects.filter(candidate=candidate).select_related("decided_by", "recommendation",
                                                                                  "superseded_by", "supersedes").order_by("-pk")) if visible else []  # fmt: skip
    in_force = [d for d in decisions if not hasattr(d, "superseded_by") or d.superseded_by is None]
    unproven = proven_for(candidate).differences if visible and (recommendation or decisions) else []
    return {
        "candidate": candidate, "session": session, "report": report, "chart": chart,
        "chart_height": ROW * len(chart) + 4, "panel_visible": visible,
        "summary": summary(report, advice if visible else None),
        "evidence": _evidence(candidate, report),
        "policy": playbook.decision_policy, "weighed_parts": playbook.weighed_parts,
        # Each exercise's result, by its title, as the recommendation weighed it.
        "exercise_parts": [(playbook.part_title(part), value) for part, value in advice.exercises] if advice else [],
        "recommendation": recommendation, "advice": advice,
        # The outcome shown is the trace's own (the outcome column is proved against the log below).
        "outcome_label": OUTCOMES.get(advice.outcome, "") if advice else "",
        "interviews": [{"by": c.interviewer.get_full_name() or c.interviewer.username, "ratings": [(texts.get(q, q), r) for q, r in c.ratings.items()],
                        "flags": c.red_flags, "notes": [(texts.get(q, q), n) for q, n in c.notes.items()],
                        "overall": c.get_overall_display(), "on": c.interviewed_on}
                       for c in cards.order_by("pk")] if visible else [],
        "decisions": decisions,
        "in_force": sorted(in_force, key=lambda d: d.stage != "final"),
        "proposals": list(Proposal.objects.filter(candidate=candidate).select_related("proposed_by").order_by("-pk"))
                     if visible else [],
        "unproven": unproven,
    }  # fmt: skip


def decision_form(session: Any, candidate: Candidate, viewer: User) -> dict[str, Any]:
    """The decision form: the stage's outcomes, who may decide, the organisation's reasons for a
    rejection, and what the person typed last time if it was refused (with the field at fault)."""
    draft = session.pop(f"decision-draft-{candidate.pk}", None) or {}
    stage = stage_of(candidate)
    return {
        "draft": draft, "decision_stage": stage, "stage_label": Decision.Stage(stage).label,
        "choices": [(o, Decision.Outcome(o).label) for o in STAGE_OUTCOMES[stage]],
        "dispositions": dispositions(candidate), "may_decide": may_decide(candidate, viewer),
        "may_propose": may_propose(candidate, viewer), "who_decides": who_decides(candidate),
        "current": Decision.in_force(candidate.pk, stage),
    }  # fmt: skip
