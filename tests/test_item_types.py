"""Every item type has all its parts: its answer check, its candidate view, its template and its
page script. Adding a type without one of them fails here, naming what is missing."""

from __future__ import annotations

import re
from pathlib import Path

from hireplay.core.items import ITEM_TYPES, ItemBase

WEB = Path(__file__).resolve().parents[1] / "src" / "hireplay" / "web"


def test_every_item_type_has_every_part() -> None:
    missing = []
    for name, cls in ITEM_TYPES.items():
        if not cls.answer_types:
            missing.append(f"{name}: answer_types")
        if cls.shape_problem is ItemBase.shape_problem:
            missing.append(f"{name}: its own shape_problem (options it lacks, picks made twice)")
        if cls.candidate_fields is ItemBase.candidate_fields:
            missing.append(f"{name}: candidate_fields")
        if not (WEB / "templates" / "candidate" / "items" / f"{name}.html").is_file():
            missing.append(f"{name}: templates/candidate/items/{name}.html")
        script = WEB / "static" / "hireplay" / "items" / f"{name}.js"
        if not script.is_file():
            missing.append(f"{name}: static/hireplay/items/{name}.js")
        elif not re.search(rf'HP\.register\("{name}"', script.read_text()):
            missing.append(f"{name}: items/{name}.js does not register the type")
    assert missing == []


def test_no_template_or_script_is_left_without_its_type() -> None:
    templates = {p.stem for p in (WEB / "templates" / "candidate" / "items").glob("*.html")}
    scripts = {p.stem for p in (WEB / "static" / "hireplay" / "items").glob("*.js")}
    assert templates == scripts == set(ITEM_TYPES)
