from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, JsonResponse
from django.urls import path

from hireplay import __version__
from hireplay.core import ENGINE_VERSION
from hireplay.web.api import api
from hireplay.web.hiring import candidate_views, views


def health(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers and benchmarks: no database work."""
    return JsonResponse({"status": "ok", "version": __version__, "engine": ENGINE_VERSION})


urlpatterns = [
    path("healthz", health, name="health"),
    path("api/", api.urls),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.dashboard, name="dashboard"),
    path("openings/new/", views.opening_new, name="opening-new"),
    path("openings/<int:pk>/", views.opening_detail, name="opening"),
    path("openings/<int:pk>/candidates/new/", views.candidate_new, name="candidate-new"),
    path("openings/<int:pk>/candidates/import/", views.candidate_import, name="candidate-import"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate"),
    path("candidates/<int:pk>/invite/", views.candidate_invite, name="candidate-invite"),
    path("a/<str:token>/", candidate_views.landing, name="assessment"),
    path("a/<str:token>/start/", candidate_views.start, name="assessment-start"),
    path("a/<str:token>/s/<int:index>/", candidate_views.section, name="assessment-section"),
    path("a/<str:token>/save/", candidate_views.save, name="assessment-save"),
    path("a/<str:token>/submit/", candidate_views.submit, name="assessment-submit"),
    path("a/<str:token>/done/", candidate_views.done, name="assessment-done"),
]
