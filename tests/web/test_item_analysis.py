"""The item-analysis page of an opening: statistics over the scored attempts in a fixed number of
queries, and a plain "not shown" with too few attempts."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hireplay.shipped import EXAMPLES_DIR
from hireplay.web.flows.assessment import submit
from hireplay.web.hiring import services
from hireplay.web.hiring.models import JobOpening
from tests.web.conftest import NOW, Cast, save_as

SAMPLE = json.loads((EXAMPLES_DIR / "account-manager-smb.answers.json").read_text())["answers"]


def _attempts(opening: JobOpening, count: int) -> None:
    """`count` scored attempts, each leaving out a different third of the sample answers."""
    first = opening.candidates.count()
    for n in range(first, first + count):
        candidate = services.add_candidates(opening, [{"name": f"C{n}", "email": f"c{n}@example.com"}], "user:alice")[0]
        services.invite(candidate, "http://testserver/", by="user:alice")
        session = services.start_session(candidate, now=NOW)
        for seq, (item, value) in enumerate(SAMPLE.items(), 1):
            if (n * 7 + seq) % 3:
                save_as(session, item, value, seq, NOW + timedelta(seconds=seq))
        submit(session, now=NOW + timedelta(minutes=20))


def test_item_statistics_in_a_fixed_number_of_queries(cast: Cast, opening: JobOpening) -> None:
    client = Client()
    client.force_login(cast.alice)
    _attempts(opening, 4)
    few = client.get(f"/openings/{opening.pk}/items/").content.decode()
    _attempts(opening, 8)

    with CaptureQueriesContext(connection) as twelve:
        page = client.get(f"/openings/{opening.pk}/items/").content.decode()
    _attempts(opening, 6)
    with CaptureQueriesContext(connection) as eighteen:
        client.get(f"/openings/{opening.pk}/items/")

    assert "Not shown: 4 scored attempt(s); item statistics need at least 10" in few
    assert "Cronbach&#x27;s alpha of the assessment:" in page or "Cronbach's alpha of the assessment:" in page
    assert len(re.findall(r"<tr><th scope=\"row\">[^<]+</th><td>[^<]*</td><td>[01]\.\d\d</td>", page)) >= 5
    assert "Left out until a person has rated every attempt" in page  # the written answer
    assert len(eighteen.captured_queries) == len(twelve.captured_queries)
