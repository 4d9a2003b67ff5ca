"""Brute force is slowed down at the edge: guessed candidate links and API tokens per address,
saves per link. Sign-ins are django-axes's (settings.AXES_*); this module covers the rest.

Counters live in Django's cache (per server process with the default in-memory cache, so with N
processes an address gets up to N times the limit; a shared cache, set in CACHES, makes the
limits exact). When an address is blocked, an `access.locked_out` event says so once.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from hireplay.core.plaintext import text_problem
from hireplay.web.audit.log import record


@dataclass(frozen=True)
class Limit:
    name: str  # in the cache's keys
    what: str  # in words, for the event and the refusal
    failures: int  # how many in the window before the block
    window: int  # seconds
    block: int  # seconds the address (or link) is refused afterwards


LINKS = Limit("links", "assessment link", 30, 600, 900)  # 30 wrong links in 10 minutes: 15 minutes' block
TOKENS = Limit("tokens", "API token", 20, 600, 900)
SAVES = Limit("saves", "saves of one link", 600, 60, 60)  # 10 a second for a minute: no person types that fast
# Sign-ins are django-axes's; this only answers an address axes has blocked before anything else
# runs (no database write, no password hash), so a flood of guesses costs the server nothing.
SIGN_INS = Limit("sign-ins", "sign-in", 5, 900, 900)


def client_address(request: HttpRequest) -> str:
    """The client's address. In production (behind the reverse proxy) it is the last entry of
    X-Forwarded-For: the one our proxy wrote. Earlier entries come from the client, who can write
    anything there to look like a new address at each guess. Elsewhere it is the peer's address."""
    if settings.PRODUCTION:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last[:64]
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")[:64]


def axes_address(request: HttpRequest) -> str | None:
    """The client's address for django-axes, which stores it in an address column: None when the
    request has none that parses (a test client, or a proxy header with something else in it)."""
    found = client_address(request)
    try:
        return str(ipaddress.ip_address(found))
    except ValueError:
        return None


def _key(kind: str, limit: Limit, key: str) -> str:
    return f"hp:{kind}:{limit.name}:{hashlib.sha256(key.encode('utf-8', 'replace')).hexdigest()[:32]}"


def blocked(limit: Limit, key: str) -> bool:
    return bool(cache.get(_key("block", limit, key)))


def count(limit: Limit, key: str, subject: str) -> None:
    """One more for `key`; past the limit, block it and record that once."""
    name = _key("count", limit, key)
    cache.add(name, 0, limit.window)
    try:
        seen = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, limit.window)
        seen = 1
    if seen >= limit.failures and cache.add(_key("block", limit, key), True, limit.block):
        record("system", "access.locked_out", subject,
               {"what": limit.what, "failures": seen, "minutes": limit.block // 60})  # fmt: skip


def refused(request: HttpRequest, limit: Limit) -> HttpResponse:
    message = f"too many attempts ({limit.what}) from here; wait {max(1, limit.block // 60)} minute(s) and try again"
    response = JsonResponse({"error": message}, status=429) if request.path.startswith(("/api/", "/a/")) and (
        request.method == "POST" or request.path.startswith("/api/")) else HttpResponse(
        f"<!doctype html><title>Too many attempts</title><p>{message.capitalize()}.</p>", status=429)  # fmt: skip
    response["Retry-After"] = str(limit.block)
    return response


class Throttle:
    """Refuses an address that guessed too many candidate links or API tokens, and a link that
    saves faster than any person types; counts wrong links (404 on /a/ and /me/) and wrong tokens
    (401 on /api/) as they are answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if path.startswith(("/a/", "/me/")):  # a candidate's link, a person's development link
            return self._candidate(request)
        if path == "/login/" and request.method == "POST":
            address = client_address(request)
            if blocked(SIGN_INS, address):
                return render(request, "registration/locked_out.html", status=429)
            response = self.get_response(request)
            if response.status_code in (200, 429):  # the form again (a wrong password), or axes's refusal
                count(SIGN_INS, address, f"address:{address}")
            return response
        if path.startswith("/api/"):
            address = client_address(request)
            if blocked(TOKENS, address):
                return refused(request, TOKENS)
            response = self.get_response(request)
            if response.status_code == 401 and request.META.get("HTTP_AUTHORIZATION"):
                count(TOKENS, address, f"address:{address}")
            return response
        return self.get_response(request)

    def _candidate(self, request: HttpRequest) -> HttpResponse:
        address = client_address(request)
        if blocked(LINKS, address):
            return refused(request, LINKS)
        if request.method == "POST" and request.path.endswith("/save/"):
            token = request.path[3:].split("/", 1)[0]
            if blocked(SAVES, token):
                return refused(request, SAVES)
            count(SAVES, token, f"address:{address}")
        response = self.get_response(request)
        if response.status_code == 404:
            count(LINKS, address, f"address:{address}")
        return response


def _sign_ins_locked_out(sender: Any, request: Any, username: str | None = None, ip_address: str | None = None,
                         **kwargs: Any) -> None:  # fmt: skip
    """django-axes refused sign-ins for a username: recorded once, at the failure that starts the
    block (axes signals every refused attempt after it too)."""
    failures = getattr(request, "axes_failures_since_start", 0)
    if failures != settings.AXES_FAILURE_LIMIT:
        return
    name = (username or "").strip()[:150]
    subject = f"user:{name}" if name and not text_problem(name) else f"address:{ip_address or 'unknown'}"
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    record("system", "access.locked_out", subject, {"what": "sign-in", "failures": failures, "minutes": minutes})


# Connected when the middleware is loaded, which is before any sign-in can happen.
user_locked_out.connect(_sign_ins_locked_out, dispatch_uid="hireplay-axes-lockout")
