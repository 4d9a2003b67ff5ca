"""The stored audit log: appends form one chain, even from two processes at once; tampering shows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hireplay.web.audit.log import check, record
from hireplay.web.audit.models import AuditEvent
from tests.test_cli import _drop_database, _scratch_database


def test_appended_events_verify(db: None) -> None:
    for i in range(5):
        record("rita", "invitation.sent", f"candidate:{i}", {"to": f"c{i}@example.com"})

    verdict = check()

    assert verdict.intact
    assert verdict.events == 5


def test_a_changed_row_is_reported_at_its_event(db: None) -> None:
    for i in range(5):
        record("rita", "answer.saved", "session:1", {"item": "q", "seq": i})
    AuditEvent.objects.filter(seq=3).update(payload='{"item":"q","seq":99}')

    verdict = check()

    assert (verdict.intact, verdict.problem, verdict.seq) == (False, "modified", 3)


def test_removing_the_newest_events_is_caught_by_the_head(db: None) -> None:
    for i in range(5):
        record("rita", "answer.saved", "session:1", {"seq": i})
    AuditEvent.objects.filter(seq__gte=4).delete()

    assert check().problem == "truncated"


APPEND = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "hireplay.web.settings"
import django
django.setup()
from hireplay.web.audit.log import record
for i in range(int(sys.argv[1])):
    record(sys.argv[2], "answer.saved", f"session:{i % 7}", {"i": i})
"""


def test_two_processes_appending_at_once_make_one_valid_chain(tmp_path: Path) -> None:
    env = {**os.environ, "HIREPLAY_DATA_DIR": str(tmp_path)}
    scratch = _scratch_database(os.environ.get("DATABASE_URL"))
    if scratch:
        env["DATABASE_URL"] = scratch
    else:
        env.pop("DATABASE_URL", None)
    try:
        subprocess.run(
            [sys.executable, "-m", "hireplay", "manage", "migrate", "-v", "0"], env=env, check=True, timeout=120
        )
        writers = [subprocess.Popen([sys.executable, "-c", APPEND, "150", name], env=env) for name in ("one", "two")]
        assert [w.wait(timeout=300) for w in writers] == [0, 0]

        result = subprocess.run([sys.executable, "-m", "hireplay", "audit", "verify"], env=env, capture_output=True,
                                text=True, timeout=120)  # fmt: skip
    finally:
        if scratch:
            _drop_database(scratch)

    assert result.returncode == 0, result.stderr
    assert "intact: 300 events" in result.stdout
