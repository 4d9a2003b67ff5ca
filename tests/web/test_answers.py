"""A candidate never loses an answer, and an older save never overwrites a newer one."""

from __future__ import annotations

from datetime import timedelta

from hireplay.web.hiring.answers import save_answer
from hireplay.web.hiring.models import Answer, AssessmentSession
from tests.web.conftest import NOW


def _stored(session: AssessmentSession, item_id: str) -> tuple[object, int]:
    answer = Answer.objects.get(session=session, item_id=item_id)
    return answer.value, answer.seq


def test_the_first_save_of_an_item_is_stored(session: AssessmentSession) -> None:
    assert save_answer(session, "quote-total", "$675", 1, NOW) == "saved"

    assert _stored(session, "quote-total") == ("$675", 1)


def test_a_newer_save_replaces_the_answer(session: AssessmentSession) -> None:
    save_answer(session, "quote-total", "$600", 1, NOW)

    assert save_answer(session, "quote-total", "$675", 2, NOW + timedelta(seconds=5)) == "saved"
    assert _stored(session, "quote-total") == ("$675", 2)


def test_a_late_arriving_older_save_does_not_overwrite_a_newer_one(session: AssessmentSession) -> None:
    save_answer(session, "quote-total", "$675", 7, NOW)

    assert save_answer(session, "quote-total", "$600", 3, NOW + timedelta(seconds=5)) == "stale"
    assert _stored(session, "quote-total") == ("$675", 7)


def test_a_retried_save_is_harmless(session: AssessmentSession) -> None:
    save_answer(session, "monday-priorities", ["z", "w", "y", "x"], 4, NOW)

    assert save_answer(session, "monday-priorities", ["z", "w", "y", "x"], 4, NOW) == "stale"
    assert Answer.objects.filter(session=session).count() == 1


def test_answers_of_any_json_shape_come_back_as_saved(session: AssessmentSession) -> None:
    values = {
        "sjt-upset-client": {"most": "a", "least": "b"},
        "churn-signals": ["a", "b", "f"],
        "client-email": "Dear Ms Marchetti,\nThank you — we’ll fix it.\nKind regards",
        "crm-entry": {"renewal_date": "2027-07-30", "seats_from_april": 15, "next_follow_up": None},
    }
    for seq, (item_id, value) in enumerate(values.items(), 1):
        save_answer(session, item_id, value, seq, NOW)

    assert session.responses().answers == values


def test_stored_answers_score_like_the_same_answers_given_directly(session: AssessmentSession) -> None:
    from hireplay.core.scoring import Responses, score

    save_answer(session, "upsell-target", "a", 1, NOW)
    save_answer(session, "quote-total", "675", 2, NOW)
    playbook = session.candidate.opening.playbook.to_core()

    from_store = score(playbook, session.responses(), session.seed)
    direct = score(playbook, Responses(candidate=str(session.candidate_id), seed=42,
                                       answers={"upsell-target": "a", "quote-total": "675"}), 42)  # fmt: skip

    assert from_store.to_json() == direct.to_json()


def _open_save(session: AssessmentSession, item_id: str, value: object, seq: int) -> bool:
    from hireplay.web.hiring import services
    from hireplay.web.hiring.answers import save_if_open, saved_event

    invitation = session.candidate.invitations.first() or services.invite(session.candidate, "http://testserver/")[0]
    event = saved_event(session.candidate_id, session.candidate.secret, item_id, value, seq)
    return save_if_open(invitation.pk, session.pk, item_id, value, seq, NOW, 30, event)


def test_the_one_statement_save_inserts_then_updates_only_newer_answers(session: AssessmentSession) -> None:
    assert _open_save(session, "quote-total", "$600", 1)  # first save of the item: inserted
    assert _stored(session, "quote-total") == ("$600", 1)
    assert _open_save(session, "quote-total", "$675", 5)
    assert not _open_save(session, "quote-total", "$1", 4)  # older: not applied
    assert not _open_save(session, "quote-total", "$1", 5)  # a retry: not applied
    assert _stored(session, "quote-total") == ("$675", 5)


def test_the_one_statement_save_refuses_a_submitted_attempt_or_a_revoked_link(session: AssessmentSession) -> None:
    AssessmentSession.objects.filter(pk=session.pk).update(submitted_at=NOW)
    assert not _open_save(session, "quote-total", "$675", 1)
    AssessmentSession.objects.filter(pk=session.pk).update(submitted_at=None)
    assert _open_save(session, "quote-total", "$675", 1)  # open again: applied
    session.candidate.invitations.update(revoked=True)
    assert not _open_save(session, "quote-total", "$700", 2)
    assert _stored(session, "quote-total") == ("$675", 1)


def test_a_link_checked_once_is_remembered_but_its_age_is_checked_on_every_use(session: AssessmentSession) -> None:
    from django.test import override_settings

    from hireplay.web.hiring import services

    invitation, _ = services.invite(session.candidate, "http://testserver/")
    token = services.invitation_token(invitation)
    assert services.invitation_id(token) == invitation.pk
    assert token in services._VERIFIED
    with override_settings(INVITATION_DAYS=-2):  # the same link, now too old
        assert services.invitation_id(token) is None
    assert services.invitation_id(token) == invitation.pk
    assert services.invitation_id(token[:-1] + ("A" if token[-1] != "A" else "B")) is None  # tampered
