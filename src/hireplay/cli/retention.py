"""`hireplay retention`: erasing candidates when their organisation's retention period has passed."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Annotated, Any

import typer
from rich.markup import escape

from hireplay.cli.database import for_writing
from hireplay.cli.output import err, out

retention_app = typer.Typer(help="Erasing candidates when their organisation's retention period has passed.",
                            no_args_is_help=True)  # fmt: skip


@retention_app.command("apply")
def retention_apply(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List who would be erased; change nothing.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Pretend today is this date (YYYY-MM-DD).")] = None,
) -> None:
    """Erase candidates whose organisation's retention period has passed since their last activity."""
    for_writing()
    from hireplay.web.audit.catalogue import actor
    from hireplay.web.flows.privacy import due_for_erasure, erase

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
    erased = sum(erase(item.candidate, actor(job="retention"), "retention") for item in due)
    out.print(f"erased {erased} candidate(s)")


@retention_app.command("set")
def retention_set(
    organization: Annotated[str, typer.Argument(help="The organisation's slug.")],
    days: Annotated[
        int | None, typer.Argument(help="Days after the last activity; omit to keep until erased on request.")
    ] = None,
) -> None:
    """Set an organisation's retention period."""
    for_writing()
    from hireplay.web.audit.catalogue import actor
    from hireplay.web.flows.privacy import set_retention

    found = organization_or_exit(organization, "ORGANIZATION")
    try:
        set_retention(found, days, actor(job="cli"))
    except ValueError as exc:
        err.print(f"DAYS: {escape(str(exc))}")
        raise typer.Exit(2) from None
    out.print(f"{found.slug}: " + (f"candidates are erased {days} days after their last activity" if days
                                   else "candidates are kept until erased on request"))  # fmt: skip


def organization_or_exit(slug: str, where: str = "--org") -> Any:
    """The organisation with this slug, or exit 2 naming the ones there are."""
    from hireplay.web.orgs.models import Organization

    found = Organization.objects.filter(slug=slug).first()
    if found is None:
        known = ", ".join(Organization.objects.values_list("slug", flat=True)) or "none yet"
        err.print(f"{where}: no organisation '{escape(slug)}' (known: {escape(known)})")
        raise typer.Exit(2)
    return found
