"""Who decides on a candidate, and how: one decision in force per stage, taken by a named person.

Only the opening's hiring manager, or an administrator of the hiring organisation (recorded as
such), decides; recruiters and interviewers propose. A panel member decides or proposes only after
submitting their own scorecard. The outcomes fit the stage (after the assessment: advance, hold,
reject, withdrawn; after the interview: hire, hold, reject, withdrawn). Changing a decision is a
new decision that names the one it supersedes, with a reason; so is departing from the advice,
rejecting (with a disposition from the organisation's list), holding, and deciding before the
whole panel has submitted (docs/interviews-and-decisions.md).
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.models import User as AuthUser
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from hireplay.core.decision import MIN_REASON, STAGE_OUTCOMES, advice, reasons_needed, screen
from hireplay.web.access import ADMIN_ROLES, MANAGE_ROLES, STAFF_ROLES, can, on_panel, submitted_own
from hireplay.web.audit.catalogue import actor
from hireplay.web.audit.log import digest, record
from hireplay.web.decisions.models import Decision, Proposal, RecommendationRecord
from hireplay.web.flows.organization import disposition_labels
from hireplay.web.hiring import stages
from hireplay.web.hiring.models import Candidate, ScoreRecord
from hireplay.web.hiring.services import invitation_token
from hireplay.web.interviews.models import Interview, PanelMember, Scorecard
from hireplay.web.orgs.models import Membership
from hireplay.web.outbox import mail
from hireplay.web.outbox.models import Email

User = AbstractBaseUser | AnonymousUser

# Where each outcome puts the candidate ("hold" keeps them where they are, marked on hold).
STAGE_AFTER = {
    Decision.Outcome.ADVANCE: Candidate.Stage.INTERVIEW,
    Decision.Outcome.HOLD: Candidate.Stage.ON_HOLD,
    Decision.Outcome.REJECT: Candidate.Stage.REJECTED,
    Decision.Outcome.HIRE: Candidate.Stage.HIRED,
    Decision.Outcome.WITHDRAWN: Candidate.Stage.WITHDRAWN,
}


class DecisionError(ValueError):
    """A decision that cannot be taken as asked; `field` is the form field at fault, the message
    says why and what to do."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotAllowedError(PermissionError):
    """The person may not take this step; the message says who may."""


# Why a decision needs a reason (hireplay.core.decision.reasons_needed), marked here for the
# catalogues: the core has no Django, so the web says it in the decider's language.
REASON_WORDS = (
    gettext_noop("a rejection needs the decider's own reason"),
    gettext_noop("a rejection needs the decider's own reason, even when it follows the advice"),
    gettext_noop("putting a candidate on hold needs a reason: what you are waiting for"),
    gettext_noop("the recommendation is 'discuss': write what the panel concluded"),
    gettext_noop("the evidence is not complete: say why you decide now"),
    gettext_noop("deciding without the full panel needs a reason"),
    gettext_noop("changing a decision in force needs a reason"),
)
_AGAINST = re.compile(r"^choosing '(?P<outcome>\w+)' against the advice to reject needs a reason$")


def _why(text: str) -> str:
    if found := _AGAINST.match(text):
        label = str(Decision.Outcome(found["outcome"]).label).lower()
        return gettext("choosing “{outcome}” against the advice to reject needs a reason").format(outcome=label)
    return gettext(text)


def _reason_problem(advised: str, outcome: str, reason: str, supersedes: bool, provisional: bool) -> str | None:
    """What is wrong with the reason given for a decision (as the core's reason_problem), in the
    decider's language; None when it will do."""
    why = reasons_needed(advised, outcome, supersedes, provisional)
    if why and len(reason.strip()) < MIN_REASON:
        return gettext("{why} (at least {n} characters)").format(why="; ".join(_why(w) for w in why), n=MIN_REASON)
    return None


def stage_of(candidate: Candidate) -> str:
    """The stage a decision on this candidate is about: final once an interview is on (a panel,
    a meeting or a scorecard), screening before."""
    if (PanelMember.objects.filter(candidate=candidate).exists()
            or Interview.objects.filter(candidate=candidate, cancelled=False).exists()
            or Scorecard.objects.filter(candidate=candidate, submitted_at__isnull=False).exists()):  # fmt: skip
        return Decision.Stage.FINAL
    return Decision.Stage.SCREENING


def who_decides(candidate: Candidate) -> str:
    """Who may decide on this candidate, in words (for the page and for a refusal)."""
    opening = candidate.opening
    manager = opening.hiring_manager
    admins = f"an administrator of {opening.organization.name}"
    if manager is None:
        return f"{admins} (this opening has no hiring manager yet: a recruiter or administrator names one)"
    return f"{manager.get_full_name() or manager.username}, this opening's hiring manager, or {admins}"


