"""A person rates the criteria of written answers the engine leaves open (tone, clarity)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from hireplay.web.audit.models import AuditEvent
from hireplay.web.decisions.models import RecommendationRecord
from hireplay.web.flows.assessment import RatingError, rate_written
from hireplay.web.flows.replay import replay
from hireplay.web.hiring.models import Candidate, ScoreRecord
from tests.web.conftest import Cast


def _pending(candidate: Candidate) -> set[tuple[str, str]]:
    report = candidate.session.scores.order_by("-pk").first().report
    return {(p["item"], p["criterion"]) for p in report["pending"]}


def test_ratings_complete_the_report_and_replay(scored: Candidate) -> None:
    assert ("client-email", "tone") in _pending(scored)
    before = ScoreRecord.objects.count()
    first = scored.session.scores.order_by("-pk").first()

    report, stored = rate_written(scored, {"client-email": {"tone": 2.5}}, "user:alice")

    assert ScoreRecord.objects.count() == before + 1
    assert stored.ratings == {"client-email": {"tone": 2.5}}
    assert ("client-email", "tone") not in _pending(scored)
    item = next(i for i in report.items if i.id == "client-email")
    assert "Rated by a person: tone 2.5/" in item.evidence
    assert report.points == pytest.approx(first.report["total"]["points"] + 2.5)
    event = AuditEvent.objects.filter(action="assessment.rated").get()
    payload = json.loads(event.payload)
    assert event.actor == "user:alice"
    assert payload["ratings"] == [{"item": "client-email", "criterion": "tone", "points": 2.5}]
    assert payload["previous"] == first.pk
    assert payload["score"] == stored.pk
    assert RecommendationRecord.objects.filter(candidate=scored).order_by("-pk").first().score_id == stored.pk

    everything: dict[str, dict[str, float]] = {}
    for item, criterion in _pending(scored):
        everything.setdefault(item, {})[criterion] = 1.0
    report, _ = rate_written(scored, everything, "user:alice")
    assert report.complete
    assert _pending(scored) == set()
    result = replay()  # the rated records replay with the points they were made with
    assert result.differences == []
    assert result.scores == before + 2


def test_bad_ratings_name_the_field_and_store_nothing(scored: Candidate) -> None:
    before = ScoreRecord.objects.count()
    cases = [
        ({"client-email": {"tone": 99}}, "client-email.tone: give a number of points from 0 to"),
        ({"client-email": {"spelling": 1}}, "client-email.spelling: say why you correct the engine"),
        (
            {"client-email": {"nonesuch": 1}},
            "client-email.nonesuch: not a criterion of this candidate's written answers",
        ),
        ({"no-such-item": {"tone": 1}}, "no-such-item.tone: not a criterion"),
        ({"client-email": {"tone": True}}, "client-email.tone: give a number"),
    ]
    for given, message in cases:
        with pytest.raises(RatingError) as caught:
            rate_written(scored, given, "user:alice")  # type: ignore[arg-type]
        assert message in str(caught.value)
    assert ScoreRecord.objects.count() == before
    assert not AuditEvent.objects.filter(action="assessment.rated").exists()


def test_the_rating_page_stores_points_and_reports_bad_ones(scored: Candidate, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.alice)
    page = client.get(f"/candidates/{scored.pk}/")
    assert f"/candidates/{scored.pk}/rate/" in page.content.decode()
    form = client.get(f"/candidates/{scored.pk}/rate/")
    assert form.status_code == 200
    text = form.content.decode()
    assert 'name="rate:client-email:tone"' in text
    assert "Marchetti" in text  # the candidate's own e-mail is shown to the rater

    bad = client.post(f"/candidates/{scored.pk}/rate/", {"rate:client-email:tone": "lots"})
    assert bad.status_code == 400
    shown = bad.content.decode()
    error = shown.index('id="rate:client-email:tone-error"')
    assert shown.index('id="rate:client-email:tone"') < error  # beside its box
    assert "Give a number of points, such as 1.5, not “lots”." in shown[error : error + 200]
    assert 'value="lots"' in shown  # what was typed is kept
    assert "client-email.tone" not in shown
    too_many = client.post(f"/candidates/{scored.pk}/rate/", {"rate:client-email:tone": "99"}).content.decode()
    assert "Give a number of points from 0 to" in too_many
    assert 'value="99"' in too_many
    assert not AuditEvent.objects.filter(action="assessment.rated").exists()

    good = client.post(f"/candidates/{scored.pk}/rate/", {"rate:client-email:tone": "2,5"})
    assert good.status_code == 302
    assert scored.session.scores.order_by("-pk").first().ratings == {"client-email": {"tone": 2.5}}
    again = client.get(f"/candidates/{scored.pk}/rate/").content.decode()
    assert 'value="2.5"' in again  # the stored rating is shown, and may be changed


def test_only_the_organisation_s_staff_rate(scored: Candidate, cast: Cast) -> None:
    for person in (cast.ivan, cast.mallory):
        client = Client()
        client.force_login(person)
        assert client.get(f"/candidates/{scored.pk}/rate/").status_code in (302, 403, 404)
        assert client.post(f"/candidates/{scored.pk}/rate/", {"rate:client-email:tone": "1"}).status_code in (
            302,
            403,
            404,
        )
    assert not AuditEvent.objects.filter(action="assessment.rated").exists()


def test_the_candidate_page_names_the_dictionary_that_counted_spelling(scored: Candidate, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.alice)

    page = client.get(f"/candidates/{scored.pk}/").content.decode()

    assert "Spelling counted with the en-US dictionary (pyspellchecker " in page
    assert "SCOWL 2020.12.07 size 50 en-US" in page
