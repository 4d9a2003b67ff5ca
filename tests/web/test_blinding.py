"""Blind until submitted, everywhere: a panel member who has not submitted their own scorecard
finds no other member's ratings or notes, no recommendation and no decision on any route (pages,
the audit page and its CSV, the API, the PDF's content), and cannot decide, even as an
administrator of the organisation. Once they submit, the same routes show them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hireplay.web.flows.decision import decide
from hireplay.web.flows.interview import save_scorecard
from hireplay.web.hiring.models import Candidate
from hireplay.web.interviews.models import CalibrationExercise
from hireplay.web.orgs.models import ApiToken, Membership
from hireplay.web.pages.report_context import report_context
from tests.web.conftest import Cast, card, ratings_for
from tests.web.test_access_matrix import ROUTES

NOTE = "ALICE-EVIDENCE-7731 named the client and the figures"
FLAG = "ALICE-FLAG-4410 blamed the previous owner"
REASON = "HANA-REASON-5521 waiting for the second opinion"
SECRETS = (NOTE, FLAG, REASON, "scorecard.submitted", "recommendation.made", "decision.taken", "redflag.raised",
           "Provisional recommendation", ">Hold<", "Weighted total</h", "Every rule checked")  # fmt: skip


@pytest.fixture
def blinded(scored: Candidate, cast: Cast) -> dict[str, Any]:
    """Ivan, an administrator of Verdant, sits on Jordan's panel and has not submitted; Alice has;
    Hana put Jordan on hold without waiting for Ivan."""
    Membership.objects.filter(user=cast.ivan).update(role=Membership.Role.ADMIN)
    mine = ratings_for(scored, cast.alice, 5)
    save_scorecard(scored, cast.alice, card(ratings=mine, notes=dict.fromkeys(mine, NOTE),
                                            red_flags=[{"flag": "blames-others", "note": FLAG}]), True)  # fmt: skip
    decide(scored, cast.hana, "hold", REASON)
    exercise = CalibrationExercise.objects.create(opening_id=scored.opening_id, question_id=next(iter(mine)),
                                                  title="Sample", sample="An answer to rate. " * 4, reference=3,
                                                  reason="Meets the level-3 anchor.", created_by=cast.alice)  # fmt: skip
    return {
        "o": scored.opening_id,
        "c": scored.pk,
        "t": "x",
        "a": 0,
        "j": 0,
        "l": 0,
        "x": exercise.pk,
        "p": 0,
        "r": "mini-business-review",
        "k": "x",
        "b": 0,
        "d": 0,  # no development person: Ivan is refused there anyway
        "m": "x",
    }


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode(errors="replace")


def _shown(path: str, body: str) -> str:
    """What a page shows of the log: the audit page's filter lists every action's name, which is no leak."""
    return body.split('<ol class="events">', 1)[-1] if path.startswith("/audit/") else body


def _walk(cast: Cast, ids: dict[str, Any]) -> dict[str, str]:
    """Every GET route of the application as Ivan (signed in, and with an API token): path -> body."""
    client = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(cast.ivan, 'walk')}")
    client.force_login(cast.ivan)
    bodies = {}
    for method, template, _ in ROUTES:
        if method == "get" and not template.startswith("/a/"):
            path = template.format(**ids)
            bodies[path] = _shown(path, _body(client.get(path)))
    for query in ("?candidate={c}", "?action=scorecard", "?actor=alice"):
        for route in ("/audit/", "/audit.csv"):
            path = route + query.format(**ids)
            bodies[path] = _shown(path, _body(client.get(path)))
    return bodies


def test_a_panel_member_who_has_not_submitted_sees_nobody_elses_evidence_anywhere(
    blinded: dict[str, Any], cast: Cast, scored: Candidate
) -> None:
    leaks = [f"{path}: {secret}" for path, body in _walk(cast, blinded).items() for secret in SECRETS if secret in body]

    assert leaks == []
    pdf = report_context(Candidate.objects.get(pk=scored.pk), cast.ivan)  # what the PDF is made from
    assert (pdf["interviews"], pdf["recommendation"], pdf["decisions"], pdf["proposals"]) == ([], None, [], [])
    client = Client()
    client.force_login(cast.ivan)
    refused = client.post(f"/candidates/{scored.pk}/decide/", {"outcome": "hire", "reason": "Looks strong to me."})
    assert refused.status_code == 403
    assert "submit your own scorecard" in refused.content.decode()
    assert not scored.decisions.filter(decided_by=cast.ivan).exists()


def test_once_submitted_the_same_routes_show_the_panel(blinded: dict[str, Any], cast: Cast, scored: Candidate) -> None:
    save_scorecard(scored, cast.ivan, card(ratings=ratings_for(scored, cast.ivan, 3)), True)

    bodies = _walk(cast, blinded)

    assert NOTE in bodies[f"/candidates/{scored.pk}/debrief/"]
    assert REASON in bodies[f"/candidates/{scored.pk}/"]
    assert "scorecard.submitted" in bodies[f"/audit.csv?candidate={scored.pk}"]
    assert "recommendation.made" in bodies[f"/audit/?candidate={scored.pk}"]
