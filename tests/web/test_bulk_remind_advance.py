"""Reminders and advances in bulk: a confirmation that lists who is left out and why, reminders
that carry the link in force (at most one a day), advances that are each the named person's own
decision, refused as a whole for a candidate of another opening."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from hireplay.web.audit.models import AuditEvent
from hireplay.web.decisions.models import Decision
from hireplay.web.hiring import services
from hireplay.web.hiring.models import Candidate, Invitation, JobOpening
from hireplay.web.outbox.models import Email
from tests.web.conftest import Cast, scored_candidate


def _post(client: Client, opening: JobOpening, ids: list[int], action: str, **fields: Any) -> Any:
    return client.post(f"/openings/{opening.pk}/bulk/", {"candidate": ids, "action": action, **fields})


def _people(opening: JobOpening, *names: str) -> list[Candidate]:
    return services.add_candidates(opening, [{"name": n, "email": f"{n.lower()}@example.com"} for n in names],
                                   "user:alice")  # fmt: skip


def test_reminders_carry_the_link_in_force_and_leave_out_who_cannot_use_one(opening: JobOpening, cast: Cast) -> None:
    ann, bo, cy, di = _people(opening, "Ann", "Bo", "Cy", "Di")
    for person in (ann, cy, di):
        services.invite(person, "http://testserver/", by="user:alice")
    Candidate.objects.filter(pk=cy.pk).update(stage=Candidate.Stage.IN_PROGRESS)
    Invitation.objects.filter(candidate=di).update(expires_at=timezone.now() - timedelta(hours=1))
    alice = Client()
    alice.force_login(cast.alice)
    ids = [ann.pk, bo.pk, cy.pk, di.pk]

    page = _post(alice, opening, ids, "remind").content.decode()
    assert "Remind these candidates of their assessment?" in page
    assert "Ann (ann@example.com): link sent" in page
    assert "Bo: not invited yet: send the invitation" in page
    assert "Cy: past the invitation (in progress)" in page
    assert "Di: the link expired on" in page
    assert not Email.objects.filter(kind="reminder").exists()  # nothing before the confirmation

    done = _post(alice, opening, [ann.pk], "remind", confirm="yes")
    assert done.status_code == 302
    reminder = Email.objects.get(kind="reminder")
    invitation = Invitation.objects.get(candidate=ann)
    assert reminder.to == ["ann@example.com"]
    assert (invitation.reminders, invitation.reminded_at is not None) == (1, True)
    assert AuditEvent.objects.filter(action="invitation.reminded", subject=ann.ref).count() == 1
    link = reminder.body.split("http://testserver", 1)[1].split()[0]
    assert Client().get(link).status_code == 200  # the same invitation, still valid
    assert services.invitation_id(link.split("/")[2]) == invitation.pk

    again = _post(alice, opening, [ann.pk], "remind").content.decode()
    assert "Ann: reminded already at" in again
    assert "None of the chosen candidates can be reminded now." in again
    history = alice.get(f"/candidates/{ann.pk}/").content.decode()
    assert "1 (latest " in history

    other = JobOpening.objects.create(organization=opening.organization, title="Other", playbook=opening.playbook)
    stranger = _people(other, "Zed")[0]
    refused = _post(alice, opening, [ann.pk, stranger.pk], "remind", confirm="yes")
    assert refused.status_code == 400
    assert Email.objects.filter(kind="reminder").count() == 1


def test_advances_are_each_the_deciders_own_decision(opening: JobOpening, cast: Cast) -> None:
    jordan = scored_candidate(opening, "Jordan", "jordan@example.com")
    kim = scored_candidate(opening, "Kim", "kim@example.com")
    lee = _people(opening, "Lee")[0]
    alice, hana = Client(), Client()
    alice.force_login(cast.alice)
    hana.force_login(cast.hana)

    proposer = _post(alice, opening, [jordan.pk], "advance").content.decode()
    page = _post(hana, opening, [jordan.pk, kim.pk, lee.pk], "advance").content.decode()
    done = _post(hana, opening, [jordan.pk, kim.pk], "advance", confirm="yes",
                 reason="Both showed the depth the role needs in the written tasks.")  # fmt: skip

    assert "Jordan: you may propose a decision on them, not take it" in proposer
    assert "Advance these candidates to the interview?" in page
    assert "Lee: no assessment result yet" in page
    assert done.status_code == 302
    made = Decision.objects.filter(outcome=Decision.Outcome.ADVANCE).order_by("pk")
    assert [(d.candidate_id, d.decided_by_id) for d in made] == [(jordan.pk, cast.hana.pk), (kim.pk, cast.hana.pk)]
    assert set(opening.candidates.filter(stage="interview").values_list("pk", flat=True)) == {jordan.pk, kim.pk}
    event = AuditEvent.objects.get(action="bulk.advanced")
    assert json.loads(event.payload)["decisions"] == [d.pk for d in made]
    twice = _post(hana, opening, [jordan.pk], "advance").content.decode()
    assert "Jordan: at the interview already" in twice
