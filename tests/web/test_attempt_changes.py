"""After the attempt: answers that arrived late, more time, and attempts nobody submitted."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hireplay.web.audit.models import AuditEvent as Event
from hireplay.web.flows.assessment import AttemptError, close_expired, give_time, review_late
from hireplay.web.hiring import services
from hireplay.web.hiring.models import AssessmentSession, Candidate, JobOpening, LateSave, ScoreRecord
from tests.web.conftest import Cast


@pytest.fixture
def attempt(opening: JobOpening) -> tuple[str, AssessmentSession]:
    candidate = Candidate.objects.create(opening=opening, name="Jordan", email="jordan@example.com")
    _, url = services.invite(candidate, "http://testserver/")
    link = url.removeprefix("http://testserver")
    Client().post(link + "start/")
    return link, AssessmentSession.objects.get()


def _save(link: str, item: str, value: object, seq: int) -> int:
    body = json.dumps({"item": item, "value": value, "seq": seq, "at": timezone.now().timestamp() * 1000})
    return Client().post(link + "save/", body, content_type="application/json").status_code


def test_a_late_answer_accepted_replaces_the_answer_and_scores_again(attempt: tuple[str, AssessmentSession]) -> None:
    link, session = attempt
    _save(link, "upsell-target", "b", 1)
    Client().post(link + "submit/")
    assert _save(link, "upsell-target", "a", 2) == 409
    first = ScoreRecord.objects.get()

    with pytest.raises(AttemptError, match="reason"):
        review_late(LateSave.objects.get(), True, "ok", "user:alice")
    review_late(LateSave.objects.get(), True, "Device was offline two minutes before the end", "user:alice")

    assert session.responses().answers == {"upsell-target": "a"}
    latest = ScoreRecord.current(session.candidate_id)
    assert latest is not None
    assert latest.pk != first.pk
    points = {i["id"]: i["points"] for i in latest.report["items"]}
    assert points["upsell-target"] == 2
    assert LateSave.objects.get().status == "accepted"
    assert list(Event.objects.filter(action__in=["answer.late_reviewed", "assessment.rescored"])
                .values_list("action", flat=True)) == ["answer.late_reviewed", "assessment.rescored"]  # fmt: skip
    with pytest.raises(AttemptError, match="already accepted"):
        review_late(LateSave.objects.get(), False, "Changed my mind about it", "user:alice")


def test_a_late_answer_declined_changes_no_score(attempt: tuple[str, AssessmentSession]) -> None:
    link, session = attempt
    _save(link, "upsell-target", "b", 1)
    Client().post(link + "submit/")
    _save(link, "upsell-target", "a", 2)

    review_late(LateSave.objects.get(), False, "Sent long after the deadline", "user:alice")

    assert session.responses().answers == {"upsell-target": "b"}
    assert ScoreRecord.objects.count() == 1


def test_more_time_moves_the_deadline_and_reopens_a_submitted_attempt(attempt: tuple[str, AssessmentSession]) -> None:
    link, session = attempt
    before = session.deadline
    with pytest.raises(AttemptError, match="minutes"):
        give_time(session, 0, "Connection trouble reported", "user:alice")

    after = give_time(session, 10, "Connection trouble reported", "user:alice")
    assert after == before + timedelta(minutes=10)

    _save(link, "upsell-target", "b", 1)
    Client().post(link + "submit/")
    assert ScoreRecord.objects.count() == 1
    give_time(AssessmentSession.objects.get(), 15, "Fire alarm during the assessment", "user:alice")
    reopened = AssessmentSession.objects.get()
    assert reopened.submitted_at is None
    assert _save(link, "upsell-target", "a", 2) == 200
    Client().post(link + "submit/")
    assert ScoreRecord.objects.count() == 2
    assert ScoreRecord.current(session.candidate_id).report["total"]["points"] == 2  # type: ignore[union-attr]


def test_attempts_whose_time_is_up_are_closed_and_scored(attempt: tuple[str, AssessmentSession]) -> None:
    link, session = attempt
    _save(link, "upsell-target", "a", 1)
    AssessmentSession.objects.filter(pk=session.pk).update(deadline=timezone.now() - timedelta(minutes=2))

    assert close_expired() == 1
    assert close_expired() == 0
    assert AssessmentSession.objects.get().submitted_at is not None
    event = Event.objects.get(action="assessment.submitted")
    assert (event.actor, json.loads(event.payload)["automatic"]) == ("system", True)


def test_the_recruiter_reviews_a_late_answer_on_the_candidate_page(
    attempt: tuple[str, AssessmentSession], cast: Cast
) -> None:
    link, session = attempt
    Client().post(link + "submit/")
    _save(link, "upsell-target", "a", 2)
    late = LateSave.objects.get()
    client = Client()
    client.force_login(cast.alice)
    page = f"/candidates/{session.candidate_id}/"

    assert "Late answers (1)" in client.get(page).content.decode()
    refused = client.post(f"{page}late/{late.pk}/", {"verdict": "accept", "reason": "short"}, follow=True)
    assert "at least 10 characters" in refused.content.decode()
    assert LateSave.objects.get().status == "waiting"
    done = client.post(f"{page}late/{late.pk}/", {"verdict": "accept", "reason": "Offline just before the end"},
                       follow=True)  # fmt: skip
    assert "was accepted" in done.content.decode()
    assert session.responses().answers == {"upsell-target": "a"}
    time = client.post(f"{page}time/", {"minutes": "abc", "reason": "Connection trouble"}, follow=True)
    assert "whole number of minutes" in time.content.decode()
