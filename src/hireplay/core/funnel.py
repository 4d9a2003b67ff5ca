"""The hiring funnel (docs/recruiting.md): how many candidates reached each stage, the conversion
from one stage to the next, the median time spent in each stage, where candidates left, and new
candidates per week. Computed from each candidate's stage history (the audit log's stage changes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

# The way through, in order; a candidate who reached a stage passed every one before it.
FLOW = ("added", "invited", "in_progress", "submitted", "scored", "interview", "hired")
LABELS = {"added": "Added", "invited": "Invited", "in_progress": "In progress", "submitted": "Submitted",
          "scored": "Scored", "interview": "Interview", "hired": "Hired", "decided": "Decided",
          "on_hold": "On hold", "rejected": "Rejected", "withdrawn": "Withdrawn"}  # fmt: skip
LEFT = ("rejected", "withdrawn")


@dataclass(frozen=True)
class History:
    """One candidate: when they were added, their stage changes in order (time, to), and their stage now."""

    added: datetime
    changes: Sequence[tuple[datetime, str]]
    now: str
    source: str = ""  # where the candidate came from (the team, a file, the API, the public page)


@dataclass(frozen=True)
class Step:
    stage: str
    label: str
    reached: int
    conversion: float | None  # share of those who reached this stage who reached the next
    median_days: float | None  # median time in the stage, over those who moved on from it
    moved_on: int  # how many that median is over
    waiting: int  # candidates in this stage now
    left_here: int  # rejected or withdrawn from this stage


@dataclass(frozen=True)
class Funnel:
    candidates: int
    steps: tuple[Step, ...]
    left: dict[str, int]  # rejected / withdrawn, in all
    weeks: tuple[tuple[str, int], ...]  # (ISO week, candidates added)


def _week(when: datetime) -> str:
    year, week, _ = when.isocalendar()
    return f"{year}-W{week:02d}"


def funnel(histories: Sequence[History], weeks: int = 12, today: datetime | None = None) -> Funnel:
    order = {stage: n for n, stage in enumerate(FLOW)}
    reached = dict.fromkeys(FLOW, 0)
    durations: dict[str, list[float]] = {s: [] for s in FLOW}
    waiting = dict.fromkeys(FLOW, 0)
    left_from = dict.fromkeys(FLOW, 0)
    left = dict.fromkeys(LEFT, 0)
    added_per_week: dict[str, int] = {}
    for h in histories:
        added_per_week[_week(h.added)] = added_per_week.get(_week(h.added), 0) + 1
        path = [(h.added, "added"), *sorted(h.changes, key=lambda c: c[0])]
        furthest = 0
        for (start, stage), (end, following) in zip(path, [*path[1:], (None, None)], strict=True):
            if stage in order:
                furthest = max(furthest, order[stage])
                if end is not None:
                    durations[stage].append((end - start).total_seconds() / 86400)
            if following in LEFT and stage in order:
                left_from[stage] += 1
        if h.now in order:
            furthest = max(furthest, order[h.now])
            waiting[h.now] += 1
        if h.now in LEFT:
            left[h.now] += 1
        for stage in FLOW[: furthest + 1]:
            reached[stage] += 1
    steps = []
    for n, stage in enumerate(FLOW):
        onward = reached[FLOW[n + 1]] if n + 1 < len(FLOW) else None
        steps.append(Step(stage, LABELS[stage], reached[stage],
                          None if onward is None or not reached[stage] else onward / reached[stage],
                          median(durations[stage]) if durations[stage] else None, len(durations[stage]),
                          waiting[stage], left_from[stage]))  # fmt: skip
    last = today or max((h.added for h in histories), default=datetime(2000, 1, 3))
    recent = [_week(last - timedelta(weeks=k)) for k in range(weeks - 1, -1, -1)]
    return Funnel(len(histories), tuple(steps), left, tuple((w, added_per_week.get(w, 0)) for w in recent))


@dataclass(frozen=True)
class SourceRow:
    """How far the candidates of one source got: how many reached each stage of FLOW."""

    source: str
    candidates: int
    reached: tuple[int, ...]  # in FLOW's order

    @property
    def hired_share(self) -> float | None:
        return self.reached[-1] / self.candidates if self.candidates else None


def furthest(h: History) -> int:
    """How far along FLOW the candidate got (the index of the furthest stage they reached)."""
    order = _ORDER
    reached = order["added"]
    for _, stage in h.changes:
        reached = max(reached, order.get(stage, 0))
    return max(reached, order.get(h.now, 0))


_ORDER = {stage: n for n, stage in enumerate(FLOW)}


def by_source(histories: Sequence[History]) -> tuple[SourceRow, ...]:
    """How far each source's candidates got, side by side (sources in order of size, then name):
    one pass over the histories."""
    counts: dict[str, list[int]] = {}
    for h in histories:
        row = counts.setdefault(h.source, [0] * (len(FLOW) + 1))
        row[0] += 1
        for n in range(furthest(h) + 1):
            row[n + 1] += 1
    rows = [SourceRow(source, row[0], tuple(row[1:])) for source, row in counts.items()]
    return tuple(sorted(rows, key=lambda r: (-r.candidates, r.source)))
