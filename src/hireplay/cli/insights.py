"""`hireplay insights`: fairness statistics an outside auditor can run on an export."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO, TypeVar

import typer
from rich.markup import escape
from rich.table import Table

from hireplay.cli.output import err, out, require_file, usage_error

if TYPE_CHECKING:
    from hireplay.core.insights.impact import ImpactTable

insights_app = typer.Typer(help="Fairness and validity statistics, from files or the database (docs/insights.md).",
                           no_args_is_help=True)  # fmt: skip

T = TypeVar("T")
STAGES = "invited,submitted,interviewed,advanced,hired"
GROUP_HELP = "A column holding a category (sex, race…); repeat it for several, which are also crossed."
SMALL_HELP = "Leave categories under 2 % of the data out of the ratios (their counts are still shown)."


class Format(StrEnum):
    table = "table"
    json = "json"


@insights_app.command("impact")
def insights_impact(
    file: Annotated[Path, typer.Argument(help="A CSV file, one row per person, with a header line.")],
    group: Annotated[
        list[str],
        typer.Option(
            "--group", help="A column holding a category (sex, race…); repeat it for several, which are also crossed."
        ),
    ],
    selected: Annotated[
        str | None, typer.Option(help="The column saying whether the person was selected (1/0, yes/no).")
    ] = None,
    score: Annotated[
        str | None, typer.Option(help="The column holding a score: scoring rates above the median.")
    ] = None,
    stage: Annotated[
        str | None, typer.Option(help="The column holding the furthest stage each person reached.")
    ] = None,
    stages: Annotated[str, typer.Option(help="The stages in order, comma-separated (with --stage).")] = STAGES,
    leave_out_small: Annotated[
        bool,
        typer.Option(
            "--leave-out-small",
            help="Leave categories under 2 % of the data out of the ratios (their counts are still shown).",
        ),
    ] = False,
    output: Annotated[Format, typer.Option("--format", help="Tables, or JSON.")] = Format.table,
) -> None:
    """Selection (or scoring) rates and impact ratios by category, with the four-fifths rule, Fisher's
    exact test, and a warning where the numbers are too small to conclude anything."""
    # Imported here: scipy takes a while to load, and no other command needs it.
    from hireplay.core.insights.impact import scoring_tables, selection_tables, stage_tables
    from hireplay.core.insights.tables import Outcome, read_people

    chosen = [(kind, column) for kind, column in (("selected", selected), ("score", score), ("stage", stage)) if column]
    if len(chosen) != 1:
        err.print("give exactly one outcome: --selected COLUMN, --score COLUMN or --stage COLUMN")
        raise typer.Exit(2)
    kind, column = chosen[0]
    order = tuple(s.strip() for s in stages.split(",") if s.strip())
    if kind == "stage" and len(order) < 2:
        err.print("--stages: name at least two stages, in order, comma-separated")
        raise typer.Exit(2)
    people = _read(file, lambda lines: read_people(lines, group, Outcome(kind, column, order)))
    if kind == "stage":
        sections = stage_tables([(p.categories, furthest) for p, furthest in people], order, group, leave_out_small)
    elif kind == "score":
        sections = [("scores above the median", scoring_tables([p for p, _ in people], group, leave_out_small))]
    else:
        sections = [("selection", selection_tables([p for p, _ in people], group, leave_out_small))]
    if output is Format.json:
        out.print_json(json.dumps({"people": len(people), "sections": [
            {"step": name, "tables": [asdict(t) for t in tables]} for name, tables in sections]}))  # fmt: skip
        return
    out.print(f"{len(people)} people in {escape(str(file))}")
    for name, tables in sections:
        for table in tables:
            _print(name, table)


def _read(file: Path, parse: Callable[[TextIO], T]) -> T:
    """What `parse` reads from the CSV file, or exit 1 saying where the file is wrong."""
    from hireplay.core.insights.tables import TableError

    require_file(file)
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            return parse(handle)
    except UnicodeDecodeError:
        err.print(f"{escape(str(file))}: not UTF-8 text; save the export as CSV UTF-8")
        raise typer.Exit(1) from None
    except TableError as problem:
        err.print(f"[bold]{escape(str(file))}[/]: {escape(str(problem))}")
        raise typer.Exit(1) from None


def _percent(value: float | None) -> str:
    return "undefined" if value is None else f"{100 * value:.1f}%"


def _print(step: str, table: ImpactTable) -> None:
    rate = "Scoring rate" if table.measure == "scoring" else "Selection rate"
    title = f"{step}: by {table.dimension}" + (f" (median score {table.median:g})" if table.median is not None else "")
    shown = Table(title=escape(title), title_justify="left")
    for heading in ("Category", "People", "Above median" if table.measure == "scoring" else "Selected", rate,
                    "Impact ratio", "Four-fifths", "Fisher p"):  # fmt: skip
        shown.add_column(heading, justify="left" if heading == "Category" else "right")
    for row in table.rows:
        verdict = (
            ("not compared: " + row.why_not_compared)
            if not row.compared
            else (
                "reference"
                if row.category == table.reference
                else ("below" if row.below_four_fifths else "at or above")
            )
        )
        shown.add_row(escape(row.category), str(row.total), str(row.selected), _percent(row.rate),
                      "" if row.impact_ratio is None else f"{row.impact_ratio:.3f}", escape(verdict),
                      "" if row.p_value is None else f"{row.p_value:.3f}")  # fmt: skip
    out.print(shown)
    for warning in table.warnings:
        out.print(f"  [yellow]{escape(warning)}[/]")


class Level(StrEnum):
    nominal = "nominal"
    ordinal = "ordinal"
    interval = "interval"
    ratio = "ratio"


@insights_app.command("agreement")
def insights_agreement(
    file: Annotated[Path, typer.Argument(help="A CSV file, one row per rating, with a header line.")],
    unit: Annotated[str, typer.Option(help="The column naming what was rated (a candidate, an answer).")] = "unit",
    rater: Annotated[str, typer.Option(help="The column naming who rated it.")] = "rater",
    rating: Annotated[str, typer.Option(help="The column holding the rating (a number).")] = "rating",
    level: Annotated[Level, typer.Option(help="The ratings' level of measurement, for alpha.")] = Level.ordinal,
    resamples: Annotated[int, typer.Option(help="Bootstrap draws for alpha's 95 % interval.", min=0)] = 1000,
    output: Annotated[Format, typer.Option("--format", help="Text, or JSON.")] = Format.table,
) -> None:
    """How far raters agree: Krippendorff's alpha with a bootstrap interval, the intraclass
    correlations of Shrout and Fleiss when every rater rated every unit (a calibration exercise),
    and each rater's leniency against the others."""
    from hireplay.core.insights.reliability import alpha, icc, leniency
    from hireplay.core.insights.tables import read_ratings

    units = _read(file, lambda lines: read_ratings(lines, unit, rater, rating))
    found = alpha(units, level.value, resamples=resamples, min_units=2)
    raters = sorted({r for by in units.values() for r in by})
    complete = all(len(by) == len(raters) for by in units.values()) and len(units) >= 2 and len(raters) >= 2
    correlations = icc([[units[u][r] for r in raters] for u in sorted(units)]) if complete else None
    lenient = leniency(units)
    if output is Format.json:
        out.print_json(json.dumps({"alpha": asdict(found), "icc": asdict(correlations) if correlations else None,
                                   "icc_not_shown": "" if complete else "not every rater rated every unit",
                                   "leniency": [asdict(x) for x in lenient]}))  # fmt: skip
        return
    out.print(f"{sum(len(b) for b in units.values())} ratings of {len(units)} units by {len(raters)} raters")
    if found.value is None:
        out.print(f"Krippendorff's alpha ({level.value}): not shown: {escape(found.why_not)}")
    else:
        out.print(f"Krippendorff's alpha ({level.value}): {found.value:.3f} (95 % interval "
                  f"{found.low:.3f} to {found.high:.3f}, {resamples} bootstrap draws over units)")  # fmt: skip
    if correlations is None:
        out.print("Intraclass correlations: not shown: not every rater rated every unit (they need a complete table)")
    else:
        c = correlations
        out.print(f"ICC(2,1) {c.icc2:.3f} (95 % {c.icc2_interval[0]:.3f} to {c.icc2_interval[1]:.3f}); "
                  f"ICC(2,{c.raters}) {c.icc2k:.3f} (95 % {c.icc2k_interval[0]:.3f} to {c.icc2k_interval[1]:.3f}); "
                  f"ICC(1,1) {c.icc1:.3f}; ICC(3,1) {c.icc3:.3f}; ICC(1,{c.raters}) {c.icc1k:.3f}; "
                  f"ICC(3,{c.raters}) {c.icc3k:.3f}")  # fmt: skip
    for x in lenient:
        shown = "no shared units" if x.mean_difference is None else f"{x.mean_difference:+.2f}"
        out.print(f"  {escape(x.rater)}: {shown} against the others ({x.units} shared units)")


