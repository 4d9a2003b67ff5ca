"""Applications before the test: the public page (job description with its JobPosting, the form
with the playbook's screening questions, a CV), knock-outs that send an application to a person
and never reject it, the person's call, invitations at once where the opening says so, bad input
refused beside its field with nothing stored, and erasure of what an applicant sent."""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hireplay.core.lint import load_playbook
from hireplay.web.audit.models import AuditEvent
from hireplay.web.flows.privacy import erase
from hireplay.web.flows.proof import verify_state
from hireplay.web.hiring.models import Application, Candidate, JobOpening, PlaybookVersion
from tests.conftest import PLAYBOOKS
from tests.web.conftest import Cast

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSING = {"screening-office-days": "yes", "screening-right-to-work": "yes", "screening-experience": "More than three"}


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def open_opening(opening: JobOpening, cast: Cast) -> JobOpening:
    JobOpening.objects.filter(pk=opening.pk).update(applications_open=True)
    opening.refresh_from_db()
    return opening


def _apply(client: Client, opening: JobOpening, cv: tuple[str, bytes] | None = ("cv.pdf", PDF), **fields: str) -> Any:
    data: dict[str, Any] = {"name": "Lena Vos", "email": "lena@example.com", "phone": "+32 2 555 01 23", **PASSING,
                            **fields}  # fmt: skip
    if cv is not None:
        data["cv"] = SimpleUploadedFile(cv[0], cv[1])
    return client.post(f"/apply/{opening.apply_key}/", data)


def test_the_page_shows_the_role_the_screening_questions_and_a_posting_where_the_playbook_allows(
    open_opening: JobOpening,
) -> None:
    page = Client().get(f"/apply/{open_opening.apply_key}/").content.decode()

    assert "Account Manager (SMB)" in page
    assert "What you will do" in page
    assert "The role has three office days a week with the team. Does that work for you?" in page
    assert 'name="screening-experience" value="More than three"' in page
    # The SMB playbook names no office location: no JobPosting (search engines require one).
    assert "application/ld+json" not in page
    sme = JobOpening.objects.create(organization=open_opening.organization, title="SME", applications_open=True,
                                    playbook=PlaybookVersion.pin(load_playbook(PLAYBOOKS / "account-manager-sme-portfolio.yaml")))  # fmt: skip
    sme_page = Client().get(f"/apply/{sme.apply_key}/").content.decode()
    embedded = re.search(r'<script type="application/ld\+json">(.*?)</script>', sme_page, re.S)[1]  # type: ignore[index]
    assert "<" not in embedded  # the description's HTML travels escaped inside the script element
    posting = json.loads(embedded)
    assert posting["description"].startswith("<p>")
    assert posting["@type"] == "JobPosting"
    assert posting["hiringOrganization"]["name"] == "Verdant Foods"
    assert posting["jobLocation"]["address"]["addressLocality"] == "Brussels"


def test_a_closed_page_or_a_wrong_key_says_the_role_takes_no_applications(opening: JobOpening) -> None:
    assert Client().get(f"/apply/{opening.apply_key}/").status_code == 404
    assert Client().get("/apply/not-a-key/").status_code == 404


def test_an_application_that_passes_joins_the_list_with_its_cv_and_answers(
    open_opening: JobOpening, cast: Cast
) -> None:
    response = _apply(Client(), open_opening)

    assert response.status_code == 200
    assert "Your application for Account Manager at Verdant Foods is saved." in response.content.decode()
    candidate = Candidate.objects.get(email="lena@example.com")
    assert candidate.stage == Candidate.Stage.ADDED
    application = Application.objects.get(candidate=candidate)
    assert bytes(application.cv or b"") == PDF
    assert application.phone == "+32 2 555 01 23"
    assert application.answers["experience"] == "More than three"
    assert AuditEvent.objects.filter(action="application.received", subject=candidate.ref).exists()
    alice = Client()
    alice.force_login(cast.alice)
    page = alice.get(f"/candidates/{candidate.pk}/").content.decode()
    assert "Applied through the public page" in page
    assert "How many years have you spent in a client-facing role" in page
    download = alice.get(f"/candidates/{candidate.pk}/cv/")
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    mallory = Client()
    mallory.force_login(cast.mallory)
    assert mallory.get(f"/candidates/{candidate.pk}/cv/").status_code == 404


