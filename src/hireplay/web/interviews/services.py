"""The interview stage: panels, scheduling with calendar invitations, and independent scorecards."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext, gettext_noop

from hireplay.core.interview import ScorecardDraft, invitation_briefs, scorecard_problems
from hireplay.web.audit.catalogue import actor
from hireplay.web.audit.log import digest, record
from hireplay.web.hiring import stages
from hireplay.web.hiring.models import Candidate
from hireplay.web.interviews import ical
from hireplay.web.interviews.models import Interview, PanelMember, Scorecard
from hireplay.web.orgs.models import Membership, Preference
from hireplay.web.outbox import mail
from hireplay.web.outbox.models import Email


class InterviewError(ValueError):
    """Input that cannot be applied; `problems` maps each field to what is wrong with it."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = dict(problems)


def eligible_interviewers(candidate: Candidate) -> list[User]:
    """People who may sit on this candidate's panel: members of the hiring organisation or its agency."""
    organization = candidate.opening.organization
    members = Membership.objects.filter(Q(organization=organization) | Q(organization_id=organization.agency_id))
    return list(User.objects.filter(pk__in=members.values("user")).order_by("username"))


def assign_panel(candidate: Candidate, assignments: Mapping[int, Sequence[str]], by: str) -> list[PanelMember]:
    """Set the panel: interviewer id -> question ids. Members who already submitted cannot be removed."""
    playbook = candidate.opening.playbook.to_core()
    known = [*(q.id for q in playbook.interview.questions), *playbook.grid]
    allowed = {u.pk: u for u in eligible_interviewers(candidate)}
    problems: dict[str, str] = {}
    clean: dict[int, list[str]] = {}
    for user_id, questions in assignments.items():
        if user_id not in allowed:
            problems[f"panel[{user_id}]"] = "this person is not a member of the hiring organisation or its agency"
            continue
        unknown = [q for q in questions if q not in known]
        if unknown:
            problems[f"panel[{allowed[user_id].username}]"] = (
                f"not questions or grid rows of this playbook: {', '.join(unknown)}"
            )
        if not questions:
            problems[f"panel[{allowed[user_id].username}]"] = "give each interviewer at least one question"
        clean[user_id] = [q for q in known if q in questions]
    if not clean and not problems:
        problems["panel"] = gettext("choose at least one interviewer")
    submitted = set(candidate.scorecards.filter(submitted_at__isnull=False).values_list("interviewer_id", flat=True))
    for user_id in submitted - set(clean):
        problems[f"panel[{user_id}]"] = "this interviewer already submitted a scorecard and stays on the panel"
    if problems:
        raise InterviewError(problems)
    with transaction.atomic():
        candidate.panel.exclude(interviewer_id__in=clean).delete()
        members = []
        for user_id, questions in clean.items():
            member, _ = PanelMember.objects.update_or_create(candidate=candidate, interviewer_id=user_id,
                                                             defaults={"questions": questions})  # fmt: skip
            members.append(member)
        record(by, "panel.assigned", candidate.ref,
               {"panel": {allowed[u].username: q for u, q in sorted(clean.items())}})  # fmt: skip
    return members


def zone(name: str) -> ZoneInfo:
    """The organisation's time zone (UTC if its name is not one the system knows)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time(moment: datetime, zone_name: str) -> str:
    """A moment as people of the organisation read it, in the active language: "Tuesday 1 December
    2026, 09:30 CET (Europe/Brussels)", "mardi 1 décembre 2026, 09:30 CET (Europe/Brussels)"."""
    local = moment.astimezone(zone(zone_name))
    return f"{dateformat.format(local, 'l j F Y, H:i')} {local.tzname()} ({zone_name})"


def _language(wanted: str) -> str:
    return wanted if wanted in dict(settings.LANGUAGES) else "en"


def candidate_language(candidate: Candidate) -> str:
    """The language the candidate reads: their latest invitation's, else the opening's."""
    invitation = candidate.invitations.filter(revoked=False).order_by("-pk").first()
    return _language((invitation.language if invitation else "") or candidate.opening.language or "en")


