"""After the attempt: answers that arrived late, more time, and attempts nobody submitted."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hireplay.web.audit.models import AuditEvent as Event
from hireplay.web.flows.assessment import AttemptError, close_expired, give_time, review_late
from hireplay.web.hiring import integrity, services
from hireplay.web.hiring.models import (
    AssessmentSession,
    Candidate,
    IntegritySignal,
    JobOpening,
    LateSave,
    ScoreRecord,
)
from tests.web.conftest import Cast


@pytest.fixture
def attempt(opening: JobOpening) -> tuple[str, AssessmentSession]:
    candidate = Candidate.objects.create(opening=opening, name="Jordan", email="jordan@example.com")
    _, url, _ = services.invite(candidate, "http://testserver/")
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


def _signals(link: str, batch: object) -> tuple[int, dict[str, object]]:
    response = Client().post(link + "signals/", json.dumps({"signals": batch}), content_type="application/json")
    return response.status_code, response.json()


def test_integrity_signals_are_summed_and_told_in_plain_words(attempt: tuple[str, AssessmentSession]) -> None:
    link, session = attempt
    assert _signals(link, [{"kind": "paste", "item": "client-email", "amount": 400},
                           {"kind": "away", "amount": 65_000}, {"kind": "quick", "item": "upsell-target", "amount": 9000}])[0] == 200  # fmt: skip
    _signals(link, [{"kind": "paste", "item": "client-email", "amount": 100}, {"kind": "away", "amount": 5000},
                    {"kind": "quick", "item": "upsell-target", "amount": 1200},
                    {"kind": "quick", "item": "renewal-first-step", "amount": 30_000}])  # fmt: skip

    facts = [f.sentence for f in integrity.facts(session.pk, session.candidate.opening.playbook.to_core())]

    assert facts == [
        "Left the assessment page 2 times, 1 min 10 s in all.",
        "Pasted into “Reply to a client” 2 times, 500 characters in all.",
        "Answered “Where to spend an upsell week” 1 s after the previous answer (under 5 s for this kind of question).",
    ]


@pytest.mark.parametrize(
    ("batch", "words"),
    [
        ([{"kind": "typing", "item": "client-email", "amount": 1}], "signals[0].kind"),
        ([{"kind": "paste", "item": "nope", "amount": 1}], "signals[0].item"),
        ([{"kind": "paste", "item": "client-email", "amount": -1}], "signals[0].amount"),
        ([{"kind": "away", "amount": 1.5}], "signals[0].amount"),
        ("all", "signals: send a list"),
        ([{"kind": "away", "amount": 1}] * 51, "at most 50"),
    ],
)
def test_bad_signals_are_refused_with_the_place(
    attempt: tuple[str, AssessmentSession], batch: object, words: str
) -> None:
    link, _ = attempt
    status, body = _signals(link, batch)
    assert status == 400
    assert words in str(body["error"])
    assert not IntegritySignal.objects.exists()


def test_no_signal_is_taken_after_the_attempt(attempt: tuple[str, AssessmentSession]) -> None:
    link, _ = attempt
    Client().post(link + "submit/")
    assert _signals(link, [{"kind": "away", "amount": 1}])[0] == 409


def test_the_recruiter_reads_the_signals_with_their_explanation(
    attempt: tuple[str, AssessmentSession], cast: Cast
) -> None:
    link, session = attempt
    _signals(link, [{"kind": "paste", "item": "client-email", "amount": 250}])
    client = Client()
    client.force_login(cast.alice)

    page = client.get(f"/candidates/{session.candidate_id}/").content.decode()

    assert "Integrity signals" in page
    assert "Pasted into “Reply to a client” once, 250 characters in all." in page
    assert "never change the score or the recommendation" in page
