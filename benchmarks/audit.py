"""The audit log's speed: appends through the application layer, and verification of long chains.

Appends call `hireplay.web.audit.log.record`, as every operation of the application does: one
transaction per event that locks the head, inserts the event and moves the head. Verification is
`hireplay.core.audit.verify` over a long chain held in memory, printed beside the limit: hashing
the very same bytes in a bare loop (`hashlib.sha256(b).hexdigest()` and nothing else), measured in
the same run, in alternating rounds, medians quoted. Finally `hireplay audit verify`'s own path
(`check()`: reading the events from the database in batches, then verifying) over a stored chain.

    .venv/bin/python benchmarks/audit.py [--appends 10000] [--chain 1000000] [--stored 300000]

SQLite in a temporary folder unless DATABASE_URL is set (then that PostgreSQL database is used:
give it a scratch database, the benchmark empties the audit tables).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _django(data_dir: str) -> None:
    os.environ.setdefault("HIREPLAY_DATA_DIR", data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "hireplay.web.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _payload(i: int) -> dict[str, object]:
    return {"item": "client-email", "seq": i, "digest": hashlib.sha256(str(i).encode()).hexdigest()}


def appends(total: int, rounds: int) -> list[float]:
    from hireplay.web.audit.log import record

    rates = []
    per_round = total // rounds
    n = 0
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(per_round):
            n += 1
            record(f"candidate:{n % 500}", "answer.saved", f"candidate:{n % 500}", _payload(n))
        rates.append(per_round / (time.perf_counter() - start))
    return rates


def chain(length: int) -> list[object]:
    """A valid chain of `length` events, built with the same hash function the log uses."""
    from hireplay.core.audit import GENESIS, Event, event_hash
    from hireplay.core.canonical import canonical_json

    events = []
    previous = GENESIS
    for i in range(1, length + 1):
        payload = canonical_json(_payload(i)) if i < 1000 else (
            f'{{"digest":"{hashlib.sha256(str(i).encode()).hexdigest()}","item":"client-email","seq":{i}}}')  # fmt: skip
        time_ = f"2026-11-22T10:{i // 60 % 60:02d}:{i % 60:02d}.{i % 1_000_000:06d}+00:00"
        who = f"candidate:{i % 500}"
        digest = event_hash(i, time_, who, "answer.saved", who, payload, previous)
        events.append(Event(i, time_, who, "answer.saved", who, payload, previous, digest))
        previous = digest
    return events


def verification(events: list[object], rounds: int) -> tuple[list[float], list[float]]:
    from hireplay.core.audit import Head, verify

    head = Head(events[-1].seq, events[-1].hash)  # type: ignore[attr-defined]
    hashed = [f"{e.seq}\n{e.time}\n{e.actor}\n{e.action}\n{e.subject}\n{e.prev_hash}\n{e.payload}".encode()  # type: ignore[attr-defined]
              for e in events]  # fmt: skip
    sha256 = hashlib.sha256
    verify_rates, bare_rates = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        verdict = verify(events, head)  # type: ignore[arg-type]
        verify_rates.append(len(events) / (time.perf_counter() - start))
        assert verdict.intact, verdict
        start = time.perf_counter()
        for b in hashed:
            sha256(b).hexdigest()
        bare_rates.append(len(events) / (time.perf_counter() - start))
    return verify_rates, bare_rates


def stored_check(events: list[object], rounds: int) -> list[float]:
    """Store the chain (replacing the log) and time `check()`, which reads it back and verifies it."""
    from django.db import connection, transaction

    from hireplay.web.audit.log import check
    from hireplay.web.audit.models import AuditEvent, AuditHead

    with transaction.atomic():
        AuditEvent.objects.all().delete()
        q = connection.ops.quote_name
        table = q(AuditEvent._meta.db_table)
        with connection.cursor() as cursor:
            for start in range(0, len(events), 20_000):
                cursor.executemany(
                    f"INSERT INTO {table} (seq, time, actor, action, subject, payload, prev_hash, hash) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    [tuple(e) for e in events[start : start + 20_000]],  # type: ignore[arg-type]
                )
        AuditHead.objects.update_or_create(pk=1, defaults={"seq": events[-1].seq, "hash": events[-1].hash})  # type: ignore[attr-defined]
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        verdict = check()
        rates.append(len(events) / (time.perf_counter() - start))
        assert verdict.intact, verdict
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appends", type=int, default=10_000)
    parser.add_argument("--chain", type=int, default=1_000_000)
    parser.add_argument("--stored", type=int, default=300_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        _django(data_dir)
        from django.db import connection

        from hireplay.web.audit.models import AuditEvent, AuditHead

        AuditEvent.objects.all().delete()
        AuditHead.objects.all().delete()
        print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; "
              f"database: {connection.vendor}")  # fmt: skip
        rates = appends(args.appends, args.rounds)
        print(f"appends through record(): median {statistics.median(rates):,.0f} events/s "
              f"(rounds: {', '.join(f'{r:,.0f}' for r in rates)}; target 2,000 on SQLite)")  # fmt: skip
        events = chain(args.chain)
        verify_rates, bare_rates = verification(events, args.rounds)
        v, b = statistics.median(verify_rates), statistics.median(bare_rates)
        print(f"verify() over {args.chain:,} events in memory: median {v:,.0f} events/s; the limit, SHA-256 of the "
              f"same bytes in a bare loop: {b:,.0f} events/s; verify takes {b / v:.2f}x the bare hashing "
              f"(target 300,000 events/s)")  # fmt: skip
        stored = stored_check(events[: args.stored], max(1, args.rounds // 2))
        print(f"check() (read from the database, then verify) over {args.stored:,} stored events: "
              f"median {statistics.median(stored):,.0f} events/s")  # fmt: skip
        del events
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory {peak:,.0f} MB")
        AuditEvent.objects.all().delete()
        AuditHead.objects.all().delete()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
