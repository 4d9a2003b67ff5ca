"""A candidate's stage in the process, changed in one place so that every change is in the log.

`move` sets the stage and records `candidate.stage_changed` with where the candidate came from, in
the same transaction; `hireplay audit verify --state` then proves each candidate's stage from the
log (the last change's `to`, or "added" when there was none).
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction

from hireplay.web.audit.log import record
from hireplay.web.hiring.models import Candidate

INITIAL = Candidate.Stage.ADDED.value


def move(candidate_id: int, to: str, by: str, only_from: Collection[str] = ()) -> bool:
    """Put the candidate at stage `to` (when they are at one of `only_from`, if given) and log the
    change; False when nothing changed."""
    with transaction.atomic():
        now = Candidate.objects.select_for_update().filter(pk=candidate_id).values_list("stage", flat=True).first()
        if now is None or now == to or (only_from and now not in only_from):
            return False
        Candidate.objects.filter(pk=candidate_id).update(stage=to)
        record(by, "candidate.stage_changed", f"candidate:{candidate_id}", {"from": now, "to": to})
    return True
