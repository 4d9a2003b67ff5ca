"""The `hireplay` command. Thin: it parses arguments, calls core, and prints."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from hireplay import __version__
from hireplay.core import ENGINE_VERSION
from hireplay.core.items.base import fmt
from hireplay.core.jobposting import PostingDetails, PostingError, job_description_markdown, job_posting_jsonld
from hireplay.core.lint import lint_file, read_file
from hireplay.core.playbook import Location, Playbook
from hireplay.core.problems import Problem
from hireplay.core.scoring import Responses, ScoreReport, score
from hireplay.shipped import EXAMPLES_DIR, PLAYBOOKS_DIR

app = typer.Typer(
    help="hireplay: structured, auditable hiring for account-management roles.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
playbook_app = typer.Typer(help="Check, show and publish playbooks.", no_args_is_help=True)
app.add_typer(playbook_app, name="playbook")
audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")
accounts_app = typer.Typer(help="Key accounts: classify the client base by a written policy.", no_args_is_help=True)
app.add_typer(accounts_app, name="accounts")
retention_app = typer.Typer(help="Erasing candidates when their organisation's retention period has passed.",
                            no_args_is_help=True)  # fmt: skip
app.add_typer(retention_app, name="retention")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"


class JdFormat(StrEnum):
    markdown = "markdown"
    jsonld = "jsonld"


def usage_error(message: str) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(2)


def _require_file(path: Path) -> None:
    if not path.exists():
        usage_error(f"{path}: no such file")
    if path.is_dir():
        usage_error(f"{path}: this is a folder; give a playbook file")


def _load_or_exit(path: Path) -> Playbook:
    _require_file(path)
    playbook, problems = lint_file(path)
    if playbook is None:
        _print_problems(problems)
        err.print(
            f"[bold red]{len(problems)} problem{'s' if len(problems) != 1 else ''}[/]; "
            f"fix them, then run [bold]hireplay playbook lint {escape(str(path))}[/] to check."
        )
        raise typer.Exit(1)
    return playbook


def _print_problems(problems: list[Problem]) -> None:
    for p in problems:
        err.print(f"[bold]{escape(p.file)}:{p.line}:{p.column}[/]: [cyan]{escape(p.path)}[/]: {escape(p.message)}")


@app.callback(invoke_without_command=True)
def main(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        out.print(f"hireplay {__version__} (scoring engine {ENGINE_VERSION})")
        raise typer.Exit(0)


@playbook_app.command("lint")
def lint(
    files: Annotated[list[Path], typer.Argument(help="Playbook files (YAML).", show_default=False)],
    format: Annotated[OutputFormat, typer.Option("--format", help="text or json.")] = OutputFormat.text,
) -> None:
    """Check playbooks and report every problem with file, line, column and field path.

    Exit status: 0 when every file is clean, 1 when problems were found, 2 for usage errors.
    """
    for path in files:
        _require_file(path)
    problems: list[Problem] = []
    for path in files:
        problems += lint_file(path)[1]
    if format is OutputFormat.json:
        out.print_json(json.dumps({"files": [str(f) for f in files], "problems": [p.to_dict() for p in problems]}))
    else:
        _print_problems(problems)
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
    pb = _load_or_exit(file)
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
    for column in ("id", "name", "weight", "items", "questions"):
        table.add_column(column, justify="right" if column in ("weight", "items", "questions") else "left")
    for c in pb.competencies:
        items = sum(1 for i in pb.assessment.items if c.id in i.competencies)
        questions = sum(1 for q in pb.interview.questions if c.id in q.competencies)
        table.add_row(c.id, escape(c.name), f"{c.weight:g}%", str(items), str(questions))
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
    policy = pb.decision_policy
    out.print("[bold]Decision policy[/]")
    out.print(f"  weights: assessment {policy.weights.assessment:g}% · interview {policy.weights.interview:g}%")
    out.print(
        f"  floors (each part must reach): assessment {policy.floors.assessment:g}% · "
        f"interview {policy.floors.interview:g}%"
    )
    out.print(f"  thresholds: hire ≥ {policy.thresholds.hire:g} · discuss ≥ {policy.thresholds.discuss:g}")
    for must in policy.must_haves:
        unit = " of 5 (interview)" if must.source == "interview" else "% (assessment)"
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
    pb = _load_or_exit(file)
    if format is JdFormat.markdown:
        sys.stdout.write(job_description_markdown(pb))
        return
    location = None
    if country is not None:
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


def _read_answers(path: Path) -> Responses:
    _require_file(path)
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


@app.command("score")
def score_command(
    playbook: Annotated[Path, typer.Argument(help="The playbook file.", show_default=False)],
    answers: Annotated[Path, typer.Argument(help="The answer sheet (JSON).", show_default=False)],
    seed: Annotated[
        int | None, typer.Option(help="The candidate's seed (default: the sheet's, else the worked examples).", min=0)
    ] = None,
    format: Annotated[ScoreFormat, typer.Option("--format", help="table or json.")] = ScoreFormat.table,
) -> None:
    """Score an answer sheet against a playbook and print the report."""
    pb = _load_or_exit(playbook)
    responses = _read_answers(answers)
    report = score(pb, responses, seed if seed is not None else responses.seed)
    if format is ScoreFormat.json:
        sys.stdout.write(report.to_json())
    else:
        print_report(report)


@app.command("demo")
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
        _print_problems(problems)
        raise typer.Exit(1)
    sheet = EXAMPLES_DIR / "account-manager-smb.answers.json"
    out.rule("[bold]2. A sample candidate's assessment, scored")
    pb = _load_or_exit(PLAYBOOKS_DIR / "account-manager-smb.yaml")
    responses = _read_answers(sheet)
    print_report(score(pb, responses, responses.seed))
    out.rule("[bold]3. The web application with demo data")
    _django()
    _migrate()
    from hireplay.web.hiring.demo import candidate_links, credentials_file, ensure_demo_data

    passwords = ensure_demo_data(f"http://{host}:{port}/")
    out.print(f"Open [bold]http://{host}:{port}/[/] and sign in as:")
    for name, password in passwords.items():
        out.print(f"  {name:<6} password {password}")
    out.print(f"[dim](kept in {credentials_file()})[/]")
    out.print("Candidates' personal links for the SMB opening (open one to take the assessment):")
    for name, stage, link in candidate_links(f"http://{host}:{port}/"):
        out.print(f"  {name:<14} {stage:<12} {link}")
    out.print("Also to see: ivan's scorecards under My interviews; a decision and a \"do not hire\" proposal on the "
              "SMB opening (rita rated the tone and clarity of Dev Patel's written answers); "
              "the agency's client base by tier under Clients (with the Halden ownership conflict); "
              "the audit log at /audit/ as admin. `hireplay audit verify` and `hireplay replay` check the demo's history.")  # fmt: skip
    if serve_it:
        serve(host=host, port=port, workers=0, threads=1)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hireplay.web.settings")
    import django

    django.setup()


def _migrate() -> None:
    """Bring the database up to date, or say plainly why it cannot be reached."""
    from django.core.management import call_command
    from django.db import OperationalError

    try:
        call_command("migrate", interactive=False, verbosity=0)
    except OperationalError as exc:
        where = "the database named by DATABASE_URL" if os.environ.get("DATABASE_URL") else "the SQLite database"
        err.print(f"[bold red]error:[/] cannot use {where}: {escape(str(exc).strip())}")
        err.print("Check DATABASE_URL (postgres://user:password@host:5432/name) and that the database exists, "
                  "or unset it to use SQLite in HIREPLAY_DATA_DIR.")  # fmt: skip
        raise typer.Exit(1) from None


@app.command("serve")
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
    _django()
    _migrate()
    count = workers or max(2, 2 * (os.cpu_count() or 1))
    err.print(f"hireplay {__version__} serving on http://{host}:{port}/ with {count} workers")
    args = [sys.executable, "-m", "gunicorn", "hireplay.web.wsgi:application", "--bind", f"{host}:{port}",
            "--workers", str(count), "--threads", str(threads), "--access-logfile", "-", "--graceful-timeout", "10"]  # fmt: skip
    os.execv(sys.executable, args)


@app.command("manage", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run a Django management command (e.g. `hireplay manage migrate`, `createsuperuser`)."""
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hireplay manage", *ctx.args])


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the audit log: report the first event modified, deleted, inserted or reordered, or that all is intact."""
    _django()
    _migrate()
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
    _django()
    _migrate()
    from hireplay.web.audit.log import seal

    out.print(f"sealed {seal()} event(s) into the chain")


@app.command("replay")
def replay_command(
    show: Annotated[int, typer.Option("--show", help="How many differences to print at most.")] = 50,
) -> None:
    """Recompute every stored score report and recommendation from the recorded facts; report any difference."""
    _django()
    _migrate()
    from hireplay.web.audit.replay import replay

    result = replay()
    out.print(f"replayed {result.scores} score reports and {result.recommendations} recommendations"
              + (f"; {len(result.erased)} erased candidate(s) skipped (their answers are gone)" if result.erased else ""))  # fmt: skip
    if not result.differences:
        out.print("[green]0 differences[/]: every stored result follows from the recorded facts")
        return
    err.print(f"[bold red]{len(result.differences)} difference(s)[/]")
    for difference in result.differences[:show]:
        err.print(f"  {escape(str(difference))}")
    raise typer.Exit(1)


@retention_app.command("apply")
def retention_apply(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List who would be erased; change nothing.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Pretend today is this date (YYYY-MM-DD).")] = None,
) -> None:
    """Erase candidates whose organisation's retention period has passed since their last activity."""
    _django()
    _migrate()
    from datetime import UTC, datetime, time

    from hireplay.web.hiring.privacy import due_for_erasure, erase

    now = None
    if as_of is not None:
        try:
            now = datetime.combine(datetime.strptime(as_of, "%Y-%m-%d").date(), time.max, tzinfo=UTC)
        except ValueError:
            err.print(f"--as-of: '{escape(as_of)}' is not a date; write it as YYYY-MM-DD")
            raise typer.Exit(2) from None
    due = due_for_erasure(now)
    for item in due:
        c = item.candidate
        out.print(f"candidate:{c.pk} ({escape(c.opening.organization.slug)}, opening {c.opening_id}): last activity "
                  f"{item.last_activity:%Y-%m-%d}, retention {item.retention_days} days")  # fmt: skip
    if dry_run:
        out.print(f"dry run: {len(due)} candidate(s) would be erased; nothing was changed")
        return
    erased = sum(erase(item.candidate, "system:retention", "retention") for item in due)
    out.print(f"erased {erased} candidate(s)")


