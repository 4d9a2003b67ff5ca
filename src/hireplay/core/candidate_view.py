"""What a candidate may see of an assessment: prompts with their own numbers, never a key.

Every field is chosen explicitly (no model is dumped whole), so a key, an effectiveness level,
a rationale, a seeded error, a checklist or a formula cannot reach the candidate's browser.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hireplay.core.items import ItemBase
from hireplay.core.items.error_spotting import ErrorSpotting
from hireplay.core.items.instruction_task import InstructionTask
from hireplay.core.items.multiple_response import MultipleResponse
from hireplay.core.items.numeric import Numeric
from hireplay.core.items.ranking import Ranking
from hireplay.core.items.single_choice import SingleChoice
from hireplay.core.items.situational_judgment import SituationalJudgment
from hireplay.core.items.written_response import WrittenResponse
from hireplay.core.parametric import render
from hireplay.core.playbook import Playbook


def item_view(item: ItemBase, seed: int | None) -> dict[str, Any]:
    """The candidate's view of one item."""
    variables: dict[str, Decimal] = item.variables_for(seed)
    view: dict[str, Any] = {
        "id": item.id,
        "type": item.type,
        "section": item.section,
        "title": item.title,
        "prompt": render(item.prompt, variables),
        "points": item.points,
    }
    if isinstance(item, (SingleChoice, MultipleResponse, Ranking)):
        view["options"] = [{"id": o.id, "text": render(o.text, variables)} for o in item.options]
    if isinstance(item, SituationalJudgment):
        view["scenario"] = item.scenario
        view["options"] = [{"id": r.id, "text": r.text} for r in item.responses]
    if isinstance(item, Numeric):
        view["unit"] = item.unit
    if isinstance(item, ErrorSpotting):
        view["document"] = {
            "kind": item.document.kind,
            "title": item.document.title,
            "parts": [{"id": p.id, "label": p.label, "text": p.text} for p in item.document.parts],
        }
    if isinstance(item, InstructionTask):
        view["start"] = item.start
    if isinstance(item, WrittenResponse):
        view["min_words"] = item.min_words
        view["max_words"] = item.max_words
    return view


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
