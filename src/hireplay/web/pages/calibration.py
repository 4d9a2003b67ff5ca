"""Calibration exercises of an opening (docs/insights.md): the list with the figures across the
exercises a person may see, the form that sets one, and each exercise's page (rate it, then see
the reference and the others)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext

from hireplay.core.insights import calibration as core
from hireplay.web.access import CALIBRATION_ROLES, STAFF_ROLES, can, opening_page, person_name
from hireplay.web.audit.catalogue import actor
from hireplay.web.flows import calibration
from hireplay.web.hiring.models import JobOpening
from hireplay.web.interviews.models import CalibrationExercise, CalibrationRating

LEVELS = {1: "Poor", 2: "Below expectations", 3: "Meets expectations", 4: "Above expectations", 5: "Excellent"}
FIELDS = ("question", "title", "sample", "reference", "reason")


@opening_page(CALIBRATION_ROLES)
def exercises(request: HttpRequest, opening: JobOpening) -> HttpResponse:
    """The opening's exercises (one query), the figures across those the person has rated or set
    (one more), and, for the hiring team, the form that sets a new one."""
    may_set = can(request.user, opening.organization_id, STAFF_ROLES)
    questions = {q.id: q.text for q in opening.playbook.to_core().interview.questions}
    typed: dict[str, str] = {}
    problems: dict[str, str] = {}
    if request.method == "POST":
        if not may_set:
            return HttpResponse(render_to_string("403.html", {"message": gettext("Setting an exercise is for the hiring team; "
                                                                      "interviewers rate them.")}, request=request), status=403)  # fmt: skip
        typed = {k: request.POST.get(k, "") for k in FIELDS}
        found, problems = calibration.create(opening, typed, request.user, actor(request.user))
        if found is not None:
            messages.success(request, gettext("Calibration exercise “{title}” set; the interviewers can rate it now.")
                             .format(title=found.title))  # fmt: skip
            return redirect("calibration", pk=found.pk)
    me = request.user.pk
    listing = list(CalibrationExercise.objects.filter(opening=opening)
                   .annotate(rated=Count("ratings"), mine=Exists(CalibrationRating.objects.filter(
                       exercise=OuterRef("pk"), interviewer_id=me)))
                   .order_by("-pk"))  # fmt: skip
    seen = [e for e in listing if e.mine or e.created_by_id == me]
    ratings = CalibrationRating.objects.filter(exercise__in=[e.pk for e in seen]).values_list(
        "exercise_id", "rating", "interviewer__first_name", "interviewer__last_name", "interviewer__username")  # fmt: skip
    by_exercise: dict[int, dict[str, int]] = {}
    for exercise_id, rating, first, last, username in ratings:
        by_exercise.setdefault(exercise_id, {})[person_name(first, last, username)] = rating
    summary = core.across([core.exercise(e.reference, by_exercise.get(e.pk, {})) for e in seen]) if seen else None
    return render(request, "interviews/calibration_list.html", {
        "opening": opening, "listing": listing, "questions": questions, "may_set": may_set, "typed": typed,
        "problems": problems, "summary": summary, "seen": len(seen), "levels": LEVELS,
    }, status=400 if problems else 200)  # fmt: skip


def exercise_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One exercise: the sample and the question's anchors; the rating form until the person has
    rated; then the reference, its reason, and every rating with its distance."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    exercise = get_object_or_404(CalibrationExercise.objects.select_related("opening__playbook", "created_by"), pk=pk)
    if not can(request.user, exercise.opening.organization_id, CALIBRATION_ROLES):
        raise Http404("No such exercise")
    problems: dict[str, str] = {}
    typed: dict[str, str] = {}
    given = exercise.ratings.filter(interviewer_id=request.user.pk).values_list("rating", flat=True).first()
    if request.method == "POST" and (given is not None or exercise.created_by_id == request.user.pk):
        messages.error(request, gettext("your rating of this sample, {given}, is final once given.").format(given=given) if given
                       else gettext("you set this exercise's reference rating; it is for the other interviewers to rate."))  # fmt: skip
        return redirect("calibration", pk=exercise.pk)
    if request.method == "POST":
        typed = {k: request.POST.get(k, "") for k in ("rating", "evidence")}
        problems = calibration.rate(exercise, typed, request.user, actor(request.user))
        if not problems:
            messages.success(request, gettext("Your rating is recorded. Here is how it compares."))
            return redirect("calibration", pk=exercise.pk)
    question = next((q for q in exercise.opening.playbook.to_core().interview.questions if q.id == exercise.question_id),
                    None)  # fmt: skip
    rows = list(exercise.ratings.select_related("interviewer").order_by("submitted_at", "pk"))
    mine = next((r for r in rows if r.interviewer_id == request.user.pk), None)
    author = exercise.created_by_id == request.user.pk
    revealed = mine is not None or author
    context: dict[str, Any] = {
        "exercise": exercise, "question": question, "mine": mine, "author": author, "revealed": revealed,
        "typed": typed, "problems": problems, "count": len(rows),
        "levels": [{"value": n, "label": label, "anchor": question.scale.get(n, "") if question else ""}
                   for n, label in LEVELS.items()],
        "author_name": person_name(exercise.created_by.first_name, exercise.created_by.last_name, exercise.created_by.username),
    }  # fmt: skip
    if revealed:
        named = {r.interviewer_id: person_name(r.interviewer.first_name, r.interviewer.last_name, r.interviewer.username)
                 for r in rows}  # fmt: skip
        context["result"] = core.exercise(exercise.reference, {named[r.interviewer_id]: r.rating for r in rows})
        context["rows"] = [{"name": named[r.interviewer_id], "rating": r.rating, "distance": r.rating - exercise.reference,
                            "evidence": r.evidence, "me": r.interviewer_id == request.user.pk} for r in rows]  # fmt: skip
    return render(request, "interviews/calibration.html", context, status=400 if problems else 200)
