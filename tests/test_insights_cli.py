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


def test_item_analysis_and_the_2pl_from_a_csv_export(tmp_path: Path) -> None:
    import numpy as np

    rng = np.random.default_rng(3)
    theta = rng.normal(size=400)
    a, d = rng.uniform(0.8, 2.0, 6), rng.uniform(-1, 1, 6)
    right = (rng.random((400, 6)) < 1 / (1 + np.exp(-(np.outer(theta, a) + d)))).astype(int)
    right[:, 5] = 1 - right[:, 5]  # a reversed key
    lines = ["id,q1,q2,q3,q4,q5,q6"] + [f"c{n}," + ",".join(map(str, row)) for n, row in enumerate(right)]
    data = tmp_path / "items.csv"
    data.write_text("\n".join(lines) + "\n")

    text = hireplay("insights", "items", str(data), "--skip", "id")
    as_json = hireplay("insights", "items", str(data), "--skip", "id", "--format", "json")

    assert text.returncode == 0, text.stderr
    assert "400 rows, 6 items; Cronbach's alpha" in text.stdout
    assert "q6: difficulty" in text.stdout
    assert "separates candidates the wrong way" in text.stdout.split("q6:")[1].splitlines()[0]
    found = json.loads(as_json.stdout)
    assert len(found["irt"]["items"]) == 6
    assert found["irt"]["items"][5]["slope"] < 0  # the reversed item's slope is negative

    bad = tmp_path / "bad.csv"
    bad.write_text("id,q1,q2\nc1,1,0\nc2,1,x\n")
    refused = hireplay("insights", "items", str(bad), "--skip", "id")
    assert refused.returncode == 1
    assert "line 3, column 'q2': 'x' is not a number" in refused.stderr
    wrong_max = hireplay("insights", "items", str(data), "--skip", "id", "--max", "q9=2")
    assert wrong_max.returncode == 2
    assert "no item column 'q9'" in wrong_max.stderr


def test_predictive_validity_from_a_csv_export(tmp_path: Path) -> None:
    import numpy as np

    rng = np.random.default_rng(5)
    assessment, interview = rng.normal(60, 12, 600), rng.normal(60, 12, 600)
    hired = assessment > np.quantile(assessment, 0.8)
    performance = 0.08 * assessment + 0.02 * interview + rng.normal(0, 0.6, 600)
    lines = ["assessment,interview,performance"] + [
        f"{a:.1f},{i:.1f}," + (f"{p:.2f}" if h else "")
        for a, i, p, h in zip(assessment, interview, performance, hired, strict=True)
    ]
    data = tmp_path / "validity.csv"
    data.write_text("\n".join(lines) + "\n")

    result = hireplay("insights", "validity", str(data), "--outcome", "performance", "--resamples", "200",
                      "--format", "json")  # fmt: skip

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["hires"] == 120
    first = found["correlations"][0]
    assert first["spread_ratio"] < 1
    assert first["corrected"] > first["r"] > 0
    text = hireplay("insights", "validity", str(data), "--outcome", "performance", "--resamples", "100")
    assert "600 candidates, 120 with an outcome" in text.stdout
    assert "corrected for range restriction" in text.stdout
