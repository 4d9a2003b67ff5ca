"""Erasure: personal data becomes unrecoverable, the chain still verifies, the statistics still count."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from hireplay.web.audit.log import check
from hireplay.web.audit.models import AuditEvent
from hireplay.web.flows.interview import save_scorecard
from hireplay.web.flows.privacy import ERASED_NAME, due_for_erasure, erase
from hireplay.web.flows.replay import replay
from hireplay.web.hiring.models import Answer, Candidate, Invitation, ScoreRecord
from hireplay.web.interviews.models import Scorecard
from tests.test_cli import scratch_database_in
from tests.web.conftest import Cast, card, ratings_for


def test_erasure_removes_personal_data_and_keeps_the_chain_and_the_figures(scored: Candidate, cast: Cast) -> None:
    first = next(iter(ratings_for(scored, cast.ivan, 1)))
    save_scorecard(scored, cast.ivan, card(
        ratings={**ratings_for(scored, cast.ivan, 3), first: 1}, notes={first: "Jordan mumbled about Acme renewals."},
        red_flags=[{"flag": "blames-others", "note": "Jordan blamed the Acme team."}]), True)  # fmt: skip
    percent = ScoreRecord.objects.get().report["total"]["percent"]

    assert erase(scored, "user:admin") is True

    scored.refresh_from_db()
    assert (scored.name, scored.email, scored.secret) == (ERASED_NAME, f"erased-{scored.pk}@erased.invalid", "")
    assert not Answer.objects.filter(session__candidate=scored).exists()
    assert not Invitation.objects.filter(candidate=scored, revoked=False).exists()
    stored_card = Scorecard.objects.get(interviewer=cast.ivan)
    assert stored_card.notes == {}
    assert stored_card.red_flags == [{"flag": "blames-others", "note": ""}]
    assert stored_card.ratings[first] == 1  # anonymous figures stay
    report = ScoreRecord.objects.get().report
    assert report["total"]["percent"] == percent
    assert report["items"] == []
    for rec in scored.recommendations.all():
        assert "Acme" not in str(rec.result)
    everything = " ".join(AuditEvent.objects.values_list("payload", flat=True))
    assert "Jordan" not in everything
    assert "jordan@example.com" not in everything
    assert "Acme" not in everything
    assert check().intact
    assert AuditEvent.objects.filter(action="candidate.erased", subject=scored.ref).exists()
    result = replay()
    assert result.differences == []
    assert result.erased == 1 + scored.recommendations.count()  # its score record and recommendations
    assert erase(scored, "user:admin") is False  # once is enough


def test_retention_finds_only_candidates_past_their_organisations_period(scored: Candidate, opening: object) -> None:
    organization = scored.opening.organization
    organization.retention_days = 30
    organization.save()
    fresh = Candidate.objects.create(opening=scored.opening, name="Fresh", email="fresh@example.com")

    now = timezone.now()
    due_now = {d.candidate.pk for d in due_for_erasure(now)}
    due_later = {d.candidate.pk for d in due_for_erasure(now + timedelta(days=400))}

    assert scored.pk not in due_now or scored.session.submitted_at < now - timedelta(days=30)  # type: ignore[union-attr]
    assert fresh.pk not in due_now
    assert {scored.pk, fresh.pk} <= due_later


FLOW = """
import os, sys, json
os.environ["DJANGO_SETTINGS_MODULE"] = "hireplay.web.settings"
import django
django.setup()
from django.utils import timezone

from hireplay.core.interview import ScorecardDraft
from hireplay.core.lint import load_playbook
from hireplay.shipped import PLAYBOOKS_DIR
from hireplay.web.hiring import services
from hireplay.web.flows.assessment import submit
from hireplay.web.hiring.answers import save
from hireplay.web.flows.privacy import erase
from hireplay.web.hiring.models import Candidate
from hireplay.web.orgs.models import Organization

org = Organization.objects.create(name="Org", slug="org", kind="company", retention_days=30)
opening = services.open_position(org, "AM", load_playbook(PLAYBOOKS_DIR / "account-manager-smb.yaml"))
people = [("Zephyrine Quillfeather", "zephyrine.quillfeather@example.org"), ("Keep Me", "keep.me@example.org")]
made = services.add_candidates(opening, [{"name": n, "email": e} for n, e in people])
for c in made:
    invitation, _, _ = services.invite(c, "http://x/")
    s = services.start_session(c)
    save(invitation.pk, "client-email", "Dear Ms Quillfeather-Client, my own words " + c.email, 1, timezone.now())
    submit(s)
if sys.argv[1] == "erase":
    erase(made[0], "user:test")
"""


def test_erased_data_is_gone_from_the_database_files(tmp_path: Path) -> None:
    env = {**os.environ, "HIREPLAY_DATA_DIR": str(tmp_path)}
    with scratch_database_in(env) as scratch:
        subprocess.run([sys.executable, "-m", "hireplay", "manage", "migrate", "-v", "0"], env=env, check=True,
                       timeout=120)  # fmt: skip
        subprocess.run([sys.executable, "-c", FLOW, "erase"], env=env, check=True, timeout=120)
        verify = subprocess.run([sys.executable, "-m", "hireplay", "audit", "verify"], env=env, capture_output=True,
                                text=True, timeout=120)  # fmt: skip
        replayed = subprocess.run([sys.executable, "-m", "hireplay", "replay"], env=env, capture_output=True,
                                  text=True, timeout=120)  # fmt: skip

    assert verify.returncode == 0, verify.stderr
    assert replayed.returncode == 0, replayed.stderr
    assert "2 result(s) of erased candidates skipped" in replayed.stdout  # a score report and a recommendation
    if not scratch:  # SQLite: the bytes on disk (database and write-ahead log) no longer hold the data
        stored = b"".join(p.read_bytes() for p in tmp_path.glob("*.sqlite3*"))
        assert b"keep.me@example.org" in stored  # the check can see data that is there
        assert b"Zephyrine" not in stored
        assert b"zephyrine.quillfeather" not in stored


def test_retention_apply_has_a_dry_run(tmp_path: Path) -> None:
    env = {**os.environ, "HIREPLAY_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    run = [sys.executable, "-m", "hireplay"]
    subprocess.run([*run, "manage", "migrate", "-v", "0"], env=env, check=True, timeout=120)
    subprocess.run([sys.executable, "-c", FLOW, "keep"], env=env, check=True, timeout=120)
    later = (timezone.now() + timedelta(days=45)).strftime("%Y-%m-%d")

    dry = subprocess.run([*run, "retention", "apply", "--dry-run", "--as-of", later], env=env, capture_output=True,
                         text=True, timeout=120)  # fmt: skip
    early = subprocess.run([*run, "retention", "apply"], env=env, capture_output=True, text=True, timeout=120)
    real = subprocess.run([*run, "retention", "apply", "--as-of", later], env=env, capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    again = subprocess.run([*run, "retention", "apply", "--as-of", later], env=env, capture_output=True, text=True,
                           timeout=120)  # fmt: skip
    bad = subprocess.run([*run, "retention", "apply", "--as-of", "soon"], env=env, capture_output=True, text=True,
                         timeout=120)  # fmt: skip

    assert "2 candidate(s) would be erased" in dry.stdout
    assert "erased 0" in early.stdout  # nobody is past 30 days today
    assert "erased 2" in real.stdout
    assert "erased 0" in again.stdout
    assert bad.returncode == 2
    assert "YYYY-MM-DD" in bad.stderr
    assert "Traceback" not in bad.stderr