@retention_app.command("set")
def retention_set(
    organization: Annotated[str, typer.Argument(help="The organisation's slug.")],
    days: Annotated[
        int | None, typer.Argument(help="Days after the last activity; omit to keep until erased on request.")
    ] = None,
) -> None:
    """Set an organisation's retention period."""
    _django()
    _migrate()
    from hireplay.web.audit.log import record

    if days is not None and not 1 <= days <= 36500:
        err.print("DAYS: give a number of days from 1 to 36500")
        raise typer.Exit(2)
    found = _organization_or_exit(organization, "ORGANIZATION")
    found.retention_days = days
    found.save(update_fields=["retention_days"])
    record("system:cli", "retention.set", f"organization:{found.pk}", {"days": days})
    out.print(f"{found.slug}: " + (f"candidates are erased {days} days after their last activity" if days
                                   else "candidates are kept until erased on request"))  # fmt: skip


@accounts_app.command("lint")
def accounts_lint(
    files: Annotated[list[Path], typer.Argument(help="Key-account policy files (YAML).", show_default=False)],
) -> None:
    """Check key-account policies and report every problem with file, line, column and field path."""
    from hireplay.core.accounts.lint import lint_policy_file

    for path in files:
        _require_file(path)
    problems: list[Problem] = []
    for path in files:
        problems += lint_policy_file(path)[1]
    _print_problems(problems)
    if problems:
        err.print(
            f"[bold red]{len(problems)} problem(s)[/] in {len({p.file for p in problems})} of {len(files)} file(s)."
        )
        raise typer.Exit(1)
    out.print(f"[green]ok[/]: {len(files)} polic{'ies' if len(files) != 1 else 'y'} clean.")


