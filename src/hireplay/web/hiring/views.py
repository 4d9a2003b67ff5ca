"""The recruiter's pages: openings, candidates, invitations, the pipeline and score reports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hireplay.core.lint import load_playbook
from hireplay.shipped import shipped_playbooks
from hireplay.web.hiring import services
from hireplay.web.hiring.models import Candidate, JobOpening
from hireplay.web.orgs.access import MANAGE_ROLES, STAFF_ROLES, can, organizations, staff_required
from hireplay.web.orgs.models import Membership, Organization


def _opening(request: HttpRequest, pk: int, roles: tuple[str, ...] | None = None) -> JobOpening:
    """The opening if the user may see it (404 otherwise: its existence is not revealed)."""
    opening = get_object_or_404(JobOpening.objects.select_related("playbook", "organization"), pk=pk)
    if not can(request.user, opening.organization_id, roles or STAFF_ROLES):
        raise Http404("No such opening")
    return opening


def _candidate(request: HttpRequest, pk: int, roles: tuple[str, ...] | None = None) -> Candidate:
    candidate = get_object_or_404(Candidate.objects.select_related("opening__playbook"), pk=pk)
    _opening(request, candidate.opening_id, roles)
    return candidate


def _actor(request: HttpRequest) -> str:
    return f"user:{request.user.get_username()}"


def dashboard(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth.views import redirect_to_login

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not organizations(request.user).exists():
        return redirect("my-interviews")  # interviewers start from their own panels
    openings: QuerySet[JobOpening] = (
        JobOpening.objects.filter(organization__in=organizations(request.user))
        .select_related("organization", "playbook")
        .order_by("-created_at")
    )
    return render(request, "hiring/dashboard.html", {"openings": openings})


class OpeningForm(forms.Form):
    organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label="Organisation"
    )
    title = forms.CharField(max_length=200)
    playbook = forms.ChoiceField(choices=())

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations(user, MANAGE_ROLES)  # type: ignore[attr-defined]
        self.fields["playbook"].choices = [(p.name, p.stem.replace("-", " ").capitalize()) for p in shipped_playbooks()]  # type: ignore[attr-defined]


@staff_required
def opening_new(request: HttpRequest) -> HttpResponse:
    form = OpeningForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        path = next(p for p in shipped_playbooks() if p.name == form.cleaned_data["playbook"])
        opening = services.open_position(
            form.cleaned_data["organization"], form.cleaned_data["title"], load_playbook(path), _actor(request)
        )
        messages.success(request, f"Opening created; it uses playbook {opening.playbook}.")
        return redirect("opening", pk=opening.pk)
    return render(request, "hiring/opening_new.html", {"form": form})


@staff_required
def opening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opening = _opening(request, pk)
    candidates = opening.candidates.select_related("session").order_by("created_at")
    rows = []
    for candidate in candidates:
        session = getattr(candidate, "session", None)
        record = session.scores.order_by("-created_at").first() if session else None
        rows.append({"candidate": candidate, "percent": record.report["total"]["percent"] if record else None})
    return render(request, "hiring/opening.html", {"opening": opening, "rows": rows,
                                                   "may_manage": can(request.user, opening.organization_id, MANAGE_ROLES)})  # fmt: skip


class CandidateForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField()
    extra_time_percent = forms.IntegerField(min_value=0, max_value=200, initial=0, label="Extra time (%)")


@staff_required
def candidate_new(request: HttpRequest, pk: int) -> HttpResponse:
    opening = _opening(request, pk, MANAGE_ROLES)
    form = CandidateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if opening.candidates.filter(email=form.cleaned_data["email"].lower()).exists():
            form.add_error("email", "This person is already a candidate for this opening.")
        else:
            services.add_candidates(
                opening, [{**form.cleaned_data, "email": form.cleaned_data["email"].lower()}], _actor(request)
            )
            messages.success(request, f"{form.cleaned_data['name']} added.")
            return redirect("opening", pk=opening.pk)
    return render(request, "hiring/candidate_new.html", {"opening": opening, "form": form})


@staff_required
def candidate_import(request: HttpRequest, pk: int) -> HttpResponse:
    opening = _opening(request, pk, MANAGE_ROLES)
    problems: list[services.RowProblem] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            problems = [services.RowProblem(0, "choose a CSV file to import")]
        elif upload.size and upload.size > 1_000_000:
            problems = [services.RowProblem(0, "the file is larger than 1 MB; split it")]
        else:
            rows, problems = services.read_candidates_csv(upload.read())
            existing = set(opening.candidates.values_list("email", flat=True))
            problems += [services.RowProblem(i + 2, f"{r['email']} is already a candidate for this opening")
                         for i, r in enumerate(rows) if r["email"] in existing]  # fmt: skip
            if not problems:
                services.add_candidates(opening, rows, _actor(request))
                messages.success(request, f"{len(rows)} candidates imported.")
                return redirect("opening", pk=opening.pk)
    return render(
        request,
        "hiring/candidate_import.html",
        {"opening": opening, "problems": sorted(problems, key=lambda p: p.line)},
    )


@staff_required
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from hireplay.web.decisions.report import decision_form, report_context

    candidate = _candidate(request, pk)
    return render(request, "hiring/candidate.html", {
        **report_context(candidate, request.user), **decision_form(request.session, candidate),
        "may_manage": can(request.user, candidate.opening.organization_id, MANAGE_ROLES),
        "may_erase": can(request.user, candidate.opening.organization_id, (Membership.Role.ADMIN,)),
        "link": request.session.pop(f"invite-link-{candidate.pk}", None),
    })  # fmt: skip


@staff_required
@require_POST
def candidate_invite(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _candidate(request, pk, MANAGE_ROLES)
    if candidate.erased_at is not None:
        raise Http404("No such candidate")
    _, link = services.invite(candidate, request.build_absolute_uri("/"), actor=_actor(request))
    request.session[f"invite-link-{candidate.pk}"] = link
    messages.success(request, f"Invitation sent to {candidate.email}.")
    return redirect("candidate", pk=candidate.pk)


@staff_required
@require_POST
def candidate_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Erase a candidate's personal data on request (administrators; the word ERASE confirms)."""
    from hireplay.web.hiring.privacy import erase

    candidate = _candidate(request, pk, (Membership.Role.ADMIN,))
    if request.POST.get("confirm", "").strip() != "ERASE":
        messages.error(request, "confirm: type ERASE to confirm; nothing was erased")
    elif erase(candidate, _actor(request), "request"):
        messages.success(request, "The candidate's personal data was erased.")
    return redirect("candidate", pk=candidate.pk)


