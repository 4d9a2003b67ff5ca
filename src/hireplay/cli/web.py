"""`hireplay demo`, `hireplay serve` and `hireplay manage`: the web application from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Annotated

import typer
from rich.markup import escape

from hireplay import __version__
from hireplay.cli.database import for_writing, setup_django
from hireplay.cli.output import err, load_or_exit, out, print_problems, usage_error
from hireplay.cli.scoring import print_report, read_answers
from hireplay.core.lint import lint_file
from hireplay.core.problems import Problem
from hireplay.core.scoring import score
from hireplay.shipped import EXAMPLES_DIR, PLAYBOOKS_DIR


def demo(
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on.", min=1, max=65535)] = 8000,
    serve_it: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the web application afterwards.")] = True,
) -> None:
    """Lint the shipped playbooks, score a sample answer sheet, load demo data, then serve the web app."""
    files = sorted(PLAYBOOKS_DIR.glob("*.yaml"))
    if not files:
        usage_error(f"no playbooks found in {PLAYBOOKS_DIR}")
    out.rule("[bold]1. The shipped playbooks")
    problems: list[Problem] = []
    for path in files:
        playbook, found = lint_file(path)
        problems += found
        if playbook is not None:
            out.print(f"[green]ok[/] {path.name}: {escape(playbook.role.title)}, {len(playbook.assessment.items)} items, "
                      f"{len(playbook.interview.questions)} interview questions, {playbook.content_hash[:19]}…")  # fmt: skip
    if problems:
        print_problems(problems)
        raise typer.Exit(1)
    sheet = EXAMPLES_DIR / "account-manager-smb.answers.json"
    out.rule("[bold]2. A sample candidate's assessment, scored")
    pb = load_or_exit(PLAYBOOKS_DIR / "account-manager-smb.yaml")
    responses = read_answers(sheet)
    print_report(score(pb, responses, responses.seed))
    out.rule("[bold]3. The web application with demo data")
    for_writing()
    from hireplay.web.flows.demo import candidate_links, credentials_file, ensure_demo_data

    passwords = ensure_demo_data(f"http://{host}:{port}/")
    out.print(f"Open [bold]http://{host}:{port}/[/] and sign in as:")
    for name, password in passwords.items():
        out.print(f"  {name:<6} password {password}")
    out.print(f"[dim](kept in {credentials_file()})[/]")
    out.print("Candidates' personal links for the SMB opening (open one to take the assessment):")
    for name, stage, link in candidate_links(f"http://{host}:{port}/"):
        out.print(f"  {name:<14} {stage:<12} {link}")
    out.print("Also to see: ivan's scorecards under My interviews; on the SMB opening, Dev Patel hired by hana (the "
              "hiring manager, who decides; rita rated the tone and clarity of his written answers) and Eva Novak's "
              "provisional recommendation with ivan's proposal waiting for hana; "
              "the agency's client base by tier under Clients (with the Halden ownership conflict); "
              "the audit log at /audit/ as admin. `hireplay audit verify --state` and `hireplay replay` check the demo's history.")  # fmt: skip
    out.print("[yellow]E-mails are not sent in the demo:[/] invitations and results are printed to this console "
              "(set HIREPLAY_EMAIL_URL to send them; docs/deploy.md).")  # fmt: skip
    if serve_it:
        serve(host=host, port=port, workers=0, threads=1)


def serve(
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on.", min=1, max=65535)] = 8000,
    workers: Annotated[
        int, typer.Option(help="Worker processes; 0 (the default) means two per core, at least 2.", min=0)
    ] = 0,
    threads: Annotated[
        int, typer.Option(help="Threads per worker; more let database commits overlap.", min=1, max=64)
    ] = 1,
) -> None:
    """Apply pending database migrations, then serve the web application with gunicorn.

    The database is a SQLite file in HIREPLAY_DATA_DIR (default ./hireplay-data), or the
    PostgreSQL server named by DATABASE_URL.
    """
    for_writing()
    from django.conf import settings

    console = settings.EMAIL_BACKEND.endswith(("console.EmailBackend", "locmem.EmailBackend", "dummy.EmailBackend"))
    if settings.PRODUCTION and console and os.environ.get("HIREPLAY_EMAIL_CONSOLE") != "1":
        usage_error("in production (HIREPLAY_PRODUCTION=1) e-mails must be sent, and no mail server is configured: "
                    "set HIREPLAY_EMAIL_URL (smtp://user:password@host:587), or HIREPLAY_EMAIL_CONSOLE=1 to print them "
                    "to the log on purpose (docs/deploy.md)")  # fmt: skip
    if console:
        err.print("[yellow]e-mails are printed to the console, not sent[/] (HIREPLAY_EMAIL_URL sends them)")
    count = workers or max(2, 2 * (os.cpu_count() or 1))
    err.print(f"hireplay {__version__} serving on http://{host}:{port}/ with {count} workers")
    # E-mails whose first try failed are tried again by a process that ends with the server.
    subprocess.Popen([sys.executable, "-m", "hireplay", "email", "send", "--every", "1"])
    if os.environ.get("HIREPLAY_CHECKPOINT_KEY") and os.environ.get("HIREPLAY_CHECKPOINT_DIR"):
        # Signed checkpoints of the audit log on a schedule, by a process that ends with the server.
        minutes = os.environ.get("HIREPLAY_CHECKPOINT_EVERY", "60")
        subprocess.Popen([sys.executable, "-m", "hireplay", "audit", "checkpoint", "--every", minutes])
        err.print(
            f"writing a signed audit checkpoint every {minutes} minutes into {os.environ['HIREPLAY_CHECKPOINT_DIR']}"
        )
    args = [sys.executable, "-m", "gunicorn", "hireplay.web.wsgi:application", "--bind", f"{host}:{port}",
            "--workers", str(count), "--threads", str(threads), "--access-logfile", "-", "--graceful-timeout", "10",
            "--logger-class", "hireplay.web.logs.AccessLogger"]  # fmt: skip
    os.execv(sys.executable, args)


def manage(ctx: typer.Context) -> None:
    """Run a Django management command (e.g. `hireplay manage migrate`, `createsuperuser`)."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hireplay manage", *ctx.args])
