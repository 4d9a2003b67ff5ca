"""Properties every item type and the engine must keep, whatever the answer."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hireplay.core.items.base import ItemBase, ScoringContext
from hireplay.core.lint import load_playbook
from hireplay.core.scoring import score
from tests.conftest import PLAYBOOKS, examples
from tests.core.conftest import make_item

PLAYBOOK_LIST = [load_playbook(p) for p in sorted(PLAYBOOKS.glob("*.yaml"))]
ALL_ITEMS: list[tuple[Any, ItemBase]] = [(pb, item) for pb in PLAYBOOK_LIST for item in pb.assessment.items]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=20,
)


def _answer_for(item: ItemBase, draw: Any) -> Any:
    """A plausible answer of the right shape, built from the item's own ids."""
    ids = list(item.option_ids())
    kind = item.type
    if kind == "single_choice":
        return draw(st.sampled_from(ids))
    if kind in ("multiple_response", "error_spotting"):
        return draw(st.lists(st.sampled_from(ids), max_size=len(ids) + 1))
    if kind == "situational_judgment":
        return {"most": draw(st.sampled_from(ids)), "least": draw(st.sampled_from(ids))}
    if kind == "ranking":
        return draw(st.permutations(ids))
    if kind == "numeric":
        return draw(
            st.one_of(st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str), st.text(max_size=12))
        )
    if kind == "written_response":
        return draw(st.text(max_size=400))
    return draw(json_values)


@settings(max_examples=examples(300))
@given(st.data(), st.sampled_from(ALL_ITEMS), st.integers(min_value=0, max_value=2**32))
def test_scores_are_deterministic_and_within_zero_and_the_maximum(data: Any, pair: Any, seed: int) -> None:
    playbook, item = pair
    answer = _answer_for(item, data.draw) if data.draw(st.booleans()) else data.draw(json_values)
    ctx = ScoringContext(playbook.role.locale, playbook.role.language)
    variables = item.variables_for(seed)

    first = item.score(answer, variables, ctx)
    second = item.score(answer, item.variables_for(seed), ctx)

    assert first == second
    assert 0 <= first.points <= item.points
    assert first.evidence


@settings(max_examples=examples(150))
@given(st.data(), st.sampled_from(PLAYBOOK_LIST), st.integers(min_value=0, max_value=2**32))
def test_a_whole_report_is_byte_identical_for_the_same_input(data: Any, playbook: Any, seed: int) -> None:
    answers = {item.id: _answer_for(item, data.draw) for item in playbook.assessment.items if data.draw(st.booleans())}

    assert score(playbook, answers, seed).to_json() == score(playbook, dict(answers), seed).to_json()


OPTIONS = [{"id": i, "text": f"Option {i}"} for i in "abcdef"]


@settings(max_examples=examples(200))
@given(
    st.permutations(OPTIONS),
    st.sets(st.sampled_from("abcdef"), min_size=1, max_size=5),
    st.lists(st.sampled_from("abcdef"), max_size=6),
)
def test_shuffling_the_options_of_a_choice_item_does_not_change_its_score(
    shuffled: list[dict[str, str]], key: set[str], answer: list[str]
) -> None:
    ordered = make_item("multiple_response", options=OPTIONS, key=sorted(key), points=3)
    reordered = make_item("multiple_response", options=shuffled, key=sorted(key, reverse=True), points=3)
    single = make_item("single_choice", options=OPTIONS, key=sorted(key)[0])
    single_shuffled = make_item("single_choice", options=shuffled, key=sorted(key)[0])
    ctx = ScoringContext()

    assert ordered.score(answer, {}, ctx).points == reordered.score(answer, {}, ctx).points
    if answer:
        assert single.score(answer[0], {}, ctx).points == single_shuffled.score(answer[0], {}, ctx).points


@settings(max_examples=examples(200))
@given(
    st.lists(st.sampled_from("abcdef"), max_size=6, unique=True),
    st.sets(st.sampled_from("abcdef"), min_size=1, max_size=5),
)
def test_adding_a_correct_choice_never_lowers_a_multiple_response_score(answer: list[str], key: set[str]) -> None:
    item = make_item("multiple_response", options=OPTIONS, key=sorted(key), points=3)
    ctx = ScoringContext()
    before = item.score(answer, {}, ctx).points

    for correct in key - set(answer):
        assert item.score([*answer, correct], {}, ctx).points >= before


@settings(max_examples=examples(200))
@given(st.permutations(list("zwyxvu")))
def test_moving_an_option_towards_its_keyed_place_never_lowers_a_ranking_score(answer: list[str]) -> None:
    options = [{"id": i, "text": i} for i in "zwyxvu"]
    key = list("zwyxvu")
    item = make_item("ranking", options=options, key=key, points=5)
    ctx = ScoringContext()
    before = item.score(answer, {}, ctx).points

    for i in range(len(answer) - 1):
        a, b = answer[i], answer[i + 1]
        if key.index(a) > key.index(b):  # swap an adjacent pair that is in the wrong order
            fixed = [*answer[:i], b, a, *answer[i + 2 :]]
            assert item.score(fixed, {}, ctx).points > before


