"""The linter never raises, whatever the file holds."""

from __future__ import annotations

import random
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from hireplay.core.lint import check_text
from tests.conftest import PLAYBOOKS, examples

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
SMB_TEXT = (PLAYBOOKS / "account-manager-smb.yaml").read_text()
SMB_DATA = yaml.safe_load(SMB_TEXT)

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.dates()
values = st.recursive(
    scalars,
    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8) | st.integers(), c, max_size=4),
    max_leaves=15,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _paths(v, (*prefix, i))
    return found


ALL_PATHS = _paths(SMB_DATA)[1:]


def _replace(data: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: (_replace(v, rest, new) if k == head else v) for k, v in data.items()}
    return [(_replace(v, rest, new) if i == head else v) for i, v in enumerate(data)]


@settings(max_examples=examples(300))
@given(st.text(max_size=300))
def test_the_linter_never_raises_on_arbitrary_text(text: str) -> None:
    playbook, problems = check_text(text, "fuzz.yaml")

    assert playbook is None or problems == []


@settings(max_examples=examples(200))
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), values), min_size=1, max_size=4))
def test_the_linter_never_raises_when_parts_of_a_real_playbook_are_replaced(changes: list[Any]) -> None:
    data = SMB_DATA
    for path, new in changes:
        try:
            data = _replace(data, path, new)
        except (TypeError, IndexError):
            continue
    text = yaml.dump(data, Dumper=DUMPER, sort_keys=False, allow_unicode=True)

    playbook, problems = check_text(text, "fuzz.yaml")

    assert (playbook is None) == bool(problems)
    for problem in problems:
        assert problem.line >= 1
        assert problem.column >= 1
        assert problem.message


@settings(max_examples=examples(200))
@given(
    st.integers(min_value=0, max_value=len(SMB_TEXT) - 1), st.integers(min_value=1, max_value=40), st.text(max_size=10)
)
def test_the_linter_never_raises_on_a_damaged_playbook_file(start: int, length: int, junk: str) -> None:
    text = SMB_TEXT[:start] + junk + SMB_TEXT[start + length :]

    playbook, problems = check_text(text, "fuzz.yaml")

    assert (playbook is None) == bool(problems)


def test_hostile_yaml_is_refused_cleanly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    deep = "[" * 5000 + "]" * 5000
    python_tag = "!!python/object/apply:os.system ['true']\n"
    rng = random.Random(1)
    noise = "".join(chr(rng.randrange(0, 0x2FF)) for _ in range(2000))

    for text in (bomb, deep, python_tag, noise):
        playbook, problems = check_text(text, "hostile.yaml")
        assert playbook is None
        assert problems
