"""`hireplay insights impact` on CSV exports, as an outside auditor runs it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import hireplay


def _csv(tmp_path: Path, text: str) -> str:
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_stages_by_sex_race_and_their_intersection(tmp_path: Path) -> None:
    rows = ["name,Sex,Race,stage"]
    rows += [f"f{i},Female,Hispanic,{'hired' if i < 3 else 'submitted'}" for i in range(10)]
    rows += [f"m{i},Male,White,{'hired' if i < 6 else 'interviewed'}" for i in range(10)]
    rows += ["d1,declined,White,invited", "u1,,Asian,hired"]
    path = _csv(tmp_path, "\n".join(rows) + "\n")

    shown = hireplay("insights", "impact", path, "--group", "sex", "--group", "race", "--stage", "stage")
    data = json.loads(hireplay("insights", "impact", path, "--group", "sex", "--group", "race", "--stage", "stage",
                               "--format", "json").stdout)  # fmt: skip

    assert shown.returncode == 0, shown.stderr
    assert "22 people" in shown.stdout
    assert "the whole process (invited → hired): by sex" in shown.stdout
    assert "not compared" in shown.stdout
    whole = next(s for s in data["sections"] if s["step"].startswith("the whole process"))
    by_sex = {r["category"]: r for r in whole["tables"][0]["rows"]}
    assert (by_sex["Female"]["selected"], by_sex["Male"]["selected"]) == (3, 6)
    assert by_sex["Female"]["impact_ratio"] == 0.5
    assert by_sex["Female"]["below_four_fifths"] is True
    assert by_sex["unknown"]["compared"] is False  # the empty sex
    assert [t["dimension"] for t in whole["tables"]] == ["sex", "race", "sex · race"]


def test_a_bad_cell_is_refused_with_its_line_and_column(tmp_path: Path) -> None:
    path = _csv(tmp_path, "sex,selected\nF,1\nM,maybe\n")

    result = hireplay("insights", "impact", path, "--group", "sex", "--selected", "selected")

    assert result.returncode == 1
    assert "line 3, column 'selected': 'maybe' is neither yes nor no" in result.stderr


def test_a_missing_column_names_the_columns_there_are(tmp_path: Path) -> None:
    path = _csv(tmp_path, "sex,score\nF,3\n")

    result = hireplay("insights", "impact", path, "--group", "gender", "--score", "score")

    assert result.returncode == 1
    assert "line 1, column 'gender': no such column; the file has: sex, score" in result.stderr


def test_exactly_one_outcome_is_asked_for(tmp_path: Path) -> None:
    path = _csv(tmp_path, "sex,score,selected\nF,3,1\n")

    assert hireplay("insights", "impact", path, "--group", "sex").returncode == 2
    assert hireplay("insights", "impact", path, "--group", "sex", "--score", "score", "--selected",
                    "selected").returncode == 2  # fmt: skip


def test_agreement_of_a_calibration_exercise_reproduces_shrout_and_fleiss(tmp_path: Path) -> None:
    # Shrout and Fleiss (1979), Table 2: six targets, four judges; Table 4: ICC(2,1) .29, ICC(2,4) .62.
    table = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    rows = ["target,judge,score"] + [f"t{t},{'ABCD'[j]},{v}" for t, row in enumerate(table) for j, v in enumerate(row)]
    path = _csv(tmp_path, "\n".join(rows) + "\n")

    shown = hireplay("insights", "agreement", path, "--unit", "target", "--rater", "judge", "--rating", "score",
                     "--resamples", "100")  # fmt: skip
    data = json.loads(hireplay("insights", "agreement", path, "--unit", "target", "--rater", "judge", "--rating",
                               "score", "--resamples", "100", "--format", "json").stdout)  # fmt: skip

    assert shown.returncode == 0, shown.stderr
    assert "ICC(2,1) 0.290" in shown.stdout
    assert "ICC(2,4) 0.620" in shown.stdout
    assert round(data["icc"]["icc3"], 2) == 0.71
    assert {x["rater"] for x in data["leniency"]} == set("ABCD")


def test_agreement_refuses_a_rating_given_twice_and_skips_the_icc_of_an_incomplete_table(tmp_path: Path) -> None:
    twice = _csv(tmp_path, "unit,rater,rating\nc1,ann,3\nc1,ann,4\n")
    refused = hireplay("insights", "agreement", twice)
    incomplete = tmp_path / "incomplete.csv"
    incomplete.write_text("unit,rater,rating\nc1,ann,3\nc1,bob,4\nc2,ann,2\nc2,cy,2\nc3,bob,5\nc3,cy,4\n")
    shown = hireplay("insights", "agreement", str(incomplete), "--resamples", "50")

    assert refused.returncode == 1
    assert "line 3, column 'rater': ann rated c1 twice" in refused.stderr
    assert shown.returncode == 0, shown.stderr
    assert "Intraclass correlations: not shown: not every rater rated every unit" in shown.stdout
