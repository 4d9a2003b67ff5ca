"""Adverse impact, against published worked examples (each source is named) and by property."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import fisher_exact

from hireplay.core.insights.impact import (
    Person,
    below_four_fifths,
    category,
    impact,
    scoring_tables,
    selection_tables,
    stage_tables,
)


def _rows(table: object) -> dict[str, object]:
    return {row.category: row for row in table.rows}  # type: ignore[attr-defined]


def test_the_uniform_guidelines_question_12_example() -> None:
    # Questions and Answers on the Uniform Guidelines (EEOC and others, 1979), question 12: hiring
    # rates of 60 % (whites), 45 % (American Indians), 48 % (Hispanics) and 51 % (Blacks) give
    # impact ratios of 75, 80 and 85 %: adverse impact is indicated for American Indians only.
    table = impact({"White": (100, 60), "American Indian": (100, 45), "Hispanic": (100, 48), "Black": (100, 51)},
                   "race")  # fmt: skip
    rows = _rows(table)

    assert table.reference == "White"
    assert [round(rows[n].impact_ratio, 2) for n in ("American Indian", "Hispanic", "Black")] == [0.75, 0.80, 0.85]
    assert [rows[n].below_four_fifths for n in ("American Indian", "Hispanic", "Black")] == [True, False, False]
    assert rows["White"].impact_ratio == 1.0


def test_a_ratio_of_exactly_four_fifths_is_not_below_it() -> None:
    assert (36 / 100) / (45 / 100) < 0.8  # what floating point would conclude: 0.7999…
    assert not below_four_fifths(36, 100, 45, 100)
    assert not _rows(impact({"a": (100, 45), "b": (100, 36)}))["b"].below_four_fifths
    assert below_four_fifths(35, 100, 45, 100)


def test_fishers_exact_test_reproduces_the_lady_tasting_tea() -> None:
    # Fisher, The Design of Experiments (1935), ch. 2: 3 of 4 cups right each way gives a
    # probability of 17/70 for the observed or a more extreme table one-sided; two-sided, 34/70 = 0.4857.
    rows = _rows(impact({"milk first": (4, 3), "tea first": (4, 1)}))

    assert rows["tea first"].p_value == pytest.approx(34 / 70)
    assert rows["tea first"].p_value == pytest.approx(fisher_exact([[1, 3], [3, 1]])[1])


def test_the_two_proportion_z_matches_its_formula() -> None:
    # 45 of 100 against 60 of 100: pooled 0.525, standard error sqrt(0.525 * 0.475 * 0.02) = 0.070622.
    rows = _rows(impact({"a": (100, 60), "b": (100, 45)}))

    assert rows["b"].z == pytest.approx(-0.15 / 0.0706222, rel=1e-5)


def test_small_numbers_are_said_to_prove_nothing() -> None:
    table = impact({"men": (10, 5), "women": (10, 3)}, "sex")
    women = _rows(table)["women"]

    assert women.below_four_fifths  # 30 % against 50 %: a ratio of 0.6
    assert women.fragile  # 4 of 10 would give 0.8, no longer below
    assert women.p_value > 0.05
    assert any("too few people to conclude anything" in w for w in table.warnings)


def test_a_significant_difference_above_four_fifths_is_pointed_out() -> None:
    table = impact({"a": (20_000, 10_000), "b": (20_000, 9_000)})

    assert not _rows(table)["b"].below_four_fifths  # 0.9
    assert any("the rule of thumb alone would miss it" in w for w in table.warnings)


def test_undefined_ratios_are_said_so_and_never_divide_by_zero() -> None:
    table = impact({"a": (10, 0), "b": (12, 0), "c": (0, 0)})
    rows = _rows(table)

    assert all(rows[n].impact_ratio is None for n in "abc")
    assert rows["c"].rate is None
    assert not rows["c"].compared
    assert any("impact ratios are undefined" in w for w in table.warnings)
    assert any("fewer than two" in w for w in impact({"a": (10, 3)}).warnings)


def test_unknown_and_declined_are_counted_and_never_compared() -> None:
    rows = _rows(impact({"Female": (50, 20), "Male": (50, 25), "declined": (7, 1), "unknown": (3, 3)}))

    assert (rows["declined"].total, rows["declined"].compared, rows["declined"].impact_ratio) == (7, False, None)
    assert (rows["unknown"].total, rows["unknown"].rate, rows["unknown"].compared) == (3, 1.0, False)


def test_a_category_under_two_percent_may_be_left_out_with_its_count_stated() -> None:
    counts = {"A": (600, 300), "B": (390, 150), "C": (10, 1)}

    kept, left_out = impact(counts), impact(counts, leave_out_small=True)

    assert _rows(kept)["C"].compared
    assert left_out.excluded == ("C",)
    assert _rows(left_out)["C"].why_not_compared == "under 2 % of the data (10 of 1000)"
    assert _rows(left_out)["C"].total == 10


def test_counts_that_are_not_counts_of_people_are_refused_with_the_category() -> None:
    with pytest.raises(ValueError, match="category 'B': 5 selected of 4"):
        impact({"A": (10, 2), "B": (4, 5)})


def test_the_scoring_rate_is_the_share_above_the_whole_samples_median() -> None:
    # Scores 1..10: the median is 5.5; 6..10 are above it.
    people = [Person({"sex": "F" if s % 2 else "M"}, score=float(s)) for s in range(1, 11)]
    table = scoring_tables(people, ["sex"])[0]
    rows = _rows(table)

    assert table.median == 5.5
    assert (rows["F"].selected, rows["M"].selected) == (2, 3)  # 7, 9 and 6, 8, 10
    assert table.reference == "M"
    assert rows["F"].impact_ratio == pytest.approx(2 / 3)


def test_a_score_equal_to_the_median_is_not_above_it() -> None:
    people = [Person({"g": "x"}, score=1.0), Person({"g": "x"}, score=2.0), Person({"g": "y"}, score=2.0),
              Person({"g": "y"}, score=3.0), Person({"g": "y"}, score=2.0)]  # fmt: skip
    rows = _rows(scoring_tables(people, ["g"])[0])

    assert (rows["x"].selected, rows["y"].selected) == (0, 1)  # the median is 2.0


def test_intersections_are_a_table_of_their_own_and_an_unknown_part_makes_the_whole_unknown() -> None:
    people = [Person({"sex": "Female", "race": "Hispanic"}, selected=True),
              Person({"sex": "Female", "race": "Asian"}, selected=False),
              Person({"sex": "Male", "race": ""}, selected=True),
              Person({"sex": "declined", "race": "Asian"}, selected=False)]  # fmt: skip
    tables = selection_tables(people, ["sex", "race"])

    assert [t.dimension for t in tables] == ["sex", "race", "sex · race"]
    assert set(_rows(tables[2])) == {"Female · Asian", "Female · Hispanic", "unknown", "declined"}
    assert category(people[2], ["sex", "race"]) == "unknown"


def test_each_step_of_the_process_and_the_whole_of_it() -> None:
    stages = ["invited", "submitted", "interviewed", "hired"]
    people = [({"sex": "F"}, 3), ({"sex": "F"}, 1), ({"sex": "F"}, 0), ({"sex": "M"}, 2), ({"sex": "M"}, 3)]

    steps = stage_tables(people, stages, ["sex"])

    assert [name for name, _ in steps] == ["invited → submitted", "submitted → interviewed", "interviewed → hired",
                                           "the whole process (invited → hired)"]  # fmt: skip
    first = _rows(steps[0][1][0])
    assert ((first["F"].total, first["F"].selected), (first["M"].total, first["M"].selected)) == ((3, 2), (2, 2))
    second = _rows(steps[1][1][0])
    assert (second["F"].total, second["F"].selected) == (2, 1)  # of those who submitted
    whole = _rows(steps[3][1][0])
    assert (whole["F"].total, whole["F"].selected, whole["M"].selected) == (3, 1, 1)


@given(st.dictionaries(st.sampled_from("ABCDE"), st.integers(1, 300).flatmap(
    lambda n: st.tuples(st.just(n), st.integers(0, n))), min_size=2))  # fmt: skip
def test_ratios_are_against_the_highest_rate_and_the_verdict_is_exact(counts: dict[str, tuple[int, int]]) -> None:
    table = impact(counts)
    rows = _rows(table)
    top = max(Fraction(s, t) for t, s in counts.values())

    if top == 0:
        assert all(r.impact_ratio is None for r in rows.values())
        return
    assert Fraction(counts[table.reference][1], counts[table.reference][0]) == top  # type: ignore[index]
    for name, (total, selected) in counts.items():
        exact = Fraction(selected, total) / top
        assert rows[name].impact_ratio == pytest.approx(float(exact))
        assert 0 <= rows[name].impact_ratio <= 1
        assert rows[name].below_four_fifths == (exact < Fraction(4, 5))


# The New York City rules for Local Law 144 (6 RCNY 5-301, as adopted by the Department of Consumer
# and Worker Protection in 2023) give two worked bias audits. Their figures, as published:
NYC_SELECTION_SEX = {"Male": (1390, 667, 1.00), "Female": (1181, 555, 0.979)}
NYC_SELECTION_RACE = {
    "Hispanic or Latino": (408, 204, 0.97), "White": (797, 412, 1.00), "Black or African American": (390, 170, 0.84),
    "Native Hawaiian or Pacific Islander": (119, 52, 0.85), "Asian": (616, 302, 0.95),
    "Native American or Alaska Native": (41, 18, 0.85), "Two or More Races": (213, 96, 0.87),
}  # fmt: skip
NYC_SELECTION_BOTH = {
    "Male · Hispanic or Latino": (205, 90, 0.841), "Female · Hispanic or Latino": (190, 82, 0.827),
    "Male · White": (412, 215, 1.000), "Male · Black or African American": (226, 95, 0.806),
    "Male · Native Hawaiian or Pacific Islander": (87, 37, 0.815), "Male · Asian": (321, 167, 0.997),
    "Male · Native American or Alaska Native": (24, 11, 0.878), "Male · Two or More Races": (115, 52, 0.866),
    "Female · White": (385, 197, 0.981), "Female · Black or African American": (164, 75, 0.876),
    "Female · Native Hawaiian or Pacific Islander": (32, 15, 0.898), "Female · Asian": (295, 135, 0.877),
    "Female · Native American or Alaska Native": (17, 7, 0.789), "Female · Two or More Races": (98, 44, 0.860),
}  # fmt: skip
# The "culture fit" scoring example: applicants per sex and race/ethnicity, and how many of them
# scored above the sample's median (the published scoring rates times the counts), with the
# published impact ratios of the intersections.
NYC_SCORING = {
    ("Male", "Hispanic or Latino"): (16, 12, 1.00), ("Female", "Hispanic or Latino"): (12, 6, 0.67),
    ("Male", "White"): (20, 7, 0.47), ("Male", "Black or African American"): (20, 10, 0.67),
    ("Male", "Native Hawaiian or Pacific Islander"): (4, 3, 1.00), ("Male", "Asian"): (12, 7, 0.78),
    ("Male", "Native American or Alaska Native"): (8, 5, 0.83), ("Male", "Two or More Races"): (12, 6, 0.67),
    ("Female", "White"): (20, 8, 0.53), ("Female", "Black or African American"): (12, 6, 0.67),
    ("Female", "Native Hawaiian or Pacific Islander"): (4, 2, 0.67), ("Female", "Asian"): (12, 3, 0.33),
    ("Female", "Native American or Alaska Native"): (8, 5, 0.83), ("Female", "Two or More Races"): (8, 4, 0.67),
}  # fmt: skip
NYC_SCORING_SEX = {"Male": (92, 0.543, 1.00), "Female": (76, 0.447, 0.82)}
NYC_SCORING_RACE = {
    "Hispanic or Latino": (28, 1.00), "White": (40, 0.58), "Black or African American": (32, 0.78),
    "Native Hawaiian or Pacific Islander": (8, 0.97), "Asian": (24, 0.65), "Native American or Alaska Native": (16, 0.97),
    "Two or More Races": (20, 0.78),
}  # fmt: skip


def _decimals(published: float) -> int:
    return len(repr(published).split(".")[1]) if "." in repr(published) else 0


@pytest.mark.parametrize("published", [NYC_SELECTION_SEX, NYC_SELECTION_RACE, NYC_SELECTION_BOTH])
def test_the_new_york_city_rules_selection_example(published: dict[str, tuple[int, int, float]]) -> None:
    # 6 RCNY 5-301(b), "resume screening" example: each published table from its own counts (the
    # race table's Hispanic row, 408 and 204, is not the sum of the intersection's two rows, 395 and
    # 172, so the tables cannot all come from one list of people).
    table = impact({name: (people, chosen) for name, (people, chosen, _) in published.items()})
    rows = _rows(table)
    for name, (_, _, ratio) in published.items():
        digits = 3 if name in NYC_SELECTION_BOTH or name in NYC_SELECTION_SEX else 2
        assert round(rows[name].impact_ratio, digits) == pytest.approx(ratio), name  # type: ignore[attr-defined]
    assert table.reference == max(published, key=lambda n: published[n][1] / published[n][0])


def test_the_new_york_city_rules_scoring_example_from_one_list_of_people() -> None:
    # 6 RCNY 5-301(c), "culture fit" example: 168 applicants; 84 of them score above the median.
    # One person per applicant, scoring 1 (above) or 0: the median is 0.5, and the sex, race and
    # intersection tables must all come out as published.
    people = []
    for (sex, race), (count, above, _) in NYC_SCORING.items():
        people += [Person({"sex": sex, "race": race}, score=1.0 if n < above else 0.0) for n in range(count)]
    tables = {t.dimension: _rows(t) for t in scoring_tables(people, ["sex", "race"])}
    assert len(people) == 168
    for sex, (count, rate, ratio) in NYC_SCORING_SEX.items():
        row = tables["sex"][sex]
        assert row.total == count  # type: ignore[attr-defined]
        assert round(row.rate, 3) == pytest.approx(rate)  # type: ignore[attr-defined]
        assert round(row.impact_ratio, 2) == pytest.approx(ratio)  # type: ignore[attr-defined]
    for race, (count, ratio) in NYC_SCORING_RACE.items():
        assert tables["race"][race].total == count  # type: ignore[attr-defined]
        assert round(tables["race"][race].impact_ratio, 2) == pytest.approx(ratio), race  # type: ignore[attr-defined]
    for (sex, race), (_, _, ratio) in NYC_SCORING.items():
        row = tables["sex · race"][f"{sex} · {race}"]
        assert round(row.impact_ratio, 2) == pytest.approx(ratio), (sex, race)  # type: ignore[attr-defined]
