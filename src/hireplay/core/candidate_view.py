"""What a candidate may see of an assessment: prompts with their own numbers, never a key.

Every field is chosen explicitly (no model is dumped whole), so a key, an effectiveness level,
a rationale, a seeded error, a checklist or a formula cannot reach the candidate's browser.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from hireplay.core.items import ItemBase
from hireplay.core.parametric import render
from hireplay.core.playbook import Playbook
from hireplay.core.table import Table

SHUFFLED_TYPES = frozenset({"single_choice", "multiple_response", "situational_judgment", "ranking"})


def item_view(item: ItemBase, seed: int | None, shuffle: bool = False) -> dict[str, Any]:
    """The candidate's view of one item: what every item shows, and what its type adds
    (`ItemBase.candidate_fields`). With `shuffle`, the options of a choice item come in an order of
    the candidate's own, the same at every visit (drawn from their seed and the item's id);
    answers name options by id, so scoring does not change."""
    variables: dict[str, Decimal] = item.variables_for(seed)
    view = {
        "id": item.id,
        "type": item.type,
        "section": item.section,
        "title": item.title,
        "prompt": render(item.prompt, variables),
        "points": item.points,
        **item.candidate_fields(variables),
    }
    if shuffle and seed is not None and item.type in SHUFFLED_TYPES and "options" in view:
        options = list(view["options"])
        random.Random(f"{seed}:{item.id}").shuffle(options)
        view["options"] = options
    return view


def assessment_view(playbook: Playbook, seed: int | None, language: str = "") -> dict[str, Any]:
    """The whole assessment as the candidate sees it, section by section, in `language` when the
    playbook has it (its own texts otherwise)."""
    shown = playbook.in_language(language) if language else playbook
    translation = playbook.translations.get(language) if shown is not playbook else None
    shuffle = playbook.assessment.shuffle_options
    items = [item_view(item, seed, shuffle) for item in shown.assessment.items]
    if translation is not None:
        for view in items:
            labels = translation.items[view["id"]].labels if view["id"] in translation.items else {}
            if labels and "form" in view:
                view["form"] = _relabel(view["form"], labels)
    return {
        "title": shown.role.title,
        "time_limit_minutes": shown.assessment.time_limit_minutes,
        "instructions": shown.assessment.instructions,
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "description": s.description,
                "table": _table(s.table) if s.table else None,
                "items": [i for i in items if i["section"] == s.id],
            }
            for s in shown.assessment.sections
        ],
    }


def _relabel(nodes: list[dict[str, Any]], labels: dict[str, str]) -> list[dict[str, Any]]:
    """A record form with the translated labels of its fields, lists and toggles' options."""
    out = []
    for node in nodes:
        node = {**node, "label": labels.get(node["path"], node["label"])}
        if "children" in node:
            node["children"] = _relabel(node["children"], labels)
        if "buckets" in node:
            node["buckets"] = [{**b, "label": labels.get(b["path"], b["label"])} for b in node["buckets"]]
        if "options" in node:
            node["options"] = [{**o, "label": labels.get(o["id"], o["label"])} for o in node["options"]]
        out.append(node)
    return out


def _table(table: Table) -> dict[str, Any]:
    """A section's table with each row's cells in column order (None where a row has no value)."""
    columns = [c.model_dump(mode="json") for c in table.columns]
    rows = [[row.get(c.id) for c in table.columns] for row in table.rows]
    return {"caption": table.caption, "currency": table.currency, "columns": columns, "rows": rows}
