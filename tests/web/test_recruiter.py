"""A recruiter opens a position from a playbook, adds candidates and invites them."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.test import Client

from hireplay.web.hiring.models import Candidate, JobOpening, PlaybookVersion
from tests.web.conftest import Cast


def test_a_recruiter_creates_an_opening_that_pins_the_playbook(client: Client, cast: Cast, opening: JobOpening) -> None:
    client.force_login(cast.alice)

    response = client.post("/openings/new/", {"organization": opening.organization_id, "title": "AM Brussels",
                                               "playbook": "account-manager-sme-portfolio.yaml"})  # fmt: skip

    created = JobOpening.objects.get(title="AM Brussels")
    assert response.status_code == 302
    assert created.playbook.playbook_id == "account-manager-sme-portfolio"
    assert created.playbook.to_core().content_hash == created.playbook.content_hash


def test_a_recruiter_adds_a_candidate_and_sees_the_pipeline(client: Client, cast: Cast, opening: JobOpening) -> None:
    client.force_login(cast.alice)

    client.post(
        f"/openings/{opening.pk}/candidates/new/",
        {"name": "Sam Lee", "email": "Sam@Example.com", "extra_time_percent": 25},
    )
    page = client.get(f"/openings/{opening.pk}/").content.decode()

    candidate = Candidate.objects.get(email="sam@example.com")
    assert candidate.extra_time_percent == 25
    assert "Sam Lee" in page


def test_a_malformed_csv_reports_every_bad_row_and_imports_nothing(
    client: Client, cast: Cast, opening: JobOpening
) -> None:
    client.force_login(cast.alice)
    data = b"name,email,extra_time_percent\nAna,ana@example.com,0\n,nobody@example.com,0\nBen,not-an-email,0\nCy,cy@example.com,999\nAna Two,ana@example.com,0\n"

    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(
        f"/openings/{opening.pk}/candidates/import/", {"file": SimpleUploadedFile("c.csv", data)}
    ).content.decode()

    assert opening.candidates.count() == 0
    for line, words in ((3, "name is empty"), (4, "not an e-mail"), (5, "from 0 to 200"), (6, "already on line 2")):
        assert re.search(rf"Line {line}: [^<]*{words}", page), line


def test_a_valid_csv_imports_every_row(client: Client, cast: Cast, opening: JobOpening) -> None:
    client.force_login(cast.alice)
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = "\ufeffName,Email,extra_time_percent\nAna,ana@example.com,0\nBen,ben@example.com,50\n".encode()
    client.post(f"/openings/{opening.pk}/candidates/import/", {"file": SimpleUploadedFile("c.csv", data)})

    assert sorted(opening.candidates.values_list("email", "extra_time_percent")) == [
        ("ana@example.com", 0),
        ("ben@example.com", 50),
    ]


def test_a_belgian_excel_csv_imports_semicolons_and_windows_1252(
    client: Client, cast: Cast, opening: JobOpening
) -> None:
    # What Excel writes in Belgium when told "CSV": semicolons, Windows-1252, a name with a comma.
    client.force_login(cast.alice)
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = 'name;email;extra_time_percent\r\nDupont, Hélène;helene@example.be;0\r\n"Zoë; Peeters";zoe@example.be;25\r\n'
    client.post(f"/openings/{opening.pk}/candidates/import/",
                {"file": SimpleUploadedFile("c.csv", data.encode("cp1252"))})  # fmt: skip
    tabbed = "name\temail\nAndré\tandre@example.be\n".encode()
    client.post(f"/openings/{opening.pk}/candidates/import/", {"file": SimpleUploadedFile("t.csv", tabbed)})

    assert sorted(opening.candidates.values_list("name", "email", "extra_time_percent")) == [
        ("André", "andre@example.be", 0),
        ("Dupont, Hélène", "helene@example.be", 0),
        ("Zoë; Peeters", "zoe@example.be", 25),
    ]


def test_an_invitation_is_emailed_and_shown_to_copy(
    client: Client, cast: Cast, opening: JobOpening, django_capture_on_commit_callbacks: Any
) -> None:
    candidate = Candidate.objects.create(opening=opening, name="Sam", email="sam@example.com")
    client.force_login(cast.alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/candidates/{candidate.pk}/invite/", follow=True)

    link = re.search(r"http://testserver/a/[^/\s\"]+/", mail.outbox[0].body)
    assert link is not None
    assert link.group(0) in response.content.decode()
    assert mail.outbox[0].to == ["sam@example.com"]
    candidate.refresh_from_db()
    assert candidate.stage == Candidate.Stage.INVITED


def test_a_recruiter_of_another_agency_sees_nothing(client: Client, cast: Cast, opening: JobOpening) -> None:
    candidate = Candidate.objects.create(opening=opening, name="Sam", email="sam@example.com")
    client.force_login(cast.mallory)

    assert "Account Manager" not in client.get("/").content.decode()
    for url in (f"/openings/{opening.pk}/", f"/candidates/{candidate.pk}/", f"/openings/{opening.pk}/candidates/new/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/candidates/{candidate.pk}/invite/").status_code == 404
    assert PlaybookVersion.objects.count() == 1


def test_an_interviewer_cannot_use_the_recruiter_pages(client: Client, cast: Cast, opening: JobOpening) -> None:
    client.force_login(cast.ivan)

    home = client.get("/")

    assert (home.status_code, home["Location"]) == (302, "/interviews/")  # their own panels instead
    assert client.get(f"/openings/{opening.pk}/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client, opening: JobOpening) -> None:
    response = client.get(f"/openings/{opening.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
