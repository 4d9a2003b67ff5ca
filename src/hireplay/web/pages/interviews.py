"""Interview pages: the panel and schedule (recruiters), the scorecard (each interviewer), the debrief."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_POST

from hireplay.core.decision import STAGE_OUTCOMES
from hireplay.core.interview import KINDS, OVERALL, ScorecardDraft, rated_texts, spread, uncovered
from hireplay.core.playbook import Exercise, Playbook, behaviour_key, behaviour_text, grid_key
from hireplay.web.access import (
    CALIBRATION_ROLES,
    MANAGE_ROLES,
    STAFF_ROLES,
    can,
    candidate_page,
    may_see_panel,
    opening_page,
    organizations,
    panel_or_staff_page,
    panel_page,
    signed_in,
)
from hireplay.web.audit.catalogue import actor
from hireplay.web.decisions.models import Decision
from hireplay.web.flows.decision import may_propose, stage_of
from hireplay.web.flows.interview import assign_panel, save_scorecard
from hireplay.web.hiring.models import Candidate, JobOpening
from hireplay.web.interviews import services
from hireplay.web.interviews.models import CalibrationExercise, Interview, PanelMember, Scorecard
from hireplay.web.outbox import mail

# The kinds of exercise (hireplay.core.interview.KINDS), marked for the catalogues.
KIND_WORDS = (gettext_noop("Role-play"), gettext_noop("Presentation"))


def _kind(kind: str) -> str:
    return gettext(KINDS[kind])


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@signed_in
def my_interviews(request: HttpRequest) -> HttpResponse:
    """The panels this person sits on, with their scorecard's state."""
    seats = (
        PanelMember.objects.filter(interviewer_id=request.user.pk, candidate__erased_at__isnull=True)
        .select_related("candidate__opening", "candidate__interview")
        .order_by("-assigned_at")
    )
    submitted = set(
        Scorecard.objects.filter(interviewer_id=request.user.pk, submitted_at__isnull=False).values_list(
            "candidate_id", flat=True
        )
    )
    rows = [{"candidate": s.candidate, "questions": len(s.questions), "submitted": s.candidate_id in submitted,
             "interview": getattr(s.candidate, "interview", None)} for s in seats]  # fmt: skip
    # Calibration exercises of the organisations this person interviews for, not rated or set by them yet.
    waiting = list(CalibrationExercise.objects.filter(opening__organization__in=organizations(request.user, CALIBRATION_ROLES))
                   .exclude(created_by_id=request.user.pk).exclude(ratings__interviewer_id=request.user.pk)
                   .select_related("opening").order_by("-pk")[:20])  # fmt: skip
    return render(request, "interviews/mine.html", {"rows": rows, "calibrations": waiting})


