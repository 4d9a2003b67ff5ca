"""The candidate's right to know: how they are scored, that a person decides, how long their data
is kept, where to ask for an accommodation; and, after the decision, their results by competency."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from hireplay.core.lint import load_playbook
from hireplay.web.flows.decision import DecisionError, decide, share_results
from hireplay.web.flows.interview import save_scorecard
from hireplay.web.hiring import services
from hireplay.web.hiring.models import Candidate, JobOpening, PlaybookVersion, ScoreRecord
from hireplay.web.orgs.models import Organization
from tests.conftest import PLAYBOOKS
from tests.web.conftest import Cast, card, ratings_for


def _landing(candidate: Candidate) -> str:
    invitation = candidate.invitations.order_by("-pk").first()
    assert invitation is not None
    return Client().get(f"/a/{services.invitation_token(invitation)}/").content.decode()


def test_the_landing_page_says_how_answers_are_scored_who_decides_and_how_long_data_is_kept(opening: object) -> None:
    Organization.objects.filter(pk=opening.organization_id).update(  # type: ignore[attr-defined]
        retention_days=180, contact_email="careers@verdant.example"
    )
    candidate = Candidate.objects.create(opening=opening, name="Jordan", email="jordan@example.com")  # type: ignore[misc]
    services.invite(candidate, "http://testserver/")

    page = _landing(Candidate.objects.select_related("opening__organization").get(pk=candidate.pk))

    assert "scored automatically, by the rubric published for this role" in page
    assert "The software never decides. A named person on the hiring team takes every decision" in page
    assert "Verdant Foods erases them 180 days after your last activity." in page
    assert 'write to <a href="mailto:careers@verdant.example">careers@verdant.example</a> before you start' in page
    assert "you can be sent your results by competency" in page


def test_without_a_retention_period_or_a_contact_the_page_says_so_plainly(opening: object) -> None:
    candidate = Candidate.objects.create(opening=opening, name="Jordan", email="jordan@example.com")  # type: ignore[misc]
    services.invite(candidate, "http://testserver/")

    page = _landing(candidate)

    assert "has set no automatic erasure: they are kept until they are erased on request" in page
    assert "reply to the e-mail that brought you here before you start" in page


def test_the_landing_page_tells_it_in_french(opening: JobOpening) -> None:
    Organization.objects.filter(pk=opening.organization_id).update(retention_days=90)
    sme = JobOpening.objects.create(organization=opening.organization, title="Gestionnaire de portefeuille PME",
                                    playbook=PlaybookVersion.pin(load_playbook(PLAYBOOKS / "account-manager-sme-portfolio.yaml")))  # fmt: skip
    candidate = Candidate.objects.create(opening=sme, name="Jordan", email="jordan@example.com")
    invitation, _, _ = services.invite(candidate, "http://testserver/")

    page = Client(HTTP_ACCEPT_LANGUAGE="fr").get(f"/a/{services.invitation_token(invitation)}/").content.decode()

    assert "Le logiciel ne décide jamais." in page
    assert "les efface 90 jours après votre dernière activité" in page


def test_results_are_shared_after_a_decision_by_competency_and_never_with_the_keys(
    scored: Candidate, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    invitation = scored.invitations.order_by("-pk").first()
    assert invitation is not None
    results = f"/a/{services.invitation_token(invitation)}/results/"
    before = Client().get(results).content.decode()
    with pytest.raises(DecisionError, match="after a decision"):
        share_results(scored, cast.alice, "http://testserver/")
    for user in (cast.alice, cast.ivan):
        save_scorecard(scored, user, card(ratings=ratings_for(scored, user, 4)), True)
    decide(scored, cast.hana, "hire", "")
    mail.outbox.clear()

    client = Client()
    client.force_login(cast.alice)
    assert "Send the candidate their results by competency" in client.get(f"/candidates/{scored.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/candidates/{scored.pk}/share-results/")
    (sent,) = mail.outbox
    link = re.search(r"http://testserver(/a/\S+/results/)", sent.body)
    assert link is not None, sent.body
    page = Client().get(link.group(1)).content.decode()  # the link in the e-mail opens the results

    assert "has not shared your results yet" in before
    assert sent.to == ["jordan@example.com"]
    assert "has not shared your results yet" not in Client().get(results).content.decode()
    report = ScoreRecord.current(scored.pk).to_core()  # type: ignore[union-attr]
    for competency in report.competencies:
        assert competency.name in page
    playbook = scored.opening.playbook.to_core()
    for item in playbook.assessment.items:
        assert f'"{item.id}"' not in page  # no item, key or answer
    assert "weighted" not in page
    assert Candidate.objects.get(pk=scored.pk).results_shared_at is not None
