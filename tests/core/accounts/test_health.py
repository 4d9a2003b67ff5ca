"""Health that sees trouble coming: satisfaction on its declared scale, usage and ticket trends,
escalations, a champion who left, and named situations such as a renewal at risk."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from hireplay.core.accounts.engine import classify, months_before
from hireplay.core.accounts.lint import check_policy_text, load_policy
from hireplay.core.accounts.model import Account, Dated
from hireplay.core.accounts.portfolio import prioritise

ROOT = Path(__file__).resolve().parents[3]
POLICY = load_policy(ROOT / "policies" / "key-accounts-default.yaml")
AS_OF = date(2026, 11, 22)


def client(**fields: object) -> Account:
    account = Account("c", "Client", owner="sam", **fields)  # type: ignore[arg-type]
    for m in range(12):
        account.add_engagement(months_before(AS_OF, m) - timedelta(days=3), 2_000)
    return account


@pytest.mark.parametrize(("kind", "score", "risky"), [("csat", 20, True), ("csat", 70, False), ("nps", -10, True),
                                                      ("nps", 10, False), ("csat5", 2, True), ("csat5", 4, False)])  # fmt: skip
def test_satisfaction_is_at_risk_by_its_own_scale(kind: str, score: float, risky: bool) -> None:
    result = classify(POLICY, [client(satisfaction=Dated(score, date(2026, 11, 1), kind))], AS_OF)["c"]

    assert ("unhappy" in dict(result.at_risk)) is risky
    if risky:
        assert dict(result.at_risk)["unhappy"].startswith(
            f"Latest satisfaction score ({ {'nps': 'NPS', 'csat': 'CSAT', 'csat5': 'CSAT (1-5)'}[kind] }): {score:g} is below"
        )


def test_a_renewal_in_60_days_with_usage_down_a_fifth_is_a_renewal_at_risk() -> None:
    account = client(renewal_date=AS_OF + timedelta(days=60), usage_trend=-20.0, last_contact=AS_OF)

    result = classify(POLICY, [account], AS_OF)["c"]
    week = prioritise(POLICY, [account], {"c": result}, "sam", AS_OF)[0]

    assert result.status == "at_risk"
    said = dict(result.at_risk)["renewal-at-risk"]
    assert said == "Renewal at risk: days to renewal 60 (at least 0 and below 90); usage trend (%) -20 (below -15)"
    assert week.reasons[0] == f"at risk: {said}"
    assert week.action == "plan how to save the renewal with the client's decision maker before the date"


def test_a_renewal_with_nothing_wrong_is_only_a_renewal_to_prepare() -> None:
    account = client(renewal_date=AS_OF + timedelta(days=60), usage_trend=5.0, open_escalations=0, last_contact=AS_OF)

    result = classify(POLICY, [account], AS_OF)["c"]
    week = prioritise(POLICY, [account], {"c": result}, "sam", AS_OF)[0]

    assert result.at_risk == ()
    assert week.action == "prepare the renewal conversation"


def test_escalations_and_a_champion_who_left() -> None:
    escalated = classify(POLICY, [client(open_escalations=2)], AS_OF)["c"]
    left = client(champion_left_on=AS_OF - timedelta(days=30), active_contacts=7)

    assert dict(escalated.at_risk)["escalations"] == "Open escalations: 2 is above 0"
    result = classify(POLICY, [left], AS_OF)["c"]
    assert result.tier in ("key", "growth")  # the signal is for those tiers
    assert dict(result.at_risk)["champion-left"] == "Days since our champion at the client left: 30 is below 180"


def test_rules_are_checked_when_the_policy_is_read() -> None:
    data = yaml.safe_load((ROOT / "policies" / "key-accounts-default.yaml").read_text())
    data["at_risk"]["rules"][0]["only_for"] = ["kee"]
    data["at_risk"]["rules"].append({"id": "x", "name": "X", "all_of": [{"criterion": "revenue", "at_least": 1}]})
    data["at_risk"]["signals"][2]["scales"] = {"nps": {"below": 0}}

    policy, problems = check_policy_text(yaml.safe_dump(data), "p.yaml")

    text = "\n".join(str(p) for p in problems)
    assert policy is None
    assert "a risk rule tests measures" in text
    assert "'scales' applies to the satisfaction measure only" in text
