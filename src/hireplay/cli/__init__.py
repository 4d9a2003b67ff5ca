"""The `hireplay` command. Thin: each module parses one group of commands, calls core or a flow of the
web application, and prints. Django is imported only by the commands that use the database."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.markup import escape

from hireplay import __version__
from hireplay.cli.accounts import accounts_app
from hireplay.cli.assessments import assessments_app
from hireplay.cli.audit import audit_app, replay_command
from hireplay.cli.development import development_app
from hireplay.cli.email import email_app
from hireplay.cli.framework import framework_app
from hireplay.cli.insights import insights_app
from hireplay.cli.output import err, out
from hireplay.cli.playbook import playbook_app
from hireplay.cli.retention import retention_app
from hireplay.cli.scoring import score_command
from hireplay.cli.web import demo, manage, serve
from hireplay.core import ENGINE_VERSION

app = typer.Typer(
    help="hireplay: structured, auditable hiring for account-management roles.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(playbook_app, name="playbook")
app.add_typer(framework_app, name="framework")
app.add_typer(development_app, name="development")
app.add_typer(audit_app, name="audit")
app.add_typer(accounts_app, name="accounts")
app.add_typer(retention_app, name="retention")
app.add_typer(assessments_app, name="assessments")
app.add_typer(email_app, name="email")
app.add_typer(insights_app, name="insights")
app.command("score")(score_command)
app.command("replay")(replay_command)
app.command("demo")(demo)
app.command("serve")(serve)
app.command("manage", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(manage)


@app.callback(invoke_without_command=True)
def main(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        out.print(f"hireplay {__version__} (scoring engine {ENGINE_VERSION})")
        raise typer.Exit(0)


def run() -> None:
    """Entry point: never lets a traceback reach the user."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:
        err.print(f"[bold red]hireplay failed unexpectedly:[/] {escape(type(exc).__name__)}: {escape(str(exc))}")
        err.print("This is a bug in hireplay; please report it with the command you ran.")
        sys.exit(70)
