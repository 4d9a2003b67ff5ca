"""A rater corrects an automatic criterion of a written answer (the engine missed a good answer in
other words): with a reason, logged, replayed; refused beside its box without one; erased with the
candidate."""

from __future__ import annotations

import pytest
from django.test import Client

from hireplay.web.audit.models import AuditEvent
from hireplay.web.flows.assessment import RatingError, corrections, rate_written
from hireplay.web.flows.privacy import erase
from hireplay.web.flows.replay import replay
from hireplay.web.hiring.models import Candidate, ScoreRecord
from tests.web.conftest import Cast

WHY = "The reply covers the usage review in other words: 'we will look at how your team uses it'."


def _item(record: ScoreRecord) -> dict:  # type: ignore[type-arg]
    return next(i for i in record.report["items"] if i["id"] == "client-email")


def test_a_correction_with_a_reason_replaces_the_engines_points_and_replays(scored: Candidate) -> None:
    before = ScoreRecord.current(scored.pk)
    assert before is not None
    engine = corrections(before)[("client-email", "content")]
    top = engine["max_points"]

    _, stored = rate_written(scored, {"client-email": {"content": top}}, "user:alice",
                                  {"client-email": {"content": WHY}})  # fmt: skip

    item = _item(stored)
    assert item["points"] == pytest.approx(_item(before)["points"] + top - engine["points"])
    assert f"Corrected by a person: content {engine['points']:g} → {top:g}/{top:g}." in item["evidence"]
    assert stored.reasons == {"client-email": {"content": WHY}}
    event = AuditEvent.objects.filter(action="assessment.rated", subject=scored.ref).latest("pk")
    assert '"corrects":true' in event.payload
    assert WHY not in event.payload  # a keyed digest, never the words
    assert replay().differences == []


def test_a_correction_without_a_reason_or_out_of_range_is_refused_and_nothing_is_stored(scored: Candidate) -> None:
    records = ScoreRecord.objects.count()

    with pytest.raises(RatingError) as silent:
        rate_written(scored, {"client-email": {"greeting": 0}}, "user:alice")
    with pytest.raises(RatingError) as too_many:
        rate_written(scored, {"client-email": {"greeting": 3}}, "user:alice", {"client-email": {"greeting": WHY}})

    assert silent.value.fields == {"why:client-email:greeting": "Say why you change the engine's points, in at "
                                                                 "least 10 characters."}  # fmt: skip
    assert too_many.value.fields == {"correct:client-email:greeting": "Give a number of points from 0 to 0.5."}
    assert ScoreRecord.objects.count() == records


def test_the_rate_page_offers_the_correction_and_shows_a_refusal_beside_its_box(scored: Candidate, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.alice)

    page = client.get(f"/candidates/{scored.pk}/rate/").content.decode()
    refused = client.post(f"/candidates/{scored.pk}/rate/", {"correct:client-email:greeting": "0"})
    done = client.post(f"/candidates/{scored.pk}/rate/", {"correct:client-email:greeting": "0",
                                                          "why:client-email:greeting": WHY})  # fmt: skip

    assert "Correct the engine on this answer" in page
    assert 'name="correct:client-email:content"' in page
    assert refused.status_code == 400
    assert 'id="why:client-email:greeting-error"' in refused.content.decode()
    assert done.status_code == 302
    current = ScoreRecord.current(scored.pk)
    assert current is not None
    assert current.ratings["client-email"]["greeting"] == 0


def test_erasure_removes_the_reasons(scored: Candidate) -> None:
    rate_written(scored, {"client-email": {"content": 1}}, "user:alice", {"client-email": {"content": WHY}})

    erase(scored, "user:alice")

    assert all(record.reasons == {} for record in ScoreRecord.objects.filter(session__candidate=scored))
