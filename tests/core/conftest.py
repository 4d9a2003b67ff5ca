"""Fixtures of the core tests: the shipped playbooks and small items. Nothing here loads Django
(tests/core/pytest.ini turns its plugin off when the core tests run on their own)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

from hireplay.core.items import Item, ItemBase
from hireplay.core.items.base import ScoringContext
from hireplay.core.lint import load_playbook
from hireplay.core.playbook import Playbook
from tests.conftest import PLAYBOOKS

_ADAPTER: TypeAdapter[Any] = TypeAdapter(Item)


def make_item(type: str, **fields: Any) -> ItemBase:
    """An item of `type` with harmless defaults for the fields every item has."""
    data = {"type": type, "id": "q1", "section": "s", "prompt": "Answer this.", "competencies": ["c"], "points": 2}
    data.update(fields)
    item: ItemBase = _ADAPTER.validate_python(data)
    return item


def grade(item: ItemBase, answer: Any, seed: int | None = None, locale: str = "en-US") -> tuple[float, str]:
    outcome = item.score(answer, item.variables_for(seed), ScoringContext(locale, "en"))
    return outcome.points, outcome.evidence


@pytest.fixture(scope="session")
def smb() -> Playbook:
    return load_playbook(PLAYBOOKS / "account-manager-smb.yaml")


@pytest.fixture(scope="session")
def sme() -> Playbook:
    return load_playbook(PLAYBOOKS / "account-manager-sme-portfolio.yaml")


@pytest.fixture(scope="session")
def sam() -> Playbook:
    return load_playbook(PLAYBOOKS / "strategic-account-manager.yaml")


@pytest.fixture(scope="session")
def shipped() -> list[Playbook]:
    return [load_playbook(p) for p in sorted(PLAYBOOKS.glob("*.yaml"))]
