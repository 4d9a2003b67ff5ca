from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hireplay.core import ENGINE_VERSION
from hireplay.core.scoring import Responses, ScoreReport, rater_tasks, score
from tests.conftest import ROOT

SAMPLE = ROOT / "examples" / "account-manager-smb.answers.json"


def _sample() -> Responses:
    return Responses.model_validate(json.loads(Path(SAMPLE).read_text()))


def test_the_same_answers_give_byte_identical_json(smb: Any) -> None:
    first = score(smb, _sample(), 7).to_json()
    second = score(smb, Responses.model_validate(json.loads(SAMPLE.read_text())), 7).to_json()

    assert first == second


def test_the_report_is_stamped_with_the_playbook_hash_and_engine_version(smb: Any) -> None:
    report = score(smb, _sample()).to_dict()

    assert report["playbook"]["content_hash"] == smb.content_hash
    assert report["engine_version"] == ENGINE_VERSION


def test_every_item_has_points_a_maximum_and_a_sentence_of_evidence(smb: Any) -> None:
    report = score(smb, _sample())

    assert [i.id for i in report.items] == [i.id for i in smb.assessment.items]
    for item in report.items:
        assert 0 <= item.points <= item.max_points
        assert item.evidence.endswith(".")


def test_missing_answers_score_zero_and_are_listed(smb: Any) -> None:
    report = score(smb, {"upsell-target": "a"})

    assert report.points == 2
    assert set(report.missing) == {i.id for i in smb.assessment.items} - {"upsell-target"}


def test_answers_to_unknown_items_are_reported_not_raised(smb: Any) -> None:
    report = score(smb, {"upsell-target": "a", "no-such-item": "b"})

    assert [(e.item, "not an item" in e.message) for e in report.errors] == [("no-such-item", True)]
    assert report.points == 2


def test_human_criteria_stay_pending_until_rated(smb: Any) -> None:
    answers = _sample().answers
    unrated = score(smb, Responses(answers=answers))
    rated = score(
        smb,
        Responses(
            answers=answers, ratings={"client-email": {"tone": 2.5, "clarity": 1}, "explain-plainly": {"clarity": 1}}
        ),
    )

    assert {(p.item, p.criterion) for p in unrated.pending} == {
        ("client-email", "tone"),
        ("client-email", "clarity"),
        ("explain-plainly", "clarity"),
    }
    assert not unrated.complete
    assert rated.complete
    assert rated.points == unrated.points + 4.5


def test_a_rating_out_of_range_is_an_error_and_stays_pending(smb: Any) -> None:
    report = score(smb, Responses(answers=_sample().answers, ratings={"client-email": {"tone": 9}}))

    assert any("between 0 and 2.5" in e.message for e in report.errors)
    assert ("client-email", "tone") in {(p.item, p.criterion) for p in report.pending}


def test_competency_scores_are_the_share_of_points_on_the_items_that_measure_them(smb: Any) -> None:
    report = score(smb, {"upsell-target": "a", "addon-annual-cost": "6000"})

    commercial = next(c for c in report.competencies if c.id == "commercial")
    measuring = [i for i in smb.assessment.items if "commercial" in i.competencies]
    assert commercial.max_points == sum(i.points for i in measuring)
    assert commercial.score == round(100 * 4 / commercial.max_points, 4)


def test_sections_and_total_add_up(smb: Any) -> None:
    report = score(smb, _sample())

    assert round(sum(s.points for s in report.sections), 4) == report.points
    assert sum(s.max_points for s in report.sections) == report.max_points == smb.total_points()


def test_a_wrongly_shaped_answer_is_marked_invalid_not_raised(smb: Any) -> None:
    report = score(smb, {"monday-priorities": {"first": "z"}, "client-email": 12, "crm-entry": "done"})

    statuses = {i.id: i.status for i in report.items}
    assert statuses["monday-priorities"] == statuses["client-email"] == statuses["crm-entry"] == "invalid"


def test_parametric_items_record_the_numbers_the_candidate_saw(smb: Any) -> None:
    report = score(smb, {}, 11)

    quote = next(i for i in report.items if i.id == "quote-total")
    assert set(quote.variables) == {"licences", "extra", "price", "discount"}


def test_ratings_for_an_unanswered_item_are_reported(smb: Any) -> None:
    report = score(smb, Responses(answers={}, ratings={"client-email": {"tone": 2}}))

    assert [e.item for e in report.errors] == ["client-email"]
    assert report.points == 0


@pytest.mark.parametrize("seed", [None, 7, 2**40])
def test_a_stored_report_reads_back_as_the_same_report(smb: Any, seed: int | None) -> None:
    report = score(smb, Responses(answers=_sample().answers, ratings={"client-email": {"tone": 2}}), seed)

    stored = json.loads(report.to_json())

    assert ScoreReport.from_dict(stored) == report


def test_an_erased_candidates_report_reads_back_with_its_figures_and_no_items(smb: Any) -> None:
    full = score(smb, _sample().answers).to_dict()
    erased = {k: full[k] for k in ("engine_version", "playbook", "total", "competencies", "sections")}

    report = ScoreReport.from_dict({**erased, "items": [], "erased": True})

    assert (report.percent, report.items) == (full["total"]["percent"], ())
    assert [c.score for c in report.competencies] == [c["score"] for c in full["competencies"]]


