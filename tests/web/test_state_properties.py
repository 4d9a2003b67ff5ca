"""Property: after any sequence of hiring operations, any single change to any stored row of the
tables a decision rests on is found (by `audit verify --state`, or by replay for the rater's points,
which the score report is recomputed from)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import ProtectedError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hireplay.web.audit.log import seal
from hireplay.web.decisions.models import Decision, RecommendationRecord
from hireplay.web.flows.decision import DecisionError, NotAllowedError, decide, propose
from hireplay.web.flows.interview import save_scorecard
from hireplay.web.flows.proof import verify_state
from hireplay.web.flows.replay import replay
from hireplay.web.hiring.models import Candidate, ScoreRecord
from hireplay.web.interviews.models import Scorecard
from hireplay.web.interviews.services import InterviewError
from tests.web.conftest import Cast, card, ratings_for

OPERATIONS = ("alice submits", "ivan submits", "hana decides", "hana changes her mind", "alice proposes")
OUTCOMES = ("hire", "hold", "reject", "withdrawn")


def _operate(candidate: Candidate, cast: Cast, operation: str, rating: int, outcome: str) -> None:
    try:
        if operation.endswith("submits"):
            user = cast.alice if operation.startswith("alice") else cast.ivan
            save_scorecard(candidate, user, card(ratings=ratings_for(candidate, user, rating)), True)
        elif operation == "alice proposes":
            propose(candidate, cast.alice, outcome, "Proposed after reading the scorecards.")
        else:
            decide(
                candidate,
                cast.hana,
                outcome,
                "Decided at the debrief with the whole team.",
                "Another candidate was chosen",
            )
    except (DecisionError, NotAllowedError, InterviewError):
        pass  # refused as the rules say; the history goes on


Mutation = tuple[str, Callable[[], object]]


def _mutations(candidate: Candidate, cast: Cast) -> list[Mutation]:
    """Every single change this history allows, as (what, do it); each sets a value the row does not
    already hold (a change to the same value is no change)."""
    other = User.objects.create_user("zoe", "zoe@example.com", "a long test password")
    found: list[Mutation] = []
    for s in ScoreRecord.objects.all():
        report = {**s.report, "total": {**s.report["total"], "percent": s.report["total"]["percent"] + 1}}
        found += [(f"score {s.pk} report", lambda s=s, r=report: ScoreRecord.objects.filter(pk=s.pk).update(report=r)),
                  (f"score {s.pk} playbook", lambda s=s: ScoreRecord.objects.filter(pk=s.pk).update(playbook_hash="sha256:" + "0" * 64)),
                  (f"score {s.pk} engine", lambda s=s: ScoreRecord.objects.filter(pk=s.pk).update(engine_version="9.9.9")),
                  (f"score {s.pk} ratings", lambda s=s: ScoreRecord.objects.filter(pk=s.pk).update(
                      ratings={"client-email": {"tone": 0.5}}))]  # fmt: skip
    for r in RecommendationRecord.objects.all():
        trace = [dict(rule) for rule in r.result["trace"]]
        trace[0]["detail"] += " (edited)"
        flipped = "hire" if r.outcome != "hire" else "do_not_hire"
        found += [(f"recommendation {r.pk} outcome", lambda r=r, o=flipped: RecommendationRecord.objects.filter(pk=r.pk).update(outcome=o)),
                  (f"recommendation {r.pk} result", lambda r=r, t=trace: RecommendationRecord.objects.filter(pk=r.pk).update(result={**r.result, "trace": t})),
                  (f"recommendation {r.pk} scorecards", lambda r=r: RecommendationRecord.objects.filter(pk=r.pk).update(scorecard_ids=[*r.scorecard_ids, 999])),
                  (f"recommendation {r.pk} waiting", lambda r=r: RecommendationRecord.objects.filter(pk=r.pk).update(waiting=[*r.waiting, "ghost"])),
                  (f"recommendation {r.pk} score", lambda r=r: RecommendationRecord.objects.filter(pk=r.pk).update(score=None)),
                  (f"recommendation {r.pk} playbook", lambda r=r: RecommendationRecord.objects.filter(pk=r.pk).update(playbook_hash="sha256:" + "1" * 64)),
                  (f"recommendation {r.pk} engine", lambda r=r: RecommendationRecord.objects.filter(pk=r.pk).update(engine_version="0.0.1"))]  # fmt: skip
    for c in Scorecard.objects.filter(submitted_at__isnull=False):
        first = next(iter(c.ratings))
        cards = Scorecard.objects.filter(pk=c.pk)
        found += [(f"scorecard {c.pk} rating", lambda c=c, q=first: Scorecard.objects.filter(pk=c.pk).update(ratings={**c.ratings, q: 6 - c.ratings[q] if c.ratings[q] != 3 else 1})),
                  (f"scorecard {c.pk} notes", lambda cards=cards: cards.update(notes={"turnaround": "Added afterwards."})),
                  (f"scorecard {c.pk} flags", lambda cards=cards: cards.update(red_flags=[{"flag": "blames-others", "note": "Added afterwards."}])),
                  (f"scorecard {c.pk} confirmations", lambda cards=cards: cards.update(confirmations={"office-days": False})),
                  (f"scorecard {c.pk} overall", lambda cards=cards: cards.update(overall="strong_no")),
                  (f"scorecard {c.pk} day", lambda cards=cards, c=c: cards.update(interviewed_on=c.interviewed_on + timedelta(days=1))),
                  (f"scorecard {c.pk} unsubmitted", lambda cards=cards: cards.update(submitted_at=None)),
                  (f"scorecard {c.pk} submitted", lambda cards=cards, c=c: cards.update(submitted_at=c.submitted_at - timedelta(days=2))),
                  (f"scorecard {c.pk} interviewer", lambda cards=cards: cards.update(interviewer=other))]  # fmt: skip
    for d in Decision.objects.all():
        rows = Decision.objects.filter(pk=d.pk)
        found += [(f"decision {d.pk} outcome", lambda rows=rows, d=d: rows.update(outcome="hire" if d.outcome != "hire" else "reject")),
                  (f"decision {d.pk} reason", lambda rows=rows: rows.update(reason="Rewritten afterwards.")),
                  (f"decision {d.pk} disposition", lambda rows=rows, d=d: rows.update(disposition="Salary expectations do not fit" if d.disposition != "Salary expectations do not fit" else "")),
                  (f"decision {d.pk} advised", lambda rows=rows, d=d: rows.update(advised="discuss" if d.advised != "discuss" else "hire")),
                  (f"decision {d.pk} departs", lambda rows=rows, d=d: rows.update(departs=not d.departs)),
                  (f"decision {d.pk} provisional", lambda rows=rows, d=d: rows.update(provisional=not d.provisional)),
                  (f"decision {d.pk} as admin", lambda rows=rows, d=d: rows.update(as_admin=not d.as_admin)),
                  (f"decision {d.pk} stage", lambda rows=rows, d=d: rows.update(stage="screening" if d.stage != "screening" else "final")),
                  (f"decision {d.pk} decider", lambda rows=rows: rows.update(decided_by=other)),
                  (f"decision {d.pk} when", lambda rows=rows, d=d: rows.update(decided_at=d.decided_at - timedelta(hours=3))),
                  (f"decision {d.pk} deleted", lambda rows=rows: rows.delete())]  # fmt: skip
        if d.supersedes_id:
            found.append((f"decision {d.pk} supersedes", lambda rows=rows: rows.update(supersedes=None)))
    found.append(("candidate stage", lambda: Candidate.objects.filter(pk=candidate.pk).update(stage="hired" if candidate.stage != "hired" else "rejected")))  # fmt: skip
    return found


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(st.tuples(st.sampled_from(OPERATIONS), st.integers(2, 4), st.sampled_from(OUTCOMES)),
                           max_size=6), data=st.data())  # fmt: skip
def test_any_single_change_to_a_stored_row_is_found(scored: Candidate, cast: Cast, operations: list[Any],
                                                   data: st.DataObject) -> None:  # fmt: skip
    with transaction.atomic():
        for operation, rating, outcome in operations:
            _operate(scored, cast, operation, rating, outcome)
        seal()
        candidate = Candidate.objects.get(pk=scored.pk)
        assert verify_state().intact
        what, change = data.draw(st.sampled_from(_mutations(candidate, cast)))
        try:
            with transaction.atomic():
                change()
        except ProtectedError:
            transaction.set_rollback(True)
            return  # a row others point at cannot be deleted by a plain DELETE; nothing changed
        found = [str(d) for d in verify_state().differences]
        if not found and what.endswith("ratings"):
            found = [str(d) for d in replay().differences]
        assert found, f"{what} was changed and nothing noticed"
        transaction.set_rollback(True)
