"""The candidate's pages. The link's signed token is the only credential; the clock is the server's.

Every answer the page sends is answered in JSON with what became of it (docs/candidates.md):
saved, stale (a later change from another window is kept, and sent back), refused with the
reason, or kept aside as a late answer. The page reads the server's time from every reply, so a
computer clock that is wrong changes nothing.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from hireplay.core.candidate_view import assessment_view
from hireplay.core.insights import selfid
from hireplay.core.insights.selfid import FORMS
from hireplay.core.playbook import Playbook
from hireplay.web.compliance.models import SelfIdentification
from hireplay.web.flows.assessment import submit as submit_attempt
from hireplay.web.hiring import answers, integrity, services
from hireplay.web.hiring.models import AssessmentSession, Invitation, ScoreRecord
from hireplay.web.pages.candidate_text import language_names, page_text

MAX_ANSWER_BYTES = 64_000
# How each refused save is answered: the page shows the reason and keeps the answer on the device.
STATUS: dict[answers.Result, int] = {"no_link": 404, "not_started": 409, "submitted": 409, "late": 409, "invalid": 400}
# An automatic submit (the page's countdown reached zero) earlier than this before the server's
# deadline is refused: the candidate's page is told the real deadline and carries on.
EARLY_TOLERANCE = timedelta(seconds=5)


def _invitation(token: str) -> Invitation:
    invitation = services.invitation_for(token)
    if invitation is None:
        raise Http404("This assessment link is not valid, or it has expired. Ask your recruiter for a new one.")
    return invitation


def _session(invitation: Invitation) -> AssessmentSession | None:
    """The candidate's attempt (loaded with the invitation), or None before it starts."""
    try:
        return invitation.candidate.session
    except AssessmentSession.DoesNotExist:
        return None


def _expired(session: AssessmentSession, now: datetime | None = None) -> bool:
    return (now or timezone.now()) > session.deadline + timedelta(seconds=settings.GRACE_SECONDS)


def _ms(moment: datetime) -> int:
    """A moment as milliseconds since 1970 (what a page's clock counts in)."""
    return int(moment.timestamp() * 1000)


def _closed(session: AssessmentSession | None) -> bool:
    """Whether this attempt is over; one past its deadline and grace is submitted here (automatic)."""
    if session is None:
        return False
    if session.submitted_at is None and _expired(session):
        submit_attempt(session)
        session.refresh_from_db(fields=["submitted_at"])
    return session.submitted_at is not None


def _organization(invitation: Invitation) -> Any:
    return invitation.candidate.opening.organization


def _rights(invitation: Invitation) -> dict[str, Any]:
    """What the candidate has a right to know before starting: how long their data is kept and
    where to ask for an accommodation (the hiring organisation's, else its agency's)."""
    organization = invitation.candidate.opening.organization
    agency = organization.agency
    days = (
        organization.retention_days
        if organization.retention_days is not None
        else (agency.retention_days if agency else None)
    )
    contact = organization.contact_email or (agency.contact_email if agency else "")
    return {"retention_days": days, "contact": contact}


UI_LANGUAGES = frozenset(code for code, _ in settings.LANGUAGES)


def _language(request: HttpRequest, invitation: Invitation, playbook: Playbook) -> str:
    """The language the candidate reads the assessment in: the attempt's once it has started;
    before, the one chosen on the invitation, else the browser's preferred language among those the
    playbook is available in, else the opening's default, else the playbook's own."""
    session = _session(invitation)
    if session is not None:
        return session.language or playbook.role.language
    offered = playbook.languages
    if invitation.language in offered:
        return invitation.language
    for code, _weight in parse_accept_lang_header(request.headers.get("Accept-Language", "")[:500]):
        base = code.split("-")[0].lower()
        if base in offered:
            return base
    if invitation.candidate.opening.language in offered:
        return invitation.candidate.opening.language
    return playbook.role.language


