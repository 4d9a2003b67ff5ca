"""Classification results as CSV, safe to open in a spreadsheet.

Text cells pass through `core.spreadsheet.safe_row`, so none can start a formula in a spreadsheet
program (OWASP, "CSV injection"). Numbers are written as numbers.
"""

from __future__ import annotations

import csv
from typing import TextIO

from hireplay.core.accounts.engine import Classification
from hireplay.core.accounts.policy import Policy
from hireplay.core.spreadsheet import safe_row

HEADER = ("id", "name", "tier", "status", "score", "known_weight", "owner", "group", "should_own")


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
        writer.writerow(safe_row(row))
    return len(cols.ids)
