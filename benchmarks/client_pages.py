"""Client-account pages at demo size and at agency size, side by side in one run.

Generates two HubSpot-style exports (`--small`, default 100 accounts, and `--large`, default
100,000; one engagement per account on average), imports each into its own organisation through
the product's own importer, classifies both (`services.classify_organization`, what "Classify the
client base now" and `hireplay accounts classify --org` run, timed), then, signed in, requests each
client page `--rounds` times for each size, alternately: the client list (first page, and filtered
by tier), the review queue, the ownership conflicts and one account manager's week. It prints the
median server time (the whole request through Django's test client), the number of queries, and
the peak Python memory one request allocates (tracemalloc).

    .venv/bin/python benchmarks/client_pages.py --small 100 --large 100000 --rounds 5

Targets (issue 18): under 300 ms server time at 100,000 accounts, the same query count at both
sizes, and no page holding the whole base in memory.
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
import json, os, statistics, sys, time, tracemalloc
from pathlib import Path
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
from hireplay.core.accounts import reading
from hireplay.core.accounts.engine import classify
from hireplay.core.accounts.loading import load_accounts, load_engagements
from hireplay.web.clients import services
from hireplay.web.clients.models import ClientAccount
from hireplay.web.orgs.models import Membership, Organization

sys.path.insert(0, os.path.join(sys.argv[1], "benchmarks"))
from accounts import generate

folder, small, large, rounds = Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
call_command("migrate", interactive=False, verbosity=0)
user = User.objects.create_user("rita", "rita@example.com", "a long test password")
built = {}
for label, count in (("small", small), ("large", large)):
    org = Organization.objects.create(name=f"Agency {label}", slug=label, kind=Organization.Kind.COMPANY)
    Membership.objects.create(user=user, organization=org, role=Membership.Role.ADMIN)
    companies, deals = generate(folder, count, 1.0)
    parsed = {}
    for kind, path in (("accounts", companies), ("engagements", deals)):
        parsed[kind] = reading.read_path(path, kind)
    began = time.perf_counter()
    report = services.import_accounts(org, parsed["accounts"], parsed["engagements"], "user:rita", valid_only=True)
    imported = time.perf_counter() - began
    began = time.perf_counter()
    services.classify_organization(org, timezone.localdate(), "user:rita")
    first = time.perf_counter() - began
    began = time.perf_counter()
    services.classify_organization(org, timezone.localdate(), "user:rita")  # again: no tier changes to log
    again = time.perf_counter() - began
    began = time.perf_counter()  # the same accounts classified from the files, nothing stored
    loaded = load_accounts(companies)
    load_engagements(deals, loaded)
    classify(services.policy_for(org), loaded.columns, timezone.localdate())
    files = time.perf_counter() - began
    built[label] = {"accounts": count, "import_s": round(imported, 1), "classify_s": round(first, 1),
                    "again_s": round(again, 2), "files_s": round(files, 2),
                    "first_account": ClientAccount.objects.filter(organization=org).order_by("pk").values_list("pk", flat=True).first()}
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
client = Client()
client.force_login(user)
pages = {
    "client list": ("/clients/", {}),
    "client list, key tier": ("/clients/", {"tier": "key"}),
    "review queue": ("/clients/review/", {}),
    "ownership conflicts": ("/clients/conflicts/", {}),
    "week of am001": ("/clients/week/", {"owner": "am001"}),
    "an account": ("/clients/{first_account}/", {}),
    "policy": ("/clients/policy/", {}),
}
results = {}
for name, (url, params) in pages.items():
    for label in ("small", "large"):
        client.get(url.format(**built[label]), {"org": label, **params})  # warm
    times = {"small": [], "large": []}
    queries, peaks = {}, {}
    for _ in range(rounds):
        for label in ("small", "large"):
            tracemalloc.start()
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = client.get(url.format(**built[label]), {"org": label, **params})
                times[label].append(time.perf_counter() - began)
            peaks[label] = max(peaks.get(label, 0), tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
            assert response.status_code == 200, (url, response.status_code)
            queries[label] = len(captured)
    results[name] = {label: {"ms": round(1000 * statistics.median(times[label]), 1), "queries": queries[label],
                             "peak_mb": round(peaks[label] / 2**20, 1)} for label in ("small", "large")}
print(json.dumps({"built": built, "pages": results}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "HIREPLAY_DATA_DIR": folder}
        done = subprocess.run([sys.executable, "-c", RUN, str(ROOT), folder, str(args.small), str(args.large),
                               str(args.rounds)], capture_output=True, text=True, env=env, check=False)  # fmt: skip
    if done.returncode != 0:
        sys.exit(done.stderr[-4000:])
    found = json.loads(done.stdout.strip().splitlines()[-1])
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{database}")  # fmt: skip
    for label, built in found["built"].items():
        print(f"{label}: {built['accounts']:,} accounts, imported in {built['import_s']} s, classified in "
              f"{built['classify_s']} s (again: {built['again_s']} s); the same accounts from the files: "
              f"{built['files_s']} s (stored base again / files: {built['again_s'] / max(built['files_s'], 0.01):.0f} x)")  # fmt: skip
    print(f"{'page':<24} {'ms small':>9} {'ms large':>9} {'ratio':>6} {'queries':>9} {'peak MB':>10}")
    for name, sizes in found["pages"].items():
        s, big = sizes["small"], sizes["large"]
        print(f"{name:<24} {s['ms']:>9} {big['ms']:>9} {big['ms'] / max(s['ms'], 0.1):>6.1f} "
              f"{s['queries']:>4}/{big['queries']:<4} {s['peak_mb']:>4}/{big['peak_mb']:<5}")  # fmt: skip


if __name__ == "__main__":
    main()
