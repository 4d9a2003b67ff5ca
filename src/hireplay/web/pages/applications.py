"""The public application page of an opening (anyone may apply, no account), and the team's side:
opening or closing the page, reading an application, downloading its CV, and advancing or
rejecting an application a screening answer put under review."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hireplay.core.jobposting import PostingDetails, PostingError, description_html, job_posting_jsonld
from hireplay.web import throttle
from hireplay.web.access import MANAGE_ROLES, candidate_page, opening_page
from hireplay.web.flows import applications as flow
from hireplay.web.flows.organization import logo_uri
from hireplay.web.hiring.models import Application, Candidate, JobOpening
from hireplay.web.outbox import mail
from hireplay.web.pages.candidate_text import language_names

# Applications from one address: 20 an hour is more than any person applying, and stops a flood.
APPLICATIONS = throttle.Limit("applications", "application", 20, 3600, 3600)


def posting(opening: JobOpening) -> tuple[str | None, str]:
    """The opening's schema.org JobPosting as JSON for a <script> block (None when the playbook
    lacks what search engines require), and why it is missing, in words."""
    playbook = opening.playbook.to_core()
    details = PostingDetails(organization=opening.organization.name, date_posted=opening.created_at.date(),
                             identifier=f"opening-{opening.pk}")  # fmt: skip
    try:
        data = job_posting_jsonld(playbook, details)
    except PostingError as error:
        return None, str(error).split(":", 1)[-1].strip()
    # Inside <script> no "<", ">" or "&" may appear as such ("</script>" or "<!--" would change how
    # the page is read); JSON allows each as a \u escape, which every reader decodes.
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"), ""


def _open_opening(key: str) -> JobOpening:
    opening = (JobOpening.objects.select_related("organization", "playbook")
               .filter(apply_key=key, status=JobOpening.Status.OPEN, applications_open=True).first())  # fmt: skip
    if opening is None:
        raise Http404("This role is not taking applications")
    return opening


def apply(request: HttpRequest, key: str) -> HttpResponse:
    """The job description and the application form. A refused form comes back with what was
    typed (not the file: browsers never refill a file field) and each problem beside its field."""
    opening = _open_opening(key)
    playbook = opening.playbook.to_core()
    problems: dict[str, str] = {}
    typed: dict[str, str] = {}
    if request.method == "POST":
        address = throttle.client_address(request)
        if throttle.blocked(APPLICATIONS, address):
            return throttle.refused(request, APPLICATIONS)
        throttle.count(APPLICATIONS, address, f"address:{address}")
        typed = {k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        upload = request.FILES.get("cv")
        cv = None
        if upload is not None and upload.size:
            if upload.size > flow.MAX_CV:
                problems["cv"] = f"the file is {upload.size / 1024 / 1024:.1f} MB; the largest CV we take is 5 MB"
            else:
                cv = flow.Upload(upload.name or "", upload.read())
        if not problems:
            try:
                candidate, email = flow.apply(opening, typed, cv, request.build_absolute_uri("/"))
                return render(request, "applications/received.html", {
                    "opening": opening, "candidate": candidate, "invited": email is not None,
                    "review": candidate.stage == Candidate.Stage.REVIEW,
                })  # fmt: skip
            except flow.ApplicationError as error:
                problems = error.problems
        else:  # say everything that is wrong at once: the file beside the rest
            problems = flow.check(opening, typed, None)[0] | problems
    jsonld, _ = posting(opening)
    texts = {"name": "Name", "email": "E-mail", "phone": "Phone", "language": "Language", "cv": "CV"}
    texts |= {f"screening-{q.id}": q.text for q in playbook.screening}
    return render(request, "applications/apply.html", {
        "opening": opening, "playbook": playbook, "description": description_html(playbook), "jsonld": jsonld,
        "logo": logo_uri(opening.organization_id),
        "languages": language_names(playbook.languages), "typed": typed, "problems": problems,
        "problem_list": [(texts.get(k, k), v) for k, v in problems.items()],
        "questions": [{"q": q, "answer": typed.get(f"screening-{q.id}", ""), "error": problems.get(f"screening-{q.id}")}
                      for q in playbook.screening],
    }, status=400 if problems else 200)  # fmt: skip


@opening_page(MANAGE_ROLES)
@require_POST
def intake(request: HttpRequest, opening: JobOpening) -> HttpResponse:
    """Open or close the public page; invite at once or not."""
    user = request.user
    assert isinstance(user, User)
    flow.set_intake(opening, user, request.POST.get("open") == "yes", request.POST.get("auto_invite") == "yes")
    if opening.applications_open:
        link = request.build_absolute_uri(reverse("apply", kwargs={"key": opening.apply_key}))
        messages.success(request, (gettext("The application page is open at {link} and invites applicants who pass screening at once.")
                                   if opening.auto_invite else gettext("The application page is open at {link}.")).format(link=link))  # fmt: skip
    else:
        messages.success(
            request, gettext("The application page is closed: it now says the role takes no applications.")
        )
    return redirect(reverse("opening", kwargs={"pk": opening.pk}) + "#applications")


@candidate_page()
def cv(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    """The applicant's CV, as they sent it, to the hiring team only."""
    application = get_object_or_404(Application, candidate=candidate, cv__isnull=False)
    response = HttpResponse(
        bytes(application.cv or b""), content_type=application.cv_type or "application/octet-stream"
    )
    safe = "".join(c for c in application.cv_name if c.isalnum() or c in "._- ") or "cv"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@candidate_page(MANAGE_ROLES)
