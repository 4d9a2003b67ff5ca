"""The recruiter's pages: openings, candidates, invitations, the pipeline and score reports."""

from __future__ import annotations

import csv
from datetime import UTC
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Q, QuerySet, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from hireplay.core import funnel as core_funnel
from hireplay.core.lint import load_playbook
from hireplay.core.plaintext import text_problem
from hireplay.shipped import shipped_playbooks
from hireplay.web.access import (
    ADMIN_ROLES,
    MANAGE_ROLES,
    can,
    candidate_page,
    opening_page,
    organizations,
    signed_in,
    staff_required,
)
from hireplay.web.audit.catalogue import actor
from hireplay.web.decisions.models import BulkRejection
from hireplay.web.flows import bulk, outcomes
from hireplay.web.flows.assessment import (
    AttemptError,
    RatingError,
    close_expired,
    corrections,
    give_time,
    rate_written,
    rater_work,
    review_late,
)
from hireplay.web.flows.decision import (
    DecisionError,
    NotAllowedError,
    eligible_deciders,
    set_hiring_manager,
    share_results,
)
from hireplay.web.flows.organization import disposition_labels
from hireplay.web.flows.privacy import erase
from hireplay.web.hiring import integrity, services
from hireplay.web.hiring.models import Candidate, Invitation, JobOpening, LateSave, LibraryPlaybook, ScoreRecord
from hireplay.web.orgs.models import Organization
from hireplay.web.outbox import mail
from hireplay.web.outbox.models import Email
from hireplay.web.pages import applications, pipeline
from hireplay.web.pages.candidate_text import language_names
from hireplay.web.pages.report_context import decision_form, report_context


@signed_in
def dashboard(request: HttpRequest) -> HttpResponse:
    if not organizations(request.user).exists():
        return redirect("my-interviews")  # interviewers start from their own panels
    # One query for the page of openings with their candidate counts, one for how many there are.
    openings: QuerySet[JobOpening] = (
        JobOpening.objects.filter(organization__in=organizations(request.user))
        .select_related("organization", "playbook")
        .annotate(candidate_count=Count("candidates"))
        .order_by("-created_at", "-pk")
    )
    page = Paginator(openings, 50).get_page(request.GET.get("page"))
    unsent, failing = mail.unsent(organizations(request.user, MANAGE_ROLES), limit=10)
    return render(request, "hiring/dashboard.html", {"openings": page.object_list, "page": page, "unsent": unsent,
                                                     "failing": failing})  # fmt: skip


def one_line(value: str) -> None:
    """A name or title: one line of ordinary text (it goes into e-mail subjects and calendar files)."""
    problem = text_problem(value)
    if problem:
        raise forms.ValidationError(f"This {problem}.")


class OpeningForm(forms.Form):
    organization: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=gettext_lazy("Organisation")
    )
    title = forms.CharField(max_length=200, validators=[one_line], label=gettext_lazy("Title"))
    playbook = forms.ChoiceField(choices=(), label=gettext_lazy("Playbook"))
    language = forms.ChoiceField(
        choices=[("", gettext_lazy("The playbook's own language")), *settings.LANGUAGES], required=False,
        label=gettext_lazy("Candidates' default language"),
        help_text=gettext_lazy("Used when neither the invitation nor the candidate's browser names a language the "
                               "playbook is in."),
    )  # fmt: skip

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = organizations(user, MANAGE_ROLES)
        self.fields["organization"].queryset = allowed  # type: ignore[attr-defined]
        shipped = [(p.name, p.stem.replace("-", " ").capitalize()) for p in shipped_playbooks()]
        own = [(f"library:{e.pk}", f"{e.version.title}, version {e.version.version} ({e.organization.name})")
               for e in LibraryPlaybook.objects.filter(organization__in=allowed)
               .select_related("version", "organization").order_by("organization__name", "version__title", "-pk")]  # fmt: skip
        self.fields["playbook"].choices = ([("Shipped with hireplay", shipped)]  # type: ignore[attr-defined]
                                           + ([("Your organisations' own", own)] if own else []))  # fmt: skip

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen, organization = cleaned.get("playbook", ""), cleaned.get("organization")
        if chosen.startswith("library:") and organization is not None:
            entry = LibraryPlaybook.objects.filter(pk=chosen.removeprefix("library:")).first()
            if entry is None or entry.organization_id != organization.pk:
                self.add_error("playbook", f"This playbook belongs to another organisation than {organization.name}; "
                                           "choose one of its own or a shipped one.")  # fmt: skip
        return cleaned


