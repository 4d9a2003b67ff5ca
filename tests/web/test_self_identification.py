"""Voluntary self-identification: offered after submitting when the organisation has a form, kept
apart, read only by compliance officers (never by the hiring team's pages or API), erased with
the candidate, and counted in the adverse-impact tables with "declined" and "unknown"."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from hireplay.web.compliance.models import SelfIdentification
from hireplay.web.flows.privacy import erase
from hireplay.web.hiring import services
from hireplay.web.hiring.models import Candidate, Invitation, JobOpening
from hireplay.web.orgs.models import ApiToken, Membership, Organization
from hireplay.web.pages.candidate_text import SELF_ID_WORDS, self_id_words
from tests.web.conftest import Cast

PURPOSE = "Verdant Foods checks each year that its selection treats every group alike (EEO-1)."


def _offer(candidate: Candidate, form: str = "us-eeo") -> str:
    Organization.objects.filter(pk=candidate.opening.organization_id).update(self_id_form=form, self_id_purpose=PURPOSE)
    invitation = candidate.invitations.order_by("-pk").first()
    assert invitation is not None
    return f"/a/{services.invitation_token(invitation)}"


def test_the_form_is_offered_after_submitting_saved_once_and_said_so(scored: Candidate) -> None:
    link = _offer(scored)
    client = Client()

    offered = client.get(f"{link}/done/").content.decode()
    saved = client.post(f"{link}/self-id/", {"sex": "female", "race": "hispanic"}, follow=True).content.decode()
    again = client.get(f"{link}/done/").content.decode()

    assert PURPOSE in offered
    assert "I prefer not to say" in offered
    assert "Thank you. Your answers are saved, apart from your application" in saved
    assert SelfIdentification.objects.get(candidate=scored).answers == {"sex": "female", "race": "hispanic"}
    assert "Send my answers" not in again  # asked once
    client.post(f"{link}/self-id/", {"sex": "male", "race": "white"})
    assert SelfIdentification.objects.get(candidate=scored).answers["sex"] == "female"  # never overwritten


def test_nothing_chosen_is_declined_and_a_value_not_offered_is_refused(scored: Candidate) -> None:
    link = _offer(scored, "eu")
    client = Client()

    refused = client.post(f"{link}/self-id/", {"gender": "robot"}, follow=True).content.decode()
    assert "Those answers could not be saved" in refused
    assert not SelfIdentification.objects.exists()
    client.post(f"{link}/self-id/", {})

    assert SelfIdentification.objects.get(candidate=scored).answers == {"gender": "declined", "age": "declined"}


def test_without_a_form_nothing_is_offered_or_accepted(scored: Candidate) -> None:
    invitation = scored.invitations.order_by("-pk").first()
    assert invitation is not None
    link = f"/a/{services.invitation_token(invitation)}"

    assert "Send my answers" not in Client().get(f"{link}/done/").content.decode()
    assert Client().post(f"{link}/self-id/", {"sex": "female"}).status_code == 404


def test_the_forms_words_are_in_french_and_dutch() -> None:
    assert set(SELF_ID_WORDS) == self_id_words()  # every label is in the catalogues
    for language, words in {"fr": ("Je préfère ne pas répondre", "Tranche d'âge"),
                            "nl": ("Ik zeg het liever niet", "Leeftijdsgroep")}.items():  # fmt: skip
        with translation.override(language):
            assert (gettext("I prefer not to say"), gettext("Age band")) == words


def test_the_hiring_team_never_sees_it_and_erasure_deletes_it(scored: Candidate, cast: Cast) -> None:
    link = _offer(scored)
    Client().post(f"{link}/self-id/", {"sex": "female", "race": "hispanic"})
    recruiter = Client()
    recruiter.force_login(cast.alice)
    token = ApiToken.issue(cast.alice, "ats")

    pages = [recruiter.get(f"/candidates/{scored.pk}/").content.decode(),
             recruiter.get(f"/openings/{scored.opening_id}/compare/").content.decode(),
             Client(HTTP_AUTHORIZATION=f"Bearer {token}").get(f"/api/candidates/{scored.pk}").content.decode()]  # fmt: skip

    for page in pages:
        assert not re.search(r"hispanic|latino", page, re.I)
    assert recruiter.get("/compliance/impact/").status_code == 403
    erase(scored, "user:alice")
    assert not SelfIdentification.objects.filter(candidate=scored).exists()


def test_a_compliance_officer_sees_the_impact_tables_and_no_candidate(
    opening: JobOpening, cast: Cast, scored: Candidate
) -> None:
    officer = User.objects.create_user("cora", "cora@example.com", "a long test password")
    Membership.objects.create(user=officer, organization=opening.organization, role=Membership.Role.COMPLIANCE)
    link = _offer(scored)
    Client().post(f"{link}/self-id/", {"sex": "female", "race": "hispanic"})
    for n, sex in enumerate(["male", "male", "declined"]):
        other = Candidate.objects.create(opening=opening, name=f"O{n}", email=f"o{n}@example.com")
        services.invite(other, "http://testserver/")
        SelfIdentification.objects.create(candidate=other, form="us-eeo", answers={"sex": sex, "race": "white"},
                                          given_at=scored.created_at)  # fmt: skip
    quiet = Candidate.objects.create(opening=opening, name="Quiet", email="quiet@example.com")
    services.invite(quiet, "http://testserver/")
    client = Client()
    client.force_login(officer)

    page = client.get("/compliance/impact/").content.decode()

    assert "Fairness: adverse impact at Verdant Foods" in page
    assert "5 invited candidates; 4 answered" in page
    assert "invited → submitted" in page
    assert re.search(r'<th scope="row">Female</th><td>1</td><td>1</td>', page)  # Jordan submitted
    assert re.search(r'<th scope="row">Male</th><td>2</td><td>0</td>', page)
    assert re.search(r'<th scope="row">declined</th><td>1</td>', page)
    assert re.search(r'<th scope="row">unknown</th><td>1</td>', page)  # Quiet gave nothing
    assert client.get(f"/candidates/{scored.pk}/").status_code in (403, 404)
    assert "Summary for publication" in page
    data = client.get("/compliance/impact/?format=json").json()
    whole = data["steps"][-1]
    assert whole["step"] == "the whole process (invited → hired)"
    by_sex = {r["category"]: r for r in whole["tables"][0]["rows"]}
    assert (by_sex["Female"]["total"], by_sex["Male"]["total"], by_sex["unknown"]["total"]) == (1, 2, 1)
    assert (data["people"], data["answered"], data["data_to"] is not None) == (5, 4, True)
    recruiter = Client()
    recruiter.force_login(cast.alice)
    assert recruiter.get("/compliance/impact/?format=json").status_code == 403
    assert 'href="/compliance/impact/">Fairness</a>' in page


def test_the_fairness_page_costs_the_same_queries_for_5_candidates_as_for_500(opening: JobOpening) -> None:
    officer = User.objects.create_user("cora", "cora@example.com", "a long test password")
    Membership.objects.create(user=officer, organization=opening.organization, role=Membership.Role.COMPLIANCE)
    Organization.objects.filter(pk=opening.organization_id).update(self_id_form="us-eeo", self_id_purpose=PURPOSE)
    client = Client()
    client.force_login(officer)

    def grow(count: int) -> None:
        first = Candidate.objects.count()
        made = Candidate.objects.bulk_create(Candidate(opening=opening, name=f"C{n}", email=f"c{n}@example.com")
                                             for n in range(first, first + count))  # fmt: skip
        Invitation.objects.bulk_create(Invitation(candidate=c, created_at=c.created_at, expires_at=c.created_at)
                                       for c in made)  # fmt: skip
        SelfIdentification.objects.bulk_create(
            SelfIdentification(candidate=c, form="us-eeo", given_at=c.created_at,
                               answers={"sex": ("female", "male", "declined")[i % 3], "race": "white"})
            for i, c in enumerate(made))  # fmt: skip

    grow(5)
    with CaptureQueriesContext(connection) as few:
        small = client.get("/compliance/impact/").content.decode()
    grow(495)
    with CaptureQueriesContext(connection) as many:
        large = client.get("/compliance/impact/").content.decode()

    assert "5 invited candidates" in small
    assert "500 invited candidates" in large
    assert len(many.captured_queries) == len(few.captured_queries)