def _render(request: HttpRequest, template: str, language: str, context: dict[str, Any]) -> HttpResponse:
    """A candidate's page in their language (the page's own words in English where hireplay has
    no translation for that language)."""
    with translation.override(language if language in UI_LANGUAGES else "en"):
        response = render(request, template, {**context, "page_text": page_text(), "language": language})
    response["Content-Language"] = language
    return response


@never_cache
def landing(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    session = _session(invitation)
    if _closed(session):
        return redirect("assessment-done", token=token)
    if invitation.opened_at is None:  # the first opening only: one small update, never again
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(opened_at=timezone.now())
    base = invitation.candidate.opening.playbook.to_core()
    language = _language(request, invitation, base)
    playbook = base.in_language(language)
    return _render(request, "candidate/landing.html", language, {
        "token": token, "candidate": invitation.candidate, "playbook": playbook, "session": session,
        "competencies": playbook.competencies, "minutes": playbook.assessment.time_limit_minutes,
        "extra": invitation.candidate.extra_time_percent, "organization": _organization(invitation),
        "languages": language_names(base.languages) if session is None and len(base.languages) > 1 else [],
        **_rights(invitation),
    })  # fmt: skip


@csrf_exempt
@require_POST
def choose_language(request: HttpRequest, token: str) -> HttpResponse:
    """The candidate picks the language before starting; it is kept on the invitation."""
    invitation = _invitation(token)
    playbook = invitation.candidate.opening.playbook.to_core()
    chosen = request.POST.get("language", "")
    if _session(invitation) is None and chosen in playbook.languages:
        Invitation.objects.filter(pk=invitation.pk).update(language=chosen)
    return redirect("assessment", token=token)


# The signed token in the URL is the candidate's only credential and no cookie is used, so there
# is no ambient authority for a cross-site request to borrow: CSRF protection does not apply.
@csrf_exempt
@require_POST
def start(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    playbook = invitation.candidate.opening.playbook.to_core()
    language = _language(request, invitation, playbook)
    services.start_session(invitation.candidate, language="" if language == playbook.role.language else language)
    return redirect("assessment-section", token=token, index=1)


@never_cache
def section(request: HttpRequest, token: str, index: int) -> HttpResponse:
    invitation = _invitation(token)
    session = _session(invitation)
    if session is None:
        return redirect("assessment", token=token)
    if _closed(session):
        return redirect("assessment-done", token=token)
    playbook = invitation.candidate.opening.playbook.to_core()
    language = _language(request, invitation, playbook)
    view = assessment_view(playbook, session.seed, language)
    sections = view["sections"]
    if not 1 <= index <= len(sections):
        raise Http404("No such section")
    stored = answers.stored_answers(session.pk)
    with translation.override(language if language in UI_LANGUAGES else "en"):
        untitled = gettext("Question {n}")
    questions = [{"id": item["id"], "title": item["title"] or untitled.format(n=n), "section": s_index,
                  "answered": item["id"] in stored}
                 for s_index, s in enumerate(sections, 1) for n, item in enumerate(s["items"], 1)]  # fmt: skip
    return _render(request, "candidate/section.html", language, {
        "token": token, "view": view, "section": sections[index - 1], "index": index, "count": len(sections),
        "deadline_ms": _ms(session.deadline), "server_ms": _ms(timezone.now()),
        "answers": {item: {"value": s.value, "seq": s.seq} for item, s in stored.items()},
        "questions": questions, "organization": _organization(invitation),
        "item_types": sorted({item["type"] for item in sections[index - 1]["items"]}),
    })  # fmt: skip


def _error(message: str, status: int = 400, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": message, "now": _ms(timezone.now()), **extra}, status=status)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


TOO_LONG = f"this answer is too long to save: at most {MAX_ANSWER_BYTES // 1000} kB (about 8,000 words)"


def _too_long(request: HttpRequest) -> bool:
    """Whether the body is over the limit, judged before reading it where the client says its length."""
    try:  # META, not `headers`: building `headers` costs more than the rest of this check
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_ANSWER_BYTES:
        return True
    try:
        return len(request.body) > MAX_ANSWER_BYTES
    except RequestDataTooBig:
        return True


def _body(request: HttpRequest) -> dict[str, Any] | str:
    """The JSON object sent, or why it cannot be read (in words for the page to show)."""
    if _too_long(request):
        return TOO_LONG
    raw = request.body
    try:
        body = json.loads(raw, parse_constant=_no_constant)  # invalid UTF-8 raises a ValueError too
        if b"\\u" in raw:  # only an escape can make a lone surrogate, which cannot be stored
            json.dumps(body, ensure_ascii=False).encode("utf-8")
    except (ValueError, RecursionError, UnicodeError):
        return "the request body is not valid JSON"
    if not isinstance(body, dict):
        return 'send an object: {"item": "...", "value": ..., "seq": 1}'
    return body


def _device_time(value: Any) -> datetime | None:
    """The moment the candidate's device says an answer was made (milliseconds since 1970)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        return None
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


@csrf_exempt
@require_POST
def save(request: HttpRequest, token: str) -> JsonResponse:
    """Save one answer: {"item": id, "value": ..., "seq": n, "at": device ms}. Never overwrites a
    newer save; a stale save is answered with the answer that is kept."""
    ident = services.invitation_id(token)
    if ident is None:
        return _error("this assessment link is not valid or has expired", 404)
    body = _body(request)
    if isinstance(body, str):
        return _error(body, 413 if body == TOO_LONG else 400)
    outcome = answers.save(ident, body.get("item"), body.get("value"), body.get("seq"), timezone.now(),
                           device_at=_device_time(body.get("at")))  # fmt: skip
    now = _ms(timezone.now())
    if outcome.result == "saved":
        return JsonResponse({"result": "saved", "seq": body.get("seq"), "now": now})
    if outcome.result == "stale":
        kept = outcome.kept
        return JsonResponse({"result": "stale", "seq": body.get("seq"), "now": now,
                             "stored": {"value": kept.value, "seq": kept.seq} if kept else None})  # fmt: skip
    extra = {"state": outcome.result, "kept": outcome.set_aside} if outcome.result in answers.KEPT_ASIDE else {}
    return _error(outcome.message, STATUS[outcome.result], **extra)


@csrf_exempt
@require_POST
def signals(request: HttpRequest, token: str) -> JsonResponse:
    """Record integrity signals from the page while the attempt is open: {"signals": [{"kind":
    "paste"|"away"|"quick", "item": id, "amount": n}]}. Facts for a person, never a verdict."""
    invitation = services.invitation_for(token)
    if invitation is None:
        return _error("this assessment link is not valid or has expired", 404)
    session = _session(invitation)
    if session is None or session.submitted_at is not None or _expired(session):
        return _error("the attempt is not open", 409, state="closed")
    if _too_long(request) or len(request.body) > 16_000:
        return _error("send fewer signals at once", 413)
    body = _body(request)
    if isinstance(body, str):
        return _error(body)
    try:
        batch = integrity.check(invitation.candidate.opening.playbook.to_core(), body.get("signals"))
    except integrity.SignalError as problem:
        return _error(str(problem))
    integrity.record(session.pk, batch, timezone.now())
    return JsonResponse({"recorded": len(batch), "now": _ms(timezone.now())})


@never_cache
@require_GET
def state(request: HttpRequest, token: str) -> JsonResponse:
    """The attempt as the server holds it: its clock, the deadline, whether it is over, the answers."""
    ident = services.invitation_id(token)
    invitation = services.invitation_for(token) if ident is not None else None
    if invitation is None:
        return _error("this assessment link is not valid or has expired", 404)
    session = _session(invitation)
    if session is None:
        return _error("the assessment has not been started", 409, state="not_started")
    closed = _closed(session)
    stored = answers.stored_answers(session.pk)
    return JsonResponse({
        "now": _ms(timezone.now()), "deadline": _ms(session.deadline), "submitted": closed,
        "answers": {item: {"value": s.value, "seq": s.seq} for item, s in stored.items()},
    })  # fmt: skip


@csrf_exempt
@require_POST
def submit(request: HttpRequest, token: str) -> HttpResponse:
    """Submit the attempt. The page sends `automatic=1` when its countdown (on the server's clock)
    reached zero; if the server's deadline is still ahead, nothing is submitted and the page is
    told the deadline."""
    invitation = _invitation(token)
    session = _session(invitation)
    wants_json = "application/json" in request.headers.get("Accept", "")
    early = (
        session is not None
        and session.submitted_at is None
        and request.POST.get("automatic") == "1"
        and timezone.now() < session.deadline - EARLY_TOLERANCE
    )
    if early and session is not None:
        if wants_json:
            return _error("the time is not up yet", 409, state="running", deadline=_ms(session.deadline))
        return redirect("assessment-section", token=token, index=1)
    if session is not None:
        submit_attempt(session)
    done = reverse("assessment-done", kwargs={"token": token})
    if wants_json:
        return JsonResponse({"result": "submitted", "done": done, "now": _ms(timezone.now())})
    return redirect(done)


@never_cache
def done(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    session = _session(invitation)
    _closed(session)
    language = _language(request, invitation, invitation.candidate.opening.playbook.to_core())
    organization = _organization(invitation)
    given = SelfIdentification.objects.filter(candidate_id=invitation.candidate_id).exists()
    offered = bool(organization.self_id_form in FORMS and session and session.submitted_at and not given)
    return _render(request, "candidate/done.html", language, {
        "candidate": invitation.candidate, "session": session, "organization": organization, "token": token,
        "self_id": [{"id": q.id, "label": q.label, "options": q.options} for q in FORMS[organization.self_id_form]]
                   if offered else [],
        "self_id_saved": given and request.GET.get("self-id") == "saved",
        "self_id_error": request.GET.get("self-id") == "refused",
    })  # fmt: skip


@never_cache
@require_POST
def self_identify(request: HttpRequest, token: str) -> HttpResponse:
    """Store the candidate's voluntary answers, once, apart from the hiring record (after they
    submitted; the organisation must offer the form)."""
    invitation = _invitation(token)
    session = _session(invitation)
    organization = _organization(invitation)
    done = reverse("assessment-done", kwargs={"token": token})
    if organization.self_id_form not in FORMS or session is None or session.submitted_at is None:
        raise Http404("No form to answer")
    try:
        answers = selfid.clean(organization.self_id_form, {k: str(v) for k, v in request.POST.items()})
    except ValueError:
        return redirect(f"{done}?self-id=refused")
    SelfIdentification.objects.get_or_create(candidate_id=invitation.candidate_id, defaults={
        "form": organization.self_id_form, "answers": answers, "given_at": timezone.now()})  # fmt: skip
    return redirect(f"{done}?self-id=saved")


@never_cache
@require_GET
def results(request: HttpRequest, token: str) -> HttpResponse:
    """The candidate's own score breakdown by competency, once the organisation has shared it (never
    the answer keys, the items or anyone's notes)."""
    invitation = _invitation(token)
    candidate = invitation.candidate
    language = _language(request, invitation, candidate.opening.playbook.to_core())
    stored = ScoreRecord.current(candidate.pk) if candidate.results_shared_at else None
    report = stored.to_core() if stored else None
    names = {c.id: c.name for c in candidate.opening.playbook.to_core().in_language(language).competencies}
    return _render(request, "candidate/results.html", language, {
        "candidate": candidate, "organization": _organization(invitation), "token": token,
        "rows": [{"name": names.get(c.id, c.name), "score": c.score} for c in report.competencies] if report else [],
        "shared": report is not None,
    })  # fmt: skip