@staff_required
def opening_new(request: HttpRequest) -> HttpResponse:
    form = OpeningForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["playbook"]
        if chosen.startswith("library:"):
            playbook = LibraryPlaybook.objects.get(pk=chosen.removeprefix("library:")).version.to_core()
        else:
            playbook = load_playbook(next(p for p in shipped_playbooks() if p.name == chosen))
        opening = services.open_position(
            form.cleaned_data["organization"], form.cleaned_data["title"], playbook, actor(request.user)
        )
        if form.cleaned_data["language"]:
            JobOpening.objects.filter(pk=opening.pk).update(language=form.cleaned_data["language"])
        messages.success(request, gettext("Opening created; it uses the playbook “{title}”, version {version}.")
                         .format(title=opening.playbook.title, version=opening.playbook.version))  # fmt: skip
        return redirect("opening", pk=opening.pk)
    return render(request, "hiring/opening_new.html", {"form": form})


@opening_page()
def opening_detail(request: HttpRequest, opening: JobOpening) -> HttpResponse:
    """The opening and its pipeline: a count per stage, then one page of candidates, searched,
    filtered and sorted. A fixed number of queries whatever the number of candidates; the page's
    own refresh every 10 s costs three small queries and sends nothing when nothing changed."""
    view = pipeline.read(request.GET)
    counts, mark = pipeline.state(opening)
    if request.headers.get("HX-Request") and request.GET.get("since") == mark:
        return HttpResponse(status=204)  # htmx leaves the page as it is
    page = Paginator(pipeline.rows(opening, view), pipeline.PER_PAGE).get_page(request.GET.get("page"))
    may_manage = can(request.user, opening.organization_id, MANAGE_ROLES)
    return render(request, "hiring/opening.html", {
        "opening": opening, "page": page, "may_manage": may_manage, "view": view, "mark": mark,
        "stages": pipeline.board(counts, view), "total": sum(counts.values()),
        "sorts": pipeline.SORT_LABELS, "query": view.query(), "now": timezone.now(),
        "deciders": eligible_deciders(opening) if may_manage else [],
        "manager_error": request.session.pop(f"manager-error-{opening.pk}", None),
        "apply_url": request.build_absolute_uri(reverse("apply", kwargs={"key": opening.apply_key})),
        "review_label": Candidate.Stage.REVIEW.label, "screening_count": len(opening.playbook.to_core().screening),
        "posting_problem": applications.posting(opening)[1] if opening.applications_open else "",
        "may_reject": can(request.user, opening.organization_id, ADMIN_ROLES)
                      or opening.hiring_manager_id == request.user.pk,
        "undoable": bulk.open_for(opening, request.user) if isinstance(request.user, User) else None,
    })  # fmt: skip


@staff_required
def candidate_search(request: HttpRequest) -> HttpResponse:
    """Candidates across every opening the person may see, by name or e-mail address: 50 to a
    page, with their opening, stage and assessment, in a fixed number of queries."""
    search = request.GET.get("q", "").strip()[: pipeline.MAX_SEARCH]
    found = Candidate.objects.none()
    if search:
        found = (Candidate.objects.filter(opening__organization__in=organizations(request.user), erased_at__isnull=True)
                 .filter(Q(name__icontains=search) | Q(email__icontains=search))
                 .select_related("opening__organization").annotate(percent=ScoreRecord.current_percent())
                 .order_by("name", "pk"))  # fmt: skip
    page = Paginator(found, pipeline.PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "hiring/candidate_search.html", {"search": search, "page": page,
                                                             "query": urlencode({"q": search}) if search else ""})  # fmt: skip


@opening_page()
def opening_funnel(request: HttpRequest, opening: JobOpening) -> HttpResponse:
    """The opening's funnel: reached, conversion, median days in each stage, where candidates left,
    new candidates per week, and how far each source's candidates got; as a page with charts, or
    `?format=csv`. Three queries."""
    return _funnel_page(request, opening.candidates.all(), opening.title, f"opening-{opening.pk}",
                        reverse("opening", kwargs={"pk": opening.pk}), opening.title)  # fmt: skip


@staff_required
def organization_funnel(request: HttpRequest) -> HttpResponse:
    """The same funnel across every opening of one organisation (`?org=<slug>`; the first one may
    see by default)."""
    mine = organizations(request.user).order_by("name")
    chosen = mine.filter(slug=request.GET.get("org", "")).first() or mine.first()
    if chosen is None:
        raise Http404("No organisation")
    candidates = Candidate.objects.filter(opening__organization=chosen)
    return _funnel_page(request, candidates, gettext("every opening of {organization}").format(organization=chosen.name),
                        f"organization-{chosen.slug}", reverse("dashboard"), gettext("Openings"), choices=list(mine),
                        chosen=chosen)  # fmt: skip