@candidate_page(MANAGE_ROLES)
def panel(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    playbook = candidate.opening.playbook.to_core()
    people = services.eligible_interviewers(candidate)
    problems: dict[str, str] = {}
    if request.method == "POST":
        chosen = {u.pk: request.POST.getlist(f"q-{u.pk}") for u in people if request.POST.getlist(f"q-{u.pk}")}
        try:
            assign_panel(candidate, chosen, actor(request.user))
            messages.success(request, gettext("Panel saved."))
            return redirect("interview-panel", pk=candidate.pk)
        except services.InterviewError as error:
            problems = error.problems
    current = {m.interviewer_id: m.questions for m in candidate.panel.all()}
    names = {c.id: c.name for c in playbook.competencies}
    groups = [(gettext("Interview questions"), [(q.id, q.text, ", ".join(names.get(c, c) for c in q.competencies))
                                       for q in playbook.interview.questions])]  # fmt: skip
    groups += [(gettext("{kind}: {title} (rate on its grid)").format(kind=_kind(e.kind), title=e.title),
                [(key, names.get(row.competency, row.competency), "") for key, (ex, row) in playbook.grid.items()
                 if ex.id == e.id]) for e in playbook.exercises]  # fmt: skip
    rows = [{"user": u, "groups": [{"title": title, "items": [{"id": key, "text": text, "small": small,
                                                               "checked": key in current.get(u.pk, [])}
                                                              for key, text, small in items]}
                                   for title, items in groups]} for u in people]  # fmt: skip
    interview = Interview.objects.filter(candidate=candidate).first()
    zone_name = candidate.opening.organization.time_zone
    draft = request.session.pop(f"schedule-draft-{candidate.pk}", None) or {}
    if not draft and interview:
        local = interview.starts_at.astimezone(services.zone(zone_name))
        draft = {
            "starts_at": f"{local:%Y-%m-%dT%H:%M}",
            "minutes": str(interview.minutes),
            "location": interview.location,
        }
    return render(request, "interviews/panel.html", {
        "candidate": candidate, "rows": rows, "problems": problems, "problem_list": worded(problems, people),
        "has_exercises": bool(playbook.exercises),
        "exercises": [(e.id, _kind(e.kind), e.title) for e in playbook.exercises],
        "interview": interview, "zone_name": zone_name, "draft": draft,
        "schedule_problems": draft.get("problems", {}),
        "when": services.local_time(interview.starts_at, zone_name) if interview else "",
        "uncovered": uncovered(playbook, [q for qs in current.values() for q in qs]) if current else [],
    })  # fmt: skip


def worded(problems: dict[str, str], people: list[User]) -> list[str]:
    """The panel form's problems as sentences that name the person, not the field code."""
    names = {str(u.pk): u.get_full_name() or u.username for u in people} | {u.username: u.get_full_name() or u.username
                                                                         for u in people}  # fmt: skip
    found = []
    for key, text in problems.items():
        who = key[len("panel[") : -1] if key.startswith("panel[") else ""
        found.append(f"{names.get(who, who)}: {text}" if who else text[:1].upper() + text[1:])
    return found


def _told(request: HttpRequest, emails: list[Any], done: str, stored: str) -> None:
    """Say the e-mails went, or that the change is stored and which e-mail is not sent yet."""
    sent, why = mail.outcome(emails)
    if sent:
        messages.success(request, done)
    else:
        messages.warning(
            request, gettext("{stored}, but its e-mail is not sent yet: {why}.").format(stored=stored, why=why)
        )


@candidate_page(MANAGE_ROLES)
@require_POST
def schedule(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    """Propose, change or cancel the interview. The time is typed in the organisation's time zone;
    a refusal goes back to the form, beside the field at fault, with what was typed."""
    base = request.build_absolute_uri("/")
    zone_name = candidate.opening.organization.time_zone
    typed = {k: request.POST.get(k, "") for k in ("starts_at", "minutes", "location")}
    try:
        if request.POST.get("action") == "cancel":
            _, emails = services.cancel(candidate, _user(request), base)
            _told(
                request,
                emails,
                gettext("Interview cancelled; the candidate and the panel were told."),
                gettext("The interview is cancelled"),
            )
        else:
            problems = {}
            starts = None
            try:
                starts = services.parse_local(typed["starts_at"], zone_name)
            except services.InterviewError as error:
                problems.update(error.problems)
            if not typed["minutes"].strip().isdigit():
                problems["minutes"] = gettext("give the length as a whole number of minutes")
            if problems or starts is None:
                raise services.InterviewError(problems)
            interview, emails = services.schedule(candidate, starts, int(typed["minutes"]),
                                                  typed["location"].strip()[:300], _user(request), base)  # fmt: skip
            when = services.local_time(interview.starts_at, zone_name)
            _told(
                request,
                emails,
                gettext("Invitations sent to the candidate and the panel for {when}.").format(when=when),
                gettext("The interview is booked for {when}").format(when=when),
            )
    except services.InterviewError as error:
        request.session[f"schedule-draft-{candidate.pk}"] = {"problems": error.problems, **typed}
        return redirect(reverse("interview-panel", kwargs={"pk": candidate.pk}) + "#schedule")
    return redirect("interview-panel", pk=candidate.pk)


@candidate_page(MANAGE_ROLES)
def calendar(request: HttpRequest, candidate: Candidate, audience: str) -> HttpResponse:
    interview = get_object_or_404(Interview, candidate=candidate)
    if audience == "candidate":
        body = services.candidate_calendar(interview)
    elif audience == "panel":
        body = services.panel_calendar(interview, request.build_absolute_uri("/"))
    else:
        raise Http404("No such calendar")
    method = "CANCEL" if interview.cancelled else "REQUEST"
    response = HttpResponse(body, content_type=f"text/calendar; method={method}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interview-{candidate.pk}-{audience}.ics"'
    return response


def _scorecard_input(
    request: HttpRequest, keys: list[str], flags: list[Any], confirmations: list[Any]
) -> ScorecardDraft:
    data = ScorecardDraft()
    for key in keys:
        raw = request.POST.get(f"rating-{key}", "")
        if raw.isdigit():
            data.ratings[key] = int(raw)
        data.notes[key] = request.POST.get(f"notes-{key}", "")
    data.observed = request.POST.getlist("observed")
    for f in flags:
        if request.POST.get(f"flag-{f.id}"):
            data.red_flags.append({"flag": f.id, "note": request.POST.get(f"flag-note-{f.id}", "")})
    for c in confirmations:
        answer = request.POST.get(f"confirm-{c.id}")
        if answer in ("yes", "no"):
            data.confirmations[c.id] = answer == "yes"
    data.overall = request.POST.get("overall", "")
    data.interviewed_on = request.POST.get("interviewed_on", "")
    return data


@panel_page
def scorecard(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    playbook = candidate.opening.playbook.to_core()
    member = candidate.panel.get(interviewer=_user(request))
    questions = [q for q in playbook.interview.questions if q.id in member.questions]
    grid_keys = [key for key in playbook.grid if key in member.questions]
    rated = {playbook.grid[key][0].id for key in grid_keys}
    flags = [*playbook.interview.red_flags, *(f for e in playbook.exercises if e.id in rated for f in e.red_flags)]
    confirmations = list(playbook.interview.confirmations)
    card = Scorecard.objects.filter(candidate=candidate, interviewer=_user(request)).first()
    problems: dict[str, str] = {}
    typed_day: str | None = None
    if request.method == "POST":
        data = _scorecard_input(request, [q.id for q in questions] + grid_keys, flags, confirmations)
        submit = request.POST.get("action") == "submit"
        try:
            if submit and request.POST.get("final") != "yes":
                _, found = services.check_scorecard(candidate, _user(request), data, submit=True)
                found["final"] = gettext("tick the box to confirm that your scorecard is final")
                raise services.InterviewError(found)
            card = save_scorecard(candidate, _user(request), data, submit)
            messages.success(request, gettext("Scorecard submitted. You can now see the panel's debrief.") if submit
                             else gettext("Draft saved; only you can see it."))  # fmt: skip
            return redirect("scorecard", pk=candidate.pk)
        except services.InterviewError as error:
            problems = error.problems
            card = Scorecard(ratings=data.ratings, notes=data.notes, red_flags=data.red_flags,
                             confirmations=data.confirmations, overall=data.overall, observed=data.observed)  # fmt: skip
            typed_day = data.interviewed_on
    ratings = card.ratings if card else {}
    notes = card.notes if card else {}
    raised = {f["flag"]: f.get("note", "") for f in (card.red_flags if card else [])}
    answered = card.confirmations if card else {}
    levels = {1: "Poor", 2: "Below expectations", 3: "Meets expectations", 4: "Above expectations", 5: "Excellent"}
    rows = [{
        "q": q, "notes": notes.get(q.id, ""), "error": problems.get(f"rating[{q.id}]"),
        "notes_error": problems.get(f"notes[{q.id}]"),
        "levels": [{"value": n, "label": levels[n], "anchor": q.scale.get(n, ""), "checked": ratings.get(q.id) == n}
                   for n in range(1, 6)],
    } for q in questions]  # fmt: skip
    observed = set(card.observed if card else [])
    names = {c.id: c.name for c in playbook.competencies}
    exercises = [{"e": e, "kind": _kind(e.kind), "rows": [{
        "key": key, "name": names.get(row.competency, row.competency), "notes": notes.get(key, ""),
        "error": problems.get(f"rating[{key}]"), "notes_error": problems.get(f"notes[{key}]"),
        "levels": [{"value": n, "label": levels[n], "checked": ratings.get(key) == n,
                    "behaviours": [{"key": behaviour_key(e.id, row.competency, n, i), "text": behaviour_text(b),
                                    "raises": None if isinstance(b, str) else b.raises,
                                    "checked": behaviour_key(e.id, row.competency, n, i) in observed}
                                   for i, b in enumerate(row.levels.get(n, ()))]} for n in range(1, 6)],
    } for key in grid_keys for ex, row in [playbook.grid[key]] if ex.id == e.id]}
        for e in playbook.exercises if e.id in rated]  # fmt: skip
    interview = Interview.objects.filter(candidate=candidate).first()
    if typed_day is None:
        day = card.interviewed_on if card and card.interviewed_on else None
        if day is None and interview is not None:
            day = interview.starts_at.astimezone(services.zone(candidate.opening.organization.time_zone)).date()
        typed_day = day.isoformat() if day else ""
    words = rated_texts(playbook)
    keys = [q.id for q in questions] + grid_keys
    texts = {f"rating[{k}]": words[k] for k in keys} | {f"notes[{k}]": f"Evidence for “{words[k]}”" for k in keys}
    texts |= {f"observed[{k}]": "A behaviour ticked as observed" for k in playbook.behaviours}
    texts |= {f"red_flag[{f.id}]": f"Red flag “{f.description}”" for f in flags}
    texts |= {"overall": gettext("Overall recommendation"), "interviewed_on": gettext("Date of the interview"),
              "final": gettext("Confirmation")}  # fmt: skip
    return render(request, "interviews/scorecard.html", {
        "candidate": candidate, "rows": rows, "final": bool(card and card.submitted_at), "problems": problems,
        "problem_list": [(texts.get(k, k), v) for k, v in problems.items()],
        "overall_choices": [(value, gettext(label)) for value, label in OVERALL.items()], "overall": card.overall if card else "", "interviewed_on": typed_day,
        "flags": [{"f": f, "checked": f.id in raised, "note": raised.get(f.id, ""),
                   "error": problems.get(f"red_flag[{f.id}]")} for f in flags],
        "confirmations": [{"c": c, "answer": answered.get(c.id)} for c in confirmations],
        "exercises": exercises,
    })  # fmt: skip


@panel_or_staff_page
def debrief(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    if not may_see_panel(candidate, request.user):
        return render(request, "interviews/debrief_locked.html", {"candidate": candidate}, status=403)
    playbook = candidate.opening.playbook.to_core()
    cards = list(candidate.scorecards.filter(submitted_at__isnull=False).select_related("interviewer").order_by("pk"))
    words = rated_texts(playbook)
    spreads = spread([c.ratings for c in cards], list(words))
    rows: list[dict[str, Any]] = [{"key": key, "text": text, "cells": [card.ratings.get(key) for card in cards],
                                   "spread": spreads.get(key)}
                                  for key, text in words.items() if key not in playbook.grid]  # fmt: skip
    grids: list[dict[str, Any]] = [{"e": e, "kind": _kind(e.kind),
              "rows": [{"key": key, "text": words[key].split(": ", 1)[-1], "cells": [card.ratings.get(key) for card in cards],
                        "spread": spreads.get(key)} for key, (ex, _) in playbook.grid.items() if ex.id == e.id],
              "observed": [{"by": card.interviewer.username, "row": words[grid_key(e.id, row.competency)].split(": ", 1)[-1],
                            "level": level, "text": behaviour_text(b), "raises": None if isinstance(b, str) else b.raises}
                           for card in cards for key in card.observed for found in [playbook.behaviours.get(key)]
                           if found is not None and found[0].id == e.id for _, row, level, b in [found]]}
             for e in playbook.exercises]  # fmt: skip
    grids = [g for g in grids if any(any(v is not None for v in r["cells"]) for r in g["rows"])]
    waiting = [m.interviewer.username for m in candidate.panel.select_related("interviewer")
               if not any(c.interviewer_id == m.interviewer_id for c in cards)]  # fmt: skip
    flags = [{"by": c.interviewer.username, **f} for c in cards for f in c.red_flags]
    flags += [{"by": c.interviewer.username, "flag": found[3].raises,
               "note": f"observed in {found[0].title}: {found[3].text}"}
              for c in cards for b in c.observed for found in [playbook.behaviours.get(b)]
              if found is not None and not isinstance(found[3], str)]  # fmt: skip
    staff = can(request.user, candidate.opening.organization_id, STAFF_ROLES)
    return render(request, "interviews/debrief.html", {
        "proposing": not staff and may_propose(candidate, request.user) and candidate.erased_at is None,
        "draft": request.session.pop(f"decision-draft-{candidate.pk}", None) or {},
        "choices": [(o, Decision.Outcome(o).label) for o in STAGE_OUTCOMES[stage_of(candidate)]],
        "candidate": candidate, "cards": cards, "rows": rows, "waiting": waiting, "flags": flags, "grids": grids,
        "disagreements": [r for r in rows + [row for g in grids for row in g["rows"]]
                          if r["spread"] and r["spread"]["disagree"]],
        "notes": [{"by": c.interviewer.username, "text_of": words[k], "text": c.notes[k]} for c in cards
                  for k in words if c.notes.get(k)],
    })  # fmt: skip


def _exercise(candidate_or_opening: Candidate | JobOpening, exercise_id: str) -> tuple[Playbook, Exercise]:
    opening = candidate_or_opening.opening if isinstance(candidate_or_opening, Candidate) else candidate_or_opening
    playbook = opening.playbook.to_core()
    exercise = next((e for e in playbook.exercises if e.id == exercise_id), None)
    if exercise is None:
        raise Http404("No such exercise")
    return playbook, exercise


def _grid_rows(playbook: Playbook, exercise: Exercise) -> list[dict[str, Any]]:
    names = {c.id: c.name for c in playbook.competencies}
    return [{"name": names.get(row.competency, row.competency),
             "levels": [(n, [(behaviour_text(b), None if isinstance(b, str) else b.raises) for b in found])
                        for n, found in row.levels.items()]} for row in exercise.grid]  # fmt: skip


@panel_or_staff_page
def exercise_run(request: HttpRequest, candidate: Candidate, exercise_id: str) -> HttpResponse:
    """The sheet for the person who plays the client and for the assessors: the brief the candidate
    has, the script, a timer and the grid. The hiring team and the exercise's own assessors see it;
    the candidate never does."""
    playbook, exercise = _exercise(candidate, exercise_id)
    if not can(request.user, candidate.opening.organization_id, STAFF_ROLES):
        member = candidate.panel.filter(interviewer_id=request.user.pk).first()
        if member is None or not any(k.startswith(exercise.id + ".") for k in member.questions):
            message = gettext("This exercise's script and grid are for its assessors and the hiring team. You do not rate "
                              "this exercise for this candidate; the recruiter can add you to it on the panel page.")  # fmt: skip
            return render(request, "403.html", {"message": message}, status=403)
    return render(request, "interviews/exercise_run.html", {
        "candidate": candidate, "exercise": exercise, "kind": _kind(exercise.kind), "grid": _grid_rows(playbook, exercise),
        "on_panel": candidate.panel.filter(interviewer_id=request.user.pk).exists(),
    })  # fmt: skip


@opening_page(STAFF_ROLES)
def exercise_brief(request: HttpRequest, opening: JobOpening, exercise_id: str) -> HttpResponse:
    """The candidate's brief on its own, to print or share on a video call: nothing of the script
    or the grid."""
    _, exercise = _exercise(opening, exercise_id)
    return render(request, "interviews/exercise_brief.html", {"opening": opening, "exercise": exercise,
                                                               "kind": _kind(exercise.kind)})  # fmt: skip