@insights_app.command("report")
def insights_report(
    organization: Annotated[str, typer.Argument(help="The organisation's short name (its slug).")],
    opening: Annotated[int | None, typer.Option(help="One opening (its number) instead of all.")] = None,
    playbook: Annotated[str, typer.Option(help="Every opening of this playbook (its id) instead of all.")] = "",
    since: Annotated[str, typer.Option("--from", help="Candidates added from this day (2026-01-31).")] = "",
    until: Annotated[str, typer.Option("--to", help="Candidates added up to this day.")] = "",
    impact: Annotated[
        bool,
        typer.Option("--impact/--no-impact", help="Add the adverse-impact tables and DIF from self-identification."),
    ] = True,
    resamples: Annotated[int, typer.Option(help="Bootstrap draws for the intervals.", min=0)] = 1000,
    output: Annotated[Format, typer.Option("--format", help="Text, or JSON (the whole report).")] = Format.table,
    pdf: Annotated[Path | None, typer.Option(help="Also write the report as a PDF to this file.")] = None,
) -> None:
    """The insights report from the database, as the web page shows it: counts, adverse impact per
    stage, rater reliability and drift, item analysis (options, 2PL, information), DIF and
    predictive validity. It only reads."""
    from datetime import date

    from hireplay.cli.database import for_reading

    dates = {}
    for name, text in (("--from", since), ("--to", until)):
        try:
            dates[name] = date.fromisoformat(text) if text else None
        except ValueError:
            usage_error(f"{name} {text!r} is not a date; write it as 2026-03-31")
    if opening is not None and playbook:
        usage_error("give --opening or --playbook, not both")
    for_reading()
    from hireplay.web.flows.insights import Scope, build
    from hireplay.web.hiring.models import JobOpening
    from hireplay.web.orgs.models import Organization

    found_org = Organization.objects.filter(slug=organization).first()
    if found_org is None:
        known = ", ".join(Organization.objects.order_by("slug").values_list("slug", flat=True)[:20])
        usage_error(f"no organisation {organization!r}; the database has: {known or 'none'}")
    found_opening = None
    if opening is not None:
        found_opening = JobOpening.objects.filter(pk=opening, organization=found_org).select_related("playbook").first()
        if found_opening is None:
            usage_error(f"{organization} has no opening {opening}")
    scope = Scope(found_org, found_opening, playbook, dates["--from"], dates["--to"])
    report = build(scope, impact=impact, resamples=resamples)
    if pdf is not None:
        from django.template.loader import render_to_string
        from weasyprint import HTML

        html = render_to_string("hiring/insights_pdf.html", {"report": report, "chosen": found_org, "staff": True})
        pdf.write_bytes(HTML(string=html).write_pdf())
        err.print(f"wrote {pdf}")
    if output is Format.json:
        out.print_json(json.dumps(report, ensure_ascii=False))
        return
    _print_report(report)


