"""An opening's pipeline: stage counts, search, filter, sort and pages in a fixed number of
queries; the page's refresh sends nothing when nothing changed; invitations sent in bulk after a
confirmation, refused as a whole for a candidate of another opening."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hireplay.web.hiring import services
from hireplay.web.hiring.models import Candidate, Invitation, JobOpening
from hireplay.web.outbox.models import Email
from tests.web.conftest import Cast


def _add(opening: JobOpening, first: int, count: int) -> list[Candidate]:
    return services.add_candidates(opening, [{"name": f"Person {n:04d}", "email": f"p{n}@example.com"}
                                             for n in range(first, first + count)], "user:alice")  # fmt: skip


def _count(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_counts_search_filter_sort_and_pages_in_a_fixed_number_of_queries(opening: JobOpening, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.alice)
    _add(opening, 0, 60)
    invited = list(opening.candidates.order_by("pk")[:3])
    for c in invited:
        services.invite(c, "http://testserver/", by="user:alice")
    url = f"/openings/{opening.pk}/?sort=-added"
    few, page = _count(client, url)
    assert "Pipeline (60 candidates)" in page
    assert re.search(r"Invited <strong>3</strong>", page)
    assert re.search(r"Added <strong>57</strong>", page)
    assert "Page 1 of 2" in page
    assert "Person 0059" in page  # newest first
    assert "Person 0000" not in page

    _add(opening, 60, 100)
    many, page = _count(client, url)
    assert many == few
    assert "Page 1 of 4" in page

    found = client.get(f"/openings/{opening.pk}/?q=p1%40").content.decode()
    assert "Person 0001" in found
    assert "Person 0002" not in found
    only = client.get(f"/openings/{opening.pk}/?stage=invited").content.decode()
    assert only.count('name="candidate"') == 3
    assert "expires " in only  # the latest invitation's dates
    nothing = client.get(f"/openings/{opening.pk}/?q=nobody-at-all").content.decode()
    assert "No candidate matches" in nothing
    odd = client.get(f"/openings/{opening.pk}/?stage=%3Cx%3E&sort=drop&page=999")
    assert odd.status_code == 200  # unknown values fall back; a page past the end shows the last


def test_the_refresh_sends_nothing_while_nothing_changes(opening: JobOpening, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.alice)
    _add(opening, 0, 5)
    page = client.get(f"/openings/{opening.pk}/").content.decode()
    since = re.search(r"since=([0-9a-f]+)", page)
    assert since is not None
    poll = f"/openings/{opening.pk}/?since={since.group(1)}"
    with CaptureQueriesContext(connection) as captured:
        quiet = client.get(poll, HTTP_HX_REQUEST="true")
    assert quiet.status_code == 204
    assert quiet.content == b""
    # The session and the user, the opening and who may see it, four small counts, the session's save.
    assert len(captured) <= 12
    services.invite(opening.candidates.first(), "http://testserver/", by="user:alice")  # something changes
    changed = client.get(poll, HTTP_HX_REQUEST="true")
    assert changed.status_code == 200
    assert "Invited <strong>1</strong>" in changed.content.decode()


@pytest.mark.django_db(transaction=True)  # each invitation's e-mail goes when its transaction commits
def test_invitations_in_bulk_after_a_confirmation(opening: JobOpening, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.alice)
    people = _add(opening, 0, 4)
    started = people[3]
    Candidate.objects.filter(pk=started.pk).update(stage=Candidate.Stage.IN_PROGRESS)
    ids = [str(c.pk) for c in people]

    confirm = client.post(f"/openings/{opening.pk}/bulk/", {"candidate": ids, "action": "invite"})
    text = confirm.content.decode()
    assert "Send 3 invitations" in text
    assert "Person 0003: in progress" in text
    assert not Invitation.objects.exists()  # nothing before the confirmation

    done = client.post(f"/openings/{opening.pk}/bulk/", {"candidate": ids[:3], "confirm": "yes"}, follow=True)
    assert "3 invitations sent." in done.content.decode()
    assert Invitation.objects.count() == 3
    assert Email.objects.filter(kind="invitation").count() == 3
    assert set(opening.candidates.filter(stage="invited").values_list("pk", flat=True)) == {c.pk for c in people[:3]}

    other = JobOpening.objects.create(organization=opening.organization, title="Other", playbook=opening.playbook)
    stranger = _add(other, 100, 1)[0]
    refused = client.post(f"/openings/{opening.pk}/bulk/", {"candidate": [ids[0], str(stranger.pk)], "confirm": "yes"})
    assert refused.status_code == 400
    assert "so nothing was done to anyone: no invitation, reminder or decision" in refused.content.decode()
    assert Invitation.objects.count() == 3  # refused as a whole
    empty = client.post(f"/openings/{opening.pk}/bulk/", {}, follow=True)
    assert "choose at least one candidate" in empty.content.decode()


def test_the_openings_list_costs_the_same_queries_for_two_openings_as_for_twenty(
    opening: JobOpening, cast: Cast
) -> None:
    client = Client()
    client.force_login(cast.alice)
    _add(opening, 0, 3)
    few, page = _count(client, "/")
    assert "(version 1" in page or "(version " in page
    assert "sha256:" not in page  # no content hash on the list
    for n in range(19):
        other = JobOpening.objects.create(
            organization=opening.organization, title=f"Opening {n}", playbook=opening.playbook
        )
        _add(other, 100 + 10 * n, 2)
    many, page = _count(client, "/")
    assert many == few
    assert "Opening 18" in page


def test_the_funnel_page_and_its_csv_from_the_stage_history(opening: JobOpening, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.alice)
    people = _add(opening, 0, 6)
    for candidate in people[:4]:
        services.invite(candidate, "http://testserver/", by="user:alice")
    few, page = _count(client, f"/openings/{opening.pk}/funnel/")
    assert "6 candidates" in page
    assert re.search(r'<th scope="row">Invited</th><td>4</td>', page)
    assert re.search(r'<th scope="row">Added</th><td>6</td><td>67%</td>', page)
    csv_text = client.get(f"/openings/{opening.pk}/funnel/?format=csv").content.decode()
    assert csv_text.splitlines()[0].startswith("stage,reached,conversion_to_next")
    assert "invited,4," in csv_text
    _add(opening, 10, 30)
    many, _ = _count(client, f"/openings/{opening.pk}/funnel/")
    assert many == few


def test_the_organisation_funnel_spans_its_openings_and_compares_sources(opening: JobOpening, cast: Cast) -> None:
    other = JobOpening.objects.create(organization=opening.organization, title="KAM", playbook=opening.playbook)
    services.add_candidates(opening, [{"name": "A", "email": "a@example.com"}], "user:alice")
    imported = services.add_candidates(other, [{"name": f"I{n}", "email": f"i{n}@example.com"} for n in range(3)],
                                       "user:alice", "import")  # fmt: skip
    services.invite(imported[0], "http://testserver/", by="user:alice")
    client = Client()
    client.force_login(cast.alice)

    few, page = _count(client, f"/funnel/?org={opening.organization.slug}")
    csv_text = client.get(f"/funnel/?org={opening.organization.slug}&format=csv").content.decode()
    _add(other, 10, 20)
    many, _ = _count(client, f"/funnel/?org={opening.organization.slug}")
    mallory = Client()
    mallory.force_login(cast.mallory)
    foreign = mallory.get(f"/funnel/?org={opening.organization.slug}").content.decode()

    assert "4 candidates" in page
    assert re.search(r'<th scope="row">Imported from a file</th><td>3</td><td>3</td><td>1</td>', page)
    assert re.search(r'<th scope="row">Added by the team</th><td>1</td><td>1</td><td>0</td>', page)
    assert "import,3,3,1," in csv_text
    assert many == few
    assert "Verdant Foods" not in foreign  # another agency sees its own organisation, never this one


def test_a_candidate_is_found_across_openings_and_only_where_one_may_look(opening: JobOpening, cast: Cast) -> None:
    other = JobOpening.objects.create(
        organization=opening.organization, title="Key Account Manager", playbook=opening.playbook
    )
    _add(opening, 0, 3)
    services.add_candidates(other, [{"name": "Hélène Dupont", "email": "helene@example.be"}], "user:alice")
    client = Client()
    client.force_login(cast.alice)
    few, page = _count(client, "/candidates/?q=dupont")
    assert "Hélène Dupont" in page
    assert "Key Account Manager" in page
    _add(other, 50, 40)
    many, _ = _count(client, "/candidates/?q=person")
    assert many == few
    stranger = Client()
    stranger.force_login(cast.mallory)  # another agency's recruiter
    assert "Hélène Dupont" not in stranger.get("/candidates/?q=dupont").content.decode()
