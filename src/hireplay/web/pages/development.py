"""Development towards a target role (docs/development.md): the team's readiness, a person's
ratings (their manager's and their own, blind to each other until both are in), their gaps with
the reasons, the change over rounds, and their development plan with its progress and signatures.
The person reaches their own page through a personal link, like a candidate's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.paginator import Paginator
from django.core.validators import validate_email
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST
from weasyprint import HTML

from hireplay.core.development import Plan as CorePlan
from hireplay.core.development import PlanError, Rating, gaps, plan_html
from hireplay.core.development import PlanStep as CoreStep
from hireplay.core.frameworks import Action
from hireplay.core.plaintext import text_problem
from hireplay.shipped import FRAMEWORKS_DIR
from hireplay.web.access import (
    ADMIN_ROLES,
    STAFF_ROLES,
    can,
    organization_for,
    roles_required,
    signed_in,
    staff_required,
)
from hireplay.web.audit.catalogue import actor
from hireplay.web.development import services
from hireplay.web.development.models import Person, PlanStep, RatingSheet, Review
from hireplay.web.flows.privacy import erase_person
from hireplay.web.hiring.models import Candidate
from hireplay.web.orgs.models import Membership, Organization
from hireplay.web.pages.downloads import csv_download

PER_PAGE = 50

VERDICTS = {
    "ready": gettext_lazy("ready"),
    "reinforce": gettext_lazy("to reinforce"),
    "acquire": gettext_lazy("to acquire"),
    "unlearn": gettext_lazy("to unlearn"),
}
SOURCE_LABELS = {
    "assessment": gettext_lazy("assessment"),
    "interview": gettext_lazy("interview"),
    "manager": gettext_lazy("manager"),
    "self": gettext_lazy("self-rating"),
}
KIND_LABELS = {
    "course": gettext_lazy("training course"), "stretch": gettext_lazy("stretch assignment on a real account"),
    "mentoring": gettext_lazy("mentoring by a strategic account manager"),
    "shadowing": gettext_lazy("shadowing a key account review"), "reading": gettext_lazy("reading"),
    "commitment": gettext_lazy("personal commitment"),
}  # fmt: skip
BAD_PROGRESS = gettext_lazy(
    "Nothing was changed: the note of progress is longer than 2,000 characters or holds a "
    "character no text needs; shorten it or type it again."
)
OWNERS = {"person": gettext_lazy("the person"), "manager": gettext_lazy("the manager")}


def _user(request: HttpRequest) -> User:
    """The signed-in person (the views that call this are `signed_in` or stricter)."""
    return cast(User, request.user)


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "403.html", {"message": message}, status=403)


def _is_manager(person: Person, user: Any) -> bool:
    return bool(user.is_authenticated and person.manager_id == user.pk)


def _person_for(request: HttpRequest, pk: int) -> Person:
    """The person, if the viewer is staff of their organisation or their manager; Http404 otherwise
    (and for an erased person, except to administrators)."""
    person = get_object_or_404(Person.objects.select_related("organization", "manager", "latest"), pk=pk)
    staff = can(request.user, person.organization_id, STAFF_ROLES)
    if not (staff or _is_manager(person, request.user)):
        raise Http404("No such person")
    if person.erased_at is not None and not can(request.user, person.organization_id, ADMIN_ROLES):
        raise Http404("No such person")
    return person


def _ranked(organization_id: int) -> Any:
    """The organisation's people, closest to the role first (fewest gaps, then fewest levels short,
    then by name), people not yet rated last: the order of the index, read a page at a time."""
    return (Person.objects.filter(organization_id=organization_id, erased_at__isnull=True)
            .select_related("manager", "latest").order_by("unrated", "gap_count", "gap_levels", "name", "id"))  # fmt: skip


def _members(organization_id: int) -> list[User]:
    ids = Membership.objects.filter(organization_id=organization_id).values("user_id")
    return list(User.objects.filter(pk__in=ids).order_by("username"))


@staff_required
def team(request: HttpRequest) -> HttpResponseBase:
    """The team against the target role: who is closest (fewest gaps, then fewest levels short),
    what the team lacks most, which actions would close the most gaps. Read from stored columns,
    one page at a time: a constant number of queries whatever the team's size."""
    org = organization_for(request.user, request.GET.get("org") or request.POST.get("org"))
    people = _ranked(org.pk)
    if request.GET.get("format") == "csv":
        return _team_csv(org.slug, people)
    return render(request, "development/team.html", _team_context(org, request.GET.get("page")))