def _print_report(report: dict[str, Any]) -> None:
    counts = report["counts"]
    out.print(f"[bold]{escape(report['scope'])}[/] (calculated on {report['calculated_on']}; candidates added "
              f"{report['data_from'] or '–'} to {report['data_to'] or '–'})")  # fmt: skip
    out.print(f"{counts['candidates']} candidates: {counts['invited']} invited, {counts['submitted']} submitted, "
              f"{counts['advanced']} advanced, {counts['interviewed']} interviewed, {counts['hired']} hired "
              f"({counts['hires_with_outcome']} with an outcome)")  # fmt: skip
    for step in (report.get("impact") or {}).get("steps", [])[-1:]:
        for table in step["tables"]:
            flagged = [r["category"] for r in table["rows"] if r["below_four_fifths"]]
            out.print(f"Impact, {escape(step['step'])}, by {escape(table['dimension'])}: "
                      + (f"below four-fifths: {escape(', '.join(flagged))}" if flagged else "no ratio below four-fifths"))  # fmt: skip
    overall = report["reliability"]["overall"]
    out.print("Rater agreement (Krippendorff's alpha, ordinal): " + (
        f"{overall['value']:.2f} (95 % {overall['low']:.2f} to {overall['high']:.2f})" if overall["value"] is not None
        else f"not shown: {escape(overall['why_not'])}"))  # fmt: skip
    found = report["items"]
    out.print("Item analysis: " + (f"not shown: {escape(found['why_not'])}" if found["why_not"] else
              f"Cronbach's alpha {found['alpha']:.2f} over {found['people']} attempts; "
              + (f"{sum(1 for r in found['rows'] if r['flags'])} item(s) to look at" )))  # fmt: skip
    model = found["irt"]
    if not found["why_not"]:
        out.print("Two-parameter model: " + (f"not shown: {escape(model['why_not'])}" if model.get("why_not") else
                  f"{len(model['items'])} items, {sum(1 for i in model['items'] if i['flags'])} flagged"))  # fmt: skip
    for m in report["validity"]["measures"]:
        for c in m["correlations"]:
            shown = (f"r = {c['r']:.2f} (95 % {c['low']:.2f} to {c['high']:.2f}, n = {c['n']})" if c["r"] is not None
                     else f"not shown: {c['why_not']}")  # fmt: skip
            out.print(f"Validity, {escape(c['predictor'])} → {escape(m['measure']['name'])}: {escape(shown)}")
        weighting = m["weighting"]
        out.print(f"Weighting for {escape(m['measure']['name'])}: "
                  + escape(weighting["verdict"] or f"not judged: {weighting['why_not']}"))  # fmt: skip
    for line in report["excluded"]:
        out.print(f"Left out: {escape(line)}")


