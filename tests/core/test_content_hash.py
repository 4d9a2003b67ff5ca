from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from hireplay.core.lint import check_text
from tests.conftest import PLAYBOOKS, examples

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
SMB_TEXT = (PLAYBOOKS / "account-manager-smb.yaml").read_text()
MINIMAL_TEXT = (Path(__file__).parent / "data" / "minimal.yaml").read_text()


def _hash(text: str) -> str:
    playbook, problems = check_text(text, "p.yaml")
    assert playbook is not None, problems
    return playbook.content_hash


SMB_HASH = _hash(SMB_TEXT)


def _shuffle_keys(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {k: _shuffle_keys(value[k], rng) for k in keys}
    if isinstance(value, list):
        return [_shuffle_keys(v, rng) for v in value]
    return value


@settings(max_examples=examples(25))
@given(
    st.randoms(use_true_random=False), st.sampled_from(["block", "flow", "json"]), st.integers(min_value=2, max_value=6)
)
def test_the_content_hash_ignores_key_order_and_formatting(rng: random.Random, style: str, indent: int) -> None:
    source = yaml.safe_load(SMB_TEXT)
    shuffled = _shuffle_keys(source, rng)
    if style == "json":
        text = json.dumps(shuffled, indent=indent, default=str)
    else:
        text = yaml.dump(
            shuffled, Dumper=DUMPER, sort_keys=False, indent=indent, default_flow_style=style == "flow", width=70
        )

    assert _hash(text) == SMB_HASH


def test_numbers_written_differently_hash_the_same() -> None:
    assert _hash(MINIMAL_TEXT.replace("answer: 675", "answer: 675.00")) == _hash(MINIMAL_TEXT)
    assert _hash(MINIMAL_TEXT.replace("points: 1\n      answer", "points: 1.0\n      answer")) == _hash(MINIMAL_TEXT)


def test_a_change_of_content_changes_the_hash() -> None:
    assert _hash(MINIMAL_TEXT.replace("answer: 675", "answer: 676")) != _hash(MINIMAL_TEXT)
    assert _hash(MINIMAL_TEXT.replace("Which?", "Which one?")) != _hash(MINIMAL_TEXT)


def test_the_hash_is_a_sha256_hex_digest() -> None:
    digest = _hash(MINIMAL_TEXT)

    assert digest.startswith("sha256:")
    assert len(digest) == len("sha256:") + 64