def _funnel_page(request: HttpRequest, candidates: QuerySet[Candidate], title: str, file: str, back: str,
                 back_label: str, **extra: Any) -> HttpResponse:  # fmt: skip
    histories = pipeline.histories(candidates)
    found = core_funnel.funnel(histories, today=timezone.now())
    sources = core_funnel.by_source(histories)
    labels = dict(Candidate.Source.choices)
    names = dict(Candidate.Stage.choices)  # the stages in the reader's language
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="funnel-{file}.csv"'
        writer = csv.writer(response)
        writer.writerow(["stage", "reached", "conversion_to_next", "median_days_in_stage", "moved_on", "in_stage_now",
                         "left_from_here"])  # fmt: skip
        for step in found.steps:
            writer.writerow([step.stage, step.reached, "" if step.conversion is None else f"{step.conversion:.4f}",
                             "" if step.median_days is None else f"{step.median_days:.2f}", step.moved_on,
                             step.waiting, step.left_here])  # fmt: skip
        writer.writerow([])
        writer.writerow(["source", "candidates", *(f"reached_{stage}" for stage in core_funnel.FLOW)])
        for row in sources:
            writer.writerow([row.source, row.candidates, *row.reached])
        return response
    widest = max((s.reached for s in found.steps), default=0) or 1
    busiest = max((n for _, n in found.weeks), default=0) or 1
    return render(request, "hiring/funnel.html", {
        "title": title, "back": back, "back_label": back_label, "funnel": found,
        "bars": [{"step": s, "label": names.get(s.stage, s.label), "width": round(480 * s.reached / widest), "y": 8 + 30 * n}
                 for n, s in enumerate(found.steps)],
        "steps": [(names.get(s.stage, s.label), s) for s in found.steps],
        "height": 16 + 30 * len(found.steps),
        "weeks": [{"week": w, "count": c, "height": round(80 * c / busiest), "y": 90 - round(80 * c / busiest),
                   "x": 10 + 44 * n} for n, (w, c) in enumerate(found.weeks)],
        "flow": [names.get(s, core_funnel.LABELS[s]) for s in core_funnel.FLOW],
        "sources": [{"label": labels.get(r.source, r.source or gettext("Not recorded")), "row": r} for r in sources],
        **extra,
    })  # fmt: skip


@opening_page()
@require_POST
def opening_bulk(request: HttpRequest, opening: JobOpening) -> HttpResponse:
    """Act on the chosen candidates: send (or send again) the assessment invitation, or reject them
    with one reason and disposition. First a page that lists them and asks to confirm, then the
    action. Candidates of another opening refuse the whole request; those the action does not fit
    are listed as left out, with why."""
    ids = [int(v) for v in request.POST.getlist("candidate") if v.isdigit()]
    chosen = list(opening.candidates.filter(pk__in=ids, erased_at__isnull=True).order_by("name", "pk"))
    if not ids:
        messages.error(request, gettext("choose at least one candidate in the list first."))
        return redirect(reverse("opening", kwargs={"pk": opening.pk}) + "#pipeline-title")
    if len(chosen) != len(set(ids)):
        return render(request, "hiring/bulk_refused.html", {"opening": opening}, status=400)
    back = request.POST.get("back", "")
    action = request.POST.get("action", "invite")
    if action == "reject":
        return _bulk_reject(request, opening, chosen, back)
    if action == "advance":
        return _bulk_advance(request, opening, chosen, back)
    if not can(request.user, opening.organization_id, MANAGE_ROLES):
        return render(request, "403.html", {"message": gettext("Invitations and reminders are sent by the opening's "
                                                               "recruiters and administrators.")}, status=403)  # fmt: skip
    if action == "remind":
        return _bulk_remind(request, opening, chosen, back)
    ready = [c for c in chosen if c.stage in pipeline.INVITABLE]
    skipped = [c for c in chosen if c.stage not in pipeline.INVITABLE]
    if request.POST.get("confirm") != "yes":
        return render(request, "hiring/bulk_confirm.html", {"opening": opening, "ready": ready, "skipped": skipped,
                                                            "back": back})  # fmt: skip
    emails = []
    for candidate in ready:
        _, _, email = services.invite(candidate, request.build_absolute_uri("/"), by=actor(request.user))
        emails.append(email)
    sent, why = mail.outcome(emails) if emails else (True, "")
    n = len(ready)
    if sent:
        left = ngettext(" {n} skipped: past the invitation.", " {n} skipped: past the invitation.", len(skipped))
        messages.success(request, ngettext("{n} invitation sent.", "{n} invitations sent.", n).format(n=n)
                         + (left.format(n=len(skipped)) if skipped else ""))  # fmt: skip
    else:
        messages.warning(request, ngettext("{n} invitation recorded, not all sent yet: {why}. Each candidate's page "
                                           "shows their e-mail.", "{n} invitations recorded, not all sent yet: {why}. "
                                           "Each candidate's page shows their e-mail.", n).format(n=n, why=why))  # fmt: skip
    return _back_to_pipeline(opening, back)


