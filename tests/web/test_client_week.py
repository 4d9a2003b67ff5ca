"""The account manager's week as a task list, judgement set in the app, per-account review with
sign-off, the rationale written again after each change, and the account's trend chart."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client

from hireplay.core.accounts import reading
from hireplay.web.audit.models import AuditEvent
from hireplay.web.clients import services
from hireplay.web.clients.models import Activity, Classification, ClientAccount
from hireplay.web.orgs.models import ApiToken, Membership, Organization
from tests.web.conftest import Cast

TODAY = date.today()


def _parse(data: str, kind: str) -> reading.Table:
    table = reading.read_bytes(data.encode(), "x.csv", kind)  # type: ignore[arg-type]
    assert not isinstance(table, str)
    return table


@pytest.fixture
def agency(cast: Cast, opening: object) -> Organization:
    return opening.organization.agency  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def rex(agency: Organization) -> User:
    """A hiring manager of the agency who owns accounts (staff, but does not manage the clients)."""
    user = User.objects.create_user("rex", "rex@example.com", "a long test password")
    Membership.objects.create(user=user, organization=agency, role=Membership.Role.HIRING_MANAGER)
    return user


@pytest.fixture
def base(agency: Organization, rex: User) -> dict[str, ClientAccount]:
    ago = (TODAY - timedelta(days=70)).isoformat()
    companies = (
        "Record ID,Company name,Parent Company,Company owner,Number of Associated Contacts,Primary Contact,"
        "Contact Email,Phone,Last Contacted,Renewal Date,Usage Change\n"
        f"1,Ardent Group,,rex,4,Lena Smit,lena@ardent.example,+32 2 555 01 01,{ago},"
        f"{(TODAY + timedelta(days=40)).isoformat()},-25\n"
        f"2,Ardent Labs,Ardent Group,rex,1,,,,{ago},,\n"
        f"3,Brook & Co,,alice,2,Tom Brook,,,{ago},,\n"
    )
    deals = "Deal ID,Associated Company ID,Close Date,Amount,Deal Stage\n" + "".join(
        f"d{i},{1 + i % 3},{(TODAY - timedelta(days=20 * i + 5)).isoformat()},4000,closedwon\n" for i in range(15)
    )
    report = services.import_accounts(agency, _parse(companies, "accounts"), _parse(deals, "engagements"), "user:alice")
    assert report.written, report.problems
    services.classify_organization(agency, TODAY - timedelta(days=1), "user:alice")
    return {a.name: a for a in ClientAccount.objects.filter(organization=agency)}


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_week_lists_tasks_with_contact_and_logging_a_call_updates_the_account(
    agency: Organization, rex: User, base: dict[str, ClientAccount]
) -> None:
    client = _as(rex)
    week = client.get("/clients/week/", {"org": agency.slug}).content.decode()

    assert "Ardent Group" in week
    assert "Lena Smit" in week
    assert "mailto:lena@ardent.example" in week
    assert "Renewal at risk" in week  # renewal in 40 days with usage down 25%
    assert "plan how to save the renewal" in week.lower() or "Plan how to save the renewal" in week
    group = base["Ardent Group"]
    before = Classification.objects.count()

    response = client.post(f"/clients/{group.pk}/activity/", {
        "what": "call", "on": TODAY.isoformat(), "note": "Spoke with Lena about the renewal",
        "next": f"/clients/week/?org={agency.slug}&owner=rex",
    })  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == f"/clients/week/?org={agency.slug}&owner=rex"
    group.refresh_from_db()
    assert group.last_contact == TODAY
    call = Activity.objects.get(account=group)
    assert (call.kind, call.on, call.note, call.by) == ("call", TODAY, "Spoke with Lena about the renewal", rex)
    assert AuditEvent.objects.filter(action="account.contacted", subject=f"client:{group.pk}").count() == 1
    # the group (two accounts) was classified again, not the whole base; a copy is stored only for
    # an account that reads differently (the week, kept with the account, moved for both)
    assert ClientAccount.objects.filter(classified_on=TODAY).count() == 2
    assert before <= Classification.objects.count() <= before + 2
    assert group.classified_on == TODAY
    assert not any("no contact for" in reason for reason in group.week["reasons"]), group.week
    assert "no contact for" not in (group.latest.result["rationale"] if group.latest else "")


def test_a_call_in_the_future_is_refused_beside_its_field_and_nothing_is_stored(
    rex: User, base: dict[str, ClientAccount]
) -> None:
    group = base["Ardent Group"]

    response = _as(rex).post(f"/clients/{group.pk}/activity/", {
        "what": "call", "on": (TODAY + timedelta(days=2)).isoformat(), "note": "later"})  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="on-error"' in page
    assert "the date is in the future" in page
    assert 'aria-invalid="true" aria-describedby="on-error"' in page
    assert not Activity.objects.exists()
    group.refresh_from_db()
    assert group.last_contact != TODAY + timedelta(days=2)


def test_snoozed_and_done_accounts_leave_the_week(
    agency: Organization, rex: User, base: dict[str, ClientAccount]
) -> None:
    client = _as(rex)
    group, labs = base["Ardent Group"], base["Ardent Labs"]

    client.post(f"/clients/{group.pk}/activity/", {"what": "snooze", "until": (TODAY + timedelta(days=7)).isoformat()})
    client.post(f"/clients/{labs.pk}/activity/", {"what": "done"})
    week = client.get("/clients/week/", {"org": agency.slug}).content.decode()
    listed = week.split('class="tasks"')[1].split("</ol>")[0]

    assert "Ardent Group" not in listed
    assert "Ardent Labs" not in listed
    assert "1 account is done for this week." in week
    assert "1 account is snoozed." in week
    refused = client.post(f"/clients/{group.pk}/activity/", {"what": "snooze", "until": TODAY.isoformat()})
    assert refused.status_code == 400
    assert "choose a date after today" in refused.content.decode()


def test_the_owner_sets_judgement_and_the_rationale_is_written_again(
    agency: Organization, rex: User, base: dict[str, ClientAccount]
) -> None:
    group = base["Ardent Group"]
    sue = User.objects.create_user("sue", "sue@example.com", "a long test password")
    Membership.objects.create(user=sue, organization=agency, role=Membership.Role.HIRING_MANAGER)
    form = {"strategic_fit": "4", "referral_influence": "", "satisfaction_kind": "csat5", "satisfaction": "4,5",
            "on": TODAY.isoformat(), "note": "Board meeting: expanding to two new sites"}  # fmt: skip

    assert _as(sue).post(f"/clients/{group.pk}/judgement/", form).status_code == 403  # staff, not the owner
    missing = _as(rex).post(f"/clients/{group.pk}/judgement/", {**form, "note": " "})
    assert missing.status_code == 400
    assert 'id="judge-note-error"' in missing.content.decode()
    bad_scale = _as(rex).post(f"/clients/{group.pk}/judgement/", {**form, "satisfaction": "9"})
    assert bad_scale.status_code == 400
    assert "give a score from 1 to 5 on this scale" in bad_scale.content.decode()
    assert _as(rex).post(f"/clients/{group.pk}/judgement/", form).status_code == 302

    group.refresh_from_db()
    assert (group.strategic_fit, group.strategic_fit_on, group.referral_influence) == (4, TODAY, None)
    assert group.latest is not None
    rationale = group.latest.result["rationale"]
    assert f"Strategic fit (1-5, set by the owner): 4 (set {TODAY.isoformat()})" in rationale
    assert f"CSAT (1-5) 4.5 on {TODAY.isoformat()}" in rationale
    judged = Activity.objects.get(account=group, kind="judgement")
    assert judged.details["changed"]["strategic_fit"] == [None, 4]
    assert AuditEvent.objects.filter(action="account.judged", subject=f"client:{group.pk}").exists()


def test_a_review_signed_off_clears_the_account_from_the_queue(
    agency: Organization, cast: Cast, base: dict[str, ClientAccount]
) -> None:
    brook = base["Brook & Co"]
    ClientAccount.objects.filter(pk=brook.pk).update(review_since=TODAY - timedelta(days=120))
    client = _as(cast.alice)
    assert "Brook &amp; Co" in client.get("/clients/review/", {"org": agency.slug}).content.decode()

    assert client.post(f"/clients/{brook.pk}/review/", {"note": ""}).status_code == 400
    response = client.post(f"/clients/{brook.pk}/review/", {"note": "Checked the figures with Tom"})

    assert response.status_code == 302
    assert "Brook &amp; Co" not in client.get("/clients/review/", {"org": agency.slug}).content.decode()
    review = Activity.objects.get(account=brook, kind="review")
    assert (review.by, review.note, review.on) == (cast.alice, "Checked the figures with Tom", TODAY)
    assert "tier" in review.details
    event = AuditEvent.objects.get(action="account.reviewed", subject=f"client:{brook.pk}")
    assert event.actor == "user:alice"


def test_a_new_owner_is_named_in_the_rationale_at_once(cast: Cast, rex: User, base: dict[str, ClientAccount]) -> None:
    labs = base["Ardent Labs"]

    _as(cast.alice).post(f"/clients/{labs.pk}/owner/", {"owner": "alice"})

    labs.refresh_from_db()
    assert labs.latest is not None
    assert labs.latest.result["owner"] == "alice"
    assert "owned by alice" in labs.latest.result["rationale"]


def test_the_page_shows_a_trend_chart_and_a_history_without_repeats(
    agency: Organization, cast: Cast, base: dict[str, ClientAccount]
) -> None:
    brook = base["Brook & Co"]
    for _ in range(3):  # the same day, three times: nothing changes
        services.classify_organization(agency, TODAY, "user:alice")

    page = _as(cast.alice).get(f"/clients/{brook.pk}/").content.decode()

    assert '<svg role="img" aria-labelledby="trend-title trend-desc"' in page
    history = page.split("<h3>History</h3>")[1].split("</table>")[0]
    assert history.count("<tr><td>") == 1  # yesterday's; today's three add nothing


def test_the_client_base_review_queue_and_week_download_as_csv_safe_for_spreadsheets(
    agency: Organization, cast: Cast, rex: User, base: dict[str, ClientAccount]
) -> None:
    ClientAccount.objects.filter(pk=base["Brook & Co"].pk).update(main_contact="=HYPERLINK(\"http://x\")",
                                                                  review_since=TODAY - timedelta(days=200))  # fmt: skip
    client = _as(cast.alice)

    listing = b"".join(client.get("/clients/clients.csv", {"org": agency.slug}).streaming_content).decode()
    review = b"".join(client.get("/clients/review.csv", {"org": agency.slug}).streaming_content).decode()
    week = b"".join(_as(rex).get("/clients/week.csv", {"org": agency.slug}).streaming_content).decode()

    lines = listing.splitlines()
    assert lines[0].startswith("id,crm_id,name,parent,owner,tier,status,score")
    assert len(lines) == 4
    assert "'=HYPERLINK" in listing  # a formula is shown as text
    assert "Brook & Co" in review
    assert "Ardent Group" not in review
    assert week.splitlines()[0] == ("id,name,tier,status,urgency,action,reasons,main_contact,contact_email,"
                                    "contact_phone")  # fmt: skip
    assert "Lena Smit" in week
    assert "Renewal at risk" in week


def test_the_api_reads_clients_and_sets_judgement(
    agency: Organization, cast: Cast, rex: User, base: dict[str, ClientAccount]
) -> None:
    headers = {"Authorization": f"Bearer {ApiToken.issue(rex, 'test')}"}
    client = Client()
    group = base["Ardent Group"]

    listed = client.get("/api/clients", {"org": agency.slug, "limit": 2}, headers=headers)
    one = client.get(f"/api/clients/{group.pk}", headers=headers).json()
    week = client.get("/api/clients/week", {"org": agency.slug}, headers=headers).json()
    schema = client.get("/api/openapi.json").json()

    assert listed.status_code == 200
    assert listed["X-Total-Count"] == "3"
    assert len(listed.json()) == 2
    assert one["name"] == "Ardent Group"
    assert "Renewal at risk" in " ".join(one["at_risk"])
    assert one["rationale"].startswith("Ardent Group:")
    assert week["owner"] == "rex"
    assert week["tasks"][0]["main_contact"] == "Lena Smit"
    for path in ("/api/clients", "/api/clients/review", "/api/clients/week", "/api/clients/{client_id}",
                 "/api/clients/{client_id}/judgement"):  # fmt: skip
        assert path in schema["paths"]

    bad = client.post(f"/api/clients/{group.pk}/judgement", {"satisfaction": {"scale": "csat5", "score": 7},
                                                             "on": TODAY.isoformat(), "note": "x"},
                      content_type="application/json", headers=headers)  # fmt: skip
    future = client.post(f"/api/clients/{group.pk}/judgement", {"strategic_fit": 3, "on": "2999-01-01", "note": "x"},
                         content_type="application/json", headers=headers)  # fmt: skip
    done = client.post(f"/api/clients/{group.pk}/judgement", {"strategic_fit": 5, "on": TODAY.isoformat(),
                                                              "note": "New board backs us"},
                       content_type="application/json", headers=headers)  # fmt: skip

    assert bad.status_code == 422
    assert "give a score from 1 to 5" in bad.json()["error"]
    assert future.status_code == 422
    assert future.json()["error"].startswith("on: the date is in the future")
    assert done.status_code == 200
    assert done.json()["strategic_fit"] == 5
    assert f"5 (set {TODAY.isoformat()})" in done.json()["rationale"]
    labs = base["Brook & Co"]  # owned by alice: rex neither owns nor manages it
    refused = client.post(f"/api/clients/{labs.pk}/judgement", {"strategic_fit": 1, "on": TODAY.isoformat(),
                                                                "note": "no"},
                          content_type="application/json", headers=headers)  # fmt: skip
    assert refused.status_code == 403
    other = Client()
    mallory = {"Authorization": f"Bearer {ApiToken.issue(cast.mallory, 'm')}"}
    assert other.get(f"/api/clients/{group.pk}", headers=mallory).status_code == 404
    assert other.get("/api/clients", {"org": agency.slug}, headers=mallory).status_code == 404
