"""The documentation is complete: every playbook field and every command and option is described."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import typer.main
from pydantic import BaseModel

from hireplay.cli import app
from hireplay.core.items import ITEM_TYPES
from hireplay.core.playbook import Playbook
from hireplay.web.audit.catalogue import ACTIONS

DOCS = Path(__file__).resolve().parents[1] / "docs"
PLAYBOOK_DOC = (DOCS / "playbooks.md").read_text()
CLI_DOC = (DOCS / "cli.md").read_text()
AUDIT_DOC = (DOCS / "audit.md").read_text()


def _models(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[type[BaseModel]]:
    if model in seen:
        return seen
    seen.add(model)
    for field in model.model_fields.values():
        for inner in _models_in(field.annotation):
            _models(inner, seen)
    return seen


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _backticked_words(text: str) -> set[str]:
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return {word for span in re.findall(r"`([^`]+)`", text) for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", span)}


def test_every_field_of_every_playbook_model_is_documented() -> None:
    documented = _backticked_words(PLAYBOOK_DOC)

    missing = sorted(
        f"{model.__name__}.{name}"
        for model in _models(Playbook, set())
        for name in model.model_fields
        if name not in documented
    )

    assert missing == []


def test_every_item_type_has_a_section_listing_its_own_fields() -> None:
    base_fields = {"type", "id", "section", "prompt", "competencies", "points", "title", "explanation"}
    for type_name, model in ITEM_TYPES.items():
        match = re.search(rf"### `{type_name}`\n(.*?)(?=\n### |\n## |\Z)", PLAYBOOK_DOC, re.S)
        assert match, f"no section for {type_name}"
        section = _backticked_words(match.group(1))
        own = set(model.model_fields) - base_fields
        assert own <= section, f"{type_name}: {sorted(own - section)} not described in its section"


def test_every_command_and_option_is_documented() -> None:
    root = typer.main.get_command(app)
    missing = []
    stack: list[tuple[str, typing.Any]] = [("", root)]
    while stack:
        prefix, command = stack.pop()
        if hasattr(command, "commands"):
            stack += [(f"{prefix} {name}".strip(), sub) for name, sub in command.commands.items()]
            continue
        if f"hireplay {prefix}" not in CLI_DOC:
            missing.append(f"command: hireplay {prefix}")
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt not in CLI_DOC:
                    missing.append(f"{prefix} {opt}")

    assert missing == []


def _audit_table() -> dict[str, tuple[str, str, str]]:
    """docs/audit.md's table of actions: action -> (actor, subject kinds, payload fields), as written."""
    rows = re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \| ([^|]+) \| ([^|]+) \| ([^|]+) \|", AUDIT_DOC, re.M)
    return {action: (actor.strip(), subject.strip(), fields.strip()) for action, actor, subject, fields in rows}


def test_the_audit_documentation_lists_exactly_the_events_of_the_catalogue() -> None:
    documented = _audit_table()

    described = {
        a.name: (a.actor, " or ".join(f"`{kind}:…`" for kind in a.subject.split(" or ")),
                 ", ".join(f"`{f}`" for f in a.fields) + (f"; optional: {', '.join(f'`{f}`' for f in a.optional)}"
                                                         if a.optional else ""))
        for a in ACTIONS
    }  # fmt: skip

    assert documented == described


def test_every_action_of_the_catalogue_has_a_sentence_on_the_audit_page() -> None:
    from hireplay.web.audit.sentences import SENTENCES

    assert set(SENTENCES) == {a.name for a in ACTIONS}
