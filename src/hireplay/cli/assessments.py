"""`hireplay assessments`: closing attempts whose time is up (run it from cron or a worker)."""

from __future__ import annotations

import typer

from hireplay.cli.database import for_writing
from hireplay.cli.output import out

assessments_app = typer.Typer(help="Candidates' attempts: closing those whose time is up.", no_args_is_help=True)


@assessments_app.command("close")
def assessments_close() -> None:
    """Submit and score every attempt whose deadline and grace period have passed without a
    submission (the candidate walked away). Recorded as automatic; safe to run as often as you like."""
    for_writing()
    from hireplay.web.flows.assessment import close_expired

    closed = close_expired()
    out.print(f"{closed} attempt{'' if closed == 1 else 's'} closed and scored")
