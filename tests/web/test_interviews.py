"""Panels, calendar invitations, independent scorecards and the debrief."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from icalendar import Calendar

from hireplay.core.interview import spread
from hireplay.web.flows.interview import save_scorecard
from hireplay.web.hiring.models import Candidate
from hireplay.web.interviews import services
from hireplay.web.interviews.models import Scorecard
from hireplay.web.orgs.models import Organization, Preference
from tests.web.conftest import Cast, card, ratings_for

WHEN = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def _calendar(message: Any) -> Calendar:
    (name, content, mimetype), *_ = message.attachments
    assert name.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def _event(calendar: Calendar) -> Any:
    (event,) = calendar.walk("VEVENT")
    return event


def test_the_panel_takes_only_members_and_questions_of_the_kit(scored: Candidate, cast: Cast) -> None:
    with pytest.raises(services.InterviewError) as outsider:
        services.assign_panel(scored, {cast.mallory.pk: ["turnaround"]}, "user:alice")
    with pytest.raises(services.InterviewError) as unknown:
        services.assign_panel(scored, {cast.ivan.pk: ["no-such-question"]}, "user:alice")

    assert "not a member" in str(outsider.value)
    assert "no-such-question" in str(unknown.value)
    assert scored.panel.count() == 2  # the panel set by the fixture is untouched


def test_scheduling_sends_separate_invitations_and_only_the_panel_gets_the_kit(
    scored: Candidate, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):  # the e-mails leave when the change commits
        services.schedule(scored, WHEN, 60, "Room 4", cast.alice, "http://testserver/")

    to_candidate, to_panel = mail.outbox
    assert to_candidate.to == ["jordan@example.com"]
    assert set(to_panel.to) == {"alice@example.com", "ivan@example.com"}
    candidate_cal, panel_cal = _calendar(to_candidate), _calendar(to_panel)
    for cal in (candidate_cal, panel_cal):
        event = _event(cal)
        assert str(cal["method"]) == "REQUEST"
        assert event["sequence"] == 0
        assert event.decoded("dtstart") == WHEN
        assert (event.decoded("dtend") - event.decoded("dtstart")).total_seconds() == 3600
        assert str(event["status"]) == "CONFIRMED"
        assert str(event["organizer"]) == "mailto:alice@example.com"
    assert _event(candidate_cal)["uid"] != _event(panel_cal)["uid"]
    attached = to_candidate.attachments[0][1]
    candidate_text = to_candidate.body + (attached.decode() if isinstance(attached, bytes) else attached)
    assert "/scorecard/" not in candidate_text
    assert "ivan" not in candidate_text
    assert f"/candidates/{scored.pk}/scorecard/" in _event(panel_cal)["description"]
    attendee = _event(candidate_cal)["attendee"]  # one attendee: a single value, not a list
    assert str(attendee) == "mailto:jordan@example.com"
    assert sorted(str(a) for a in _event(panel_cal)["attendee"]) == ["mailto:alice@example.com",
                                                                   "mailto:ivan@example.com"]  # fmt: skip


def test_a_change_raises_the_sequence_and_a_cancellation_keeps_the_uid(
    scored: Candidate, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule(scored, WHEN, 60, "Room 4", cast.alice, "http://testserver/")
    first = _event(_calendar(mail.outbox[-2]))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.schedule(scored, WHEN.replace(hour=14), 45, "Room 5", cast.alice, "http://testserver/")
    moved = _event(_calendar(mail.outbox[0]))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(scored, cast.alice, "http://testserver/")
    cancelled_cal = _calendar(mail.outbox[0])
    cancelled = _event(cancelled_cal)

    assert moved["uid"] == first["uid"] == cancelled["uid"]
    assert (first["sequence"], moved["sequence"], cancelled["sequence"]) == (0, 1, 2)
    assert moved.decoded("dtstart").hour == 14
    assert str(cancelled_cal["method"]) == "CANCEL"
    assert str(cancelled["status"]) == "CANCELLED"
    assert "cancelled" in mail.outbox[0].subject


def test_calendar_files_download_for_the_recruiter(scored: Candidate, cast: Cast) -> None:
    services.schedule(scored, WHEN, 60, "", cast.alice, "http://testserver/")
    client = Client()
    client.force_login(cast.alice)

    response = client.get(f"/candidates/{scored.pk}/interview-panel.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert _event(Calendar.from_ical(response.content))["uid"].endswith("-panel@hireplay")


def test_a_scorecard_needs_every_rating_and_evidence_for_the_extremes(scored: Candidate, cast: Cast) -> None:
    mine = ratings_for(scored, cast.ivan, 3)
    first = next(iter(mine))

    with pytest.raises(services.InterviewError) as missing:
        save_scorecard(scored, cast.ivan, card(ratings={first: 3}), submit=True)
    with pytest.raises(services.InterviewError) as bare_five:
        save_scorecard(scored, cast.ivan, card(ratings={**mine, first: 5}), submit=True)
    with pytest.raises(services.InterviewError) as out_of_scale:
        save_scorecard(scored, cast.ivan, card(ratings={first: 6}), submit=False)
    draft = save_scorecard(scored, cast.ivan, card(ratings={first: 5}), submit=False)

    assert any(k.startswith("rating[") for k in missing.value.problems)
    assert f"notes[{first}]" in bare_five.value.problems
    assert f"rating[{first}]" in out_of_scale.value.problems
    assert draft.submitted_at is None  # a draft may be incomplete


def test_a_submitted_scorecard_is_final(scored: Candidate, cast: Cast) -> None:
    save_scorecard(scored, cast.ivan, card(ratings=ratings_for(scored, cast.ivan, 3)), True)

    with pytest.raises(services.InterviewError, match="final"):
        save_scorecard(scored, cast.ivan, card(ratings=ratings_for(scored, cast.ivan, 4)), True)
    assert set(Scorecard.objects.get(interviewer=cast.ivan).ratings.values()) == {3}


def test_an_interviewer_only_rates_their_own_questions(scored: Candidate, cast: Cast) -> None:
    alices = next(iter(ratings_for(scored, cast.alice, 3)))

    with pytest.raises(services.InterviewError) as error:
        save_scorecard(scored, cast.ivan, card(ratings={alices: 3}), submit=False)

    assert "not one of yours" in error.value.problems[f"rating[{alices}]"]


def test_nobody_sees_the_others_ratings_before_submitting_their_own(scored: Candidate, cast: Cast) -> None:
    save_scorecard(scored, cast.alice, card(ratings=ratings_for(scored, cast.alice, 4)), True)
    ivan = Client()
    ivan.force_login(cast.ivan)

    before = ivan.get(f"/candidates/{scored.pk}/debrief/")
    form = ivan.get(f"/candidates/{scored.pk}/scorecard/")
    save_scorecard(scored, cast.ivan, card(ratings=ratings_for(scored, cast.ivan, 2)), True)
    after = ivan.get(f"/candidates/{scored.pk}/debrief/")

    assert before.status_code == 403
    assert "alice" not in before.content.decode()
    assert "alice" not in form.content.decode()
    assert after.status_code == 200
    assert "alice" in after.content.decode()


def test_the_scorecard_page_shows_each_level_description_beside_its_button(scored: Candidate, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.ivan)
    question = scored.opening.playbook.to_core().interview.questions[1]

    page = client.get(f"/candidates/{scored.pk}/scorecard/").content.decode()

    for level, text in question.scale.items():
        button = f'id="rating-{question.id}-{level}"'
        assert button in page
        label = page[page.index(f'for="rating-{question.id}-{level}"') :][:800]
        assert text.replace("'", "&#x27;").replace('"', "&quot;")[:40] in label


def test_the_scorecard_form_saves_a_draft_and_reports_problems_by_question(scored: Candidate, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.ivan)
    mine = list(ratings_for(scored, cast.ivan, 1))

    refused = client.post(f"/candidates/{scored.pk}/scorecard/", {f"rating-{mine[0]}": "1", "action": "submit"})
    saved = client.post(f"/candidates/{scored.pk}/scorecard/", {f"rating-{mine[0]}": "1", "action": "draft"})

    assert refused.status_code == 200
    assert "needs evidence" in refused.content.decode()
    assert saved.status_code == 302
    assert Scorecard.objects.get(interviewer=cast.ivan).ratings == {mine[0]: 1}


def test_the_debrief_flags_a_disagreement_of_two_points(scored: Candidate, cast: Cast) -> None:
    ids = [q.id for q in scored.opening.playbook.to_core().interview.questions]
    services.assign_panel(scored, {cast.alice.pk: ids, cast.ivan.pk: ids}, "user:alice")
    evidence = dict.fromkeys(ids, "Gave a concrete example with figures.")
    save_scorecard(scored, cast.alice, card(ratings=dict.fromkeys(ids, 4)), True)
    save_scorecard(scored, cast.ivan, card(ratings={ids[0]: 2, **dict.fromkeys(ids[1:], 5)},
                                                                       notes=evidence), True)  # fmt: skip
    cards = list(scored.scorecards.all())

    rows = spread([c.ratings for c in cards], ids)

    assert rows[ids[0]]["disagree"]
    assert rows[ids[0]]["spread"] == 2
    assert not any(rows[q]["disagree"] for q in ids[1:])
    client = Client()
    client.force_login(cast.alice)
    page = client.get(f"/candidates/{scored.pk}/debrief/").content.decode()
    assert "disagrees by two points or more" in page


def test_a_red_flag_needs_what_was_seen(scored: Candidate, cast: Cast) -> None:
    data = card(ratings=ratings_for(scored, cast.ivan, 3), red_flags=[{"flag": "blames-others"}])

    with pytest.raises(services.InterviewError) as error:
        save_scorecard(scored, cast.ivan, data, True)

    assert "red_flag[blames-others]" in error.value.problems


def test_a_time_typed_in_brussels_reaches_every_calendar_as_utc(
    scored: Candidate, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    Organization.objects.filter(pk=scored.opening.organization_id).update(time_zone="Europe/Brussels")
    client = Client()
    client.force_login(cast.alice)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/candidates/{scored.pk}/schedule/", {"starts_at": "2026-12-01T09:30", "minutes": "45"})

    to_candidate, to_panel = mail.outbox
    for message in (to_candidate, to_panel):
        content = message.attachments[0][1]
        text = content.decode() if isinstance(content, bytes) else content
        assert "DTSTART:20261201T083000Z" in text  # UTC, never a made-up TZID without its VTIMEZONE
        assert "TZID" not in text
        assert _event(_calendar(message)).decoded("dtstart") == datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
        assert "Tuesday 1 December 2026, 09:30 CET (Europe/Brussels)" in message.body
    downloaded = client.get(f"/candidates/{scored.pk}/interview-panel.ics").content
    assert _event(Calendar.from_ical(downloaded)).decoded("dtstart") == datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    page = client.get(f"/candidates/{scored.pk}/panel/").content.decode()
    assert 'value="2026-12-01T09:30"' in page  # shown again as typed, in the organisation's zone
    assert "Tuesday 1 December 2026, 09:30 CET (Europe/Brussels), 45 minutes" in page


def test_a_summer_time_is_converted_with_its_own_offset(scored: Candidate, cast: Cast) -> None:
    starts = services.parse_local("2027-07-01T09:30", "Europe/Brussels")

    assert starts.astimezone(UTC) == datetime(2027, 7, 1, 7, 30, tzinfo=UTC)
    assert services.parse_local("2026-12-01T09:30+01:00", "America/New_York").astimezone(UTC).hour == 8


@pytest.mark.parametrize(("typed", "why"), [
    ("2027-03-28T02:30", "does not exist in Europe/Brussels"),  # the clocks go forward
    ("2026-10-25T02:30", "happens twice in Europe/Brussels"),  # and back
    ("next Tuesday", "Give a date and a time"),
])  # fmt: skip
def test_a_time_that_does_not_exist_or_is_not_a_time_is_refused_beside_the_field(
    scored: Candidate, cast: Cast, typed: str, why: str
) -> None:
    Organization.objects.filter(pk=scored.opening.organization_id).update(time_zone="Europe/Brussels")
    client = Client()
    client.force_login(cast.alice)
    mail.outbox.clear()

    response = client.post(
        f"/candidates/{scored.pk}/schedule/", {"starts_at": typed, "minutes": "x", "location": "Room 2"}
    )
    page = client.get(response["Location"]).content.decode()

    assert mail.outbox == []
    field = page.index('id="starts_at-error"')
    assert why in page[field : field + 300]
    assert page.index('id="minutes-error"') > field  # every field at fault, each beside its own
    assert f'value="{typed}"' in page  # what was typed is kept
    assert 'value="Room 2"' in page
    assert "starts_at:" not in page


def test_the_scorecard_asks_for_the_interview_day_an_overall_view_and_a_final_confirmation(
    scored: Candidate, cast: Cast
) -> None:
    services.schedule(scored, WHEN, 60, "", cast.alice, "http://testserver/")
    client = Client()
    client.force_login(cast.ivan)
    mine = ratings_for(scored, cast.ivan, 3)
    form = {f"rating-{q}": "3" for q in mine} | {"action": "submit"}

    page = client.get(f"/candidates/{scored.pk}/scorecard/").content.decode()
    unconfirmed = client.post(f"/candidates/{scored.pk}/scorecard/", form).content.decode()
    submitted = client.post(f"/candidates/{scored.pk}/scorecard/", {**form, "overall": "strong_yes", "final": "yes",
                                                                    "interviewed_on": "2026-12-01"})  # fmt: skip

    assert 'value="2026-12-01"' in page  # the interview's day, filled in
    assert "Tick the box to confirm that your scorecard is final" in unconfirmed
    assert "Give your overall recommendation before submitting" in unconfirmed
    assert "overall:" not in unconfirmed
    assert submitted.status_code == 302
    stored = Scorecard.objects.get(interviewer=cast.ivan)
    assert (stored.overall, str(stored.interviewed_on)) == ("strong_yes", "2026-12-01")
    assert stored.submitted_at is not None


def test_each_person_gets_the_interview_e_mail_in_their_own_language(
    scored: Candidate, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    Preference.objects.create(user=cast.ivan, language="nl")
    scored.invitations.update(language="fr")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.schedule(scored, WHEN, 60, "Salle 4", cast.alice, "http://testserver/")

    to_candidate, *to_panel = mail.outbox
    assert to_candidate.subject == f"Entretien planifié : {scored.opening.title}"
    assert "Votre entretien pour" in to_candidate.body
    assert "mardi 1 décembre 2026" in to_candidate.body
    assert "Votre entretien pour" in _event(_calendar(to_candidate)).get("description")
    by_reader = {tuple(m.to): m for m in to_panel}
    assert set(by_reader) == {("alice@example.com",), ("ivan@example.com",)}
    assert by_reader[("alice@example.com",)].subject.startswith("Panel interview scheduled: ")
    assert by_reader[("ivan@example.com",)].subject.startswith("Panelgesprek gepland: ")
    assert "dinsdag 1 december 2026" in by_reader[("ivan@example.com",)].body
    assert "Uw vragen en de scorekaart" in _event(_calendar(by_reader[("ivan@example.com",)])).get("description")
