"""`hireplay development`: a person's gaps to a target role and their plan, and a team's readiness,
from ratings in a CSV file (docs/development.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from hireplay.cli.output import err, out, print_problems, require_file, usage_error
from hireplay.core.development import (
    VERDICT_WORDS,
    Rating,
    RatingsError,
    gaps,
    people_of,
    plan_html,
    propose,
    read_ratings,
    team,
    team_csv,
)
from hireplay.core.frameworks import KIND_WORDS, Catalogue, Framework, Transition, load_catalogue, load_transition
from hireplay.core.problems import InvalidFileError
from hireplay.shipped import FRAMEWORKS_DIR

development_app = typer.Typer(
    help="A person's gaps to a target role and their development plan, and a team's readiness, from "
    "ratings (CSV: person, competency, source, level, note).",
    no_args_is_help=True,
)

TransitionOption = Annotated[Path, typer.Option("--transition", help="The transition file (two roles compared).")]
CatalogueOption = Annotated[Path, typer.Option("--catalogue", help="The catalogue of development actions.")]
RatingsArgument = Annotated[Path, typer.Argument(help="Ratings as CSV: person, competency, source, level, note.",
                                                  show_default=False)]  # fmt: skip


def _load(ratings: Path, transition_path: Path,
          catalogue_path: Path) -> tuple[Transition, Framework, Catalogue, list[Rating]]:  # fmt: skip
    require_file(ratings)
    require_file(transition_path)
    try:
        transition, _, target = load_transition(transition_path)
        catalogue = load_catalogue(catalogue_path)
    except InvalidFileError as exc:
        print_problems(list(exc.problems))
        raise typer.Exit(1) from None
    try:
        found = read_ratings(ratings.read_text(encoding="utf-8-sig"), target, str(ratings))
    except RatingsError as exc:
        for problem in exc.problems:
            err.print(escape(problem))
        raise typer.Exit(1) from None
    return transition, target, catalogue, found


@development_app.command("gaps")
def gaps_command(
    ratings: RatingsArgument,
    person: Annotated[str, typer.Option("--person", help="Whose gaps and plan to show.")],
    transition: TransitionOption = FRAMEWORKS_DIR / "salesperson-to-sam.yaml",
    catalogue: CatalogueOption = FRAMEWORKS_DIR / "development-actions.yaml",
    start: Annotated[str, typer.Option("--start", help="YYYY-MM-DD: when the plan starts (default today).")] = "",
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Also write the plan as a PDF to sign here.")] = None,
) -> None:
    """Show one person's gap per competency of the target role, each with its reason, and the plan
    proposed from the catalogue (priority order, actions that suit each competency's trainability)."""
    loaded_transition, target, loaded_catalogue, found = _load(ratings, transition, catalogue)
    try:
        begins = dt.date.fromisoformat(start) if start else dt.date.today()
    except ValueError:
        usage_error(f"--start: '{start}' is not a date; write it as YYYY-MM-DD")
    own = people_of(found).get(person, [])
    if not own:
        usage_error(f"--person: nobody called '{person}' in {ratings}")
    person_gaps = gaps(own, loaded_transition, target)
    table = Table(title=f"{escape(person)} against {escape(target.role)}", title_justify="left")
    for column in ("#", "competency", "required", "shown", "gap"):
        table.add_column(column, justify="right" if column in ("#", "required", "shown") else "left")
    for g in person_gaps:
        need = f"≤ {g.ceiling}" if g.ceiling is not None else str(g.required)
        shown = f"{g.level:g}" if g.level is not None else "–"
        table.add_row(str(g.priority), escape(g.name), need, shown, VERDICT_WORDS[g.verdict])
    out.print(table)
    for g in person_gaps:
        if g.verdict != "ready":
            out.print(f"• {escape(g.why)}")
    plan = propose(person, person_gaps, loaded_catalogue, begins)
    table = Table(title="Proposed plan", title_justify="left")
    for column in ("for", "action", "kind", "owner", "from", "until"):
        table.add_column(column)
    for step in plan.steps:
        table.add_row(", ".join(step.serves), escape(step.action.title), KIND_WORDS[step.action.kind], step.owner,
                      step.start.isoformat(), step.due.isoformat())  # fmt: skip
    out.print(table)
    if plan.reassess_on:
        out.print(f"Reassessment on {plan.reassess_on.isoformat()}.")
    if pdf is not None:
        from weasyprint import HTML  # only this command needs it

        pdf.write_bytes(HTML(string=plan_html(person, person_gaps, plan, target, begins)).write_pdf())
        err.print(f"wrote {pdf}")


@development_app.command("team")
def team_command(
    ratings: RatingsArgument,
    transition: TransitionOption = FRAMEWORKS_DIR / "salesperson-to-sam.yaml",
    catalogue: CatalogueOption = FRAMEWORKS_DIR / "development-actions.yaml",
    csv_out: Annotated[Path | None, typer.Option("--csv", help="Also write the ranking as CSV here.")] = None,
) -> None:
    """Who is closest to the target role, what the team lacks most, and which actions close the most gaps."""
    loaded_transition, target, loaded_catalogue, found = _load(ratings, transition, catalogue)
    report = team(found, loaded_transition, target, loaded_catalogue)
    table = Table(title="Closest to the role first", title_justify="left")
    for column in ("#", "person", "ready in", "gaps", "levels short", "habit to unlearn", "biggest gap"):
        table.add_column(column, justify="right" if column in ("#", "ready in", "gaps", "levels short") else "left")
    for rank, r in enumerate(report.people, 1):
        table.add_row(str(rank), escape(r.person), str(r.ready), str(r.with_gap), f"{r.total_gap:g}",
                      "yes" if r.unlearn else "no", r.top_gap)  # fmt: skip
    out.print(table)
    out.print("What the team lacks most: " + "; ".join(f"{c} ({n} people, {total:g} levels)"
                                                       for c, n, total in report.lacking[:5]))  # fmt: skip
    out.print("Actions that close the most gaps: " + "; ".join(f"{escape(title)} ({n})"
                                                              for _, title, n in report.training[:3]))  # fmt: skip
    if csv_out is not None:
        csv_out.write_text(team_csv(report), encoding="utf-8")
        out.print(f"Written: {csv_out}")
