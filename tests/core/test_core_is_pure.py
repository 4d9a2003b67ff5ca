"""core/ is pure: it imports nothing from web/, Django, databases or the network."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "src" / "hireplay" / "core"
FORBIDDEN = ("django", "hireplay.web", "hireplay.cli", "psycopg", "sqlite3", "requests", "httpx", "urllib", "socket")


def test_core_modules_import_nothing_from_the_web_layer_or_io_libraries() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN or n.startswith(FORBIDDEN)]

    assert offenders == []


def test_the_check_can_fail(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from django.db import models\n")

    tree = ast.parse(sample.read_text())
    modules = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]

    assert any(m and m.startswith(FORBIDDEN) for m in modules)
