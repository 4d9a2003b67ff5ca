"""The recommendation rules, with the worked cases of the source material."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from hireplay.core.decision import RaisedFlag, Recommendation, Scorecard, rating_percent, reason_problem, recommend
from hireplay.core.scoring import ScoreReport, score

QUESTIONS = ["turnaround", "upsell", "internal-collaboration", "prioritisation", "service", "saying-no"]


def _report(playbook: Any, percent: float) -> ScoreReport:
    """A complete report whose total is `percent`, reached by answering a share of the items right."""
    report = score(playbook, {})
    return replace(report, percent=percent, points=report.max_points * percent / 100, pending=(), complete=True)


def _card(name: str = "Ana", default: int = 4, flags: tuple[str, ...] = (), **ratings: int) -> Scorecard:
    given = {q: ratings.get(q.replace("-", "_"), default) for q in QUESTIONS}
    return Scorecard(interviewer=name, ratings=given, red_flags=tuple(RaisedFlag(flag=f) for f in flags))


def test_a_strong_candidate_on_both_parts_is_recommended(smb: Any) -> None:
    result = recommend(smb, _report(smb, 85), [_card(default=4), _card("Ben", default=5)])

    assert result.outcome == "hire"
    assert result.weighted_total == pytest.approx(0.4 * 85 + 0.6 * (75 + 100) / 2)
    assert result.decided_by == "threshold hire ≥ 70"


def test_seventy_percent_overall_with_communication_rated_one_is_unsuitable(smb: Any) -> None:
    # The two questions on communication rated 1; the others high enough for about 70 overall.
    card = _card(default=5, service=1, saying_no=1)

    result = recommend(smb, _report(smb, 75), [card])

    assert result.weighted_total is not None
    assert result.weighted_total >= 70
    assert result.outcome == "do_not_hire"
    assert result.decided_by == "must-have communication ≥ 2"


def test_acing_the_test_but_failing_the_interview_is_not_recommended(smb: Any) -> None:
    result = recommend(smb, _report(smb, 100), [_card(default=2)])  # interview 25 of 100

    assert result.outcome == "do_not_hire"
    assert result.decided_by == "interview floor ≥ 50"


def test_acing_the_interview_but_failing_the_test_is_not_recommended(smb: Any) -> None:
    result = recommend(smb, _report(smb, 30), [_card(default=5)])

    assert result.outcome == "do_not_hire"
    assert result.decided_by == "assessment floor ≥ 50"


def test_an_ethics_red_flag_overrides_any_total(smb: Any) -> None:
    result = recommend(
        smb, _report(smb, 100), [_card(default=5), _card("Ben", default=5, flags=("unethical-conduct",))]
    )

    assert result.outcome == "do_not_hire"
    assert result.decided_by == "red flag unethical-conduct"
    assert any(rule.rule == "red flag unethical-conduct" and "raised by Ben" in rule.detail for rule in result.trace)


def test_a_red_flag_to_discuss_caps_a_hire_at_discuss(smb: Any) -> None:
    result = recommend(smb, _report(smb, 95), [_card(default=5, flags=("blames-others",))])

    assert result.outcome == "discuss"


def test_declining_the_office_days_raises_the_hybrid_red_flag(smb: Any) -> None:
    card = Scorecard(interviewer="Ana", ratings=dict.fromkeys(QUESTIONS, 5), confirmations={"office-days": False})

    result = recommend(smb, _report(smb, 95), [card])

    assert result.outcome == "discuss"
    assert any(rule.rule == "red flag office-days" for rule in result.trace)


@pytest.mark.parametrize(
    ("percent", "rating", "outcome"), [(55, 4, "discuss"), (55, 3, "do_not_hire"), (90, 4, "hire")]
)
def test_the_thresholds_on_the_weighted_total(smb: Any, percent: float, rating: int, outcome: str) -> None:
    assert recommend(smb, _report(smb, percent), [_card(default=rating)]).outcome == outcome


def test_without_an_interview_the_recommendation_is_incomplete(smb: Any) -> None:
    result = recommend(smb, _report(smb, 90), [])

    assert result.outcome == "incomplete"
    assert result.weighted_total is None


def test_pending_human_criteria_make_the_recommendation_provisional(smb: Any) -> None:
    report = score(smb, {"client-email": "Dear Helena, thank you. Kind regards"})

    assert recommend(smb, report, [_card()]).provisional


def test_every_rule_appears_in_the_trace(smb: Any) -> None:
    rules = [rule.rule for rule in recommend(smb, _report(smb, 80), [_card()]).trace]

    assert rules[0] == "weighted total"
    assert "must-have communication ≥ 2" in rules
    assert "assessment floor ≥ 50" in rules
    assert "interview floor ≥ 50" in rules


def test_ratings_map_one_to_zero_and_five_to_a_hundred() -> None:
    assert [rating_percent(r) for r in (1, 2, 3, 4, 5)] == [0, 25, 50, 75, 100]


def test_ratings_for_questions_the_playbook_lacks_are_refused(smb: Any) -> None:
    with pytest.raises(ValueError, match="no-such-question"):
        recommend(smb, _report(smb, 80), [Scorecard(interviewer="Ana", ratings={"no-such-question": 3})])


def test_the_same_evidence_gives_the_same_recommendation(smb: Any) -> None:
    cards = [_card(default=4, flags=("blames-others",)), _card("Ben", default=3)]

    assert recommend(smb, _report(smb, 72), cards) == recommend(smb, _report(smb, 72), list(cards))


def test_a_recommendation_reads_back_from_what_it_stores(smb: Any) -> None:
    made = recommend(smb, _report(smb, 72), [_card(default=3, flags=("blames-others",))])

    stored = json.loads(json.dumps(made.to_dict()))

    assert Recommendation.from_dict(stored) == made


@pytest.mark.parametrize(
    ("recommended", "outcome", "reason", "needs"),
    [
        ("hire", "hire", "", None),
        ("hire", "do_not_hire", "", "not hiring against the recommendation needs a reason"),
        ("do_not_hire", "do_not_hire", "", "confirming a proposal not to hire"),
        ("do_not_hire", "hire", "", "hiring against a proposal not to hire"),
        ("discuss", "hire", "", "the recommendation is 'discuss'"),
        ("incomplete", "hire", "", "the recommendation is 'incomplete'"),
        ("discuss", "hire", "Agreed at the debrief.", None),
        ("do_not_hire", "do_not_hire", "too short", "at least 10 characters"),
    ],
)
def test_a_decision_needs_a_reason_wherever_it_is_not_simply_following_a_hire(
    recommended: str, outcome: str, reason: str, needs: str | None
) -> None:
    problem = reason_problem(recommended, outcome, reason)

    assert (problem is None) if needs is None else (problem is not None and needs in problem)
