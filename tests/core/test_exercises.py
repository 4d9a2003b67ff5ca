"""Role-plays and presentations: the playbook format, its located errors, and decisions that weigh
any number of parts (the shipped SME playbook weighs its role-play 30%)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from hireplay.core.decision import Recommendation, Scorecard, recommend, screen
from hireplay.core.interview import ScorecardDraft, rated_texts, scorecard_problems
from hireplay.core.lint import check_text
from hireplay.core.problems import Problem
from hireplay.core.scoring import ScoreReport, score

MINIMAL = (Path(__file__).parent / "data" / "minimal.yaml").read_text()
CALL = "director-call"
INTERVIEW = ["typical-week", "whom-to-call", "disrupted-plan", "price-increase", "different-contexts", "account-loss"]
GRID = ["value-building", "situational-intelligence", "autonomy"]


def _report(playbook: Any, index: float) -> ScoreReport:
    """A complete report whose competency index is `index`, every competency at that score."""
    report = score(playbook, {})
    competencies = tuple(c._replace(score=index) for c in report.competencies)
    return replace(report, competency_index=index, competencies=competencies, pending=(), complete=True)


def _card(name: str, interview: int = 4, call: int | None = 4, observed: tuple[str, ...] = (),
          notes: dict[str, str] | None = None, **grid: int) -> Scorecard:  # fmt: skip
    ratings = dict.fromkeys(INTERVIEW, interview)
    if call is not None:
        ratings |= {f"{CALL}.{c}": grid.get(c.replace("-", "_"), call) for c in GRID}
    return Scorecard(interviewer=name, ratings=ratings, observed=observed, notes=notes or {})


def test_the_sme_playbook_weighs_three_parts_and_the_trace_names_each(sme: Any) -> None:
    assert [p.id for p in sme.exercises] == [CALL]
    assert sme.parts == ("assessment", CALL, "interview")
    assert [q.id for q in sme.interview.questions] == INTERVIEW

    result = recommend(sme, _report(sme, 80.0), [_card("Ana", interview=4, call=5), _card("Ben", interview=4, call=4)])

    # assessment 80 × 30% + role-play (100 + 75)/2 = 87.5 × 30% + interview 75 × 40% = 80.25
    assert result.weighted_total == 80.25
    assert result.outcome == "hire"
    assert result.exercises == ((CALL, 87.5),)
    line = next(r for r in result.trace if r.rule == "weighted total")
    assert line.detail == ("assessment 80.0 × 30% + The managing director's call 87.5 × 30% + interview 75.0 × 40% "
                           "= 80.25")  # fmt: skip
    assert {r.rule for r in result.trace} >= {"The managing director's call floor ≥ 50", "interview floor ≥ 50"}


def test_without_the_role_play_the_recommendation_waits_for_it(sme: Any) -> None:
    result = recommend(sme, _report(sme, 80), [_card("Ana", call=None)])

    assert result.outcome == "incomplete"
    assert result.weighted_total is None
    assert result.exercises == ((CALL, None),)
    assert any(r.rule == "The managing director's call floor ≥ 50" and "no The managing director's call result" in
               r.detail for r in result.trace)  # fmt: skip


def test_failing_the_role_play_floor_is_not_made_up_by_the_other_parts(sme: Any) -> None:
    # The role-play at 2 of 5 on every row is 25, below its floor of 50; the rest is excellent.
    result = recommend(sme, _report(sme, 95), [_card("Ana", interview=5, call=2)])

    assert result.outcome == "do_not_hire"
    assert result.decided_by == "The managing director's call floor ≥ 50"
    rule = next(r for r in result.trace if r.rule == result.decided_by)
    assert "strong results in the other parts do not make up for it" in rule.detail


def test_giving_in_on_price_raises_the_collusion_flag_and_leads_to_discuss(sme: Any) -> None:
    row = sme.exercises[0].grid[0]
    behaviour = next(n for n, b in enumerate(row.levels[1]) if not isinstance(b, str))
    key = f"{CALL}.value-building.1.{behaviour}"
    evidence = "Said he would keep the old price for Luc because they go back years."
    # Ratings high enough to hire on the totals; one assessor saw the candidate give in on price.
    cards = [_card("Ana", interview=5, call=4, observed=(key,), notes={f"{CALL}.value-building": evidence}),
             _card("Ben", interview=5, call=5)]  # fmt: skip

    result = recommend(sme, _report(sme, 90), cards)

    assert result.outcome == "discuss"
    assert result.decided_by == "red flag to discuss"
    flag = next(r for r in result.trace if r.rule == "red flag collusion")
    assert "raised by Ana" in flag.detail
    assert "Gives up the increase, or promises to keep the old price, to keep the peace." in flag.detail
    assert evidence in flag.detail
    # The same cards without the behaviour observed: hire.
    assert recommend(sme, _report(sme, 90), [_card("Ana", interview=5, call=4), cards[1]]).outcome == "hire"


def test_a_must_have_on_the_role_play_checks_each_assessors_mean(sme: Any) -> None:
    # Ana rates value-building 1 on the call; the panel's mean on the call stays above the floor.
    cards = [_card("Ana", interview=5, call=5, value_building=1), _card("Ben", interview=5, call=5)]

    result = recommend(sme, _report(sme, 90), cards)

    assert result.outcome == "do_not_hire"
    assert (
        result.decided_by == "must-have value-building ≥ 2 in The managing director's call on each interviewer's mean"
    )
    rule = next(r for r in result.trace if r.rule == result.decided_by)
    assert rule.detail.startswith("lowest assessor's mean 1.00 of 5, by Ana")


def test_a_recommendation_with_a_role_play_reads_back_from_what_it_stores(sme: Any) -> None:
    made = recommend(sme, _report(sme, 80), [_card("Ana")])

    assert Recommendation.from_dict(made.to_dict()) == made
    assert made.to_dict()["exercises"] == {CALL: 75.0}


def test_two_part_recommendations_store_nothing_new() -> None:
    # Recommendations of playbooks without exercises replay to the same bytes: no "exercises" key.
    playbook = check_text(MINIMAL, "p.yaml")[0]
    assert playbook is not None
    report = replace(score(playbook, {}), percent=80.0, pending=(), complete=True)

    stored = recommend(playbook, report, [Scorecard(interviewer="Ana", ratings={"q1": 4})]).to_dict()

    assert "exercises" not in stored
    assert stored["trace"][0]["detail"] == "assessment 80.0 × 40% + interview 75.0 × 60% = 77.0"


def test_screening_reads_the_assessment_floor_from_the_parts(sme: Any) -> None:
    assert screen(sme, _report(sme, 45))[0] == "reject"
    assert screen(sme, _report(sme, 55.0)) == ("advance", "assessment 55.0 reaches the floor 50")


def test_a_submitted_scorecard_rates_every_grid_row_it_covers_with_evidence_at_the_extremes(sme: Any) -> None:
    rows = [f"{CALL}.{c}" for c in GRID]
    draft = ScorecardDraft(ratings={rows[0]: 5, rows[1]: 3}, overall="yes", interviewed_on="2026-12-01",
                           observed=[f"{CALL}.value-building.5.0", f"{CALL}.autonomy.9.0"])  # fmt: skip

    problems = scorecard_problems(sme, rows, draft.cleaned(rows), submit=True)

    assert problems[f"notes[{rows[0]}]"].startswith("a 5 needs evidence")
    assert (
        problems[f"rating[{rows[2]}]"]
        == "rate 'The managing director's call: Autonomy and initiative' before submitting"
    )
    assert problems[f"observed[{CALL}.autonomy.9.0]"] == "this behaviour is not on a grid you rate"
    assert f"observed[{CALL}.value-building.5.0]" not in problems
    # An interviewer who only covers interview questions cannot rate the grid.
    assert scorecard_problems(sme, INTERVIEW, ScorecardDraft(ratings={rows[0]: 3}), submit=False) == {
        f"rating[{rows[0]}]": "this question is not one of yours"
    }


def test_grid_rows_are_named_in_words(sme: Any) -> None:
    assert rated_texts(sme)[f"{CALL}.value-building"] == "The managing director's call: Building perceived value"


def test_a_flag_raising_behaviour_on_a_grid_the_assessor_does_not_rate_is_refused(sme: Any) -> None:
    draft = ScorecardDraft(observed=[f"{CALL}.value-building.1.0"])

    assert scorecard_problems(sme, INTERVIEW, draft, submit=False) == {
        f"observed[{CALL}.value-building.1.0]": "this behaviour is not on a grid you rate"
    }


def test_the_candidate_brief_never_carries_the_script_or_the_grid(sme: Any) -> None:
    brief = sme.exercises[0].brief.model_dump()

    assert set(brief) == {"situation", "facts", "prepare", "preparation_minutes", "duration_minutes", "given"}


# --- Located errors -------------------------------------------------------------------------------

EXERCISE = """
exercises:
  - id: call
    kind: role_play
    title: A call
    brief:
      situation: A client calls about the price.
      prepare: What you will say.
      duration_minutes: 10
    script:
      plays: The client.
      mood: Busy.
    grid:
      - competency: sums
        levels:
          1: [Gives in.]
          3: [Holds the price.]
          5:
            - Holds the price with a figure.
            - text: Promises a discount.
              raises: bad-flag
    red_flags:
      - id: bad-flag
        description: Gives in.
