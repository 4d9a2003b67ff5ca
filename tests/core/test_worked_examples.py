"""The worked examples of the source material, run through the shipped playbooks."""

from __future__ import annotations

from typing import Any

import pytest

from hireplay.core.scoring import score


def _points(playbook: Any, item_id: str, answer: Any, seed: int | None = None) -> float:
    report = score(playbook, {item_id: answer}, seed)
    return next(i.points for i in report.items if i.id == item_id)


@pytest.mark.parametrize("answer", ["$675", "675", "675.00", "675 USD", 675, "$675.00"])
def test_ten_licences_at_50_plus_five_with_ten_percent_off_is_675(smb: Any, answer: Any) -> None:
    assert _points(smb, "quote-total", answer) == 2


@pytest.mark.parametrize("answer", ["$750", "$725", "$700"])
def test_the_usual_mistakes_on_the_quote_earn_nothing(smb: Any, answer: str) -> None:
    # 750 forgets the discount; 725 discounts only the new licences; 700 takes $50 off instead of 10%.
    assert _points(smb, "quote-total", answer) == 0


@pytest.mark.parametrize("answer", ["$6,000", "6000", "6 000", "6,000.00 USD"])
def test_a_500_dollar_add_on_costs_6000_more_a_year(smb: Any, answer: str) -> None:
    assert _points(smb, "addon-annual-cost", answer) == 2


def test_the_account_at_90_percent_of_its_licences_is_the_upsell_target(smb: Any) -> None:
    assert _points(smb, "upsell-target", "a") == 2
    assert _points(smb, "upsell-target", "b") == 0


def test_the_critical_outage_at_the_largest_account_comes_first_on_monday(smb: Any) -> None:
    item = smb.items_by_id["monday-priorities"]

    assert item.key_for({})[0] == "z"
    assert _points(smb, "monday-priorities", ["z", "w", "y", "x"]) == item.points


def test_ninety_days_before_renewal_the_first_step_is_a_review_meeting(smb: Any) -> None:
    assert _points(smb, "renewal-first-step", "b") == 2
    for wrong in "acd":
        assert _points(smb, "renewal-first-step", wrong) == 0


def test_a_missing_feature_goes_to_the_product_team_not_into_a_promise(smb: Any) -> None:
    assert _points(smb, "feature-request", "c") == 2
    assert _points(smb, "feature-request", "a") == 0


def test_moving_the_renewal_from_june_30_to_july_30_is_checked(smb: Any) -> None:
    record = dict(smb.items_by_id["crm-entry"].start)

    unchanged = _points(smb, "crm-entry", record)
    record["renewal_date"] = "2027-07-30"

    assert _points(smb, "crm-entry", record) == unchanged + 1


def test_the_sme_savings_figure_reads_belgian_number_formats(sme: Any) -> None:
    # 3 planners x 6 hours x EUR 40 x 46 weeks
    for answer in ("33 120", "33.120", "33 120,00 €", "€33120"):
        assert _points(sme, "yearly-savings", answer) == 2


def test_a_three_year_programme_beats_a_one_off_order_by_390000(sam: Any) -> None:
    assert _points(sam, "programme-value", "£390,000") == 2