def may_decide(candidate: Candidate, user: User) -> bool:
    """Whether `user` decides on this candidate: the opening's hiring manager or an administrator,
    and, if they sit on the panel, only once their own scorecard is in."""
    if not user.is_authenticated:
        return False
    deciding = candidate.opening.hiring_manager_id == user.pk or can(user, candidate.opening.organization_id,
                                                                        ADMIN_ROLES)  # fmt: skip
    return deciding and (not on_panel(candidate, user) or submitted_own(candidate, user))


def may_propose(candidate: Candidate, user: User) -> bool:
    """Whether `user` may propose a decision: staff of the organisation, or a panel member who has
    submitted their scorecard."""
    if on_panel(candidate, user):
        return submitted_own(candidate, user)
    return can(user, candidate.opening.organization_id, STAFF_ROLES)


def dispositions(candidate: Candidate) -> list[str]:
    """The hiring organisation's reasons for a rejection (the defaults until it edits them)."""
    return disposition_labels(candidate.opening.organization)


def _checked(candidate: Candidate, outcome: str, reason: str, disposition: str) -> dict[str, Any]:
    """The facts of a decision on this candidate now, or DecisionError naming the field at fault."""
    stage = stage_of(candidate)
    allowed = STAGE_OUTCOMES[stage]
    if outcome not in allowed:
        labels = ", ".join(str(Decision.Outcome(o).label).lower() for o in allowed)
        raise DecisionError(
            "outcome", gettext("choose one of the outcomes of this stage: {labels}").format(labels=labels)
        )
    recommendation = RecommendationRecord.current(candidate.pk)
    stored = ScoreRecord.current(candidate.pk)
    if recommendation is None or stored is None:
        raise DecisionError(
            "outcome", gettext("there is no recommendation yet: the assessment must be submitted and scored first")
        )
    screening, _ = screen(candidate.opening.playbook.to_core(), stored.to_core())
    advised = advice(stage, recommendation.outcome, screening)
    provisional = bool(recommendation.result.get("waiting")) if stage == Decision.Stage.FINAL else False
    in_force = Decision.in_force(candidate.pk, stage)
    problem = _reason_problem(advised, outcome, reason, supersedes=in_force is not None, provisional=provisional)
    if problem:
        raise DecisionError("reason", problem)
    if outcome == Decision.Outcome.REJECT:
        if not disposition:
            raise DecisionError("disposition", gettext("choose the reason for the rejection from the list"))
        if disposition not in dispositions(candidate):
            raise DecisionError("disposition", gettext("choose one of the organisation's reasons for a rejection"))
    elif disposition:
        disposition = ""  # only a rejection has one
    return {"stage": stage, "recommendation": recommendation, "advised": advised, "provisional": provisional,
            "supersedes": in_force, "disposition": disposition}  # fmt: skip


def decide(candidate: Candidate, user: Any, outcome: str, reason: str, disposition: str = "") -> Decision:
    """Record a named person's decision. Raises NotAllowedError (who may) or DecisionError (the field)."""
    if on_panel(candidate, user) and not submitted_own(candidate, user):
        raise NotAllowedError(gettext("You sit on this candidate's panel: submit your own scorecard before deciding."))
    if not may_decide(candidate, user):
        raise NotAllowedError(
            f"Only {who_decides(candidate)} may decide on this candidate. You may propose a decision."
        )
    if candidate.erased_at is not None:
        raise DecisionError("outcome", gettext("this candidate's data was erased"))
    reason = reason.strip()
    with transaction.atomic():
        Candidate.objects.select_for_update().filter(pk=candidate.pk).first()  # one decision at a time
        facts = _checked(candidate, outcome, reason, disposition.strip())
        recommendation = facts["recommendation"]
        as_admin = candidate.opening.hiring_manager_id != user.pk
        made = Decision.objects.create(
            candidate=candidate, recommendation=recommendation, stage=facts["stage"], outcome=outcome, reason=reason,
            disposition=facts["disposition"], advised=facts["advised"], departs=outcome != facts["advised"],
            provisional=facts["provisional"], supersedes=facts["supersedes"], as_admin=as_admin, decided_by=user,
        )  # fmt: skip
        record(actor(user), "decision.taken", candidate.ref, decision_payload(made, candidate.secret))
        stages.move(candidate.pk, STAGE_AFTER[Decision.Outcome(outcome)], actor(user))
    return made


def decision_payload(made: Decision, secret: str) -> dict[str, Any]:
    """What the log records of a decision: every column (the reason as a keyed digest). `hireplay
    audit verify --state` compares each stored decision with it."""
    return {"decision": made.pk, "stage": made.stage, "outcome": made.outcome,
            "recommendation": made.recommendation_id, "recommended": made.recommendation.outcome,
            "advised": made.advised, "departs": made.departs, "provisional": made.provisional,
            "supersedes": made.supersedes_id, "disposition": made.disposition, "as_admin": made.as_admin,
            "reason": digest(secret, made.reason)}  # fmt: skip


