from __future__ import annotations

import copy
from typing import Any

import pytest

from hireplay.core.items.base import ScoringContext
from hireplay.core.items.instruction_task import record_form
from tests.core.conftest import grade


def _done(smb: Any) -> dict[str, Any]:
    return {
        "account": "Harbour Print",
        "metrics": {
            "active_users": {"value": 46, "target": 50},
            "weekly_reports": {"value": "310", "target": 300},
            "adoption_rate": {"value": "64%", "target": 70},
        },
        "highlighted": ["adoption_rate", "active_users"],
        "stakeholders": [
            {"first_name": "Anna", "last_name": "Berg"},
            {"first_name": "Yusuf", "last_name": "Demir"},
            {"first_name": "Mei", "last_name": "Lin"},
            {"first_name": "Carlos", "last_name": "Ruiz"},
        ],
    }


def test_every_step_done_earns_every_point(smb: Any) -> None:
    item = smb.items_by_id["account-plan-update"]

    assert grade(item, _done(smb))[0] == item.points


@pytest.mark.parametrize(
    ("change", "missed_step"),
    [
        (lambda r: r.update(highlighted=["active_users"]), "highlight"),
        (lambda r: r["stakeholders"].reverse(), "sorted"),
        (lambda r: r["stakeholders"].pop(), "kept"),
        (lambda r: r["metrics"]["active_users"].update(value=None), "users"),
    ],
)
def test_a_forgotten_step_costs_exactly_that_step(smb: Any, change: Any, missed_step: str) -> None:
    item = smb.items_by_id["account-plan-update"]
    record = copy.deepcopy(_done(smb))
    change(record)

    outcome = item.score(record, {}, ScoringContext())

    assert outcome.details["missed"] == [missed_step]
    step_points = next(s.points for s in item.steps if s.id == missed_step)
    assert outcome.points == pytest.approx(item.points - step_points)


@pytest.mark.parametrize(
    ("renewal", "ok"),
    [
        ("2027-07-30", True),
        ("July 30, 2027", True),
        ("30 July 2027", True),
        ("Jul 30th, 2027", True),
        ("7/30/2027", True),  # en-US reads month first
        ("July 30", True),  # no year: month and day are compared
        ("2027-06-30", False),  # the old date, not updated
        ("30/07/2027", True),  # day first, unambiguous: there is no 30th month
        ("07/08/2027", False),  # en-US reads this as 8 July
        ("soon", False),
        (None, False),
    ],
)
def test_the_renewal_date_must_be_corrected_in_any_readable_form(smb: Any, renewal: Any, ok: bool) -> None:
    item = smb.items_by_id["crm-entry"]
    record = dict(item.start, renewal_date=renewal)

    outcome = item.score(record, {}, ScoringContext("en-US"))

    assert ("renewal" in outcome.details["done"]) is ok


def test_a_record_that_is_not_an_object_scores_zero(smb: Any) -> None:
    item = smb.items_by_id["crm-entry"]

    points, evidence = grade(item, ["not", "a", "record"])

    assert points == 0
    assert "should be" in evidence


def test_the_record_form_is_the_same_whatever_order_the_database_keeps_the_keys_in(smb: Any) -> None:
    """PostgreSQL's jsonb returns an object's keys shortest first; SQLite keeps them as written. The
    form a candidate sees (its fields, and the words of each entry to reorder) must not change."""

    def reordered(value: Any) -> Any:  # as jsonb gives it back: keys by length, then by name
        if isinstance(value, dict):
            return {k: reordered(value[k]) for k in sorted(value, key=lambda k: (len(k), k))}
        if isinstance(value, list):
            return [reordered(v) for v in value]
        return value

    def checks(item: Any) -> tuple[Any, ...]:
        return tuple(s.check for s in item.steps)

    for item in (i for i in smb.assessment.items if i.type == "instruction_task"):
        start = item.candidate_fields({})
        assert record_form(item.start, checks(item)) == record_form(reordered(item.start), checks(item)), item.id
        assert start["form"] == record_form(item.start, checks(item))
    plan = next(i for i in smb.assessment.items if i.id == "account-plan-update")
    entries = next(n for n in record_form(plan.start, checks(plan)) if n["kind"] == "reorder")["entries"]
    assert entries[1] == "Anna · Berg · Finance Manager"