@insights_app.command("items")
def insights_items(
    file: Annotated[Path, typer.Argument(help="A CSV file: one row per candidate, one column per item's points.")],
    skip: Annotated[list[str], typer.Option(help="A column that is not an item (an id, a name); repeat it.")] = [],  # noqa: B006
    max_points: Annotated[
        list[str], typer.Option("--max", help="An item's maximum points, as item=2; by default the most anyone got.")
    ] = [],  # noqa: B006
    output: Annotated[Format, typer.Option("--format", help="Text, or JSON.")] = Format.table,
) -> None:
    """Item analysis from an export: difficulty, discrimination, Cronbach's alpha and alpha without
    each item, and from 200 rows the two-parameter IRT model with item fit and test information."""
    import numpy as np

    from hireplay.core.insights import items
    from hireplay.core.insights.report import two_parameter
    from hireplay.core.insights.tables import read_numbers

    names, rows = _read(file, lambda lines: read_numbers(lines, skip=skip))
    table = np.array(rows, dtype=float)
    maxima = {n: float(table[:, j].max()) for j, n in enumerate(names)}
    for given in max_points:
        name, _, value = given.partition("=")
        if name.strip() not in maxima:
            usage_error(f"--max {given}: no item column {name.strip()!r}; the items are: {', '.join(names)}")
        try:
            maxima[name.strip()] = float(value)
        except ValueError:
            usage_error(f"--max {given}: write the item and its maximum points, such as {names[0]}=2")
    found = items.analyse_table(table, maxima, dict.fromkeys(names, ""))
    halves = np.array([maxima[n] / 2 if maxima[n] else 0.5 for n in names])
    left_out: list[str] = []
    model = two_parameter((table >= halves).astype(float), names, {}, left_out)
    if output is Format.json:
        out.print_json(json.dumps({"analysis": asdict(found), "irt": model, "left_out": left_out}))
        return
    if found.why_not:
        out.print(f"Not shown: {escape(found.why_not)}")
        raise typer.Exit(0)
    out.print(f"{found.people} rows, {len(names)} items; Cronbach's alpha {found.alpha:.3f}" if found.alpha is not None
              else f"{found.people} rows; Cronbach's alpha undefined (no variance)")  # fmt: skip
    for s in found.items:
        disc = "undefined" if s.discrimination is None else f"{s.discrimination:.2f}"
        without = "undefined" if s.alpha_if_deleted is None else f"{s.alpha_if_deleted:.3f}"
        flags = f"  [{'; '.join(s.flags)}]" if s.flags else ""
        out.print(f"  {escape(s.id)}: difficulty {s.difficulty:.2f}, discrimination {disc}, alpha without {without}"
                  + escape(flags))  # fmt: skip
    if "why_not" in model:
        out.print(f"Two-parameter model: not shown: {escape(str(model['why_not']))}")
    else:
        for entry in model["items"]:
            out.print(f"  2PL {escape(entry['id'])}: slope {entry['slope']:.2f} (SE {entry['slope_error']:.2f}), "
                      f"difficulty {entry['difficulty']:.2f}, fit p {entry['fit_p']:.3f}"
                      + escape(f" [{'; '.join(entry['flags'])}]" if entry["flags"] else ""))  # fmt: skip
        if not model["converged"]:
            out.print(f"  (the estimation did not settle within {model['iterations']} steps: read it with care)")
    for line in left_out:
        out.print(f"Left out: {escape(line)}")


