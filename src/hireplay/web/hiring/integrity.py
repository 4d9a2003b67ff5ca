"""Integrity signals: facts the candidate's page records about how answers were made, for a person
to read beside the report. They never change a score or a recommendation (docs/candidates.md).

The page sends them in small batches while the attempt is open: pastes into an answer (with the
number of characters), the page left and for how long, and the time from the previous answer (or
from opening the section) to the first answer of each item. They are summed per attempt, kind and
item; for the time to answer, the shortest is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Least

from hireplay.core.playbook import Playbook
from hireplay.web.hiring.models import IntegritySignal

MAX_SIGNALS = 50
MAX_AMOUNT = 24 * 3600 * 1000  # a day in milliseconds; far more characters than an answer may hold
# How soon an item may be answered before the report points it out, by item type (seconds). A
# reading speed of about 250 words a minute and one decision per item; the time counts from the
# previous answer on the page (or from opening the section), so it is a floor, not an estimate.
QUICK_SECONDS: dict[str, int] = {
    "single_choice": 5, "multiple_response": 8, "situational_judgment": 12, "numeric": 8,
    "ranking": 10, "error_spotting": 15,
}  # fmt: skip


class SignalError(ValueError):
    """A batch of signals that cannot be recorded; the message names the place."""


def check(playbook: Playbook, signals: Any) -> list[tuple[str, str, int]]:
    """The batch as (kind, item, amount) triples, or SignalError naming what is wrong."""
    if not isinstance(signals, list) or len(signals) > MAX_SIGNALS:
        raise SignalError(f"signals: send a list of at most {MAX_SIGNALS}")
    found: list[tuple[str, str, int]] = []
    for n, signal in enumerate(signals):
        where = f"signals[{n}]"
        if not isinstance(signal, dict):
            raise SignalError(f"{where}: send an object")
        kind, item, amount = signal.get("kind"), signal.get("item", ""), signal.get("amount")
        if kind not in IntegritySignal.Kind.values:
            raise SignalError(f"{where}.kind: one of {', '.join(IntegritySignal.Kind.values)}")
        if kind == IntegritySignal.Kind.AWAY:
            item = ""
        elif not isinstance(item, str) or item not in playbook.items_by_id:
            raise SignalError(f"{where}.item: not a question of this assessment")
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= MAX_AMOUNT:
            raise SignalError(f"{where}.amount: a whole number from 0 to {MAX_AMOUNT}")
        found.append((kind, item, amount))
    return found


def record(session_id: int, signals: list[tuple[str, str, int]], now: datetime) -> None:
    """Add a checked batch to the attempt's signals."""
    with transaction.atomic():
        for kind, item, amount in signals:
            row, created = IntegritySignal.objects.get_or_create(
                session_id=session_id, kind=kind, item_id=item,
                defaults={"count": 1, "amount": amount, "first_at": now, "last_at": now})  # fmt: skip
            if created:
                continue
            kept = Least(F("amount"), amount) if kind == IntegritySignal.Kind.QUICK else F("amount") + amount
            IntegritySignal.objects.filter(pk=row.pk).update(count=F("count") + 1, amount=kept, last_at=now)


@dataclass(frozen=True)
class Fact:
    """One signal as the report says it."""

    kind: str
    item: str
    sentence: str


def _duration(ms: int) -> str:
    seconds = round(ms / 1000)
    if seconds < 60:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60:02d} s"


def facts(session_id: int, playbook: Playbook) -> list[Fact]:
    """The attempt's signals worth a person's attention, in plain sentences (one query). Times to
    answer are listed only when under the item type's floor."""
    titles = {i.id: i.title or i.id for i in playbook.assessment.items}
    types = {i.id: i.type for i in playbook.assessment.items}
    found: list[Fact] = []
    for row in IntegritySignal.objects.filter(session_id=session_id).order_by("kind", "item_id"):
        title = titles.get(row.item_id, row.item_id)
        if row.kind == IntegritySignal.Kind.PASTE:
            times = "once" if row.count == 1 else f"{row.count} times"
            found.append(
                Fact(row.kind, row.item_id, f"Pasted into “{title}” {times}, {row.amount:,} characters in all.")
            )
        elif row.kind == IntegritySignal.Kind.AWAY:
            times = "once" if row.count == 1 else f"{row.count} times"
            found.append(Fact(row.kind, "", f"Left the assessment page {times}, {_duration(row.amount)} in all."))
        else:
            floor = QUICK_SECONDS.get(types.get(row.item_id, ""))
            if floor is not None and row.amount < floor * 1000:
                found.append(Fact(row.kind, row.item_id, f"Answered “{title}” {_duration(row.amount)} after the "
                                                         f"previous answer (under {floor} s for this kind of question)."))  # fmt: skip
    return found
