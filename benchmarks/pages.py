"""Staff pages at demo size and at agency size, side by side in one run: server time and queries.

Builds, in a fresh SQLite database (or the PostgreSQL one DATABASE_URL names), one organisation with
two openings of the same playbook: a small one (`--small`, default 50 candidates) and a large one
(`--large`, default 5,000). Candidates are added and four in five invited through the product's own
services (each invitation an audit event and an e-mail, delivered to memory); three in five have a
scored attempt and the recommendation made from it, written as the scorer writes them. Then, signed
in as a recruiter, each page is requested `--rounds` times for each opening, alternately, and the
median server time (the whole request through Django's test client: middleware, queries, template)
and the number of queries are printed.

    .venv/bin/python benchmarks/pages.py --small 50 --large 5000 --rounds 7

Pages: the pipeline (first page, and filtered and sorted by score), its refresh when nothing
changed (204), the comparison page, the funnel (the opening's, and its organisation's: each size is
its own organisation), the public application page, the insights report (computed, then from its
cache). On
PostgreSQL the tables are ANALYZEd after the build, as autovacuum does in a running database
(without statistics the planner misjudges the opening's 5,000 rows as 4).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RUN = r"""
import json, os, statistics, sys, time
from datetime import timedelta
os.environ["DJANGO_SETTINGS_MODULE"] = "hireplay.web.settings"
import django
django.setup()
from django.conf import settings
settings.ALLOWED_HOSTS = ["testserver"]
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hireplay.core.decision import recommend
from hireplay.core.lint import load_playbook
from hireplay.core.scoring import score
from hireplay.shipped import PLAYBOOKS_DIR
from hireplay.web.decisions.models import RecommendationRecord
from hireplay.web.hiring import services
from hireplay.web.hiring.models import AssessmentSession, Candidate, ScoreRecord
from hireplay.web.orgs.models import Membership, Organization

sys.path.insert(0, os.path.join(sys.argv[1], "benchmarks"))
from scoring import sheets

small, large, rounds = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
call_command("migrate", interactive=False, verbosity=0)
user = User.objects.create_user("rita", "rita@example.com", "a long test password")
playbook = load_playbook(PLAYBOOKS_DIR / "account-manager-smb.yaml")
openings, keys = {}, {}
began = time.perf_counter()
for label, count in (("small", small), ("large", large)):
    # One organisation per size, so that the organisation-wide funnel is measured at both sizes too.
    org = Organization.objects.create(name=f"Agency {label}", slug=label, kind=Organization.Kind.COMPANY)
    Membership.objects.create(user=user, organization=org, role=Membership.Role.ADMIN)
    opening = services.open_position(org, f"Account Manager ({label})", playbook)
    type(opening).objects.filter(pk=opening.pk).update(applications_open=True)
    keys[label] = type(opening).objects.get(pk=opening.pk).apply_key
    people = services.add_candidates(opening, [{"name": f"Candidate {n:05d}", "email": f"{label}{n}@example.com"}
                                               for n in range(count)], "user:rita")
    now = timezone.now()
    batch = sheets(playbook, 0, count)
    for n, candidate in enumerate(people):
        if n % 5 != 4:
            services.invite(candidate, "http://testserver/", by="user:rita")
        if n % 5 < 3:
            session = AssessmentSession.objects.create(candidate=candidate, seed=n, started_at=now,
                                                       deadline=now + timedelta(minutes=30), submitted_at=now)
            report = score(playbook, batch[n].answers, n)
            stored = ScoreRecord.objects.create(session=session, playbook_hash=report.playbook_hash,
                                                engine_version=report.engine_version, report=report.to_dict())
            result = recommend(playbook, report, []).to_dict()
            RecommendationRecord.objects.create(candidate=candidate, score=stored, scorecard_ids=[],
                                                playbook_hash=report.playbook_hash,
                                                engine_version=report.engine_version, outcome=result["outcome"],
                                                result=result)
            Candidate.objects.filter(pk=candidate.pk).update(stage=Candidate.Stage.SCORED)
    openings[label] = opening.pk
built = time.perf_counter() - began
if connection.vendor == "postgresql":  # the statistics autovacuum keeps in a running database
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
client = Client()
client.force_login(user)

def pipeline_mark(pk):
    import re
    return re.search(r"since=([0-9a-f]+)", client.get(f"/openings/{pk}/").content.decode()).group(1)

marks = {label: pipeline_mark(pk) for label, pk in openings.items()}
pages = {
    "pipeline, first page": lambda pk, label: (f"/openings/{pk}/", {}),
    "pipeline, scored, by score": lambda pk, label: (f"/openings/{pk}/?stage=scored&sort=-score", {}),
    "pipeline refresh, nothing changed": lambda pk, label: (f"/openings/{pk}/?since={marks[label]}",
                                                            {"HTTP_HX_REQUEST": "true"}),
    "comparison": lambda pk, label: (f"/openings/{pk}/compare/", {}),
    "funnel": lambda pk, label: (f"/openings/{pk}/funnel/", {}),
    "funnel, whole organisation": lambda pk, label: (f"/funnel/?org={label}", {}),
    "public application page": lambda pk, label: (f"/apply/{keys[label]}/", {}),
    "insights report (cached)": lambda pk, label: (f"/insights/?opening={pk}", {}),
}
results = {}
first = {}
for label, pk in openings.items():
    t = time.perf_counter()
    client.get(f"/insights/?opening={pk}")
    first[label] = time.perf_counter() - t
for name, make in pages.items():
    for label, pk in openings.items():
        results.setdefault(name, {})[label] = {"times": [], "queries": 0, "status": 0}
    for _ in range(rounds):
        for label, pk in openings.items():
            url, extra = make(pk, label)
            with CaptureQueriesContext(connection) as captured:
                t = time.perf_counter()
                response = client.get(url, **extra)
                elapsed = time.perf_counter() - t
            entry = results[name][label]
            entry["times"].append(elapsed)
            entry["queries"] = len(captured)
            entry["status"] = response.status_code
print(json.dumps({"built": built, "first_report": first,
                  "pages": {n: {l: {"median_ms": statistics.median(e["times"]) * 1000, "queries": e["queries"],
                                    "status": e["status"]} for l, e in v.items()} for n, v in results.items()}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=50)
    parser.add_argument("--large", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
          f"{platform.python_version()}; database: {'PostgreSQL' if os.environ.get('DATABASE_URL') else 'SQLite'}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HIREPLAY_DATA_DIR": tmp, "HIREPLAY_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
               "PYTHONPATH": str(ROOT / "src")}  # fmt: skip
        done = subprocess.run([sys.executable, "-c", RUN, str(ROOT), str(args.small), str(args.large), str(args.rounds)],
                              env=env, capture_output=True, text=True, check=False, cwd=ROOT)  # fmt: skip
    if done.returncode:
        sys.exit(done.stderr[-3000:])
    found = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"built both openings in {found['built']:.0f} s; the insights report's first computation: "
          f"{found['first_report']['small'] * 1000:.0f} ms ({args.small}) and {found['first_report']['large'] * 1000:.0f} ms ({args.large})")  # fmt: skip
    print(f"{'page':38} {'small ms':>9} {'large ms':>9} {'ratio':>6} {'queries':>14}")
    for name, by in found["pages"].items():
        s, big = by["small"], by["large"]
        print(f"{name:38} {s['median_ms']:9.1f} {big['median_ms']:9.1f} {big['median_ms'] / s['median_ms']:6.2f} "
              f"{s['queries']:>6} / {big['queries']:<6} (HTTP {big['status']})")  # fmt: skip


if __name__ == "__main__":
    main()