@settings(max_examples=examples(100))
@given(st.sampled_from(ALL_ITEMS), st.integers(min_value=0, max_value=2**32))
def test_the_keyed_answer_always_earns_full_points_for_choice_numeric_and_ranking_items(pair: Any, seed: int) -> None:
    playbook, item = pair
    variables = item.variables_for(seed)
    ctx = ScoringContext(playbook.role.locale, playbook.role.language)
    if item.type == "single_choice":
        answer: Any = item.key
    elif item.type == "multiple_response":
        answer = list(item.key)
    elif item.type == "numeric":
        answer = str(item.key_value(variables))
    elif item.type == "ranking":
        answer = list(item.key_for(variables))
    else:
        return

    assert item.score(answer, variables, ctx).points == item.points


SMB = next(pb for pb in PLAYBOOK_LIST if pb.id == "account-manager-smb")


@settings(max_examples=examples(200))
@given(st.lists(st.sampled_from(list(SMB.items_by_id["proofread-email"].option_ids())), unique=True))
def test_marking_one_more_real_mistake_never_lowers_an_error_spotting_score(marked: list[str]) -> None:
    item = SMB.items_by_id["proofread-email"]
    ctx = ScoringContext()
    before = item.score(marked, {}, ctx).points
    seeded = [p.id for p in item.document.parts if p.error]

    for hit in set(seeded) - set(marked):
        after = item.score([*marked, hit], {}, ctx).points
        assert after >= before
        if before > 0:  # below the floor at 0, false alarms can absorb a hit
            assert after > before


@settings(max_examples=examples(100))
@given(st.sets(st.sampled_from(["renewal", "billing", "seats", "follow-up"])))
def test_doing_one_more_step_never_lowers_an_instruction_task_score(done: set[str]) -> None:
    item = SMB.items_by_id["crm-entry"]
    fixes = {
        "renewal": ("renewal_date", "2027-07-30"),
        "billing": ("billing_email", "accounts@lumendental.example"),
        "seats": ("seats_from_april", 15),
        "follow-up": ("next_follow_up", "2027-03-17"),
    }
    record = dict(item.start)
    for step in done:
        record[fixes[step][0]] = fixes[step][1]
    ctx = ScoringContext("en-US")
    before = item.score(record, {}, ctx).points

    for step in set(fixes) - done:
        field, value = fixes[step]
        assert item.score({**record, field: value}, {}, ctx).points > before


def _clear_kept_results(playbook: Any) -> None:
    for item in playbook.assessment.items:
        item.results.clear()


@settings(max_examples=examples(150))
@given(st.data(), st.sampled_from(PLAYBOOK_LIST), st.integers(min_value=0, max_value=2**32))
def test_a_report_from_kept_results_equals_one_scored_from_scratch(data: Any, playbook: Any, seed: int) -> None:
    """Choice-type items keep each distinct answer's result; reusing one must change nothing."""
    sheets = [
        {item.id: _answer_for(item, data.draw) for item in playbook.assessment.items if data.draw(st.booleans())}
        for _ in range(3)
    ]
    _clear_kept_results(playbook)
    fresh = []
    for sheet in sheets:
        fresh.append(score(playbook, sheet, seed).to_json())
        _clear_kept_results(playbook)
    for sheet in sheets:  # scored again with every result kept from the sheets before
        score(playbook, sheet, seed)
    assert [score(playbook, sheet, seed).to_json() for sheet in sheets] == fresh


def test_a_choice_answer_seen_before_reuses_its_result_and_open_answers_never_do() -> None:
    playbook = PLAYBOOK_LIST[0]
    choice = next(i for i in playbook.assessment.items if i.type == "single_choice" and not i.parameters)
    written = next(i for i in playbook.assessment.items if i.type == "written_response")
    _clear_kept_results(playbook)
    answers = {choice.id: choice.key, written.id: "Dear Ms Lee, thank you. Kind regards, Sam"}
    first, second = score(playbook, answers, 1), score(playbook, answers, 2)
    one = next(r for r in first.items if r.id == choice.id)
    assert next(r for r in second.items if r.id == choice.id) is one
    assert list(choice.results.values()) == [one]
    assert not written.results
    invalid = score(playbook, {choice.id: "no-such-option"}, 1)
    assert next(r for r in invalid.items if r.id == choice.id).status == "invalid"
    assert len(choice.results) == 1  # an invalid answer is not kept
