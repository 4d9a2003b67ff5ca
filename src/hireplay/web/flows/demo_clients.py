"""A demo client base for the agency, imported and classified through the same code as real use.

It holds the case of seed 004: Halden Group, served once three years ago, and its subsidiary
Halden Logistics, now asking for help through a different recruiter."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta

from django.contrib.auth.models import User

from hireplay.core.accounts import reading
from hireplay.core.accounts.engine import months_before
from hireplay.web.audit.catalogue import actor
from hireplay.web.clients.services import classify_organization, import_accounts
from hireplay.web.orgs.models import Organization

COMPANIES = [
    # name, parent, owner, monthly revenue, months active, contacts, fit, influence, contract, nps, licences, used, tickets
    ("Verdant Foods", "", "rita", 7000, 12, 8, 5, 4, "retainer", 55, 120, 111, 1),
    ("Verdant Logistics", "Verdant Foods", "rita", 2500, 7, 3, 4, 3, "", 40, 40, 12, 9),
    ("Harbour Health Group", "", "admin", 9000, 11, 6, 4, 5, "exclusive", 20, 200, 190, 2),
    ("Harbour Clinics North", "Harbour Health Group", "rita", 1500, 4, 2, 4, 2, "", 30, 0, 0, 0),
    ("Kestrel Manufacturing", "", "rita", 3000, 6, 3, 3, 3, "agreement", -15, 60, 15, 12),
    ("Bluebell Retail", "", "admin", 1200, 3, 1, 2, 2, "", 10, 0, 0, 0),
    ("Orion Software", "", "rita", 5500, 9, 5, 5, 5, "agreement", 70, 80, 78, 0),
    ("Castle & Reed Legal", "", "admin", 800, 2, 1, 3, 4, "", 0, 0, 0, 0),
    ("Nordlys Energy", "", "rita", 0, 0, 2, 4, 3, "", 0, 0, 0, 0),
    ("Marlow Hotels", "", "admin", 2200, 5, 2, 2, 2, "", 25, 0, 0, 0),
    ("Pinecrest Schools", "", "rita", 600, 1, 1, 3, 2, "", 0, 0, 0, 0),
    ("Atlas Freight", "", "admin", 4000, 8, 4, 3, 3, "retainer", 35, 50, 46, 1),
    ("Atlas Freight Iberia", "Atlas Freight", "admin", 1000, 3, 1, 3, 2, "", 0, 0, 0, 0),
]


def demo_files(today: date) -> tuple[bytes, bytes]:
    """A HubSpot-style companies export and a deals export, as bytes."""
    rng = random.Random(4)
    companies = io.StringIO()
    writer = csv.writer(companies)
    writer.writerow(["Record ID", "Company name", "Parent Company", "Company owner", "Number of Associated Contacts",
                     "Strategic Fit", "Referral Influence", "Contract Type", "Contract Start", "NPS", "NPS Date",
                     "Licences Bought", "Licences Used", "Open Tickets", "Renewal Date", "Last Contacted", "Industry"])  # fmt: skip
    deals = io.StringIO()
    deal_writer = csv.writer(deals)
    deal_writer.writerow(["Deal ID", "Associated Company ID", "Close Date", "Amount", "Deal Stage", "Deal Type"])
    deal_id = 1000
    for i, (name, parent, owner, monthly, months, contacts, fit, influence, contract, nps, bought, used, tickets) in (
        enumerate(COMPANIES, start=1)
    ):  # fmt: skip
        parent_id = next((str(j) for j, c in enumerate(COMPANIES, start=1) if c[0] == parent), "")
        renewal = (today + timedelta(days=rng.choice([20, 45, 75, 150, 300]))).isoformat() if bought else ""
        contacted = (today - timedelta(days=rng.choice([3, 9, 21, 40, 75]))).isoformat()
        writer.writerow([i, name, parent_id, owner, contacts, fit, influence, contract,
                         "2025-01-01" if contract else "", nps if nps else "",
                         (today - timedelta(days=30)).isoformat() if nps else "", bought or "", used or "",
                         tickets or "", renewal, contacted, rng.choice(["Food", "Health", "Software", "Logistics"])])  # fmt: skip
        for m in range(months):
            deal_id += 1
            on = months_before(today, m) - timedelta(days=rng.randint(1, 20))
            amount = round(monthly * rng.uniform(0.7, 1.3), 2)
            deal_writer.writerow([deal_id, i, on.isoformat(), f"{amount:.2f}", "closedwon", "placement"])
        deal_writer.writerow([90_000 + i, i, today.isoformat(), "9999.00", "closedlost", "placement"])  # left out
    # Seed 004: a group served once, three years ago; its subsidiary now works with another recruiter.
    group, sub = len(COMPANIES) + 1, len(COMPANIES) + 2
    writer.writerow(
        [group, "Halden Group", "", "admin", 1, "", "", "", "", "", "", "", "", "", "", "2023-10-20", "Logistics"]
    )
    writer.writerow([sub, "Halden Logistics", group, "rita", 1, "", "", "", "", "", "", "", "", "", "",
                     (today - timedelta(days=4)).isoformat(), "Logistics"])  # fmt: skip
    deal_writer.writerow([9001, group, "2023-10-05", "8500.00", "closedwon", "placement"])
    # ... and the subsidiary's request: an open deal, which counts as the group's pipeline, not revenue
    deal_writer.writerow([9002, sub, (today + timedelta(days=30)).isoformat(), "18000.00", "appointmentscheduled",
                          "placement"])  # fmt: skip
    return companies.getvalue().encode(), deals.getvalue().encode()


def ensure_client_base(agency: Organization, today: date) -> None:
    """Import and classify the demo client base once."""
    if agency.client_accounts.exists():
        return
    accounts_file, deals_file = demo_files(today)
    parsed = []
    for data, kind in ((accounts_file, "accounts"), (deals_file, "engagements")):
        table = reading.read_bytes(data, f"{kind}.csv", kind)  # type: ignore[arg-type]
        assert not isinstance(table, str)
        parsed.append(table)
    rita = actor(User.objects.get(username="rita"))
    report = import_accounts(agency, parsed[0], parsed[1], rita)
    assert report.written, report.problems
    classify_organization(agency, today, rita)
