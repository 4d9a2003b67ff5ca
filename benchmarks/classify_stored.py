"""Classifying a stored client base (`hireplay accounts classify --org`) beside classifying the same
accounts from the files, in one run; optionally the same with other builds of the code.

Generates a HubSpot-style companies export and a deals export (`--accounts`, `--per` deals each),
then, for each build of the code (`--src`, default this checkout's `src`; give an older worktree's
`src` to compare): imports them into a fresh SQLite database with that build's importer (the pauses
it makes between batches for candidates' saves are left out here: this is setup, not what is
measured), and in a fresh process classifies the stored base
three times (`services.classify_organization`, what `hireplay accounts classify --org` runs): the
first time (every tier new and logged), again the same day (nothing changed), and as of the next
day (what a daily reassessment does); and classifies the same accounts
from the files (reading included, nothing stored). Prints the seconds of each, its ratio to the
files, how many results each stored and how much the database grew.

    .venv/bin/python benchmarks/classify_stored.py --accounts 100000 --per 1
    .venv/bin/python benchmarks/classify_stored.py --accounts 100000 --per 1 --src src --src /tmp/old/src

Target (issue 18): classifying the stored base within 2 times classifying the same accounts from files.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BUILD = r"""
import os, sys, time
from pathlib import Path
os.environ["DJANGO_SETTINGS_MODULE"] = "hireplay.web.settings"
import django
django.setup()
from django.contrib.auth.models import User
from django.core.management import call_command
sys.path.insert(0, os.path.join(sys.argv[1], "benchmarks"))
from accounts import generate
from hireplay.core.accounts import reading
from hireplay.web.clients import services
from hireplay.web.orgs.models import Organization
services._let_others_write = lambda: None  # setup only: no candidates wait here
folder, count, per = Path(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
call_command("migrate", interactive=False, verbosity=0)
User.objects.create_user("rita", "rita@example.com", "a long test password")
org = Organization.objects.create(name="Agency", slug="agency", kind=Organization.Kind.COMPANY)
companies, deals = generate(folder, count, per)
began = time.perf_counter()
report = services.import_accounts(org, reading.read_path(companies, "accounts"), reading.read_path(deals, "engagements"),
                                  "user:rita", valid_only=True)
print(report.accounts_created, report.engagements, round(time.perf_counter() - began, 1))
"""

MEASURE = r"""
import json, os, sys, time
from pathlib import Path
os.environ["DJANGO_SETTINGS_MODULE"] = "hireplay.web.settings"
import django
django.setup()
from django.utils import timezone
from hireplay.core.accounts.engine import classify
from hireplay.core.accounts.loading import load_accounts, load_engagements
from hireplay.web.clients import services
from hireplay.web.orgs.models import Organization
folder, count, database = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
org = Organization.objects.get(slug="agency")
out = {}
began = time.perf_counter()
loaded = load_accounts(folder / f"companies-{count}.csv")
load_engagements(folder / f"deals-{count}.csv", loaded)
classify(services.policy_for(org), loaded.columns, timezone.localdate())
out["files"] = time.perf_counter() - began
from django.db import connection
def stored_bytes():  # the pages the database uses, once the write-ahead log is folded in
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        return pages * cursor.fetchone()[0]
from datetime import timedelta
from hireplay.web.clients.models import Classification
today = timezone.localdate()
for label, day in (("first", today), ("again", today), ("next_day", today + timedelta(days=1))):
    size, rows = stored_bytes(), Classification.objects.count()
    began = time.perf_counter()
    services.classify_organization(org, day, "user:rita")
    out[label] = time.perf_counter() - began
    out[label + "_mb"] = (stored_bytes() - size) / 1e6
    out[label + "_rows"] = Classification.objects.count() - rows
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--per", type=float, default=1.0, help="deals per account")
    parser.add_argument("--src", action="append", help="a build's src folder (repeat to compare builds)")
    args = parser.parse_args()
    builds = args.src or [str(ROOT / "src")]
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, SQLite", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        for src in builds:
            # Each build imports the same generated files into a database of its own schema.
            data = Path(folder) / "data"
            shutil.rmtree(data, ignore_errors=True)
            env = {**os.environ, "HIREPLAY_DATA_DIR": str(data), "PYTHONPATH": str(Path(src).resolve())}
            env.pop("DATABASE_URL", None)
            made = subprocess.run([sys.executable, "-c", BUILD, str(ROOT), folder, str(args.accounts), str(args.per)],
                                  env=env, capture_output=True, text=True, check=False)  # fmt: skip
            if made.returncode != 0:
                sys.exit(made.stderr[-4000:])
            accounts, engagements, seconds = made.stdout.split()[-3:]
            done = subprocess.run([sys.executable, "-c", MEASURE, folder, str(args.accounts),
                                   str(data / "hireplay.sqlite3")], env=env, capture_output=True, text=True,
                                  check=False)  # fmt: skip
            if done.returncode != 0:
                sys.exit(done.stderr[-4000:])
            found = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{src}: {int(accounts):,} accounts and {int(engagements):,} engagements imported in {seconds} s; "
                  f"from the files {found['files']:.2f} s; the stored base:", flush=True)  # fmt: skip
            for label in ("first", "again", "next_day"):
                print(f"  {label.replace('_', ' '):<9} {found[label]:6.2f} s ({found[label] / found['files']:4.1f} times "
                      f"the files), {found[label + '_rows']:,} results stored, the database grew "
                      f"{found[label + '_mb']:,.0f} MB", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
