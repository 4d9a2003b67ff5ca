"""Applications through an opening's public page: checked, stored as a candidate with what they
sent, and either left for the team (or invited at once, if the opening says so) or, when a
screening answer the role needs was not given, put before a person with the reason. Nothing here
rejects anyone: a person advances or rejects an application under review (docs/recruiting.md)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hireplay.core.plaintext import text_problem
from hireplay.core.screening import Screened, screen_answers
from hireplay.web.audit.catalogue import actor
from hireplay.web.audit.log import digest, record
from hireplay.web.hiring import services, stages
from hireplay.web.hiring.models import Application, Candidate, JobOpening
from hireplay.web.outbox.models import Email

MAX_CV = 5 * 1024 * 1024  # bytes
CV_TYPES = {".pdf": "application/pdf",
            ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}  # fmt: skip
PHONE = re.compile(r"^\+?[0-9 ().\-/]{6,30}$")
MIN_REASON = 10
APPLICANT = "system:applications"  # who adds an applicant as a candidate: the public page, for them


class ApplicationError(ValueError):
    """What is wrong with an application, by form field, in words; nothing was stored."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


@dataclass(frozen=True)
class Upload:
    """A CV as the form sent it."""

    name: str
    content: bytes


def cv_problem(upload: Upload) -> str | None:
    """Why this file cannot be kept as a CV, or None: PDF or Word (.docx) only, up to 5 MB, and
    the content must be what the name says (a renamed file is refused)."""
    suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if suffix not in CV_TYPES:
        return "send your CV as a PDF or a Word document (.docx)"
    if len(upload.content) > MAX_CV:
        return f"the file is {len(upload.content) / 1024 / 1024:.1f} MB; the largest CV we take is 5 MB"
    if not upload.content:
        return "the file is empty"
    if suffix == ".pdf" and not upload.content.startswith(b"%PDF-"):
        return "this file is named .pdf but is not a PDF"
    if suffix == ".docx":
        try:
            with zipfile.ZipFile(io.BytesIO(upload.content)) as archive:
                if "word/document.xml" not in archive.namelist():
                    return "this file is named .docx but is not a Word document"
        except zipfile.BadZipFile:
            return "this file is named .docx but is not a Word document"
    return None


def check(opening: JobOpening, form: dict[str, str], cv: Upload | None) -> tuple[dict[str, str], Screened]:
    """Each problem of an application by its form field, in words (empty when it may be stored),
    and the screening answers read from it."""
    playbook = opening.playbook.to_core()
    problems: dict[str, str] = {}
    name = form.get("name", "").strip()
    email = form.get("email", "").strip()
    phone = form.get("phone", "").strip()
    language = form.get("language", "").strip() or playbook.role.language
    if not name:
        problems["name"] = gettext("give your name")
    elif found := text_problem(name, max_length=200):
        problems["name"] = f"your name {found}"
    try:
        validate_email(email)
    except ValidationError:
        problems["email"] = gettext("give an e-mail address such as name@example.com")
    if phone and not PHONE.fullmatch(phone):
        problems["phone"] = gettext(
            "give a phone number with digits, spaces and an optional + (for example +32 2 123 45 67)"
        )
    if language not in playbook.languages:
        problems["language"] = f"choose one of: {', '.join(playbook.languages)}"
    if cv is not None and (found := cv_problem(cv)):
        problems["cv"] = found
    screened = screen_answers(playbook, {q.id: form.get(f"screening-{q.id}", "") for q in playbook.screening})
    problems.update(screened.problems)
    if not problems and opening.candidates.filter(email__iexact=email).exists():
        problems["email"] = gettext("an application from this address is already in for this role; we will be in touch")
    return problems, screened


