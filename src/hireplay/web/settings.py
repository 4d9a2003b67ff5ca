"""Settings from the environment.

- `HIREPLAY_DATA_DIR` (default `./hireplay-data`): where the SQLite database and the generated
  secret key live.
- `DATABASE_URL`: e.g. `postgres://user:pass@host:5432/hireplay`; without it, SQLite in WAL mode.
- `HIREPLAY_SECRET_KEY`: the signing key; without it, one is generated once into the data folder.
- `HIREPLAY_DEBUG` (`1` to enable), `HIREPLAY_ALLOWED_HOSTS` (comma-separated).
- `HIREPLAY_BENCHMARK_ROUTES` (`1` to mount /bench/commit/, for benchmarks/autosave_load.py only).

Production (`HIREPLAY_PRODUCTION=1`) and e-mail are described in docs/deploy.md, which lists every
variable; a test keeps that list and the variables read here the same.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

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
        # Tests use a file too, not SQLite's shared in-memory database, whose table locks refuse
        # concurrent requests that a file in WAL mode makes wait (as in production).
        "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")},
    }


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("HIREPLAY_DEBUG") == "1"
PRODUCTION = os.environ.get("HIREPLAY_PRODUCTION") == "1"
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured(
        "HIREPLAY_DEBUG=1 and HIREPLAY_PRODUCTION=1 exclude each other: debug pages show secrets"
    )
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("HIREPLAY_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin.apps.SimpleAdminConfig",  # registered in web/pages/admin.py, superusers only
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
    "hireplay.web.development",
    "hireplay.web.outbox",
    "hireplay.web.compliance",
    "axes",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "hireplay.web.middleware.NoStore",
    "hireplay.web.middleware.NoNulInAddress",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hireplay.web.middleware.StaffLanguage",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hireplay.web.throttle.Throttle",
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
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
# The languages of the candidate's pages (docs/candidates.md) and of the staff pages (each person
# chooses theirs; docs/recruiting.md, "Languages and dates").
LANGUAGES = [("en", "English"), ("fr", "Français"), ("nl", "Nederlands")]
FORMAT_MODULE_PATH = ["hireplay.web.formats"]
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
# A CRM import whose files weigh more than this runs in the background (clients.jobs), with its
# progress on a page, rather than in the request.
HIREPLAY_IMPORT_INLINE_BYTES = int(os.environ.get("HIREPLAY_IMPORT_INLINE_BYTES", "2000000"))
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Mounts /bench/commit/, a page that only commits one row: the floor benchmarks compare saves with.
BENCHMARK_ROUTES = os.environ.get("HIREPLAY_BENCHMARK_ROUTES") == "1"


def _email() -> dict[str, Any]:
    """E-mail from `HIREPLAY_EMAIL_URL` (`smtp://user:password@host:587` with STARTTLS,
    `smtps://...:465` with TLS from the start, `smtp+plain://` for neither, `console://` to print
    them), or from `HIREPLAY_EMAIL_HOST` and its companions; without either, printed to the console
    (which `hireplay serve` refuses in production unless `HIREPLAY_EMAIL_CONSOLE=1`)."""
    url = os.environ.get("HIREPLAY_EMAIL_URL", "")
    host = os.environ.get("HIREPLAY_EMAIL_HOST", "")
    backend = os.environ.get("HIREPLAY_EMAIL_BACKEND", "")
    found: dict[str, Any] = {"EMAIL_TIMEOUT": int(os.environ.get("HIREPLAY_EMAIL_TIMEOUT", "10"))}
    if url:
        parts = urlsplit(url)
        if parts.scheme == "console":
            return {**found, "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
        if parts.scheme not in ("smtp", "smtps", "smtp+plain") or not parts.hostname:
            raise ImproperlyConfigured(
                f"HIREPLAY_EMAIL_URL must look like smtp://user:password@host:587 (or smtps://, smtp+plain://, "
                f"console://), not {parts.scheme or 'a value without a scheme'}://..."
            )
        query = parse_qs(parts.query)
        return {**found, "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": parts.hostname, "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 587),
                "EMAIL_HOST_USER": unquote(parts.username or ""), "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
                "EMAIL_USE_SSL": parts.scheme == "smtps",
                "EMAIL_USE_TLS": parts.scheme == "smtp" and query.get("tls", ["1"])[0] != "0"}  # fmt: skip
    if host:
        return {**found, "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": host,
                "EMAIL_PORT": int(os.environ.get("HIREPLAY_EMAIL_PORT", "587")),
                "EMAIL_HOST_USER": os.environ.get("HIREPLAY_EMAIL_USER", ""),
                "EMAIL_HOST_PASSWORD": os.environ.get("HIREPLAY_EMAIL_PASSWORD", ""),
                "EMAIL_USE_TLS": os.environ.get("HIREPLAY_EMAIL_USE_TLS", "1") == "1",
                "EMAIL_USE_SSL": os.environ.get("HIREPLAY_EMAIL_USE_SSL", "0") == "1"}  # fmt: skip
    return {**found, "EMAIL_BACKEND": backend or "django.core.mail.backends.console.EmailBackend"}


globals().update(_email())
DEFAULT_FROM_EMAIL = os.environ.get("HIREPLAY_EMAIL_FROM", "hireplay <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# A strict Content-Security-Policy on every page: scripts, styles, fonts and images only from
# this site, no inline script or style, no frames, no plugins, forms posting only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF], "script-src": [SELF], "style-src": [SELF], "img-src": [SELF, "data:"],
        "font-src": [SELF], "connect-src": [SELF], "form-action": [SELF], "frame-ancestors": [NONE],
        "base-uri": [NONE], "object-src": [NONE],
    }
}  # fmt: skip
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Staff sessions end after this many minutes without a request (every request extends them).
SESSION_COOKIE_AGE = 60 * int(os.environ.get("HIREPLAY_SESSION_IDLE_MINUTES", "120"))
SESSION_SAVE_EVERY_REQUEST = True

if PRODUCTION:
    # Behind a reverse proxy that ends TLS and says so in X-Forwarded-Proto (docs/deploy.md).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = os.environ.get("HIREPLAY_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("HIREPLAY_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("HIREPLAY_HSTS_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("HIREPLAY_HSTS_PRELOAD", "1") == "1"
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [
        o.strip() for o in os.environ.get("HIREPLAY_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
    ]

# Sign-ins (django-axes): five failures for one username, or from one address, refuse further
# attempts for 15 minutes (each attempt during the block starts it again), answered 429 before
# any password is hashed, so a flood of guesses cannot take the workers from the candidates.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Axes counts failures by the same address as the other limits (behind the proxy, the one the proxy
# saw; without this it would count every client as the proxy's own address, and lock them all out).
AXES_CLIENT_IP_CALLABLE = "hireplay.web.throttle.axes_address"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_tokens": {"()": "hireplay.web.logs.MaskTokens"}},
    "formatters": {"json": {"()": "hireplay.web.logs.JsonFormatter"},
                   "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                            "formatter": "json" if PRODUCTION else "plain", "filters": ["mask_tokens"]}},
    "loggers": {"django": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
                "django.server": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
                "hireplay": {"handlers": ["stderr"], "level": "INFO", "propagate": False}},
}  # fmt: skip
