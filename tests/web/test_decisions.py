"""Recommendations follow the evidence; a person decides, with a reason where the rules ask for one."""

from __future__ import annotations

import pytest
from django.test import Client

from hireplay.core.interview import ScorecardDraft
from hireplay.web.audit.models import AuditEvent
from hireplay.web.flows.decision import DecisionError, decide
from hireplay.web.flows.interview import save_scorecard
from hireplay.web.hiring.models import Candidate
from tests.web.conftest import Cast, ratings_for


def _interview(candidate: Candidate, cast: Cast, alice: int, ivan: int, **extra: object) -> None:
    notes = dict.fromkeys(ratings_for(candidate, cast.ivan, 0), "Concrete example with names and figures.")
    save_scorecard(candidate, cast.alice, ScorecardDraft(
        ratings=ratings_for(candidate, cast.alice, alice),
        notes=dict.fromkeys(ratings_for(candidate, cast.alice, 0), "Concrete example with names and figures.")), True)  # fmt: skip
    save_scorecard(candidate, cast.ivan, ScorecardDraft(
        ratings=ratings_for(candidate, cast.ivan, ivan), notes=notes, **extra), True)  # type: ignore[arg-type]  # fmt: skip


def test_the_assessment_alone_gives_an_incomplete_recommendation(scored: Candidate) -> None:
    recommendation = scored.recommendations.get()

    assert recommendation.outcome == "incomplete"
    assert any(rule["rule"].startswith("interview floor") for rule in recommendation.result["trace"])


def test_each_submitted_scorecard_updates_the_recommendation(scored: Candidate, cast: Cast) -> None:
    _interview(scored, cast, 5, 5)

    latest = scored.recommendations.order_by("-pk").first()
    assert latest is not None
    assert latest.outcome == "hire"
    assert len(latest.scorecard_ids) == 2
    assert latest.result["interview_percent"] == 100.0
    assert AuditEvent.objects.filter(action="recommendation.made", subject=scored.ref).count() == 3


def test_an_ethics_red_flag_proposes_do_not_hire_and_names_who_raised_it(scored: Candidate, cast: Cast) -> None:
    _interview(scored, cast, 5, 5, red_flags=[{"flag": "unethical-conduct", "note": "Proud of backdating a contract."}])

    latest = scored.recommendations.order_by("-pk").first()
    assert latest is not None
    assert (latest.outcome, latest.result["decided_by"]) == ("do_not_hire", "red flag unethical-conduct")
    flag_rule = next(r for r in latest.result["trace"] if r["rule"] == "red flag unethical-conduct")
    assert "raised by ivan" in flag_rule["detail"]
    assert AuditEvent.objects.filter(action="redflag.raised", subject=scored.ref).count() == 1


def test_confirming_do_not_hire_needs_a_named_person_and_a_reason(scored: Candidate, cast: Cast) -> None:
    _interview(scored, cast, 1, 1)

    with pytest.raises(DecisionError, match="reason"):
        decide(scored, cast.alice, "do_not_hire", "")
    made = decide(scored, cast.alice, "do_not_hire", "Agreed at the debrief: could not explain terms plainly.")

    assert (made.outcome, made.departs, made.decided_by) == ("do_not_hire", False, cast.alice)
    scored.refresh_from_db()
    assert scored.stage == Candidate.Stage.DECIDED


def test_departing_from_the_recommendation_needs_a_reason(scored: Candidate, cast: Cast) -> None:
    _interview(scored, cast, 5, 5)

    with pytest.raises(DecisionError, match="reason"):
        decide(scored, cast.alice, "do_not_hire", "no")
    following = decide(scored, cast.alice, "hire", "")

    assert (following.outcome, following.departs) == ("hire", False)


def test_hiring_against_a_do_not_hire_proposal_is_recorded_as_a_departure(scored: Candidate, cast: Cast) -> None:
    _interview(scored, cast, 1, 1)

    with pytest.raises(DecisionError):
        decide(scored, cast.alice, "hire", "")
    made = decide(scored, cast.alice, "hire", "The rating was for a question outside the role's scope.")

    assert made.departs
    event = AuditEvent.objects.get(action="decision.taken")
    assert '"departs":true' in event.payload
    assert '"recommended":"do_not_hire"' in event.payload
    assert "outside the role" not in event.payload  # the reason is kept as a keyed digest only


def test_no_decision_before_there_is_a_recommendation(opening: object, cast: Cast) -> None:
    candidate = Candidate.objects.create(opening=opening, name="Sam", email="sam@example.com")  # type: ignore[misc]

    with pytest.raises(DecisionError, match="no recommendation"):
        decide(candidate, cast.alice, "hire", "")


def test_the_decision_form_reports_a_missing_reason(scored: Candidate, cast: Cast) -> None:
    _interview(scored, cast, 1, 1)
    client = Client()
    client.force_login(cast.alice)

    client.post(f"/candidates/{scored.pk}/decide/", {"outcome": "do_not_hire", "reason": ""})
    page = client.get(f"/candidates/{scored.pk}/").content.decode()

    assert "reason: confirming a proposal not to hire needs" in page
    assert not scored.decisions.exists()


def test_the_candidate_page_shows_the_trace_and_the_pdf_is_a_pdf(scored: Candidate, cast: Cast) -> None:
    _interview(scored, cast, 4, 4)
    client = Client()
    client.force_login(cast.alice)

    page = client.get(f"/candidates/{scored.pk}/").content.decode()
    pdf = client.get(f"/candidates/{scored.pk}/report.pdf")

    assert "Every rule checked" in page
    assert "weighted total" in page
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert len(pdf.content) > 5_000
    assert AuditEvent.objects.filter(action="data.exported", subject=scored.ref).exists()


def test_the_comparison_ranks_by_weighted_total(scored: Candidate, cast: Cast, opening: object) -> None:
    _interview(scored, cast, 4, 4)
    weaker = Candidate.objects.create(opening=opening, name="Weaker", email="weaker@example.com")  # type: ignore[misc]
    client = Client()
    client.force_login(cast.alice)

    page = client.get(f"/openings/{scored.opening_id}/compare/").content.decode()

    assert page.index("Jordan Reyes") < page.index(weaker.name)
