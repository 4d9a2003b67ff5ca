"""Classification results as CSV, safe to open in a spreadsheet.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
spreadsheet programs (OWASP, "CSV injection"); such cells are written with a leading apostrophe,
which the programs show as text. Numbers are written as numbers.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

from hireplay.core.accounts.engine import Classification
from hireplay.core.accounts.policy import Policy

HEADER = ("id", "name", "tier", "status", "score", "known_weight", "owner", "group", "should_own")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value` as a spreadsheet will show it: text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_results(results: Classification, policy: Policy, handle: TextIO) -> int:
    """Write one row per classified account; returns how many."""
    tiers = [t.id for t in policy.tiers]
    writer = csv.writer(handle)
    writer.writerow(HEADER)
    cols = results.cols
    status = results.status_rank.tolist()
    for i, (ident, name) in enumerate(zip(cols.ids, cols.names, strict=True)):
        score = float(results.score[i])
        row = [ident, name, tiers[int(results.rank[i])], "at_risk" if status[i] == len(tiers) else tiers[status[i]],
               "" if score != score else score, float(results.known[i]), cols.owners[i] or "",
               cols.ids[int(results.root[i])], results.should_own[i] if results.conflict_mask[i] else ""]  # fmt: skip
        writer.writerow([safe_cell(v) for v in row])
    return len(cols.ids)
