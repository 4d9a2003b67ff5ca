"""`hireplay audit` (verify and seal the hash-chained log) and `hireplay replay` (recompute every
stored result from the recorded facts). Verify and replay only read."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from hireplay.cli.database import for_reading, for_writing
from hireplay.cli.output import err, out, progress_bar

audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)


@audit_app.command("verify")
def audit_verify(
    state: Annotated[
        bool,
        typer.Option(
            "--state",
            help="Also compare every stored score report, recommendation, "
            "scorecard, decision and stage with the event that recorded it.",
        ),
    ] = False,
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option("--checkpoint", help="A signed checkpoint file the log must still hold (repeat for several)."),
    ] = None,
    public_key: Annotated[
        str | None,
        typer.Option(
            "--public-key",
            help="Insist that checkpoints are signed by this key (hex, as `hireplay audit keygen` printed it).",
        ),
    ] = None,
    show: Annotated[int, typer.Option("--show", help="How many differences to print at most.")] = 50,
) -> None:
    """Check the audit log: report the first event modified, deleted, inserted or reordered, or that all is intact.
    With --checkpoint, also that the log still holds each checkpointed head; with --state, that the tables agree."""
    for_reading()
    from hireplay.web.audit.checkpoint import CheckpointError, problem_with_log, read
    from hireplay.web.audit.log import check, pending_count

    checkpoints = []
    for path in checkpoint or ():
        try:
            checkpoints.append((path, read(path, public_key)))
        except CheckpointError as problem:
            err.print(f"[bold red]checkpoint refused[/]: {escape(str(problem))}")
            raise typer.Exit(2) from None
    verdict = check()
    failed = False
    if verdict.intact:
        out.print(f"[green]intact[/]: {verdict.events} events, every hash and link checks out")
        waiting = pending_count()
        if waiting:
            out.print(f"{waiting} recent event(s) wait to be sealed into the chain; `hireplay audit seal` seals them")
    else:
        err.print(f"[bold red]{verdict.problem}[/] at event {verdict.seq}: {escape(verdict.message)}")
        failed = True
    for path, made in checkpoints:
        lost = problem_with_log(made)
        if lost:
            err.print(f"[bold red]checkpoint {escape(str(path))}[/]: {escape(lost)}")
            failed = True
        else:
            out.print(f"[green]checkpoint {escape(str(path))}[/]: the log still holds event {made.seq} of {made.time}")
    if state:
        failed = _verify_state(show) or failed
    if failed:
        raise typer.Exit(1)


def _verify_state(show: int) -> bool:
    """Compare the stored rows with the log; True when something differs."""
    from hireplay.web.flows.proof import verify_state

    with progress_bar() as bar:
        task = bar.add_task("comparing", total=None)
        result = verify_state(lambda table: bar.update(task, description=f"comparing {table}s"))
    counted = ", ".join(f"{n} {table}{'s' if n != 1 else ''}" for table, n in result.checked.items())
    if result.intact:
        out.print(f"[green]state proven[/]: {counted}, each as the log recorded it")
        return False
    err.print(
        f"[bold red]{len(result.differences) + result.more} stored row(s) differ from the log[/] ({counted} compared)"
    )
    for difference in result.differences[:show]:
        err.print(f"  {escape(str(difference))}")
    return True


@audit_app.command("keygen")
def audit_keygen(
    out_path: Annotated[
        Path,
        typer.Option("--out", help="Where to write the new private key (PEM); keep it outside the database server."),
    ],
) -> None:
    """Make an Ed25519 key for signing checkpoints; prints the public key to give to whoever verifies."""
    for_reading()
    from hireplay.web.audit.checkpoint import CheckpointError, generate_key

    try:
        public = generate_key(out_path)
    except CheckpointError as problem:
        err.print(f"[bold red]{escape(str(problem))}[/]")
        raise typer.Exit(2) from None
    out.print(f"private key written to {escape(str(out_path))} (readable by you only)")
    out.print(f"public key: {public}")


@audit_app.command("checkpoint")
def audit_checkpoint(
    key: Annotated[
        Path | None, typer.Option("--key", help="The private key file (default: HIREPLAY_CHECKPOINT_KEY).")
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="The folder to write checkpoints into (default: HIREPLAY_CHECKPOINT_DIR)."),
    ] = None,
    email: Annotated[
        list[str] | None, typer.Option("--email", help="Also send each checkpoint to this address.")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="Also POST each checkpoint (JSON) to this URL.")] = None,
    every: Annotated[
        int, typer.Option("--every", help="Keep running, writing one every this many minutes (0: once).", min=0)
    ] = 0,
) -> None:
    """Write a signed checkpoint of the log's head (sequence number, hash, time) outside the database."""
    for_writing()
    from hireplay.web.audit.checkpoint import CheckpointError, load_key, send, write
    from hireplay.web.audit.log import seal

    key = key or _env_path("HIREPLAY_CHECKPOINT_KEY")
    out_dir = out_dir or _env_path("HIREPLAY_CHECKPOINT_DIR")
    if key is None or out_dir is None:
        err.print("[bold red]give --key and --out[/] (or set HIREPLAY_CHECKPOINT_KEY and HIREPLAY_CHECKPOINT_DIR)")
        raise typer.Exit(2)
    try:
        private = load_key(key)
    except CheckpointError as problem:
        err.print(f"[bold red]{escape(str(problem))}[/]")
        raise typer.Exit(2) from None
    parent = os.getppid()
    while True:
        seal()
        path = write(private, out_dir)
        out.print(f"checkpoint written: {escape(str(path))}")
        for failure in send(path, email or [], url):
            err.print(f"[yellow]{escape(failure)}[/]")
        if not every:
            return
        for _ in range(every * 60):
            time.sleep(1)
            if os.getppid() != parent:  # the server that started this loop has stopped
                return


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value) if value else None


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
    for why, count in sorted(result.not_comparable.items()):
        out.print(f"[yellow]{count} score report(s) not compared[/] (nor the recommendations that weighed them): "
                  f"{escape(why)}. Replay them with the version that made them; see docs/playbooks.md, Upgrading.")  # fmt: skip
    if not result.differences:
        compared = " compared" if result.not_comparable else ""
        out.print(f"[green]0 differences[/]: every{compared} stored result follows from the recorded facts")
        return
    err.print(f"[bold red]{len(result.differences) + result.more_differences} difference(s)[/]")
    for difference in result.differences[:show]:
        err.print(f"  {escape(str(difference))}")
    raise typer.Exit(1)
