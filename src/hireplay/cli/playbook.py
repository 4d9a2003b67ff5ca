"""`hireplay playbook`: check, show and describe playbooks (the job description and its schema.org JobPosting)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import TypeAdapter, ValidationError
from rich.markup import escape
from rich.table import Table

from hireplay.cli.output import err, load_or_exit, out, print_problems, require_file, usage_error
from hireplay.core.frameworks import CLASS_WORDS
from hireplay.core.iso import country_problem
from hireplay.core.jobposting import PostingDetails, PostingError, job_description_markdown, job_posting_jsonld
from hireplay.core.lint import lint_file
from hireplay.core.playbook import Location
from hireplay.core.problems import Problem

playbook_app = typer.Typer(
    help="Check, show and publish playbooks, write their job descriptions, and move assessments in and out as QTI 3.0.",
    no_args_is_help=True,
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class JdFormat(StrEnum):
    markdown = "markdown"
    jsonld = "jsonld"


@playbook_app.command("lint")
def lint(
    files: Annotated[list[Path], typer.Argument(help="Playbook files (YAML).", show_default=False)],
    format: Annotated[OutputFormat, typer.Option("--format", help="text or json.")] = OutputFormat.text,
) -> None:
    """Check playbooks and report every problem with file, line, column and field path.

    Exit status: 0 when every file is clean, 1 when problems were found, 2 for usage errors.
    """
    for path in files:
        require_file(path)
    problems: list[Problem] = []
    for path in files:
        problems += lint_file(path)[1]
    if format is OutputFormat.json:
        out.print_json(json.dumps({"files": [str(f) for f in files], "problems": [p.to_dict() for p in problems]}))
    else:
        print_problems(problems)
        if problems:
            err.print(
                f"[bold red]{len(problems)} problem{'s' if len(problems) != 1 else ''}[/] "
                f"in {len({p.file for p in problems})} of {len(files)} file{'s' if len(files) != 1 else ''}."
            )
        else:
            out.print(f"[green]ok[/]: {len(files)} playbook{'s' if len(files) != 1 else ''} clean.")
    raise typer.Exit(1 if problems else 0)


@playbook_app.command("show")
def show(file: Annotated[Path, typer.Argument(help="A playbook file.", show_default=False)]) -> None:
    """Print a readable summary of a playbook."""
    pb = load_or_exit(file)
    role = pb.role
    out.print(f"[bold]{escape(role.title)}[/]  ({pb.id} v{pb.version})")
    out.print(f"[dim]{pb.content_hash}[/]")
    out.print(
        f"{role.level.capitalize()} · {escape(role.segment)} · {role.working_arrangement.mode.replace('_', ' ')}"
        + (
            f", {role.working_arrangement.office_days_per_week} office days a week"
            if role.working_arrangement.office_days_per_week
            else ""
        )
        + f" · locale {role.locale}"
    )
    out.print(escape(role.summary))
    table = Table(title="Competencies", title_justify="left")
    tagged = any(c.transition for c in pb.competencies)  # from a salesperson's role: docs/development.md
    for column in ("id", "name", "weight", "items", "questions", *(("transition",) if tagged else ())):
        table.add_column(column, justify="right" if column in ("weight", "items", "questions") else "left")
    for c in pb.competencies:
        items = sum(1 for i in pb.assessment.items if c.id in i.competencies)
        questions = sum(1 for q in pb.interview.questions if c.id in q.competencies)
        extra = (CLASS_WORDS.get(c.transition or "", "–"),) if tagged else ()
        table.add_row(c.id, escape(c.name), f"{c.weight:g}%", str(items), str(questions), *extra)
    out.print(table)
    table = Table(
        title=f"Assessment: {pb.assessment.time_limit_minutes} minutes, {pb.total_points():g} points",
        title_justify="left",
    )
    for column in ("section", "item", "type", "points", "competencies"):
        table.add_column(column, justify="right" if column == "points" else "left")
    for section in pb.assessment.sections:
        for item in (i for i in pb.assessment.items if i.section == section.id):
            parametric = " (parametric)" if item.variables_for(None) else ""
            table.add_row(
                escape(section.title), item.id, item.type + parametric, f"{item.points:g}", ", ".join(item.competencies)
            )
    out.print(table)
    table = Table(title="Interview", title_justify="left")
    for column in ("question", "competencies", "anchored levels"):
        table.add_column(column)
    for q in pb.interview.questions:
        table.add_row(escape(q.text), ", ".join(q.competencies), " ".join(str(k) for k in q.scale))
    out.print(table)
    for exercise in pb.exercises:
        table = Table(title=f"Exercise: {escape(exercise.title)} ({exercise.kind.replace('_', '-')}, "
                            f"{exercise.brief.duration_minutes} min)", title_justify="left")  # fmt: skip
        for column in ("competency", "anchored levels", "behaviours", "raises"):
            table.add_column(column)
        for row in exercise.grid:
            flags = sorted({b.raises for found in row.levels.values() for b in found if not isinstance(b, str)})
            table.add_row(row.competency, " ".join(str(k) for k in row.levels),
                          str(sum(len(found) for found in row.levels.values())), ", ".join(flags))  # fmt: skip
        out.print(table)
    table = Table(title="Must-have skills", title_justify="left")
    for column in ("skill", "kind", "evidenced by"):
        table.add_column(column)
    for group, skill, evidence in pb.must_have_evidence:
        table.add_row(escape(skill.name), group, escape("; ".join(evidence)) or "[yellow]nothing yet[/]")
    out.print(table)
    policy = pb.decision_policy
    out.print("[bold]Decision policy[/]")
    out.print("  weights: " + " · ".join(f"{escape(pb.part_title(p))} {policy.weights[p]:g}%"
                                        for p in pb.parts if p in policy.weights))  # fmt: skip
    if policy.floors:
        out.print("  floors (each part must reach): " + " · ".join(f"{escape(pb.part_title(p))} {policy.floors[p]:g}%"
                                                                  for p in pb.parts if p in policy.floors))  # fmt: skip
    out.print(f"  thresholds: hire ≥ {policy.thresholds.hire:g} · discuss ≥ {policy.thresholds.discuss:g}")
    for must in policy.must_haves:
        unit = "% (assessment)" if must.source == "assessment" else f" of 5 ({escape(pb.part_title(must.source))})"
        out.print(f"  must-have: {must.competency} ≥ {must.minimum:g}{unit}")
    for flag, effect in policy.red_flags.items():
        out.print(f"  red flag {flag}: {effect.replace('_', ' ')}")


def _parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        usage_error(f"{option} {value!r} is not a date; write it as YYYY-MM-DD")


def _parse_amount(value: str | None, option: str) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        usage_error(f"{option} {value!r} is not a number")
    if not amount.is_finite() or amount < 0:
        usage_error(f"{option} must be a positive number")
    return amount


@playbook_app.command("jd")
def jd(
    file: Annotated[Path, typer.Argument(help="A playbook file.", show_default=False)],
    format: Annotated[JdFormat, typer.Option("--format", help="markdown or jsonld.")] = JdFormat.markdown,
    organization: Annotated[str, typer.Option(help="The employer's name (jsonld).")] = "",
    organization_url: Annotated[str, typer.Option(help="The employer's web site (jsonld).")] = "",
    date_posted: Annotated[str | None, typer.Option(help="YYYY-MM-DD (jsonld; default: today).")] = None,
    valid_through: Annotated[str | None, typer.Option(help="YYYY-MM-DD, last day to apply (jsonld).")] = None,
    country: Annotated[str | None, typer.Option(help="Office country, ISO code such as BE (jsonld).")] = None,
    locality: Annotated[str, typer.Option(help="Office city (jsonld).")] = "",
    region: Annotated[str, typer.Option(help="Office region (jsonld).")] = "",
    applicant_country: Annotated[
        list[str] | None, typer.Option(help="For remote jobs: where applicants may live.")
    ] = None,
    salary_min: Annotated[str | None, typer.Option(help="Lowest base salary (jsonld).")] = None,
    salary_max: Annotated[str | None, typer.Option(help="Highest base salary (jsonld).")] = None,
    currency: Annotated[str, typer.Option(help="Salary currency, e.g. EUR (jsonld).")] = "",
    salary_unit: Annotated[str, typer.Option(help="HOUR, DAY, WEEK, MONTH or YEAR.")] = "YEAR",
    identifier: Annotated[str, typer.Option(help="Your reference for the opening (jsonld).")] = "",
) -> None:
    """Write a job description: Markdown, or a schema.org JobPosting (JSON-LD)."""
    pb = load_or_exit(file)
    if format is JdFormat.markdown:
        sys.stdout.write(job_description_markdown(pb))
        return
    location = None
    if country is not None:
        problem = country_problem(country.upper())
        if problem:
            usage_error(f"--country: {problem}")
        try:
            location = Location(country=country.upper(), locality=locality, region=region)
        except ValidationError:
            usage_error(f"--country {country!r} is not a two-letter ISO country code such as BE or US")
    unit = salary_unit.upper()
    if unit not in ("HOUR", "DAY", "WEEK", "MONTH", "YEAR"):
        usage_error("--salary-unit must be HOUR, DAY, WEEK, MONTH or YEAR")
    details = PostingDetails(
        organization=organization,
        organization_url=organization_url,
        date_posted=_parse_date(date_posted, "--date-posted") or dt.date.today(),
        valid_through=_parse_date(valid_through, "--valid-through"),
        location=location,
        applicant_countries=tuple(c.upper() for c in applicant_country or ()),
        salary_min=_parse_amount(salary_min, "--salary-min"),
        salary_max=_parse_amount(salary_max, "--salary-max"),
        salary_currency=currency.upper(),
        salary_unit=unit,  # type: ignore[arg-type]
        identifier=identifier,
    )
    try:
        posting = job_posting_jsonld(pb, details)
    except PostingError as exc:
        usage_error(str(exc))
    sys.stdout.write(json.dumps(posting, indent=2, ensure_ascii=False) + "\n")


@playbook_app.command("publish")
def publish(
    file: Annotated[Path, typer.Argument(help="The playbook's YAML file.")],
    org: Annotated[str, typer.Option("--org", help="The organisation's short name (its slug).")],
) -> None:
    """Check a playbook and publish it for an organisation's openings (one version; a new content
    needs a new version number). Problems are listed as `playbook lint` lists them; nothing is stored then."""
    from hireplay.cli.database import for_writing
    from hireplay.core.lint import read_file

    text, problems = read_file(file)
    if text is None:
        print_problems(problems)
        raise typer.Exit(1)
    for_writing()
    from hireplay.web.audit.catalogue import actor
    from hireplay.web.flows.library import publish as publish_playbook
    from hireplay.web.orgs.models import Organization

    organization = Organization.objects.filter(slug=org).first()
    if organization is None:
        known = ", ".join(Organization.objects.order_by("slug").values_list("slug", flat=True)[:20])
        usage_error(f"--org {org}: no such organisation; the database has: {known or 'none'}")
    entry, problems = publish_playbook(organization, text, str(file), actor(job="cli"))
    if entry is None:
        print_problems(problems)
        raise typer.Exit(1)
    out.print(f"published {escape(entry.version.playbook_id)} version {escape(entry.version.version)} for "
              f"{escape(organization.name)} (library:{entry.pk}); new openings can use it")  # fmt: skip


@playbook_app.command("export-qti")
def export_qti(
    file: Annotated[Path, typer.Argument(help="The playbook's YAML file.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The package to write (a .zip).")],
) -> None:
    """Write the playbook's assessment as a QTI 3.0 content package: the manifest, one item file per
    item QTI can hold (its response declaration and response processing give hireplay's points), and
    an assessment test with the sections and the time limit. Every item QTI cannot hold, or holds
    with less than hireplay scores, is listed with the reason."""
    from hireplay.core.qti import export_package

    playbook = load_or_exit(file)
    if output.is_dir():
        usage_error(f"--output {output}: this is a folder; give a file name ending in .zip")
    package = export_package(playbook)
    try:
        output.write_bytes(package.data)
    except OSError as exc:
        usage_error(f"--output {output}: cannot be written ({exc.strerror})")
    total = len(playbook.assessment.items)
    out.print(f"wrote {escape(str(output))}: {len(package.written)} of {total} items as QTI 3.0")
    for note in package.notes:
        label = "written, but" if note.kept else "not written:"
        out.print(f"  {escape(note.item)}: {label} {escape(note.reason)}")


@playbook_app.command("import-qti")
def import_qti(
    package: Annotated[
        Path, typer.Argument(help="A QTI 3.0 (or 2.1/2.2) content package: a zip with imsmanifest.xml.")
    ],
    section: Annotated[str, typer.Option("--section", help="The id of the playbook section the items go in.")],
    competency: Annotated[
        list[str], typer.Option("--competency", help="A competency the items measure (repeat for more).")
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the YAML here instead of printing it.")
    ] = None,
) -> None:
    """Read choice, multiple response, numeric text entry, extended text and order items from a QTI
    package as a playbook section (YAML to paste into a playbook's `assessment`), and list every item
    that could not be read with the reason. Exit status 1 when no item could be read."""
    import yaml

    from hireplay.core.items.base import Id
    from hireplay.core.qti import QtiError, read_package

    require_file(package)
    ids = TypeAdapter(Id)
    for name, value in [("--section", section)] + [("--competency", c) for c in competency]:
        try:
            ids.validate_python(value)
        except ValidationError:
            usage_error(
                f"{name} {value}: an id is lowercase letters, digits, '-' and '_' (for example 'objection-handling')"
            )
    try:
        imported = read_package(package.read_bytes(), section, tuple(competency))
    except QtiError as exc:
        err.print(f"[bold red]error:[/] {escape(str(package))}: {escape(str(exc))}")
        raise typer.Exit(1) from exc
    fragment = {
        "sections": [{"id": section, "title": imported.title or f"Imported from {package.name}"}],
        "items": imported.items,
    }
    text = f"# Read from {package.name} by hireplay playbook import-qti: {len(imported.items)} item(s).\n"
    text += yaml.safe_dump(fragment, sort_keys=False, allow_unicode=True, width=100)
    if output is None:
        out.print(escape(text), end="")
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {len(imported.items)} item(s) to {escape(str(output))}")
    for note in imported.notes:
        err.print(f"  {escape(note.item)}: not read: {escape(note.reason)}")
    if not imported.items:
        err.print("[bold red]no item could be read[/]")
        raise typer.Exit(1)
