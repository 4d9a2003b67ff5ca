"""Kill the server (SIGKILL, master and workers) at random moments under autosave load; lose nothing.

Candidates save continuously; every save the server acknowledges (HTTP 200) is recorded with its
sequence number. The server is killed without warning `--kills` times at random moments and
restarted each time. At the end every acknowledged save must be in the database: the stored
answer for that candidate and item has the same or a newer sequence number.

    .venv/bin/python benchmarks/crash_during_load.py --kills 20
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hireplay_crash .venv/bin/python benchmarks/crash_during_load.py

Target (issue 3): zero acknowledged saves lost. Every request is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

import aiohttp

sys.path.insert(0, os.path.dirname(__file__))
from autosave_load import ITEMS, free_port, prepare


def start(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "hireplay", "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    # Ready means a worker answers, not just that the master has bound the port.
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


statuses: dict[object, int] = {}


async def load(base: str, tokens: list[str], stop: asyncio.Event, acked: dict[tuple[str, str], int]) -> int:
    attempts = 0
    timeout = aiohttp.ClientTimeout(total=5)

    async def candidate(index: int, token: str, session: aiohttp.ClientSession) -> None:
        nonlocal attempts
        rng = random.Random(index)
        seq = 0
        while not stop.is_set():
            seq += 1
            item, make = rng.choice(ITEMS)
            body = json.dumps({"item": item, "value": make(rng), "seq": seq})
            attempts += 1
            try:
                async with session.post(f"{base}/a/{token}/save/", data=body,
                                        headers={"Content-Type": "application/json"}) as response:  # fmt: skip
                    statuses[response.status] = statuses.get(response.status, 0) + 1
                    if response.status == 200 and (await response.json()).get("result") in ("saved", "stale"):
                        key = (token, item)
                        acked[key] = max(acked.get(key, 0), seq)
            except (TimeoutError, aiohttp.ClientError, json.JSONDecodeError) as exc:
                statuses[type(exc).__name__] = statuses.get(type(exc).__name__, 0) + 1  # not acknowledged
            await asyncio.sleep(rng.uniform(0.02, 0.1))

    async with aiohttp.ClientSession(timeout=timeout) as session:
        await asyncio.gather(*(candidate(i, t, session) for i, t in enumerate(tokens)))
    return attempts


async def run(env: dict[str, str], tokens: list[str], kills: int) -> tuple[dict[tuple[str, str], int], int, int]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start(env, port)
    acked: dict[tuple[str, str], int] = {}
    stop = asyncio.Event()
    task = asyncio.create_task(load(base, tokens, stop, acked))
    rng = random.Random(2026)
    done = 0
    try:
        while done < kills:
            await asyncio.sleep(rng.uniform(0.5, 3.0))  # saves are being served when the kill lands
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
            done += 1
            server = await asyncio.to_thread(start, env, port)
        await asyncio.sleep(1.0)
    finally:
        stop.set()
        attempts = await task
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return acked, attempts, done


def stored(env: dict[str, str], tokens: list[str]) -> dict[tuple[str, str], int]:
    code = """
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "hireplay.web.settings"
import django
django.setup()
from hireplay.web.hiring import services
from hireplay.web.hiring.models import Answer, Invitation
tokens = json.load(sys.stdin)
out = []
for token in tokens:
    invitation = Invitation.objects.select_related("candidate__session").get(pk=services.invitation_id(token))
    for item_id, seq in Answer.objects.filter(session=invitation.candidate.session).values_list("item_id", "seq"):
        out.append([token, item_id, seq])
print(json.dumps(out))
"""
    result = subprocess.run([sys.executable, "-c", code], env=env, input=json.dumps(tokens), capture_output=True,
                            text=True, check=True, timeout=300)  # fmt: skip
    return {(t, i): s for t, i, s in json.loads(result.stdout.strip().splitlines()[-1])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=100)
    parser.add_argument("--kills", type=int, default=20)
    args = parser.parse_args()
    env = {**os.environ, "HIREPLAY_DATA_DIR": tempfile.mkdtemp(prefix="hireplay-crash-")}
    database = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite (WAL)"
    print(f"database: {database}; preparing {args.candidates} candidates…", flush=True)
    tokens = prepare(args.candidates, env)
    acked, attempts, kills = asyncio.run(run(env, tokens, args.kills))
    kept = stored(env, tokens)
    lost = [(k, seq) for k, seq in acked.items() if kept.get(k, 0) < seq]
    print(f"kills: {kills} (SIGKILL of the server's whole process group, then a restart)")
    print(f"saves sent: {attempts}; acknowledged (latest per candidate and item): {len(acked)}")
    print(f"answers by status: {dict(sorted((str(k), v) for k, v in statuses.items()))}")
    print(f"acknowledged saves missing afterwards: {len(lost)}")
    for (token, item), seq in lost[:10]:
        print(f"  lost: {item} seq {seq} (stored {kept.get((token, item))})")
    sys.exit(1 if lost else 0)


if __name__ == "__main__":
    main()
