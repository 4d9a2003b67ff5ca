"""Client accounts: CRM imports (all or nothing), classification history, audit events, pages."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hireplay.core.accounts import importing, reading
from hireplay.web.audit.models import AuditEvent
from hireplay.web.clients import services
from hireplay.web.clients.models import Classification, ClientAccount, Engagement
from hireplay.web.flows.demo_clients import demo_files
from hireplay.web.orgs.models import Membership, Organization
from tests.web.conftest import Cast

AS_OF = date(2026, 11, 22)
HUBSPOT = b"""Record ID,Company name,Parent Company,Company owner,Annual Revenue,Number of Associated Contacts,Industry
1,Halden Group,,alice,12000000,1,Logistics
2,Halden Logistics,Halden Group,ivan,,1,Logistics
"""
SALESFORCE = b"""Id,Name,ParentId,OwnerId,AnnualRevenue,Rating
001A,Acme Holdings,,alice,5000000,Hot
001B,Acme Retail,001A,alice,,Warm
"""
DEALS = b"""Deal ID,Associated Company ID,Close Date,Amount,Deal Stage
d1,1,2023-10-05,"$8,500.00",closedwon
d2,2,2026-11-01,1200,appointmentscheduled
"""


def _parse(
    data: bytes, kind: str, name: str = "x.csv", mapping: importing.ColumnMapping | None = None
) -> reading.Table:
    table = reading.read_bytes(data, name, kind, mapping)  # type: ignore[arg-type]
    assert not isinstance(table, str)
    return table


@pytest.fixture
def agency(cast: Cast, opening: object) -> Organization:
    return opening.organization.agency  # type: ignore[attr-defined,no-any-return]


def test_hubspot_labels_and_salesforce_api_names_are_both_read(agency: Organization) -> None:
    hub = _parse(HUBSPOT, "accounts")
    sf = _parse(SALESFORCE, "accounts")

    assert hub.columns == {"id": "Record ID", "name": "Company name", "parent": "Parent Company", "owner": "Company owner",
                           "annual_revenue": "Annual Revenue", "active_contacts": "Number of Associated Contacts"}  # fmt: skip
    assert sf.columns["parent"] == "ParentId"
    assert sf.columns["annual_revenue"] == "AnnualRevenue"
    assert hub.unknown == ["Industry"]
    report = services.import_accounts(agency, sf, None, "user:alice")
    assert report.written
    retail = ClientAccount.objects.get(name="Acme Retail")
    assert retail.parent is not None
    assert retail.parent.name == "Acme Holdings"  # resolved in a second pass, by id
    assert retail.extra == {"Rating": "Warm"}  # unknown columns are kept
    assert retail.owner is not None


def test_parents_resolve_by_name_and_engagements_by_id(agency: Organization) -> None:
    report = services.import_accounts(agency, _parse(HUBSPOT, "accounts"), _parse(DEALS, "engagements"), "user:alice")

    # the subsidiary's open deal is kept as pipeline, not revenue, and never dropped
    assert (report.accounts_created, report.engagements, report.open_deals, report.lost_deals) == (2, 1, 1, 0)
    logistics = ClientAccount.objects.get(name="Halden Logistics")
    assert logistics.parent == ClientAccount.objects.get(name="Halden Group")
    assert Engagement.objects.get(open=False).revenue == 8500
    deal = Engagement.objects.get(open=True)
    assert (deal.account, deal.revenue) == (logistics, 1200)
    core = {a.name: a for a in services.core_accounts(agency)}
    assert (core["Halden Logistics"].pipeline, core["Halden Logistics"].open_deals) == (1200, 1)
    assert len(core["Halden Logistics"].engagement_days) == 0


def test_a_bad_file_imports_nothing_and_names_each_line(agency: Organization) -> None:
    bad = HUBSPOT + b"3,,,alice,,x,Logistics\n4,Orphan,Nowhere Inc,alice,,2,\n1,Halden Again,,alice,,1,\n"

    report = services.import_accounts(agency, _parse(bad, "accounts"), None, "user:alice")

    assert not report.written
    assert ClientAccount.objects.count() == 0
    text = [str(p) for p in report.problems]
    assert any(p.startswith("line 4, column 'Company name': the name is empty") for p in text)
    assert any(p.startswith("line 4, column 'Number of Associated Contacts'") for p in text)
    assert any(p.startswith("line 5") and "'Nowhere Inc' is neither the id nor the name" in p for p in text), text
    assert any(p.startswith("line 6") and "already on line 2" in p for p in text), text


def test_valid_only_imports_the_good_rows(agency: Organization) -> None:
    bad = HUBSPOT + b"4,Orphan,Nowhere Inc,alice,,2,\n"

    report = services.import_accounts(agency, _parse(bad, "accounts"), None, "user:alice", valid_only=True)

    assert report.written
    assert report.rejected_lines == 1
    assert sorted(ClientAccount.objects.values_list("name", flat=True)) == ["Halden Group", "Halden Logistics"]


def test_a_mapping_file_names_other_columns_and_date_formats() -> None:
    mapping, problems = importing.parse_mapping(
        {"columns": {"name": "Firm", "parent": "Holding"}, "date_format": "%d/%m/%Y"}
    )
    deals_mapping, _ = importing.parse_mapping({"columns": {"account": "Firm", "on": "Billed", "revenue": "Fee"},
                                                "date_format": "%d/%m/%Y"})  # fmt: skip

    accounts = _parse(b"Firm;Holding\nA;\nB;A\n", "accounts", mapping=mapping)
    deals = _parse(b"Firm,Billed,Fee\nA,31/01/2026,100\n", "engagements", mapping=deals_mapping)

    assert problems == []
    assert accounts.problems == []
    assert accounts.columns == {"name": "Firm", "parent": "Holding"}
    assert deals.rows[0].values["on"] == date(2026, 1, 31)
    _, wrong_problems = importing.parse_mapping({"columns": {"nam": "Firm"}, "extra": 1})
    assert any("columns.nam: not a field" in p for p in wrong_problems)
    assert any("extra: unknown key" in p for p in wrong_problems)


def test_a_file_without_a_name_column_says_which_columns_were_looked_for() -> None:
    parsed = _parse(b"Foo,Bar\n1,2\n", "accounts")

    assert "no column for name" in str(parsed.problems[0])
    assert "mapping file" in str(parsed.problems[0])


def test_xlsx_exports_are_read_like_csv(agency: Organization) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Account Name", "Parent Account", "Last Activity Date"])
    sheet.append(["Zeta", None, date(2026, 10, 1)])
    sheet.append(["Zeta Sub", "Zeta", date(2026, 11, 1)])
    buffer = io.BytesIO()
    book.save(buffer)

    parsed = _parse(buffer.getvalue(), "accounts", name="export.xlsx")

    assert parsed.problems == []
    assert [r.values["last_contact"] for r in parsed.rows] == [date(2026, 10, 1), date(2026, 11, 1)]
    assert services.import_accounts(agency, parsed, None, "user:alice").written


def test_classification_is_stored_with_its_history_and_tier_changes_are_logged(agency: Organization) -> None:
    accounts, deals = demo_files(AS_OF)
    services.import_accounts(agency, _parse(accounts, "accounts"), _parse(deals, "engagements"), "user:alice")

    first = services.classify_organization(agency, AS_OF, "user:alice")
    changes_first = AuditEvent.objects.filter(action="account.tier_changed").count()
    services.classify_organization(agency, AS_OF, "user:alice")
    changes_second = AuditEvent.objects.filter(action="account.tier_changed").count()

    assert changes_first == len(first)  # every account gets its first tier
    assert changes_second == changes_first  # nothing changed, nothing logged
    halden = ClientAccount.objects.get(name="Halden Logistics")
    latest = Classification.objects.filter(account=halden).order_by("-pk").first()
    assert latest is not None
    assert latest.tier in ("routine", "dormant")
    assert latest.result["conflict"]["should_own"] == "rita"  # the group is dormant: its current recruiter keeps it
    # the second classification read the same: no copy was stored
    assert Classification.objects.filter(account=halden).count() == 1


def test_classifying_again_stores_only_what_reads_differently(agency: Organization, cast: Cast) -> None:
    accounts, deals = demo_files(AS_OF)
    services.import_accounts(agency, _parse(accounts, "accounts"), _parse(deals, "engagements"), "user:alice")
    services.classify_organization(agency, AS_OF, "user:alice")
    stored = Classification.objects.count()
    base = ClientAccount.objects.filter(organization=agency)
    renewing = base.exclude(renewal_date=None).order_by("renewal_date").first()
    assert renewing is not None
    assert stored == base.count()

    services.classify_organization(agency, AS_OF, "user:alice")  # the same day, the same data
    assert Classification.objects.count() == stored
    assert set(base.values_list("classified_on", flat=True)) == {AS_OF}

    later = AS_OF + timedelta(days=1)
    services.classify_organization(agency, later, "user:alice")
    # every account is classified as of the later day; a copy only where something reads differently
    assert set(base.values_list("classified_on", flat=True)) == {later}
    added = Classification.objects.filter(as_of=later)
    assert 0 < added.count() < base.count(), added.count()
    for c in added:
        before = Classification.objects.filter(account=c.account, as_of=AS_OF).get()
        assert c.digest != before.digest
        assert c.result["rationale"] != before.result["rationale"]
    # every account's own columns still agree with its latest stored result
    for a in base.select_related("latest"):
        assert a.latest is not None
        assert (a.tier, a.status, a.score) == (a.latest.tier, a.latest.status, a.latest.score), a.name
    # the week moved on a day even where no copy was stored
    renewing.refresh_from_db()
    days = (renewing.renewal_date - later).days
    assert any(f"renewal in {days} days" in reason for reason in renewing.week["reasons"]), renewing.week
    # a judgement changes what the account reads: it is stored, with what changed
    services.set_judgement(renewing, {"strategic_fit": 1}, later, "Lost the CEO's sponsorship", cast.alice)
    newest = Classification.objects.filter(account=renewing).order_by("-pk").first()
    assert newest is not None
    renewing.refresh_from_db()
    assert renewing.latest_id == newest.pk
    assert any("Strategic fit" in change for change in newest.result["changes"]), newest.result["changes"]
    # the account page says when it was last classified and that it read the same
    quiet = base.exclude(pk__in=added.values("account")).exclude(pk=renewing.pk).first()
    assert quiet is not None
    client = Client()
    client.force_login(cast.alice)
    page = client.get(f"/clients/{quiet.pk}/").content.decode()
    assert "Classified again on" in page
    assert "it reads the same, so no copy was stored" in page


def test_owner_changes_are_audit_events(agency: Organization, cast: Cast) -> None:
    services.import_accounts(agency, _parse(HUBSPOT, "accounts"), None, "user:alice")
    account = ClientAccount.objects.get(name="Halden Logistics")

    services.set_owner(account, cast.alice, "user:alice")

    event = AuditEvent.objects.filter(action="account.owner_changed", subject=f"client:{account.pk}").last()
    assert event is not None
    assert '"from":"ivan"' in event.payload
    assert '"to":"alice"' in event.payload


def test_the_pages_show_tiers_rationale_conflicts_and_the_week(agency: Organization, cast: Cast) -> None:
    accounts, deals = demo_files(date.today())
    services.import_accounts(agency, _parse(accounts, "accounts"), _parse(deals, "engagements"), "user:alice")
    client = Client()
    client.force_login(cast.alice)

    client.post("/clients/classify/", {"org": agency.slug})
    listing = client.get("/clients/", {"org": agency.slug, "tier": "key"}).content.decode()
    halden = ClientAccount.objects.get(name="Halden Logistics")
    detail = client.get(f"/clients/{halden.pk}/").content.decode()
    conflicts = client.get("/clients/conflicts/", {"org": agency.slug}).content.decode()
    review = client.get("/clients/review/", {"org": agency.slug}).content.decode()
    week = client.get("/clients/week/", {"org": agency.slug, "owner": "rita"}).content.decode()

    assert "Verdant Foods" in listing
    assert "Halden Group" not in listing  # not key
    assert "Ownership conflict" in detail
    assert "Halden Logistics" in conflicts
    assert "Nothing is due for review" in review
    assert "renewal in" in week or "no contact for" in week
    assert re.search(r"\((Key account|Growth account|Routine account|Dormant account|at risk)\)</span>", week)
    assert not re.search(r"\((key|growth|routine|dormant|at_risk)\)</span>", week)  # names, never the policy's ids


def test_the_import_page_reports_problems_and_imports_nothing(agency: Organization, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.alice)
    bad = SimpleUploadedFile("companies.csv", HUBSPOT + b"4,Orphan,Nowhere Inc,alice,,2,\n", "text/csv")

    page = client.post(f"/clients/import/?org={agency.slug}", {"accounts": bad}).content.decode()

    assert "nothing was imported" in page
    assert "<li>companies.csv, line 4, column" in page  # each problem with its file
    assert ClientAccount.objects.count() == 0


def test_with_valid_rows_only_everything_that_depended_on_a_refused_row_is_listed(agency: Organization) -> None:
    companies = (b"Record ID,Company name,Parent Company,Company Domain Name,Strategic Fit\n"
                 b"1,Holdco,,holdco.example,9\n2,Sub One,1,https://www.Holdco.example/about,\n3,Sub Two,2,,\n"
                 b"4,Standalone,,stand.example,\n")  # fmt: skip
    deals = (b"Deal ID,Associated Company ID,Close Date,Amount\nd1,1,2026-01-05,100\nd2,3,2026-01-06,200\n"
             b"d3,4,2026-01-07,300\n")  # fmt: skip

    report = services.import_accounts(agency, _parse(companies, "accounts"), _parse(deals, "engagements"),
                                      "user:alice", valid_only=True)  # fmt: skip

    said = [str(p) for p in report.problems]
    assert len(said) == 5
    assert "line 3, column 'Parent Company': its parent '1' is on line 2, which is refused" in said
    assert "line 2, column 'Strategic Fit': '9' is not a rating from 1 to 5" in said
    assert ("line 2, column 'Associated Company ID': its account '1' is on line 2 of the accounts file, which is "
            "refused") in said  # fmt: skip
    assert "line 4, column 'Parent Company': its parent is on line 3, which is refused" in said
    assert ("line 3, column 'Associated Company ID': its account '3' is on line 4 of the accounts file, which is "
            "refused") in said  # fmt: skip
    assert report.written
    assert list(ClientAccount.objects.values_list("name", flat=True)) == ["Standalone"]
    assert report.engagements == 1
    assert [str(n) for n in report.notes] == [
        "line 3, column 'Company Domain Name': the domain 'holdco.example' is also on line 2: the same company twice?"
    ]


def test_another_organisations_clients_stay_hidden(agency: Organization, cast: Cast) -> None:
    services.import_accounts(agency, _parse(HUBSPOT, "accounts"), None, "user:alice")
    account = ClientAccount.objects.first()
    assert account is not None
    mallory = Client()
    mallory.force_login(cast.mallory)

    assert mallory.get(f"/clients/{account.pk}/").status_code == 404
    assert mallory.get("/clients/", {"org": agency.slug}).status_code == 404
    assert "Halden" not in mallory.get("/clients/").content.decode()


def test_unmatched_owners_are_kept_by_name(agency: Organization) -> None:
    services.import_accounts(agency, _parse(HUBSPOT.replace(b"ivan", b"Jo Someone"), "accounts"), None, "user:alice")

    account = ClientAccount.objects.get(name="Halden Logistics")
    assert account.owner is None
    assert account.owner_label == "Jo Someone"
    assert User.objects.filter(username="Jo Someone").count() == 0
    assert Membership.objects.count() >= 3


def test_newer_hubspot_deal_exports_and_timestamps_are_read() -> None:
    deals = _parse(b"Record ID,Deal Name,Associated Company (Primary),Close Date,Amount,Deal Stage\n"
                   b"9,Placement,Halden Group,2026-05-01 10:00,\"1,250.00\",Closed Won\n", "engagements")  # fmt: skip

    assert deals.problems == []
    assert deals.columns["account"] == "Associated Company (Primary)"
    assert deals.rows[0].values["on"] == date(2026, 5, 1)
    assert deals.rows[0].values["revenue"] == 1250


def _base(agency: Organization, count: int, start: int = 0) -> None:
    """`count` accounts owned by rita, a third of them subsidiaries owned by someone else (conflicts)."""
    lines = ["Record ID,Company name,Parent Company,Company owner,Annual Revenue,Number of Associated Contacts"]
    for n in range(start, start + count):
        parent = f"Group {start}" if n % 3 == 2 and n != start else ""
        owner = "ivan" if parent else "rita"
        lines.append(f"{n},{'Group' if n == start else 'Firm'} {n},{parent},{owner},{100000 * (n % 7)},{n % 4}")
    services.import_accounts(agency, _parse("\n".join(lines).encode(), "accounts"), None, "user:alice")


def _queries(client: Client, url: str, **params: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_client_pages_cost_the_same_queries_for_ten_accounts_as_for_three_hundred(
    agency: Organization, cast: Cast
) -> None:
    client = Client()
    client.force_login(cast.alice)
    pages = ["/clients/", "/clients/review/", "/clients/conflicts/", "/clients/week/", "/clients/policy/"]
    _base(agency, 10)
    services.classify_organization(agency, date.today(), "user:alice")
    first = ClientAccount.objects.filter(organization=agency).order_by("pk").values_list("pk", flat=True).first()
    pages.append(f"/clients/{first}/")  # one account's page: its own rows, whatever the base
    few = [_queries(client, url, org=agency.slug, owner="rita" if "week" in url else "")[0] for url in pages]
    _base(agency, 290, start=1000)
    services.classify_organization(agency, date.today(), "user:alice")
    many = [_queries(client, url, org=agency.slug, owner="rita" if "week" in url else "") for url in pages]

    assert [n for n, _ in many] == few
    listing = many[0][1]
    assert "Page 1 of 3." in listing  # 300 accounts, 100 a page
    assert listing.count('<th scope="row">') == 100
    conflicted = ClientAccount.objects.filter(organization=agency, has_conflict=True).count()
    assert conflicted > 10
    assert f"{conflicted} conflicts." in many[2][1]


def test_the_lists_read_the_latest_classification_and_the_week_classifies_nothing(
    agency: Organization, cast: Cast
) -> None:
    _base(agency, 6)
    services.classify_organization(agency, date(2026, 1, 5), "user:alice")
    services.classify_organization(agency, date(2026, 11, 20), "user:alice")
    firm = ClientAccount.objects.get(name="Firm 1")
    latest = Classification.objects.filter(account=firm).order_by("-pk").first()
    assert latest is not None
    assert (firm.latest_id, firm.tier, firm.classified_on) == (latest.pk, latest.tier, date(2026, 11, 20))
    assert firm.tier_rank == services.default_policy().tier_rank[latest.tier]
    client = Client()
    client.force_login(cast.alice)

    before = Classification.objects.count()
    week = client.get("/clients/week/", {"org": agency.slug, "owner": "rita"}).content.decode()
    fresh = ClientAccount.objects.create(organization=agency, external_id="new", name="Brand New", owner_name="rita")
    later = client.get("/clients/week/", {"org": agency.slug, "owner": "rita"}).content.decode()
    review = client.get("/clients/review/", {"org": agency.slug}).content.decode()

    assert Classification.objects.count() == before  # nothing classified on request
    assert "Firm 1" in week
    assert "1 of these accounts has never been classified and is not listed" in later
    assert fresh.name in review  # never classified: due for review
    ClientAccount.objects.filter(pk=firm.pk).update(review_since=date.today() - timedelta(days=400))
    overdue = client.get("/clients/review/", {"org": agency.slug}).content.decode()
    assert "<td>400</td>" in overdue  # how many days since its last review (or arrival), beside the account
    assert "never" in review


def test_the_week_comes_fifty_accounts_a_page_most_urgent_first(agency: Organization, cast: Cast) -> None:
    _base(agency, 120)
    services.classify_organization(agency, date.today(), "user:alice")
    client = Client()
    client.force_login(cast.alice)

    first = client.get("/clients/week/", {"org": agency.slug, "owner": "rita"}).content.decode()
    second = client.get("/clients/week/", {"org": agency.slug, "owner": "rita", "page": "2"}).content.decode()
    owned = ClientAccount.objects.filter(organization=agency, owner_name="rita").count()

    assert f"{owned} accounts, 50 a page, most urgent first." in first
    assert first.count('<li class="task">') == 50
    assert '<ol start="51" class="tasks">' in second
    assert "owner=rita&amp;page=2" in first


def test_files_and_the_import_give_the_same_classification(agency: Organization, tmp_path: object) -> None:
    """The same HubSpot-shaped files, classified from files and after import: the same results."""
    from pathlib import Path

    from hireplay.core.accounts.engine import classify
    from hireplay.core.accounts.loading import load_accounts, load_engagements

    today = date.today()
    soon, long_ago = (today + timedelta(days=60)).isoformat(), (today - timedelta(days=400)).isoformat()
    recent = (today - timedelta(days=20)).isoformat()
    companies = (
        "Record ID,Company name,Parent Company,Company owner,Annual Revenue,Number of Associated Contacts,"
        "Strategic Fit,NPS,NPS Date,CSAT (1-5),Contract Type,Contract Start,Renewal Date,Usage Change,"
        "Open Escalations,Champion Left,Last Contacted\n"
        f"1,Halden Group,,nadia,250000000,3,4,,,,Retainer,{long_ago},{soon},-20%,,,{recent}\n"
        f"2,Halden Logistics,Halden Group,omar,,1,,-40,{recent},,,,,,,,{recent}\n"
        f"3,Brightwork,,nadia,,6,,,,2,Exclusive retainer,{long_ago},,,2,{recent},{recent}\n"
    )
    deals = (
        "Deal ID,Associated Company ID,Close Date,Amount,Deal Stage\n"
        + "".join(
            f"d{i},{1 + i % 3},{(today - timedelta(days=25 * i)).isoformat()},{1000 + 250 * i},closedwon\n"
            for i in range(12)
        )
        + f"o1,2,{soon},18000,appointmentscheduled\nl1,3,{recent},5000,closedlost\n"
    )
    folder = Path(str(tmp_path))
    (folder / "c.csv").write_text(companies)
    (folder / "d.csv").write_text(deals)
    policy = services.default_policy()

    loaded = load_accounts(folder / "c.csv")
    load_engagements(folder / "d.csv", loaded)
    report = services.import_accounts(agency, _parse(companies.encode(), "accounts"),
                                      _parse(deals.encode(), "engagements"), "user:alice")  # fmt: skip
    assert loaded.columns is not None
    from_files = classify(policy, loaded.columns, today)
    stored = classify(policy, services.core_accounts(agency), today)

    assert loaded.problems == []
    assert report.written, report.problems
    assert (loaded.engagements, loaded.open_deals, loaded.skipped) == (report.engagements, report.open_deals,
                                                                       report.lost_deals) == (12, 1, 1)  # fmt: skip
    by_name = {r.name: r for r in stored.values()}
    for r in from_files.values():
        s = by_name[r.name]
        assert (r.tier, r.status, r.score, r.known_weight) == (s.tier, s.status, s.score, s.known_weight), r.name
        assert r.criteria_values() == s.criteria_values(), r.name
        assert [x[1] for x in r.at_risk] == [x[1] for x in s.at_risk], r.name
    assert "renewal-at-risk" in dict(by_name["Halden Group"].at_risk)
    assert "escalations" in dict(by_name["Brightwork"].at_risk)
    assert next(c for c in by_name["Brightwork"].criteria if c.id == "contract").shown == "exclusive in force"


SALESFORCE_CUSTOM = (b"Id,Name,OwnerId,NPS__c,Contract_Type__c,Contract_Start__c,Decision_Maker__c,Segment__c\n"
                     b"001A,Acme Holdings,alice,45,Exclusive retainer,2025-01-01,Dana Wolf,Enterprise\n"
                     b"001B,Acme Retail,alice,-10,,,,SMB\n")  # fmt: skip


def _chosen(page: str) -> dict[str, str]:
    """The field each column's select has chosen on a preview page, as the browser would send it."""
    chosen = {}
    for name, options in re.findall(r'<select id="(map-[a-z]+-\d+)" name="[^"]+"[^>]*>(.*?)</select>', page, re.S):
        picked = re.search(r'<option value="([^"]*)" selected>', options)
        chosen[name] = picked[1] if picked else ""
    return chosen


