"""The interview rules: what a scorecard needs before it is saved or submitted, where a panel
disagrees, and which competencies a panel's questions leave unmeasured."""

from __future__ import annotations

from typing import Any

from hireplay.core.interview import ScorecardDraft, scorecard_problems, spread, uncovered

MINE = ("turnaround", "upsell")


def test_a_partial_draft_may_be_saved(smb: Any) -> None:
    draft = ScorecardDraft(ratings={"turnaround": 3})

    assert scorecard_problems(smb, MINE, draft, submit=False) == {}


DAY_AND_VIEW = {"overall": "yes", "interviewed_on": "2026-12-01"}


def test_submitting_needs_the_interview_day_and_an_overall_view_in_words(smb: Any) -> None:
    bare = ScorecardDraft(ratings=dict.fromkeys(MINE, 3))
    odd = ScorecardDraft(ratings=dict.fromkeys(MINE, 3), overall="maybe", interviewed_on="last week")

    assert scorecard_problems(smb, MINE, bare, submit=True) == {
        "overall": "give your overall recommendation before submitting",
        "interviewed_on": "give the day of the interview before submitting",
    }
    assert scorecard_problems(smb, MINE, bare, submit=False) == {}  # a draft may wait
    assert scorecard_problems(smb, MINE, odd, submit=False) == {
        "overall": "choose strong no, no, yes or strong yes",
        "interviewed_on": "give the day of the interview as a date",
    }


def test_submitting_needs_every_own_question_rated(smb: Any) -> None:
    problems = scorecard_problems(smb, MINE, ScorecardDraft(ratings={"turnaround": 3}, **DAY_AND_VIEW), submit=True)

    assert list(problems) == ["rating[upsell]"]
    assert problems["rating[upsell]"].startswith("rate '")


def test_an_extreme_rating_needs_written_evidence_to_be_submitted(smb: Any) -> None:
    bare = ScorecardDraft(ratings={"turnaround": 1, "upsell": 5}, notes={"upsell": "Named the client's figures."},
                          **DAY_AND_VIEW)  # fmt: skip

    problems = scorecard_problems(smb, MINE, bare.cleaned(MINE), submit=True)

    assert problems == {"notes[turnaround]": "a 1 needs evidence: write what the candidate said or did"}


def test_ratings_outside_the_scale_or_the_interviewers_questions_are_refused(smb: Any) -> None:
    draft = ScorecardDraft(ratings={"turnaround": 6, "service": 3, "upsell": True})  # type: ignore[dict-item]

    problems = scorecard_problems(smb, MINE, draft, submit=False)

    assert problems == {
        "rating[turnaround]": "rate from 1 to 5",
        "rating[service]": "this question is not one of yours",
        "rating[upsell]": "rate from 1 to 5",
    }


def test_a_red_flag_needs_to_be_one_of_the_kit_and_to_say_what_was_seen(smb: Any) -> None:
    flag = smb.interview.red_flags[0].id
    draft = ScorecardDraft(ratings=dict.fromkeys(MINE, 3), red_flags=[{"flag": flag, "note": "odd"},
                                                                      {"flag": "invented", "note": ""}],
                           **DAY_AND_VIEW)  # fmt: skip

    problems = scorecard_problems(smb, MINE, draft, submit=True)

    assert problems == {f"red_flag[{flag}]": "say what you saw or heard that raised this flag",
                        "red_flag[invented]": "not a red flag of this kit"}  # fmt: skip


def test_cleaning_a_draft_drops_blank_notes_and_notes_on_other_questions() -> None:
    draft = ScorecardDraft(notes={"turnaround": "  Saw it.  ", "upsell": "   ", "service": "not mine"},
                           red_flags=[{"flag": "f", "note": " x "}])  # fmt: skip

    clean = draft.cleaned(MINE)

    assert (clean.notes, clean.red_flags) == ({"turnaround": "Saw it."}, [{"flag": "f", "note": "x"}])


def test_the_panel_disagrees_when_ratings_are_two_points_apart() -> None:
    rows = spread([{"a": 2, "b": 4}, {"a": 4, "b": 5}, {"b": 4}], ["a", "b", "c"])

    assert rows["a"] == {"ratings": [2, 4], "low": 2, "high": 4, "spread": 2, "mean": 3.0, "disagree": True}
    assert rows["b"]["disagree"] is False
    assert "c" not in rows  # nobody rated it


def test_competencies_no_question_of_the_panel_reaches_are_named(smb: Any) -> None:
    every = {c for q in smb.interview.questions for c in q.competencies}
    first = smb.interview.questions[0]

    assert uncovered(smb, [q.id for q in smb.interview.questions]) == []
    assert uncovered(smb, [first.id]) == sorted(every - set(first.competencies))