def _organization_or_exit(slug: str, where: str = "--org") -> Any:
    from hireplay.web.orgs.models import Organization

    found = Organization.objects.filter(slug=slug).first()
    if found is None:
        known = ", ".join(Organization.objects.values_list("slug", flat=True)) or "none yet"
        err.print(f"{where}: no organisation '{escape(slug)}' (known: {escape(known)})")
        raise typer.Exit(2)
    return found


def _policy_or_exit(path: Path | None) -> Any:
    from hireplay.core.accounts.lint import lint_policy_file
    from hireplay.shipped import POLICIES_DIR

    policy, problems = lint_policy_file(path or POLICIES_DIR / "key-accounts-default.yaml")
    if policy is None:
        _print_problems(problems)
        raise typer.Exit(1)
    return policy


def _mapping_or_exit(path: Path | None) -> Any:
    """The column mapping a file gives (an empty one without a file); exits 1 naming its problems."""
    import yaml

    from hireplay.core.accounts import importing

    if path is None:
        return importing.ColumnMapping()
    try:
        mapping, problems = importing.parse_mapping(yaml.safe_load(path.read_text()))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mapping, problems = importing.ColumnMapping(), [f"not YAML or JSON ({type(exc).__name__})"]
    for problem in problems:
        err.print(f"{escape(str(path))}: {escape(problem)}")
    if problems:
        raise typer.Exit(1)
    return mapping


