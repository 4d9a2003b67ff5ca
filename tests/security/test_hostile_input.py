"""Hostile input answers with a 4xx and a reason, never a 500, and loses nothing already stored:
the candidate's save route, the API, the candidate and client imports, and the forms; on SQLite
and on PostgreSQL (which refuses NUL characters and lone surrogates that SQLite would store)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hireplay.web.clients.models import ClientAccount
from hireplay.web.hiring import services
from hireplay.web.hiring.models import AssessmentSession, Candidate, JobOpening
from hireplay.web.orgs.models import ApiToken
from tests.test_cli import hireplay
from tests.web.conftest import Cast, save_as
from tests.web.test_clients import HUBSPOT

BIG = "x" * 200_000  # beyond the CSV reader's limit of 131,072 characters per cell


@pytest.fixture
def page(session: AssessmentSession) -> Any:
    """POST a raw body to the candidate's save route; the response."""
    invitation = session.candidate.invitations.order_by("-pk").first()
    token = services.invitation_token(invitation)
    client = Client()

    def post(body: str | bytes) -> Any:
        return client.post(f"/a/{token}/save/", data=body, content_type="application/json")

    return post


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('{"item": "client-email", "value": "hi", "seq": 9223372036854775808}', "seq: must be a whole number"),
        ('{"item": "client-email", "value": NaN, "seq": 5}', "not valid JSON"),
        ('{"item": "client-email", "value": "hi", "seq": Infinity}', "not valid JSON"),
        ('{"item": "client-email", "value": ' + "[" * 20_000 + "]" * 20_000 + ', "seq": 5}', ""),
        ('{"item": "client-email", "value": "\\ud800", "seq": 5}', "not valid JSON"),
        ('{"item": "client-email", "value": "a\\u0000b", "seq": 5}', "NUL character"),
        ('{"item": "client-email", "value": {"\\u0000": 1}, "seq": 5}', ""),
        (b'{"item": "client-email", "value": "\xff\xfe", "seq": 5}', "not valid JSON"),
        ('["client-email"]', "send an object"),
        ('{"item": ["x"], "value": "hi", "seq": 5}', ""),
        ('{"item": "client-email", "value": "hi", "seq": "5"}', "seq: must be a whole number"),
        ('{"item": "client-email", "value": "hi", "seq": 5.5}', "seq: must be a whole number"),
        ('{"item": "client-email", "value": "hi", "seq": true}', "seq: must be a whole number"),
    ],
    ids=[
        "seq-2^63",
        "nan",
        "infinity",
        "nested-20000",
        "lone-surrogate",
        "nul",
        "nul-key",
        "bad-utf8",
        "not-an-object",
        "item-list",
        "seq-text",
        "seq-fraction",
        "seq-bool",
    ],
)
def test_the_save_route_refuses_hostile_bodies_and_keeps_the_answer(
    page: Any, session: AssessmentSession, body: str | bytes, reason: str
) -> None:
    assert save_as(session, "client-email", "the answer so far", 3) == "saved"

    response = page(body)

    assert 400 <= response.status_code < 500
    assert reason in response.json()["error"]
    assert session.answers.get(item_id="client-email").value == "the answer so far"
    assert save_as(session, "client-email", "a later answer", 4) == "saved"


@pytest.fixture
def api(cast: Cast) -> Any:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(cast.alice, 'tests')}")

    def call(path: str, body: str) -> Any:
        return client.post(f"/api{path}", data=body, content_type="application/json")

    return call


@pytest.mark.parametrize(
    ("name", "reason"),
    [("Jo\\u0000rdan", "NUL character"), ("Jordan\\nReyes", "must be on one line"),
     ("Jordan \\ud800", "valid string"), ("Jordan\\u0007", "control character U+0007")],
    ids=["nul", "line-break", "lone-surrogate", "bell"],
)  # fmt: skip
def test_the_api_refuses_names_that_cannot_be_stored_or_mailed(
    api: Any, opening: JobOpening, name: str, reason: str
) -> None:
    response = api(f"/openings/{opening.pk}/candidates", f'{{"name": "{name}", "email": "j@example.com"}}')
    title = api("/openings", f'{{"organization": {opening.organization_id}, "title": "{name}", '
                             '"playbook": "account-manager-smb.yaml"}')  # fmt: skip

    assert response.status_code == 422
    assert reason in json.dumps(response.json())
    assert title.status_code in (404, 422)
    assert not Candidate.objects.filter(email="j@example.com").exists()


@pytest.mark.parametrize(
    ("csv_text", "reason"),
    [(f"name,email\n{BIG},a@example.com\n", "longer than"),
     ('name,email\n"Jordan\nReyes",a@example.com\n', "must be on one line"),
     ("name,email\nJo\x00rdan,a@example.com\n", "NUL character")],
    ids=["huge-cell", "line-break", "nul"],
)  # fmt: skip
def test_the_candidate_import_names_the_line_and_imports_nothing(
    cast: Cast, opening: JobOpening, csv_text: str, reason: str
) -> None:
    client = Client()
    client.force_login(cast.alice)
    upload = SimpleUploadedFile("people.csv", csv_text.encode(), "text/csv")

    response = client.post(f"/openings/{opening.pk}/candidates/import/", {"file": upload})

    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not opening.candidates.exists()


def test_the_candidate_form_refuses_a_name_on_two_lines(cast: Cast, opening: JobOpening) -> None:
    client = Client()
    client.force_login(cast.alice)

    response = client.post(f"/openings/{opening.pk}/candidates/new/",
                           {"name": "Jordan\r\nReyes", "email": "j@example.com", "extra_time_percent": 0})  # fmt: skip

    assert response.status_code == 200
    assert "must be on one line" in response.content.decode()
    assert not opening.candidates.exists()


@pytest.mark.parametrize(
    ("extra_row", "reason"),
    [(f"4,{BIG},,alice,,2,\n".encode(), "longer than"), (b"4,Nul\x00Corp,,alice,,2,\n", "NUL character")],
    ids=["huge-cell", "nul"],
)
def test_the_client_import_names_the_line_and_imports_nothing(
    cast: Cast, opening: JobOpening, extra_row: bytes, reason: str
) -> None:
    agency = opening.organization.agency
    client = Client()
    client.force_login(cast.alice)
    upload = SimpleUploadedFile("companies.csv", HUBSPOT + extra_row, "text/csv")

    response = client.post(f"/clients/import/?org={agency.slug}", {"accounts": upload})

    assert response.status_code == 200
    page = response.content.decode()
    assert "nothing was imported" in page
    assert reason in page
    assert ClientAccount.objects.count() == 0


def test_classifying_a_file_with_a_huge_cell_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    companies = tmp_path / "companies.csv"
    companies.write_text(f"Record ID,Company name,Parent Company,Company owner\n1,A,,x\n2,{BIG},,x\n")

    run = hireplay("accounts", "classify", "--accounts", str(companies), "--as-of", "2026-11-22")

    assert run.returncode == 1
    assert "a cell is longer than 131,072 characters" in run.stderr
    assert "failed unexpectedly" not in run.stderr


@pytest.mark.parametrize("path", ["/clients/?owner=a%00b", "/clients/week/?owner=%00", "/api/clients?owner=x%00",
                                  "/candidates/?q=%00", "/clients/?org=%00"])  # fmt: skip
def test_a_nul_character_in_the_address_is_refused_plainly(client: Client, cast: Cast, path: str) -> None:
    client.force_login(cast.alice)

    response = client.get(path)

    assert response.status_code == (422 if path.startswith("/api/") else 400)
    assert "NUL character" in response.content.decode()