def test_a_preview_shows_how_each_column_is_read_and_custom_fields_can_be_mapped(
    agency: Organization, cast: Cast
) -> None:
    client = Client()
    client.force_login(cast.alice)
    upload = SimpleUploadedFile("accounts.csv", SALESFORCE_CUSTOM, "text/csv")

    preview = client.post(f"/clients/import/?org={agency.slug}", {"accounts": upload, "action": "preview"})

    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Preview: nothing is written yet" in page
    assert ClientAccount.objects.count() == 0
    chosen = _chosen(page)
    assert list(chosen.values()) == ["id", "name", "owner", "nps", "contract", "contract_start", "", ""]
    assert '<span class="code">Exclusive retainer</span> → exclusive' in page  # read as the importer reads it
    assert '<span class="code">Dana Wolf</span> → kept as text' in page
    staged = re.search(r'name="staged" value="([^"]+)"', page)
    assert staged
    twice = {**chosen, "map-accounts-6": "name"}
    refused = client.post(f"/clients/import/?org={agency.slug}", {"action": "import-staged", "staged": staged[1],
                                                                   **twice})  # fmt: skip
    assert refused.status_code == 400
    assert "is already read from column" in refused.content.decode()
    assert ClientAccount.objects.count() == 0
    other = Client()
    other.force_login(cast.mallory)
    assert "no longer here" in other.post("/clients/import/", {"action": "import-staged", "staged": staged[1],
                                                                **chosen}).content.decode()  # fmt: skip

    done = client.post(f"/clients/import/?org={agency.slug}", {"action": "import-staged", "staged": staged[1],
                                                                **chosen, "map-accounts-6": "main_contact"})  # fmt: skip

    assert "Imported: 2 new and 0 updated accounts" in done.content.decode()
    holdings = ClientAccount.objects.get(name="Acme Holdings")
    assert holdings.main_contact == "Dana Wolf"
    assert holdings.extra == {"Segment__c": "Enterprise"}
    assert holdings.contracts.get().kind == "exclusive"
    assert holdings.satisfaction.get().score == 45
    again = client.post(f"/clients/import/?org={agency.slug}", {"action": "import-staged", "staged": staged[1],
                                                                 **chosen})  # fmt: skip
    assert "no longer here" in again.content.decode()  # used once, then dropped
