"""The replay corpus: every recorded answer sheet still gives, byte for byte, the report recorded
for it. A change to scoring (the engine, a dictionary, a parsing library) shows here as a diff to
review; `python -m tests.corpus.corpus record` writes the new reports once the change is meant."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.corpus import corpus

CASES = corpus.cases()


def test_the_corpus_covers_every_shipped_playbook_and_language() -> None:
    seen = {(c["playbook"], c["language"]) for c in (json.loads(p.read_text()) for p in CASES)}

    assert len(CASES) >= 50
    assert {p.name for p in corpus._playbooks()} == {p for p, _ in seen}
    assert {"", "fr", "nl"} <= {language for _, language in seen}


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_each_recorded_case_gives_its_recorded_report_byte_for_byte(case: Path) -> None:
    expected = corpus.expected_path(case)
    assert expected.exists(), f"no recorded report for {case.name}: run python -m tests.corpus.corpus record"

    now = corpus.report_for(case)

    if now != expected.read_text(encoding="utf-8"):
        diff = "\n".join(corpus.differences_for(case))
        pytest.fail(f"{case.name} scores differently from its recorded report:\n{diff}\n"
                    "If the change is meant, run python -m tests.corpus.corpus record and review the diff.")  # fmt: skip
