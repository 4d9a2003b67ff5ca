"""`hireplay framework`: check and show competency frameworks and the transitions between roles
(docs/development.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from hireplay.cli.output import err, out, print_problems, require_file
from hireplay.core.frameworks import (
    CLASS_WORDS,
    KIND_WORDS,
    TRAINABILITY_WORDS,
    Catalogue,
    Framework,
    Transition,
    lint_path,
)
from hireplay.core.problems import Problem

framework_app = typer.Typer(
    help="Check and show competency frameworks (a role's competencies at levels 1 to 5), the "
    "transitions between two roles (aligned, to reinforce, to acquire, to unlearn) and catalogues of "
    "development actions.",
    no_args_is_help=True,
)


@framework_app.command("lint")
def lint(files: Annotated[list[Path], typer.Argument(help="Framework or transition files (YAML).",
                                                     show_default=False)]) -> None:  # fmt: skip
    """Check frameworks and transitions; every problem with file, line, column and field path. A
    transition is checked against the frameworks it names, read from its own folder.

    Exit status: 0 when every file is clean, 1 when problems were found, 2 for usage errors.
    """
    for path in files:
        require_file(path)
    problems: list[Problem] = []
    for path in files:
        problems += lint_path(path)[1]
    print_problems(problems)
    if problems:
        err.print(f"[bold red]{len(problems)} problem{'s' if len(problems) != 1 else ''}[/] "
                  f"in {len({p.file for p in problems})} of {len(files)} file{'s' if len(files) != 1 else ''}.")  # fmt: skip
        raise typer.Exit(1)
    out.print(f"[green]ok[/]: {len(files)} file{'s' if len(files) != 1 else ''} clean.")


@framework_app.command("show")
def show(file: Annotated[Path, typer.Argument(help="A framework or a transition file.", show_default=False)]) -> None:
    """Print a framework's competencies with their levels, or a transition's classes, in priority order."""
    require_file(file)
    found, problems = lint_path(file)
    if found is None:
        print_problems(problems)
        err.print(f"[bold red]{len(problems)} problem{'s' if len(problems) != 1 else ''}[/]; fix them, then run "
                  f"[bold]hireplay framework lint {escape(str(file))}[/] to check.")  # fmt: skip
        raise typer.Exit(1)
    if isinstance(found, Framework):
        _show_framework(found)
    elif isinstance(found, Transition):
        _show_transition(found)
    else:
        _show_catalogue(found)


def _show_framework(framework: Framework) -> None:
    out.print(f"[bold]{escape(framework.role)}[/]  ({framework.id} v{escape(framework.version)})")
    out.print(escape(framework.summary))
    for c in framework.competencies:
        need = f"ceiling {c.ceiling} (a risk above it)" if c.risk else f"requires level {c.required}"
        table = Table(title=f"{escape(c.name)} ({c.id}): {need}", title_justify="left", caption=escape(c.definition),
                      caption_justify="left")  # fmt: skip
        table.add_column("level", justify="right")
        table.add_column("what is seen")
        for level, indicators in sorted(c.levels.items()):
            table.add_row(str(level), escape("; ".join(indicators)))
        out.print(table)


def _show_transition(transition: Transition) -> None:
    out.print(f"[bold]{escape(transition.title)}[/]  ({transition.id} v{escape(transition.version)}): "
              f"{transition.from_framework} → {transition.to_framework}")  # fmt: skip
    table = Table(title="In priority order", title_justify="left")
    for column in ("#", "competency", "class", "how it develops", "why"):
        table.add_column(column, justify="right" if column == "#" else "left")
    for step in sorted(transition.competencies, key=lambda s: s.priority):
        table.add_row(str(step.priority), step.competency, CLASS_WORDS[step.class_],
                      TRAINABILITY_WORDS[step.trainability], escape(step.why))  # fmt: skip
    out.print(table)


def _show_catalogue(catalogue: Catalogue) -> None:
    out.print(f"[bold]{escape(catalogue.title)}[/]  ({catalogue.id} v{escape(catalogue.version)})")
    table = Table(title="Development actions", title_justify="left")
    for column in ("action", "kind", "weeks", "develops"):
        table.add_column(column, justify="right" if column == "weeks" else "left")
    for action in catalogue.actions:
        table.add_row(escape(action.title), KIND_WORDS[action.kind], str(action.weeks), ", ".join(action.competencies))
    out.print(table)
