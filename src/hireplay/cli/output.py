"""What every command prints with: the two consoles, usage errors, located problems, and loading a
playbook or stopping with its problems."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from hireplay.core.lint import lint_file
from hireplay.core.playbook import Playbook
from hireplay.core.problems import Problem

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def usage_error(message: str) -> NoReturn:
    """Stop with exit status 2: the command's words are off."""
    err.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(2)


def require_file(path: Path) -> None:
    """Stop with a usage error unless `path` is an existing file."""
    if not path.exists():
        usage_error(f"{path}: no such file")
    if path.is_dir():
        usage_error(f"{path}: this is a folder; give a file")


def print_problems(problems: list[Problem]) -> None:
    """Each problem as file:line:column: field path: message."""
    for p in problems:
        err.print(f"[bold]{escape(p.file)}:{p.line}:{p.column}[/]: [cyan]{escape(p.path)}[/]: {escape(p.message)}")


def load_or_exit(path: Path) -> Playbook:
    """The playbook in `path`, or exit 1 after printing every problem it has."""
    require_file(path)
    playbook, problems = lint_file(path)
    if playbook is None:
        print_problems(problems)
        err.print(
            f"[bold red]{len(problems)} problem{'s' if len(problems) != 1 else ''}[/]; "
            f"fix them, then run [bold]hireplay playbook lint {escape(str(path))}[/] to check."
        )
        raise typer.Exit(1)
    return playbook


def progress_bar() -> Progress:
    """A progress display on standard error for long work (silent when it is not a terminal)."""
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                    transient=True)  # fmt: skip