@require_POST
def review(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    """Advance or reject an application under review; a refusal comes back beside the form."""
    user = request.user
    assert isinstance(user, User)
    outcome, reason = request.POST.get("outcome", ""), request.POST.get("reason", "")
    try:
        email = flow.review(candidate, user, outcome, reason, request.build_absolute_uri("/"),
                            invite=request.POST.get("invite") == "yes")  # fmt: skip
    except flow.ApplicationError as error:
        if "application" in error.problems:  # the form is gone from the page: say it at the top
            messages.error(request, error.problems["application"][:1].upper() + error.problems["application"][1:] + ".")
        else:
            request.session[f"review-draft-{candidate.pk}"] = {"problems": error.problems, "outcome": outcome,
                                                               "reason": reason}  # fmt: skip
        return redirect(reverse("candidate", kwargs={"pk": candidate.pk}) + "#application")
    if outcome == Application.Review.REJECTED:
        messages.success(request, gettext("Application rejected; the reason is recorded."))
    elif email is not None:
        sent, why = mail.outcome([email])
        if sent:
            messages.success(request, gettext("Application advanced and the assessment invitation sent."))
        else:
            messages.warning(
                request,
                gettext("Application advanced and the invitation made, but its e-mail is not sent yet: {why}.").format(
                    why=why
                ),
            )
    else:
        messages.success(request, gettext("Application advanced: the candidate is on the list to invite."))
    return redirect(reverse("candidate", kwargs={"pk": candidate.pk}) + "#application")


def application_context(request: HttpRequest, candidate: Candidate) -> dict[str, Any]:
    """What the candidate page shows of an application (nothing when they did not apply)."""
    application = Application.objects.filter(candidate=candidate).select_related("reviewed_by").defer("cv").first()
    if application is None:
        return {"application": None}
    questions = {q.id: q.text for q in candidate.opening.playbook.to_core().screening}
    has_cv = Application.objects.filter(pk=application.pk, cv__isnull=False).exists()
    names = dict(language_names((application.language,))) if application.language else {}
    return {"application": application, "application_view": flow.summary(application, questions), "has_cv": has_cv,
            "application_language": names.get(application.language, application.language),
            "review_draft": request.session.pop(f"review-draft-{candidate.pk}", None) or {}}  # fmt: skip
