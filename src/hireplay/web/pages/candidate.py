"""The candidate's pages. The link's signed token is the only credential; the deadline is the server's."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hireplay.core.candidate_view import assessment_view
from hireplay.web.flows.assessment import submit as submit_attempt
from hireplay.web.hiring import answers, services
from hireplay.web.hiring.models import AssessmentSession, Invitation

MAX_ANSWER_BYTES = 64_000
# How each refused save is answered: the page shows the reason and keeps the answer on the device.
STATUS: dict[answers.Result, int] = {"no_link": 404, "not_started": 409, "submitted": 409, "late": 409, "invalid": 400}


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


def _expired(session: AssessmentSession) -> bool:
    return timezone.now() > session.deadline + timedelta(seconds=settings.GRACE_SECONDS)


def landing(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    session = _session(invitation)
    if session is not None and (session.submitted_at or _expired(session)):
        if session.submitted_at is None:
            submit_attempt(session)
        return redirect("assessment-done", token=token)
    playbook = invitation.candidate.opening.playbook.to_core()
    return render(request, "candidate/landing.html", {
        "token": token, "candidate": invitation.candidate, "playbook": playbook, "session": session,
        "competencies": playbook.competencies, "minutes": playbook.assessment.time_limit_minutes,
        "extra": invitation.candidate.extra_time_percent,
    })  # fmt: skip


# The signed token in the URL is the candidate's only credential and no cookie is used, so there
# is no ambient authority for a cross-site request to borrow: CSRF protection does not apply.
@csrf_exempt
@require_POST
def start(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    services.start_session(invitation.candidate)
    return redirect("assessment-section", token=token, index=1)


def section(request: HttpRequest, token: str, index: int) -> HttpResponse:
    invitation = _invitation(token)
    session = _session(invitation)
    if session is None:
        return redirect("assessment", token=token)
    if session.submitted_at is not None or _expired(session):
        if session.submitted_at is None:
            submit_attempt(session)
        return redirect("assessment-done", token=token)
    view = assessment_view(invitation.candidate.opening.playbook.to_core(), session.seed)
    sections = view["sections"]
    if not 1 <= index <= len(sections):
        raise Http404("No such section")
    answers = {a.item_id: a.value for a in session.answers.all()}
    base_seq = session.answers.aggregate(top=Max("seq"))["top"] or 0
    return render(request, "candidate/section.html", {
        "token": token, "view": view, "section": sections[index - 1], "index": index, "count": len(sections),
        "deadline": session.deadline.isoformat(), "base_seq": base_seq,
        "answers": answers,
    })  # fmt: skip


def _error(message: str, status: int = 400, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


@csrf_exempt
@require_POST
def save(request: HttpRequest, token: str) -> JsonResponse:
    """Save one answer: {"item": id, "value": ..., "seq": n}. Never overwrites a newer save."""
    ident = services.invitation_id(token)
    if ident is None:
        return _error("this assessment link is not valid or has expired", 404)
    if len(request.body) > MAX_ANSWER_BYTES:
        return _error(f"the answer is larger than {MAX_ANSWER_BYTES // 1000} kB", 413)
    try:
        body = json.loads(request.body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _error("the request body is not JSON")
    if not isinstance(body, dict):
        return _error('send an object: {"item": "...", "value": ..., "seq": 1}')
    outcome = answers.save(ident, body.get("item"), body.get("value"), body.get("seq"), timezone.now())
    if outcome.result in ("saved", "stale"):
        return JsonResponse({"result": outcome.result, "seq": body.get("seq")})
    extra = {"state": outcome.result} if outcome.result in ("submitted", "late") else {}
    return _error(outcome.message, STATUS[outcome.result], **extra)


@csrf_exempt
@require_POST
def submit(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    session = _session(invitation)
    if session is not None:
        submit_attempt(session)
    return redirect("assessment-done", token=token)


def done(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    return render(request, "candidate/done.html", {"candidate": invitation.candidate, "session": _session(invitation)})
