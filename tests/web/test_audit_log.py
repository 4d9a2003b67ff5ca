"""The stored audit log: appends form one chain, even from two processes at once; tampering shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hireplay.web.audit.catalogue import UnknownEventError
from hireplay.web.audit.log import check, defer, pending_count, record, record_many, seal
from hireplay.web.audit.models import AuditEvent
from tests.test_cli import scratch_database_in


def _saved(seq: int) -> dict[str, object]:
    return {"item": "q", "seq": seq, "digest": "d"}


def test_appended_events_verify(db: None) -> None:
    for i in range(5):
        record("user:rita", "invitation.sent", f"candidate:{i}", {"invitation": i, "expires_at": "2026-12-01"})

    verdict = check()

    assert verdict.intact
    assert verdict.events == 5


def test_a_changed_row_is_reported_at_its_event(db: None) -> None:
    for i in range(5):
        record("candidate:1", "answer.saved", "candidate:1", _saved(i))
    AuditEvent.objects.filter(seq=3).update(payload='{"digest":"d","item":"q","seq":99}')

    verdict = check()

    assert (verdict.intact, verdict.problem, verdict.seq) == (False, "modified", 3)


def test_removing_the_newest_events_is_caught_by_the_head(db: None) -> None:
    for i in range(5):
        record("candidate:1", "answer.saved", "candidate:1", _saved(i))
    AuditEvent.objects.filter(seq__gte=4).delete()

    assert check().problem == "truncated"


def test_deferred_events_enter_the_chain_in_order_before_the_next_event(db: None) -> None:
    record("user:rita", "invitation.sent", "candidate:1", {"invitation": 1, "expires_at": "2026-12-01"})
    defer("candidate:1", "answer.saved", "candidate:1", _saved(1))
    defer("candidate:1", "answer.saved", "candidate:1", _saved(2))

    assert pending_count() == 2
    assert AuditEvent.objects.count() == 1  # written, not yet in the chain
    record(
        "candidate:1",
        "assessment.submitted",
        "candidate:1",
        {"session": 1, "answers": 2, "automatic": False, "digest": "d"},
    )

    assert pending_count() == 0
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True)) == [
        "invitation.sent", "answer.saved", "answer.saved", "assessment.submitted"]  # fmt: skip
    assert [json.loads(p)["seq"] for p in AuditEvent.objects.filter(action="answer.saved").order_by("seq")
            .values_list("payload", flat=True)] == [1, 2]  # fmt: skip
    assert check().intact


def test_seal_moves_every_waiting_event_in_batches(db: None, monkeypatch: object) -> None:
    from hireplay.web.audit import log

    monkeypatch.setattr(log, "SEAL_BATCH", 7)  # type: ignore[attr-defined]
    for i in range(30):
        defer("candidate:2", "answer.saved", "candidate:2", _saved(i))

    assert seal() == 30
    assert pending_count() == 0
    verdict = check()
    assert (verdict.intact, verdict.events) == (True, 30)


def test_a_deferred_event_rolls_back_with_its_change(db: None) -> None:
    from django.db import transaction

    try:
        with transaction.atomic():
            defer("candidate:3", "answer.saved", "candidate:3", _saved(1))
            raise RuntimeError("the save failed")
    except RuntimeError:
        pass

    assert pending_count() == 0


APPEND = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "hireplay.web.settings"
import django
django.setup()
from hireplay.web.audit.log import record
from django.db import transaction
from hireplay.web.audit.log import defer
for i in range(int(sys.argv[1])):
    if sys.argv[3:] == ["deferring"]:  # an autosave: written with its change, sealed along the way
        with transaction.atomic():
            defer(sys.argv[2], "answer.saved", f"candidate:{i % 7}", {"item": "q", "seq": i, "digest": "d"})
    else:
        record(sys.argv[2], "answer.saved", f"candidate:{i % 7}", {"item": "q", "seq": i, "digest": "d"})
"""


def test_two_processes_appending_at_once_make_one_valid_chain(tmp_path: Path) -> None:
    env = {**os.environ, "HIREPLAY_DATA_DIR": str(tmp_path)}
    with scratch_database_in(env):
        subprocess.run(
            [sys.executable, "-m", "hireplay", "manage", "migrate", "-v", "0"], env=env, check=True, timeout=120
        )
        writers = [subprocess.Popen([sys.executable, "-c", APPEND, "150", *name], env=env)
                   for name in (["candidate:1"], ["candidate:2"], ["candidate:3", "deferring"])]  # fmt: skip
        assert [w.wait(timeout=300) for w in writers] == [0, 0, 0]
        sealed = subprocess.run([sys.executable, "-m", "hireplay", "audit", "seal"], env=env, capture_output=True,
                                text=True, timeout=120)  # fmt: skip
        assert sealed.returncode == 0, sealed.stderr

        result = subprocess.run([sys.executable, "-m", "hireplay", "audit", "verify"], env=env, capture_output=True,
                                text=True, timeout=120)  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "intact: 450 events" in result.stdout