def test_a_missed_knock_out_waits_for_a_person_who_advances_or_rejects_with_a_reason(
    open_opening: JobOpening, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    received = _apply(Client(), open_opening, **{"screening-office-days": "no"}).content.decode()
    assert "A member of the team will read your answers" in received
    _apply(Client(), open_opening, cv=None, email="sam@example.com", name="Sam Peeters",
           **{"screening-right-to-work": "no"})  # fmt: skip
    lena, sam = Candidate.objects.get(email="lena@example.com"), Candidate.objects.get(email="sam@example.com")
    assert (lena.stage, sam.stage) == (Candidate.Stage.REVIEW, Candidate.Stage.REVIEW)
    assert lena.application.missed == [["office-days", "“The role has three office days a week with the team. Does "
                                        "that work for you?” answered “no” (the role needs “yes”)"]]  # fmt: skip
    alice = Client()
    alice.force_login(cast.alice)
    board = alice.get(f"/openings/{open_opening.pk}/").content.decode()
    assert "Application to review <strong>2</strong>" in board

    refused = alice.post(f"/candidates/{sam.pk}/review/", {"outcome": "rejected", "reason": "no"}, follow=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        alice.post(f"/candidates/{lena.pk}/review/", {"outcome": "advanced", "reason": "Two days suit the team too.",
                                                      "invite": "yes"})  # fmt: skip
    alice.post(
        f"/candidates/{sam.pk}/review/", {"outcome": "rejected", "reason": "Needs a work permit we cannot sponsor."}
    )

    assert "a rejection needs your own reason" in refused.content.decode().lower()
    lena.refresh_from_db()
    sam.refresh_from_db()
    assert lena.stage == Candidate.Stage.INVITED
    assert [m.to for m in mail.outbox] == [["lena@example.com"]]
    assert sam.stage == Candidate.Stage.REJECTED
    assert sam.application.review == "rejected"
    assert sam.application.reviewed_by == cast.alice
    # A second call on the same application is refused: it is no longer under review.
    again = alice.post(f"/candidates/{sam.pk}/review/", {"outcome": "advanced"}, follow=True).content.decode()
    assert "no longer waiting for review" in again
    assert verify_state().differences == []


def test_an_opening_that_invites_at_once_sends_the_link_to_an_applicant_who_passes(
    open_opening: JobOpening, django_capture_on_commit_callbacks: Any
) -> None:
    JobOpening.objects.filter(pk=open_opening.pk).update(auto_invite=True)
    open_opening.refresh_from_db()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        page = _apply(Client(), open_opening, cv=("cv.docx", _docx())).content.decode()

    assert "An e-mail with your personal link to the assessment is being sent to lena@example.com" in page
    assert Candidate.objects.get(email="lena@example.com").stage == Candidate.Stage.INVITED
    assert [m.to for m in mail.outbox] == [["lena@example.com"]]


@pytest.mark.parametrize(
    ("change", "cv", "field", "message"),
    [
        ({"name": ""}, None, "name", "Give your name"),
        ({"email": "lena.example.com"}, None, "email", "Give an e-mail address"),
        ({"phone": "call me maybe"}, None, "phone", "Give a phone number"),
        ({"screening-office-days": ""}, None, "screening-office-days", "Please answer this question"),
        ({"screening-experience": "Twenty"}, None, "screening-experience", "Choose one of: Less than one"),
        ({}, ("cv.pdf", b"MZ\x90\x00 an executable"), "cv", "This file is named .pdf but is not a PDF"),
        ({}, ("cv.docx", b"PK\x03\x04 not a zip"), "cv", "This file is named .docx but is not a Word document"),
        ({}, ("cv.exe", b"MZ"), "cv", "Send your CV as a PDF or a Word document"),
        ({}, ("cv.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024)), "cv", "The largest CV we take is 5 MB"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_is_stored(
    open_opening: JobOpening, change: dict[str, str], cv: tuple[str, bytes] | None, field: str, message: str
) -> None:
    response = _apply(Client(), open_opening, cv=cv or ("cv.pdf", PDF), **change)
    page = response.content.decode()

    assert response.status_code == 400
    assert f'id="{field}-error"' in page
    assert message.lower() in page.lower()
    assert not Candidate.objects.filter(opening=open_opening).exists()
    assert "Lena Vos" in page or field == "name"  # what was typed comes back


def test_the_same_address_applies_once(open_opening: JobOpening) -> None:
    _apply(Client(), open_opening)

    again = _apply(Client(), open_opening, name="Lena V.")

    assert again.status_code == 400
    assert "already in for this role" in again.content.decode()
    assert Candidate.objects.filter(opening=open_opening).count() == 1


def test_a_flood_of_applications_from_one_address_is_refused(open_opening: JobOpening) -> None:
    client = Client()
    statuses = [_apply(client, open_opening, cv=None, email=f"x{i}@example.com").status_code for i in range(21)]

    assert statuses[:19] == [200] * 19
    assert statuses[-1] == 429


def test_erasure_removes_what_the_applicant_sent(open_opening: JobOpening) -> None:
    _apply(Client(), open_opening)
    candidate = Candidate.objects.get(email="lena@example.com")

    erase(candidate, "user:alice")

    assert not Application.objects.filter(candidate=candidate).exists()


def test_only_the_team_opens_and_closes_the_page(opening: JobOpening, cast: Cast) -> None:
    alice, ivan = Client(), Client()
    alice.force_login(cast.alice)
    ivan.force_login(cast.ivan)

    assert ivan.post(f"/openings/{opening.pk}/applications/", {"open": "yes"}).status_code in (403, 404)
    done = alice.post(f"/openings/{opening.pk}/applications/", {"open": "yes"}, follow=True).content.decode()

    opening.refresh_from_db()
    assert opening.applications_open
    assert not opening.auto_invite
    assert f"/apply/{opening.apply_key}/" in done
    assert AuditEvent.objects.filter(action="opening.intake_changed", subject=f"opening:{opening.pk}").exists()
