"""The stored client base read straight into columns gives the engine what the ORM path gives it."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, timedelta

import numpy as np
import pytest
from django.contrib.auth.models import User

from hireplay.core.accounts import reading
from hireplay.core.accounts.columns import Columns
from hireplay.core.accounts.engine import classify
from hireplay.web.clients import services
from hireplay.web.clients.models import ClientAccount, Contract, Engagement, Satisfaction
from hireplay.web.clients.stored import stored_columns
from hireplay.web.flows.demo_clients import demo_files
from hireplay.web.orgs.models import Organization
from tests.web.conftest import Cast

TODAY = date(2026, 11, 22)


def _by_id(cols: Columns) -> dict[str, object]:
    """Every per-account field keyed by account id, and the row fields as sorted tuples per account."""
    order = sorted(range(len(cols)), key=lambda i: cols.ids[i])
    out: dict[str, object] = {}
    for f in fields(cols):
        value = getattr(cols, f.name)
        if f.name.startswith(("contract_", "engagement_")):
            continue
        if isinstance(value, list):
            out[f.name] = [value[i] for i in order]
        elif len(value) == len(cols):
            out[f.name] = np.asarray(value)[order].tolist()
        else:
            out[f.name] = value.tolist()
    for prefix in ("contract", "engagement"):
        group = [f.name for f in fields(cols) if f.name.startswith(prefix + "_")]
        rows = zip(*(getattr(cols, g).tolist() for g in group), strict=True)
        out[prefix] = sorted((cols.ids[row[0]], *row[1:]) for row in rows)
    return out


def _same(a: dict[str, object], b: dict[str, object]) -> None:
    assert a.keys() == b.keys()
    for key in a:
        # NaN never equals itself: compare NaN as None
        left = [None if isinstance(x, float) and x != x else x for x in a[key]]  # type: ignore[attr-defined]
        right = [None if isinstance(x, float) and x != x else x for x in b[key]]  # type: ignore[attr-defined]
        assert left == right, key


def test_stored_columns_equal_the_accounts_read_through_the_orm(
    cast: Cast, opening: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    agency: Organization = opening.organization.agency  # type: ignore[attr-defined]
    other = Organization.objects.create(
        name="Elsewhere Ltd", slug="elsewhere-ltd-columns", kind=Organization.Kind.COMPANY
    )
    accounts, deals = demo_files(TODAY)
    for org in (agency, other):
        report = services.import_accounts(org, reading.read_bytes(accounts, "a.csv", "accounts"),  # type: ignore[arg-type]
                                          reading.read_bytes(deals, "d.csv", "engagements"), "user:alice")  # type: ignore[arg-type]  # fmt: skip
        assert report.written, report.problems
    # What the demo files leave out: revenue, health fields, scores on other scales and on the same
    # day, an ended contract, a rating of 0 (no rating), a rating without its date, an owner who is a user.
    some = list(ClientAccount.objects.filter(organization=agency).order_by("pk")[:6])
    user = User.objects.create_user("owner-x", "x@example.com", "a long test password")
    ClientAccount.objects.filter(pk=some[0].pk).update(annual_revenue=1234567.5, usage_trend=-22.5, open_escalations=2,
                                                       ticket_trend=40.0, champion_left_on=TODAY - timedelta(days=9),
                                                       owner=user, owner_name="")  # fmt: skip
    ClientAccount.objects.filter(pk=some[1].pk).update(strategic_fit=0, strategic_fit_on=TODAY)
    ClientAccount.objects.filter(pk=some[2].pk).update(referral_influence=4, referral_influence_on=None)
    Satisfaction.objects.create(account=some[3], kind="csat", score=20, on=TODAY - timedelta(days=3))
    Satisfaction.objects.create(account=some[3], kind="csat5", score=2, on=TODAY - timedelta(days=3))
    Satisfaction.objects.create(account=some[4], kind="nps", score=-40, on=TODAY - timedelta(days=1))
    Contract.objects.create(account=some[5], kind="retainer", start=date(2024, 1, 1), end=date(2025, 12, 31))
    Engagement.objects.create(account=some[5], on=TODAY, revenue="1500.25", open=True)

    through_orm = Columns.from_accounts(services.core_accounts(agency))
    direct = stored_columns(agency)

    assert len(direct) == ClientAccount.objects.filter(organization=agency).count() == len(through_orm)
    _same(_by_id(direct), _by_id(through_orm))
    assert direct.owners[direct.ids.index(str(some[0].pk))] == "owner-x"
    assert direct.company_revenue[direct.ids.index(str(some[0].pk))] == 1234567.5
    # Some accounts only (what a change to one group classifies again), their ids sent in chunks
    monkeypatch.setattr("hireplay.web.clients.stored.CHUNK", 2)
    chosen = [a.pk for a in some[:5]]
    only = ClientAccount.objects.filter(pk__in=chosen)
    _same(_by_id(stored_columns(agency, chosen)), _by_id(Columns.from_accounts(services.core_accounts(agency, only))))
    assert len(stored_columns(agency, chosen)) == 5
    # and the engine gives the same results from either
    policy = services.default_policy()
    a, b = classify(policy, direct, TODAY), classify(policy, through_orm, TODAY)
    for ident in a:
        assert a[ident].rationale() == b[ident].rationale(), ident


def test_an_empty_base_reads_as_no_columns(cast: Cast, opening: object) -> None:
    agency: Organization = opening.organization.agency  # type: ignore[attr-defined]
    assert len(stored_columns(agency)) == 0
    assert classify(services.default_policy(), stored_columns(agency), TODAY).counts() == {}
