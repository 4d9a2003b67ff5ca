from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User

from hireplay.core.lint import load_playbook
from hireplay.web.hiring.models import AssessmentSession, Candidate, JobOpening, PlaybookVersion
from hireplay.web.orgs.models import Membership, Organization
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


@dataclass
class Cast:
    """Alice recruits for Verdant (through the agency), Ivan only interviews, Mallory recruits elsewhere."""

    alice: Any
    ivan: Any
    mallory: Any


@pytest.fixture
def cast(opening: JobOpening) -> Cast:
    agency = opening.organization.agency
    other = Organization.objects.create(name="Other Agency", slug="other", kind=Organization.Kind.AGENCY)
    users = {
        name: User.objects.create_user(name, f"{name}@example.com", "a long test password")
        for name in ("alice", "ivan", "mallory")
    }
    Membership.objects.create(user=users["alice"], organization=agency, role=Membership.Role.RECRUITER)
    Membership.objects.create(user=users["ivan"], organization=opening.organization, role=Membership.Role.INTERVIEWER)
    Membership.objects.create(user=users["mallory"], organization=other, role=Membership.Role.RECRUITER)
    return Cast(users["alice"], users["ivan"], users["mallory"])


@pytest.fixture
def session(opening: JobOpening) -> AssessmentSession:
    candidate = Candidate.objects.create(opening=opening, name="Jordan Reyes", email="jordan@example.com")
    return AssessmentSession.objects.create(
        candidate=candidate, seed=42, started_at=NOW, deadline=NOW + timedelta(minutes=30)
    )
