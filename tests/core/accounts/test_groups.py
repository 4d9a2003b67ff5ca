"""Groups classified as a unit: how members' figures combine, how the group's tier reaches its
members, growth potential of a member of a larger group, open deals as pipeline; and the history's
figures as a person reads them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from hireplay.core.accounts.engine import Previous, classify, months_before
from hireplay.core.accounts.lint import check_policy_text, load_policy
from hireplay.core.accounts.model import Account, Dated
from hireplay.core.accounts.policy import Policy

ROOT = Path(__file__).resolve().parents[3]
AS_OF = date(2026, 11, 22)


def steady(ident: str, monthly: float, months: int = 12, **fields: object) -> Account:
    account = Account(ident, ident.title(), **fields)  # type: ignore[arg-type]
    for m in range(months):
        account.add_engagement(months_before(AS_OF, m) - timedelta(days=3), monthly)
    return account


def revenue_policy(**group: object) -> Policy:
    """Key from 30,000 a year, routine below; the group rule as given."""
    text = yaml.safe_dump({
        "id": "by-revenue", "version": "1", "name": "Revenue only", "currency": "EUR",
        "criteria": [{"id": "revenue", "name": "Revenue", "measure": "revenue", "weight": 100,
                      "bands": [{"min": 1, "points": 30}, {"min": 30000, "points": 100}]}],
        "tiers": [{"id": "key", "name": "Key", "min_score": 100}, {"id": "growth", "name": "Growth", "min_score": 30},
                  {"id": "routine", "name": "Routine"}],
        "hierarchy": {"group": group} if group else {},
    })  # fmt: skip
    policy, problems = check_policy_text(text, "p.yaml")
    assert policy is not None, problems
    return policy


def three_subsidiaries(parent_monthly: float = 0) -> list[Account]:
    parent = steady("parent", parent_monthly) if parent_monthly else Account("parent", "Parent")
    return [parent, *(steady(f"sub{i}", 1_125, parent_id="parent") for i in range(3))]  # 13,500 a year each


def test_each_subsidiary_below_the_threshold_the_group_above_it() -> None:
    results = classify(revenue_policy(combine="sum", members="none"), three_subsidiaries(), AS_OF)

    for i in range(3):
        sub = results[f"sub{i}"]
        assert sub.tier == "growth"  # its own 13,500
        assert sub.group_unit is not None
        assert (sub.group_unit.tier, sub.group_unit.score) == ("key", 100)
        assert ("Revenue", "40,500 EUR") in sub.group_unit.figures
        assert "The group as a unit (4 accounts; figures summed, the top account's own figures included): Key" in (
            sub.rationale()
        )
    assert results["parent"].tier == "routine"  # no revenue of its own; the rule reports, moves nothing


def test_a_floor_lifts_members_and_says_so_with_the_figures() -> None:
    results = classify(revenue_policy(combine="sum", members="floor", steps=0), three_subsidiaries(), AS_OF)

    assert {results[a].tier for a in ("parent", "sub0", "sub1", "sub2")} == {"key"}
    assert results["sub1"].base_tier == "growth"
    assert ("raised to key by the group rule: the group headed by Parent, classified as a unit, is key, and each "
            "member is at least the group's tier") in results["sub1"].rationale()  # fmt: skip


def test_a_floor_one_step_below_the_group() -> None:
    results = classify(revenue_policy(combine="sum", members="floor", steps=1), three_subsidiaries(), AS_OF)

    assert results["parent"].tier == "growth"  # routine of its own, lifted to one tier below key
    assert results["sub0"].tier == "growth"  # already there
    assert results["sub0"].adjustments == ()


def test_a_cap_holds_members_to_the_groups_tier() -> None:
    big = steady("big", 3_000, parent_id="holding")  # 36,000: key on its own
    small = [steady(f"s{i}", 100, parent_id="holding") for i in range(3)]
    accounts = [Account("holding", "Holding"), big, *small]

    capped = classify(revenue_policy(combine="mean", include_parent=False, members="cap"), accounts, AS_OF)

    assert capped["big"].base_tier == "key"
    assert capped["big"].group_unit is not None
    assert capped["big"].group_unit.tier == "growth"  # the mean member: (36,000 + 3 x 1,200) / 4
    assert ("Revenue", "9,900 EUR") in capped["big"].group_unit.figures
    assert capped["big"].tier == "growth"
    assert "held to growth by the group rule" in capped["big"].rationale()
    assert "figures averaged over the members, the top account's own figures left out" in capped["big"].rationale()


def test_the_parents_own_data_in_or_out_and_max() -> None:
    accounts = three_subsidiaries(parent_monthly=5_000)  # the parent: 60,000 a year

    included = classify(revenue_policy(combine="sum"), accounts, AS_OF)["sub0"].group_unit
    excluded = classify(revenue_policy(combine="sum", include_parent=False), accounts, AS_OF)["sub0"].group_unit
    largest = classify(revenue_policy(combine="max", include_parent=False), accounts, AS_OF)["sub0"].group_unit

    assert included is not None
    assert excluded is not None
    assert largest is not None
    assert dict(included.figures)["Revenue"] == "100,500 EUR"
    assert dict(excluded.figures)["Revenue"] == "40,500 EUR"
    assert dict(largest.figures)["Revenue"] == "13,500 EUR"
    assert largest.tier == "growth"


def test_an_account_alone_has_no_group_unit() -> None:
    result = classify(revenue_policy(combine="sum", members="floor"), [steady("solo", 100)], AS_OF)["solo"]

    assert result.group_unit is None
    assert "as a unit" not in result.rationale()


def test_group_months_are_the_months_any_member_was_engaged() -> None:
    text = (ROOT / "policies" / "key-accounts-default.yaml").read_text()
    policy = load_policy(ROOT / "policies" / "key-accounts-default.yaml")
    assert "group:" in text
    early = steady("early", 1_000, months=12, parent_id="top")
    early.engagement_days = early.engagement_days[:4]  # engaged in the latest 4 months only
    early.engagement_revenue = early.engagement_revenue[:4]
    late = Account("late", "Late", parent_id="top")
    for m in range(6, 9):
        late.add_engagement(months_before(AS_OF, m) - timedelta(days=3), 1_000)

    unit = classify(policy, [Account("top", "Top"), early, late], AS_OF)["late"].group_unit

    assert unit is not None
    assert dict(unit.figures)["Months with an engagement in the last 12"] == "7"


def test_the_seed_subsidiary_is_credited_for_its_open_deal_and_its_groups_size() -> None:
    policy = load_policy(ROOT / "policies" / "key-accounts-default.yaml")
    group = Account("halden", "Halden Group", owner="maria", company_revenue=250_000_000)
    group.add_engagement(date(2023, 10, 5), 8_500)  # the single placement, three years ago
    subsidiary = Account("halden-logistics", "Halden Logistics", parent_id="halden", owner="tom", pipeline=18_000,
                         open_deals=1)  # fmt: skip

    sub = classify(policy, [group, subsidiary], AS_OF)["halden-logistics"]

    criteria = {c.id: c for c in sub.criteria}
    assert criteria["pipeline"].met is True
    assert criteria["pipeline"].shown == "18,000 USD in open deals across the group of 2 account(s)"
    assert criteria["group-size"].met is True
    assert criteria["revenue"].value == 0  # the open deal is potential, never revenue
    assert sub.tier not in ("key",)
    text = sub.rationale()
    assert "Open deals across the group: 18,000 USD" in text
    assert "Size of the group (annual revenue its companies report): 250,000,000 USD a year" in text


def test_lifetime_group_revenue_and_pipeline_measures() -> None:
    text = yaml.safe_dump({
        "id": "potential", "version": "1", "name": "Potential",
        "criteria": [{"id": "ever", "name": "Ever", "measure": "group_lifetime_revenue", "weight": 50,
                      "bands": [{"min": 1, "points": 100}]},
                     {"id": "deals", "name": "Deals", "measure": "pipeline", "weight": 50,
                      "bands": [{"min": 1, "points": 100}]}],
        "tiers": [{"id": "any", "name": "Any"}],
    })  # fmt: skip
    policy, problems = check_policy_text(text, "p.yaml")
    assert policy is not None, problems
    top = Account("top", "Top")
    top.add_engagement(date(2020, 1, 1), 5_000)
    child = Account("child", "Child", parent_id="top", pipeline=700, open_deals=2)

    result = classify(policy, [top, child], AS_OF)["child"]

    shown = {c.id: c.shown for c in result.criteria}
    assert shown["ever"].startswith("5,000 USD with the group of 2 account(s), ever")
    assert shown["deals"] == "700 USD in 2 open deal(s)"


def test_a_group_rule_in_a_policy_is_checked() -> None:
    text = yaml.safe_dump({
        "id": "x", "version": "1", "name": "X",
        "criteria": [{"id": "r", "name": "R", "measure": "revenue", "weight": 100, "bands": [{"min": 1, "points": 1}]}],
        "tiers": [{"id": "t", "name": "T"}], "hierarchy": {"group": {"combine": "median", "members": "floor"}},
    })  # fmt: skip
    policy, problems = check_policy_text(text, "p.yaml")
    assert policy is None
    assert any("combine" in str(p) for p in problems), problems


def test_the_history_reads_money_whole_and_satisfaction_on_its_own_scale() -> None:
    policy = load_policy(ROOT / "policies" / "key-accounts-default.yaml")
    client = steady("c", 8_000, satisfaction=Dated(-40, date(2026, 11, 1), "nps"))
    before = Previous("routine", "routine", 10.0, date(2026, 6, 1), {"revenue": 12_000.0, "satisfaction": None})

    changes = classify(policy, [client], AS_OF, {"c": before})["c"].changes

    assert "Revenue in the last 12 months: 12,000 USD → 96,000 USD" in changes
    assert "Client satisfaction (latest NPS or CSAT, last 12 months): unknown → -40" in changes
    assert not any("e+" in c for c in changes)


@pytest.mark.parametrize(("kind", "score", "points"), [("nps", -40, 0), ("nps", 60, 100), ("csat", 70, 70),
                                                        ("csat5", 4, 70), ("csat5", 2, 0)])  # fmt: skip
def test_satisfaction_is_read_on_its_declared_scale(kind: str, score: float, points: float) -> None:
    policy = load_policy(ROOT / "policies" / "key-accounts-default.yaml")
    client = Account("c", "C", satisfaction=Dated(score, date(2026, 11, 1), kind))

    sat = next(c for c in classify(policy, [client], AS_OF)["c"].criteria if c.id == "satisfaction")

    assert (sat.value, sat.points) == (score, points)
