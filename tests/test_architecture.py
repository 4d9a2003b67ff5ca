"""The layers of the code point one way (docs/architecture.md): core at the bottom; in web/, the
Django apps (each may use the apps below it), then access, flows, pages, and the API and URL map on
top. No module imports from a layer above its own, and no import hides inside a function in core/
or web/ (where it would only mask a loop)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

# Lower rank: lower layer. A module may import modules of its own rank or below.
RANKS: tuple[tuple[str, int], ...] = (
    ("hireplay.core", 0),
    ("hireplay.shipped", 0),
    ("hireplay.web", 1),  # the package itself (empty)
    ("hireplay.web.settings", 1),
    ("hireplay.web.locale", 1),  # the candidate pages' translations and the script that compiles them
    ("hireplay.web.formats", 1),  # how dates are written in each language (FORMAT_MODULE_PATH)
    ("hireplay.web.orgs", 2),
    ("hireplay.web.audit", 3),
    ("hireplay.web.outbox", 3),  # e-mails stored with their cause and sent after it commits
    ("hireplay.web.hiring", 4),
    ("hireplay.web.interviews", 5),
    ("hireplay.web.compliance", 5),  # self-identification, apart from the hiring record
    ("hireplay.web.decisions", 6),
    ("hireplay.web.clients", 7),
    ("hireplay.web.development", 7),  # people assessed against a target role, their plans
    ("hireplay.web.logs", 1),  # log formatting and masking (gunicorn's logger)
    ("hireplay.web.middleware", 1),
    ("hireplay.web.access", 8),
    ("hireplay.web.throttle", 8),  # limits on guessing; records its blocks in the audit log
    ("hireplay.web.flows", 9),
    ("hireplay.web.pages", 10),
    ("hireplay.web.api", 11),
    ("hireplay.web.urls", 12),
    ("hireplay.web.wsgi", 12),
    ("hireplay.cli", 13),
)
STRICT = ("hireplay.core", "hireplay.web")  # no imports inside functions here


def placed(module: str) -> tuple[str, int] | None:
    """The longest prefix of `RANKS` that a module of ours falls under, with its layer."""
    found = [(prefix, value) for prefix, value in RANKS if module == prefix or module.startswith(prefix + ".")]
    return max(found, key=lambda entry: len(entry[0])) if found else None


def rank(module: str) -> int | None:
    """The layer of a module of ours, None for other packages."""
    if module == "hireplay":
        return 0
    found = placed(module)
    return found[1] if found else None


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(tree: ast.AST, package: str) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every import in a module."""
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, nested) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                found.append((base, child.lineno, nested))
            visit(child, inner)

    visit(tree, False)
    return found


def violations(root: Path) -> list[str]:
    """Every import that points up a layer, and every import inside a function in core/ or web/."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        name = module_name(path, root)
        own = rank(name)
        if own is None:
            continue
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for imported, line, nested in _imports(ast.parse(path.read_text()), package):
            where = f"{path.relative_to(root)}:{line}"
            if nested and name.startswith(STRICT) and ".migrations." not in name:  # Django writes migrations
                problems.append(f"{where}: imports {imported} inside a function")
            target = rank(imported)
            if target is not None and target > own:
                problems.append(f"{where}: {name} (layer {own}) imports {imported} (layer {target}), a layer above")
    return problems


def test_no_module_imports_from_a_layer_above_its_own_or_inside_a_function() -> None:
    assert violations(SRC) == []


def test_the_check_finds_an_arrow_up_and_an_import_inside_a_function(tmp_path: Path) -> None:
    apps = tmp_path / "hireplay" / "web" / "hiring"
    apps.mkdir(parents=True)
    (apps / "services.py").write_text(
        "from hireplay.web.flows.assessment import submit\n\ndef f():\n    import hireplay.web.decisions.models\n"
    )

    found = violations(tmp_path)

    assert found == [
        "hireplay/web/hiring/services.py:1: hireplay.web.hiring.services (layer 4) imports "
        "hireplay.web.flows.assessment (layer 9), a layer above",
        "hireplay/web/hiring/services.py:4: imports hireplay.web.decisions.models inside a function",
        "hireplay/web/hiring/services.py:4: hireplay.web.hiring.services (layer 4) imports "
        "hireplay.web.decisions.models (layer 6), a layer above",
    ]


def test_every_module_of_web_has_a_layer() -> None:
    unplaced = [
        module_name(p, SRC)
        for p in (SRC / "hireplay" / "web").rglob("*.py")
        if module_name(p, SRC) != "hireplay.web" and placed(module_name(p, SRC)) in (None, ("hireplay.web", 1))
    ]

    assert unplaced == []


def test_the_core_tests_run_on_their_own_without_loading_django() -> None:
    probe = "import sys, pytest; code = pytest.main(['tests/core', '--collect-only', '-q']); " \
            "print('django loaded' if 'django' in sys.modules else 'no django', int(code))"  # fmt: skip

    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=SRC.parent, timeout=120)

    assert result.stdout.strip().splitlines()[-1] == "no django 0", result.stdout[-2000:] + result.stderr
