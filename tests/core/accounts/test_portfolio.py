"""An account manager's week, most urgent first, each account with its reason."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hireplay.core.accounts.engine import classify
from hireplay.core.accounts.lint import load_policy
from hireplay.core.accounts.model import Account, Dated
from hireplay.core.accounts.portfolio import prioritise

ROOT = Path(__file__).resolve().parents[3]
AS_OF = date(2026, 11, 22)
POLICY = load_policy(ROOT / "policies" / "key-accounts-default.yaml")


def _week(accounts: list[Account], owner: str = "sam") -> list[tuple[str, tuple[str, ...]]]:
    results = classify(POLICY, accounts, AS_OF)
    return [(p.account, p.reasons) for p in prioritise(POLICY, accounts, results, owner, AS_OF)]


def test_each_signal_gives_its_reason() -> None:
    recent = AS_OF - timedelta(days=5)
    accounts = [
        Account("renewal", "Renewal Ltd", owner="sam", renewal_date=AS_OF + timedelta(days=20), last_contact=recent),
        Account("support", "Support Ltd", owner="sam", licences_bought=100, licences_used=20, open_tickets=8,
                last_contact=recent),
        Account("upsell", "Upsell Ltd", owner="sam", licences_bought=50, licences_used=48,
                satisfaction=Dated(60, date(2026, 10, 1), "nps"), last_contact=recent),
        Account("quiet", "Quiet Ltd", owner="sam", last_contact=AS_OF - timedelta(days=75)),
        Account("fine", "Fine Ltd", owner="sam", last_contact=recent),
        Account("other", "Someone else's", owner="kim", renewal_date=AS_OF + timedelta(days=3)),
    ]  # fmt: skip

    week = dict(_week(accounts))

    assert "other" not in week
    assert week["renewal"][0].startswith("renewal in 20 days")
    assert "support first: 20% of licences in use and 8 open tickets" in week["support"]
    assert week["upsell"][0].startswith("upsell-ready: 96% of licences in use")
    assert week["quiet"][0].startswith("no contact for 75 days")
    assert week["fine"] == ("nothing pressing this week",)


def test_the_most_urgent_come_first_and_at_risk_leads() -> None:
    recent = AS_OF - timedelta(days=5)
    accounts = [
        Account("calm", "Calm", owner="sam", last_contact=recent),
        Account("soon", "Soon", owner="sam", renewal_date=AS_OF + timedelta(days=80), last_contact=recent),
        Account("sooner", "Sooner", owner="sam", renewal_date=AS_OF + timedelta(days=5), last_contact=recent),
        Account("angry", "Angry", owner="sam", satisfaction=Dated(-40, date(2026, 11, 1), "nps"), last_contact=recent),
    ]

    order = [a for a, _ in _week(accounts)]

    assert order == ["angry", "sooner", "soon", "calm"]