BACKGROUND = """
import os, sys, threading, time
os.environ["DJANGO_SETTINGS_MODULE"] = "hireplay.web.settings"
import django
django.setup()
from django.db import transaction
from hireplay.web.audit.log import defer, pending_count
for i in range(200):
    with transaction.atomic():
        defer("candidate:1", "answer.saved", "candidate:1", {"item": "q", "seq": i, "digest": "d"})
deadline = time.monotonic() + 60
while pending_count() and time.monotonic() < deadline:
    time.sleep(0.05)
sealers = [t for t in threading.enumerate() if t.name == "hireplay-audit-seal"]
print(pending_count(), len(sealers))
"""


def test_one_background_thread_per_process_seals_the_waiting_events(tmp_path: Path) -> None:
    env = {**os.environ, "HIREPLAY_DATA_DIR": str(tmp_path), "HIREPLAY_AUDIT_SEAL_EVERY": "0",
           "HIREPLAY_AUDIT_BACKGROUND_SEAL": "1"}  # fmt: skip
    with scratch_database_in(env):
        subprocess.run(
            [sys.executable, "-m", "hireplay", "manage", "migrate", "-v", "0"], env=env, check=True, timeout=120
        )
        run = subprocess.run([sys.executable, "-c", BACKGROUND], env=env, capture_output=True, text=True, timeout=120)
        verified = subprocess.run([sys.executable, "-m", "hireplay", "audit", "verify"], env=env, capture_output=True,
                                  text=True, timeout=120)  # fmt: skip

    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["0", "1"]  # nothing left waiting, sealed by one thread woken many times
    assert "intact: 200 events" in verified.stdout, verified.stdout + verified.stderr


def test_record_refuses_an_event_the_catalogue_does_not_describe(db: None) -> None:
    with pytest.raises(UnknownEventError, match="not an action"):
        record("user:rita", "candidate.teleported", "candidate:1", {})
    with pytest.raises(UnknownEventError, match="payload lacks expires_at"):
        record("user:rita", "invitation.sent", "candidate:1", {"invitation": 1})
    with pytest.raises(UnknownEventError, match="actor"):
        record("rita", "invitation.sent", "candidate:1", {"invitation": 1, "expires_at": "2026-12-01"})
    with pytest.raises(UnknownEventError, match="subject"):
        record("user:rita", "invitation.sent", "opening:1", {"invitation": 1, "expires_at": "2026-12-01"})

    assert AuditEvent.objects.count() == 0


def test_many_events_appended_at_once_follow_the_waiting_ones_and_verify(db: None, monkeypatch: object) -> None:
    monkeypatch.setattr("hireplay.web.audit.log.SEAL_BATCH", 3)  # type: ignore[attr-defined]
    record("user:rita", "invitation.sent", "candidate:1", {"invitation": 1, "expires_at": "2026-12-01"})
    defer("candidate:1", "answer.saved", "candidate:1", _saved(1))
    changes = [("user:rita", "account.tier_changed", f"client:{i}",
                {"from": None, "to": "key", "status": "key", "score": 70.0, "as_of": "2026-11-27", "policy": "sha256:x"})
               for i in range(7)]  # fmt: skip

    assert record_many(changes) == 7
    assert record_many([]) == 0

    verdict = check()
    assert (verdict.intact, verdict.events) == (True, 9)
    assert pending_count() == 0
    order = list(AuditEvent.objects.order_by("seq").values_list("action", "subject"))
    assert order[:2] == [("invitation.sent", "candidate:1"), ("answer.saved", "candidate:1")]
    assert [s for _, s in order[2:]] == [f"client:{i}" for i in range(7)]


def test_many_events_are_refused_together_when_one_is_not_in_the_catalogue(db: None) -> None:
    good = ("user:rita", "invitation.sent", "candidate:1", {"invitation": 1, "expires_at": "2026-12-01"})
    with pytest.raises(UnknownEventError):
        record_many([good, ("user:rita", "account.vanished", "client:1", {})])
    assert AuditEvent.objects.count() == 0
