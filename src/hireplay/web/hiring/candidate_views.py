"""The candidate's pages. The link's signed token is the only credential; the deadline is the server's."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hireplay.core.candidate_view import assessment_view
from hireplay.core.playbook import Playbook
from hireplay.web.audit.log import record
from hireplay.web.hiring import services
from hireplay.web.hiring.answers import link_facts, save_answer, save_if_open, save_target, saved_event
from hireplay.web.hiring.models import AssessmentSession, Invitation, LateSave, PlaybookVersion, core_playbook

MAX_ANSWER_BYTES = 64_000
SHAPES: dict[str, tuple[type, ...]] = {
    "single_choice": (str,),
    "multiple_response": (list,),
    "situational_judgment": (dict,),
    "numeric": (str, int, float),
    "ranking": (list,),
    "error_spotting": (list,),
    "instruction_task": (dict,),
    "written_response": (str,),
}


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
            services.submit(session)
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
            services.submit(session)
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


def _playbook(content_hash: str, playbook_pk: int) -> Playbook:
    return core_playbook(content_hash, lambda: PlaybookVersion.objects.get(pk=playbook_pk).content)


def _checked(playbook: Playbook, item_id: Any, value: Any, seq: Any) -> tuple[str, int] | str:
    """The checked (item id, sequence number) of a save, or why it cannot be stored, naming the field."""
    item = playbook.items_by_id.get(item_id) if isinstance(item_id, str) else None
    if item is None:
        return f"item: '{item_id}' is not a question of this assessment"
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        return "seq: must be a positive whole number"
    if not isinstance(value, SHAPES[item.type]):
        return f"value: this question takes {' or '.join(t.__name__ for t in SHAPES[item.type])}"
    return item_id, seq


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
    item_id, value, seq = body.get("item"), body.get("value"), body.get("seq")
    now = timezone.now()
    facts = link_facts(ident)
    if facts is not None:
        checked = _checked(_playbook(facts.playbook_hash, facts.playbook_id), item_id, value, seq)
        if isinstance(checked, tuple):
            event = saved_event(facts.candidate_id, facts.secret, checked[0], value, checked[1])
            if save_if_open(ident, facts.session_id, checked[0], value, checked[1], now, settings.GRACE_SECONDS, event):
                return JsonResponse({"result": "saved", "seq": seq})
    # Not applied in one step: find out why (stale, late, submitted, bad input...).
    target = save_target(ident)
    if target is None or target.revoked or target.expires_at < now:
        return _error("this assessment link is not valid or has expired", 404)
    if target.session_id is None or target.deadline is None:
        return _error("the assessment has not been started", 409)
    checked = _checked(_playbook(target.playbook_hash, target.playbook_id), item_id, value, seq)
    if isinstance(checked, str):
        return _error(checked)
    item_id, seq = checked
    if target.submitted_at is not None:
        return _error("the assessment was already submitted", 409, state="submitted")
    if now > target.deadline + timedelta(seconds=settings.GRACE_SECONDS):
        with transaction.atomic():
            LateSave.objects.create(session_id=target.session_id, item_id=item_id, value=value, arrived_at=now)
            ref, payload = saved_event(target.candidate_id, target.secret, item_id, value, seq)
            record(ref, "answer.late", ref, json.loads(payload))
        return _error("the time is up; this answer arrived too late and was not counted", 409, state="late")
    return JsonResponse({"result": save_answer(target.session_id, item_id, value, seq, now), "seq": seq})


@csrf_exempt
@require_POST
def submit(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    session = _session(invitation)
    if session is not None:
        services.submit(session)
    return redirect("assessment-done", token=token)


def done(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    return render(request, "candidate/done.html", {"candidate": invitation.candidate, "session": _session(invitation)})
