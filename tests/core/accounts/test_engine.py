"""The key-account engine on the shipped default policy: tiers, unknowns, hierarchy, ownership, risk."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from hireplay.core.accounts.engine import Previous, classify, months_before
from hireplay.core.accounts.lint import load_policy
from hireplay.core.accounts.model import Account, Contract, Dated
from hireplay.core.accounts.policy import Policy

ROOT = Path(__file__).resolve().parents[3]
AS_OF = date(2026, 11, 22)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ROOT / "policies" / "key-accounts-default.yaml")


def steady(ident: str, monthly: float, months: int = 12, **fields: object) -> Account:
    """A client with one engagement a month for `months` months, worth `monthly` each."""
    account = Account(ident, ident.title(), **fields)  # type: ignore[arg-type]
    for m in range(months):
        account.add_engagement(months_before(AS_OF, m) - timedelta(days=3), monthly)
    return account


def test_the_seed_case_a_subsidiary_of_a_group_served_once_three_years_ago(policy: Policy) -> None:
    group = Account("halden", "Halden Group", owner="maria", active_contacts=1)
    group.add_engagement(date(2023, 10, 5), 8_500)  # the single placement, three years ago
    subsidiary = Account("halden-logistics", "Halden Logistics", parent_id="halden", owner="tom", active_contacts=1)

    results = classify(policy, [group, subsidiary], AS_OF)

    sub = results["halden-logistics"]
    assert results["halden"].tier == "dormant"
    assert sub.tier not in ("key", "growth")
    assert sub.conflict is not None
    assert (sub.conflict.owner, sub.conflict.group_owner, sub.conflict.should_own) == ("tom", "maria", "tom")
    text = sub.rationale()
    assert "0 USD" in text  # no revenue of its own
    assert "Ownership conflict: owned by tom, but its group is owned by maria" in text
    assert "the group is dormant" in text
    assert "Unknown: Strategic fit" in text  # never set: unknown, not bad
    assert "the group's last engagement was on 2023-10-05" in text
    assert "Not Key account: it would need" in text


def test_a_steady_well_served_client_is_key(policy: Policy) -> None:
    client = steady("acme", 6_000, active_contacts=7, strategic_fit=Dated(4, date(2026, 6, 1)),
                    contracts=(Contract("retainer", date(2025, 1, 1)),), satisfaction=Dated(45, date(2026, 9, 1), "nps"))  # fmt: skip

    result = classify(policy, [client], AS_OF)["acme"]

    assert result.tier == "key"
    assert result.score is not None
    assert result.score >= 60
    assert {c.id: c.met for c in result.criteria}["revenue"] is True


def test_unknown_criteria_count_neither_for_nor_against(policy: Policy) -> None:
    bare = steady("bare", 2_000)
    known = steady("known", 2_000, strategic_fit=Dated(1, date(2026, 6, 1)))

    results = classify(policy, [bare, known], AS_OF)

    bare_fit = next(c for c in results["bare"].criteria if c.id == "strategic-fit")
    assert (bare_fit.value, bare_fit.points, bare_fit.met) == (None, None, None)
    assert results["bare"].known_weight < results["known"].known_weight
    # a poor known value lowers the score; an unknown one does not
    assert results["known"].score is not None
    assert results["bare"].score is not None
    assert results["known"].score < results["bare"].score


def test_a_dated_value_older_than_allowed_is_unknown(policy: Policy) -> None:
    stale = steady("stale", 1_000, strategic_fit=Dated(5, date(2024, 1, 1)))

    fit = next(c for c in classify(policy, [stale], AS_OF)["stale"].criteria if c.id == "strategic-fit")

    assert fit.value is None
    assert "more than 365 days ago" in fit.shown


def test_engagements_after_the_classification_date_are_not_counted(policy: Policy) -> None:
    future = Account("f", "Future")
    future.add_engagement(AS_OF + timedelta(days=10), 99_000)

    result = classify(policy, [future], AS_OF)["f"]

    assert next(c for c in result.criteria if c.id == "revenue").value == 0


def test_a_subsidiary_of_a_key_group_is_at_least_growth(policy: Policy) -> None:
    group = steady("group", 6_000, active_contacts=7, contracts=(Contract("exclusive", date(2025, 1, 1)),),
                   owner="maria")  # fmt: skip
    child = Account("child", "Child", parent_id="group", owner="maria")

    results = classify(policy, [group, child], AS_OF)

    assert results["group"].tier == "key"
    assert results["child"].base_tier != "growth"
    assert results["child"].tier == "growth"
    assert "raised to growth by the group rule: the group headed by Group, classified as a unit, is key" in (
        results["child"].rationale()
    )
    assert results["child"].conflict is None  # same owner


def test_a_group_with_a_key_subsidiary_is_at_least_growth(policy: Policy) -> None:
    holding = Account("holding", "Holding")
    star = steady("star", 6_000, parent_id="holding", active_contacts=7,
                  contracts=(Contract("retainer", date(2025, 1, 1)),))  # fmt: skip

    results = classify(policy, [holding, star], AS_OF)

    assert results["star"].tier == "key"
    assert results["holding"].tier == "growth"


def test_group_revenue_counts_the_whole_tree(policy: Policy) -> None:
    accounts = [steady("top", 1_000), steady("mid", 1_000, parent_id="top"), steady("leaf", 1_000, parent_id="mid")]

    results = classify(policy, accounts, AS_OF)

    for ident in ("top", "mid", "leaf"):
        growth = next(c for c in results[ident].criteria if c.id == "growth")
        assert growth.value == 36_000
    assert results["leaf"].group == "top"


def test_a_subsidiary_of_an_active_group_should_be_owned_by_the_groups_owner(policy: Policy) -> None:
    group = steady("group", 3_000, owner="maria", active_contacts=4)
    child = Account("child", "Child", parent_id="group", owner="tom")

    conflict = classify(policy, [group, child], AS_OF)["child"].conflict

    assert conflict is not None
    assert conflict.should_own == "maria"


def test_a_parent_loop_is_reported_and_broken(policy: Policy) -> None:
    a = Account("a", "A", parent_id="b")
    b = Account("b", "B", parent_id="a")
    ghost = Account("c", "C", parent_id="nobody")

    results = classify(policy, [a, b, ghost], AS_OF)

    assert any("loop" in p for p in results["a"].problems + results["b"].problems)
    assert any("not in the client base" in p for p in results["c"].problems)
    assert results["c"].group == "c"


def test_a_poor_health_signal_overrides_the_tier(policy: Policy) -> None:
    unhappy = steady("unhappy", 6_000, active_contacts=7, contracts=(Contract("retainer", date(2025, 1, 1)),),
                     satisfaction=Dated(-20, date(2026, 10, 1), "nps"))  # fmt: skip

    result = classify(policy, [unhappy], AS_OF)["unhappy"]

    assert result.status == "at_risk"
    assert result.tier in ("key", "growth")  # the tier is kept beside the flag
    assert "At risk: Latest satisfaction score (NPS): -20 is below 0" in result.rationale()


def test_no_engagement_for_two_years_is_dormant(policy: Policy) -> None:
    old = Account("old", "Old")
    old.add_engagement(date(2024, 6, 1), 90_000)

    assert classify(policy, [old], AS_OF)["old"].tier == "dormant"


def test_changes_since_the_previous_classification_are_explained(policy: Policy) -> None:
    grown = steady("grown", 6_000, active_contacts=7, contracts=(Contract("retainer", date(2025, 1, 1)),))
    before = Previous("growth", "growth", 40.0, AS_OF - timedelta(days=100), {"revenue": 12_000.0}, owner="maria")

    result = classify(policy, [grown], AS_OF, {"grown": before})["grown"]

    assert "tier changed from growth to key" in result.changes
    assert any(
        c.startswith("Revenue in the last 12 months: 1.2e+04 → 7.2e+04") or "Revenue" in c for c in result.changes
    )
    assert "owner changed from maria to nobody" in result.changes
    assert result.review_due  # 100 days > 90


def test_a_recent_classification_is_not_due_for_review(policy: Policy) -> None:
    client = steady("c", 1_000)
    recent = Previous("routine", "routine", 20.0, AS_OF - timedelta(days=10), {})

    assert classify(policy, [client], AS_OF, {"c": recent})["c"].review_due is False
    assert classify(policy, [client], AS_OF)["c"].review_due is True  # never classified


def test_the_same_input_gives_the_same_result(policy: Policy) -> None:
    accounts = [steady("x", 2_500, active_contacts=3), Account("y", "Y", parent_id="x", owner="z")]

    first = classify(policy, accounts, AS_OF)
    second = classify(policy, accounts, AS_OF)

    assert {k: (v.tier, v.score, v.rationale()) for k, v in first.items()} == {
        k: (v.tier, v.score, v.rationale()) for k, v in second.items()
    }


def test_months_before_clamps_to_the_end_of_a_shorter_month() -> None:
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)
