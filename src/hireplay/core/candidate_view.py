"""What a candidate may see of an assessment: prompts with their own numbers, never a key.

Every field is chosen explicitly (no model is dumped whole), so a key, an effectiveness level,
a rationale, a seeded error, a checklist or a formula cannot reach the candidate's browser.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hireplay.core.items import ItemBase
from hireplay.core.parametric import render
from hireplay.core.playbook import Playbook


def item_view(item: ItemBase, seed: int | None) -> dict[str, Any]:
    """The candidate's view of one item: what every item shows, and what its type adds
    (`ItemBase.candidate_fields`)."""
    variables: dict[str, Decimal] = item.variables_for(seed)
    return {
        "id": item.id,
        "type": item.type,
        "section": item.section,
        "title": item.title,
        "prompt": render(item.prompt, variables),
        "points": item.points,
        **item.candidate_fields(variables),
    }


def assessment_view(playbook: Playbook, seed: int | None) -> dict[str, Any]:
    """The whole assessment as the candidate sees it, section by section."""
    items = [item_view(item, seed) for item in playbook.assessment.items]
    return {
        "title": playbook.role.title,
        "time_limit_minutes": playbook.assessment.time_limit_minutes,
        "instructions": playbook.assessment.instructions,
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "description": s.description,
                "items": [i for i in items if i["section"] == s.id],
            }
            for s in playbook.assessment.sections
        ],
    }
