"""docs/deploy.md lists every environment variable the code reads, and no other."""

from __future__ import annotations

import re

from tests.conftest import ROOT

SOURCE = ROOT / "src" / "hireplay"
READS = re.compile(r"""(?:os\.environ\.get\(|os\.environ\[|_env_path\()\s*["']([A-Z][A-Z0-9_]+)["']""")


def _read_by_the_code() -> set[str]:
    return {name for path in SOURCE.rglob("*.py") for name in READS.findall(path.read_text())}


def _documented() -> set[str]:
    text = (ROOT / "docs" / "deploy.md").read_text()
    table = text.split("## Environment", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for line in table.splitlines():
        if line.startswith("| `"):
            first = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", first))
    return names


def test_every_variable_the_code_reads_is_documented_and_nothing_else() -> None:
    read, documented = _read_by_the_code(), _documented()

    assert len(read) > 20
    assert read - documented == set(), "read by the code, missing from docs/deploy.md"
    assert documented - read == set(), "in docs/deploy.md, read by nothing"


def test_the_documented_proxy_configuration_is_the_tested_file() -> None:
    guide = (ROOT / "docs" / "deploy.md").read_text()
    block = re.search(r"```nginx\n(.*?)```", guide, re.S)

    assert block is not None
    assert block.group(1) == (ROOT / "deploy" / "nginx" / "hireplay.conf").read_text()
