"""The application's set-up: migrations are committed, passwords use Argon2, the server answers."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db.utils import ConnectionHandler
from django.test import Client


def test_migrations_match_the_models(db: None) -> None:
    out = StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=out)

    assert "No changes detected" in out.getvalue()


def test_passwords_are_hashed_with_argon2() -> None:
    assert make_password("correct horse battery staple").startswith("argon2")
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_the_health_endpoint_answers_without_the_database(client: Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_the_default_sqlite_database_runs_in_wal_mode(tmp_path: Path, django_db_blocker: Any) -> None:
    config = {**settings.DATABASES["default"], "NAME": str(tmp_path / "hireplay.sqlite3")}
    if config["ENGINE"] != "django.db.backends.sqlite3":
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": config["NAME"], "OPTIONS": _sqlite_options()}
    handler = ConnectionHandler({"default": config})
    wrapper = handler["default"]

    with django_db_blocker.unblock(), wrapper.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    wrapper.close()

    assert mode == "wal"


def _sqlite_options() -> dict[str, object]:
    """The SQLite options the settings use when no DATABASE_URL is given."""
    import os

    from hireplay.web import settings as web_settings

    saved = os.environ.pop("DATABASE_URL", None)
    try:
        return dict(web_settings._database()["OPTIONS"])
    finally:
        if saved is not None:
            os.environ["DATABASE_URL"] = saved
