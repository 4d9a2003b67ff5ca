"""The data hireplay ships: playbooks and examples, in a wheel or beside src/ in a checkout."""

from __future__ import annotations

from pathlib import Path


def data_dir(name: str) -> Path:
    packaged = Path(__file__).resolve().parent / "data" / name
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / name


PLAYBOOKS_DIR = data_dir("playbooks")
EXAMPLES_DIR = data_dir("examples")
POLICIES_DIR = data_dir("policies")
FRAMEWORKS_DIR = data_dir("frameworks")


def shipped_playbooks() -> list[Path]:
    return sorted(PLAYBOOKS_DIR.glob("*.yaml"))
