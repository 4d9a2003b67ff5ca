"""A candidate takes the assessment through their link: the server keeps time and every answer."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hireplay.core.parametric import render
from hireplay.web.hiring import services
from hireplay.web.hiring.models import AssessmentSession, Candidate, JobOpening, LateSave, ScoreRecord


@pytest.fixture
def link(opening: JobOpening) -> str:
    candidate = Candidate.objects.create(
        opening=opening, name="Jordan", email="jordan@example.com", extra_time_percent=50
    )
    _, url = services.invite(candidate, "http://testserver/")
    return url.removeprefix("http://testserver")


def _start(client: Client, link: str) -> AssessmentSession:
    client.post(link + "start/")
    return AssessmentSession.objects.get()


def _save(client: Client, link: str, item: str, value: object, seq: int) -> tuple[int, dict[str, object]]:
    response = client.post(
        link + "save/", json.dumps({"item": item, "value": value, "seq": seq}), content_type="application/json"
    )
    return response.status_code, response.json()


def test_the_landing_page_explains_the_assessment_before_the_clock_starts(client: Client, link: str) -> None:
    page = client.get(link).content.decode()

    assert "30 minutes" in page
    assert "50% extra time" in page
    assert AssessmentSession.objects.count() == 0


def test_starting_fixes_the_deadline_with_the_accommodation(client: Client, link: str) -> None:
    session = _start(client, link)

    assert session.deadline - session.started_at == timedelta(minutes=45)


def test_starting_twice_keeps_the_first_deadline(client: Client, link: str) -> None:
    first = _start(client, link)
    client.post(link + "start/")

    assert AssessmentSession.objects.get().deadline == first.deadline


def test_a_section_shows_the_candidates_own_numbers_and_no_key(client: Client, link: str) -> None:
    session = _start(client, link)
    playbook = session.candidate.opening.playbook.to_core()

    pages = "".join(client.get(f"{link}s/{i}/").content.decode() for i in range(1, 5))

    quote = playbook.items_by_id["quote-total"]
    import html

    assert html.escape(render(quote.prompt, quote.variables_for(session.seed))) in pages
    for item in playbook.assessment.items:
        for response in getattr(item, "responses", ()):
            assert html.escape(response.rationale) not in pages
        if item.explanation:
            assert html.escape(item.explanation) not in pages
    assert "effectiveness" not in pages


def test_answers_are_saved_and_an_older_save_never_wins(client: Client, link: str) -> None:
    session = _start(client, link)

    assert _save(client, link, "upsell-target", "b", 1) == (200, {"result": "saved", "seq": 1})
    assert _save(client, link, "upsell-target", "a", 3)[1]["result"] == "saved"
    assert _save(client, link, "upsell-target", "c", 2)[1]["result"] == "stale"

    assert session.responses().answers == {"upsell-target": "a"}


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"item": "no-such-item", "value": "a", "seq": 1}, 400, "not a question"),
        ({"item": "upsell-target", "value": ["a"], "seq": 1}, 400, "value:"),
        ({"item": "upsell-target", "value": "a", "seq": "1"}, 400, "seq:"),
        ({"item": "upsell-target", "value": "a", "seq": 0}, 400, "seq:"),
        (["not", "an", "object"], 400, "send an object"),
        ({"item": "client-email", "value": "x" * 70_000, "seq": 1}, 413, "larger than"),
    ],
)
def test_bad_saves_get_a_clear_message_and_change_nothing(
    client: Client, link: str, body: object, status: int, words: str
) -> None:
    session = _start(client, link)
    _save(client, link, "upsell-target", "a", 5)

    response = client.post(link + "save/", json.dumps(body), content_type="application/json")

    assert response.status_code == status
    assert words in response.json()["error"]
    assert session.responses().answers == {"upsell-target": "a"}


def test_a_body_that_is_not_json_is_refused(client: Client, link: str) -> None:
    _start(client, link)

    response = client.post(link + "save/", "item=upsell-target", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400


def test_a_tampered_or_expired_link_shows_nothing(client: Client, link: str) -> None:
    tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]

    assert client.get(tampered).status_code == 404
    assert client.post(tampered + "save/", "{}", content_type="application/json").status_code == 404

    from hireplay.web.hiring.models import Invitation

    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(link).status_code == 404


def test_submitting_scores_the_attempt_with_the_pinned_playbook(client: Client, link: str) -> None:
    session = _start(client, link)
    _save(client, link, "upsell-target", "a", 1)
    _save(client, link, "renewal-first-step", "b", 2)

    client.post(link + "submit/")

    record = ScoreRecord.objects.get(session=session)
    assert record.report["total"]["points"] == 4
    assert record.playbook_hash == session.candidate.opening.playbook.content_hash
    assert Candidate.objects.get().stage == Candidate.Stage.SCORED


def test_a_double_submit_changes_nothing(client: Client, link: str) -> None:
    session = _start(client, link)
    _save(client, link, "upsell-target", "a", 1)
    client.post(link + "submit/")
    first = ScoreRecord.objects.get()

    client.post(link + "submit/")

    assert ScoreRecord.objects.count() == 1
    assert ScoreRecord.objects.get().pk == first.pk
    assert _save(client, link, "upsell-target", "b", 9)[0] == 409
    assert AssessmentSession.objects.get().submitted_at == AssessmentSession.objects.get(pk=session.pk).submitted_at


def test_a_save_after_the_deadline_and_grace_is_refused_and_recorded(client: Client, link: str) -> None:
    session = _start(client, link)
    AssessmentSession.objects.filter(pk=session.pk).update(deadline=timezone.now() - timedelta(minutes=5))

    status, body = _save(client, link, "upsell-target", "a", 1)

    assert (status, body["state"]) == (409, "late")
    assert LateSave.objects.get().item_id == "upsell-target"
    assert session.responses().answers == {}


def test_coming_back_after_the_deadline_submits_automatically(client: Client, link: str) -> None:
    session = _start(client, link)
    _save(client, link, "upsell-target", "a", 1)
    AssessmentSession.objects.filter(pk=session.pk).update(deadline=timezone.now() - timedelta(minutes=5))

    response = client.get(f"{link}s/1/")

    assert response.status_code == 302
    assert response["Location"].endswith("/done/")
    assert ScoreRecord.objects.get().report["total"]["points"] == 2


def test_the_recruiter_sees_the_score_and_the_competency_chart(client: Client, link: str, cast: object) -> None:
    session = _start(client, link)
    _save(client, link, "upsell-target", "a", 1)
    client.post(link + "submit/")
    recruiter = Client()
    recruiter.force_login(cast.alice)  # type: ignore[attr-defined]

    page = recruiter.get(f"/candidates/{session.candidate_id}/").content.decode()

    assert "Competency scores" in page
    assert "<svg" in page
    assert "Chose a, the keyed answer." in page


def test_every_applied_save_is_one_audit_event_and_stale_ones_none(client: Client, link: str) -> None:
    from hireplay.web.audit.log import check, seal
    from hireplay.web.audit.models import AuditEvent

    client.post(f"{link}start/")
    results = [_save(client, link, "upsell-target", value, seq)[1]["result"]
               for value, seq in (("a", 1), ("b", 2), ("c", 3), ("a", 2))]  # fmt: skip
    seal()

    saves = list(AuditEvent.objects.filter(action="answer.saved").order_by("seq").values_list("payload", flat=True))
    assert results == ["saved", "saved", "saved", "stale"]
    assert [json.loads(p)["seq"] for p in saves] == [1, 2, 3]  # the first save inserts; the rest take the fast path
    assert check().intact
