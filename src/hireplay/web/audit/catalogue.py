"""Every kind of event the audit log holds: its action name, who may act, what it is about, and
the fields of its payload. `record` refuses anything not described here, so the log's vocabulary
is this one list (docs/audit.md shows it, and a test keeps the two the same).

Actors and subjects are pseudonymous references: `user:<username>`, `candidate:<id>`, `system`
(or `system:<job>` for a scheduled job or the command line), `opening:<id>`, `client:<id>`...
`actor()` builds every actor reference.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

SYSTEM = "system"
_ACTOR = re.compile(r"(system(:[a-z][a-z-]*)?|user:[^\s]+|candidate:\d+|person:\d+)")


class _Referenced(Protocol):
    @property
    def ref(self) -> str: ...


class _User(Protocol):
    def get_username(self) -> str: ...


def actor(who: _User | _Referenced | None = None, job: str = "") -> str:
    """How the log names whoever acts: a signed-in person (`user:rita`), a candidate through their
    link (`candidate:42`), or the system itself (`system`, or `system:<job>` such as
    `system:retention` and `system:cli`)."""
    if who is None:
        return f"{SYSTEM}:{job}" if job else SYSTEM
    if hasattr(who, "get_username"):
        return f"user:{who.get_username()}"
    return who.ref


@dataclass(frozen=True)
class Action:
    name: str
    actor: str  # who takes it, in words (for the documentation)
    subject: str  # the kind of subject reference: "candidate" for "candidate:42"
    fields: tuple[str, ...]  # payload fields it always has
    optional: tuple[str, ...] = ()  # payload fields it may have
    meaning: str = ""

    def problems(self, actor_ref: str, subject: str, payload: Mapping[str, Any]) -> list[str]:
        """What is wrong with an event of this action, in words; empty when it fits."""
        found = []
        if not _ACTOR.fullmatch(actor_ref):
            found.append(f"actor {actor_ref!r} is not user:<name>, candidate:<id>, person:<id>, system or system:<job>")
        kinds = self.subject.split(" or ")
        if subject.split(":", 1)[0] not in kinds or ":" not in subject:
            found.append(f"subject {subject!r} is not a reference to a {self.subject}")
        missing = [f for f in self.fields if f not in payload]
        unknown = [f for f in payload if f not in self.fields and f not in self.optional]
        if missing:
            found.append(f"payload lacks {', '.join(missing)}")
        if unknown:
            found.append(f"payload has fields the catalogue does not list: {', '.join(unknown)}")
        return found


ACTIONS: tuple[Action, ...] = (
    Action("playbook.published", "user or system", "playbook", ("id", "version", "content_hash"),
           meaning="the first use of this exact playbook content"),
    Action("library.published", "user or system", "organization", ("playbook", "version", "content_hash"),
           meaning="an organisation published a playbook of its own (one version) for its openings"),
    Action("opening.created", "user or system", "opening", ("organization", "playbook"),
           meaning="an opening pinned to a playbook's content hash"),
    Action("candidate.added", "user or system", "candidate", ("opening", "extra_time_percent"),
           meaning="a candidate added to an opening, with any extra time granted"),
    Action("candidate.stage_changed", "user, candidate or system", "candidate", ("from", "to"),
           meaning="a candidate moved from one stage of the process to another (verify --state proves each candidate's stage from these)"),
    Action("bulk.rejected", "user", "opening", ("bulk", "decisions", "emails", "undo_until"),
           meaning="candidates rejected together from the pipeline (each decision is its own decision.taken event); how many e-mails wait for the undo window to close"),
    Action("bulk.advanced", "user", "opening", ("decisions",),
           meaning="candidates advanced to the interview together from the pipeline (each decision is its own decision.taken event)"),
    Action("bulk.undone", "user", "opening", ("bulk", "held", "emails_stopped"),
           meaning="a bulk rejection undone within its window: the candidates put on hold (each a decision.taken), the e-mails stopped before leaving"),
    Action("opening.intake_changed", "user", "opening", ("open", "auto_invite"),
           meaning="the public application page opened or closed, and whether applicants who pass screening are invited at once"),
    Action("application.received", "candidate", "candidate", ("opening", "knock_outs", "cv"),
           meaning="an application through the public page: the screening questions whose answer the role needs was not given (the application then waits for a person), and whether a CV came with it"),
    Action("application.reviewed", "user", "candidate", ("outcome", "reason"),
           meaning="a person advanced or rejected an application under review, with a digest of their reason"),
    Action("opening.hiring_manager", "user", "opening", ("from", "to"),
           meaning="who decides on the opening's candidates (beside administrators) changed: usernames, empty for none"),
    Action("candidate.extra_time", "user", "candidate", ("extra_time_percent",),
           meaning="a candidate's extra time changed before the attempt started"),
    Action("invitation.sent", "user or system", "candidate", ("invitation", "expires_at"),
           meaning="a personal assessment link sent, and when it expires"),
    Action("invitation.reminded", "user", "candidate", ("invitation", "expires_at"),
           meaning="a reminder e-mailed with a personal assessment link not used yet, and when the link expires"),
    Action("invitation.revoked", "user or system", "candidate", ("invitation", "why"),
           meaning="a personal assessment link stopped working: replaced by a new invitation, or revoked by a person"),
    Action("email.sent", "system", "candidate", ("email", "kind", "attempt"),
           meaning="the mail server accepted an e-mail about this candidate (invitation, results, interview, interview-panel), at this attempt"),
    Action("email.failed", "system", "candidate", ("email", "kind", "attempt", "reason", "retry_at"),
           meaning="an attempt to send an e-mail failed: why, as a category with no address in it, and when it is tried again (empty: not again unless a person asks)"),
    Action("email.resent", "user", "candidate", ("email", "kind"),
           meaning="a person asked for an e-mail that had not been sent to be sent now"),
    Action("admin.added", "user", "organization or user", ("model", "id", "values"),
           meaning="a platform administrator added an organisation, person, membership, API token or reason for a rejection on the administration pages, with the values set (never a password, a token, or a person's name or address)"),
    Action("admin.changed", "user", "organization or user", ("model", "id", "fields", "values"),
           meaning="a platform administrator changed one on the administration pages: the fields changed and the values now stored"),
    Action("admin.deleted", "user", "organization or user", ("model", "id", "values"),
           meaning="a platform administrator deleted one (a membership, a token: revoking it, a reason) with the values it had"),
    Action("assessment.started", "candidate", "candidate", ("session", "seed", "deadline", "playbook"),
           meaning="the attempt began: its seed, its deadline by the server's clock, the playbook hash"),
    Action("answer.saved", "candidate", "candidate", ("item", "seq", "digest"),
           meaning="an answer stored: the item, the page's save number, a keyed digest of the value"),
    Action("answer.late", "candidate", "candidate", ("item", "seq", "digest"),
           meaning="an answer that arrived after the deadline and its grace period, or after the submission: kept aside for review, not counted"),
    Action("answer.late_reviewed", "user", "candidate", ("late", "item", "accepted", "reason"), ("digest",),
           meaning="a person accepted (it replaces the answer; `digest` is then the new answer sheet's keyed digest) or declined a late answer, with a keyed digest of the reason"),
    Action("assessment.extended", "user", "candidate", ("session", "minutes", "deadline", "reopened", "reason"),
           meaning="more time given to an attempt (reopened if it was submitted): the new deadline, a keyed digest of the reason"),
    Action("assessment.rescored", "user", "candidate", ("score", "previous", "why", "percent", "complete", "report"),
           meaning="the attempt scored again because its answers changed (a late answer accepted): the new score record and the one it follows"),
    Action("assessment.submitted", "candidate or system", "candidate", ("session", "answers", "automatic", "digest"),
           meaning="the attempt submitted (by the candidate, or automatically at the deadline), with a keyed digest of the whole answer sheet"),
    Action("assessment.scored", "system", "candidate", ("score", "playbook", "engine", "percent", "complete", "report"),
           meaning="the engine's score report: playbook hash, engine version, percent, whether complete, SHA-256 of the report"),
    Action("assessment.rated", "user", "candidate", ("score", "previous", "ratings", "percent", "complete", "report"),
           meaning="a person's points for criteria left to a rater; the new score record and the one it follows"),
    Action("panel.assigned", "user", "candidate", ("panel",), meaning="each interviewer's questions"),
    Action("interview.scheduled", "user", "candidate", ("interview", "uid", "sequence", "starts_at", "minutes"),
           meaning="the interview's time and length, with its calendar UID and SEQUENCE"),
    Action("interview.rescheduled", "user", "candidate", ("interview", "uid", "sequence", "starts_at", "minutes"),
           meaning="a new time or length (SEQUENCE rises)"),
    Action("interview.cancelled", "user", "candidate", ("interview", "uid", "sequence"),
           meaning="the interview called off (SEQUENCE rises)"),
    Action("scorecard.submitted", "user", "candidate", ("scorecard", "ratings", "red_flags", "confirmations", "notes"),
           ("overall", "interviewed_on", "flag_notes", "observed"),
           meaning="an interviewer's final ratings (interview questions and exercise grid rows), flags, confirmations, overall view and interview date, the grid behaviours they observed, with digests of the notes"),
    Action("redflag.raised", "user", "candidate", ("scorecard", "flag", "note"),
           meaning="a red flag in a submitted scorecard, raised directly or by an observed grid behaviour, with a digest of its note"),
    Action("recommendation.made", "system", "candidate",
           ("recommendation", "outcome", "decided_by", "weighted_total", "score", "scorecards", "result"),
           ("waiting", "playbook", "engine"),
           meaning="the engine's recommendation: outcome, deciding rule, the facts it weighed (and the panel members it waited for), SHA-256 of the result"),
    Action("decision.taken", "user", "candidate",
           ("decision", "outcome", "recommendation", "recommended", "departs", "reason"),
           ("stage", "advised", "provisional", "supersedes", "disposition", "as_admin"),
           meaning="a named person's decision at a stage: what the evidence advised, whether it departs from it, was taken before the whole panel submitted, supersedes an earlier one, by an administrator; the rejection's disposition; a digest of the reason"),
    Action("decision.proposed", "user", "candidate", ("proposal", "stage", "outcome", "reason"),
           meaning="a recruiter's or interviewer's proposal to the person who decides, with a digest of its reason"),
    Action("results.shared", "user", "candidate", ("competencies",),
           meaning="the candidate's score breakdown by competency (a page on their own link) was shared: the e-mail that carries the link is queued with it (see email.sent)"),
    Action("calibration.created", "user", "opening", ("exercise", "question", "reference"),
           meaning="a calibration exercise set: a sample answer to one interview question, with its reference rating"),
    Action("calibration.rated", "user", "opening", ("exercise", "rating"),
           meaning="an interviewer rated a calibration exercise's sample answer (final once given)"),
    Action("outcome.recorded", "user", "candidate", ("measure", "value", "previous"),
           meaning="how a hire turned out on one of the organisation's outcome measures (a rating, or 1/0 for yes/no), and the value it replaces"),
    Action("organization.settings_changed", "user", "organization", ("changed",),
           meaning="an organisation's time zone, contact address, list of rejection reasons or outcome measures, or its logo changed (the new values; a SHA-256 of the logo)"),
    Action("data.exported", "user", "candidate or audit or opening", ("format",), ("what", "filters"),
           meaning="a report PDF, the audit CSV (with its filters) or an opening's comparison CSV left the application"),
    Action("candidate.erased", "user or system", "candidate", ("why", "answers_deleted"),
           meaning="personal data erased (on request or by retention); the chain still verifies"),
    Action("retention.set", "user or system", "organization", ("days",),
           meaning="how many days after their last activity candidates are erased (none: kept until erased on request)"),
    Action("development.person_added", "user or system", "person", ("organization", "transition", "manager", "candidate", "review"),
           meaning="someone of the organisation added to be assessed against a target role, with their manager (and a candidate record whose evidence counts)"),
    Action("development.rated", "user or person", "person", ("review", "source", "competencies", "gaps"),
           meaning="a manager's ratings or the person's own self-rating submitted for a round (final); how many gaps the round now shows"),
    Action("development.reassessment_opened", "user", "person", ("review", "due"),
           meaning="a new round of ratings opened to reassess the person against the role"),
    Action("development.plan_made", "user", "person", ("review", "steps", "reassess_on"),
           meaning="a development plan made from a round's gaps: its actions, in order, and the reassessment date"),
    Action("development.plan_changed", "user or person", "person", ("step", "action", "change"), ("competency",),
           meaning="an action added to a plan by hand, or its progress recorded (under way, done, dropped)"),
    Action("development.plan_signed", "user or person", "person", ("plan", "as"),
           meaning="the person or their manager agreed to the plan as it stood"),
    Action("development.link_issued", "user", "person", ("emailed",),
           meaning="a new personal link for the person's self-rating (earlier links stop working)"),
    Action("development.catalogue_saved", "user", "organization", ("catalogue", "version", "actions"),
           meaning="a new version of the organisation's catalogue of development actions"),
    Action("development.person_erased", "user or system", "person", ("why", "notes_deleted", "emails_deleted"),
           meaning="a person's name, address, rating notes, progress notes and e-mails erased"),
    Action("clients.imported", "user or system", "organization", ("created", "updated", "engagements", "rejected_lines"),
           meaning="a CRM import written: accounts created and updated, engagements, lines rejected"),
    Action("clients.classified", "user or system", "organization", ("accounts", "as_of", "policy"),
           meaning="the client base classified as of a date by a policy (its content hash)"),
    Action("account.tier_changed", "user or system", "client", ("from", "to", "status", "score", "as_of", "policy"),
           meaning="an account's tier changed at a classification"),
    Action("access.locked_out", "system", "user or address", ("what", "failures", "minutes"),
           meaning="too many failed attempts: a username's sign-ins, or an address's guesses at links or tokens, refused for a while"),
    Action("account.owner_changed", "user or system", "client", ("from", "to", "via"),
           meaning="an account's owner changed (by hand, by an import, or by conflict resolution)"),
    Action("clients.policy_adopted", "user", "organization", ("number", "policy", "version", "hash", "accounts",
                                                                "would_change"),
           meaning="a new version of the organisation's key-account policy adopted, with how many accounts it would move"),
    Action("account.contacted", "user", "client", ("kind", "on", "note"),
           meaning="a call or a meeting with the client logged (note: whether one was written)"),
    Action("account.snoozed", "user", "client", ("until",),
           meaning="the account left out of its owner's week until a date"),
    Action("account.done", "user", "client", ("on",),
           meaning="the week's task for the account marked done"),
    Action("account.judged", "user", "client", ("on", "changed"),
           meaning="strategic fit, influence or satisfaction set by hand, each with its value before and after"),
    Action("account.reviewed", "user", "client", ("tier", "status", "changes"),
           meaning="a per-account review signed off: the account classified again and what changed"),
)  # fmt: skip

CATALOGUE: dict[str, Action] = {a.name: a for a in ACTIONS}


class UnknownEventError(ValueError):
    """An event the catalogue does not describe, or one that does not fit its description."""


def check(actor_ref: str, action: str, subject: str, payload: Mapping[str, Any]) -> None:
    """Raise UnknownEventError unless the catalogue lists `action` and the event fits its description."""
    described = CATALOGUE.get(action)
    if described is None:
        raise UnknownEventError(f"'{action}' is not an action of the audit catalogue (web/audit/catalogue.py)")
    found = described.problems(actor_ref, subject, payload)
    if found:
        raise UnknownEventError(f"{action}: " + "; ".join(found))
