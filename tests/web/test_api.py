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


def test_every_route_lists_each_status_it_can_answer(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "422", "429"} <= codes, f"{method.upper()} {path}: {sorted(codes)}"
            if "{" in path or method == "post":
                assert "404" in codes, f"{method.upper()} {path}: {sorted(codes)}"


def test_candidate_lists_come_a_page_at_a_time_filtered_like_the_pipeline(cast: Cast, opening: JobOpening) -> None:
    for i in range(7):
        Candidate.objects.create(opening=opening, name=f"Person {i}", email=f"p{i}@example.com",
                                 stage="invited" if i % 2 else "added")  # fmt: skip
    client = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(cast.alice, 'tests')}")
    path = f"/api/openings/{opening.pk}/candidates"

    first = client.get(path, {"limit": 3})
    second = client.get(first["Link"].split(">")[0].lstrip("<"))
    invited = client.get(path, {"stage": "invited"})
    found = client.get(path, {"q": "P5@EXAMPLE"})

    assert [c["name"] for c in first.json()] == ["Person 0", "Person 1", "Person 2"]
    assert first["X-Total-Count"] == "7"
    assert 'rel="next"' in first["Link"]
    assert [c["name"] for c in second.json()] == ["Person 3", "Person 4", "Person 5"]
    assert 'rel="prev"' in second["Link"]
    assert [c["name"] for c in invited.json()] == ["Person 1", "Person 3", "Person 5"]
    assert invited["X-Total-Count"] == "3"
    assert [c["name"] for c in found.json()] == ["Person 5"]
    assert client.get(path, {"limit": 501}).status_code == 422
    assert "limit" in client.get(path, {"limit": 0}).json()["error"]
    assert client.get(path, {"stage": "nowhere"}).status_code == 422
    past_the_end = client.get(path, {"offset": 2**31 - 1})
    assert (past_the_end.status_code, past_the_end.json()) == (200, [])
    too_far = client.get("/api/openings", {"offset": 190033709240654331904})
    assert too_far.status_code == 422
    assert "offset" in too_far.json()["error"]
