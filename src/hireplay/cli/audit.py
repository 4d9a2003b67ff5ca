"""`hireplay audit` (verify and seal the hash-chained log) and `hireplay replay` (recompute every
stored result from the recorded facts). Verify and replay only read."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from hireplay.cli.database import for_reading, for_writing
from hireplay.cli.output import err, out

audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the audit log: report the first event modified, deleted, inserted or reordered, or that all is intact."""
    for_reading()
    from hireplay.web.audit.log import check, pending_count

    verdict = check()
    if verdict.intact:
        out.print(f"[green]intact[/]: {verdict.events} events, every hash and link checks out")
        waiting = pending_count()
        if waiting:
            out.print(f"{waiting} recent event(s) wait to be sealed into the chain; `hireplay audit seal` seals them")
        return
    err.print(f"[bold red]{verdict.problem}[/] at event {verdict.seq}: {escape(verdict.message)}")
    raise typer.Exit(1)


@audit_app.command("seal")
def audit_seal() -> None:
    """Seal the events that wait to enter the chain (recent autosaves); run it from cron or before a backup."""
    for_writing()
    from hireplay.web.audit.log import seal

    out.print(f"sealed {seal()} event(s) into the chain")


def replay_command(
    show: Annotated[int, typer.Option("--show", help="How many differences to print at most.")] = 50,
) -> None:
    """Recompute every stored score report and recommendation from the recorded facts; report any difference."""
    for_reading()
    from hireplay.web.flows.replay import replay

    result = replay()
    out.print(f"replayed {result.scores} score reports and {result.recommendations} recommendations"
              + (f"; {result.erased} result(s) of erased candidates skipped (their answers are gone)" if result.erased else ""))  # fmt: skip
    if not result.differences:
        out.print("[green]0 differences[/]: every stored result follows from the recorded facts")
        return
    err.print(f"[bold red]{len(result.differences) + result.more_differences} difference(s)[/]")
    for difference in result.differences[:show]:
        err.print(f"  {escape(str(difference))}")
    raise typer.Exit(1)
