from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hireplay.core.lint import load_playbook
from hireplay.web.hiring.models import AssessmentSession, Candidate, JobOpening, PlaybookVersion
from hireplay.web.orgs.models import Organization
from tests.conftest import PLAYBOOKS

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture
def opening(db: None) -> JobOpening:
    agency = Organization.objects.create(name="Archetype", slug="archetype", kind=Organization.Kind.AGENCY)
    client = Organization.objects.create(
        name="Verdant Foods", slug="verdant", kind=Organization.Kind.COMPANY, agency=agency
    )
    pinned = PlaybookVersion.pin(load_playbook(PLAYBOOKS / "account-manager-smb.yaml"))
    return JobOpening.objects.create(organization=client, title="Account Manager", playbook=pinned)


@pytest.fixture
def session(opening: JobOpening) -> AssessmentSession:
    candidate = Candidate.objects.create(opening=opening, name="Jordan Reyes", email="jordan@example.com")
    return AssessmentSession.objects.create(
        candidate=candidate, seed=42, started_at=NOW, deadline=NOW + timedelta(minutes=30)
    )
