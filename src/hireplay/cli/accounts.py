"""`hireplay accounts`: key accounts by a written policy, from CRM exports or the stored client base."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from hireplay.cli.database import for_writing
from hireplay.cli.output import err, out, print_problems, require_file
from hireplay.cli.retention import organization_or_exit
from hireplay.core.problems import Problem

accounts_app = typer.Typer(help="Key accounts: classify the client base by a written policy.", no_args_is_help=True)


@accounts_app.command("lint")
def accounts_lint(
    files: Annotated[list[Path], typer.Argument(help="Key-account policy files (YAML).", show_default=False)],
) -> None:
    """Check key-account policies and report every problem with file, line, column and field path."""
    from hireplay.core.accounts.lint import lint_policy_file

    for path in files:
        require_file(path)
    problems: list[Problem] = []
    for path in files:
        problems += lint_policy_file(path)[1]
    print_problems(problems)
    if problems:
        err.print(
            f"[bold red]{len(problems)} problem(s)[/] in {len({p.file for p in problems})} of {len(files)} file(s)."
        )
        raise typer.Exit(1)
    out.print(f"[green]ok[/]: {len(files)} polic{'ies' if len(files) != 1 else 'y'} clean.")


def _policy_or_exit(path: Path | None) -> Any:
    from hireplay.core.accounts.lint import lint_policy_file
    from hireplay.shipped import POLICIES_DIR

    policy, problems = lint_policy_file(path or POLICIES_DIR / "key-accounts-default.yaml")
    if policy is None:
        print_problems(problems)
        raise typer.Exit(1)
    return policy


def _day_or_exit(as_of: str | None) -> Any:
    """The day `--as-of` names (today without it); exits 2 naming the option for a bad date."""
    from datetime import date

    if as_of is None:
        return date.today()
    try:
        return date.fromisoformat(as_of)
    except ValueError:
        err.print(f"--as-of: '{escape(as_of)}' is not a date; write it as YYYY-MM-DD")
        raise typer.Exit(2) from None


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
            require_file(path)
    for_writing()

    from hireplay.core.accounts import reading
    from hireplay.web.audit.catalogue import actor
    from hireplay.web.clients.services import import_accounts

    organization = organization_or_exit(org)
    column_mapping = _mapping_or_exit(mapping)
    parsed: dict[str, Any] = {}
    for kind, path in (("accounts", accounts), ("engagements", engagements)):
        if path is None:
            parsed[kind] = None
            continue
        found = reading.read_path(path, kind, column_mapping)  # type: ignore[arg-type]
        if isinstance(found, str):
            err.print(f"{escape(str(path))}: {escape(found)}")
            raise typer.Exit(1)
        parsed[kind] = found
        out.print(f"{escape(str(path))}: {len(found)} row(s) read; columns used: "
                  + ", ".join(f"{k}={escape(v)}" for k, v in found.columns.items())
                  + (f"; kept as extra: {escape(', '.join(found.unknown))}" if found.unknown and kind == "accounts" else ""))  # fmt: skip
    report = import_accounts(organization, parsed["accounts"], parsed["engagements"], actor(job="cli"), valid_only)
    for row_problem in report.problems:
        file = accounts if row_problem.kind == "accounts" else engagements
        err.print(f"{escape(str(file or ''))}: {escape(str(row_problem))}")
    for note in report.notes:
        out.print(f"note: {escape(str(accounts or ''))}: {escape(str(note))}")
    if not report.written:
        err.print(f"[bold red]nothing was imported[/]: {report.rejected_lines} line(s) have problems; fix them, or "
                  "run again with --valid-only to import the other rows")  # fmt: skip
        raise typer.Exit(1)
    out.print(f"imported {report.accounts_created} new and {report.accounts_updated} updated account(s), "
              f"{report.engagements} engagement(s)"
              + (f"; {report.open_deals} open deal(s) counted as pipeline, not revenue" if report.open_deals else "")
              + (f"; {report.lost_deals} lost deal(s) left out" if report.lost_deals else "")
              + (f"; {report.engagements_known} engagement(s) already in the client base left as they are"
                 if report.engagements_known else "")
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
        Path | None,
        typer.Option(
            "--policy", help="A policy file (default: the organisation's adopted policy, else the shipped one)."
        ),
    ] = None,
    show: Annotated[int, typer.Option("--show", help="How many accounts to print with their rationale.")] = 10,
) -> None:
    """Classify a client base: an organisation's stored accounts (results stored, tier changes logged),
    or a CRM export given as files (nothing stored; --output writes the results)."""
    if (org is None) == (accounts is None):
        err.print("give either --org SLUG (the stored client base) or --accounts FILE (a CRM export)")
        raise typer.Exit(2)
    day = _day_or_exit(as_of)
    for path in (policy, accounts, engagements, mapping):
        if path is not None:
            require_file(path)
    if accounts is not None:
        results = _classify_files(_policy_or_exit(policy), accounts, engagements, mapping, day, output)
    else:
        assert org is not None
        for_writing()
        from hireplay.web.audit.catalogue import actor
        from hireplay.web.clients.services import classify_organization

        own = _policy_or_exit(policy) if policy is not None else None  # None: the organisation's adopted policy
        results = classify_organization(organization_or_exit(org), day, actor(job="cli"), own)
    chosen = results.policy
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
    from hireplay.core.accounts.engine import classify
    from hireplay.core.accounts.export import write_results
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
    if loaded.open_deals or loaded.skipped:
        out.print(f"{loaded.open_deals} open deal(s) counted as pipeline, not revenue; {loaded.skipped} lost deal(s) "
                  "left out")  # fmt: skip
    results = classify(policy, loaded.columns, day)
    if output is not None:
        with output.open("w", newline="") as handle:
            write_results(results, policy, handle)
        out.print(f"wrote {len(results)} result(s) to {escape(str(output))}")
    return results


@accounts_app.command("reassess")
def accounts_reassess(
    org: Annotated[str, typer.Option("--org", help="The organisation's slug.")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Reassess as of this date (YYYY-MM-DD; default today).")
    ] = None,
    show: Annotated[int, typer.Option("--show", help="How many changed accounts to list.")] = 50,
) -> None:
    """The scheduled reassessment (run it from cron): classify the organisation's stored client base
    by its adopted policy, store the results, and report every account whose tier or status changed."""
    day = _day_or_exit(as_of)
    for_writing()
    from hireplay.web.audit.catalogue import actor
    from hireplay.web.clients.models import ClientAccount
    from hireplay.web.clients.services import classify_organization

    organization = organization_or_exit(org)
    before = {str(pk): (tier, status) for pk, tier, status in
              ClientAccount.objects.filter(organization=organization).values_list("pk", "tier", "status")}  # fmt: skip
    results = classify_organization(organization, day, actor(job="reassess"))
    tiers = [t.id for t in results.policy.tiers]
    names = dict(zip(results.cols.ids, results.cols.names, strict=True))
    moves: dict[str, int] = {}
    changed = []
    for i, ident in enumerate(results.cols.ids):
        rank = int(results.status_rank[i])
        now = (tiers[int(results.rank[i])], "at_risk" if rank == len(tiers) else tiers[rank])
        was = before.get(ident, ("", ""))
        if was != now:
            key = f"{was[1] or 'unclassified'} → {now[1]}"
            moves[key] = moves.get(key, 0) + 1
            changed.append((names[ident], ident, was[1] or "unclassified", now[1]))
    out.print(f"{len(results)} account(s) of {escape(organization.slug)} reassessed as of {day.isoformat()} by "
              f"{escape(results.policy.id)} {escape(results.policy.version)}: {len(changed)} changed"
              + (": " + ", ".join(f"{k} {v}" for k, v in sorted(moves.items(), key=lambda kv: -kv[1])) if moves else ""))  # fmt: skip
    for name, ident, status_was, status_now in sorted(changed)[:show]:
        out.print(f"  {escape(name)} (#{ident}): {escape(status_was)} → {escape(status_now)}")
    if len(changed) > show:
        out.print(f"  ... and {len(changed) - show} more (each is an account.tier_changed event in the audit log)")
