"""The panel-agreement page of an opening: alpha per question and overall, leniency per interviewer,
a fixed number of queries whatever the opening's size, and blind to a panel member's pending
candidates."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hireplay.web.hiring.models import Candidate, JobOpening
from hireplay.web.interviews.models import PanelMember, Scorecard
from tests.web.conftest import Cast


def _rate(opening: JobOpening, people: list[Any], count: int, lenient: Any = None) -> list[Candidate]:
    """`count` candidates, each rated by every person on every question: the same rating from all,
    plus one point from `lenient`."""
    questions = [q.id for q in opening.playbook.to_core().interview.questions]
    made = []
    first = Candidate.objects.count()
    for n in range(count):
        candidate = Candidate.objects.create(opening=opening, name=f"C{n}", email=f"c{first + n}@example.com")
        for person in people:
            base = 1 + (n + questions.index(questions[0])) % 4
            ratings = {q: min(5, base + (i % 2) + (person == lenient)) for i, q in enumerate(questions)}
            Scorecard.objects.create(
                candidate=candidate, interviewer=person, ratings=ratings, submitted_at=timezone.now()
            )
        made.append(candidate)
    return made


def test_agreement_and_leniency_in_a_fixed_number_of_queries(cast: Cast, opening: JobOpening) -> None:
    third = User.objects.create_user("tom", "tom@example.com", "a long test password", first_name="Tom")
    _rate(opening, [cast.alice, cast.ivan, third], 6, lenient=third)
    client = Client()
    client.force_login(cast.alice)

    with CaptureQueriesContext(connection) as small:
        page = client.get(f"/openings/{opening.pk}/agreement/").content.decode()
    _rate(opening, [cast.alice, cast.ivan, third], 30, lenient=third)
    with CaptureQueriesContext(connection) as large:
        client.get(f"/openings/{opening.pk}/agreement/")

    assert "Panel agreement: Account Manager" in page
    assert "alpha 0." in page
    assert re.search(r"Tom</th><td>\d+</td><td>\+0\.\d\d<", page)  # rates higher than the panel
    assert re.search(r"alice</th><td>\d+</td><td>-0\.\d\d<", page)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_too_few_candidates_are_said_so(cast: Cast, opening: JobOpening) -> None:
    _rate(opening, [cast.alice, cast.ivan], 2)
    client = Client()
    client.force_login(cast.alice)

    page = client.get(f"/openings/{opening.pk}/agreement/").content.decode()

    assert "not shown: 2 candidate(s) rated by two or more people; alpha needs at least 5" in page


def test_a_panel_member_sees_nothing_of_a_candidate_they_have_not_rated_yet(cast: Cast, opening: JobOpening) -> None:
    rated = _rate(opening, [cast.alice, cast.hana], 6)
    PanelMember.objects.create(candidate=rated[0], interviewer=cast.hana, questions=[])
    Scorecard.objects.filter(candidate=rated[0], interviewer=cast.hana).update(submitted_at=None)
    client = Client()
    client.force_login(cast.hana)

    page = client.get(f"/openings/{opening.pk}/agreement/").content.decode()

    assert "from 10 submitted scorecards" in page  # rated[0]'s remaining one is hidden from her