def _team_context(org: Organization, page_number: str | None, **given: Any) -> dict[str, Any]:
    """What the team page shows: one page of the ranking, what the team lacks, which actions would
    close the most gaps, and the forms (with `given`: what was typed and its problems)."""
    page = Paginator(_ranked(org.pk), PER_PAGE).get_page(page_number)
    training = services.team_training(org.pk, services.catalogue_for(org.pk))[:8]
    return {
        "org": org, "page": page, "first_rank": page.start_index(), "lacks": services.team_lacks(org.pk),
        "training": [{"action": a, "kind": KIND_LABELS[a.kind], "gaps": n} for a, n in training],
        "members": _members(org.pk), "roles": services.transitions(), "form": {"transition": "salesperson-to-sam"},
        "problems": {}, "import_problems": [], **given,
    }  # fmt: skip


def _team_csv(slug: str, people: Any) -> StreamingHttpResponse:
    """Every person of the team, closest to the role first, streamed row by row (names made safe
    for a spreadsheet: a name that starts a formula is shown as text)."""

    def rows() -> Iterator[list[Any]]:
        for rank, p in enumerate(people.values_list("name", "manager__username", "ready_in", "gap_count",
                                                    "gap_levels", "unlearn", "top_gap", "latest__number")
                                 .iterator(chunk_size=2000), 1):  # fmt: skip
            name, manager, ready, count, levels, unlearn, top, number = p
            rated = count is not None
            yield [rank, name, manager, ready if rated else "", count if rated else "", levels if rated else "",
                   ("yes" if unlearn else "no") if rated else "", top, number or ""]  # fmt: skip

    return csv_download(f"readiness-{slug}.csv", ["rank", "person", "manager", "ready_in", "gaps", "total_gap_levels",
                                                  "habit_to_unlearn", "biggest_gap", "round"], rows())  # fmt: skip


@staff_required
@require_POST
def person_new(request: HttpRequest) -> HttpResponse:
    """Add someone of the organisation to be assessed against a target role."""
    org = organization_for(request.user, request.POST.get("org"))
    form = {k: request.POST.get(k, "").strip() for k in ("name", "email", "manager", "transition", "candidate")}
    problems: dict[str, str] = {}
    if not form["name"] or text_problem(form["name"], max_length=200):
        problems["name"] = gettext("Give the person's name on one line, at most 200 characters.")
    if form["email"]:
        try:
            validate_email(form["email"])
        except ValidationError:
            problems["email"] = gettext("This is not an e-mail address; leave it empty if they have none.")
    members = {str(u.pk): u for u in _members(org.pk)}
    manager = members.get(form["manager"])
    if manager is None:
        problems["manager"] = gettext("Choose their manager among the people of the organisation.")
    if form["transition"] not in services.transitions():
        problems["transition"] = gettext("Choose the target role.")
    candidate = None
    if form["candidate"]:
        candidate = (Candidate.objects.filter(pk=int(form["candidate"]), opening__organization=org, erased_at__isnull=True).first()
                     if form["candidate"].isdigit() else None)  # fmt: skip
        if candidate is None:
            problems["candidate"] = gettext("No candidate of this organisation has that number; leave it empty if "
                                            "they were never assessed as a candidate.")  # fmt: skip
    if problems:
        return render(request, "development/team.html", _team_context(org, None, form=form, problems=problems),
                      status=400)  # fmt: skip
    assert manager is not None
    person = services.add_person(org, form["name"], form["email"], manager, form["transition"], actor(request.user),
                                 candidate, translation.get_language() or "")  # fmt: skip
    messages.success(request, gettext("%(name)s was added. Their manager can rate them now.") % {"name": person.name})
    return redirect("development-person", pk=person.pk)


MAX_RATINGS_FILE = 5_000_000


