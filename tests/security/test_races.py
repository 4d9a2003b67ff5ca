"""Requests that arrive at the same moment give one result and no server error: eight Start
clicks make one attempt, the same address added eight times makes one candidate. Threads with
their own database connections, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from hireplay.web.hiring import services
from hireplay.web.hiring.models import AssessmentSession, Candidate, JobOpening
from hireplay.web.orgs.models import ApiToken
from tests.web.conftest import Cast

ATTEMPTS = 8


def _at_once(call: Callable[[], Any]) -> list[Any]:
    """Run `call` in ATTEMPTS threads released together; each result, or the exception raised."""
    barrier = threading.Barrier(ATTEMPTS)
    results: list[Any] = [None] * ATTEMPTS

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = call()
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(ATTEMPTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.mark.django_db(transaction=True)
def test_eight_start_clicks_make_one_attempt(opening: JobOpening) -> None:
    candidate = Candidate.objects.create(opening=opening, name="Jordan Reyes", email="jordan@example.com")
    invitation, _, _ = services.invite(candidate, "http://testserver/")
    token = services.invitation_token(invitation)

    statuses = _at_once(lambda: Client().post(f"/a/{token}/start/").status_code)

    assert statuses == [302] * ATTEMPTS, statuses
    assert AssessmentSession.objects.filter(candidate=candidate).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_address_added_eight_times_makes_one_candidate(opening: JobOpening, cast: Cast) -> None:
    token = ApiToken.issue(cast.alice, "races")

    def add() -> int:
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
            f"/api/openings/{opening.pk}/candidates", data='{"name": "Sam Lee", "email": "sam@example.com"}',
            content_type="application/json").status_code  # fmt: skip

    statuses = _at_once(add)

    assert sorted(statuses) == [201] + [409] * (ATTEMPTS - 1), statuses
    assert opening.candidates.filter(email="sam@example.com").count() == 1
