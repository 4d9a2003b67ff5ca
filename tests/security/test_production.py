"""Production mode: Django's deployment check is clean, every page carries a strict
Content-Security-Policy and no-store caching, staff sessions end when idle, e-mail goes through
a configured server (the server refuses to start without one), errors leave their traceback in a
structured log, and no candidate's link reaches a log."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client

from hireplay.web import settings as hireplay_settings
from hireplay.web.hiring import services
from hireplay.web.hiring.models import AssessmentSession
from hireplay.web.logs import JsonFormatter, MaskTokens, mask
from tests.proxy import free_port
from tests.test_cli import hireplay
from tests.web.conftest import Cast

PRODUCTION = {"HIREPLAY_PRODUCTION": "1", "HIREPLAY_ALLOWED_HOSTS": "hire.example.com,127.0.0.1",
              "HIREPLAY_EMAIL_URL": "smtp://mailer:s3cret@mail.example.com:587"}  # fmt: skip


def test_the_deployment_check_is_clean_in_production_mode(tmp_path: Path) -> None:
    result = hireplay("manage", "check", "--deploy", env_extra={**PRODUCTION, "HIREPLAY_DATA_DIR": str(tmp_path)})

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout + result.stderr


def test_outside_production_the_deployment_check_names_what_production_mode_turns_on(tmp_path: Path) -> None:
    result = hireplay("manage", "check", "--deploy", env_extra={"HIREPLAY_DATA_DIR": str(tmp_path)})

    for warning in ("W004", "W008", "W012", "W016"):
        assert warning in result.stdout + result.stderr


def test_serve_refuses_production_without_a_mail_server(tmp_path: Path) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "HIREPLAY_EMAIL_URL"}

    result = hireplay("serve", "--port", "1", env_extra={**env, "HIREPLAY_DATA_DIR": str(tmp_path)})

    assert result.returncode == 2
    assert "set HIREPLAY_EMAIL_URL" in result.stderr


@pytest.mark.parametrize(
    ("url", "expected"),
    [("smtp://mailer:s%40cret@mail.example.com:2525", {"EMAIL_HOST": "mail.example.com", "EMAIL_PORT": 2525,
      "EMAIL_HOST_USER": "mailer", "EMAIL_HOST_PASSWORD": "s@cret", "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False}),
     ("smtps://mail.example.com", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True, "EMAIL_USE_TLS": False}),
     ("smtp+plain://relay.internal:25", {"EMAIL_PORT": 25, "EMAIL_USE_SSL": False, "EMAIL_USE_TLS": False})],
)  # fmt: skip
def test_the_mail_server_is_read_from_one_url(monkeypatch: pytest.MonkeyPatch, url: str, expected: dict) -> None:
    monkeypatch.setenv("HIREPLAY_EMAIL_URL", url)

    found = hireplay_settings._email()

    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert {k: found[k] for k in expected} == expected


def test_a_mail_url_of_another_kind_is_refused_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIREPLAY_EMAIL_URL", "http://mail.example.com")

    with pytest.raises(Exception, match="must look like smtp://"):
        hireplay_settings._email()


def test_pages_carry_a_strict_policy_and_are_never_cached(session: AssessmentSession, cast: Cast) -> None:
    token = services.invitation_token(session.candidate.invitations.get())
    staff = Client()
    staff.force_login(cast.alice)

    for response in (staff.get("/"), staff.get(f"/candidates/{session.candidate.pk}/"), Client().get(f"/a/{token}/"),
                     Client().get("/login/")):  # fmt: skip
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        assert "no-store" in response["Cache-Control"]


def test_a_staff_session_ends_after_two_idle_hours_and_each_request_extends_it(cast: Cast) -> None:
    client = Client()
    client.post("/login/", {"username": "alice", "password": "a long test password"})

    first = client.get("/").cookies["sessionid"]
    later = client.get("/").cookies["sessionid"]

    assert first["max-age"] == later["max-age"] == 7200


def test_a_server_error_is_logged_with_its_traceback_as_json_and_links_masked() -> None:
    try:
        raise RuntimeError("boom at /a/eyJpIjo0Mn0:1abc:signature/save/")
    except RuntimeError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s",
                                   ("/a/eyJpIjo0Mn0:1abc:signature/save/",), sys.exc_info())  # fmt: skip
    MaskTokens().filter(record)

    entry = json.loads(JsonFormatter().format(record))

    assert entry["level"] == "ERROR"
    assert entry["message"] == "Internal Server Error: /a/…/save/"
    assert "RuntimeError: boom at /a/…/save/" in entry["traceback"]
    assert "eyJpIjo0Mn0" not in json.dumps(entry)


def test_masking_keeps_the_rest_of_the_path() -> None:
    assert mask('"GET /a/abc:def:ghi/s/2/?x=1 HTTP/1.1"') == '"GET /a/…/s/2/?x=1 HTTP/1.1"'
    assert mask("/candidates/4/") == "/candidates/4/"


def test_the_servers_access_log_never_holds_a_candidates_link(tmp_path: Path) -> None:
    port = free_port()
    # The server's own SQLite database in tmp_path, whichever database the tests run on: only its
    # access log is looked at.
    env = {**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
           "HIREPLAY_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}  # fmt: skip
    server = subprocess.Popen([sys.executable, "-m", "hireplay", "serve", "--port", str(port), "--workers", "1"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    token = "eyJpIjo5OTl9:1xWVYc:W89G07nFPxvyvqVRDwTpZpNj8DaiZPRB93iBVTxz3pw"
    try:
        started = time.monotonic()
        while time.monotonic() - started < 90 and server.poll() is None:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=20).read()
                break
            except (urllib.error.URLError, OSError):  # not listening yet
                time.sleep(0.2)
        codes = []
        for path in (f"/a/{token}/", f"/a/{token}/s/1/"):
            try:
                codes.append(urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=20).status)
            except urllib.error.HTTPError as refused:
                codes.append(refused.code)
    finally:
        server.terminate()
        log, _ = server.communicate(timeout=30)

    assert codes == [404, 404]  # no such invitation
    assert "GET /a/…/ HTTP" in log
    assert "GET /a/…/s/1/ HTTP" in log
    assert token not in log
    assert "W89G07nF" not in log


def test_production_settings_do_not_start_in_debug(tmp_path: Path) -> None:
    result = hireplay("manage", "check", env_extra={**PRODUCTION, "HIREPLAY_DEBUG": "1",
                                                    "HIREPLAY_DATA_DIR": str(tmp_path)})  # fmt: skip

    assert result.returncode != 0
    assert "exclude each other" in result.stderr
