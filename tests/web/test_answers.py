"""A candidate never loses an answer, and an older save never overwrites a newer one."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from hireplay.web.hiring.models import Answer, AssessmentSession, LateSave
from tests.web.conftest import NOW, save_as


def _stored(session: AssessmentSession, item_id: str) -> tuple[object, int]:
    answer = Answer.objects.get(session=session, item_id=item_id)
    return answer.value, answer.seq


def test_the_first_save_of_an_item_is_stored(session: AssessmentSession) -> None:
    assert save_as(session, "quote-total", "$675", 1, NOW) == "saved"

    assert _stored(session, "quote-total") == ("$675", 1)


def test_a_newer_save_replaces_the_answer(session: AssessmentSession) -> None:
    save_as(session, "quote-total", "$600", 1, NOW)

    assert save_as(session, "quote-total", "$675", 2, NOW + timedelta(seconds=5)) == "saved"
    assert _stored(session, "quote-total") == ("$675", 2)


def test_a_late_arriving_older_save_does_not_overwrite_a_newer_one(session: AssessmentSession) -> None:
    save_as(session, "quote-total", "$675", 7, NOW)

    assert save_as(session, "quote-total", "$600", 3, NOW + timedelta(seconds=5)) == "stale"
    assert _stored(session, "quote-total") == ("$675", 7)


def test_a_retried_save_is_harmless(session: AssessmentSession) -> None:
    save_as(session, "monday-priorities", ["z", "w", "y", "x"], 4, NOW)

    assert save_as(session, "monday-priorities", ["z", "w", "y", "x"], 4, NOW) == "stale"
    assert Answer.objects.filter(session=session).count() == 1


def test_answers_of_any_json_shape_come_back_as_saved(session: AssessmentSession) -> None:
    values = {
        "sjt-upset-client": {"most": "a", "least": "b"},
        "churn-signals": ["a", "b", "f"],
        "client-email": "Dear Ms Marchetti,\nThank you — we’ll fix it.\nKind regards",
        "crm-entry": {"renewal_date": "2027-07-30", "seats_from_april": 15, "next_follow_up": None},
    }
    for seq, (item_id, value) in enumerate(values.items(), 1):
        save_as(session, item_id, value, seq, NOW)

    assert session.responses().answers == values


def test_stored_answers_score_like_the_same_answers_given_directly(session: AssessmentSession) -> None:
    from hireplay.core.scoring import Responses, score

    save_as(session, "upsell-target", "a", 1, NOW)
    save_as(session, "quote-total", "675", 2, NOW)
    playbook = session.candidate.opening.playbook.to_core()

    from_store = score(playbook, session.responses(), session.seed)
    direct = score(playbook, Responses(candidate=str(session.candidate_id), seed=42,
                                       answers={"upsell-target": "a", "quote-total": "675"}), 42)  # fmt: skip

    assert from_store.to_json() == direct.to_json()


def test_a_save_to_a_submitted_attempt_or_through_a_revoked_link_changes_nothing(session: AssessmentSession) -> None:
    AssessmentSession.objects.filter(pk=session.pk).update(submitted_at=NOW)
    assert save_as(session, "quote-total", "$675", 1, NOW) == "submitted"
    AssessmentSession.objects.filter(pk=session.pk).update(submitted_at=None)
    assert save_as(session, "quote-total", "$675", 1, NOW) == "saved"  # open again: applied
    session.candidate.invitations.update(revoked=True)
    assert save_as(session, "quote-total", "$700", 2, NOW) == "no_link"
    assert _stored(session, "quote-total") == ("$675", 1)


def test_a_save_after_the_deadline_and_its_grace_is_kept_aside_as_late(session: AssessmentSession) -> None:
    late = session.deadline + timedelta(seconds=settings.GRACE_SECONDS + 1)

    assert save_as(session, "quote-total", "$675", 1, late) == "late"
    assert not Answer.objects.filter(session=session).exists()
    assert LateSave.objects.get(session=session).value == "$675"


def test_the_rule_for_a_save_is_one_list_that_the_statement_and_the_diagnosis_share() -> None:
    from django.db import connection

    from hireplay.web.hiring.answers import CONDITIONS, _save_sql

    statement = _save_sql(connection, False)

    assert [name for name, _ in CONDITIONS] == ["no_link", "not_started", "submitted", "late"]
    assert all(f"({expression})" in statement for _, expression in CONDITIONS)


def test_a_link_checked_once_is_remembered_but_its_age_is_checked_on_every_use(session: AssessmentSession) -> None:
    from django.test import override_settings

    from hireplay.web.hiring import services

    invitation, _, _ = services.invite(session.candidate, "http://testserver/")
    token = services.invitation_token(invitation)
    assert services.invitation_id(token) == invitation.pk
    assert token in services._VERIFIED
    with override_settings(INVITATION_DAYS=-2):  # the same link, now too old
        assert services.invitation_id(token) is None
    assert services.invitation_id(token) == invitation.pk
    assert services.invitation_id(token[:-1] + ("A" if token[-1] != "A" else "B")) is None  # tampered