@accounts_app.command("import")
def accounts_import(
    org: Annotated[str, typer.Option("--org", help="The organisation's slug (whose clients these are).")],
    accounts: Annotated[
        Path | None, typer.Option("--accounts", help="Companies/accounts export (CSV or XLSX).")
    ] = None,
    engagements: Annotated[
        Path | None, typer.Option("--engagements", help="Deals/placements/orders export (CSV or XLSX).")
    ] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", help="A YAML or JSON file naming the columns.")] = None,
    valid_only: Annotated[
        bool, typer.Option("--valid-only", help="Import the valid rows and skip the others.")
    ] = False,
) -> None:
    """Import client accounts and engagements from CRM exports; every bad row is reported with its line."""
    if accounts is None and engagements is None:
        err.print("give --accounts FILE, --engagements FILE, or both")
        raise typer.Exit(2)
    for path in (accounts, engagements, mapping):
        if path is not None:
            _require_file(path)
    _django()
    _migrate()

    from hireplay.core.accounts import importing
    from hireplay.web.clients.services import import_accounts

    organization = _organization_or_exit(org)
    column_mapping = _mapping_or_exit(mapping)
    parsed: dict[str, Any] = {}
    for kind, path in (("accounts", accounts), ("engagements", engagements)):
        if path is None:
            parsed[kind] = None
            continue
        table = importing.read_table(path.read_bytes(), path.name)
        if isinstance(table, str):
            err.print(f"{escape(str(path))}: {escape(table)}")
            raise typer.Exit(1)
        parsed[kind] = importing.parse(table[0], table[1], kind, column_mapping)  # type: ignore[arg-type]
        found = parsed[kind]
        assert found is not None
        out.print(f"{escape(str(path))}: {len(found.rows)} row(s) read; columns used: "
                  + ", ".join(f"{k}={escape(v)}" for k, v in found.columns.items())
                  + (f"; kept as extra: {escape(', '.join(found.unknown))}" if found.unknown and kind == "accounts" else ""))  # fmt: skip
    report = import_accounts(organization, parsed["accounts"], parsed["engagements"], "system:cli", valid_only)
    for row_problem in report.problems:
        file = accounts if row_problem.kind == "accounts" else engagements
        err.print(f"{escape(str(file or ''))}: {escape(str(row_problem))}")
    if not report.written:
        err.print(f"[bold red]nothing was imported[/]: {report.rejected_lines} line(s) have problems; fix them, or "
                  "run again with --valid-only to import the other rows")  # fmt: skip
        raise typer.Exit(1)
    out.print(f"imported {report.accounts_created} new and {report.accounts_updated} updated account(s), "
              f"{report.engagements} engagement(s)" + (f"; {report.skipped_not_won} engagement(s) not won were skipped"
                                                       if report.skipped_not_won else "")
              + (f"; {report.rejected_lines} line(s) with problems were skipped" if report.problems else ""))  # fmt: skip


