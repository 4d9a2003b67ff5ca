"""Each event of the log as a sentence a person reads: who did what to which candidate or account.

`SENTENCES` has one entry per action of the catalogue (a test keeps them the same). `{actor}` and
`{subject}` are filled in by the audit page, with the subject linked to its page; other `{names}`
come from the event's payload, `{name:how}` shown in the named way (outcome, person, moment...).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

SENTENCES: dict[str, str] = {
    "playbook.published": "{actor} published playbook {id} version {version}",
    "library.published": "{actor} published version {version} of the playbook {playbook} for {subject}",
    "opening.created": "{actor} opened {subject}",
    "opening.hiring_manager": "{actor} made {to:person} the hiring manager of {subject} (before: {from:person})",
    "candidate.added": "{actor} added {subject}, with {extra_time_percent}% extra time",
    "candidate.stage_changed": "{actor} moved {subject} from “{from}” to “{to}”",
    "candidate.extra_time": "{actor} set the extra time of {subject} to {extra_time_percent}%",
    "invitation.sent": "{actor} sent {subject} an assessment link, valid until {expires_at:day}",
    "access.locked_out": "{subject} was refused for {minutes} minutes after {failures} failed attempts ({what})",
    "invitation.reminded": "{actor} reminded {subject} of their assessment link, valid until {expires_at:day}",
    "invitation.revoked": "{actor} revoked assessment link {invitation} of {subject}: {why}",
    "email.sent": "The {kind} e-mail {email} about {subject} was sent (attempt {attempt})",
    "email.failed": "The {kind} e-mail {email} about {subject} could not be sent (attempt {attempt}: {reason})",
    "email.resent": "{actor} asked for the {kind} e-mail {email} about {subject} to be sent again",
    "admin.added": "{actor} added {model} {id} on the administration pages ({subject})",
    "admin.changed": "{actor} changed {model} {id} on the administration pages ({subject})",
    "admin.deleted": "{actor} deleted {model} {id} on the administration pages ({subject})",
    "assessment.started": "{subject} started the assessment (deadline {deadline:moment})",
    "answer.saved": "{subject} saved an answer to {item}",
    "answer.late": "{subject} sent an answer to {item} after the time was up; it was kept aside",
    "answer.late_reviewed": "{actor} {accepted:verdict} a late answer of {subject} to {item}",
    "assessment.extended": "{actor} gave {subject} {minutes} more minutes (until {deadline:moment})",
    "assessment.rescored": "{actor} had the assessment of {subject} scored again: {percent}%",
    "assessment.submitted": "{actor} submitted the assessment of {subject} ({answers} answers{automatic:automatic})",
    "assessment.scored": "{actor} scored the assessment of {subject}: {percent}%{complete:complete}",
    "assessment.rated": "{actor} rated written answers of {subject}: the assessment is now {percent}%",
    "panel.assigned": "{actor} set the interview panel of {subject}",
    "interview.scheduled": "{actor} scheduled the interview of {subject} for {starts_at:moment}",
    "interview.rescheduled": "{actor} moved the interview of {subject} to {starts_at:moment}",
    "interview.cancelled": "{actor} cancelled the interview of {subject}",
    "bulk.rejected": "{actor} rejected several candidates of {subject} at once",
    "bulk.advanced": "{actor} advanced several candidates of {subject} to the interview at once",
    "bulk.undone": "{actor} undid a bulk rejection on {subject}",
    "opening.intake_changed": "{actor} changed the public application page of {subject}",
    "application.received": "{subject} applied through the public page",
    "application.reviewed": "{actor} reviewed the application of {subject}: {outcome}",
    "scorecard.submitted": "{actor} submitted a scorecard for {subject}",
    "redflag.raised": "{actor} raised the red flag “{flag}” about {subject}",
    "recommendation.made": "{actor} recommended “{outcome:outcome}” for {subject}, by the rule {decided_by}",
    "decision.taken": "{actor} decided “{outcome:outcome}” for {subject}",
    "decision.proposed": "{actor} proposed “{outcome:outcome}” for {subject}",
    "results.shared": "{actor} shared their results by competency with {subject}",
    "data.exported": "{actor} exported {subject} as {format}",
    "candidate.erased": "{actor} erased the personal data of {subject}",
    "retention.set": "{actor} set how long candidates' data is kept at {subject}: {days:days}",
    "development.person_added": "{actor} added {subject} to be assessed against a target role ({transition})",
    "development.rated": "{actor} submitted the {source:source} of {subject}, round {review}",
    "development.reassessment_opened": "{actor} opened round {review} of ratings for {subject}",
    "development.plan_made": "{actor} made a development plan for {subject}, reassessment on {reassess_on:day}",
    "development.plan_changed": "{actor} changed step {step} ({action}) of the plan of {subject}: {change}",
    "development.plan_signed": "{actor} signed the development plan of {subject} as {as}",
    "development.link_issued": "{actor} issued a new personal link to {subject}",
    "development.catalogue_saved": "{actor} saved version {version} of the development actions of {subject}",
    "development.person_erased": "{actor} erased the personal data of {subject}",
    "calibration.created": "{actor} set a calibration exercise for {subject}",
    "calibration.rated": "{actor} rated a calibration exercise of {subject}",
    "outcome.recorded": "{actor} recorded how {subject} is doing: {measure}",
    "organization.settings_changed": "{actor} changed the settings of {subject}",
    "clients.imported": "{actor} imported client accounts into {subject}: {created} created, {updated} updated",
    "clients.classified": "{actor} classified the {accounts} client accounts of {subject} as of {as_of}",
    "account.tier_changed": "{actor} moved {subject} from tier “{from}” to “{to}”",
    "account.owner_changed": "{actor} gave {subject} to {to:person} (before: {from:person})",
    "clients.policy_adopted": "{actor} adopted version {number} of the key-account policy ({policy} {version})",
    "account.contacted": "{actor} logged a {kind} with {subject} on {on}",
    "account.snoozed": "{actor} snoozed {subject} until {until}",
    "account.done": "{actor} marked the week's task for {subject} done",
    "account.judged": "{actor} set judgement criteria of {subject} as of {on}",
    "account.reviewed": "{actor} signed off the review of {subject}: {status}",
}

_OUTCOMES = {"hire": "hire", "do_not_hire": "do not hire", "discuss": "discuss", "incomplete": "incomplete",
             "advance": "advance to interview", "hold": "hold", "reject": "reject", "withdrawn": "withdrawn"}  # fmt: skip


def _shown(value: Any, how: str | None) -> str:
    if how == "outcome":
        return _OUTCOMES.get(str(value), str(value))
    if how == "person":
        return str(value) if value else "nobody"
    if how in ("moment", "day"):
        text = str(value or "")
        return (
            text[:10]
            if how == "day"
            else text[:16].replace("T", " ") + (" UTC" if text.endswith(("+00:00", "Z")) else "")
        )
    if how == "verdict":
        return "accepted" if value else "declined"
    if how == "automatic":
        return ", automatically at the deadline" if value else ""
    if how == "complete":
        return "" if value else " (provisional: some criteria wait for a rater)"
    if how == "source":
        return "self-rating" if value == "self" else f"{value}'s ratings"
    if how == "days":
        return f"{value} days after their last activity" if value else "until erased on request"
    return "" if value is None else str(value)


class _Fields(string.Formatter):
    def get_field(self, field_name: str, args: Any, kwargs: Any) -> Any:
        return kwargs.get(field_name, ""), field_name

    def format_field(self, value: Any, format_spec: str) -> str:
        return _shown(value, format_spec or None)


_FORMATTER = _Fields()


def sentence(action: str, actor: str, subject: str, payload: Mapping[str, Any]) -> str:
    """The event in words; `actor` and `subject` are already as they should be shown."""
    template = SENTENCES.get(action, "{actor}: " + action + " on {subject}")
    return _FORMATTER.vformat(template, (), {**payload, "actor": actor, "subject": subject})


def actor_name(ref: str) -> str:
    """How the page names whoever acted."""
    kind, _, rest = ref.partition(":")
    if kind == "user":
        return rest
    if kind == "candidate":
        return "The candidate"
    if kind == "person":
        return "The person"
    return "hireplay" + (f" ({rest.replace('-', ' ')})" if rest else "")
