"""The stored client base read straight into the engine's columns.

`services.core_accounts` builds an `Account` object per account through the ORM, which is right
for a few accounts; classifying a whole base that way spent more time making objects than
classifying. Here each table is read with one SQL statement into tuples, turned into NumPy arrays,
and dates come out of the database as day numbers (`date.toordinal()`), so the cost per account is
a few microseconds on SQLite and on PostgreSQL. A test checks that both give the engine the same
columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from django.contrib.auth.models import User
from django.db import connection

from hireplay.core.accounts.columns import KINDS, NO_DATE, Columns
from hireplay.core.accounts.policy import CONTRACT_LEVELS
from hireplay.web.clients import models as m
from hireplay.web.orgs.models import Organization

CHUNK = 900  # ids per IN list when only some accounts are read (SQLite allows 999 parameters)


def _day(column: str) -> str:
    """SQL for a date column as its day number (1 for 0001-01-01, as `date.toordinal()`), NULL kept."""
    if connection.vendor == "postgresql":
        return f"({column} - DATE '0001-01-01' + 1)"
    return f"CAST(julianday({column}) - 1721424.5 AS INTEGER)"


def _number(column: str) -> str:
    return f"CAST({column} AS DOUBLE PRECISION)"


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _rows(sql: str, params: Sequence[Any], ids: list[int] | None, column: str) -> list[tuple[Any, ...]]:
    """The rows of `sql` (which ends with a WHERE clause) for the organisation, or, with `ids`, for
    those accounts only (in chunks of CHUNK ids)."""
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
        out: list[tuple[Any, ...]] = []
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            cursor.execute(f"{sql} AND {column} IN ({', '.join(['%s'] * len(chunk))})", [*params, *chunk])
            out += cursor.fetchall()
        return out


def _days(values: Sequence[Any]) -> Any:
    return np.array([NO_DATE if v is None else v for v in values], dtype=np.int64)


def _numbers(values: Sequence[Any]) -> Any:
    return np.array(values, dtype=np.float64)  # None reads as NaN


def stored_columns(organization: Organization, ids: list[int] | None = None) -> Columns:
    """The organisation's client base (or, with `ids`, those of its accounts) as the engine's
    columns: the same values `Columns.from_accounts(core_accounts(...))` gives, a few statements
    whatever the size of the base."""
    a, u = _q(m.ClientAccount._meta.db_table), _q(User._meta.db_table)
    accounts = _rows(
        f"SELECT a.id, a.name, a.parent_id, COALESCE(u.username, a.owner_name), a.active_contacts, a.strategic_fit, "
        f"{_day('a.strategic_fit_on')}, a.referral_influence, {_day('a.referral_influence_on')}, a.licences_bought, "
        f"a.licences_used, a.open_tickets, {_day('a.renewal_date')}, {_day('a.last_contact')}, "
        f"{_number('a.annual_revenue')}, a.usage_trend, a.open_escalations, a.ticket_trend, "
        f"{_day('a.champion_left_on')} FROM {a} a LEFT JOIN {u} u ON u.id = a.owner_id "
        f"WHERE a.organization_id = %s",
        [organization.pk], ids, "a.id",
    )  # fmt: skip
    accounts.sort(key=lambda row: row[0])
    (pks, names, parents, owners, contacts, fit, fit_on, influence, influence_on, bought, used, tickets, renewal,
     last_contact, revenue, usage, escalations, ticket_trend, champion) = (
        zip(*accounts, strict=True) if accounts else ([],) * 19)  # fmt: skip
    n = len(pks)
    index = {pk: i for i, pk in enumerate(pks)}
    fit_a, fit_on_a = _numbers(fit), _days(fit_on)
    influence_a, influence_on_a = _numbers(influence), _days(influence_on)
    # A rating counts only with its date, and a rating of 0 is no rating (as `core_accounts` reads them).
    rated = ~np.isnan(fit_a) & (fit_a != 0) & (fit_on_a != NO_DATE)
    fit_a, fit_on_a = np.where(rated, fit_a, np.nan), np.where(rated, fit_on_a, NO_DATE)
    rated = ~np.isnan(influence_a) & (influence_a != 0) & (influence_on_a != NO_DATE)
    influence_a, influence_on_a = np.where(rated, influence_a, np.nan), np.where(rated, influence_on_a, NO_DATE)

    scope = f"account_id IN (SELECT id FROM {a} WHERE organization_id = %s)"
    params: list[Any] = [organization.pk] if ids is None else []
    where = scope if ids is None else "1 = 1"
    e = _q(m.Engagement._meta.db_table)
    engagements = _rows(f"SELECT account_id, {_day(_q('on'))}, {_number('revenue')}, {_q('open')} FROM {e} "
                        f"WHERE {where}", params, ids, "account_id")  # fmt: skip
    e_acc, e_day, e_rev, e_open = zip(*engagements, strict=True) if engagements else ([],) * 4
    e_index = np.array([index[x] for x in e_acc], dtype=np.int64)
    e_days = np.array(e_day, dtype=np.int64)
    e_revenue = np.array(e_rev, dtype=np.float64)
    is_open = np.array(e_open, dtype=bool)
    pipeline = np.bincount(e_index[is_open], weights=e_revenue[is_open], minlength=n).astype(np.float64)
    open_deals = np.bincount(e_index[is_open], minlength=n).astype(np.float64)

    c = _q(m.Contract._meta.db_table)
    contracts = _rows(f"SELECT account_id, kind, {_day('start')}, {_day(_q('end'))}, id FROM {c} WHERE {where}",
                      params, ids, "account_id")  # fmt: skip
    contracts.sort(key=lambda row: (index[row[0]], row[4]))  # by account, as the accounts are listed

    s = _q(m.Satisfaction._meta.db_table)
    scores = _rows(f"SELECT account_id, {_day(_q('on'))}, score, kind, id FROM {s} WHERE {where}", params, ids,
                   "account_id")  # fmt: skip
    satisfaction = np.full(n, np.nan)
    satisfaction_on = np.full(n, NO_DATE, dtype=np.int64)
    satisfaction_kind = np.full(n, -1, dtype=np.int64)
    # The latest score of each account; of two on the same day, the one stored first.
    for account_id, on, score, kind, _ in sorted(scores, key=lambda row: (row[0], -row[1], row[4])):
        i = index[account_id]
        if satisfaction_kind[i] == -1:
            satisfaction[i], satisfaction_on[i], satisfaction_kind[i] = score, on, KINDS.get(kind, 0)

    return Columns(
        ids=[str(pk) for pk in pks], names=list(names),
        parent_ids=[str(p) if p is not None else None for p in parents], owners=[o or None for o in owners],
        active_contacts=_numbers(contacts), strategic_fit=fit_a, strategic_fit_on=fit_on_a,
        referral_influence=influence_a, referral_influence_on=influence_on_a, satisfaction=satisfaction,
        satisfaction_kind=satisfaction_kind, satisfaction_on=satisfaction_on, licences_bought=_numbers(bought),
        licences_used=_numbers(used), open_tickets=_numbers(tickets), renewal=_days(renewal),
        last_contact=_days(last_contact), company_revenue=_numbers(revenue), pipeline=pipeline,
        open_deals=open_deals, usage_trend=_numbers(usage), open_escalations=_numbers(escalations),
        ticket_trend=_numbers(ticket_trend),
        champion_left=np.array([np.nan if d is None else d for d in champion], dtype=np.float64),
        contract_account=np.array([index[row[0]] for row in contracts], dtype=np.int64),
        contract_level=np.array([CONTRACT_LEVELS.get(row[1], 0) for row in contracts], dtype=np.int64),
        contract_start=_days([row[2] for row in contracts]), contract_end=_days([row[3] for row in contracts]),
        engagement_account=e_index[~is_open], engagement_day=e_days[~is_open], engagement_revenue=e_revenue[~is_open],
    )  # fmt: skip
