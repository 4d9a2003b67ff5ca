"""The recommendation rules, with the worked cases of the source material."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from hireplay.core.decision import (
    RaisedFlag,
    Recommendation,
    Scorecard,
    advice,
    rating_percent,
    reason_problem,
    recommend,
    screen,
)
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
    assert result.decided_by == "must-have communication ≥ 2 on every single rating"


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
    assert "must-have communication ≥ 2 on every single rating" in rules
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
    ("advised", "outcome", "reason", "needs"),
    [
        ("hire", "hire", "", None),
        ("advance", "advance", "", None),
        ("withdrawn", "withdrawn", "", None),
        ("hire", "reject", "", "a rejection needs the decider's own reason"),
        ("reject", "reject", "", "even when it follows the advice"),
        ("reject", "hire", "", "against the advice to reject"),
        ("reject", "advance", "", "against the advice to reject"),
        ("discuss", "hire", "", "the recommendation is 'discuss'"),
        ("incomplete", "hire", "", "the evidence is not complete"),
        ("hire", "hold", "", "what you are waiting for"),
        ("discuss", "hire", "Agreed at the debrief.", None),
        ("reject", "reject", "too short", "at least 10 characters"),
    ],
)
def test_a_decision_needs_a_reason_wherever_it_is_not_simply_following_the_advice(
    advised: str, outcome: str, reason: str, needs: str | None
) -> None:
    problem = reason_problem(advised, outcome, reason)

    assert (problem is None) if needs is None else (problem is not None and needs in problem)


def test_changing_a_decision_or_deciding_without_the_full_panel_needs_a_reason() -> None:
    assert reason_problem("hire", "hire", "", supersedes=True) == (
        "changing a decision in force needs a reason (at least 10 characters)"
    )
    assert "deciding without the full panel" in (reason_problem("hire", "hire", "", provisional=True) or "")
    assert reason_problem("hire", "hire", "The whole panel met on Friday.", supersedes=True, provisional=True) is None


def _with_must(playbook: Any, applies_to: str, minimum: float = 2) -> Any:
    policy = playbook.decision_policy
    must = policy.must_haves[0].model_copy(update={"applies_to": applies_to, "minimum": minimum})
    return playbook.model_copy(update={"decision_policy": policy.model_copy(update={"must_haves": (must,)})})


def test_one_communication_rating_of_one_fails_the_single_rating_rule_where_the_mean_passes(smb: Any) -> None:
    # Ana rates the communication questions 1 and 3 (mean 2.00): the mean form passes, the seed's does not.
    ana = _card("Ana", default=4, service=1, saying_no=3)
    ana = ana.model_copy(update={"notes": {"service": "Talked over the client and never asked a question."}})

    by_mean = recommend(_with_must(smb, "mean"), _report(smb, 80), [ana])
    by_single = recommend(smb, _report(smb, 80), [ana])

    assert next(r for r in by_mean.trace if r.rule.startswith("must-have")).passed
    rule = next(r for r in by_single.trace if r.rule.startswith("must-have"))
    assert not rule.passed
    assert by_single.outcome == "do_not_hire"
    assert "lowest single rating 1 of 5, by Ana on 'service'" in rule.detail
    assert rule.detail.endswith("evidence: Talked over the client and never asked a question.")


def test_each_raters_mean_must_reach_the_minimum(smb: Any) -> None:
    kind, harsh = _card("Ana", default=4), _card("Ben", default=4, service=1, saying_no=2)  # Ben's mean 1.5

    result = recommend(_with_must(smb, "each_rater"), _report(smb, 80), [kind, harsh])

    rule = next(r for r in result.trace if r.rule.startswith("must-have"))
    assert not rule.passed
    assert "lowest interviewer's mean 1.50 of 5, by Ben" in rule.detail
    assert recommend(_with_must(smb, "each_rater", 1.5), _report(smb, 80), [kind, harsh]).outcome == "hire"


def test_a_recommendation_before_the_whole_panel_submitted_is_provisional_and_names_who_is_missing(smb: Any) -> None:
    result = recommend(smb, _report(smb, 85), [_card(default=4)], waiting=("ivan", "rita"))

    assert result.provisional
    assert result.waiting == ("ivan", "rita")
    assert (
        rule_detail(result, "panel complete")
        == "waiting for the scorecard of ivan, rita; the interview result may change"
    )
    assert Recommendation.from_dict(json.loads(json.dumps(result.to_dict()))) == result
    assert "waiting" not in recommend(smb, _report(smb, 85), [_card(default=4)]).to_dict()


def rule_detail(result: Recommendation, name: str) -> str:
    return next(r.detail for r in result.trace if r.rule == name)


def test_screening_advances_on_the_assessment_alone_and_rejects_below_the_floor(smb: Any) -> None:
    assert screen(smb, _report(smb, 80))[0] == "advance"
    outcome, why = screen(smb, _report(smb, 30))
    assert outcome == "reject"
    assert "below the floor 50" in why
    assert advice("screening", "incomplete", "advance") == "advance"
    assert advice("final", "do_not_hire", "advance") == "reject"


def _sam_card(sam: Any, default: int, **given: int) -> Scorecard:
    return Scorecard(interviewer="Ana", ratings={q.id: given.get(q.id.replace("-", "_"), default)
                                                  for q in sam.interview.questions})  # fmt: skip


def test_a_short_term_habit_above_its_ceiling_is_sent_to_discussion_and_never_counts_in_the_score(sam: Any) -> None:
    report = _report(sam, 90)
    report = replace(report, competency_index=90.0)

    habitual = recommend(sam, report, [_sam_card(sam, 5, quarter_end=5)])
    long_view = recommend(sam, report, [_sam_card(sam, 5, quarter_end=1)])
    trace = {rule.rule: rule for rule in habitual.trace}

    assert habitual.outcome == "discuss"
    assert habitual.decided_by == "ceiling short-term-orientation ≤ 3"
    assert not trace["ceiling short-term-orientation ≤ 3"].passed
    assert (
        "mean interview rating 5.00 of 5: above the ceiling; effect: discuss"
        in trace["ceiling short-term-orientation ≤ 3"].detail
    )
    assert long_view.outcome == "hire"
    # Its rating is held by the ceiling, not averaged into the interview: the other questions are all 5.
    assert habitual.interview_percent == long_view.interview_percent == 100.0


def test_an_unrated_risk_behaviour_leaves_the_recommendation_incomplete(sam: Any) -> None:
    card = _sam_card(sam, 5)
    unrated = Scorecard(interviewer="Ana", ratings={q: r for q, r in card.ratings.items() if q != "quarter-end"})

    result = recommend(sam, replace(_report(sam, 90), competency_index=90.0), [unrated])

    assert result.outcome == "incomplete"
    assert result.decided_by == "ceiling short-term-orientation ≤ 3"