@staff_required
@require_POST
def people_import(request: HttpRequest) -> HttpResponse:
    """Ratings from a CSV file (the command line's format): each line's source becomes a submitted
    sheet; nothing is written when any line has a problem, and every problem is listed with its line."""
    org = organization_for(request.user, request.POST.get("org"))
    upload = request.FILES.get("file")
    members = {str(u.pk): u for u in _members(org.pk)}
    manager = members.get(request.POST.get("manager", ""))
    transition = request.POST.get("transition", "")
    problems: list[str] = []
    if upload is None:
        problems.append(gettext("Choose a CSV file of ratings."))
    elif upload.size is not None and upload.size > MAX_RATINGS_FILE:
        problems.append(gettext("The file is larger than 5 MB; split it into smaller files."))
    if manager is None:
        problems.append(gettext("Choose the manager of the people the file adds."))
    if transition not in services.transitions():
        problems.append(gettext("Choose the target role."))
    text = ""
    if not problems and upload is not None:
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(gettext("The file is not UTF-8 text; save it from your spreadsheet as “CSV UTF-8”."))
    if not problems and manager is not None:
        people, problems = services.import_ratings(org, text, (upload.name if upload else "") or "ratings.csv",
                                                   manager, transition, _user(request))  # fmt: skip
        if not problems:
            rated = Person.objects.filter(pk__in=[p.pk for p in people], latest__isnull=False).count()
            messages.success(request, gettext("Ratings imported for %(n)s people; gaps found for %(rated)s (the others "
                                              "wait for their manager's ratings).")
                             % {"n": len(people), "rated": rated})  # fmt: skip
            return redirect(f"{reverse('development')}?org={org.slug}")
    typed = {"transition": transition or "salesperson-to-sam"}
    return render(request, "development/team.html", _team_context(org, None, form=typed, import_problems=problems),
                  status=400)  # fmt: skip


def _sheet_rows(target: Any, sheet: RatingSheet | None, typed: dict[str, str] | None, problems: dict[str, str]) -> list[dict[str, Any]]:  # fmt: skip
    rows = []
    for c in target.competencies:
        chosen = (typed or {}).get(c.id) or (str(sheet.levels.get(c.id, "")) if sheet else "")
        note = (typed or {}).get(f"note-{c.id}") if typed is not None else (sheet.notes.get(c.id, "") if sheet else "")
        error = {"level": gettext("Choose a level from 1 to 5, or “not seen yet”."),
                 "missing": gettext("Choose a level (or “not seen yet”) before submitting."),
                 "note": gettext("The note is too long (at most 2,000 characters) or holds a character no text "
                                 "needs; shorten it or type it again.")}.get(problems.get(c.id, ""))  # fmt: skip
        rows.append({"c": c, "levels": sorted(c.levels.items()), "chosen": chosen, "note": note or "", "error": error,
                     "risk": c.risk})  # fmt: skip
    return rows


def _gap_rows(person: Person, review: Review | None) -> list[dict[str, Any]]:
    if review is None or review.rated_at is None:
        return []
    rows = []
    for g in services.stored_gaps(review):
        rows.append({"g": g, "verdict": VERDICTS[g.verdict],
                     "sources": [(SOURCE_LABELS.get(s, s), v) for s, v in g.by_source]})  # fmt: skip
    return rows


