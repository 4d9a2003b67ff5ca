"""Role-plays and presentations in the web app: assessors rate the grid on their own scorecard,
blind until submitted; the debrief shows the grid side by side with the behaviours observed; the
recommendation weighs the exercise as its own part; replay and the state proof cover it; the
candidate gets the brief and never the script or the grid."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from hireplay.core.lint import check_text
from hireplay.web.decisions.models import RecommendationRecord
from hireplay.web.flows.interview import assign_panel, save_scorecard
from hireplay.web.flows.proof import verify_state
from hireplay.web.flows.replay import replay
from hireplay.web.hiring.models import Candidate, JobOpening, PlaybookVersion
from hireplay.web.interviews import services as interviews
from hireplay.web.interviews.models import Scorecard
from tests.conftest import PLAYBOOKS
from tests.web.conftest import Cast, card, scored_candidate

REVIEW = "mini-business-review"
GRID = [f"{REVIEW}.{c}" for c in ("communication", "customer-focus", "commercial", "problem-solving")]
SCRIPT_LINE = "The other supplier offered us three months free"  # a pushback: for the role-player only
BRIEF_LINE = "Weekly active users: 52 of 60 in March"  # a fact of the brief: for the candidate


def _weighing_the_review() -> Any:
    """The shipped SMB playbook, with a policy that weighs its mini business review 30% (as an
    organisation's own version would)."""
    text = (PLAYBOOKS / "account-manager-smb.yaml").read_text()
    text = text.replace("  weights: {assessment: 40, interview: 60}\n  floors: {assessment: 50, interview: 50}",
                        f"  weights: {{assessment: 30, {REVIEW}: 30, interview: 40}}\n"
                        f"  floors: {{assessment: 50, {REVIEW}: 50, interview: 50}}")  # fmt: skip
    text = text.replace("version: 1.2.0", "version: 1.2.0-review", 1)
    playbook, problems = check_text(text, "smb-review.yaml")
    assert problems == []
    assert playbook is not None
    return playbook


@pytest.fixture
def reviewed(cast: Cast, opening: JobOpening) -> Candidate:
    """A candidate of an opening that weighs the review, scored on the sample answers; Alice asks the
    interview questions, Ivan plays the client and rates the review's grid."""
    weighing = JobOpening.objects.create(organization=opening.organization, title="Account Manager (review)",
                                         playbook=PlaybookVersion.pin(_weighing_the_review()),
                                         hiring_manager=cast.hana)  # fmt: skip
    candidate = scored_candidate(weighing, "Noor Haddad", "noor@example.com")
    questions = [q.id for q in weighing.playbook.to_core().interview.questions]
    assign_panel(candidate, {cast.alice.pk: questions, cast.ivan.pk: GRID}, "user:alice")
    candidate.refresh_from_db()
    return candidate


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rate_interview(candidate: Candidate, cast: Cast) -> None:
    questions = candidate.panel.get(interviewer=cast.alice).questions
    save_scorecard(candidate, cast.alice, card(ratings=dict.fromkeys(questions, 4)), True)


def _discount_behaviour(candidate: Candidate) -> str:
    playbook = candidate.opening.playbook.to_core()
    return next(key for key, (_, _, _, b) in playbook.behaviours.items() if not isinstance(b, str))


def test_the_panel_page_offers_the_grid_rows_and_the_exercise_sheets(reviewed: Candidate, cast: Cast) -> None:
    page = _signed_in(cast.alice).get(f"/candidates/{reviewed.pk}/panel/").content.decode()

    assert "Presentation: The mini business review (rate on its grid)" in page
    assert f'value="{GRID[0]}"' in page
    assert f"/candidates/{reviewed.pk}/exercises/{REVIEW}/" in page
    assert f"/openings/{reviewed.opening_id}/exercises/{REVIEW}/brief/" in page


def test_an_assessor_rates_the_grid_ticks_behaviours_and_the_recommendation_weighs_the_part(
    reviewed: Candidate, cast: Cast
) -> None:
    _rate_interview(reviewed, cast)
    ivan = _signed_in(cast.ivan)
    form = ivan.get(f"/candidates/{reviewed.pk}/scorecard/").content.decode()
    assert "Presentation: The mini business review" in form
    assert "Communication" in form
    assert "raises the red flag “discount-under-pressure”" in form
    observed = f"{REVIEW}.communication.5.0"
    data = {f"rating-{key}": "4" for key in GRID} | {
        f"rating-{GRID[0]}": "5", f"notes-{GRID[0]}": "Two diaries that stopped copying each other: Sara repeated it.",
        "observed": [observed], "overall": "yes", "interviewed_on": "2026-12-01", "final": "yes", "action": "submit",
    }  # fmt: skip

    response = ivan.post(f"/candidates/{reviewed.pk}/scorecard/", data)

    assert response.status_code == 302
    stored = Scorecard.objects.get(candidate=reviewed, interviewer=cast.ivan)
    assert stored.submitted_at is not None
    assert stored.ratings[GRID[0]] == 5
    assert stored.observed == [observed]
    recommendation = RecommendationRecord.current(reviewed.pk)
    assert recommendation is not None
    # The review: (100 + 75 + 75 + 75) / 4 = 81.25, weighed 30%.
    assert recommendation.result["exercises"] == {REVIEW: 81.25}
    weighted = next(r for r in recommendation.result["trace"] if r["rule"] == "weighted total")
    assert " + The mini business review 81.25 × 30% + interview 75.0 × 40% = " in weighted["detail"]
    assert any(
        r["rule"] == "The mini business review floor ≥ 50" and r["passed"] for r in recommendation.result["trace"]
    )
    page = _signed_in(cast.alice).get(f"/candidates/{reviewed.pk}/").content.decode()
    assert "The mini business review 81.25, interview 75.0," in page


def test_a_grid_at_an_extreme_without_evidence_is_refused_beside_the_row_and_nothing_is_stored(
    reviewed: Candidate, cast: Cast
) -> None:
    ivan = _signed_in(cast.ivan)
    data = {f"rating-{key}": "3" for key in GRID} | {f"rating-{GRID[2]}": "1", "overall": "no",
                                                     "interviewed_on": "2026-12-01", "final": "yes", "action": "submit"}  # fmt: skip

    page = ivan.post(f"/candidates/{reviewed.pk}/scorecard/", data).content.decode()

    assert "Not saved yet" in page
    assert "Evidence for “The mini business review: Commercial and analytical sense”" in page
    assert 'id="notes-mini-business-review.commercial-error"' in page
    assert not Scorecard.objects.filter(candidate=reviewed, interviewer=cast.ivan, submitted_at__isnull=False).exists()


def test_giving_in_to_the_discount_raises_the_flag_and_the_recommendation_is_discuss(
    reviewed: Candidate, cast: Cast
) -> None:
    _rate_interview(reviewed, cast)
    behaviour = _discount_behaviour(reviewed)
    evidence = "Matched the three free months as soon as Sara mentioned them."

    save_scorecard(reviewed, cast.ivan, card(ratings=dict.fromkeys(GRID, 4), observed=[behaviour],
                                             notes={f"{REVIEW}.commercial": evidence}), True)  # fmt: skip

    recommendation = RecommendationRecord.current(reviewed.pk)
    assert recommendation is not None
    assert recommendation.outcome == "discuss"
    flag = next(r for r in recommendation.result["trace"] if r["rule"] == "red flag discount-under-pressure")
    assert "Matches the competitor's three free months on the spot, without any case." in flag["detail"]
    assert evidence in flag["detail"]
    debrief = _signed_in(cast.alice).get(f"/candidates/{reviewed.pk}/debrief/").content.decode()
    assert "The grid side by side" in debrief
    assert "raises the red flag “discount-under-pressure”" in debrief
    assert "discount-under-pressure, raised by ivan: observed in The mini business review" in debrief
    # The opening's rater agreement reads the grid rows as anchored ratings too, named in words.
    agreement = _signed_in(cast.alice).get(f"/openings/{reviewed.opening_id}/agreement/").content.decode()
    assert "The mini business review: Commercial and analytical sense" in agreement


def test_the_grid_stays_hidden_from_an_assessor_until_they_submit(reviewed: Candidate, cast: Cast) -> None:
    _rate_interview(reviewed, cast)  # Alice is in; Ivan is not

    before = _signed_in(cast.ivan).get(f"/candidates/{reviewed.pk}/debrief/")
    save_scorecard(reviewed, cast.ivan, card(ratings=dict.fromkeys(GRID, 3)), True)
    after = _signed_in(cast.ivan).get(f"/candidates/{reviewed.pk}/debrief/")

    assert before.status_code == 403
    assert "The grid side by side" not in before.content.decode()
    assert after.status_code == 200
    assert "The grid side by side" in after.content.decode()


def test_the_exercise_sheet_is_for_its_assessors_and_the_hiring_team(reviewed: Candidate, cast: Cast) -> None:
    path = f"/candidates/{reviewed.pk}/exercises/{REVIEW}/"
    interview_only = reviewed.panel.get(interviewer=cast.ivan)
    interview_only.questions = [q.id for q in reviewed.opening.playbook.to_core().interview.questions][:1]
    interview_only.save()

    refused = _signed_in(cast.ivan).get(path)
    interview_only.questions = GRID
    interview_only.save()
    assessor = _signed_in(cast.ivan).get(path).content.decode()
    recruiter = _signed_in(cast.alice).get(path).content.decode()

    assert refused.status_code == 403
    assert SCRIPT_LINE not in refused.content.decode()
    for page in (assessor, recruiter):
        assert SCRIPT_LINE in page
        assert "Do not reveal unless asked" in page
        assert "data-timer" in page
        assert "Level 5" in page
    assert _signed_in(cast.mallory).get(path).status_code == 404
    assert _signed_in(cast.alice).get(f"/candidates/{reviewed.pk}/exercises/no-such-exercise/").status_code == 404


def test_the_printable_brief_and_the_invitation_carry_the_brief_and_never_the_script(
    reviewed: Candidate, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    brief = _signed_in(cast.alice).get(f"/openings/{reviewed.opening_id}/exercises/{REVIEW}/brief/").content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        interviews.schedule(reviewed, datetime(2026, 12, 1, 9, 30, tzinfo=UTC), 60, "Video", cast.alice,
                            "http://testserver/")  # fmt: skip
    to_candidate = next(m for m in mail.outbox if m.to == ["noor@example.com"])
    calendar = to_candidate.attachments[0][1]
    calendar_text = calendar.decode() if isinstance(calendar, bytes) else str(calendar)

    assert BRIEF_LINE in brief
    assert BRIEF_LINE in to_candidate.body
    assert "Weekly active users" in calendar_text.replace("\r\n ", "")
    for text in (brief, to_candidate.body, calendar_text):
        assert SCRIPT_LINE not in text
        assert "Do not reveal" not in text
        assert "raises" not in text


def test_replay_recomputes_recommendations_with_the_exercise_and_the_state_proof_covers_observed(
    reviewed: Candidate, cast: Cast
) -> None:
    _rate_interview(reviewed, cast)
    save_scorecard(reviewed, cast.ivan, card(ratings=dict.fromkeys(GRID, 4), observed=[_discount_behaviour(reviewed)],
                                             notes={f"{REVIEW}.commercial": "Matched the free months at once."}), True)  # fmt: skip
    assert replay().differences == []
    assert verify_state().differences == []

    Scorecard.objects.filter(candidate=reviewed, interviewer=cast.ivan).update(observed=[])

    differences = replay().differences
    assert any(d.what.startswith("recommendation") and d.subject == reviewed.ref for d in differences)
    assert any("scorecard" in str(d) for d in verify_state().differences)
