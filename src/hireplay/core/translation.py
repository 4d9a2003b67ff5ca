"""A playbook's content in another language: the texts the candidate reads, and the words the
written answers are checked with.

A translation replaces texts only; ids, points, keys, formulas, records and checks stay those of
the playbook, so every language is scored by the same rules. A written answer is scored with the
translation's locale (its spelling dictionary and number forms) and its greeting and sign-off
phrases: those a criterion states in the translation, else the language's usual ones.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from hireplay.core.items.base import Id, Text
from hireplay.core.items.written_response import GREETINGS, SIGN_OFFS

Locale = Annotated[str, Field(pattern=r"^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")]


class _Text(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CompetencyText(_Text):
    name: Text
    definition: Text


class TableText(_Text):
    """A section's table in this language: its caption, column labels, and the text cells that
    change (by row number from 1, then column id); numbers and dates stay as they are."""

    caption: Text
    columns: dict[Id, Text] = Field(default_factory=dict)
    cells: dict[int, dict[Id, str]] = Field(default_factory=dict)


class SectionText(_Text):
    title: Text
    description: str = ""
    table: TableText | None = None


class PartText(_Text):
    label: str = ""
    text: str


class KeyPointText(_Text):
    label: Text
    any_of: tuple[Text, ...] = Field(min_length=1)


class CriterionText(_Text):
    """The words of one criterion of a written answer in this language."""

    patterns: tuple[Text, ...] | None = None  # greeting, sign-off
    names: tuple[Text, ...] | None = None  # greeting
    terms: tuple[Text, ...] | None = None  # required terms
    phrases: tuple[Text, ...] | None = None  # forbidden phrases
    description: str | None = None
    points_to_cover: dict[Id, KeyPointText] = Field(default_factory=dict)  # key points, by id


class ItemText(_Text):
    """One item's texts; options, responses and parts by their ids."""

    title: str | None = None
    prompt: Text
    scenario: str | None = None
    unit: str | None = None
    options: dict[Id, Text] = Field(default_factory=dict)
    document_title: str | None = None
    parts: dict[Id, PartText] = Field(default_factory=dict)
    criteria: dict[Id, CriterionText] = Field(default_factory=dict)
    # The labels of a record task's form, by field path (`renewal_date`, `metrics.active_users`).
    labels: dict[str, Text] = Field(default_factory=dict)


class Translation(_Text):
    """The playbook in one more language. Every section and item must be given."""

    locale: Locale
    role_title: Text
    instructions: str = ""
    competencies: dict[Id, CompetencyText] = Field(default_factory=dict)
    sections: dict[Id, SectionText]
    items: dict[Id, ItemText]


def apply(content: dict[str, Any], language: str, translation: Translation) -> dict[str, Any]:
    """The playbook's content (its `model_dump`) with this translation's texts in place. Unknown
    ids are ignored here (the linter names them); what the translation leaves out stays as it was."""
    content["translations"] = {}
    role = content["role"]
    role["title"], role["locale"], role["language"] = translation.role_title, translation.locale, language
    assessment = content["assessment"]
    if translation.instructions:
        assessment["instructions"] = translation.instructions
    for competency in content["competencies"]:
        text = translation.competencies.get(competency["id"])
        if text:
            competency["name"], competency["definition"] = text.name, text.definition
    for section in assessment["sections"]:
        given = translation.sections.get(section["id"])
        if given:
            section["title"], section["description"] = given.title, given.description
            if given.table is not None and section.get("table"):
                _table(section["table"], given.table)
    for item in assessment["items"]:
        item_text = translation.items.get(item["id"])
        if item_text is not None:
            _item(item, item_text, language)
    return content


def _table(table: dict[str, Any], text: TableText) -> None:
    table["caption"] = text.caption
    for column in table["columns"]:
        column["label"] = text.columns.get(column["id"], column["label"])
    for number, cells in text.cells.items():
        if 1 <= number <= len(table["rows"]):
            row = table["rows"][number - 1]
            for key, value in cells.items():
                if key in row:
                    row[key] = value


