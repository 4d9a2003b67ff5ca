from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from hireplay.core.items import Item, ItemBase
from hireplay.core.items.base import ScoringContext
from hireplay.core.lint import load_playbook
from hireplay.core.playbook import Playbook

ROOT = Path(__file__).resolve().parents[1]
PLAYBOOKS = ROOT / "playbooks"
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


@pytest.fixture(autouse=True)
def _seal_audit_events_in_the_request() -> None:
    """In-process tests seal waiting audit events in the request, not from a background thread
    (the test database belongs to the test's threads). Subprocesses started by tests keep the default."""
    from django.conf import settings

    settings.AUDIT_BACKGROUND_SEAL = False
