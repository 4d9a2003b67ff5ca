"""How long `hireplay replay` takes over an organisation's history, and whether its memory grows.

Builds, in a fresh database each, histories of submitted attempts at the SMB playbook (every
attempt with its own seed, answers of every kind and two written answers, scored by the engine;
its submission and scoring events chained in the audit log; two interviewers' scorecards and the
recommendation made from them), then runs `hireplay replay` on each as a user would, in a child
process, and prints its wall time, CPU time and peak memory side by side. The histories are
written with bulk inserts of exactly what the application stores, so that building 100,000
attempts takes minutes rather than hours; `hireplay audit verify` passes on them.

    .venv/bin/python benchmarks/replay.py --attempts 10000 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/replay.py

Target (issue 11): 100,000 attempts replayed in under 60 s on one core, with a peak memory that
does not grow with the number of attempts. Every run stops by itself.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BUILD = r"""
import os, sys, time, random
sys.path.insert(0, os.path.join(sys.argv[2], "benchmarks"))
os.environ["DJANGO_SETTINGS_MODULE"] = "hireplay.web.settings"
import django
django.setup()
from datetime import timedelta
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from hireplay.core.audit import GENESIS, append
from hireplay.core.canonical import canonical_json, sha256_hex
from hireplay.core.decision import recommend
from hireplay.core.lint import load_playbook
from hireplay.core.scoring import score
from hireplay.shipped import PLAYBOOKS_DIR
from hireplay.web.audit.log import digest
from hireplay.web.audit.models import AuditEvent, AuditHead
from hireplay.web.decisions.models import RecommendationRecord
from hireplay.web.hiring import services
from hireplay.web.hiring.models import Answer, AssessmentSession, Candidate, ScoreRecord
from hireplay.web.interviews.models import Scorecard
from hireplay.web.orgs.models import Organization
from scoring import sheets