@insights_app.command("validity")
def insights_validity(
    file: Annotated[Path, typer.Argument(help="A CSV file: one row per candidate; the outcome empty for non-hires.")],
    outcome: Annotated[str, typer.Option(help="The column holding the outcome (hires only).")] = "outcome",
    assessment: Annotated[str, typer.Option(help="The column holding the assessment score.")] = "assessment",
    interview: Annotated[str, typer.Option(help="The column holding the interview score.")] = "interview",
    policy_share: Annotated[
        float, typer.Option(help="The assessment's share of the total in the policy, 0 to 1.", min=0, max=1)
    ] = 0.4,
    resamples: Annotated[int, typer.Option(help="Bootstrap draws for the weighting's interval.", min=10)] = 1000,
    output: Annotated[Format, typer.Option("--format", help="Text, or JSON.")] = Format.table,
) -> None:
    """Predictive validity from an export: the correlation of the assessment, the interview and the
    policy's total with the outcome over hires (rows with an outcome), corrected for range
    restriction with every row's scores, and whether the policy's weighting is supported."""
    from hireplay.core.insights.tables import read_numbers
    from hireplay.core.insights.validity import correlate, weighting

    _, rows = _read(file, lambda lines: read_numbers(lines, [assessment, interview, outcome], optional=[outcome]))
    hires = [r for r in rows if r[2] == r[2]]  # NaN is not equal to itself: no outcome
    totals = [policy_share * a + (1 - policy_share) * i for a, i, _ in rows]
    found = [correlate(assessment, outcome, [r[0] for r in hires], [r[2] for r in hires], [r[0] for r in rows]),
             correlate(interview, outcome, [r[1] for r in hires], [r[2] for r in hires], [r[1] for r in rows]),
             correlate("weighted total", outcome, [policy_share * r[0] + (1 - policy_share) * r[1] for r in hires],
                       [r[2] for r in hires], totals)]  # fmt: skip
    weights = weighting(outcome, [r[0] for r in hires], [r[1] for r in hires], [r[2] for r in hires], policy_share,
                        resamples)  # fmt: skip
    if output is Format.json:
        out.print_json(json.dumps({"rows": len(rows), "hires": len(hires), "correlations": [asdict(c) for c in found],
                                   "weighting": asdict(weights)}))  # fmt: skip
        return
    out.print(f"{len(rows)} candidates, {len(hires)} with an outcome")
    for c in found:
        if c.r is None:
            out.print(f"  {escape(c.predictor)}: not shown: {escape(c.why_not)}")
            continue
        corrected = (
            ""
            if c.corrected is None
            else f"; corrected for range restriction {c.corrected:.2f} (u {c.spread_ratio:.2f})"
        )
        out.print(f"  {escape(c.predictor)}: r {c.r:.2f} (95 % {c.low:.2f} to {c.high:.2f}, p {c.p:.3f}){corrected}")
    out.print("Weighting: " + escape(weights.verdict or f"not judged: {weights.why_not}"))
