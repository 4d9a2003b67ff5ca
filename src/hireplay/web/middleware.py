"""Response headers every page gets."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers

# Where the staff's language does not apply: the candidate's and applicant's pages choose theirs
# per request (the candidate's language), and the API answers in English.
NOT_STAFF = ("/a/", "/apply/", "/api/")
LANGUAGE_KEY = "staff_language"


class NoNulInAddress:
    """A NUL character in the address's parameters (`%00`) is refused with a plain answer, before
    any view can hand it to the database (PostgreSQL refuses NUL in text; no search needs one)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any("\x00" in key or any("\x00" in v for v in values)
                                         for key, values in request.GET.lists()):  # fmt: skip
            message = "the address contains a NUL character (%00); remove it and try again"
            if request.path.startswith("/api/"):
                return JsonResponse({"error": f"query: {message}"}, status=422)
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class NoStore:
    """Pages of people's data are never kept by a browser or a proxy cache: every response but a
    static file's is marked `no-store` (unless the view set its own caching)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.static = settings.STATIC_URL or "/static/"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and not request.path.startswith(self.static):
            add_never_cache_headers(response)
        return response


class StaffLanguage:
    """Staff pages in the language the person chose (English, French or Dutch), kept in their
    session when they sign in or change it, so no request asks the database for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.known = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = ""
        staff = not request.path.startswith(NOT_STAFF)
        if staff and hasattr(request, "session"):
            chosen = request.session.get(LANGUAGE_KEY, "")
        if chosen not in self.known:
            chosen = settings.LANGUAGE_CODE
        with translation.override(chosen):
            request.LANGUAGE_CODE = chosen
            response = self.get_response(request)
        if staff:
            response.headers.setdefault("Content-Language", chosen)
        return response
