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