def parse_local(text: str, zone_name: str) -> datetime:
    """A date and time typed in the organisation's zone ("2026-12-01T09:30", as a date-time picker
    sends it; an explicit offset is honoured) as an aware moment. Raises InterviewError for text that
    is not a date and time, or a local time that does not exist (the hour skipped when clocks go
    forward) or happens twice (when they go back)."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InterviewError({"starts_at": gettext("give a date and a time, such as 2026-12-01 09:30")}) from None
    if moment.tzinfo is not None:
        return moment
    tz = zone(zone_name)
    first, second = moment.replace(tzinfo=tz, fold=0), moment.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != moment:
            raise InterviewError({"starts_at": gettext("{time} on {day} does not exist in {zone} (the clocks go forward then): "
                                                       "choose another time").format(time=f"{moment:%H:%M}", day=f"{moment:%Y-%m-%d}",
                                                                                     zone=zone_name)})  # fmt: skip
        raise InterviewError({"starts_at": gettext("{time} on {day} happens twice in {zone} (the clocks go back then): "
                                                   "choose another time").format(time=f"{moment:%H:%M}", day=f"{moment:%Y-%m-%d}",
                                                                                 zone=zone_name)})  # fmt: skip
    return first


def _meeting(interview: Interview) -> ical.Meeting:
    candidate = interview.candidate
    organizer = interview.organizer
    return ical.Meeting(
        uid=interview.uid,
        sequence=interview.sequence,
        starts_at=interview.starts_at,
        minutes=interview.minutes,
        location=interview.location,
        title=f"Interview: {candidate.opening.title}",
        organizer=ical.Person(
            organizer.get_full_name() or organizer.username, organizer.email or "noreply@hireplay.invalid"
        ),
        cancelled=interview.cancelled,
    )


def candidate_calendar(interview: Interview, stamp: datetime | None = None) -> bytes:
    """The candidate's calendar entry, in the candidate's language."""
    candidate = interview.candidate
    briefs = invitation_briefs(candidate.opening.playbook.to_core())
    with translation.override(candidate_language(candidate)):
        if briefs:
            text = (gettext("Your interview for {opening}. It includes the exercise below; please prepare it before "
                            "the interview.").format(opening=candidate.opening.title) + "\n\n" + "\n\n".join(briefs))  # fmt: skip
        else:
            text = gettext("Your interview for {opening}. The panel will ask about your experience; there is nothing "
                           "to prepare beyond what you already know of the role.").format(opening=candidate.opening.title)  # fmt: skip
    return ical.invitation(_meeting(interview), "candidate", [ical.Person(candidate.name, candidate.email)], text,
                           stamp or timezone.now())  # fmt: skip


def panel_calendar(interview: Interview, base_url: str, stamp: datetime | None = None) -> bytes:
    """The panel's calendar entry, in the active language (each interviewer's, when it is sent)."""
    candidate = interview.candidate
    kit = f"{base_url.rstrip('/')}/candidates/{candidate.pk}/scorecard/"
    people = [ical.Person(m.interviewer.get_full_name() or m.interviewer.username,
                          m.interviewer.email or f"{m.interviewer.username}@hireplay.invalid")
              for m in candidate.panel.select_related("interviewer").order_by("pk")]  # fmt: skip
    text = gettext("Panel interview with {name} for {opening}.\nYour questions and the scorecard: {kit}\nFill in your "
                   "scorecard on your own before the debrief.").format(name=candidate.name,
                                                                       opening=candidate.opening.title, kit=kit)  # fmt: skip
    return ical.invitation(_meeting(interview), "panel", people, text, stamp or timezone.now())


# The three states of an interview as e-mails name them, marked for the catalogues.
VERBS = {
    "scheduled": gettext_noop("scheduled"),
    "updated": gettext_noop("updated"),
    "cancelled": gettext_noop("cancelled"),
}


def _send(interview: Interview, base_url: str) -> list[Email]:
    """Queue the e-mails to the candidate and the panel (in the caller's transaction)."""
    candidate = interview.candidate
    method = "CANCEL" if interview.cancelled else "REQUEST"
    state = "cancelled" if interview.cancelled else ("updated" if interview.sequence else "scheduled")
    zone_name = candidate.opening.organization.time_zone
    briefs = [] if interview.cancelled else invitation_briefs(candidate.opening.playbook.to_core())
    with translation.override(candidate_language(candidate)):  # the candidate reads their own language
        verb, when = gettext(VERBS[state]), local_time(interview.starts_at, zone_name)
        prepare = ("\n\n" + gettext("The interview includes an exercise. Here is your brief; please prepare it "
                                     "before the interview.") + "\n\n" + "\n\n".join(briefs)) if briefs else ""  # fmt: skip
        place = f", {interview.location}" if interview.location else ""
        to_candidate = EmailMessage(
            subject=gettext("Interview {verb}: {opening}").format(verb=verb, opening=candidate.opening.title),
            body=gettext("Hello {name},\n\nYour interview for {opening} is {verb}: {when}{place}.\nThe calendar entry "
                         "is attached.").format(name=candidate.name, opening=candidate.opening.title, verb=verb,
                                                 when=when, place=place) + prepare,
            to=[candidate.email],
        )  # fmt: skip
    to_candidate.attach(
        "interview.ics", candidate_calendar(interview), f"text/calendar; method={method}; charset=UTF-8"
    )
    queued = [mail.queue(to_candidate, "interview", candidate.ref, candidate.opening.organization, candidate)]
    # Each interviewer reads their own language: one e-mail per language, in the panel's order.
    members = [
        m.interviewer for m in candidate.panel.select_related("interviewer").order_by("pk") if m.interviewer.email
    ]
    chosen = dict(Preference.objects.filter(user__in=members).values_list("user_id", "language"))
    by_language: dict[str, list[str]] = {}
    for member in members:
        by_language.setdefault(_language(chosen.get(member.pk, "en")), []).append(member.email)
    for language, emails in by_language.items():
        with translation.override(language):
            verb, when = gettext(VERBS[state]), local_time(interview.starts_at, zone_name)
            to_panel = EmailMessage(
                subject=gettext("Panel interview {verb}: {name}, {opening}").format(
                    verb=verb, name=candidate.name, opening=candidate.opening.title),
                body=gettext("The panel interview is {verb}: {when}. The calendar entry, with the link to your "
                             "questions and scorecard, is attached.").format(verb=verb, when=when),
                to=emails,
            )  # fmt: skip
            calendar = panel_calendar(interview, base_url)
        to_panel.attach("panel.ics", calendar, f"text/calendar; method={method}; charset=UTF-8")
        queued.append(mail.queue(to_panel, "interview-panel", candidate.ref, candidate.opening.organization, candidate))
    return queued


def schedule(
    candidate: Candidate, starts_at: datetime, minutes: int, location: str, organizer: User, base_url: str
) -> tuple[Interview, list[Email]]:
    """Propose or change the interview's time and send both invitations (SEQUENCE rises on a change),
    after the commit; the e-mails are returned with the interview."""
    problems = {}
    if not candidate.panel.exists():
        problems["panel"] = gettext("assign the panel before scheduling")
    if starts_at.tzinfo is None:
        problems["starts_at"] = gettext("give the time with its time zone")
    if not 15 <= minutes <= 480:
        problems["minutes"] = gettext("an interview lasts from 15 to 480 minutes")
    if candidate.erased_at is not None:
        problems["candidate"] = gettext("this candidate's data was erased")
    if problems:
        raise InterviewError(problems)
    with transaction.atomic():
        interview = Interview.objects.select_for_update().filter(candidate=candidate).first()
        action = "interview.scheduled"
        if interview is None:
            interview = Interview.objects.create(candidate=candidate, starts_at=starts_at, minutes=minutes,
                                                 location=location, organizer=organizer)  # fmt: skip
        else:
            interview.sequence += 1
            interview.starts_at, interview.minutes, interview.location = starts_at, minutes, location
            interview.cancelled = False
            interview.organizer = organizer
            interview.save()
            action = "interview.rescheduled"
        record(actor(organizer), action, candidate.ref,
               {"interview": interview.pk, "uid": interview.uid, "sequence": interview.sequence,
                "starts_at": starts_at.isoformat(), "minutes": minutes})  # fmt: skip
        stages.move(candidate.pk, Candidate.Stage.INTERVIEW, actor(organizer), only_from=[Candidate.Stage.SCORED])
        emails = _send(interview, base_url)
    return interview, emails


def cancel(candidate: Candidate, user: User, base_url: str) -> tuple[Interview, list[Email]]:
    with transaction.atomic():
        interview = Interview.objects.select_for_update().filter(candidate=candidate).first()
        if interview is None or interview.cancelled:
            raise InterviewError({"interview": gettext("there is no scheduled interview to cancel")})
        interview.sequence += 1
        interview.cancelled = True
        interview.save()
        record(actor(user), "interview.cancelled", candidate.ref,
               {"interview": interview.pk, "uid": interview.uid, "sequence": interview.sequence})  # fmt: skip
        emails = _send(interview, base_url)
    return interview, emails


# What the core says of a scorecard's problems (hireplay.core.interview.scorecard_problems), marked
# here for the catalogues: the core has no Django, so the web puts its words in the reader's language.
SCORECARD_WORDS = (
    gettext_noop("this question is not one of yours"), gettext_noop("rate from 1 to 5"),
    gettext_noop("not a red flag of this kit"), gettext_noop("not a confirmation of this kit"),
    gettext_noop("this behaviour is not on a grid you rate"), gettext_noop("choose strong no, no, yes or strong yes"),
    gettext_noop("give the day of the interview as a date"),
    gettext_noop("give your overall recommendation before submitting"),
    gettext_noop("give the day of the interview before submitting"),
    gettext_noop("say what you saw or heard that raised this flag"),
)  # fmt: skip
_RATE_FIRST = re.compile(r"^rate '(?P<text>.*)' before submitting$", re.S)
_NEEDS_EVIDENCE = re.compile(r"^a (?P<n>\d) needs evidence: write what the candidate said or did$")


def in_language(message: str) -> str:
    """One of the core's scorecard problems in the reader's language (unchanged when it has none)."""
    if found := _RATE_FIRST.match(message):
        return gettext("rate “{text}” before submitting").format(text=found["text"])
    if found := _NEEDS_EVIDENCE.match(message):
        return gettext("a {n} needs evidence: write what the candidate said or did").format(n=found["n"])
    return gettext(message)


def check_scorecard(candidate: Candidate, user: User, draft: ScorecardDraft,
                    submit: bool) -> tuple[ScorecardDraft, dict[str, str]]:  # fmt: skip
    """The draft as it would be stored, and its problems by field (empty when it may be saved, or
    submitted with `submit`)."""
    member = candidate.panel.filter(interviewer=user).first()
    if member is None:
        raise InterviewError({"panel": gettext("you are not on this candidate's panel")})
    clean = draft.cleaned(member.questions)
    problems = scorecard_problems(candidate.opening.playbook.to_core(), member.questions, clean, submit)
    return clean, {field: in_language(message) for field, message in problems.items()}


def save_scorecard(candidate: Candidate, user: User, draft: ScorecardDraft, submit: bool) -> Scorecard:
    """Save the interviewer's draft, or submit it (final). Problems name the question or flag.
    (Submitting changes the recommendation: flows.interview.save_scorecard refreshes it.)"""
    clean, problems = check_scorecard(candidate, user, draft, submit)
    if problems:
        raise InterviewError(problems)
    with transaction.atomic():
        card, _ = Scorecard.objects.select_for_update().get_or_create(candidate=candidate, interviewer=user)
        if card.submitted_at is not None:
            raise InterviewError({"scorecard": gettext("your scorecard was submitted and is final")})
        card.ratings, card.notes = dict(clean.ratings), clean.notes
        card.red_flags, card.confirmations = clean.red_flags, dict(clean.confirmations)
        card.overall, card.observed = clean.overall, list(clean.observed)
        card.interviewed_on = date.fromisoformat(clean.interviewed_on) if clean.interviewed_on else None
        if submit:
            card.submitted_at = timezone.now()
        card.save()
        if submit:
            _log_submission(candidate, user, card)
    return card


def scorecard_payload(card: Scorecard, secret: str) -> dict[str, Any]:
    """What the log records of a submitted scorecard: every field (notes as keyed digests). `hireplay
    audit verify --state` compares each stored scorecard with it."""
    payload: dict[str, Any] = {"scorecard": card.pk, "ratings": card.ratings, "red_flags": [f["flag"] for f in card.red_flags],
            "confirmations": card.confirmations, "notes": digest(secret, card.notes),
            "flag_notes": digest(secret, [f.get("note", "") for f in card.red_flags]), "overall": card.overall,
            "interviewed_on": card.interviewed_on.isoformat() if card.interviewed_on else ""}  # fmt: skip
    if card.observed:  # only where an exercise was rated, so scorecards logged before exercises prove unchanged
        payload["observed"] = card.observed
    return payload


def _log_submission(candidate: Candidate, user: User, card: Scorecard) -> None:
    by = actor(user)
    record(by, "scorecard.submitted", candidate.ref, scorecard_payload(card, candidate.secret))
    for f in card.red_flags:
        record(by, "redflag.raised", candidate.ref,
               {"scorecard": card.pk, "flag": f["flag"], "note": digest(candidate.secret, f["note"])})  # fmt: skip
    behaviours = candidate.opening.playbook.to_core().behaviours
    for key in card.observed:
        found = behaviours.get(key)
        if found is not None and not isinstance(found[3], str):
            note = f"observed in {found[0].title}: {found[3].text}"
            record(by, "redflag.raised", candidate.ref,
                   {"scorecard": card.pk, "flag": found[3].raises, "note": digest(candidate.secret, note)})  # fmt: skip
