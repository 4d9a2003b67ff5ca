"""Tamper evidence beyond the event table: stored rows against the log (`verify --state`) and the
log's head against signed checkpoints kept outside the database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection
from django.test import Client

from hireplay.core.audit import GENESIS, event_hash
from hireplay.core.canonical import canonical_json
from hireplay.web.audit import checkpoint
from hireplay.web.audit.log import check, seal
from hireplay.web.audit.models import AuditEvent, AuditHead
from hireplay.web.decisions.models import Decision, RecommendationRecord
from hireplay.web.flows.decision import decide
from hireplay.web.flows.interview import save_scorecard
from hireplay.web.flows.proof import proven_for, verify_state
from hireplay.web.flows.recommendation import refresh_recommendation
from hireplay.web.hiring.models import Candidate, ScoreRecord
from hireplay.web.interviews.models import Scorecard
from tests.web.conftest import Cast, card, ratings_for


@pytest.fixture
def decided(scored: Candidate, cast: Cast) -> Candidate:
    """Jordan interviewed by Alice and Ivan, and hired by Hana."""
    for user in (cast.alice, cast.ivan):
        save_scorecard(scored, user, card(ratings=ratings_for(scored, user, 4)), True)
    decide(scored, cast.hana, "hire", "")
    seal()
    return Candidate.objects.get(pk=scored.pk)


def _problems() -> list[str]:
    return [str(d) for d in verify_state().differences]


def test_an_untouched_history_is_proven_row_by_row(decided: Candidate) -> None:
    result = verify_state()

    assert result.intact, result.differences
    assert result.checked == {"score": 1, "recommendation": 3, "scorecard": 2, "decision": 1, "stage": 1}


def test_a_changed_decision_is_named(decided: Candidate) -> None:
    made = Decision.objects.get()
    Decision.objects.filter(pk=made.pk).update(outcome="reject")

    assert _problems() == [f"decision {made.pk} ({decided.ref}): outcome is 'reject' but the log recorded 'hire'"]


def test_a_deleted_decision_is_named(decided: Candidate) -> None:
    made = Decision.objects.get()
    Decision.objects.filter(pk=made.pk).delete()

    assert _problems() == [f"decision {made.pk} ({decided.ref}): the log recorded it, but it was deleted"]


def test_a_changed_decision_reason_shows_through_its_digest(decided: Candidate) -> None:
    Decision.objects.update(reason="Written in afterwards.")

    assert _problems() == [f"decision {Decision.objects.get().pk} ({decided.ref}): reason differs from what the log "
                           "recorded (its digest does not match)"]  # fmt: skip


def test_a_decision_the_log_never_recorded_is_named(decided: Candidate, cast: Cast) -> None:
    made = Decision.objects.get()
    forged = Decision.objects.create(candidate=decided, recommendation=made.recommendation, stage="final",
                                     outcome="reject", departs=True, decided_by=cast.hana)  # fmt: skip

    assert _problems() == [f"decision {forged.pk} ({decided.ref}): stored, but the log never recorded it"]


def test_a_recommendations_outcome_column_set_to_hire_is_named_and_the_page_warns(
    scored: Candidate, cast: Cast
) -> None:
    for user in (cast.alice, cast.ivan):
        save_scorecard(scored, user, card(ratings=ratings_for(scored, user, 1),
                                          notes=dict.fromkeys(ratings_for(scored, user, 1), "No example at all, twice.")), True)  # fmt: skip
    latest = RecommendationRecord.current(scored.pk)
    assert latest is not None
    assert latest.outcome == "do_not_hire"
    RecommendationRecord.objects.filter(pk=latest.pk).update(outcome="hire")

    assert (
        f"recommendation {latest.pk} ({scored.ref}): outcome is 'hire' but the log recorded 'do_not_hire'"
        in _problems()
    )
    client = Client()
    client.force_login(cast.hana)
    page = client.get(f"/candidates/{scored.pk}/").content.decode()
    assert "What is stored here differs from the audit log" in page
    assert "Recommendation: Do not hire" in page  # the trace's own outcome, never the tampered column


def test_a_scorecard_changed_together_with_its_recommendation_is_named(decided: Candidate, cast: Cast) -> None:
    ivans = Scorecard.objects.get(interviewer=cast.ivan)
    Scorecard.objects.filter(pk=ivans.pk).update(ratings=dict.fromkeys(ivans.ratings, 1))
    latest = RecommendationRecord.current(decided.pk)
    assert latest is not None
    # The tamperer recomputes the recommendation from the changed scorecard and writes it over the stored one.
    refreshed = refresh_recommendation(decided)
    assert refreshed is not None
    RecommendationRecord.objects.filter(pk=latest.pk).update(result=refreshed.result, outcome=refreshed.outcome)
    RecommendationRecord.objects.filter(pk=refreshed.pk).delete()  # its event stays in the log: named as deleted

    problems = _problems()
    assert any(p.startswith(f"scorecard {ivans.pk} ") and "ratings is" in p for p in problems), problems
    assert any(p.startswith(f"recommendation {latest.pk} ") for p in problems), problems
    assert any(p.startswith(f"recommendation {refreshed.pk} ") and p.endswith("it was deleted") for p in problems)


def test_a_stage_moved_by_hand_is_named(decided: Candidate) -> None:
    Candidate.objects.filter(pk=decided.pk).update(stage="interview")

    assert _problems() == [f"stage of candidate {decided.pk} ({decided.ref}): the candidate is at 'interview' but the "
                           "log last moved them to 'hired'"]  # fmt: skip


def test_a_changed_score_report_is_named(decided: Candidate) -> None:
    stored = ScoreRecord.objects.get()
    report = stored.report
    report["total"]["percent"] = 99.0
    ScoreRecord.objects.filter(pk=stored.pk).update(report=report)

    assert _problems() == [f"score {stored.pk} ({decided.ref}): percent is 99.0 but the log recorded "
                           f"{_logged_percent(stored.pk)!r}"]  # fmt: skip


def _logged_percent(score_id: int) -> float:
    event = AuditEvent.objects.get(action="assessment.scored")
    payload = json.loads(event.payload)
    assert payload["score"] == score_id
    return float(payload["percent"])


def test_proof_for_one_candidate_costs_the_same_whatever_the_history(
    decided: Candidate, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert proven_for(decided).intact


# Checkpoints


@pytest.fixture
def key(tmp_path: Path) -> Ed25519PrivateKey:
    checkpoint.generate_key(tmp_path / "key.pem")
    return checkpoint.load_key(tmp_path / "key.pem")


def _table(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def test_a_truncated_log_with_the_head_moved_back_passes_verify_but_not_the_checkpoint(
    decided: Candidate, key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    saved = checkpoint.write(key, tmp_path / "checkpoints")
    newest = AuditEvent.objects.order_by("-seq")[:3]
    keep = AuditEvent.objects.order_by("-seq")[3]
    AuditEvent.objects.filter(seq__in=[e.seq for e in newest]).delete()
    AuditHead.objects.filter(pk=1).update(seq=keep.seq, hash=keep.hash)

    assert check().intact  # the chain alone cannot tell
    problem = checkpoint.problem_with_log(checkpoint.read(saved))
    assert problem is not None
    assert "the log no longer has event" in problem


def test_a_wiped_log_fails_the_checkpoint(decided: Candidate, key: Ed25519PrivateKey, tmp_path: Path) -> None:
    saved = checkpoint.write(key, tmp_path)
    AuditEvent.objects.all().delete()
    AuditHead.objects.all().delete()

    assert check().intact  # "0 events"
    assert "events were removed" in (checkpoint.problem_with_log(checkpoint.read(saved)) or "")


def test_a_chain_rewritten_with_new_hashes_fails_the_checkpoint(
    decided: Candidate, key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    saved = checkpoint.write(key, tmp_path)
    events = list(AuditEvent.objects.order_by("seq"))
    decision = next(e for e in events if e.action == "decision.taken")
    decision.payload = decision.payload.replace('"outcome":"hire"', '"outcome":"reject"')
    previous = GENESIS
    for event in events:  # the forger recomputes every hash after the change
        event.prev_hash = previous
        event.hash = event_hash(
            event.seq, event.time, event.actor, event.action, event.subject, event.payload, previous
        )
        previous = event.hash
    AuditEvent.objects.bulk_update(events, ["payload", "prev_hash", "hash"])
    AuditHead.objects.filter(pk=1).update(hash=previous)

    assert check().intact
    assert "the log was rewritten" in (checkpoint.problem_with_log(checkpoint.read(saved)) or "")


def test_the_log_may_grow_after_a_checkpoint(decided: Candidate, key: Ed25519PrivateKey, tmp_path: Path) -> None:
    saved = checkpoint.write(key, tmp_path)
    Candidate.objects.create(opening=decided.opening, name="Later", email="later@example.com")
    decide(decided, decided.opening.hiring_manager, "hold", "Waiting for the budget to be confirmed again.")

    assert checkpoint.problem_with_log(checkpoint.read(saved)) is None


def test_a_malformed_or_foreign_checkpoint_is_refused_naming_the_file(
    decided: Candidate, key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    good = checkpoint.write(key, tmp_path / "good")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    edited = tmp_path / "edited.json"
    data = json.loads(good.read_text())
    edited.write_text(json.dumps({**data, "seq": data["seq"] - 1}))
    foreign = checkpoint.write(Ed25519PrivateKey.generate(), tmp_path / "foreign")

    with pytest.raises(checkpoint.CheckpointError, match=r"broken\.json: not a checkpoint"):
        checkpoint.read(broken)
    with pytest.raises(checkpoint.CheckpointError, match=r"edited\.json: the signature does not match"):
        checkpoint.read(edited)
    with pytest.raises(checkpoint.CheckpointError, match="signed with another key"):
        checkpoint.read(foreign, public_key=data["key"])
    assert checkpoint.read(good, public_key=data["key"]).seq == data["seq"]
    assert canonical_json(checkpoint.read(good).body())  # what was signed


def test_a_key_file_is_never_overwritten_and_is_private(tmp_path: Path) -> None:
    public = checkpoint.generate_key(tmp_path / "key.pem")

    assert len(public) == 64
    assert (tmp_path / "key.pem").stat().st_mode & 0o777 == 0o600
    with pytest.raises(checkpoint.CheckpointError, match="never overwritten"):
        checkpoint.generate_key(tmp_path / "key.pem")


def test_an_upgraded_database_records_the_stages_the_log_never_saw(opening: object) -> None:
    from importlib import import_module

    from django.apps import apps

    upgrade = import_module("hireplay.web.hiring.migrations.0009_log_current_stages")
    old = Candidate.objects.create(opening=opening, name="Before", email="before@example.com", stage="scored")  # type: ignore[misc]
    assert verify_state().differences  # a stage the log never recorded

    upgrade.record_stages(apps, None)
    upgrade.record_stages(apps, None)  # twice changes nothing more

    assert verify_state().intact
    assert (
        AuditEvent.objects.filter(action="candidate.stage_changed", subject=old.ref, actor="system:upgrade").count()
        == 1
    )


def test_a_panel_member_added_to_a_recommendations_waiting_list_is_named(decided: Candidate) -> None:
    # Found by the property test: the list is logged only when someone is missing.
    latest = RecommendationRecord.current(decided.pk)
    assert latest is not None
    assert latest.waiting == []
    RecommendationRecord.objects.filter(pk=latest.pk).update(waiting=["ghost"])

    assert _problems() == [f"recommendation {latest.pk} ({decided.ref}): waiting is ['ghost'] but the log recorded []"]