def _chart(person: Person) -> dict[str, Any] | None:
    """The level shown per competency at each rated round, as coordinates for an SVG chart (one
    row per competency, level 1 to 5 left to right, a mark per round and the role's requirement)."""
    points = services.chart_points(person)
    rounds = sorted({p["review__number"] for p in points})
    if len(rounds) < 1 or not points:
        return None
    rows: dict[str, dict[str, Any]] = {}
    for p in points:
        row = rows.setdefault(p["competency"], {"name": p["name"], "required": p["required"], "ceiling": p["ceiling"],
                                                "marks": []})  # fmt: skip
        if p["level"] is not None:
            row["marks"].append({"round": p["review__number"], "level": p["level"]})
    width, left, top, step = 640, 230, 28, 26
    scale = (width - left - 20) / 4

    def x(level: float) -> float:
        return round(left + (level - 1) * scale, 1)

    shown = []
    for i, row in enumerate(rows.values()):
        y = top + i * step
        target = row["ceiling"] if row["ceiling"] is not None else row["required"]
        marks = [{"x": x(m["level"]), "y": y, "round": m["round"], "level": m["level"],
                  "last": m["round"] == rounds[-1]} for m in row["marks"]]  # fmt: skip
        line = " ".join(f"{m['x']},{y}" for m in marks)
        shown.append({"name": row["name"], "y": y, "text_y": y + 4, "target_x": x(target) if target else None,
                      "risk": row["ceiling"] is not None, "marks": marks, "line": line})  # fmt: skip
    ticks = [{"level": n, "x": x(n)} for n in (1, 2, 3, 4, 5)]
    return {"rows": shown, "ticks": ticks, "width": width, "height": top + len(shown) * step + 10,
            "rounds": rounds, "axis_y": top - 14, "bottom": top + len(shown) * step - step / 2}  # fmt: skip


def _plan_context(person: Person) -> dict[str, Any]:
    plan = services.current_plan(person)
    steps = list(plan.steps.all()) if plan else []
    for s in steps:
        setattr(s, "kind_label", KIND_LABELS.get(s.kind, s.kind))  # noqa: B010 (read by the template)
        setattr(s, "owner_label", OWNERS.get(s.owner, s.owner))  # noqa: B010
    return {"plan": plan, "steps": steps, "statuses": PlanStep.Status.choices,
            "signed": bool(plan and plan.signed_by_person_at and plan.signed_by_manager_at)}  # fmt: skip


def _person_context(request: HttpRequest, person: Person) -> dict[str, Any]:
    role = services.role_of(person)
    review = services.current_review(person)
    manager_sheet = services.sheet_for(review, "manager")
    self_sheet = services.sheet_for(review, "self")
    is_manager = _is_manager(person, request.user)
    manager_in = manager_sheet is not None and manager_sheet.submitted_at is not None
    self_in = self_sheet is not None and self_sheet.submitted_at is not None
    shown = person.latest if person.latest_id else None
    catalogue = services.catalogue_for(person.organization_id)
    gap_rows = _gap_rows(person, shown)
    addable = [{"action": a, "kind": KIND_LABELS[a.kind]} for a in catalogue.actions]
    return {
        "person": person, "role": role, "review": review, "is_manager": is_manager,
        "manager_sheet": manager_sheet, "manager_in": manager_in, "self_in": self_in,
        # Blind until submitted: the manager sees the person's own rating only once theirs is in.
        "self_visible": self_in and manager_in,
        "rows": _sheet_rows(role.target, manager_sheet, None, {})
        if is_manager and not manager_in and person.erased_at is None else [],
        "gap_rows": gap_rows, "shown_review": shown, "chart": _chart(person), "competencies": role.target.competencies,
        "addable": addable, "today": timezone.localdate().isoformat(),
        "administers": can(request.user, person.organization_id, ADMIN_ROLES),
        "evidence": bool(person.candidate_id), **_plan_context(person),
    }  # fmt: skip


