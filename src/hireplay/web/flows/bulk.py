"""Rejecting several candidates at once from the pipeline, with an undo window.

Each rejection is an ordinary decision by the named person (its reason, its disposition, its
audit event); nothing here decides for anyone. What the window protects is what cannot be taken
back: the e-mails that tell the candidates wait until it closes. Undoing in time supersedes each
rejection with "on hold" (the log keeps both, as for any changed decision) and deletes the
e-mails before they leave (docs/recruiting.md, "Bulk actions")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hireplay.web.audit.catalogue import actor
from hireplay.web.audit.log import record
from hireplay.web.decisions.models import BulkRejection, Decision, RecommendationRecord
from hireplay.web.flows.decision import DecisionError, NotAllowedError, decide, dispositions, may_decide, stage_of
from hireplay.web.hiring.models import Candidate, JobOpening
from hireplay.web.outbox import mail
from hireplay.web.outbox.models import Email

UNDO = timedelta(minutes=10)
FINISHED = (Candidate.Stage.REJECTED, Candidate.Stage.HIRED, Candidate.Stage.WITHDRAWN)


@dataclass(frozen=True)
class Plan:
    """Who a bulk rejection would reject, and who it leaves out and why (in words)."""

    ready: list[Candidate]
    skipped: list[tuple[Candidate, str]]


def plan(opening: JobOpening, user: User, chosen: list[Candidate], advance: bool = False) -> Plan:
    """Sort the chosen candidates: those this person may reject (or, with `advance`, advance to the
    interview) now, and the others with why."""
    scored = set(RecommendationRecord.objects.filter(candidate__in=chosen).values_list("candidate_id", flat=True))
    ready, skipped = [], []
    for candidate in chosen:
        if candidate.stage in FINISHED:
            skipped.append((candidate, gettext("already {stage}").format(stage=candidate.get_stage_display().lower())))
        elif advance and (candidate.stage == Candidate.Stage.INTERVIEW or stage_of(candidate) == Decision.Stage.FINAL):
            skipped.append((candidate, gettext("at the interview already")))
        elif candidate.pk not in scored:
            skipped.append((candidate, gettext("no assessment result yet: a decision weighs the evidence (withdraw "
                                               "or review them from their page)")))  # fmt: skip
        elif not may_decide(candidate, user):
            skipped.append((candidate, gettext("you may propose a decision on them, not take it")))
        else:
            ready.append(candidate)
    return Plan(ready, skipped)


def reject(opening: JobOpening, user: User, candidates: list[Candidate], reason: str, disposition: str,
           tell: bool) -> BulkRejection:  # fmt: skip
    """Reject every candidate in `candidates` (all or none: one refusal stops the whole batch), each
    as the user's own decision with the same reason and disposition; with `tell`, e-mail each that
    their application goes no further, once the undo window closes. Raises DecisionError or
    NotAllowedError naming the candidate."""
    if not candidates:
        raise DecisionError("candidate", gettext("choose at least one candidate who can be rejected"))
    if disposition not in dispositions(candidates[0]):
        raise DecisionError("disposition", gettext("choose the reason for the rejection from the list"))
    now = timezone.now()
    with transaction.atomic():
        made, emails = [], []
        for candidate in candidates:
            try:
                made.append(decide(candidate, user, Decision.Outcome.REJECT, reason, disposition))
            except (DecisionError, NotAllowedError) as error:
                field, message = (
                    (error.field, error.message) if isinstance(error, DecisionError) else ("candidate", str(error))
                )
                raise DecisionError(field, f"{candidate.name}: {message}") from None
            if tell:
                emails.append(_tell(candidate, now + UNDO))
        bulk = BulkRejection.objects.create(opening=opening, decided_by=user, created_at=now, undo_until=now + UNDO,
                                            decisions=[d.pk for d in made], emails=[e.pk for e in emails])  # fmt: skip
        record(actor(user), "bulk.rejected", f"opening:{opening.pk}",
               {"bulk": bulk.pk, "decisions": bulk.decisions, "emails": len(emails),
                "undo_until": bulk.undo_until.isoformat()})  # fmt: skip
    return bulk


def advance(opening: JobOpening, user: User, candidates: list[Candidate], reason: str) -> list[Decision]:
    """Advance every candidate in `candidates` to the interview (all or none), each as the user's own
    decision with the same reason (required where a decision departs from the advice). Raises
    DecisionError naming the candidate."""
    if not candidates:
        raise DecisionError("candidate", gettext("choose at least one candidate who can be advanced"))
    with transaction.atomic():
        made = []
        for candidate in candidates:
            try:
                made.append(decide(candidate, user, Decision.Outcome.ADVANCE, reason))
            except (DecisionError, NotAllowedError) as error:
                field, message = (
                    (error.field, error.message) if isinstance(error, DecisionError) else ("candidate", str(error))
                )
                raise DecisionError(field, f"{candidate.name}: {message}") from None
        record(actor(user), "bulk.advanced", f"opening:{opening.pk}", {"decisions": [d.pk for d in made]})
    return made


def _tell(candidate: Candidate, when: object) -> Email:
    opening = candidate.opening
    message = EmailMessage(
        subject=f"Your application: {opening.title}",
        body=(f"Hello {candidate.name},\n\nThank you for the time you gave to your application for {opening.title} at "
              f"{opening.organization.name}. We have decided not to take it further.\n\nWe wish you every success."),
        to=[candidate.email],
    )  # fmt: skip
    return mail.queue(message, "rejection", candidate.ref, opening.organization, candidate, not_before=when)  # type: ignore[arg-type]


def undo(bulk: BulkRejection, user: User) -> tuple[int, int]:
    """Undo a bulk rejection while its window is open: each rejection still in force is superseded
    by "on hold" (by this person, with the reason that it undoes the bulk rejection), and the
    e-mails not sent yet are deleted. Returns (candidates put on hold, e-mails stopped). Raises
    DecisionError when the window has closed or it was undone already."""
    now = timezone.now()
    with transaction.atomic():
        locked = BulkRejection.objects.select_for_update().get(pk=bulk.pk)
        if locked.undone_at is not None:
            raise DecisionError("bulk", gettext("this bulk rejection was undone already"))
        if now > locked.undo_until:
            raise DecisionError("bulk", gettext("the undo window closed at {at} UTC; change each decision from the "
                                                "candidate's page, with a reason").format(at=f"{locked.undo_until:%H:%M}"))  # fmt: skip
        stopped = Email.objects.filter(pk__in=locked.emails, status=Email.Status.WAITING, attempts=0).delete()[0]
        held = 0
        why = f"Undoing the bulk rejection of {locked.created_at:%Y-%m-%d %H:%M} UTC, within its undo window."
        for decision in Decision.objects.filter(pk__in=locked.decisions).select_related("candidate"):
            if Decision.in_force(decision.candidate_id, decision.stage) != decision:
                continue  # someone decided again since: that decision stands
            decide(decision.candidate, user, Decision.Outcome.HOLD, why)
            held += 1
        locked.undone_at = now
        locked.save(update_fields=["undone_at"])
        record(actor(user), "bulk.undone", f"opening:{locked.opening_id}",
               {"bulk": locked.pk, "held": held, "emails_stopped": stopped})  # fmt: skip
    return held, stopped


def open_for(opening: JobOpening, user: User) -> BulkRejection | None:
    """This person's latest bulk rejection on the opening that can still be undone."""
    return (BulkRejection.objects.filter(opening=opening, decided_by=user, undone_at__isnull=True,
                                         undo_until__gte=timezone.now()).order_by("-pk").first())  # fmt: skip
