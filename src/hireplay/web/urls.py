from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import path

from hireplay import __version__
from hireplay.core import ENGINE_VERSION


def health(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers and benchmarks: no database work."""
    return JsonResponse({"status": "ok", "version": __version__, "engine": ENGINE_VERSION})


urlpatterns = [path("healthz", health, name="health")]
