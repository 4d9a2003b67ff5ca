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
