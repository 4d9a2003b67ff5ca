"""The development pages at demo size and at agency size, side by side in one run: server time and
queries.

Builds, in a fresh SQLite database (or the PostgreSQL one DATABASE_URL names), two organisations:
a small team (`--small`, default 20 people) and a large one (`--large`, default 10,000), each
person with a submitted manager's rating sheet and the gaps the engine finds from it (written as
`services.refresh_gaps` writes them, in bulk), and the first person's plan. Then each page is
requested `--rounds` times for each organisation, alternately, and the median server time (the
whole request through Django's test client) and the number of queries are printed.

    .venv/bin/python benchmarks/development_pages.py --small 20 --large 10000 --rounds 7
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
import json, os, random, statistics, sys, time
from datetime import date
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
from hireplay.core.development import Rating, gaps
from hireplay.web.development import services
from hireplay.web.development.models import GapRecord, Person, RatingSheet, Review
from hireplay.web.orgs.models import Membership, Organization

small, large, rounds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
call_command("migrate", interactive=False, verbosity=0)
user = User.objects.create_user("rita", "rita@example.com", "a long test password")
role = services.transitions()["salesperson-to-sam"]
random.seed(7)
began = time.perf_counter()
first = {}
for label, count in (("small", small), ("large", large)):
    org = Organization.objects.create(name=f"Sales {label}", slug=label, kind=Organization.Kind.COMPANY)
    Membership.objects.create(user=user, organization=org, role=Membership.Role.ADMIN)
    now = timezone.now()
    people = Person.objects.bulk_create([Person(organization=org, name=f"Person {n:05d}", manager=user)
                                         for n in range(count)], batch_size=2000)
    reviews = Review.objects.bulk_create([Review(person=p, number=1, opened_at=now, rated_at=now,
                                                 framework_version=role.target.version) for p in people], batch_size=2000)
    sheets, records = [], []
    for person, review in zip(people, reviews):
        levels = {c.id: random.randint(1, 5) for c in role.target.competencies}
        sheets.append(RatingSheet(review=review, source="manager", rater=user, levels=levels, saved_at=now,
                                  submitted_at=now))
        found = gaps([Rating(person.name, c, "manager", float(v)) for c, v in levels.items()], role.transition,
                     role.target)
        records += [GapRecord(review=review, competency=g.competency, name=g.name, verdict=g.verdict, level=g.level,
                              required=g.required, ceiling=g.ceiling, size=round(g.size, 2), priority=g.priority,
                              trainability=g.trainability, transition_class=g.transition_class,
                              sources=[list(s) for s in g.by_source], why=g.why) for g in found]
        open_gaps = [g for g in found if g.verdict != "ready"]
        person.latest, person.ready_in, person.gap_count = review, len(found) - len(open_gaps), len(open_gaps)
        person.gap_levels = round(sum(g.size for g in open_gaps), 2)
        person.unlearn = any(g.verdict == "unlearn" for g in open_gaps)
        person.unrated = False
    RatingSheet.objects.bulk_create(sheets, batch_size=2000)
    GapRecord.objects.bulk_create(records, batch_size=5000)
    Person.objects.bulk_update(people, ["latest", "ready_in", "gap_count", "gap_levels", "unlearn", "unrated"],
                               batch_size=2000)
    services.rebuild_team_counts(org.pk)  # what refresh_gaps keeps up to date one person at a time
    services.make_plan(people[0], reviews[0], date(2027, 1, 4), user)
    first[label] = people[0]
built = time.perf_counter() - began
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
client = Client()
client.force_login(user)
tokens = {label: services.issue_link(p, "user:rita") for label, p in first.items()}
pages = {
    "team (first page)": lambda l: f"/development/?org={l}",
    "team (last page)": lambda l: f"/development/?org={l}&page=last",
    "person (gaps, chart, plan)": lambda l: f"/development/people/{first[l].pk}/",
    "the person's own page": lambda l: f"/me/{tokens[l]}/",
    "team CSV (every person, streamed)": lambda l: f"/development/?org={l}&format=csv",
}
found = {}
for name, path in pages.items():
    times = {"small": [], "large": []}
    queries = {}
    for label in ("small", "large"):  # warm up: templates compiled, caches filled, pages read once
        warm = client.get(path(label))
        if warm.streaming:
            b"".join(warm.streaming_content)
    for _ in range(rounds):
        for label in ("small", "large"):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(path(label))
                if response.streaming:
                    size = sum(len(chunk) for chunk in response.streaming_content)
                times[label].append(time.perf_counter() - start)
            queries[label] = (len(captured), response.status_code)
    found[name] = {label: {"median_ms": statistics.median(times[label]) * 1000, "queries": queries[label][0],
                           "status": queries[label][1]} for label in times}
print(json.dumps({"built": built, "pages": found}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=20)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
          f"{platform.python_version()}; database: {'PostgreSQL' if os.environ.get('DATABASE_URL') else 'SQLite'}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HIREPLAY_DATA_DIR": tmp, "PYTHONPATH": str(ROOT / "src"),
               "HIREPLAY_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}  # fmt: skip
        done = subprocess.run([sys.executable, "-c", RUN, str(args.small), str(args.large), str(args.rounds)],
                              env=env, capture_output=True, text=True, check=False, cwd=ROOT)  # fmt: skip
    if done.returncode:
        sys.exit(done.stderr[-3000:])
    found = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"built both teams ({args.small} and {args.large} people, rated) in {found['built']:.0f} s")
    print(f"{'page':36} {'small ms':>9} {'large ms':>9} {'ratio':>6} {'queries':>14}")
    for name, by in found["pages"].items():
        s, big = by["small"], by["large"]
        print(f"{name:36} {s['median_ms']:9.1f} {big['median_ms']:9.1f} {big['median_ms'] / s['median_ms']:6.2f} "
              f"{s['queries']:>6} / {big['queries']:<6} (HTTP {big['status']})")  # fmt: skip


if __name__ == "__main__":
    main()
