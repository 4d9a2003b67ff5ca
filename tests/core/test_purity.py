"""core/ is pure: it imports nothing from web/, Django, databases or the network."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "src" / "hireplay" / "core"
FORBIDDEN = ("django", "hireplay.web", "hireplay.cli", "psycopg", "sqlite3", "requests", "httpx", "urllib", "socket")


def forbidden_imports(root: Path) -> list[str]:
    """`file: module` for every import below `root` of a module core must not use."""
    offenders = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN or n.startswith(FORBIDDEN)]
    return offenders


def test_core_modules_import_nothing_from_the_web_layer_or_io_libraries() -> None:
    assert forbidden_imports(CORE) == []


def test_the_check_finds_a_forbidden_import_wherever_it_stands(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("import json\n\ndef f():\n    from django.db import models\n")
    (tmp_path / "worse.py").write_text("import hireplay.web.hiring.models\n")

    assert forbidden_imports(tmp_path) == ["bad.py: django.db", "worse.py: hireplay.web.hiring.models"]
