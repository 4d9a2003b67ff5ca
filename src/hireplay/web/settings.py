"""Settings from the environment.

- `HIREPLAY_DATA_DIR` (default `./hireplay-data`): where the SQLite database and the generated
  secret key live.
- `DATABASE_URL`: e.g. `postgres://user:pass@host:5432/hireplay`; without it, SQLite in WAL mode.
- `HIREPLAY_SECRET_KEY`: the signing key; without it, one is generated once into the data folder.
- `HIREPLAY_DEBUG` (`1` to enable), `HIREPLAY_ALLOWED_HOSTS` (comma-separated).
- `HIREPLAY_BENCHMARK_ROUTES` (`1` to mount /bench/commit/, for benchmarks/autosave_load.py only).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

DATA_DIR = Path(os.environ.get("HIREPLAY_DATA_DIR", "hireplay-data")).resolve()


def _secret_key() -> str:
    key = os.environ.get("HIREPLAY_SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret-key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _database() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Keep each worker's connection (a new PostgreSQL connection forks a server process); the
        # health check replaces one that broke (a restarted server) before a request uses it.
        return dict(dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True))
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "hireplay.sqlite3"),
        "CONN_MAX_AGE": 600,  # keep the connection (and its PRAGMAs) across requests
        # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock at the start
        # of a transaction, so concurrent writers queue instead of failing half-way.
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA secure_delete=ON;",
            "transaction_mode": "IMMEDIATE",
        },
    }


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("HIREPLAY_DEBUG") == "1"
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("HIREPLAY_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "hireplay.web.orgs",
    "hireplay.web.hiring",
    "hireplay.web.audit",
    "hireplay.web.interviews",
    "hireplay.web.decisions",
    "hireplay.web.clients",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "hireplay.web.urls"
WSGI_APPLICATION = "hireplay.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hireplay.web.pages.context.navigation",
            ]
        },
    }
]
DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LANGUAGE_CODE = "en"
# The languages of the candidate's pages (docs/candidates.md); staff pages are in English.
LANGUAGES = [("en", "English"), ("fr", "Français"), ("nl", "Nederlands")]
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from here after collectstatic
STATICFILES_DIRS = [Path(__file__).resolve().parent / "static"]
WHITENOISE_USE_FINDERS = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
# How long an invitation link stays valid, and how late a save may arrive after the deadline.
INVITATION_DAYS = int(os.environ.get("HIREPLAY_INVITATION_DAYS", "14"))
GRACE_SECONDS = int(os.environ.get("HIREPLAY_GRACE_SECONDS", "15"))
# Seal waiting audit events (autosaves) from a short-lived background thread rather than inside a
# request, so no candidate's save waits for it. Tests turn it off to seal in the request instead.
AUDIT_BACKGROUND_SEAL = os.environ.get("HIREPLAY_AUDIT_BACKGROUND_SEAL", "1") == "1"
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Mounts /bench/commit/, a page that only commits one row: the floor benchmarks compare saves with.
BENCHMARK_ROUTES = os.environ.get("HIREPLAY_BENCHMARK_ROUTES") == "1"
EMAIL_BACKEND = os.environ.get("HIREPLAY_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
