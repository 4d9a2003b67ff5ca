"""Replay recomputes every stored result from the recorded facts: zero differences, and every change shows."""

from __future__ import annotations

import json

from hireplay.core import ENGINE_VERSION
from hireplay.web.flows.interview import save_scorecard
from hireplay.web.flows.replay import first_difference, replay
from hireplay.web.hiring.models import Answer, Candidate, ScoreRecord
from hireplay.web.interviews.models import Scorecard
from tests.web.conftest import Cast, card, ratings_for


def _interviewed(candidate: Candidate, cast: Cast) -> None:
    for user in (cast.alice, cast.ivan):
        save_scorecard(candidate, user, card(ratings=ratings_for(candidate, user, 4)), True)


def test_an_untouched_history_replays_with_zero_differences(scored: Candidate, cast: Cast) -> None:
    _interviewed(scored, cast)

    result = replay()

    assert (result.scores, result.recommendations) == (1, 3)
    assert result.differences == []


def test_an_answer_changed_after_submission_shows(scored: Candidate, cast: Cast) -> None:
    answer = Answer.objects.filter(session__candidate=scored, item_id="client-email").get()
    answer.value = answer.value + " (edited later)"
    answer.save()

    result = replay()

    assert [d.where for d in result.differences][:1] == ["answers (digest at submission)"]
    assert result.differences[0].subject == scored.ref


def test_a_changed_score_report_shows_where(scored: Candidate) -> None:
    stored = ScoreRecord.objects.get()
    stored.report = {**stored.report, "total": {**stored.report["total"], "percent": 99.9}}
    stored.save()

    (difference,) = replay().differences

    assert difference.where == "report.total.percent"
    assert difference.stored == 99.9


def test_a_changed_scorecard_shows_in_the_recommendation(scored: Candidate, cast: Cast) -> None:
    _interviewed(scored, cast)
    card = Scorecard.objects.get(interviewer=cast.ivan)
    card.ratings = dict.fromkeys(card.ratings, 1)
    card.save()

    differences = replay().differences

    assert differences
    assert all(d.what.startswith("recommendation") for d in differences)
    assert any(d.where.startswith("result.") for d in differences)


def test_first_difference_names_the_path() -> None:
    assert first_difference({"a": [1, {"b": 2}]}, {"a": [1, {"b": 3}]}) == (".a[1].b", 2, 3)
    assert first_difference({"a": 1}, {"a": 1.0}) is None  # the same number in canonical form
    assert first_difference([1, 2], [1]) == (" (length)", 2, 1)
    assert first_difference({"x": 1}, {"y": 1}) == (".x", 1, "(absent)")


def test_the_stored_report_is_the_canonical_form_of_what_replay_computes(scored: Candidate) -> None:
    stored = ScoreRecord.objects.get()

    assert json.loads(json.dumps(stored.report)) == stored.report


def test_a_stored_report_written_in_another_key_order_is_no_difference(scored: Candidate) -> None:
    stored = ScoreRecord.objects.get()
    stored.report = dict(reversed(list(stored.report.items())))  # the same report, its keys in another order
    stored.save()

    assert replay().differences == []


def test_a_report_made_by_another_engine_is_named_and_not_compared(scored: Candidate, cast: Cast) -> None:
    _interviewed(scored, cast)
    stored = ScoreRecord.objects.get()
    stored.report = {**stored.report, "engine_version": "0.9.0", "total": {**stored.report["total"], "percent": 1.0}}
    stored.save()

    result = replay()

    assert result.differences == []  # neither the report nor the recommendations that weighed it
    (why,) = result.not_comparable
    assert why == f"made by scoring engine 0.9.0; this installation runs {ENGINE_VERSION}"


def test_a_report_counted_with_another_dictionary_is_named_and_not_compared(scored: Candidate) -> None:
    stored = ScoreRecord.objects.get()
    assert stored.report["dictionary"]["locale"] == "en-US"  # the SMB playbook counts spelling
    older = {**stored.report["dictionary"], "sha256": "0" * 64, "sources": ["pyspellchecker 0.8.1 en"]}
    stored.report = {**stored.report, "dictionary": older}
    stored.save()

    result = replay()

    assert result.differences == []
    (why,) = result.not_comparable
    assert why.startswith("spelling counted with the en-US dictionary 000000000000 (pyspellchecker 0.8.1 en); "
                          "this installation has the en-US dictionary ")  # fmt: skip