call_command("migrate", interactive=False, verbosity=0)
count = int(sys.argv[1])
playbook = load_playbook(PLAYBOOKS_DIR / "account-manager-smb.yaml")
org = Organization.objects.create(name="Replay", slug="replay", kind="company")
opening = services.open_position(org, "Account Manager", playbook)
panel = [User.objects.create_user(name, f"{name}@replay.example", "not used here") for name in ("ana", "ben")]
questions = [q.id for q in playbook.interview.questions]
now = timezone.now()
head = AuditEvent.objects.order_by("-seq").first()
previous = head.to_core() if head else None
started = time.perf_counter()
BATCH = 2_000
for first in range(0, count, BATCH):
    batch = sheets(playbook, first + 1, min(BATCH, count - first))
    with transaction.atomic():
        candidates = Candidate.objects.bulk_create(
            Candidate(opening=opening, name=f"Candidate {first + i}", email=f"c{first + i}@replay.example",
                      stage="decided") for i in range(len(batch)))
        sessions = AssessmentSession.objects.bulk_create(
            AssessmentSession(candidate=c, seed=s.seed, started_at=now, deadline=now + timedelta(minutes=30),
                              submitted_at=now + timedelta(minutes=20)) for c, s in zip(candidates, batch))
        Answer.objects.bulk_create(
            Answer(session=session, item_id=item, value=value, seq=n, saved_at=now)
            for session, s in zip(sessions, batch) for n, (item, value) in enumerate(s.answers.items(), 1))
        reports = [score(playbook, s.model_copy(update={"candidate": str(c.pk)}), s.seed)
                   for c, s in zip(candidates, batch)]
        records = ScoreRecord.objects.bulk_create(
            ScoreRecord(session=session, playbook_hash=r.playbook_hash, engine_version=r.engine_version,
                        report=r.to_dict()) for session, r in zip(sessions, reports))
        rng = random.Random(first)
        cards = []
        for c in candidates:
            for user in panel:
                cards.append(Scorecard(candidate=c, interviewer=user, submitted_at=now,
                                       ratings={q: rng.randint(1, 5) for q in questions},
                                       confirmations={k.id: rng.random() < 0.9 for k in playbook.interview.confirmations}))
        cards = Scorecard.objects.bulk_create(cards)
        recs = []
        for i, (c, record, report) in enumerate(zip(candidates, records, reports)):
            mine = cards[2 * i: 2 * i + 2]
            result = recommend(playbook, report, [card.to_core() for card in mine]).to_dict()
            recs.append(RecommendationRecord(candidate=c, score=record, scorecard_ids=[k.pk for k in mine],
                                             playbook_hash=playbook.content_hash, engine_version=record.engine_version,
                                             outcome=result["outcome"], result=result))
        recs = RecommendationRecord.objects.bulk_create(recs)
        events = []
        stamp = now.isoformat(timespec="microseconds")
        for c, session, s, record, rec in zip(candidates, sessions, batch, records, recs):
            for actor, action, payload in (
                (c.ref, "assessment.submitted", {"session": session.pk, "answers": len(s.answers), "automatic": False,
                                                  "digest": digest(c.secret, s.answers)}),
                ("system", "assessment.scored", {"score": record.pk, "playbook": record.playbook_hash,
                                                 "engine": record.engine_version, "percent": record.report["total"]["percent"],
                                                 "complete": record.report["total"]["complete"],
                                                 "report": sha256_hex(canonical_json(record.report))}),
                ("system", "recommendation.made", {"recommendation": rec.pk, "outcome": rec.outcome,
                                                   "decided_by": rec.result["decided_by"],
                                                   "weighted_total": rec.result["weighted_total"], "score": record.pk,
                                                   "scorecards": rec.scorecard_ids,
                                                   "result": sha256_hex(canonical_json(rec.result))}),
            ):
                previous = append(previous, stamp, actor, action, c.ref, payload)
                events.append(AuditEvent(**previous._asdict()))
        AuditEvent.objects.bulk_create(events)
        AuditHead.objects.update_or_create(pk=1, defaults={"seq": previous.seq, "hash": previous.hash})
    print(f"  built {first + len(batch):,} attempts in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
if connection.vendor == "postgresql":
    connection.ensure_connection()
    connection.connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
else:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("ANALYZE")
"""


# `hireplay replay` exactly as the command runs it, reporting its own CPU time and peak memory.
REPLAY = """
import resource, sys
from hireplay.cli import app
try:
    app(["replay"])
except SystemExit as stop:
    code = stop.code
usage = resource.getrusage(resource.RUSAGE_SELF)
print("USAGE", usage.ru_utime + usage.ru_stime, usage.ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def run_replay(env: dict[str, str]) -> tuple[float, float, float, str]:
    """Run `hireplay replay` in a child process: (wall s, CPU s, peak RSS MB, its first line)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", REPLAY], env=env, capture_output=True, text=True, timeout=3600)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"hireplay replay failed:\n{done.stdout}\n{done.stderr[-3000:]}")
    usage = next(line for line in done.stderr.splitlines() if line.startswith("USAGE")).split()
    return wall, float(usage[1]), int(usage[2]) / 1024, done.stdout.splitlines()[0]


def scratch_database(base: str | None, name: str) -> str | None:
    if not base:
        return None
    import psycopg

    with psycopg.connect(base.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
          f"{platform.python_version()}; database: {'PostgreSQL' if base_url else 'SQLite'}")  # fmt: skip
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.attempts:
            data = Path(tmp) / f"history-{count}"
            env = {**os.environ, "HIREPLAY_DATA_DIR": str(data)}
            url = scratch_database(base_url, f"hireplay_replay_{count}")
            if url:
                env["DATABASE_URL"] = url
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", BUILD, str(count), str(ROOT)], env=env, check=True, timeout=7200)
            print(f"{count:,} attempts built in {time.perf_counter() - started:.0f} s")
            wall, cpu, peak, said = run_replay(env)
            print(f"  {said}")
            rows.append((count, wall, cpu, peak))
    print("attempts   replay wall   CPU      per attempt   peak memory (replay process)")
    for count, wall, cpu, peak in rows:
        print(f"{count:>8,}   {wall:8.1f} s   {cpu:6.1f} s   {wall / count * 1e3:6.2f} ms     {peak:6.0f} MB")


if __name__ == "__main__":
    main()
