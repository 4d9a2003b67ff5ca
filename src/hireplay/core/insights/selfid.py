"""The voluntary self-identification forms an organisation may offer its candidates, kept apart from
the hiring record and read only by its compliance officers (docs/insights.md).

- "us-eeo": the categories of the EEO-1 report (sex; race and ethnicity), for use in the United
  States, where employers record them to measure adverse impact.
- "eu": gender and an age band, categories an organisation in the European Union may ask for,
  with its purpose stated and the candidate's explicit consent (the form says both).

Every question may be left unanswered ("I prefer not to say"), which is stored as "declined" and
counted, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

DECLINED = "declined"


@dataclass(frozen=True)
class Question:
    id: str
    label: str
    options: tuple[tuple[str, str], ...]  # (stored value, label)


FORMS: dict[str, tuple[Question, ...]] = {
    "us-eeo": (
        Question("sex", "Sex", (("female", "Female"), ("male", "Male"))),
        Question("race", "Race or ethnicity", (
            ("hispanic", "Hispanic or Latino"), ("white", "White"), ("black", "Black or African American"),
            ("pacific", "Native Hawaiian or Other Pacific Islander"), ("asian", "Asian"),
            ("native", "American Indian or Alaska Native"), ("two", "Two or more races"))),
    ),
    "eu": (
        Question("gender", "Gender", (("woman", "Woman"), ("man", "Man"), ("another", "Another gender"))),
        Question("age", "Age band", (("under-25", "Under 25"), ("25-34", "25 to 34"), ("35-44", "35 to 44"),
                                     ("45-54", "45 to 54"), ("55-plus", "55 or over"))),
    ),
}  # fmt: skip
FORM_NAMES = {"us-eeo": "United States: EEO-1 sex and race/ethnicity", "eu": "European Union: gender and age band"}


def clean(form: str, posted: Mapping[str, str]) -> dict[str, str]:
    """The answers to store: each question's value, or "declined" when left unanswered. Raises
    ValueError naming the question when a value is not one of its options."""
    if form not in FORMS:
        raise ValueError(f"no self-identification form '{form}'")
    answers = {}
    for question in FORMS[form]:
        value = (posted.get(question.id) or "").strip()
        allowed = {v for v, _ in question.options}
        if value and value != DECLINED and value not in allowed:
            raise ValueError(f"{question.id}: choose one of the options, or leave it unanswered")
        answers[question.id] = value if value in allowed else DECLINED
    return answers


def label(form: str, question: str, value: str) -> str:
    """The category's name for reports ("declined" and "unknown" as they are)."""
    for q in FORMS.get(form, ()):
        if q.id == question:
            return dict(q.options).get(value, value)
    return value
