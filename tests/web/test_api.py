"""The JSON API: token authentication, the same permission rules, errors that name the field."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from hireplay.web.hiring.models import Candidate, JobOpening
from hireplay.web.orgs.models import ApiToken
from tests.web.conftest import Cast


@pytest.fixture
def api(cast: Cast) -> Any:
    token = ApiToken.issue(cast.alice, "tests")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def call(method: str, path: str, body: object | None = None) -> tuple[int, Any]:
        kwargs = {"data": json.dumps(body), "content_type": "application/json"} if body is not None else {}
        response = getattr(client, method)(f"/api{path}", **kwargs)
        return response.status_code, response.json()

    return call


def test_the_openapi_schema_is_served(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()

    assert schema["info"]["title"] == "hireplay"
    assert "/api/openings" in schema["paths"]
    assert "/api/candidates/{candidate_id}/report" in schema["paths"]


def test_an_integration_runs_the_first_half_of_a_hiring_process(api: Any, opening: JobOpening) -> None:
    status, created = api(
        "post",
        "/openings",
        {"organization": opening.organization_id, "title": "AM", "playbook": "strategic-account-manager.yaml"},
    )
    assert status == 201
    assert created["playbook_id"] == "strategic-account-manager"

    status, candidate = api(
        "post", f"/openings/{created['id']}/candidates", {"name": "Kim", "email": "KIM@example.com"}
    )
    assert (status, candidate["email"], candidate["stage"]) == (201, "kim@example.com", "added")

    status, invitation = api("post", f"/candidates/{candidate['id']}/invitations")
    assert status == 201
    assert invitation["link"].startswith("http://testserver/a/")
    assert api("get", f"/candidates/{candidate['id']}")[1]["stage"] == "invited"
    assert api("get", f"/candidates/{candidate['id']}/report")[0] == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Kim", "email": "not-an-email"}, "email"),
        ({"name": "", "email": "kim@example.com"}, "name"),
        ({"name": "Kim", "email": "kim@example.com", "extra_time_percent": 500}, "extra_time_percent"),
        ({"email": "kim@example.com"}, "name"),
    ],
)
def test_invalid_input_gets_json_naming_the_field(
    api: Any, opening: JobOpening, body: dict[str, object], field: str
) -> None:
    status, error = api("post", f"/openings/{opening.pk}/candidates", body)

    assert status == 422
    assert error["error"].startswith(f"{field}:")
    assert Candidate.objects.count() == 0


def test_an_unknown_playbook_is_refused_with_the_choices(api: Any, opening: JobOpening) -> None:
    status, error = api(
        "post", "/openings", {"organization": opening.organization_id, "title": "AM", "playbook": "nope.yaml"}
    )

    assert status == 422
    assert "account-manager-smb.yaml" in error["error"]


def test_a_duplicate_candidate_is_a_conflict(api: Any, opening: JobOpening) -> None:
    api("post", f"/openings/{opening.pk}/candidates", {"name": "Kim", "email": "kim@example.com"})

    assert api("post", f"/openings/{opening.pk}/candidates", {"name": "Kim", "email": "kim@example.com"})[0] == 409


def test_without_a_valid_token_the_api_says_how_to_authenticate(client: Client, opening: JobOpening) -> None:
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer wrong"}):
        response = client.get("/api/openings", **headers)
        assert response.status_code == 401
        assert "Bearer" in response.json()["error"]
