"""Candidates' autosaves while a large CRM import runs on the same database (issue 18, part 3).

Starts `hireplay serve` on a fresh database with `--candidates` candidates mid-assessment, lets them
save an answer every `--every` seconds, and after `--lead` seconds runs `hireplay accounts import`
(the same importer as the web's background job) with generated HubSpot-style files of about
`--accounts` accounts and `--per` engagements each. It prints the import's size and duration, and
the saves' latency (p50, p95, p99, max) and failures during the import beside the same figures
before it, so the two are compared in one run.

    .venv/bin/python benchmarks/import_during_saves.py --candidates 300 --accounts 150000 --per 3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hireplay_bench .venv/bin/python benchmarks/import_during_saves.py

Target (issue 18): the saves' p99 under 200 ms during a 50 MB import, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from accounts import generate
from autosave_load import capacity, connector, free_port, percentile, prepare, save


async def saves_while(
    base: str, tokens: list[str], every: float, until: list[float]
) -> list[tuple[float, float, bool]]:
    """Every candidate saves every `every` seconds until `until[0]` (monotonic; moved by the caller);
    returns (start, latency, ok) per save."""
    found: list[tuple[float, float, bool]] = []
    timeout = aiohttp.ClientTimeout(total=30)

    async def candidate(index: int, token: str, session: aiohttp.ClientSession) -> None:
        rng = random.Random(index)
        await asyncio.sleep(rng.uniform(0, every))
        while time.monotonic() < until[0]:
            began = time.monotonic()
            try:
                found.append((began, await save(session, base, token, rng), True))
            except (TimeoutError, aiohttp.ClientError, RuntimeError):
                found.append((began, time.monotonic() - began, False))
            await asyncio.sleep(every * rng.uniform(0.8, 1.2))

    async with aiohttp.ClientSession(connector=connector(512), timeout=timeout) as session:
        await asyncio.gather(*(candidate(i, t, session) for i, t in enumerate(tokens)))
    return found


def summary(rows: list[tuple[float, float, bool]]) -> str:
    ms = [1000 * latency for _, latency, ok in rows if ok]
    failed = sum(1 for *_, ok in rows if not ok)
    if not ms:
        return f"no save succeeded ({failed} failed)"
    return (f"{len(ms)} saves, {failed} failed; ms p50 {percentile(ms, 50):.1f}, p95 {percentile(ms, 95):.1f}, "
            f"p99 {percentile(ms, 99):.1f}, max {max(ms):.1f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=300)
    parser.add_argument("--every", type=float, default=5.0)
    parser.add_argument("--accounts", type=int, default=150_000)
    parser.add_argument("--per", type=float, default=3.0, help="engagements per account")
    parser.add_argument("--lead", type=float, default=20.0, help="seconds of saves before the import starts")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="hireplay-import-load-")
    env = {**os.environ, "HIREPLAY_DATA_DIR": data_dir}
    database = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite (WAL)"
    files = Path(tempfile.mkdtemp(prefix="hireplay-import-files-"))
    companies, deals = generate(files, args.accounts, args.per)
    size = (companies.stat().st_size + deals.stat().st_size) / 1e6
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {database}; files "
          f"{size:.1f} MB ({args.accounts:,} accounts)", flush=True)  # fmt: skip
    tokens = prepare(args.candidates, env)
    subprocess.run([sys.executable, "-m", "hireplay", "manage", "shell", "-c",
                    "from hireplay.web.orgs.models import Organization; "
                    "Organization.objects.create(name='Importer', slug='importer', kind='agency')"],
                   env=env, check=True, capture_output=True)  # fmt: skip
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "hireplay", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        asyncio.run(capacity(base, tokens, 3.0, 8, "save"))  # warm every worker first, as a running server is
        until = [time.monotonic() + 10**6]
        window: dict[str, float] = {}

        async def run() -> list[tuple[float, float, bool]]:
            saving = asyncio.create_task(saves_while(base, tokens, args.every, until))
            await asyncio.sleep(args.lead)
            window["start"] = time.monotonic()
            importer = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "hireplay", "accounts", "import", "--org", "importer", "--accounts", str(companies),
                "--engagements", str(deals), "--valid-only", env=env, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE)  # fmt: skip
            out, err = await importer.communicate()
            window["end"] = time.monotonic()
            window["code"] = importer.returncode or 0
            print(out.decode().strip().splitlines()[-1] if out.strip() else err.decode()[-500:], flush=True)
            until[0] = time.monotonic() + args.lead  # the same time again after it, then stop
            return await saving

        rows = asyncio.run(run())
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    during = [r for r in rows if window["start"] <= r[0] <= window["end"]]
    outside = [r for r in rows if not window["start"] <= r[0] <= window["end"]]
    print(f"import: {window['end'] - window['start']:.1f} s (exit {int(window['code'])})")
    print(f"saves during the import:  {summary(during)}")
    print(f"saves before and after:   {summary(outside)}")


if __name__ == "__main__":
    main()
