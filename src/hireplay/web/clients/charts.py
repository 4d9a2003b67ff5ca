"""An account's score and tier over time, as coordinates for a small SVG chart (no script)."""

from __future__ import annotations

from typing import Any

from hireplay.core.accounts.policy import Policy
from hireplay.web.clients.models import Classification

WIDTH, HEIGHT = 560, 180
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 12, 28


def trend_chart(history: list[Classification], policy: Policy) -> dict[str, Any] | None:
    """`history` oldest first. Each classification is a mark at its score (0-100, bottom to top),
    coloured by whether the account was at risk; the line joins the scores. None when there are
    fewer than two classifications to compare."""
    if len(history) < 2:
        return None
    names = {t.id: t.name for t in policy.tiers}
    span = WIDTH - LEFT - RIGHT
    step = span / (len(history) - 1)
    marks = []
    for i, c in enumerate(history):
        score = c.score if c.score is not None else 0.0
        marks.append({
            "x": round(LEFT + i * step, 1), "y": round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - score / 100), 1),
            "on": c.as_of, "score": c.score, "tier": names.get(c.tier, c.tier), "at_risk": c.status == "at_risk",
        })  # fmt: skip
    grid = [{"y": round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - v / 100), 1), "value": v} for v in (0, 25, 50, 75, 100)]
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "bottom": HEIGHT - BOTTOM,
        "marks": marks, "grid": grid, "line": " ".join(f"{m['x']},{m['y']}" for m in marks),
        "first": marks[0], "last": marks[-1],
    }  # fmt: skip
