from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from hireplay.core.interview import ScorecardDraft
from hireplay.core.lint import load_playbook
from hireplay.shipped import EXAMPLES_DIR
from hireplay.web.flows.assessment import submit
from hireplay.web.hiring import answers, services
from hireplay.web.hiring.models import AssessmentSession, Candidate, JobOpening, PlaybookVersion
from hireplay.web.interviews import services as interviews
from hireplay.web.orgs.models import Membership, Organization
from tests.conftest import PLAYBOOKS

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _seal_audit_events_in_the_request(settings: Any) -> None:
    """In-process tests seal waiting audit events in the request, not from a background thread
    (the test database belongs to the test's threads). Subprocesses started by tests keep the default.
    Each test starts with no throttling counters (they live in the process's cache) and no cached links."""
    settings.AUDIT_BACKGROUND_SEAL = False
    cache.clear()
    # Per-process caches keyed by row ids: ids come again after a test's rollback on SQLite.
    answers._LINKS.clear()
    services._VERIFIED.clear()


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
    """Alice recruits for Verdant (through the agency), Ivan only interviews, Mallory recruits
    elsewhere; Hana is Verdant's hiring manager and decides on the opening's candidates."""

    alice: Any
    ivan: Any
    mallory: Any
    hana: Any


@pytest.fixture
def cast(opening: JobOpening) -> Cast:
    agency = opening.organization.agency
    other = Organization.objects.create(name="Other Agency", slug="other", kind=Organization.Kind.AGENCY)
    users = {
        name: User.objects.create_user(name, f"{name}@example.com", "a long test password")
        for name in ("alice", "ivan", "mallory", "hana")
    }
    Membership.objects.create(user=users["alice"], organization=agency, role=Membership.Role.RECRUITER)
    Membership.objects.create(user=users["ivan"], organization=opening.organization, role=Membership.Role.INTERVIEWER)
    Membership.objects.create(user=users["mallory"], organization=other, role=Membership.Role.RECRUITER)
    Membership.objects.create(user=users["hana"], organization=opening.organization,
                              role=Membership.Role.HIRING_MANAGER)  # fmt: skip
    JobOpening.objects.filter(pk=opening.pk).update(hiring_manager=users["hana"])
    opening.hiring_manager = users["hana"]
    return Cast(users["alice"], users["ivan"], users["mallory"], users["hana"])


@pytest.fixture
def session(opening: JobOpening) -> AssessmentSession:
    """Jordan's attempt, started at NOW through an invitation link."""
    candidate = Candidate.objects.create(opening=opening, name="Jordan Reyes", email="jordan@example.com")
    services.invite(candidate, "http://testserver/")
    return AssessmentSession.objects.create(
        candidate=candidate, seed=42, started_at=NOW, deadline=NOW + timedelta(minutes=30)
    )


def save_as(session: AssessmentSession, item: str, value: object, seq: int, at: datetime | None = None) -> str:
    """Save an answer as the candidate's page does, through their latest link; the result's name."""
    invitation = session.candidate.invitations.order_by("-pk").first()
    assert invitation is not None, "the candidate has no invitation link"
    return answers.save(invitation.pk, item, value, seq, at or session.started_at).result


def scored_candidate(opening: JobOpening, name: str, email: str) -> Candidate:
    """A candidate of `opening` (an SMB playbook) who answered the sample sheet, submitted and was scored."""
    candidate = services.add_candidates(opening, [{"name": name, "email": email}], "user:alice")[0]
    services.invite(candidate, "http://testserver/", by="user:alice")
    session = services.start_session(candidate, now=NOW)
    sample = json.loads((EXAMPLES_DIR / "account-manager-smb.answers.json").read_text())["answers"]
    for seq, (item, value) in enumerate(sample.items(), 1):
        assert save_as(session, item, value, seq, NOW + timedelta(seconds=seq)) == "saved"
    submit(session, now=NOW + timedelta(minutes=20))
    candidate.refresh_from_db()
    return candidate


@pytest.fixture
def scored(cast: Cast, opening: JobOpening) -> Candidate:
    """A candidate who answered the sample sheet, submitted, and was scored; Alice and Ivan form the panel."""
    candidate = scored_candidate(opening, "Jordan Reyes", "jordan@example.com")
    ids = [q.id for q in opening.playbook.to_core().interview.questions]
    interviews.assign_panel(candidate, {cast.alice.pk: ids[0::2], cast.ivan.pk: ids[1::2]}, "user:alice")
    candidate.refresh_from_db()
    return candidate


def ratings_for(candidate: Candidate, user: Any, value: int) -> dict[str, int]:
    """The same rating for every question this panel member covers."""
    return dict.fromkeys(candidate.panel.get(interviewer=user).questions, value)


def card(**fields: Any) -> ScorecardDraft:
    """A scorecard as an interviewer fills it in, with the interview's date and an overall view
    (both needed to submit) unless the test gives its own."""
    return ScorecardDraft(**{"overall": "yes", "interviewed_on": "2026-12-01", **fields})
