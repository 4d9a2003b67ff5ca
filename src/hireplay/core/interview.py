"""The rules of the interview stage: what makes a scorecard acceptable, where a panel disagrees,
and which competencies a panel's questions leave unmeasured.

A scorecard is checked against the interviewer's own questions from the playbook's kit. A draft
may be partial; a submitted scorecard rates every question the interviewer covers, and the
extreme ratings (1 and 5) and every red flag carry evidence: what the candidate said or did.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hireplay.core.playbook import Exercise, Playbook, RedFlag, grid_key

MIN_EVIDENCE = 10
EXTREMES = (1, 5)
OVERALL = {"strong_no": "Strong no", "no": "No", "yes": "Yes", "strong_yes": "Strong yes"}


@dataclass
class ScorecardDraft:
    """What an interviewer filled in: ratings and evidence per question, flags, confirmations."""

    ratings: dict[str, int] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    red_flags: list[dict[str, str]] = field(default_factory=list)
    confirmations: dict[str, bool] = field(default_factory=dict)
    overall: str = ""  # one of OVERALL: the interviewer's own view beside the anchored ratings
    interviewed_on: str = ""  # the day of the interview, YYYY-MM-DD
    observed: list[str] = field(default_factory=list)  # grid behaviours seen, "<exercise>.<competency>.<level>.<n>"

    def cleaned(self, questions: Collection[str]) -> ScorecardDraft:
        """The same draft with blank notes dropped, notes of other questions dropped, text trimmed,
        and observed behaviours in a fixed order without repeats."""
        notes = {q: n.strip() for q, n in self.notes.items() if q in questions and n.strip()}
        flags = [{"flag": f["flag"], "note": f.get("note", "").strip()} for f in self.red_flags]
        return ScorecardDraft(dict(self.ratings), notes, flags, dict(self.confirmations), self.overall.strip(),
                              self.interviewed_on.strip(), sorted(set(self.observed)))  # fmt: skip


def flags_of(playbook: Playbook) -> list[RedFlag]:
    """Every red flag an interviewer or assessor can raise: the interview kit's, then each exercise's."""
    return [*playbook.interview.red_flags, *(f for e in playbook.exercises for f in e.red_flags)]


def rating_scales(playbook: Playbook, questions: Collection[str]) -> dict[str, str]:
    """The rating keys an interviewer covers (interview questions and grid rows), with what each is."""
    texts = rated_texts(playbook)
    return {key: texts[key] for key in texts if key in questions}


def scorecard_problems(playbook: Playbook, questions: Collection[str], draft: ScorecardDraft,
                       submit: bool) -> dict[str, str]:  # fmt: skip
    """Each problem of a (cleaned) draft by its field ("rating[q1]", "notes[q1]", "red_flag[f]"), in
    words; empty when it may be saved (or, with `submit`, submitted)."""
    kit = rating_scales(playbook, questions)
    flags = {f.id for f in flags_of(playbook)}
    confirmations = {c.id for c in playbook.interview.confirmations}
    problems: dict[str, str] = {}
    for qid, rating in draft.ratings.items():
        if qid not in kit:
            problems[f"rating[{qid}]"] = "this question is not one of yours"
        elif isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
            problems[f"rating[{qid}]"] = "rate from 1 to 5"
    for raised in draft.red_flags:
        if raised["flag"] not in flags:
            problems[f"red_flag[{raised['flag']}]"] = "not a red flag of this kit"
    for cid in draft.confirmations:
        if cid not in confirmations:
            problems[f"confirmation[{cid}]"] = "not a confirmation of this kit"
    behaviours = playbook.behaviours
    for key in draft.observed:
        found = behaviours.get(key)
        if found is None or grid_key(found[0].id, found[1].competency) not in kit:
            problems[f"observed[{key}]"] = "this behaviour is not on a grid you rate"
    if draft.overall and draft.overall not in OVERALL:
        problems["overall"] = "choose strong no, no, yes or strong yes"
    if draft.interviewed_on:
        try:
            date.fromisoformat(draft.interviewed_on)
        except ValueError:
            problems["interviewed_on"] = "give the day of the interview as a date"
    if submit:
        if not draft.overall:
            problems.setdefault("overall", "give your overall recommendation before submitting")
        if not draft.interviewed_on:
            problems.setdefault("interviewed_on", "give the day of the interview before submitting")
        for qid, text in kit.items():
            given = draft.ratings.get(qid)
            if given is None:
                problems.setdefault(f"rating[{qid}]", f"rate '{text}' before submitting")
            elif given in EXTREMES and len(draft.notes.get(qid, "")) < MIN_EVIDENCE:
                problems.setdefault(f"notes[{qid}]", f"a {given} needs evidence: write what the candidate said or did")
        for raised in draft.red_flags:
            if len(raised.get("note", "")) < MIN_EVIDENCE:
                problems.setdefault(f"red_flag[{raised['flag']}]", "say what you saw or heard that raised this flag")
    return problems


def spread(ratings: Sequence[Mapping[str, int]], question_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Per question: the ratings given, their range and mean, and whether the panel is two or more
    points apart. `ratings` holds each submitted scorecard's ratings."""
    rows: dict[str, dict[str, Any]] = {}
    for qid in question_ids:
        given = [card[qid] for card in ratings if qid in card]
        if given:
            rows[qid] = {"ratings": given, "low": min(given), "high": max(given), "spread": max(given) - min(given),
                         "mean": round(sum(given) / len(given), 2), "disagree": max(given) - min(given) >= 2}  # fmt: skip
    return rows


def uncovered(playbook: Playbook, asked: Iterable[str]) -> list[str]:
    """Competencies of the kit that none of the `asked` questions reaches."""
    asked = set(asked)
    measured = {c for q in playbook.interview.questions if q.id in asked for c in q.competencies}
    in_kit = {c for q in playbook.interview.questions for c in q.competencies}
    return sorted(in_kit - measured)


def rated_texts(playbook: Playbook) -> dict[str, str]:
    """What each rating key stands for, in words: an interview question's text, or an exercise's
    title and the competency its grid row rates."""
    names = {c.id: c.name for c in playbook.competencies}
    return {q.id: q.text for q in playbook.interview.questions} | {
        key: f"{exercise.title}: {names.get(row.competency, row.competency)}"
        for key, (exercise, row) in playbook.grid.items()
    }


KINDS = {"role_play": "Role-play", "presentation": "Presentation"}


def brief_text(exercise: Exercise) -> str:
    """An exercise's brief as plain text for the candidate's e-mail: the situation, the facts, what
    to prepare and the timings. Nothing of the script or the grid."""
    brief = exercise.brief
    timing = (f"Preparation: {brief.preparation_minutes} minutes. " if brief.preparation_minutes else "") + \
        f"Duration: {brief.duration_minutes} minutes."  # fmt: skip
    lines = [f"{KINDS[exercise.kind]}: {exercise.title}", timing, "", brief.situation]
    if brief.facts:
        lines += ["", "Facts and figures:", *(f"- {fact}" for fact in brief.facts)]
    lines += ["", f"What to prepare: {brief.prepare}"]
    return "\n".join(lines)


def invitation_briefs(playbook: Playbook) -> list[str]:
    """The briefs the candidate receives with the interview invitation, as plain text."""
    return [brief_text(e) for e in playbook.exercises if e.brief.given == "with_invitation"]
