"""Every CSV hireplay writes is safe to open in a spreadsheet: no text cell starts a formula
(OWASP, "CSV injection"): the classification export and the audit log export."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.contrib.auth.models import User
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from hireplay.core.spreadsheet import FORMULA_STARTS, safe_cell
from hireplay.web.audit.log import record
from hireplay.web.hiring.models import Candidate
from tests.conftest import examples
from tests.test_cli import hireplay
from tests.web.test_audit_trail import admin

__all__ = ["admin"]  # the fixture

ATTACKS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
           "\t=1", "\r=1"]  # fmt: skip


@settings(max_examples=examples(200))
@given(st.text(max_size=30) | st.sampled_from(ATTACKS))
def test_no_text_cell_starts_a_formula_and_nothing_else_changes(text: str) -> None:
    cell = safe_cell(text)

    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (text, "'" + text)
    assert (cell == text) == (not text.startswith(FORMULA_STARTS))
    assert safe_cell(-5.5) == -5.5  # a number stays a number


def test_the_classification_export_neutralises_hostile_account_names(tmp_path: Path) -> None:
    companies = tmp_path / "companies.csv"
    rows = "".join(f"{n},\"{name.replace(chr(34), chr(34) * 2)}\",,{owner}\n"
                   for n, (name, owner) in enumerate(zip(ATTACKS[:4], ["=maria", "+tom", "-x", "@y"], strict=True), 1))  # fmt: skip
    companies.write_text("Record ID,Company name,Parent Company,Company owner\n" + rows)
    results = tmp_path / "out.csv"

    run = hireplay("accounts", "classify", "--accounts", str(companies), "--as-of", "2026-11-22",
                   "--output", str(results))  # fmt: skip

    assert run.returncode == 0, run.stderr
    cells = [cell for row in list(csv.reader(io.StringIO(results.read_text())))[1:] for cell in row]
    assert {c for c in cells if c.lstrip("'") in ATTACKS[:4]} == {"'" + a for a in ATTACKS[:4]}
    assert not [c for c in cells if c.startswith(("=", "+", "@")) or (c.startswith("-") and not _number(c))]


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_the_audit_export_has_no_cell_that_starts_a_formula(scored: Candidate, admin: User) -> None:
    """Payloads are JSON objects and actors and subjects carry a prefix, so no cell of the log can
    start a formula; a candidate with a hostile name shows it, and every cell passes `safe_row`
    besides, should a column ever change."""
    Candidate.objects.filter(pk=scored.pk).update(name=ATTACKS[0])
    record("user:ada", "data.exported", scored.ref, {"format": "csv", "filters": {"note": ATTACKS[1]}})
    client = Client()
    client.force_login(admin)

    response = client.get("/audit.csv", {"candidate": scored.pk})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))  # type: ignore[attr-defined]

    assert response.status_code == 200
    assert len(rows) > 5
    assert any(ATTACKS[1].replace('"', '\\"') in row[5] or ATTACKS[1] in row[5] for row in rows[1:])
    assert not [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
