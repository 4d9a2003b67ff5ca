"""The URL map: every route of the application, on top of the pages and the API."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, JsonResponse
from django.urls import path

from hireplay import __version__
from hireplay.core import ENGINE_VERSION
from hireplay.web.api import api
from hireplay.web.pages import account as account_views
from hireplay.web.pages import applications as application_views
from hireplay.web.pages import audit as audit_views
from hireplay.web.pages import benchmark
from hireplay.web.pages import calibration as calibration_views
from hireplay.web.pages import candidate as candidate_views
from hireplay.web.pages import clients as client_views
from hireplay.web.pages import development as development_views
from hireplay.web.pages import hiring as views
from hireplay.web.pages import insights as insight_views
from hireplay.web.pages import interviews as interview_views
from hireplay.web.pages import library as library_views
from hireplay.web.pages import organization as organization_views
from hireplay.web.pages import reports as decision_views
from hireplay.web.pages import selfcheck as selfcheck_views
from hireplay.web.pages.admin import site as admin_site


def health(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers and benchmarks: no database work."""
    return JsonResponse({"status": "ok", "version": __version__, "engine": ENGINE_VERSION})


urlpatterns = [
    path("healthz", health, name="health"),
    path("admin/", admin_site.urls),
    # The busiest route (every candidate's page saves every few seconds) comes first: Django tries
    # the patterns in order.
    path("a/<str:token>/save/", candidate_views.save, name="assessment-save"),
    path("a/<str:token>/state/", candidate_views.state, name="assessment-state"),
    path("a/<str:token>/signals/", candidate_views.signals, name="assessment-signals"),
    path("api/", api.urls),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("account/", account_views.account, name="account"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.dashboard, name="dashboard"),
    path("openings/new/", views.opening_new, name="opening-new"),
    path("openings/<int:pk>/", views.opening_detail, name="opening"),
    path("openings/<int:pk>/hiring-manager/", views.opening_hiring_manager, name="opening-hiring-manager"),
    path("openings/<int:pk>/bulk/", views.opening_bulk, name="opening-bulk"),
    path("openings/<int:pk>/bulk/<int:bulk_id>/undo/", views.opening_bulk_undo, name="opening-bulk-undo"),
    path("openings/<int:pk>/funnel/", views.opening_funnel, name="opening-funnel"),
    path("funnel/", views.organization_funnel, name="organization-funnel"),
    path("settings/", organization_views.settings_page, name="organization-settings"),
    path("settings/logo/", organization_views.logo, name="organization-logo"),
    path("playbooks/", library_views.library_page, name="library"),
    path("playbooks/<int:pk>/", library_views.library_entry, name="library-entry"),
    path("playbooks/<int:pk>/qti/", library_views.library_entry_qti, name="library-entry-qti"),
    path("playbooks/shipped/<slug:playbook_id>/qti/", library_views.shipped_qti, name="shipped-qti"),
    path("openings/<int:pk>/candidates/new/", views.candidate_new, name="candidate-new"),
    path("openings/<int:pk>/candidates/import/", views.candidate_import, name="candidate-import"),
    path("candidates/", views.candidate_search, name="candidate-search"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate"),
    path("candidates/<int:pk>/invite/", views.candidate_invite, name="candidate-invite"),
    path("candidates/<int:pk>/emails/<int:email>/send/", views.candidate_send_again, name="candidate-send-again"),
    path(
        "candidates/<int:pk>/links/<int:invitation>/revoke/", views.candidate_revoke_link, name="candidate-revoke-link"
    ),
    path("candidates/<int:pk>/time/", views.candidate_time, name="candidate-time"),
    path("candidates/<int:pk>/extra-time/", views.candidate_extra_time, name="candidate-extra-time"),
    path("candidates/<int:pk>/late/<int:late>/", views.candidate_late, name="candidate-late"),
    path("candidates/<int:pk>/outcomes/", views.candidate_outcomes, name="candidate-outcomes"),
    path("candidates/<int:pk>/rate/", views.candidate_rate, name="candidate-rate"),
    path("candidates/<int:pk>/share-results/", views.candidate_share_results, name="candidate-share-results"),
    path("development/", development_views.team, name="development"),
    path("development/people/new/", development_views.person_new, name="development-person-new"),
    path("development/people/import/", development_views.people_import, name="development-import"),
    path("development/people/<int:pk>/", development_views.person_page, name="development-person"),
    path("development/people/<int:pk>/rate/", development_views.person_rate, name="development-rate"),
    path("development/people/<int:pk>/plan/", development_views.person_plan, name="development-plan"),
    path("development/people/<int:pk>/plan.pdf", development_views.person_pdf, name="development-plan-pdf"),
    path("development/people/<int:pk>/erase/", development_views.person_erase, name="development-erase"),
    path("development/catalogue/", development_views.catalogue, name="development-catalogue"),
    path("me/<str:token>/", development_views.me, name="development-me"),
    path("me/<str:token>/plan.pdf", development_views.me_pdf, name="development-me-pdf"),
    path("interviews/", interview_views.my_interviews, name="my-interviews"),
    path("candidates/<int:pk>/panel/", interview_views.panel, name="interview-panel"),
    path("candidates/<int:pk>/schedule/", interview_views.schedule, name="interview-schedule"),
    path("candidates/<int:pk>/interview-<str:audience>.ics", interview_views.calendar, name="interview-calendar"),
    path("candidates/<int:pk>/scorecard/", interview_views.scorecard, name="scorecard"),
    path("candidates/<int:pk>/debrief/", interview_views.debrief, name="debrief"),
    path("apply/<str:key>/", application_views.apply, name="apply"),
    path("self-check/", selfcheck_views.self_check, name="self-check"),
    path("openings/<int:pk>/applications/", application_views.intake, name="opening-intake"),
    path("candidates/<int:pk>/cv/", application_views.cv, name="candidate-cv"),
    path("candidates/<int:pk>/review/", application_views.review, name="candidate-review"),
    path("candidates/<int:pk>/exercises/<str:exercise_id>/", interview_views.exercise_run, name="exercise-run"),
    path("openings/<int:pk>/exercises/<str:exercise_id>/brief/", interview_views.exercise_brief, name="exercise-brief"),
    path("candidates/<int:pk>/decide/", decision_views.candidate_decide, name="candidate-decide"),
    path("candidates/<int:pk>/report.pdf", decision_views.report_pdf, name="candidate-report-pdf"),
    path("candidates/<int:pk>/erase/", views.candidate_erase, name="candidate-erase"),
    path("openings/<int:pk>/compare/", decision_views.compare, name="opening-compare"),
    path("openings/<int:pk>/agreement/", insight_views.reliability, name="opening-agreement"),
    path("openings/<int:pk>/items/", insight_views.items, name="opening-items"),
    path("openings/<int:pk>/calibration/", calibration_views.exercises, name="opening-calibration"),
    path("calibration/<int:pk>/", calibration_views.exercise_page, name="calibration"),
    path("compliance/impact/", insight_views.impact_page, name="compliance-impact"),
    path("insights/", insight_views.report_page, name="insights"),
    path("insights/report.pdf", insight_views.report_pdf, name="insights-pdf"),
    path("clients/", client_views.client_list, name="clients"),
    path("clients/<int:pk>/", client_views.client_detail, name="client"),
    path("clients/<int:pk>/owner/", client_views.client_owner, name="client-owner"),
    path("clients/<int:pk>/activity/", client_views.client_activity, name="client-activity"),
    path("clients/<int:pk>/judgement/", client_views.client_judgement, name="client-judgement"),
    path("clients/<int:pk>/review/", client_views.client_review, name="client-review"),
    path("clients/review/", client_views.review_queue, name="clients-review"),
    path("clients/conflicts/", client_views.conflicts, name="clients-conflicts"),
    path("clients/week/", client_views.week, name="clients-week"),
    path("clients/clients.csv", client_views.client_csv, name="clients-csv"),
    path("clients/review.csv", client_views.review_csv, name="clients-review-csv"),
    path("clients/week.csv", client_views.week_csv, name="clients-week-csv"),
    path("clients/policy/", client_views.policy_page, name="clients-policy"),
    path("clients/import/jobs/<int:pk>/", client_views.import_job, name="clients-import-job"),
    path("clients/import/", client_views.import_page, name="clients-import"),
    path("clients/classify/", client_views.classify_now, name="clients-classify"),
    path("audit/", audit_views.audit_page, name="audit"),
    path("audit.csv", audit_views.audit_csv, name="audit-csv"),
    path("a/<str:token>/", candidate_views.landing, name="assessment"),
    path("a/<str:token>/start/", candidate_views.start, name="assessment-start"),
    path("a/<str:token>/language/", candidate_views.choose_language, name="assessment-language"),
    path("a/<str:token>/s/<int:index>/", candidate_views.section, name="assessment-section"),
    path("a/<str:token>/submit/", candidate_views.submit, name="assessment-submit"),
    path("a/<str:token>/done/", candidate_views.done, name="assessment-done"),
    path("a/<str:token>/self-id/", candidate_views.self_identify, name="assessment-self-id"),
    path("a/<str:token>/results/", candidate_views.results, name="assessment-results"),
]

if settings.BENCHMARK_ROUTES:  # only for benchmarks/autosave_load.py; see pages/benchmark.py
    urlpatterns.insert(2, path("bench/commit/", benchmark.commit_one_row, name="bench-commit"))