def _back_to_pipeline(opening: JobOpening, back: str) -> HttpResponse:
    return redirect(reverse("opening", kwargs={"pk": opening.pk})
                    + (f"?{back}" if back.startswith(("q=", "stage=", "sort=", "page=")) else ""))  # fmt: skip


def _bulk_remind(request: HttpRequest, opening: JobOpening, chosen: list[Candidate], back: str) -> HttpResponse:
    """The confirmation page (who gets a reminder with their link in force, who is left out and
    why), then the reminders."""
    now = timezone.now()
    links = {}
    for invitation in Invitation.objects.filter(candidate__in=chosen, revoked=False).order_by("pk"):
        links[invitation.candidate_id] = invitation  # the latest one wins
    ready, skipped = [], []
    for candidate in chosen:
        problem = services.reminder_problem(candidate, links.get(candidate.pk), now)
        if problem:
            skipped.append((candidate, problem))
        else:
            ready.append((candidate, links[candidate.pk]))
    if request.POST.get("confirm") != "yes":
        return render(request, "hiring/bulk_remind.html", {"opening": opening, "ready": ready, "skipped": skipped,
                                                           "back": back})  # fmt: skip
    emails, refused = [], []
    for candidate, _ in ready:
        try:
            emails.append(services.remind(candidate, request.build_absolute_uri("/"), actor(request.user)))
        except ValueError as problem:  # someone else reminded or invited them meanwhile
            refused.append(f"{candidate.name}: {problem}")
    sent, why = mail.outcome(emails) if emails else (True, "")
    n = len(emails)
    left = gettext(" Not reminded: {who}.").format(who="; ".join(refused)) if refused else ""
    if sent:
        messages.success(request, ngettext("{n} reminder sent.", "{n} reminders sent.", n).format(n=n) + left)
    else:
        messages.warning(request, ngettext("{n} reminder recorded, not all sent yet: {why}. Each candidate's page "
                                           "shows their e-mail.", "{n} reminders recorded, not all sent yet: {why}. "
                                           "Each candidate's page shows their e-mail.", n).format(n=n, why=why) + left)  # fmt: skip
    return _back_to_pipeline(opening, back)


def _bulk_advance(request: HttpRequest, opening: JobOpening, chosen: list[Candidate], back: str) -> HttpResponse:
    """The confirmation page (who would be advanced to the interview, who is left out and why; the
    reason), then the decisions, each the user's own."""
    user = request.user
    assert isinstance(user, User)
    planned = bulk.plan(opening, user, chosen, advance=True)
    reason = request.POST.get("reason", "")
    problems: dict[str, str] = {}
    if request.POST.get("confirm") == "yes":
        try:
            made = bulk.advance(opening, user, planned.ready, reason)
        except DecisionError as error:
            problems[error.field if error.field == "reason" else "candidate"] = error.message
        else:
            messages.success(request, ngettext(
                "{n} candidate advanced to the interview. Their page shows the decision; plan the interview from there.",
                "{n} candidates advanced to the interview. Each candidate's page shows the decision; plan the "
                "interviews from there.", len(made)).format(n=len(made)))  # fmt: skip
            return _back_to_pipeline(opening, back)
    return render(request, "hiring/bulk_advance.html", {
        "opening": opening, "ready": planned.ready, "skipped": planned.skipped, "back": back, "reason": reason,
        "problems": problems,
    }, status=400 if problems else 200)  # fmt: skip