def apply(
    opening: JobOpening, form: dict[str, str], cv: Upload | None, base_url: str
) -> tuple[Candidate, Email | None]:
    """Store an application from the public page: a candidate with what they sent. Raises
    ApplicationError naming each field at fault (and nothing is stored). Returns the candidate and
    the invitation e-mail when the opening invites applicants who pass screening at once."""
    problems, screened = check(opening, form, cv)
    if problems:
        raise ApplicationError(problems)
    name, email = form["name"].strip(), form["email"].strip()
    phone, language = (
        form.get("phone", "").strip(),
        form.get("language", "").strip() or opening.playbook.to_core().role.language,
    )
    with transaction.atomic():
        try:
            (candidate,) = services.add_candidates(opening, [{"name": name, "email": email}], APPLICANT, "application")
        except services.AlreadyCandidateError:
            raise ApplicationError({"email": gettext("an application from this address is already in for this role; "
                                                     "we will be in touch")}) from None  # fmt: skip
        Application.objects.create(
            candidate=candidate, received_at=timezone.now(), phone=phone, language=language,
            answers=screened.answers, missed=[list(m) for m in screened.missed],
            cv_name=cv.name[-200:] if cv else "", cv_type=CV_TYPES[cv.name[cv.name.rindex("."):].lower()] if cv else "",
            cv=cv.content if cv else None,
        )  # fmt: skip
        record(candidate.ref, "application.received", candidate.ref,
               {"opening": opening.pk, "knock_outs": [qid for qid, _ in screened.missed], "cv": cv is not None})  # fmt: skip
        email_sent = None
        if not screened.passed:
            stages.move(candidate.pk, Candidate.Stage.REVIEW, APPLICANT)
            candidate.stage = Candidate.Stage.REVIEW
        elif opening.auto_invite:
            _, _, email_sent = services.invite(candidate, base_url, by=APPLICANT, language=language)
    return candidate, email_sent


def review(candidate: Candidate, user: User, outcome: str, reason: str, base_url: str,
           invite: bool = False) -> Email | None:  # fmt: skip
    """A person's call on an application under review: advance it (to the team's list, or invited
    at once) or reject it. A rejection needs the reviewer's own reason. Raises ApplicationError."""
    reason = reason.strip()
    problems: dict[str, str] = {}
    if outcome not in (Application.Review.ADVANCED, Application.Review.REJECTED):
        problems["outcome"] = gettext("choose to advance or to reject the application")
    if outcome == Application.Review.REJECTED and len(reason) < MIN_REASON:
        problems["reason"] = f"a rejection needs your own reason (at least {MIN_REASON} characters)"
    if outcome == Application.Review.ADVANCED and reason and len(reason) < MIN_REASON:
        problems["reason"] = f"write at least {MIN_REASON} characters, or leave the reason empty"
    if found := text_problem(reason, single_line=False, max_length=2000):
        problems["reason"] = f"the reason {found}"
    if problems:
        raise ApplicationError(problems)
    by = actor(user)
    with transaction.atomic():
        application = Application.objects.select_for_update().filter(candidate=candidate).first()
        if application is None or candidate.erased_at is not None:
            raise ApplicationError({"application": gettext("this candidate did not apply through the public page")})
        to = Candidate.Stage.ADDED if outcome == Application.Review.ADVANCED else Candidate.Stage.REJECTED
        if not stages.move(candidate.pk, to, by, only_from=[Candidate.Stage.REVIEW]):
            raise ApplicationError({"application": gettext("this application is no longer waiting for review; reload the "
                                                           "page to see where it stands")})  # fmt: skip
        application.review, application.review_reason = outcome, reason
        application.reviewed_by, application.reviewed_at = user, timezone.now()
        application.save(update_fields=["review", "review_reason", "reviewed_by", "reviewed_at"])
        record(by, "application.reviewed", candidate.ref,
               {"outcome": outcome, "reason": digest(candidate.secret, reason)})  # fmt: skip
        email_sent = None
        if outcome == Application.Review.ADVANCED and invite:
            _, _, email_sent = services.invite(candidate, base_url, by=by, language=application.language)
    return email_sent


def set_intake(opening: JobOpening, user: User, open_: bool, auto_invite: bool) -> None:
    """Open or close the public application page, and choose whether applicants who pass
    screening are invited at once."""
    with transaction.atomic():
        JobOpening.objects.filter(pk=opening.pk).update(applications_open=open_, auto_invite=auto_invite)
        record(actor(user), "opening.intake_changed", f"opening:{opening.pk}",
               {"open": open_, "auto_invite": auto_invite})  # fmt: skip
    opening.applications_open, opening.auto_invite = open_, auto_invite


def summary(application: Application, questions: dict[str, str]) -> dict[str, Any]:
    """What the candidate page shows of an application: each answer beside its question, and why
    it is under review."""
    return {
        "answers": [(questions.get(qid, qid), answer) for qid, answer in application.answers.items()],
        "missed": [why for _, why in application.missed],
    }