@signed_in
def person_page(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for(request, pk)
    return render(request, "development/person.html", _person_context(request, person))


@signed_in
@require_POST
def person_rate(request: HttpRequest, pk: int) -> HttpResponse:
    """The manager's ratings: saved as a draft (theirs alone) or submitted (final, and the gaps are found)."""
    person = _person_for(request, pk)
    if not _is_manager(person, request.user) or person.erased_at is not None:
        return _forbidden(request, gettext("Only the person's manager rates them here."))
    role = services.role_of(person)
    review = services.current_review(person)
    submit = request.POST.get("do") == "submit"
    levels, notes, problems = services.read_levels(role.target, request.POST, complete=submit)
    existing = services.sheet_for(review, "manager")
    if existing is not None and existing.submitted_at is not None:
        messages.error(request, gettext("Your ratings for this round were already submitted; they are final."))
        return redirect("development-person", pk=pk)
    if problems:
        context = _person_context(request, person)
        typed = {k: str(v) for k, v in request.POST.items()}
        context["rows"] = _sheet_rows(role.target, existing, typed, problems)
        context["problem_count"] = len(problems)
        return render(request, "development/person.html", context, status=400)
    try:
        services.save_sheet(review, "manager", levels, notes, actor(request.user), _user(request), submit)
    except services.SheetError:  # submitted meanwhile, from another window
        messages.error(request, gettext("Your ratings for this round were already submitted; they are final."))
        return redirect("development-person", pk=pk)
    if submit:
        messages.success(request, gettext("Your ratings are submitted and final; the gaps below are found from them."))
    else:
        messages.success(request, gettext("Your draft is saved. Nobody else sees it until you submit it."))
    return redirect("development-person", pk=pk)


@signed_in
@require_POST
def person_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the plan, add an action by hand, record progress, sign, or open a reassessment."""
    person = _person_for(request, pk)
    if person.erased_at is not None:
        raise Http404("No such person")
    do = request.POST.get("do", "")
    by = actor(request.user)
    plan = services.current_plan(person)
    typed = {k: request.POST.get(k, "").strip() for k in ("start", "due")}
    if any(v and _date(v) is None for v in typed.values()):
        message = gettext("This is not a date of the calendar (write it as 2027-01-04); nothing was changed.")
        return _refused_here(request, person, {"where": do, "message": message})
    if do == "make":
        if person.latest is None:
            messages.error(request, gettext("A plan needs the gaps: the manager's ratings are not in yet."))
        else:
            start = _date(request.POST.get("start")) or timezone.localdate()
            services.make_plan(person, person.latest, start, _user(request))
            messages.success(request, gettext("The plan is made from the latest round's gaps."))
    elif do == "add" and plan is not None:
        start = _date(request.POST.get("start")) or timezone.localdate()
        try:
            services.add_plan_step(plan, request.POST.get("action", ""), request.POST.get("competency", ""), start,
                                   _user(request))  # fmt: skip
        except PlanError as refused:
            context = _person_context(request, person)
            context["add_error"] = gettext("Not added: %(why)s.") % {"why": str(refused)}
            return render(request, "development/person.html", context, status=400)
        messages.success(request, gettext("The action is added to the plan; it needs both signatures again."))
    elif do == "step" and plan is not None:
        step = plan.steps.filter(pk=_int(request.POST.get("step"))).first()
        if problem := _record_progress(request, step, by):
            return _refused_here(request, person, problem)
    elif do == "sign" and plan is not None:
        if not _is_manager(person, request.user):
            messages.error(request, gettext("Only the person's manager signs the plan as manager."))
        else:
            services.sign_plan(plan, "manager", by, _user(request))
            messages.success(request, gettext("You signed the plan as their manager."))
    elif do == "reassess":
        if services.current_review(person).rated_at is None:
            messages.error(request, gettext("The current round is not rated yet: a new one opens once the manager's "
                                            "ratings are in."))  # fmt: skip
        else:
            services.open_reassessment(person, _date(request.POST.get("due")), by)
            messages.success(request, gettext("A new round is open: the manager and the person rate again."))
    elif do == "link":
        link = request.build_absolute_uri(reverse("development-me", kwargs={"token": services.issue_link(person, by, _link_email(request, person))}))  # fmt: skip
        messages.success(
            request, gettext("A new personal link is ready (earlier links stop working): %(link)s") % {"link": link}
        )
    else:
        messages.error(request, gettext("Nothing was changed: that action is not available here."))
    return redirect("development-person", pk=pk)


def _refused_here(request: HttpRequest, person: Person, field_error: dict[str, Any]) -> HttpResponse:
    """The person's page again, with what was refused shown beside the field that caused it."""
    context = _person_context(request, person)
    context["field_error"] = field_error
    return render(request, "development/person.html", context, status=400)


def _record_progress(request: HttpRequest, step: PlanStep | None, by: str) -> dict[str, Any] | None:
    """A step's status and note of progress, checked and recorded (told as a message); the problem to
    show beside the step's note when the note cannot be kept."""
    status = request.POST.get("status", "")
    progress = request.POST.get("progress", "").strip()
    if step is None or status not in PlanStep.Status.values:
        messages.error(request, gettext("That step or status does not exist; nothing was changed."))
    elif text_problem(progress, single_line=False, max_length=2000):
        return {"where": "step", "step": step.pk, "message": BAD_PROGRESS}
    else:
        services.update_step(step, status, progress, by)
        messages.success(request, gettext("Progress recorded."))
    return None


def _link_email(request: HttpRequest, person: Person) -> Any:
    def message(token: str) -> EmailMessage:
        link = request.build_absolute_uri(reverse("development-me", kwargs={"token": token}))
        with translation.override(person.language or None):
            body = gettext("Hello %(name)s,\n\nYour personal page for your development towards the %(role)s role: "
                           "rate yourself there, see where you stand and follow your plan.\n\n%(link)s\n\n"
                           "Your ratings stay yours until you choose to share them.") % {
                "name": person.name, "role": services.role_of(person).target.role, "link": link}  # fmt: skip
            subject = gettext("Your development page")
        return EmailMessage(subject, body, to=[person.email])

    return message


def _date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat((raw or "").strip()) if raw else None
    except ValueError:
        return None


def _int(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() else 0


@signed_in
def person_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan as a PDF to print and sign."""
    person = _person_for(request, pk)
    plan = services.current_plan(person)
    if plan is None:
        raise Http404("No plan yet")
    return _pdf(person, plan)


def _pdf(person: Person, plan: Any) -> HttpResponse:
    role = services.role_of(person)
    found = services.stored_gaps(plan.review)
    core = CorePlan(person.name, reassess_on=plan.reassess_on)
    for s in plan.steps.all():
        action = Action(id=s.action, kind=s.kind, title=s.title, competencies=tuple(s.serves) or (s.competency,))
        core.steps.append(CoreStep(s.competency, action, s.owner, s.start, s.due, s.why, tuple(s.serves)))
    signed = []
    if plan.signed_by_person_at:
        signed.append(f"Signed in hireplay by {person.name} on {plan.signed_by_person_at:%Y-%m-%d %H:%M} UTC.")
    if plan.signed_by_manager_at and plan.signed_by_manager:
        signed.append(f"Signed in hireplay by the manager, {plan.signed_by_manager.get_username()}, on "
                      f"{plan.signed_by_manager_at:%Y-%m-%d %H:%M} UTC.")  # fmt: skip
    pdf = HTML(string=plan_html(person.name, found, core, role.target, plan.made_at.date(), signed)).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="development-plan-{person.pk}.pdf"'
    return response


@signed_in
@require_POST
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for(request, pk)
    if not can(request.user, person.organization_id, ADMIN_ROLES):
        return _forbidden(request, gettext("Only an administrator erases a person's data."))
    if request.POST.get("confirm") != "erase":
        messages.error(request, gettext("Tick the box to confirm the erasure; nothing was erased."))
    elif erase_person(person, actor(request.user)):
        messages.success(request, gettext("The person's name, address, notes and e-mails are erased."))
    else:
        messages.info(request, gettext("This person's data was already erased; nothing more was done."))
    return redirect("development-person", pk=pk)


@roles_required(ADMIN_ROLES)
def catalogue(request: HttpRequest) -> HttpResponse:
    """The organisation's catalogue of development actions, edited as YAML; every problem located."""
    org = organization_for(request.user, request.GET.get("org") or request.POST.get("org"), ADMIN_ROLES)
    own = org.action_catalogues.order_by("-pk").first()
    text = own.text if own else (FRAMEWORKS_DIR / "development-actions.yaml").read_text(encoding="utf-8")
    problems: list[Any] = []
    if request.method == "POST":
        text = request.POST.get("text", "")[:200_000]
        saved, problems = services.save_catalogue(org, text, _user(request))
        if saved is not None:
            messages.success(request, gettext("Version %(version)s of the catalogue is saved; new plans use it.")
                             % {"version": saved.version})  # fmt: skip
            return redirect(f"{reverse('development-catalogue')}?org={org.slug}")
    return render(request, "development/catalogue.html", {"org": org, "text": text, "problems": problems, "own": own},
                  status=400 if problems else 200)  # fmt: skip


# The person's own page, through their personal link.


def me(request: HttpRequest, token: str) -> HttpResponse:
    """Rate yourself (a draft is yours; share it when you choose), see where you stand, follow and
    sign your plan. Your manager's ratings show once yours are shared, and theirs are in."""
    person = services.person_from_token(token)
    if person is None:
        return render(request, "development/me_gone.html", status=404)
    role = services.role_of(person)
    review = services.current_review(person)
    sheet = services.sheet_for(review, "self")
    manager_sheet = services.sheet_for(review, "manager")
    self_in = sheet is not None and sheet.submitted_at is not None
    manager_in = manager_sheet is not None and manager_sheet.submitted_at is not None
    plan = services.current_plan(person)
    problems: dict[str, str] = {}
    preview: list[dict[str, Any]] = []
    status = 200
    typed: dict[str, str] | None = None
    field_error: dict[str, Any] | None = None
    language = person.language or translation.get_language() or "en"
    with translation.override(language):
        if request.method == "POST":
            do = request.POST.get("do", "")
            ref = person.ref
            if do in ("preview", "draft", "share") and not self_in:
                levels, notes, problems = services.read_levels(role.target, request.POST, complete=do != "draft")
                typed = {k: str(v) for k, v in request.POST.items()}
                if problems:
                    status = 400
                elif do == "preview":
                    own = [Rating("you", c, "self", float(v)) for c, v in levels.items() if v]
                    preview = [{"g": g, "verdict": VERDICTS[g.verdict]} for g in gaps(own, role.transition, role.target, own_view=True)]  # fmt: skip
                else:
                    try:
                        services.save_sheet(review, "self", levels, notes, ref, None, submit=do == "share")
                    except services.SheetError:  # shared meanwhile, from another window
                        messages.error(request, gettext("You shared your self-rating for this round."))
                        return redirect("development-me", token=token)
                    messages.success(request, gettext("Shared with your manager: your self-rating is final for this round.")
                                     if do == "share" else gettext("Saved for you alone; nobody sees it until you share it."))  # fmt: skip
                    return redirect("development-me", token=token)
            elif do == "language" and request.POST.get("language") in dict(settings.LANGUAGES):
                Person.objects.filter(pk=person.pk).update(language=request.POST["language"])
                return redirect("development-me", token=token)
            elif do == "sign" and plan is not None:
                services.sign_plan(plan, "person", ref)
                messages.success(request, gettext("You signed your plan."))
                return redirect("development-me", token=token)
            elif do == "step" and plan is not None:  # the person records progress on their own steps
                own_step = plan.steps.filter(pk=_int(request.POST.get("step")), owner="person").first()
                field_error = _record_progress(request, own_step, ref)
                if field_error is None:
                    return redirect("development-me", token=token)
                status = 400
            else:
                messages.error(request, gettext("Nothing was changed: that action is not available here."))
                return redirect("development-me", token=token)
        # Blind until shared: the current round's gaps (the manager's levels) show once the person
        # has shared their own rating, or once a plan is made from them; an earlier round is closed.
        see_gaps = person.latest_id is not None and (
            person.latest_id != review.pk or self_in or (plan is not None and plan.review_id == review.pk)
        )
        context = {
            "person": person, "role": role, "token": token, "self_in": self_in, "manager_in": manager_in,
            "rows": _sheet_rows(role.target, sheet, typed, problems) if not self_in else [],
            "problem_count": len(problems), "preview": preview, "sheet": sheet,
            "gap_rows": _gap_rows(person, person.latest) if see_gaps else [], "see_gaps": see_gaps,
            "chart": _chart(person) if see_gaps else None, "language": language, "languages": settings.LANGUAGES, "field_error": field_error,
            **_plan_context(person),
        }  # fmt: skip
        response = render(request, "development/me.html", context, status=status)
    response["Content-Language"] = language
    return response


def me_pdf(request: HttpRequest, token: str) -> HttpResponse:
    person = services.person_from_token(token)
    plan = services.current_plan(person) if person else None
    if person is None or plan is None:
        raise Http404("No plan")
    return _pdf(person, plan)
