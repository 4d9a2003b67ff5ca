"""`hireplay score`: score an answer sheet against a playbook, and the report as terminal tables."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from hireplay.cli.output import err, load_or_exit, out, require_file, usage_error
from hireplay.core.items.base import fmt
from hireplay.core.lint import read_file
from hireplay.core.scoring import Responses, ScoreReport, score


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"


def read_answers(path: Path) -> Responses:
    require_file(path)
    text, problems = read_file(path)
    if text is None:
        usage_error(problems[0].message if problems else f"{path} cannot be read")
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        err.print(f"[bold]{escape(str(path))}:{exc.lineno}:{exc.colno}[/]: not valid JSON: {escape(exc.msg)}")
        raise typer.Exit(1) from None
    if isinstance(data, dict) and "answers" not in data and not {"candidate", "seed", "ratings"} & set(data):
        data = {"answers": data}
    try:
        return Responses.model_validate(data)
    except ValidationError as exc:
        for e in exc.errors(include_url=False):
            where = ".".join(str(p) for p in e["loc"]) or "(top level)"
            err.print(f"[bold]{escape(str(path))}[/]: [cyan]{escape(where)}[/]: {escape(e['msg'])}")
        err.print(
            'An answer sheet is {"candidate": "...", "seed": 42, "answers": {"item-id": ...}, '
            '"ratings": {"item-id": {"criterion": points}}}.'
        )
        raise typer.Exit(1) from None


def print_report(report: ScoreReport) -> None:
    """The score report as tables in the terminal."""
    out.print(
        f"[bold]{escape(report.candidate or 'Candidate')}[/] · playbook {report.playbook_id} "
        f"v{report.playbook_version} · seed {report.seed if report.seed is not None else '(worked examples)'}"
    )
    out.print(f"[dim]{report.playbook_hash} · engine {report.engine_version}[/]")
    out.print("[bold]Items[/]")
    marks = {
        "correct": "[green]✔[/]",
        "partial": "[yellow]◐[/]",
        "incorrect": "[red]✘[/]",
        "missing": "[red]–[/]",
        "invalid": "[red]![/]",
    }
    width = max(len(item.id) for item in report.items)
    for item in report.items:
        status = item.status + (", awaiting a rater" if item.pending else "")
        out.print(
            f"{marks[item.status]} [bold]{item.id:<{width}}[/]  {fmt(item.points)}/{fmt(item.max_points)}  [dim]{status}[/]"
        )
        out.print(Padding(Text(item.evidence), (0, 0, 0, 4), expand=False), soft_wrap=False)
    table = Table(title="Competencies", title_justify="left")
    for column in ("competency", "weight", "score", "chart"):
        table.add_column(column, justify="left" if column in ("competency", "chart") else "right")
    for c in report.competencies:
        bar = "█" * round((c.score or 0) / 5) if c.score is not None else ""
        table.add_row(escape(c.name), f"{c.weight:g}%", "-" if c.score is None else f"{c.score:.1f}", bar)
    out.print(table)
    table = Table(title="Sections", title_justify="left")
    for column in ("section", "points", "percent"):
        table.add_column(column, justify="left" if column == "section" else "right")
    for s in report.sections:
        table.add_row(escape(s.title), f"{fmt(s.points)}/{fmt(s.max_points)}", f"{s.percent:.1f}%")
    out.print(table)
    index = "-" if report.competency_index is None else f"{report.competency_index:.1f}"
    out.print(
        f"[bold]Total: {fmt(report.points)} of {fmt(report.max_points)} points ({report.percent:.1f}%)[/]; "
        f"competency-weighted index {index}"
    )
    if report.pending:
        count = len(report.pending)
        out.print(f"[yellow]Provisional:[/] {count} {'criterion awaits' if count == 1 else 'criteria await'} a rater:")
        for p in report.pending:
            out.print(f"  - {p.item} / {p.criterion} (up to {p.max_points:g} points): {escape(p.description)}")
    if report.missing:
        out.print(f"[red]Unanswered:[/] {', '.join(report.missing)}")
    for e in report.errors:
        out.print(f"[red]Error:[/] {e.item}: {escape(e.message)}")


def score_command(
    playbook: Annotated[Path, typer.Argument(help="The playbook file.", show_default=False)],
    answers: Annotated[Path, typer.Argument(help="The answer sheet (JSON).", show_default=False)],
    seed: Annotated[
        int | None, typer.Option(help="The candidate's seed (default: the sheet's, else the worked examples).", min=0)
    ] = None,
    format: Annotated[ScoreFormat, typer.Option("--format", help="table or json.")] = ScoreFormat.table,
) -> None:
    """Score an answer sheet against a playbook and print the report."""
    pb = load_or_exit(playbook)
    responses = read_answers(answers)
    report = score(pb, responses, seed if seed is not None else responses.seed)
    if format is ScoreFormat.json:
        sys.stdout.write(report.to_json())
    else:
        print_report(report)