@accounts_app.command("classify")
def accounts_classify(
    org: Annotated[
        str | None, typer.Option("--org", help="The organisation's slug (classify its stored client base).")
    ] = None,
    accounts: Annotated[
        Path | None, typer.Option("--accounts", help="Or classify a CRM companies export directly (CSV or XLSX).")
    ] = None,
    engagements: Annotated[
        Path | None, typer.Option("--engagements", help="With --accounts: the deals/placements export.")
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="With --accounts: a YAML or JSON file naming the columns.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", help="With --accounts: write every result to this CSV file.")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Classify as of this date (YYYY-MM-DD; default today).")
    ] = None,
    policy: Annotated[
        Path | None, typer.Option("--policy", help="A policy file (default: the shipped policy).")
    ] = None,
    show: Annotated[int, typer.Option("--show", help="How many accounts to print with their rationale.")] = 10,
) -> None:
    """Classify a client base: an organisation's stored accounts (results stored, tier changes logged),
    or a CRM export given as files (nothing stored; --output writes the results)."""
    from datetime import date

    if (org is None) == (accounts is None):
        err.print("give either --org SLUG (the stored client base) or --accounts FILE (a CRM export)")
        raise typer.Exit(2)
    day = date.today()
    if as_of is not None:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            err.print(f"--as-of: '{escape(as_of)}' is not a date; write it as YYYY-MM-DD")
            raise typer.Exit(2) from None
    for path in (policy, accounts, engagements, mapping):
        if path is not None:
            _require_file(path)
    chosen = _policy_or_exit(policy)
    if accounts is not None:
        results = _classify_files(chosen, accounts, engagements, mapping, day, output)
    else:
        assert org is not None
        _django()
        _migrate()
        from hireplay.web.clients.services import classify_organization

        results = classify_organization(_organization_or_exit(org), day, "system:cli", chosen)
    counts = results.counts()
    out.print(f"{len(results)} account(s) classified as of {day.isoformat()} by {escape(chosen.id)} v{escape(chosen.version)}: "
              + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))  # fmt: skip
    import numpy as np

    order = np.lexsort((-np.nan_to_num(results.score, nan=0.0), results.rank)).tolist()  # best tier, then score
    for i in order[:show]:
        out.print()
        out.print(escape(results[results.cols.ids[i]].rationale()))
    conflicts = int(results.conflict_mask.sum())
    if conflicts:
        out.print(
            f"\n{conflicts} ownership conflict(s); each account's rationale says who should own it by the policy."
        )


def _classify_files(policy: Any, accounts: Path, engagements: Path | None, mapping: Path | None, day: Any,
                    output: Path | None) -> Any:  # fmt: skip
    import csv

    from hireplay.core.accounts.engine import classify
    from hireplay.core.accounts.loading import load_accounts, load_engagements

    column_mapping = _mapping_or_exit(mapping)
    loaded = load_accounts(accounts, column_mapping)
    if loaded.columns is not None and engagements is not None:
        load_engagements(engagements, loaded, column_mapping)
    for row_problem in loaded.problems[:200]:
        file = accounts if row_problem.kind == "accounts" else engagements
        err.print(f"{escape(str(file))}: {escape(str(row_problem))}")
    if len(loaded.problems) > 200:
        err.print(f"... and {len(loaded.problems) - 200} more problem rows")
    if loaded.columns is None:
        raise typer.Exit(1)
    if loaded.problems:
        err.print(f"{len(loaded.problems)} row(s) with problems were left out of the classification")
    results = classify(policy, loaded.columns, day)
    if output is not None:
        tiers = [t.id for t in policy.tiers]
        with output.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "name", "tier", "status", "score", "known_weight", "owner", "group", "should_own"])
            cols = results.cols
            status = results.status_rank.tolist()
            for i, (ident, name) in enumerate(zip(cols.ids, cols.names, strict=True)):
                score = float(results.score[i])
                writer.writerow([ident, name, tiers[int(results.rank[i])],
                                 "at_risk" if status[i] == len(tiers) else tiers[status[i]],
                                 "" if score != score else score, float(results.known[i]), cols.owners[i] or "",
                                 cols.ids[int(results.root[i])],
                                 results.should_own[i] if results.conflict_mask[i] else ""])  # fmt: skip
        out.print(f"wrote {len(results)} result(s) to {escape(str(output))}")
    return results


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
