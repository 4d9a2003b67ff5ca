"""Brute force is slowed at every door: sign-ins (django-axes, per username and per address),
guessed candidate links and API tokens (per address), and saves faster than any person types
(per link); each block is an audit event, and a candidate saving every second is never refused."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from hireplay.web.audit.models import AuditEvent
from hireplay.web.hiring import services
from hireplay.web.hiring.models import AssessmentSession, JobOpening
from hireplay.web.throttle import LINKS, SAVES, TOKENS
from tests.web.conftest import Cast, save_as

PASSWORD = "a long test password"


def _sign_in(username: str, password: str, address: str = "10.0.0.1") -> int:
    client = Client(REMOTE_ADDR=address)
    return client.post("/login/", {"username": username, "password": password}).status_code


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(cast: Cast) -> None:
    statuses = [_sign_in("alice", f"wrong {n}") for n in range(5)]

    locked = _sign_in("alice", PASSWORD, address="10.0.0.2")  # the right password, from elsewhere

    assert statuses[:4] == [200] * 4  # the form again, with its error
    assert statuses[4] == 429
    assert locked == 429
    assert _sign_in("ivan", PASSWORD, address="10.0.0.3") == 302  # others sign in
    event = AuditEvent.objects.get(action="access.locked_out", subject="user:alice")
    assert json.loads(event.payload) == {"what": "sign-in", "failures": 5, "minutes": 15}
    assert AuditEvent.objects.filter(action="access.locked_out", subject="address:10.0.0.1").exists()


def test_one_address_guessing_many_names_is_locked_out(cast: Cast) -> None:
    statuses = [_sign_in(f"guess{n}", "password", address="10.9.9.9") for n in range(6)]

    assert statuses[-1] == 429
    assert _sign_in("alice", PASSWORD, address="10.9.9.9") == 429  # that address, for everyone
    assert _sign_in("alice", PASSWORD, address="10.0.0.4") == 302


def test_behind_the_proxy_the_address_is_the_one_the_proxy_wrote_and_a_forged_one_changes_nothing(
    cast: Cast, settings: Any
) -> None:
    settings.PRODUCTION = True  # behind the reverse proxy: every request comes from its address

    def through_proxy(username: str, password: str, client_address: str, forged: str = "") -> int:
        forwarded = f"{forged}, {client_address}" if forged else client_address
        client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded, HTTP_X_FORWARDED_PROTO="https")
        return client.post("/login/", {"username": username, "password": password}, secure=True).status_code

    guesses = [through_proxy(f"guess{n}", "password", "198.51.100.7", forged=f"203.0.113.{n}") for n in range(6)]

    assert guesses[-1] == 429  # a new forged first entry at each guess did not make a new address
    assert through_proxy("alice", PASSWORD, "198.51.100.7") == 429
    assert through_proxy("alice", PASSWORD, "192.0.2.44") == 302  # another client behind the same proxy
    assert AuditEvent.objects.filter(action="access.locked_out", subject="address:198.51.100.7").exists()


def test_a_forwarded_header_that_holds_no_address_is_no_server_error(cast: Cast, settings: Any) -> None:
    settings.PRODUCTION = True
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address", HTTP_X_FORWARDED_PROTO="https")

    wrong = client.post("/login/", {"username": "alice", "password": "wrong"}, secure=True)
    right = client.post("/login/", {"username": "alice", "password": PASSWORD}, secure=True)

    assert (wrong.status_code, right.status_code) == (200, 302)  # stored without an address, on every database


def test_guessed_candidate_links_block_the_address_and_not_the_candidates(session: AssessmentSession) -> None:
    guesser = Client(REMOTE_ADDR="10.1.1.1")
    token = services.invitation_token(session.candidate.invitations.get())

    statuses = [guesser.get(f"/a/guess{n}:1abc:xyz/").status_code for n in range(LINKS.failures + 5)]

    assert statuses[: LINKS.failures] == [404] * LINKS.failures
    assert set(statuses[LINKS.failures :]) == {429}
    assert guesser.get(f"/a/{token}/").status_code == 429  # the guesser, even with a real link
    assert Client(REMOTE_ADDR="10.1.1.2").get(f"/a/{token}/").status_code != 429  # the candidate
    event = AuditEvent.objects.get(action="access.locked_out")
    assert event.subject == "address:10.1.1.1"
    assert json.loads(event.payload)["what"] == "assessment link"


def test_a_candidate_saving_every_second_is_never_refused_and_a_flood_is(
    session: AssessmentSession, opening: JobOpening
) -> None:
    token = services.invitation_token(session.candidate.invitations.get())
    page = Client(REMOTE_ADDR="10.2.2.2")

    def save(seq: int) -> int:
        return page.post(f"/a/{token}/save/", data=json.dumps({"item": "client-email", "value": f"v{seq}", "seq": seq}),
                         content_type="application/json").status_code  # fmt: skip

    typing = [save(seq) for seq in range(1, 121)]  # two minutes of typing at one save a second, sent at once
    flood = [save(seq) for seq in range(121, SAVES.failures + 60)]

    assert 429 not in typing
    assert 429 in flood
    assert save_as(session, "client-email", "still there", 10_000) == "saved"  # the attempt itself is fine


def test_wrong_api_tokens_block_the_address(cast: Cast) -> None:
    guesser = Client(REMOTE_ADDR="10.3.3.3", HTTP_AUTHORIZATION="Bearer wrong-token")

    statuses = [guesser.get("/api/openings").status_code for _ in range(TOKENS.failures + 3)]

    assert statuses[: TOKENS.failures] == [401] * TOKENS.failures
    assert set(statuses[TOKENS.failures :]) == {429}
    assert AuditEvent.objects.filter(action="access.locked_out", subject="address:10.3.3.3").count() == 1