def _bulk_reject(request: HttpRequest, opening: JobOpening, chosen: list[Candidate], back: str) -> HttpResponse:
    """The confirmation page (who would be rejected, who is left out and why; the reason, the
    disposition, whether to e-mail them), then the rejections with their undo window."""
    user = request.user
    assert isinstance(user, User)
    planned = bulk.plan(opening, user, chosen)
    labels = disposition_labels(opening.organization)
    reason, disposition = request.POST.get("reason", ""), request.POST.get("disposition", "")
    tell = request.POST.get("tell") == "yes"
    typed = {"reason": reason, "disposition": disposition, "tell": tell}
    problems: dict[str, str] = {}
    if request.POST.get("confirm") == "yes":
        try:
            done = bulk.reject(opening, user, planned.ready, reason, disposition, tell)
        except DecisionError as error:
            problems[error.field if error.field in ("reason", "disposition") else "candidate"] = error.message
        else:
            until = f"{done.undo_until:%H:%M}"
            told = (gettext(" The e-mails telling them wait until {at} UTC.").format(at=until) if done.emails
                    else gettext(" No e-mail is sent to them."))  # fmt: skip
            n = len(done.decisions)
            messages.success(request, ngettext("{n} candidate rejected.", "{n} candidates rejected.", n).format(n=n)
                             + told + gettext(" You can undo this until {at} UTC.").format(at=until))  # fmt: skip
            return _back_to_pipeline(opening, back)
    return render(request, "hiring/bulk_reject.html", {
        "opening": opening, "ready": planned.ready, "skipped": planned.skipped, "back": back, "labels": labels,
        "typed": typed, "problems": problems, "minutes": int(bulk.UNDO.total_seconds() // 60),
    }, status=400 if problems else 200)  # fmt: skip


@opening_page()
@require_POST
def opening_bulk_undo(request: HttpRequest, opening: JobOpening, bulk_id: int) -> HttpResponse:
    """Undo one's own bulk rejection while its window is open."""
    user = request.user
    assert isinstance(user, User)
    found = BulkRejection.objects.filter(pk=bulk_id, opening=opening, decided_by=user).first()
    if found is None:
        raise Http404("No such bulk rejection of yours")
    try:
        held, stopped = bulk.undo(found, user)
    except (DecisionError, NotAllowedError) as error:
        messages.error(request, gettext("nothing was undone: {why}.").format(why=getattr(error, "message", str(error))))
    else:
        messages.success(request, ngettext("Undone: {n} candidate is on hold instead of rejected", "Undone: {n} "
                                           "candidates are on hold instead of rejected", held).format(n=held)
                         + ngettext(", and {n} e-mail was stopped before leaving.", ", and {n} e-mails were stopped "
                                    "before leaving.", stopped).format(n=stopped))  # fmt: skip
    return redirect(reverse("opening", kwargs={"pk": opening.pk}))


@opening_page(MANAGE_ROLES)
@require_POST
def opening_hiring_manager(request: HttpRequest, opening: JobOpening) -> HttpResponse:
    """Name the person who decides on this opening's candidates (administrators and recruiters)."""
    try:
        set_hiring_manager(opening, request.POST.get("hiring_manager", "").strip(), request.user)
    except DecisionError as problem:
        request.session[f"manager-error-{opening.pk}"] = problem.message[:1].upper() + problem.message[1:]
        return redirect(reverse("opening", kwargs={"pk": opening.pk}) + "#decider-title")
    chosen = opening.hiring_manager
    messages.success(request, gettext("{name} now decides on this opening's candidates.").format(name=chosen.get_full_name() or chosen.username)
                     if chosen else gettext("This opening has no hiring manager now: administrators decide."))  # fmt: skip
    return redirect("opening", pk=opening.pk)


class CandidateForm(forms.Form):
    name = forms.CharField(max_length=200, validators=[one_line], label=gettext_lazy("Name"))
    email = forms.EmailField(label=gettext_lazy("E-mail"))
    extra_time_percent = forms.IntegerField(min_value=0, max_value=200, initial=0,
                                            label=gettext_lazy("Extra time (%)"))  # fmt: skip


@opening_page(MANAGE_ROLES)
def candidate_new(request: HttpRequest, opening: JobOpening) -> HttpResponse:
    form = CandidateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_candidates(
                opening, [{**form.cleaned_data, "email": form.cleaned_data["email"].lower()}], actor(request.user)
            )
        except services.AlreadyCandidateError:
            form.add_error("email", "This person is already a candidate for this opening.")
        else:
            messages.success(request, gettext("{name} added.").format(name=form.cleaned_data["name"]))
            return redirect("opening", pk=opening.pk)
    return render(request, "hiring/candidate_new.html", {"opening": opening, "form": form})


@opening_page(MANAGE_ROLES)
def candidate_import(request: HttpRequest, opening: JobOpening) -> HttpResponse:
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
                try:
                    services.add_candidates(opening, rows, actor(request.user), "import")
                except services.AlreadyCandidateError as taken:  # added by someone else meanwhile
                    line = next((i + 2 for i, r in enumerate(rows) if r["email"] == taken.email), 0)
                    problems = [services.RowProblem(line, f"{taken.email} is already a candidate for this opening")]
                else:
                    messages.success(
                        request,
                        ngettext("{n} candidate imported.", "{n} candidates imported.", len(rows)).format(n=len(rows)),
                    )
                    return redirect("opening", pk=opening.pk)
    return render(
        request,
        "hiring/candidate_import.html",
        {"opening": opening, "problems": sorted(problems, key=lambda p: p.line)},
    )


LATE_PER_PAGE = 25


def _late_answers(request: HttpRequest, candidate: Candidate, session: Any) -> Page[LateSave]:
    """One page of the attempt's late answers, those waiting for review first (two queries, whatever
    their number)."""
    rows = LateSave.objects.none()
    if session is not None and candidate.erased_at is None:
        waiting_first = Case(When(status=LateSave.Status.WAITING, then=0), default=1)
        rows = session.late_saves.order_by(waiting_first, "pk")
    return Paginator(rows, LATE_PER_PAGE).get_page(request.GET.get("late"))


@candidate_page()
def candidate_detail(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    session = getattr(candidate, "session", None)
    if close_expired(candidates=[candidate.pk]) and session is not None:  # time up: closed when read
        candidate.refresh_from_db(fields=["stage"])
        session.refresh_from_db()
    late_page = _late_answers(request, candidate, session)
    deadline = session.deadline if session is not None else None
    titles = {i.id: i.title or i.id for i in candidate.opening.playbook.to_core().assessment.items}
    return render(request, "hiring/candidate.html", {
        "late_page": late_page,
        "late_answers": [{"late": x, "title": titles.get(x.item_id, x.item_id),
                          "before_deadline": x.device_at is not None and deadline is not None and x.device_at <= deadline}
                         for x in late_page],
        "signals": integrity.facts(session.pk, candidate.opening.playbook.to_core())
                   if session is not None and candidate.erased_at is None else [],
        "time_error": request.session.pop(f"time-error-{candidate.pk}", None),
        "extra_error": request.session.pop(f"extra-error-{candidate.pk}", None),
        "languages": language_names(candidate.opening.playbook.to_core().languages),
        "late_error": request.session.pop(f"late-error-{candidate.pk}", None),
        **_outcome_form(request, candidate),
        **report_context(candidate, request.user), **decision_form(request.session, candidate, request.user),
        "may_manage": can(request.user, candidate.opening.organization_id, MANAGE_ROLES),
        "may_erase": can(request.user, candidate.opening.organization_id, ADMIN_ROLES),
        "link": request.session.pop(f"invite-link-{candidate.pk}", None),
        "links": list(candidate.invitations.order_by("-pk")[:20]) if candidate.erased_at is None else [],
        "emails": list(candidate.emails.order_by("-pk")[:20]) if candidate.erased_at is None else [],
        "now": timezone.now(),
        **applications.application_context(request, candidate),
    })  # fmt: skip


def _outcome_form(request: HttpRequest, candidate: Candidate) -> dict[str, Any]:
    """The hire's outcome measures with their values (or what was typed and refused)."""
    if candidate.stage != Candidate.Stage.HIRED or candidate.erased_at is not None:
        return {"outcome_rows": []}
    draft = request.session.pop(f"outcomes-error-{candidate.pk}", None) or {}
    stored = outcomes.recorded(candidate)
    rows = []
    for m in outcomes.measures(candidate.opening.organization):
        have = stored.get(m.pk)
        shown = (
            "" if have is None else (("yes" if have.value else "no") if m.kind == m.Kind.YES_NO else f"{have.value:g}")
        )
        rows.append({"measure": m, "value": draft.get("typed", {}).get(str(m.pk), shown), "stored": have,
                     "problem": draft.get("problems", {}).get(str(m.pk), "")})  # fmt: skip
    return {"outcome_rows": rows, "outcome_problems": bool(draft)}


@candidate_page(MANAGE_ROLES)
@require_POST
def candidate_invite(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    if candidate.erased_at is not None:
        raise Http404("No such candidate")
    _, link, email = services.invite(candidate, request.build_absolute_uri("/"), by=actor(request.user),
                              language=request.POST.get("language", ""))  # fmt: skip
    request.session[f"invite-link-{candidate.pk}"] = link
    sent, why = mail.outcome([email])
    if sent:
        messages.success(request, gettext("Invitation sent to {email}.").format(email=candidate.email))
    else:
        messages.warning(request, gettext("The invitation to {email} is not sent yet: {why}. The link below works meanwhile; "
                                          "you may give it to the candidate another way.").format(email=candidate.email, why=why))  # fmt: skip
    return redirect("candidate", pk=candidate.pk)


@candidate_page(MANAGE_ROLES)
@require_POST
def candidate_send_again(request: HttpRequest, candidate: Candidate, email: int) -> HttpResponse:
    """Send again an e-mail to or about this candidate that was not sent (after its cause is mended)."""
    found = Email.objects.filter(pk=email, candidate=candidate).first()
    if found is None:
        raise Http404("No such e-mail")
    if found.status == Email.Status.SENT:
        messages.info(request, gettext("E-mail {n} was already sent; it was not sent twice.").format(n=found.pk))
    else:
        mail.send_again(found, actor(request.user))
        sent, why = mail.outcome([found])
        if sent:
            messages.success(request, gettext("E-mail {n} was sent.").format(n=found.pk))
        else:
            messages.warning(request, gettext("E-mail {n} is still not sent: {why}.").format(n=found.pk, why=why))
    return redirect(reverse("candidate", kwargs={"pk": candidate.pk}) + "#emails")


@candidate_page(MANAGE_ROLES)
@require_POST
def candidate_revoke_link(request: HttpRequest, candidate: Candidate, invitation: int) -> HttpResponse:
    if services.revoke_invitation(candidate, invitation, actor(request.user)):
        messages.success(request, gettext("Link {n} revoked: it no longer opens the assessment.").format(n=invitation))
    else:
        messages.error(
            request,
            gettext("Link {n} was already revoked, or is not one of this candidate's links.").format(n=invitation),
        )
    return redirect(reverse("candidate", kwargs={"pk": candidate.pk}) + "#links")


def _whole(request: HttpRequest, name: str) -> int | None:
    """A form field as a whole number, or None when it is not one (the flow then names the field)."""
    try:
        return int(request.POST.get(name, "").strip())
    except ValueError:
        return None


def _back_with(request: HttpRequest, candidate: Candidate, form: str, anchor: str, **draft: Any) -> HttpResponse:
    """Back to the candidate's page, at the form, with the refusal and what was typed, shown there."""
    request.session[f"{form}-error-{candidate.pk}"] = draft
    return redirect(reverse("candidate", kwargs={"pk": candidate.pk}) + f"#{anchor}")


@candidate_page()
@require_POST
def candidate_outcomes(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    """Record how a hire is doing on the organisation's outcome measures (docs/insights.md)."""
    if candidate.erased_at is not None or candidate.stage != Candidate.Stage.HIRED:
        raise Http404("Outcomes are recorded for hires only")
    typed = {int(k.removeprefix("measure-")): str(v) for k, v in request.POST.items()
             if k.startswith("measure-") and k.removeprefix("measure-").isdigit()}  # fmt: skip
    changed, problems = outcomes.record_outcomes(candidate, typed, request.user, actor(request.user))
    if problems:
        return _back_with(request, candidate, "outcomes", "outcomes-heading", problems={str(k): v for k, v in problems.items()},
                          typed={str(k): v for k, v in typed.items()})  # fmt: skip
    if changed:
        messages.success(
            request, ngettext("{n} outcome recorded.", "{n} outcomes recorded.", changed).format(n=changed)
        )
    else:
        messages.info(request, gettext("Nothing was changed: the values given are those already recorded."))
    return redirect(reverse("candidate", kwargs={"pk": candidate.pk}) + "#outcomes-heading")


@candidate_page(MANAGE_ROLES)
@require_POST
def candidate_extra_time(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    """Change the extra time before the attempt starts."""
    percent = _whole(request, "extra_time_percent")
    try:
        services.set_extra_time(candidate, -1 if percent is None else percent, actor(request.user))
    except ValueError as problem:
        return _back_with(request, candidate, "extra", "extra-time", message=str(problem).split(": ", 1)[-1],
                          value=request.POST.get("extra_time_percent", ""))  # fmt: skip
    messages.success(request, gettext("Extra time set to {percent}%.").format(percent=percent))
    return redirect("candidate", pk=candidate.pk)


@candidate_page(MANAGE_ROLES)
@require_POST
def candidate_time(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    """Give a started attempt more time, or reopen a submitted one (a reason is required)."""
    session = getattr(candidate, "session", None)
    if session is None or candidate.erased_at is not None:
        raise Http404("No attempt to change")
    try:
        deadline = give_time(session, _whole(request, "minutes") or 0, request.POST.get("reason", ""),
                             actor(request.user))  # fmt: skip
    except AttemptError as problem:
        return _back_with(request, candidate, "time", "more-time", field=problem.field, message=problem.message,
                          minutes=request.POST.get("minutes", ""), reason=request.POST.get("reason", ""))  # fmt: skip
    messages.success(
        request,
        gettext("The attempt now ends at {when} UTC.").format(
            when=date_format(deadline.astimezone(UTC), "SHORT_DATETIME_FORMAT")
        ),
    )
    return redirect("candidate", pk=candidate.pk)


@candidate_page(MANAGE_ROLES)
@require_POST
def candidate_late(request: HttpRequest, candidate: Candidate, late: int) -> HttpResponse:
    """Accept or decline an answer that arrived late (a reason is required)."""
    found = LateSave.objects.filter(pk=late, session__candidate=candidate).select_related("session__candidate").first()
    if found is None:
        raise Http404("No such late answer")
    verdict = request.POST.get("verdict")
    try:
        if verdict not in ("accept", "decline"):
            raise AttemptError("verdict", gettext("choose to accept or to decline the late answer"))
        review_late(found, verdict == "accept", request.POST.get("reason", ""), actor(request.user))
    except AttemptError as problem:
        return _back_with(request, candidate, "late", f"late-{found.pk}", late=found.pk, field=problem.field,
                          message=problem.message, reason=request.POST.get("reason", ""))  # fmt: skip
    messages.success(request, gettext("The late answer was accepted; the attempt was scored again.")
                     if verdict == "accept" else gettext("The late answer was declined; the score is unchanged."))  # fmt: skip
    return redirect("candidate", pk=candidate.pk)


@candidate_page(MANAGE_ROLES)
@require_POST
def candidate_share_results(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    """Send the candidate their score breakdown by competency (after a decision)."""
    try:
        email = share_results(candidate, request.user, request.build_absolute_uri("/"))
    except DecisionError as problem:
        messages.error(request, problem.message[:1].upper() + problem.message[1:] + ".")
    else:
        sent, why = mail.outcome([email])
        if sent:
            messages.success(
                request, gettext("The results by competency were sent to {email}.").format(email=candidate.email)
            )
        else:
            messages.warning(
                request,
                gettext("The results e-mail to {email} is not sent yet: {why}.").format(email=candidate.email, why=why),
            )
    return redirect(reverse("candidate", kwargs={"pk": candidate.pk}) + "#decision")


@candidate_page(ADMIN_ROLES)
@require_POST
def candidate_erase(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    """Erase a candidate's personal data on request (administrators; the word ERASE confirms)."""
    if request.POST.get("confirm", "").strip() != "ERASE":
        messages.error(request, gettext("Type ERASE in the box to confirm the erasure; nothing was erased."))
    elif erase(candidate, actor(request.user), "request"):
        messages.success(request, gettext("The candidate's personal data was erased."))
    return redirect("candidate", pk=candidate.pk)


def _rating_rows(candidate: Candidate) -> list[dict[str, Any]]:
    """Per written answer: the item, the text, each criterion left to a person (the form field that
    rates it and the points given so far), and each automatic criterion with the engine's points,
    which a rater may correct with a reason."""
    tasks, current = rater_work(candidate)
    if current is None:
        return []
    given, reasons = current.ratings, current.reasons or {}
    rows: dict[str, dict[str, Any]] = {task.item.id: {"item": task.item, "text": task.answer or "", "criteria": [
        {"criterion": c, "name": f"rate:{task.item.id}:{c.id}", "given": given.get(task.item.id, {}).get(c.id),
         "typed": None, "error": None}
        for c in task.criteria], "automatic": []} for task in tasks}  # fmt: skip
    playbook = candidate.opening.playbook.to_core()
    answers = candidate.session.responses().answers
    for (item_id, criterion), found in corrections(current).items():
        item = playbook.items_by_id.get(item_id)
        if item is None:
            continue
        row = rows.setdefault(item_id, {"item": item, "text": str(answers.get(item_id) or ""), "criteria": [],
                                        "automatic": []})  # fmt: skip
        row["automatic"].append({
            "id": criterion, "engine": found["points"], "max": found["max_points"], "note": found.get("note", ""),
            "name": f"correct:{item_id}:{criterion}", "why": f"why:{item_id}:{criterion}",
            "given": given.get(item_id, {}).get(criterion), "reason": reasons.get(item_id, {}).get(criterion, ""),
            "typed": None, "typed_why": None, "error": None, "why_error": None,
        })  # fmt: skip
    return list(rows.values())


@candidate_page()
def candidate_rate(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    """Give points to the criteria of written answers the engine leaves to a person (tone, clarity).
    A refused form comes back with each problem beside its box and what was typed kept."""
    rows = _rating_rows(candidate)
    if not rows:
        raise Http404("This candidate has no written answer to rate")
    problems: list[str] = []
    errors: dict[str, str] = {}
    if request.method == "POST":
        given: dict[str, dict[str, float]] = {}
        reasons: dict[str, dict[str, str]] = {}
        for row in rows:
            for entry in [*row["criteria"], *row["automatic"]]:
                raw = request.POST.get(entry["name"], "").strip()
                entry["typed"] = raw
                if "why" in entry:
                    entry["typed_why"] = request.POST.get(entry["why"], "")
                if not raw:
                    continue
                item_id, criterion = entry["name"].split(":")[1:]
                try:
                    given.setdefault(item_id, {})[criterion] = float(raw.replace(",", "."))
                except ValueError:
                    errors[entry["name"]] = f"Give a number of points, such as 1.5, not “{raw}”."
                if "why" in entry:
                    reasons.setdefault(item_id, {})[criterion] = entry["typed_why"] or ""
        if not errors:
            try:
                report, _ = rate_written(candidate, given, actor(request.user), reasons)
            except RatingError as exc:
                errors = exc.fields
                problems = [] if exc.fields else exc.problems
            else:
                messages.success(request, (gettext("Ratings stored; the assessment is now {percent}%, complete.") if report.complete
                                           else gettext("Ratings stored; the assessment is now {percent}%, still provisional: some "
                                                        "criteria wait for a rater.")).format(percent=f"{report.percent:g}"))  # fmt: skip
                return redirect("candidate", pk=candidate.pk)
    for row in rows:
        for entry in row["criteria"]:
            entry["error"] = errors.get(entry["name"])
        for entry in row["automatic"]:
            entry["error"], entry["why_error"] = errors.get(entry["name"]), errors.get(entry["why"])
    return render(request, "hiring/rate.html", {"candidate": candidate, "rows": rows, "problems": problems,
                                                "refused": bool(problems or errors)},
                  status=400 if problems or errors else 200)  # fmt: skip
