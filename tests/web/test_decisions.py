"""Recommendations follow the evidence; a person decides, with a reason where the rules ask for one."""

from __future__ import annotations

import html
import itertools

import pytest
from django.contrib.auth.models import User
from django.test import Client

from hireplay.web.audit.models import AuditEvent
from hireplay.web.decisions.models import Decision
from hireplay.web.flows.decision import DecisionError, NotAllowedError, decide, propose
from hireplay.web.flows.interview import assign_panel, save_scorecard
from hireplay.web.hiring.models import Candidate, JobOpening
from hireplay.web.orgs.models import Membership
from tests.web.conftest import Cast, card, ratings_for


def _interview(candidate: Candidate, cast: Cast, alice: int, ivan: int, **extra: object) -> None:
    notes = dict.fromkeys(ratings_for(candidate, cast.ivan, 0), "Concrete example with names and figures.")
    save_scorecard(candidate, cast.alice, card(
        ratings=ratings_for(candidate, cast.alice, alice),
        notes=dict.fromkeys(ratings_for(candidate, cast.alice, 0), "Concrete example with names and figures.")), True)  # fmt: skip
    save_scorecard(candidate, cast.ivan, card(
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
    # At scoring, after the first scorecard (waiting for the other), after the second.
    assert AuditEvent.objects.filter(action="recommendation.made", subject=scored.ref).count() == 3


def test_an_ethics_red_flag_proposes_do_not_hire_and_names_who_raised_it(scored: Candidate, cast: Cast) -> None:
    _interview(scored, cast, 5, 5, red_flags=[{"flag": "unethical-conduct", "note": "Proud of backdating a contract."}])

    latest = scored.recommendations.order_by("-pk").first()
    assert latest is not None
    assert (latest.outcome, latest.result["decided_by"]) == ("do_not_hire", "red flag unethical-conduct")
    flag_rule = next(r for r in latest.result["trace"] if r["rule"] == "red flag unethical-conduct")
    assert "raised by ivan" in flag_rule["detail"]
    assert AuditEvent.objects.filter(action="redflag.raised", subject=scored.ref).count() == 1


def test_confirming_a_rejection_needs_the_deciders_reason_and_a_disposition(scored: Candidate, cast: Cast) -> None:
    _interview(scored, cast, 1, 1)

    with pytest.raises(DecisionError, match="reason"):
        decide(scored, cast.hana, "reject", "", "Interview below the bar")
    with pytest.raises(DecisionError) as missing:
        decide(scored, cast.hana, "reject", "Agreed at the debrief: could not explain terms plainly.")
    assert missing.value.field == "disposition"
    made = decide(scored, cast.hana, "reject", "Agreed at the debrief: could not explain terms plainly.",
                  "Interview below the bar")  # fmt: skip

    assert (made.outcome, made.advised, made.departs, made.decided_by, made.as_admin) == (
        "reject", "reject", False, cast.hana, False)  # fmt: skip
    assert made.disposition == "Interview below the bar"
    scored.refresh_from_db()
    assert scored.stage == Candidate.Stage.REJECTED


def test_departing_from_the_recommendation_needs_a_reason(scored: Candidate, cast: Cast) -> None:
    _interview(scored, cast, 5, 5)

    with pytest.raises(DecisionError, match="reason"):
        decide(scored, cast.hana, "reject", "no", "Another candidate was chosen")
    following = decide(scored, cast.hana, "hire", "")

    assert (following.outcome, following.departs) == ("hire", False)


def test_hiring_against_a_do_not_hire_proposal_is_recorded_as_a_departure(scored: Candidate, cast: Cast) -> None:
    _interview(scored, cast, 1, 1)

    with pytest.raises(DecisionError):
        decide(scored, cast.hana, "hire", "")
    made = decide(scored, cast.hana, "hire", "The rating was for a question outside the role's scope.")

    assert made.departs
    event = AuditEvent.objects.get(action="decision.taken")
    assert '"departs":true' in event.payload
    assert '"recommended":"do_not_hire"' in event.payload
    assert '"advised":"reject"' in event.payload
    assert "outside the role" not in event.payload  # the reason is kept as a keyed digest only


def test_no_decision_before_there_is_a_recommendation(opening: object, cast: Cast) -> None:
    candidate = Candidate.objects.create(opening=opening, name="Sam", email="sam@example.com")  # type: ignore[misc]

    with pytest.raises(DecisionError, match="no recommendation"):
        decide(candidate, cast.hana, "advance", "")


def test_only_the_hiring_manager_or_an_administrator_decides(scored: Candidate, cast: Cast) -> None:
    _interview(scored, cast, 5, 5)
    admin = User.objects.create_user("ada", "ada@example.com", "a long test password")
    Membership.objects.create(user=admin, organization=scored.opening.organization, role=Membership.Role.ADMIN)

    with pytest.raises(NotAllowedError, match="hana") as refused:
        decide(scored, cast.alice, "hire", "")
    assert "hiring manager" in str(refused.value)
    made = decide(scored, admin, "hire", "")

    assert made.as_admin
    assert '"as_admin":true' in AuditEvent.objects.get(action="decision.taken").payload
    client = Client()
    client.force_login(cast.alice)
    response = client.post(f"/candidates/{scored.pk}/decide/", {"outcome": "hire"})
    assert response.status_code == 403
    assert "hiring manager" in response.content.decode()


def test_one_decision_is_in_force_and_changing_it_needs_a_reason_and_names_the_one_it_supersedes(
    scored: Candidate, cast: Cast
) -> None:
    _interview(scored, cast, 5, 5)
    first = decide(scored, cast.hana, "hire", "")

    with pytest.raises(DecisionError, match="changing a decision in force needs a reason"):
        decide(scored, cast.hana, "hold", "")
    second = decide(scored, cast.hana, "hold", "Waiting for the reference check from her last employer.")

    assert second.supersedes == first
    assert Decision.in_force(scored.pk, "final") == second
    assert f'"supersedes":{first.pk}' in AuditEvent.objects.filter(action="decision.taken").last().payload  # type: ignore[union-attr]
    page = _page(scored, cast.hana)
    assert "In force (after the interview): Hold" in page
    assert "Earlier decisions" in page


def test_outcomes_fit_the_stage(scored: Candidate, cast: Cast, opening: object) -> None:
    # Before any interview: advance, hold, reject or withdrawn, on the assessment's own advice.
    fresh = Candidate.objects.get(pk=scored.pk)
    fresh.panel.all().delete()
    with pytest.raises(DecisionError, match="advance to interview, hold, reject, withdrawn by the candidate"):
        decide(fresh, cast.hana, "hire", "")
    # The sample's written answers still wait for a rater: the assessment's advice is not complete yet.
    with pytest.raises(DecisionError, match="the evidence is not complete"):
        decide(fresh, cast.hana, "advance", "")
    made = decide(fresh, cast.hana, "advance", "The written answers are rated at the interview stage.")
    assert (made.stage, made.advised, made.departs) == ("screening", "incomplete", True)
    fresh.refresh_from_db()
    assert fresh.stage == Candidate.Stage.INTERVIEW


def test_deciding_before_the_whole_panel_submitted_needs_a_reason(scored: Candidate, cast: Cast) -> None:
    assign_panel(scored, {cast.alice.pk: ratings_for(scored, cast.alice, 0), cast.ivan.pk: ratings_for(scored, cast.ivan, 0)},
                 "user:alice")  # fmt: skip
    save_scorecard(scored, cast.alice, card(ratings=ratings_for(scored, cast.alice, 4)), True)
    latest = scored.recommendations.order_by("-pk").first()
    assert latest is not None
    assert latest.waiting == ["ivan"]
    assert latest.result["provisional"]

    page = _page(scored, cast.hana)
    assert "Provisional recommendation" in page
    assert "waiting for the scorecard of ivan" in page
    with pytest.raises(DecisionError, match="deciding without the full panel"):
        decide(scored, cast.hana, "hire", "")
    made = decide(scored, cast.hana, "reject", "Deciding without the full panel: Ivan is away for a month.",
                  "Another candidate was chosen")  # fmt: skip
    assert made.provisional


def test_a_panel_member_decides_or_proposes_only_after_submitting(scored: Candidate, cast: Cast) -> None:
    JobOpening.objects.filter(pk=scored.opening_id).update(
        hiring_manager=cast.ivan
    )  # Ivan decides, and sits on the panel
    scored = Candidate.objects.select_related("opening__hiring_manager", "opening__organization").get(pk=scored.pk)

    with pytest.raises(NotAllowedError, match="submit your own scorecard"):
        decide(scored, cast.ivan, "hire", "")
    with pytest.raises(NotAllowedError, match="submit your own scorecard"):
        propose(scored, cast.ivan, "hire", "A strong interview all round.")
    _interview(scored, cast, 4, 4)
    assert propose(scored, cast.ivan, "hire", "A strong interview all round.").outcome == "hire"
    assert decide(scored, cast.ivan, "hire", "").outcome == "hire"


def test_a_recruiters_proposal_is_shown_to_the_person_who_decides(scored: Candidate, cast: Cast) -> None:
    _interview(scored, cast, 4, 4)
    client = Client()
    client.force_login(cast.alice)

    client.post(f"/candidates/{scored.pk}/decide/", {"kind": "proposal", "outcome": "hire",
                                                     "reason": "Best candidate we have seen for this role."})  # fmt: skip

    assert not scored.decisions.exists()
    assert "alice proposes <strong>hire</strong>" in _page(scored, cast.hana)
    assert AuditEvent.objects.filter(action="decision.proposed").count() == 1


def _page(candidate: Candidate, user: object) -> str:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client.get(f"/candidates/{candidate.pk}/").content.decode()


def test_the_decision_form_reports_a_missing_reason_beside_the_field_and_keeps_what_was_typed(
    scored: Candidate, cast: Cast
) -> None:
    _interview(scored, cast, 1, 1)
    client = Client()
    client.force_login(cast.hana)

    response = client.post(f"/candidates/{scored.pk}/decide/", {"outcome": "reject", "reason": "short",
                                                                "disposition": "Interview below the bar"})  # fmt: skip
    page = html.unescape(client.get(response["Location"]).content.decode())

    error = page.index('id="reason-error"')
    assert page.index('id="reason"') < error < page.index("Record my decision")
    assert "A rejection needs the decider's own reason" in page[error : error + 300]
    assert (
        '<textarea id="reason" name="reason" rows="3" aria-invalid="true" aria-describedby="reason-error">short</textarea>'
        in page
    )
    assert "<option selected>Interview below the bar</option>" in page
    assert "reason:" not in page
    assert 'class="message success"' not in page
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

    assert "Jordan Reyes" in page
    # A candidate without a scored attempt is not ranked among those with data; the page counts them.
    assert weaker.name not in page
    assert "1 other has none yet" in page


def test_an_interviewer_proposes_from_the_debrief_once_submitted(scored: Candidate, cast: Cast) -> None:
    _interview(scored, cast, 4, 4)
    client = Client()
    client.force_login(cast.ivan)

    debrief = client.get(f"/candidates/{scored.pk}/debrief/").content.decode()
    refused = client.post(f"/candidates/{scored.pk}/decide/", {"kind": "proposal", "outcome": "hire", "reason": "ok"})
    shown = client.get(refused["Location"]).content.decode()
    sent = client.post(f"/candidates/{scored.pk}/decide/", {"kind": "proposal", "outcome": "hire",
                                                            "reason": "Clear examples with figures in every answer."})  # fmt: skip

    assert "Send my proposal" in debrief
    assert "<title>Debrief · Jordan Reyes · hireplay</title>" in debrief
    assert refused["Location"].endswith(f"/candidates/{scored.pk}/debrief/#decision")
    assert 'id="reason-error"' in shown
    assert sent.status_code == 302
    assert "ivan proposes <strong>hire</strong>" in _page(scored, cast.hana)


def _page_texts(html: str) -> list[str]:
    """The text laid out on each page of the PDF that WeasyPrint makes of this HTML."""
    from weasyprint import HTML

    pages = []
    for page in HTML(string=html).render().pages:
        boxes = page._page_box.descendants()  # WeasyPrint's layout: the text boxes of the page
        pages.append(" ".join(b.text for b in boxes if hasattr(b, "text") and isinstance(b.text, str)))
    return pages


def test_the_pdf_opens_with_a_one_page_summary_and_names_people_and_questions(scored: Candidate, cast: Cast) -> None:
    from django.template.loader import render_to_string

    from hireplay.web.pages.report_context import report_context

    _interview(scored, cast, 4, 4)
    cast.hana.first_name, cast.hana.last_name = "Hana", "Verbeke"
    cast.hana.save()
    client = Client()
    client.force_login(cast.hana)
    client.post(
        f"/candidates/{scored.pk}/decide/", {"stage": "final", "outcome": "hire", "reason": "Strong all round."}
    )
    html = render_to_string("decisions/report_pdf.html", report_context(Candidate.objects.get(pk=scored.pk), cast.hana))
    pages = _page_texts(html)
    first = pages[0]
    assert len(pages) >= 2
    assert "Decision in force (after the interview): Hire, by Hana Verbeke" in first
    assert "Strengths and risks" in first
    assert "Assessment evidence" not in first  # the evidence starts on the next page
    longest = max((c.name for c in scored.opening.playbook.to_core().competencies), key=len)
    assert longest in first  # the chart's labels are whole
    titles = [i.title for i in scored.opening.playbook.to_core().assessment.items if i.title]
    assert titles[0] in " ".join(pages)
    assert "sjt-upset-client" not in " ".join(pages)  # item titles, never their ids


def test_chart_labels_sit_above_their_bars_and_never_overlap() -> None:
    from hireplay.core.scoring import CompetencyScore
    from hireplay.web.pages.report_context import chart_rows

    names = ["Judgement and problem solving under pressure with several clients at once", "Short", "Organisation"]
    fake = type("R", (), {"competencies": [CompetencyScore(f"c{i}", n, 10, 1, 1, 100.0 * (i + 1) / 3, ())
                                           for i, n in enumerate(names)]})()  # fmt: skip
    rows = chart_rows(fake)  # type: ignore[arg-type]
    for row, following in itertools.pairwise(rows):
        assert row["text_y"] < row["y"]  # the label's baseline is above its bar
        assert row["y"] + 14 < following["text_y"] - 9  # the bar ends before the next label's text begins
    assert [r["name"] for r in rows] == names  # never cut short