"""


def _with_exercise(exercise: str = EXERCISE, weights: str = "{assessment: 40, interview: 30, call: 30}",
                   effects: str = "bad-flag: discuss") -> str:  # fmt: skip
    text = MINIMAL.replace("\ndecision_policy:\n", exercise + "\ndecision_policy:\n")
    text = text.replace("weights: {assessment: 40, interview: 60}", f"weights: {weights}")
    return text.replace("red_flags: {ethics: do_not_hire}", f"red_flags: {{ethics: do_not_hire, {effects}}}")


def _problems(text: str) -> list[Problem]:
    return check_text(text, "p.yaml")[1]


def test_a_playbook_with_an_exercise_lints_clean_and_weighs_it() -> None:
    playbook, problems = check_text(_with_exercise(), "p.yaml")

    assert problems == []
    assert playbook is not None
    assert playbook.parts == ("assessment", "call", "interview")
    assert playbook.weighed_parts == (("assessment", 40.0), ("A call", 30.0), ("interview", 30.0))


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            ("competency: sums\n        levels", "competency: sum\n        levels"),
            "exercises[0].grid[0].competency",
            "'sum' is not a defined competency (did you mean 'sums'?)",
        ),
        (("          3: [Holds the price.]\n", ""), "exercises[0].grid[0].levels", "level 3 has no behaviours"),
        (
            ("          3: [Holds the price.]\n", "          3: []\n"),
            "exercises[0].grid[0].levels",
            "level 3 lists no behaviour",
        ),
        (
            ("raises: bad-flag", "raises: no-such-flag"),
            "exercises[0].grid[0].levels[5][1].raises",
            "'no-such-flag' is not a red flag of this playbook",
        ),
        (
            ("duration_minutes: 10", "duration_minutes: 1"),
            "exercises[0].brief.duration_minutes",
            "greater than or equal to 5",
        ),
    ],
)
def test_exercise_problems_are_located(change: tuple[str, str], path: str, message: str) -> None:
    text = _with_exercise(EXERCISE.replace(*change))

    problems = _problems(text)

    assert any(p.path == path and message in p.message for p in problems), "\n".join(map(str, problems))


def test_weights_that_do_not_add_up_name_every_part() -> None:
    problems = _problems(_with_exercise(weights="{assessment: 40, interview: 40, call: 30}"))

    assert [(p.path, p.message) for p in problems] == [
        ("decision_policy.weights", "the weights of assessment and interview and call add up to 110, not 100")
    ]


def test_a_policy_that_names_an_unknown_part_is_refused_where_it_names_it() -> None:
    problems = _problems(_with_exercise(weights="{assessment: 40, interview: 30, role-play: 30}"))

    assert any(p.path == "decision_policy.weights.role-play" and
               "'role-play' is not a part of this playbook; the parts are: assessment, call, interview" in p.message
               for p in problems), "\n".join(map(str, problems))  # fmt: skip


def test_an_exercise_flag_without_an_effect_is_reported() -> None:
    problems = _problems(_with_exercise(effects=""))

    assert any(p.path == "exercises[0].red_flags[0]" and "has no effect" in p.message for p in problems)


def test_a_must_have_on_an_exercise_needs_a_row_for_its_competency() -> None:
    text = _with_exercise().replace(
        "\ndecision_policy:\n",
        "\ndecision_policy:\n  must_haves:\n    - {competency: talk, source: call, minimum: 3}\n",
    )

    problems = _problems(text)

    assert any(p.path == "decision_policy.must_haves[0].competency" and
               "the grid of exercise 'call' has no row for 'talk'" in p.message for p in problems), problems  # fmt: skip