def test_the_rater_is_shown_only_answered_items_with_criteria_for_a_person(smb: Any) -> None:
    answers = {"client-email": "Dear Ms Marchetti, thank you. Kind regards, Jordan", "upsell-target": "a"}

    tasks = rater_tasks(smb, answers, None)

    assert [(t.item.id, t.answer, [c.id for c in t.criteria]) for t in tasks] == [
        ("client-email", answers["client-email"], [c.id for c in smb.items_by_id["client-email"].rater_criteria()])
    ]
    assert rater_tasks(smb, {"upsell-target": "a"}, None) == []


def test_each_item_type_names_the_answer_shape_it_takes(smb: Any, sme: Any) -> None:
    items = smb.items_by_id
    numeric, choice, record = items["quote-total"], items["upsell-target"], items["crm-entry"]
    sjt, ranking = items["sjt-upset-client"], sme.items_by_id["revenue-at-risk"]

    assert (numeric.shape_problem("675"), numeric.shape_problem(675.5), choice.shape_problem("a")) == (None, None, None)
    assert choice.shape_problem(["a"]) == "this question takes one option id"
    assert choice.shape_problem("z") == "'z' is not one of the options of this question"
    assert numeric.shape_problem(True) == "this question takes a number (or the figure as text)"
    assert numeric.shape_problem(1e300) == "the number is out of range"
    assert record.shape_problem("{}") == "this question takes the edited record (an object)"
    assert (
        record.shape_problem({"seats": 12, "owner": "x"})
        == "the record has no field owner; keep the fields of the record"
    )
    assert sjt.shape_problem({"most": "a", "least": "a"}) == (
        "the same response cannot be both the most and the least effective"
    )
    assert sjt.shape_problem({"most": "a", "worst": "b"}) == "only 'most' and 'least' can be picked, not 'worst'"
    assert sjt.shape_problem({"most": "a"}) is None
    assert ranking.shape_problem(["p", "l", "p"]) == "the option 'p' is picked twice; each may be picked once"
    assert ranking.shape_problem(["p", "x"]) == "'x' is not one of the options of this question"
    assert ranking.shape_problem(["p", "l", "d", "v"]) is None


def test_a_record_task_is_edited_through_a_form_made_from_its_starting_record(smb: Any, sme: Any) -> None:
    def kinds(nodes: list[dict[str, Any]]) -> dict[str, str]:
        found: dict[str, str] = {}
        for node in nodes:
            found[node["path"]] = node.get("input", node["kind"])
            found.update(kinds(node.get("children", [])))
        return found

    crm = kinds(smb.items_by_id["crm-entry"].form)
    plan = kinds(smb.items_by_id["account-plan-update"].form)
    segments = sme.items_by_id["segment-portfolio"].form

    assert crm == {"account": "text", "renewal_date": "date", "billing_email": "email", "seats": "number",
                   "seats_from_april": "number", "next_follow_up": "date"}  # fmt: skip
    assert (plan["stakeholders"], plan["highlighted"], plan["metrics.adoption_rate.value"]) == (
        "reorder", "toggles", "number")  # fmt: skip
    toggles = next(n for n in smb.items_by_id["account-plan-update"].form if n["kind"] == "toggles")
    assert [o["id"] for o in toggles["options"]] == ["active_users", "adoption_rate", "weekly_reports"]
    assert [n["kind"] for n in segments] == ["buckets"]
    assert [b["path"] for b in segments[0]["buckets"]] == [
        "at_risk",
        "develop",
        "routine",
        "unsorted",
    ]  # by name: the same on every database
    assert sorted(segments[0]["entries"]) == sorted(sme.items_by_id["segment-portfolio"].start["unsorted"])


BRITISH_NOTE = (
    "Dear Ms Dahl,\n\nThank you for sharing Halvorsen's energy target. We would prioritise one plant for a "
    "pilot, analyse the results together with your team and organise a workshop in the centre of the "
    "programme, so that the behaviour of each line favours the 20% goal. Over three years the roll-out could "
    "reach all plants.\n\nKind regards,\nSam Okafor"
)


def test_a_british_note_loses_no_spelling_points_in_the_british_playbook(sam: Any) -> None:
    item = next(i for i in sam.assessment.items if i.type == "written_response")

    report = score(sam, {item.id: BRITISH_NOTE}, None)
    criteria = next(i for i in report.items if i.id == item.id).details["criteria"]

    assert criteria["spelling"]["note"] == "no spelling mistakes"
    assert criteria["names"]["points"] == criteria["names"]["max_points"]  # "Halvorsen's" is Halvorsen


def test_the_report_records_the_dictionary_that_counted_spelling(sam: Any, smb: Any, sme: Any) -> None:
    british, american = score(sam, {}, None).to_dict(), score(smb, {}, None).to_dict()
    french = score(sme, Responses(answers={}, language="fr"), None).to_dict()

    assert british["dictionary"]["locale"] == "en-GB"
    assert american["dictionary"]["locale"] == "en-US"
    assert french["dictionary"]["locale"] == "fr"
    assert any(s.startswith("SCOWL") for s in british["dictionary"]["sources"])
    assert len({british["dictionary"]["sha256"], american["dictionary"]["sha256"], french["dictionary"]["sha256"]}) == 3
    assert ScoreReport.from_dict(british).to_dict() == british
