"""The reverse proxy of docs/deploy.md, run for real: Debian's nginx with deploy/nginx/hireplay.conf
in front of `hireplay serve` in production mode. HTTP is sent to HTTPS, pages carry HSTS and
secure cookies behind it, a sign-in works through it (CSRF checks the https origin), a forged
X-Forwarded-For changes nobody's address, and a flood of sign-ins is refused by nginx before it
reaches the application."""

from __future__ import annotations

import http.client
import os
import re
import ssl
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.proxy import HOST, Nginx, free_port

PASSWORD = "a long test password"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Nginx, Path]]:
    """A production server on its own SQLite database, with a platform administrator, behind nginx."""
    folder = tmp_path_factory.mktemp("proxy")
    env = {**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, "HIREPLAY_DATA_DIR": str(folder),
           "HIREPLAY_PRODUCTION": "1", "HIREPLAY_ALLOWED_HOSTS": HOST, "HIREPLAY_EMAIL_CONSOLE": "1",
           "HIREPLAY_SECRET_KEY": "proxy-test-" + "k" * 50, "NO_COLOR": "1",
           "DJANGO_SUPERUSER_PASSWORD": PASSWORD}  # fmt: skip
    for command in (["migrate", "-v", "0"], ["createsuperuser", "--noinput", "--username", "root",
                                             "--email", "root@example.com"]):  # fmt: skip
        subprocess.run([sys.executable, "-m", "hireplay", "manage", *command], env=env, check=True, timeout=300,
                       capture_output=True)  # fmt: skip
    port = free_port()
    log = (folder / "server.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "hireplay", "serve", "--port", str(port), "--workers", "2"],
                              env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        with Nginx(port, folder) as nginx:
            started = time.monotonic()
            while time.monotonic() - started < 90 and _get(nginx, "/healthz")[0] != 200:
                time.sleep(0.3)
            yield nginx, folder / "server.log"
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        log.close()


def _request(nginx: Nginx, method: str, path: str, headers: dict[str, str] | None = None,
             body: str | None = None) -> tuple[int, dict[str, str], str]:  # fmt: skip
    """One request over TLS to nginx, checked against the test's certificate; (status, headers, body)."""
    context = ssl.create_default_context(cafile=str(nginx.cert))
    connection = http.client.HTTPSConnection("127.0.0.1", nginx.https, context=context, timeout=30)
    try:
        connection.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
        answer = connection.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read().decode()
    finally:
        connection.close()


def _get(nginx: Nginx, path: str) -> tuple[int, dict[str, str], str]:
    try:
        return _request(nginx, "GET", path)
    except OSError:  # not answering yet
        return 0, {}, ""


def _sign_in(nginx: Nginx, username: str, password: str, forged: str = "") -> tuple[int, str]:
    status, headers, page = _get(nginx, "/login/")
    assert status == 200, page[:500]
    cookie = headers["set-cookie"].split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token[1], "username": username, "password": password})
    sent = {"Cookie": cookie, "Referer": f"https://{HOST}/login/", "Content-Type": "application/x-www-form-urlencoded"}
    if forged:
        sent["X-Forwarded-For"] = forged
    status, _, answer = _request(nginx, "POST", "/login/", sent, body)
    return status, answer


def _settled(log: Path) -> int:
    """The server's sign-in lines once it has written them all: it writes each after its answer,
    and a busy machine lags, so wait until the count holds still for a second."""
    count, since = log.read_text().count("POST /login/"), time.monotonic()
    deadline = since + 20
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = log.read_text().count("POST /login/")
        if now != count:
            count, since = now, time.monotonic()
        elif time.monotonic() - since >= 1:
            break
    return count


def test_plain_http_is_sent_to_https(proxied: tuple[Nginx, Path]) -> None:
    nginx, _ = proxied
    connection = http.client.HTTPConnection("127.0.0.1", nginx.http, timeout=30)
    try:
        connection.request("GET", "/login/?next=/", headers={"Host": HOST})
        answer = connection.getresponse()
        status, location = answer.status, answer.getheader("Location")
    finally:
        connection.close()

    assert status == 301
    assert location == f"https://{HOST}/login/?next=/"


def test_behind_the_proxy_pages_are_https_pages_and_a_sign_in_works(proxied: tuple[Nginx, Path]) -> None:
    nginx, _ = proxied
    status, headers, _ = _get(nginx, "/login/")

    assert status == 200
    assert headers["strict-transport-security"].startswith("max-age=")
    assert "Secure" in headers["set-cookie"]
    assert "default-src 'self'" in headers["content-security-policy"]
    signed_in, _ = _sign_in(nginx, "root", PASSWORD)
    assert signed_in == 302  # CSRF accepted the https origin that the proxy reported


def test_a_forged_address_changes_nothing_and_a_flood_stops_at_nginx(proxied: tuple[Nginx, Path]) -> None:
    nginx, log = proxied
    answers = [_sign_in(nginx, f"guess{n}", "wrong", forged=f"203.0.113.{n}") for n in range(6)]

    # Five failures from one address lock it, although each guess claimed another address.
    assert answers[-1][0] == 429
    assert "nginx" not in answers[-1][1]  # hireplay's own refusal
    before = _settled(log)
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:  # eight attackers at once
        flood = list(pool.map(lambda _: _request(nginx, "POST", "/login/", {"Content-Type": FORM},
                                                 "username=x&password=y"), range(120)))  # fmt: skip
    elapsed = time.monotonic() - started
    refused_by_nginx = sum(1 for status, _, page in flood if status == 429 and "nginx" in page)
    reached = _settled(log) - before

    # At most the burst of 20 and one more every 3 s (20 a minute) got through, whatever the speed.
    assert reached <= 20 + elapsed / 3 + 1
    assert refused_by_nginx >= len(flood) - 20 - elapsed / 3 - 1
    assert reached == len(flood) - refused_by_nginx  # the others never reached the application