def _item(item: dict[str, Any], text: ItemText, language: str) -> None:
    item["prompt"] = text.prompt
    for field in ("title", "scenario", "unit"):
        value = getattr(text, field)
        if value is not None and field in item:
            item[field] = value
    for key in ("options", "responses"):
        for option in item.get(key, ()):
            if option["id"] in text.options:
                option["text"] = text.options[option["id"]]
    document = item.get("document")
    if document is not None:
        if text.document_title is not None:
            document["title"] = text.document_title
        for part in document["parts"]:
            part_text = text.parts.get(part["id"])
            if part_text is not None:
                part["label"], part["text"] = part_text.label, part_text.text
    for criterion in item.get("criteria", ()):
        given = text.criteria.get(criterion["id"])
        for field in ("patterns", "names", "terms", "phrases", "description"):
            value = getattr(given, field) if given is not None else None
            if value is not None and field in criterion:
                criterion[field] = value
        for point in criterion.get("points_to_cover", ()):
            point_text = given.points_to_cover.get(point["id"]) if given is not None else None
            if point_text is not None:
                point["label"], point["any_of"] = point_text.label, point_text.any_of
        usual = {"greeting": GREETINGS, "sign_off": SIGN_OFFS}.get(criterion.get("kind", ""))
        if usual is not None and (given is None or given.patterns is None) and language in usual:
            criterion["patterns"] = usual[language]


def missing(playbook: Any, language: str, translation: Translation) -> list[tuple[tuple[str | int, ...], str]]:
    """What a translation leaves untranslated or names wrongly, as (path, message) for the linter."""
    where: tuple[str | int, ...] = ("translations", language)
    found: list[tuple[tuple[str | int, ...], str]] = []
    sections = {s.id for s in playbook.assessment.sections}
    for sid in sections - set(translation.sections):
        found.append(((*where, "sections", sid), f"section {sid} has no {language} title"))
    for sid in set(translation.sections) - sections:
        found.append(((*where, "sections", sid), f"there is no section {sid} in the playbook"))
    for section in playbook.assessment.sections:
        section_text = translation.sections.get(section.id)
        if section_text is None or section.table is None:
            continue
        if section_text.table is None:
            found.append(
                (
                    (*where, "sections", section.id, "table"),
                    f"the table of section {section.id} has no {language} caption",
                )
            )
            continue
        columns = {c.id for c in section.table.columns}
        for cid in [c for c in section_text.table.columns if c not in columns]:
            found.append(((*where, "sections", section.id, "table", "columns", cid), f"the table has no column {cid}"))
        for number in [n for n in section_text.table.cells if not 1 <= n <= len(section.table.rows)]:
            found.append(((*where, "sections", section.id, "table", "cells", number), f"the table has no row {number}"))
    for cid in set(translation.competencies) - {c.id for c in playbook.competencies}:
        found.append(((*where, "competencies", cid), f"there is no competency {cid} in the playbook"))
    for item in playbook.assessment.items:
        text = translation.items.get(item.id)
        if text is None:
            found.append(((*where, "items", item.id), f"item {item.id} has no {language} text"))
            continue
        ids = [o.id for o in getattr(item, "options", ())] + [r.id for r in getattr(item, "responses", ())]
        for oid in [i for i in ids if i not in text.options]:
            found.append(((*where, "items", item.id, "options", oid), f"option {oid} has no {language} text"))
        for oid in [o for o in text.options if o not in ids]:
            found.append(((*where, "items", item.id, "options", oid), f"item {item.id} has no option {oid}"))
        document = getattr(item, "document", None)
        parts = [p.id for p in document.parts] if document is not None else []
        for pid in [p for p in parts if p not in text.parts]:
            found.append(((*where, "items", item.id, "parts", pid), f"part {pid} has no {language} text"))
        criteria = {c.id: c for c in getattr(item, "criteria", ())}
        for cid, given in text.criteria.items():
            if cid not in criteria:
                found.append(((*where, "items", item.id, "criteria", cid), f"item {item.id} has no criterion {cid}"))
                continue
            points = {p.id for p in getattr(criteria[cid], "points_to_cover", ())}
            for pid in [p for p in points if p not in given.points_to_cover]:
                found.append(((*where, "items", item.id, "criteria", cid, "points_to_cover", pid),
                              f"key point {pid} has no {language} words; the answer would be searched for English ones"))  # fmt: skip
            for pid in [p for p in given.points_to_cover if p not in points]:
                found.append(((*where, "items", item.id, "criteria", cid, "points_to_cover", pid),
                              f"criterion {cid} has no key point {pid}"))  # fmt: skip
            kind = getattr(criteria[cid], "kind", "")
            if kind == "forbidden" and given.phrases is None:
                found.append(((*where, "items", item.id, "criteria", cid, "phrases"),
                              f"give the forbidden phrases in {language}; the English ones would not be found"))  # fmt: skip
    for iid in set(translation.items) - set(playbook.items_by_id):
        found.append(((*where, "items", iid), f"there is no item {iid} in the playbook"))
    return found
