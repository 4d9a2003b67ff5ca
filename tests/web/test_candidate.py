"""A candidate takes the assessment through their link: the server keeps time and every answer."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hireplay.core.parametric import render
from hireplay.web.hiring import services
from hireplay.web.hiring.models import AssessmentSession, Candidate, Invitation, JobOpening, LateSave, ScoreRecord


@pytest.fixture
def link(opening: JobOpening) -> str:
    candidate = Candidate.objects.create(
        opening=opening, name="Jordan", email="jordan@example.com", extra_time_percent=50
    )
    _, url, _ = services.invite(candidate, "http://testserver/")
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


def test_the_first_opening_of_a_link_is_kept_for_the_invitation_history(client: Client, link: str) -> None:
    invitation = Invitation.objects.get()
    assert invitation.opened_at is None

    client.get(link)
    first = Invitation.objects.get().opened_at
    client.get(link)

    assert first is not None
    assert Invitation.objects.get().opened_at == first  # the first opening, not the latest


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

    status, body = _save(client, link, "upsell-target", "b", 1)
    assert (status, body["result"], body["seq"]) == (200, "saved", 1)
    assert abs(body["now"] - timezone.now().timestamp() * 1000) < 60_000  # the server's clock, for the page
    assert _save(client, link, "upsell-target", "a", 3)[1]["result"] == "saved"
    stale = _save(client, link, "upsell-target", "c", 2)[1]

    assert (stale["result"], stale["stored"]) == ("stale", {"value": "a", "seq": 3})  # the page shows what is kept
    assert session.responses().answers == {"upsell-target": "a"}


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"item": "no-such-item", "value": "a", "seq": 1}, 400, "not a question"),
        ({"item": "upsell-target", "value": ["a"], "seq": 1}, 400, "value:"),
        ({"item": "upsell-target", "value": "a", "seq": "1"}, 400, "seq:"),
        ({"item": "upsell-target", "value": "a", "seq": 0}, 400, "seq:"),
        (["not", "an", "object"], 400, "send an object"),
        ({"item": "client-email", "value": "x" * 70_000, "seq": 1}, 413, "too long to save: at most 64 kB"),
        ({"item": "upsell-target", "value": "a", "seq": 2**63}, 400, "seq:"),
        ({"item": "upsell-target", "value": "zz", "seq": 9}, 400, "not one of the options"),
        ({"item": "sjt-upset-client", "value": {"most": "a", "least": "a"}, "seq": 9}, 400, "both the most and"),
        ({"item": "monday-priorities", "value": ["x", "x"], "seq": 9}, 400, "picked twice"),
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


@pytest.mark.parametrize(
    "raw",
    [
        b"item=upsell-target",
        b'{"item": "quote-total", "value": NaN, "seq": 9}',
        b'{"item": "quote-total", "value": Infinity, "seq": 9}',
        b'{"item": "client-email", "value": "\\ud800", "seq": 9}',
        b'{"item": "crm-entry", "value": ' + b"[" * 20_000 + b"]" * 20_000 + b', "seq": 9}',
        b"\xff\xfe",
    ],
)
def test_a_body_that_is_not_valid_json_is_refused_in_json(client: Client, link: str, raw: bytes) -> None:
    session = _start(client, link)
    _save(client, link, "upsell-target", "a", 5)

    response = client.post(link + "save/", raw, content_type="application/json")

    assert response.status_code in (400, 413)
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]
    assert session.responses().answers == {"upsell-target": "a"}


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


def test_a_link_that_expires_during_the_attempt_keeps_working_until_the_deadline(client: Client, link: str) -> None:
    session = _start(client, link)
    from hireplay.web.hiring.models import Invitation

    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    assert _save(client, link, "upsell-target", "a", 1)[1]["result"] == "saved"
    assert client.get(f"{link}s/1/").status_code == 200
    client.post(link + "submit/")
    assert ScoreRecord.objects.get(session=session).report["total"]["points"] == 2


def test_a_save_after_the_submission_is_kept_aside_with_the_device_time(client: Client, link: str) -> None:
    session = _start(client, link)
    client.post(link + "submit/")
    made = timezone.now() - timedelta(minutes=3)

    body = {"item": "upsell-target", "value": "a", "seq": 7, "at": made.timestamp() * 1000}
    for _ in range(2):  # a retry is kept once
        response = client.post(link + "save/", json.dumps(body), content_type="application/json")
        assert (response.status_code, response.json()["state"]) == (409, "submitted")

    late = LateSave.objects.get()
    assert (late.item_id, late.value, late.seq, late.status) == ("upsell-target", "a", 7, "waiting")
    assert abs((late.device_at - made).total_seconds()) < 0.01
    assert session.responses().answers == {}


def test_an_automatic_submit_before_the_servers_deadline_is_refused(client: Client, link: str) -> None:
    session = _start(client, link)

    response = client.post(link + "submit/", {"automatic": "1"}, HTTP_ACCEPT="application/json")

    assert response.status_code == 409
    assert response.json()["state"] == "running"
    assert response.json()["deadline"] == int(session.deadline.timestamp() * 1000)
    assert AssessmentSession.objects.get().submitted_at is None
    manual = client.post(link + "submit/", HTTP_ACCEPT="application/json")
    assert manual.json()["result"] == "submitted"


def test_the_state_tells_the_page_the_servers_clock_deadline_and_answers(client: Client, link: str) -> None:
    session = _start(client, link)
    _save(client, link, "upsell-target", "a", 4)

    state = client.get(link + "state/").json()

    assert state["deadline"] == int(session.deadline.timestamp() * 1000)
    assert state["answers"] == {"upsell-target": {"value": "a", "seq": 4}}
    assert state["submitted"] is False


def test_late_answers_kept_per_attempt_are_bounded(client: Client, link: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from hireplay.web.hiring import answers

    monkeypatch.setattr(answers, "MAX_LATE", 2)
    _start(client, link)
    client.post(link + "submit/")

    replies = [_save(client, link, "upsell-target", "a", seq) for seq in (1, 2, 2, 3)]

    assert [status for status, _ in replies] == [409, 409, 409, 409]  # refused each time, in JSON
    assert [body["kept"] for _, body in replies] == [True, True, True, False]  # a retry is kept once
    assert "was not kept" in str(replies[3][1]["error"])  # the page never says "kept" when it was not
    assert LateSave.objects.count() == 2


@pytest.mark.parametrize("depth", [17, 500, 900])
def test_an_answer_nested_too_deeply_is_refused_in_json(client: Client, link: str, depth: int) -> None:
    session = _start(client, link)
    body = '{"item": "crm-entry", "value": {"account": ' + "[" * depth + "]" * depth + '}, "seq": 9}'

    response = client.post(link + "save/", body, content_type="application/json")

    assert response.status_code == 400
    assert "nested more than 16 levels" in response.json()["error"]
    assert session.responses().answers == {}
    assert _save(client, link, "crm-entry", {"account": [[["ok"]]]}, 10)[0] == 200


@pytest.mark.parametrize("value", [{"account": "Lumen\u0000Dental"}, {"account\u0000": "x"}])
def test_an_answer_with_a_nul_character_is_refused_in_json(client: Client, link: str, value: object) -> None:
    session = _start(client, link)

    status, body = _save(client, link, "crm-entry", value, 9)

    assert (status, "NUL character" in str(body["error"])) == (400, True)
    assert session.responses().answers == {}
