from __future__ import annotations

from typing import Any

import pytest

from hireplay.core.items.base import ScoringContext
from tests.core.conftest import grade, make_item

DOCUMENT = {
    "kind": "fields",
    "parts": [
        {"id": "client", "label": "Client", "text": "Verdent Foods", "error": {"description": "Misspelt name"}},
        {"id": "licences", "label": "Licences", "text": "20"},
        {"id": "unit", "label": "Unit price", "text": "$50"},
        {"id": "total", "label": "Total", "text": "$1,100", "error": {"description": "20 x $50 is $1,000"}},
    ],
}


@pytest.mark.parametrize(
    ("marked", "points", "hits", "misses", "false_alarms"),
    [
        (["client", "total"], 4.0, ["client", "total"], [], []),
        (["client"], 2.0, ["client"], ["total"], []),
        (["client", "total", "unit"], 3.0, ["client", "total"], [], ["unit"]),
        (["unit", "licences"], 0.0, [], ["client", "total"], ["unit", "licences"]),
        ([], 0.0, [], ["client", "total"], []),
    ],
)
def test_error_spotting_reports_hits_misses_and_false_alarms(
    marked: list[str], points: float, hits: list[str], misses: list[str], false_alarms: list[str]
) -> None:
    item = make_item("error_spotting", document=DOCUMENT, points=4)

    outcome = item.score(marked, {}, ScoringContext())

    assert outcome.points == points
    assert outcome.details == {"hits": hits, "misses": misses, "false_alarms": false_alarms}


@pytest.mark.parametrize("answer", [["nope"], "client", 5])
def test_error_spotting_refuses_marks_that_are_not_parts(answer: Any) -> None:
    item = make_item("error_spotting", document=DOCUMENT)

    assert grade(item, answer)[0] == 0