def _rating_rows(candidate: Candidate) -> list[dict[str, Any]]:
    """Per answered written item with criteria left to a rater: the text and those criteria."""
    from hireplay.core.items.written_response import Human, WrittenResponse

    session = getattr(candidate, "session", None)
    latest = session.scores.order_by("-pk").first() if session else None
    if session is None or latest is None or candidate.erased_at is not None:
        return []
    playbook = candidate.opening.playbook.to_core()
    waiting = services.waiting_for_rater(session, playbook)
    answers = session.responses().answers
    rows = []
    for item in playbook.assessment.items:
        if not isinstance(item, WrittenResponse):
            continue
        criteria = [
            {"criterion": c, "name": f"rate:{item.id}:{c.id}", "given": latest.ratings.get(item.id, {}).get(c.id)}
            for c in item.criteria
            if isinstance(c, Human) and (item.id, c.id) in waiting
        ]
        if criteria:
            rows.append({"item": item, "text": answers.get(item.id, ""), "criteria": criteria})
    return rows


@staff_required
def candidate_rate(request: HttpRequest, pk: int) -> HttpResponse:
    """Give points to the criteria of written answers the engine leaves to a person (tone, clarity)."""
    candidate = _candidate(request, pk)
    rows = _rating_rows(candidate)
    if not rows:
        raise Http404("Nothing of this candidate waits for a rater")
    problems: list[str] = []
    if request.method == "POST":
        given: dict[str, dict[str, float]] = {}
        for row in rows:
            for entry in row["criteria"]:
                raw = request.POST.get(entry["name"], "").strip().replace(",", ".")
                if not raw:
                    continue
                item_id, criterion = entry["name"].split(":")[1:]
                try:
                    given.setdefault(item_id, {})[criterion] = float(raw)
                except ValueError:
                    problems.append(f"{item_id}.{criterion}: give a number of points, not '{raw}'")
        if not problems:
            try:
                report, _ = services.rate_written(candidate, given, _actor(request))
            except services.RatingError as exc:
                problems = exc.problems
            else:
                done = "complete" if report.complete else "still provisional: some criteria wait for a rater"
                messages.success(request, f"Ratings stored; the assessment is now {report.percent:g}%, {done}.")
                return redirect("candidate", pk=candidate.pk)
    return render(request, "hiring/rate.html", {"candidate": candidate, "rows": rows, "problems": problems},
                  status=400 if problems else 200)  # fmt: skip
