"""Screening an application before the assessment: the answers a form sent, checked against the
playbook's screening questions. A knock-out answer never rejects by itself: it sends the
application to a person, with the reason in words (docs/recruiting.md, "Applications")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from hireplay.core.playbook import Playbook


@dataclass(frozen=True)
class Screened:
    """The answers kept (question id -> answer), each knock-out missed with why, and what was wrong
    with the form (field -> problem in words; empty when it may be stored)."""

    answers: dict[str, str] = field(default_factory=dict)
    missed: tuple[tuple[str, str], ...] = ()  # (question id, reason in words)
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.missed


def screen_answers(playbook: Playbook, given: Mapping[str, str]) -> Screened:
    """Check the applicant's answer to every screening question: each must be one of its answers;
    an answer outside a knock-out's `passes` is a reason for a person to look."""
    answers: dict[str, str] = {}
    missed: list[tuple[str, str]] = []
    problems: dict[str, str] = {}
    for question in playbook.screening:
        answer = str(given.get(question.id, "")).strip()
        if not answer:
            problems[f"screening-{question.id}"] = "please answer this question"
            continue
        if answer not in question.choices:
            problems[f"screening-{question.id}"] = f"choose one of: {', '.join(question.choices)}"
            continue
        answers[question.id] = answer
        if question.passes and answer not in question.passes:
            expected = " or ".join(f"“{a}”" for a in question.passes)
            missed.append((question.id, f"“{question.text}” answered “{answer}” (the role needs {expected})"))
    return Screened(answers, tuple(missed), problems)