def propose(candidate: Candidate, user: Any, outcome: str, reason: str) -> Proposal:
    """A proposal to the person who decides (recruiters, and panel members once they submitted)."""
    if not may_propose(candidate, user):
        raise NotAllowedError(
            "You sit on this candidate's panel: submit your own scorecard before proposing a decision."
        )
    stage = stage_of(candidate)
    if outcome not in STAGE_OUTCOMES[stage]:
        labels = ", ".join(str(Decision.Outcome(o).label).lower() for o in STAGE_OUTCOMES[stage])
        raise DecisionError(
            "outcome", gettext("choose one of the outcomes of this stage: {labels}").format(labels=labels)
        )
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        raise DecisionError(
            "reason", gettext("say why you propose it, in at least {n} characters").format(n=MIN_REASON)
        )
    with transaction.atomic():
        made = Proposal.objects.create(candidate=candidate, stage=stage, outcome=outcome, reason=reason,
                                       proposed_by=user)  # fmt: skip
        record(actor(user), "decision.proposed", candidate.ref,
               {"proposal": made.pk, "stage": stage, "outcome": outcome,
                "reason": digest(candidate.secret, reason)})  # fmt: skip
    return made


def set_hiring_manager(opening: Any, username: str, user: Any) -> None:
    """Name the opening's hiring manager (administrators and recruiters); "" removes them. Only a
    person with a staff role in the hiring organisation or its agency can be named."""
    if not can(user, opening.organization_id, MANAGE_ROLES):
        raise NotAllowedError(gettext("Only the organisation's administrators and recruiters name the hiring manager."))
    chosen = None
    if username:
        chosen = next((u for u in eligible_deciders(opening) if u.username == username), None)
        if chosen is None:
            raise DecisionError(
                "hiring_manager", gettext("choose someone from the list: a person with a hiring role here")
            )
    before = opening.hiring_manager.username if opening.hiring_manager else ""
    with transaction.atomic():
        type(opening).objects.filter(pk=opening.pk).update(hiring_manager=chosen)
        record(actor(user), "opening.hiring_manager", f"opening:{opening.pk}",
               {"from": before, "to": chosen.username if chosen else ""})  # fmt: skip
    opening.hiring_manager = chosen


def eligible_deciders(opening: Any) -> list[Any]:
    """People who can be an opening's hiring manager: staff of its organisation or of its agency."""
    organization = opening.organization
    members = Membership.objects.filter(Q(organization=organization) | Q(organization_id=organization.agency_id),
                                        role__in=STAFF_ROLES)  # fmt: skip
    return list(AuthUser.objects.filter(pk__in=members.values("user")).order_by("username"))


def share_results(candidate: Candidate, user: Any, base_url: str) -> Email:
    """Send the candidate a link to their score breakdown by competency, once a decision is in
    force. Returns the e-mail (sent after the commit). Raises DecisionError when there is nothing to share yet."""
    if candidate.erased_at is not None:
        raise DecisionError("share", gettext("this candidate's data was erased"))
    if not Decision.objects.filter(candidate=candidate, superseded_by__isnull=True).exists():
        raise DecisionError("share", gettext("the results are shared after a decision: record one first"))
    stored = ScoreRecord.current(candidate.pk)
    invitation = candidate.invitations.filter(revoked=False).order_by("-pk").first()
    if stored is None or invitation is None:
        raise DecisionError("share", gettext("there is no scored assessment to share"))
    link = f"{base_url.rstrip('/')}/a/{invitation_token(invitation)}/results/"
    language = invitation.language or candidate.opening.language or "en"
    with translation.override(language if language in dict(settings.LANGUAGES) else "en"):
        subject = gettext("Your results for {opening}").format(opening=candidate.opening.title)
        body = gettext("Hello {name},\n\nThank you for taking part. Your results by competency are on this page:\n\n"
                       "{link}\n\nIt shows how you did on each competency, not the answer keys.").format(
            name=candidate.name, link=link)  # fmt: skip
    with transaction.atomic():  # the e-mail leaves after the commit; mail.outcome says whether it did
        Candidate.objects.filter(pk=candidate.pk).update(results_shared_at=timezone.now())
        record(actor(user), "results.shared", candidate.ref, {"competencies": len(stored.to_core().competencies)})
        return mail.queue(EmailMessage(subject=subject, body=body, to=[candidate.email]), "results", candidate.ref,
                          candidate.opening.organization, candidate)  # fmt: skip
