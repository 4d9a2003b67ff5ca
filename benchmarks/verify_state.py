"""How long `hireplay audit verify --state` takes beside plain `hireplay audit verify`, over the
same log, and whether its memory grows with the organisation.

Builds, in a fresh database each, organisations of N decided candidates (each with a submitted,
scored attempt, two interviewers' submitted scorecards, the recommendation made from them, a
hiring manager's decision and the stage it led to), every row recorded by the event the
application writes for it (the payloads come from the application's own functions), chained in the
audit log. Then runs, in child processes as a user would, `hireplay audit verify` and `hireplay
audit verify --state`, and prints wall time, CPU time and peak memory side by side.

    .venv/bin/python benchmarks/verify_state.py --candidates 10000 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/verify_state.py

Every run stops by itself.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from replay import ROOT, scratch_database

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
from hireplay.core.audit import append
from hireplay.core.canonical import canonical_json, sha256_hex
from hireplay.core.decision import recommend
from hireplay.core.lint import load_playbook
from hireplay.core.scoring import score
from hireplay.shipped import PLAYBOOKS_DIR
from hireplay.web.audit.log import digest
from hireplay.web.audit.models import AuditEvent, AuditHead
from hireplay.web.decisions.models import Decision, RecommendationRecord
from hireplay.web.flows.decision import decision_payload
from hireplay.web.flows.recommendation import recommendation_payload
from hireplay.web.hiring import services
from hireplay.web.hiring.models import Answer, AssessmentSession, Candidate, JobOpening, ScoreRecord
from hireplay.web.interviews.models import Scorecard
from hireplay.web.interviews.services import scorecard_payload
from hireplay.web.orgs.models import Organization
from scoring import sheets

call_command("migrate", interactive=False, verbosity=0)
count = int(sys.argv[1])
playbook = load_playbook(PLAYBOOKS_DIR / "account-manager-smb.yaml")
org = Organization.objects.create(name="Proof", slug="proof", kind="company")
opening = services.open_position(org, "Account Manager", playbook)
panel = [User.objects.create_user(name, f"{name}@proof.example", "not used here") for name in ("ana", "ben")]
hana = User.objects.create_user("hana", "hana@proof.example", "not used here")
JobOpening.objects.filter(pk=opening.pk).update(hiring_manager=hana)
questions = [q.id for q in playbook.interview.questions]
now = timezone.now()
head = AuditEvent.objects.order_by("-seq").first()
previous = head.to_core() if head else None
started = time.perf_counter()
BATCH = 2_000
STAGE = {"hire": "hired", "reject": "rejected", "hold": "on_hold"}
for first in range(0, count, BATCH):
    batch = sheets(playbook, first + 1, min(BATCH, count - first))
    now = timezone.now()  # the batch's moment: rows and their events carry it, as the application's do
    with transaction.atomic():
        rng = random.Random(first)
        outcomes = [rng.choice(("hire", "reject", "hold")) for _ in batch]
        candidates = Candidate.objects.bulk_create(
            Candidate(opening=opening, name=f"Candidate {first + i}", email=f"c{first + i}@proof.example",
                      stage=STAGE[o]) for i, o in enumerate(outcomes))
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
        cards = []
        for c in candidates:
            for user in panel:
                cards.append(Scorecard(candidate=c, interviewer=user, submitted_at=now, overall="yes",
                                       interviewed_on=now.date(), ratings={q: rng.randint(2, 5) for q in questions},
                                       notes={questions[0]: "Named the client and the figures."},
                                       confirmations={k.id: True for k in playbook.interview.confirmations}))
        cards = Scorecard.objects.bulk_create(cards)
        recs = []
        for i, (c, record, report) in enumerate(zip(candidates, records, reports)):
            mine = cards[2 * i: 2 * i + 2]
            result = recommend(playbook, report, [card.to_core() for card in mine]).to_dict()
            recs.append(RecommendationRecord(candidate=c, score=record, scorecard_ids=[k.pk for k in mine],
                                             playbook_hash=playbook.content_hash, engine_version=record.engine_version,
                                             outcome=result["outcome"], result=result))
        recs = RecommendationRecord.objects.bulk_create(recs)
        decisions = Decision.objects.bulk_create(  # decided_at: set to the moment of the insert
            Decision(candidate=c, recommendation=rec, stage="final", outcome=o, advised=o, departs=False,
                     reason="Agreed at the debrief with the whole panel.",
                     disposition="Interview below the bar" if o == "reject" else "", decided_by=hana, decided_at=now)
            for c, rec, o in zip(candidates, recs, outcomes))
        events = []
        stamp = decisions[0].decided_at.isoformat(timespec="microseconds")
        for i, (c, session, s, record, rec, made) in enumerate(zip(candidates, sessions, batch, records, recs, decisions)):
            made.recommendation = rec
            for actor, action, payload in (
                (c.ref, "assessment.submitted", {"session": session.pk, "answers": len(s.answers), "automatic": False,
                                                  "digest": digest(c.secret, s.answers)}),
                ("system", "assessment.scored", {"score": record.pk, "playbook": record.playbook_hash,
                                                 "engine": record.engine_version, "percent": record.report["total"]["percent"],
                                                 "complete": record.report["total"]["complete"],
                                                 "report": sha256_hex(canonical_json(record.report))}),
                ("user:ana", "scorecard.submitted", scorecard_payload(cards[2 * i], c.secret)),
                ("user:ben", "scorecard.submitted", scorecard_payload(cards[2 * i + 1], c.secret)),
                ("system", "recommendation.made", recommendation_payload(rec)),
                ("user:hana", "decision.taken", decision_payload(made, c.secret)),
                ("user:hana", "candidate.stage_changed", {"from": "interview", "to": c.stage}),
            ):
                previous = append(previous, stamp, actor, action, c.ref, payload)
                events.append(AuditEvent(**previous._asdict()))
        AuditEvent.objects.bulk_create(events)
        AuditHead.objects.update_or_create(pk=1, defaults={"seq": previous.seq, "hash": previous.hash})
    print(f"  built {first + len(batch):,} candidates in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
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

VERIFY = """
import resource, sys
from hireplay.cli import app
try:
    app(["audit", "verify", *sys.argv[1:]])
