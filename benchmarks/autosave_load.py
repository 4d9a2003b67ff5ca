"""Autosave under load, on loopback: many candidates, each saving an answer every few seconds.

Starts `hireplay serve` (gunicorn) on a fresh database, creates the candidates and their
sessions, then:
1. open loop: every candidate saves every `--every` seconds (with jitter) for `--seconds`; prints
   throughput and p50/p95/p99 latency of the saves;
2. capacity: `--connections` client connections send saves, then requests to the floor page (a
   page of the same server that only commits one row, /bench/commit/, with the same middleware,
   connection handling and durable commit), then to a trivial page (`/healthz`, no database), as
   fast as the server answers, for `--capacity-seconds` each, in `--rounds` alternating rounds
   (the machine is shared and noisy: ratios are taken within each round and their medians are
   reported, with the CPU each request cost the server, database and generator).

    .venv/bin/python benchmarks/autosave_load.py --candidates 2000 --every 10 --seconds 60
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hireplay_bench .venv/bin/python benchmarks/autosave_load.py

With `--proxy`, every request goes through nginx with the shipped configuration
(deploy/nginx/hireplay.conf: TLS, and its rate limit on sign-ins), as in production.

Targets (issue 11): p99 under 200 ms with 2,000 candidates saving every 10 s, and saves at least
0.8 of the floor page's throughput, on SQLite and on PostgreSQL. Every request is bounded in
time; the run stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.proxy import Nginx, free_port

TLS: list[ssl.SSLContext] = []  # the proxy's certificate, with --proxy


def connector(limit: int = 100) -> aiohttp.TCPConnector:
    return aiohttp.TCPConnector(limit=limit, ssl=TLS[0] if TLS else True)


ROOT = Path(__file__).resolve().parents[1]


def prepare(count: int, env: dict[str, str]) -> list[str]:
    """Create the candidates and their started sessions; return their personal links' tokens."""
    code = f"""
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "hireplay.web.settings"
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from django.db import transaction
from hireplay.core.lint import load_playbook
from hireplay.shipped import PLAYBOOKS_DIR
from hireplay.web.hiring import services
from hireplay.web.hiring.models import Candidate
from hireplay.web.orgs.models import Organization
org = Organization.objects.create(name="Load", slug="load-" + os.urandom(4).hex(), kind="company")
opening = services.open_position(org, "Load test", load_playbook(PLAYBOOKS_DIR / "account-manager-smb.yaml"))
tokens = []
from django.core import mail
with transaction.atomic():
    candidates = Candidate.objects.bulk_create(
        Candidate(opening=opening, name=f"C{{i}}", email=f"c{{i}}@load.example") for i in range({count}))
for c in candidates:
    invitation, _, _ = services.invite(c, "http://127.0.0.1/")
    services.start_session(c)
    tokens.append(services.invitation_token(invitation))
# The candidates were created in one burst a moment ago. On a running server, autovacuum and the
# checkpointer would long since have processed them (the PostgreSQL on our test machines runs with
# autovacuum off): do their work now, so the figures below are for a maintained database rather
# than for one catching up with a bulk load.
from django.db import connection
if connection.vendor == "postgresql":
    connection.ensure_connection()
    connection.connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CHECKPOINT")
else:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
print(json.dumps(tokens))
"""
    env = {**env, "HIREPLAY_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, timeout=900)
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


ITEMS = [("upsell-target", lambda r: r.choice("abc")), ("quote-total", lambda r: f"${r.randrange(500, 900)}"),
         ("client-email", lambda r: "Dear Ms Marchetti, " + " ".join(r.choice(["thank", "you", "credit", "call"]) for _ in range(60))),
         ("churn-signals", lambda r: r.sample(list("abcdef"), 3)),
         ("sjt-upset-client", lambda r: dict(zip(("most", "least"), r.sample("abcd", 2), strict=True)))]  # fmt: skip


# Each candidate's browser numbers its saves 1, 2, 3… across the whole run, as the page does, so
# no phase sends saves that an earlier phase has already overtaken (those would be refused as
# stale, which is correct but is not the save path being measured). Stale answers are counted.
_SEQ: dict[str, int] = {}
stale = [0]


async def save(session: aiohttp.ClientSession, base: str, token: str, rng: random.Random) -> float:
    item, make = rng.choice(ITEMS)
    seq = _SEQ[token] = _SEQ.get(token, 0) + 1
    body = json.dumps({"item": item, "value": make(rng), "seq": seq})
    start = time.perf_counter()
    async with session.post(
        f"{base}/a/{token}/save/", data=body, headers={"Content-Type": "application/json"}
    ) as response:
        answer = await response.read()
        if response.status != 200:
            raise RuntimeError(f"save answered {response.status}: {answer[:300]!r}")
    elapsed = time.perf_counter() - start
    if json.loads(answer).get("result") != "saved":
        stale[0] += 1
    return elapsed


FLOOD: dict[int, int] = {}  # wrong sign-ins sent during the open loop, by the status they got


async def login_flood(base: str, deadline: float) -> None:
    """One attacker: takes the sign-in form (its CSRF token), then posts wrong passwords as fast as
    the server answers, until the deadline."""
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=timeout,
                                     connector=connector()) as session:  # fmt: skip
        async with session.get(f"{base}/login/") as response:
            found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', await response.text())
        token = found[1] if found else ""
        rng = random.Random()
        while time.monotonic() < deadline:
            form = {"csrfmiddlewaretoken": token, "username": f"nobody{rng.randrange(10**6)}", "password": "wrong"}
            try:
                async with session.post(f"{base}/login/", data=form, headers={"Referer": f"{base}/login/"}) as answer:
                    await answer.read()
                    FLOOD[answer.status] = FLOOD.get(answer.status, 0) + 1
            except (TimeoutError, aiohttp.ClientError):
                FLOOD[0] = FLOOD.get(0, 0) + 1


