"""Schemathesis over the API's own OpenAPI schema: every operation gets generated requests, valid
and invalid (wrong types, huge numbers, odd strings, missing fields), sent through the whole
application with a valid token, and none may answer with a server error or with a body its schema
does not describe. The number of examples per operation is bounded so that CI stays quick
(HIREPLAY_FUZZ_EXAMPLES raises it for a longer hunt)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from hireplay.web.hiring.models import Candidate, JobOpening
from hireplay.web.orgs.models import ApiToken
from hireplay.web.wsgi import application
from tests.web.conftest import Cast

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("HIREPLAY_FUZZ_EXAMPLES", "40"))


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def _in_process() -> Iterator[None]:
    """The application is called in-process, as Django's test client calls it: the end of a
    request must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(cast: Cast, opening: JobOpening) -> str:
    """Alice's token, with an opening and a candidate for the generated ids to find now and then."""
    Candidate.objects.create(opening=opening, name="Jordan Reyes", email="jordan@example.com")
    return ApiToken.issue(cast.alice, "fuzz")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])  # fmt: skip
def test_no_generated_request_reaches_a_server_error(case: Any, token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"},
                           checks=[not_a_server_error, response_schema_conformance, content_type_conformance])  # fmt: skip