except SystemExit as stop:
    code = stop.code
usage = resource.getrusage(resource.RUSAGE_SELF)
print("USAGE", usage.ru_utime + usage.ru_stime, usage.ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def run(env: dict[str, str], *options: str) -> tuple[float, float, float, str]:
    """`hireplay audit verify` with `options` in a child process: (wall s, CPU s, peak RSS MB, what it said)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", VERIFY, *options], env=env, capture_output=True, text=True,
                          timeout=3600)  # fmt: skip
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"hireplay audit verify {' '.join(options)} failed:\n{done.stdout}\n{done.stderr[-3000:]}")
    usage = next(line for line in done.stderr.splitlines() if line.startswith("USAGE")).split()
    return wall, float(usage[1]), int(usage[2]) / 1024, done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
          f"{platform.python_version()}; database: {'PostgreSQL' if base_url else 'SQLite'}")  # fmt: skip
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.candidates:
            env = {**os.environ, "HIREPLAY_DATA_DIR": str(Path(tmp) / f"org-{count}")}
            url = scratch_database(base_url, f"hireplay_proof_{count}")
            if url:
                env["DATABASE_URL"] = url
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", BUILD, str(count), str(ROOT)], env=env, check=True, timeout=7200)
            print(f"{count:,} candidates built in {time.perf_counter() - started:.0f} s")
            plain = run(env)
            state = run(env, "--state")
            print(f"  {plain[3]}\n  {state[3]}")
            rows.append((count, plain, state))
    print("candidates   verify: wall    CPU    peak    | verify --state: wall    CPU    peak    | ratio (wall)")
    for count, plain, state in rows:
        print(
            f"{count:>10,}   {plain[0]:8.1f} s {plain[1]:6.1f} s {plain[2]:5.0f} MB | "
            f"{state[0]:13.1f} s {state[1]:6.1f} s {state[2]:5.0f} MB | {state[0] / plain[0]:5.1f}"
        )


if __name__ == "__main__":
    main()
