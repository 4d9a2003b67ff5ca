"""Reaching the database from the command line: Django set up, and the schema brought up to date
(commands that change data) or only checked (commands that read: they never write)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import typer
from rich.markup import escape

from hireplay.cli.output import err


def setup_django() -> None:
    """Load the web application's settings (the database comes from DATABASE_URL or HIREPLAY_DATA_DIR)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hireplay.web.settings")
    import django

    django.setup()


def _where() -> str:
    return "the database named by DATABASE_URL" if os.environ.get("DATABASE_URL") else "the SQLite database"


def _unreachable(exc: Exception) -> typer.Exit:
    err.print(f"[bold red]error:[/] cannot use {_where()}: {escape(str(exc).strip())}")
    err.print("Check DATABASE_URL (postgres://user:password@host:5432/name) and that the database exists, "
              "or unset it to use SQLite in HIREPLAY_DATA_DIR.")  # fmt: skip
    return typer.Exit(1)


def for_writing() -> None:
    """Set up Django and apply pending migrations, or say plainly why the database cannot be reached."""
    setup_django()
    from django.core.management import call_command
    from django.db import OperationalError

    try:
        call_command("migrate", interactive=False, verbosity=0)
    except OperationalError as exc:
        raise _unreachable(exc) from None


def for_reading() -> None:
    """Set up Django and check, without writing anything, that the database holds hireplay's data
    at this version's schema; otherwise say what to run and exit 1."""
    setup_django()
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "sqlite" and not Path(connection.settings_dict["NAME"]).exists():
        _not_hireplay("holds no hireplay data yet")  # connecting would create the file
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        raise _unreachable(exc) from None
    if pending:
        applied = executor.loader.applied_migrations
        _not_hireplay(
            "holds no hireplay data yet" if not applied else f"lacks {len(pending)} migration(s) of this version"
        )


def _not_hireplay(state: str) -> NoReturn:
    err.print(f"[bold red]error:[/] {_where()} {state}; nothing was read or changed.")
    err.print("Point DATABASE_URL or HIREPLAY_DATA_DIR at hireplay's database, or bring it up to date with "
              "`hireplay manage migrate` (a command that changes data, such as `hireplay serve`, also does).")  # fmt: skip
    raise typer.Exit(1)