async def open_loop(
    base: str, tokens: list[str], every: float, seconds: float, flood: int = 0
) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds
    timeout = aiohttp.ClientTimeout(total=30)

    async def candidate(index: int, token: str, session: aiohttp.ClientSession) -> None:
        nonlocal errors
        rng = random.Random(index)
        await asyncio.sleep(rng.uniform(0, every))  # spread the first saves over one period
        while time.monotonic() < deadline:
            try:
                latencies.append(await save(session, base, token, rng))
            except (TimeoutError, aiohttp.ClientError, RuntimeError):
                errors += 1
            await asyncio.sleep(every * rng.uniform(0.8, 1.2))

    async with aiohttp.ClientSession(connector=connector(512), timeout=timeout) as session:
        await asyncio.gather(*(candidate(i, t, session) for i, t in enumerate(tokens)),
                             *(login_flood(base, deadline) for _ in range(flood)))  # fmt: skip
    return latencies, errors


async def capacity(base: str, tokens: list[str], seconds: float, connections: int, kind: str) -> float:
    """Requests per second of `kind` ("save", "floor" or "trivial") with `connections` clients."""
    done = 0
    deadline = time.monotonic() + seconds
    timeout = aiohttp.ClientTimeout(total=30)

    async def worker(index: int, session: aiohttp.ClientSession) -> None:
        nonlocal done
        rng = random.Random(10_000 + index)
        while time.monotonic() < deadline:
            if kind == "trivial":
                async with session.get(f"{base}/healthz") as response:
                    await response.read()
            elif kind == "floor":
                async with session.post(f"{base}/bench/commit/", data=b"{}") as response:
                    await response.read()
                    if response.status != 200:
                        raise RuntimeError(f"the floor page answered {response.status}")
            else:
                await save(session, base, tokens[index % len(tokens)], rng)
            done += 1

    async with aiohttp.ClientSession(connector=connector(connections), timeout=timeout) as session:
        await asyncio.gather(*(worker(i, session) for i in range(connections)))
    return done / seconds


def cpu_seconds(server_group: int) -> dict[str, float] | None:
    """CPU seconds used so far by the server (its process group), the database server (processes
    of the `postgres` user; empty for SQLite, which runs inside the server) and this load
    generator. Linux only (reads /proc); None elsewhere."""
    if not os.path.exists("/proc/self/stat"):
        return None
    try:
        import pwd

        postgres_uid = pwd.getpwnam("postgres").pw_uid
    except (ImportError, KeyError):
        postgres_uid = -1
    tick = os.sysconf("SC_CLK_TCK")
    used = {"server": 0.0, "database": 0.0}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            seconds = (int(fields[11]) + int(fields[12])) / tick
            if int(fields[2]) == server_group:
                used["server"] += seconds
            elif os.stat(f"/proc/{entry}").st_uid == postgres_uid:
                used["database"] += seconds
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
    me = os.times()
    used["generator"] = me.user + me.system
    return used


def per_request(before: dict[str, float] | None, after: dict[str, float] | None, requests: float) -> str:
    if before is None or after is None or not requests:
        return "n/a"
    return ", ".join(f"{k} {1000 * (after[k] - before[k]) / requests:.2f}" for k in before)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--every", type=float, default=10.0, help="seconds between one candidate's saves")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the open-loop phase")
    parser.add_argument("--capacity-seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3, help="alternating save/trivial capacity rounds")
    parser.add_argument("--connections", type=int, default=32, help="client connections in the capacity phase")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (0: the server's default)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--login-flood", type=int, default=0,
                        help="attackers posting wrong passwords to /login/ during the open loop")  # fmt: skip
    parser.add_argument("--proxy", action="store_true",
                        help="send every request through nginx with deploy/nginx/hireplay.conf (TLS, sign-in limit)")  # fmt: skip
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="hireplay-load-")
    env = {**os.environ, "HIREPLAY_DATA_DIR": data_dir, "HIREPLAY_BENCHMARK_ROUTES": "1"}
    database = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite (WAL)"
    print(f"database: {database}; preparing {args.candidates} candidates…", flush=True)
    tokens = prepare(args.candidates, env)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "hireplay", "serve", "--port", str(port), "--workers", str(args.workers), "--threads", str(args.threads)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    proxy = Nginx(port, Path(tempfile.mkdtemp(prefix="hireplay-nginx-"))) if args.proxy else None
    try:
        if proxy is not None:
            proxy.__enter__()
            TLS.append(ssl.create_default_context(cafile=str(proxy.cert)))
            base = f"https://127.0.0.1:{proxy.https}"
            print(f"through nginx ({base}), deploy/nginx/hireplay.conf", flush=True)
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        # Warm every worker first (imports, the first validation of the playbook), as a running
        # server would be; the figures below are for a warm server.
        asyncio.run(capacity(base, tokens, 3.0, 8, "save"))
        asyncio.run(capacity(base, tokens, 1.0, 8, "floor"))
        latencies, errors = asyncio.run(open_loop(base, tokens, args.every, args.seconds, args.login_flood))
        rounds = []
        for _ in range(args.rounds):
            figures = {}
            for kind in ("save", "floor", "trivial"):
                before = cpu_seconds(server.pid)
                rate = asyncio.run(capacity(base, tokens, args.capacity_seconds, args.connections, kind))
                figures[kind] = (rate, per_request(before, cpu_seconds(server.pid), rate * args.capacity_seconds))
            rounds.append(figures)
    finally:
        if proxy is not None:
            proxy.__exit__(None, None, None)
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    ms = [1000 * x for x in latencies]
    print(f"open loop: {args.candidates} candidates saving every {args.every:g} s for {args.seconds:g} s")
    print(f"  saves: {len(ms)} ok, {errors} failed, {len(ms) / args.seconds:.0f} per second")
    if ms:
        print(f"  latency ms: p50 {percentile(ms, 50):.1f}, p95 {percentile(ms, 95):.1f}, p99 {percentile(ms, 99):.1f}, "
              f"max {max(ms):.1f}, mean {statistics.fmean(ms):.1f}")  # fmt: skip
    if args.login_flood:
        answered = ", ".join(
            f"{count} answered {status or 'nothing (timeout)'}" for status, count in sorted(FLOOD.items())
        )
        print(f"  meanwhile {args.login_flood} attackers sent wrong sign-ins: {answered}")
    print(f"capacity with {args.connections} connections, {args.rounds} rounds of {args.capacity_seconds:g} s each:")
    for number, figures in enumerate(rounds, 1):
        (saves, save_cpu), (floor, floor_cpu), (trivial, trivial_cpu) = (
            figures[k] for k in ("save", "floor", "trivial")
        )
        print(f"  round {number}: saves {saves:.0f}/s, floor page {floor:.0f}/s, trivial page {trivial:.0f}/s; "
              f"save/floor {saves / floor:.2f}, save/trivial {saves / trivial:.2f}")  # fmt: skip
        print(f"    CPU ms per save: {save_cpu}; per floor page: {floor_cpu}; per trivial page: {trivial_cpu}")
    for other in ("floor", "trivial"):
        ratios = [f["save"][0] / f[other][0] for f in rounds]
        print(
            f"  median ratio save/{other} {statistics.median(ratios):.2f} (rounds: {', '.join(f'{r:.2f}' for r in ratios)})"
        )
    print(f"  saves answered 'stale' in all phases (should be 0): {stale[0]}")


if __name__ == "__main__":
    main()
