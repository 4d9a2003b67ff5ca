from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from hireplay.core.canonical import canonical_json, sha256_hex
from hireplay.core.lint import check_text
from hireplay.core.playbook import Playbook, Role
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


class _GrownRole(Role):
    pronunciation_hint: str = ""  # a field a later version of the format might add, with a default


class _GrownPlaybook(Playbook):
    role: _GrownRole
    review_every_months: int = 12


def _legacy(playbook: Playbook) -> tuple[dict[str, Any], str]:
    """What hireplay stored before the canonical form (every field written out, as JSON) and the
    hash it stored with it (over the model's whole dump)."""
    content = json.loads(json.dumps(playbook.model_dump(mode="json")))
    return content, "sha256:" + sha256_hex(canonical_json(playbook.model_dump(mode="python")))


@pytest.mark.parametrize("path", [*sorted(PLAYBOOKS.glob("*.yaml")), Path(__file__).parent / "data" / "minimal.yaml"],
                         ids=lambda p: p.stem)  # fmt: skip
def test_a_field_added_with_a_default_changes_no_hash(path: Path) -> None:
    data = yaml.safe_load(path.read_text())
    playbook = Playbook.model_validate(data)
    stored = json.loads(json.dumps(playbook.canonical_content()))  # as the database keeps it
    legacy, legacy_hash = _legacy(playbook)

    assert _GrownPlaybook.model_validate(data).content_hash == playbook.content_hash
    assert _GrownPlaybook.model_validate(stored).content_hash == playbook.content_hash
    assert Playbook.model_validate(stored).content_hash == playbook.content_hash
    # A playbook stored before the canonical form keeps the hash it was stored with, grown model or not.
    assert Playbook.model_validate(legacy).content_hash == legacy_hash
    assert _GrownPlaybook.model_validate(legacy).content_hash == legacy_hash


def test_the_canonical_content_is_what_was_written() -> None:
    written = yaml.safe_load(MINIMAL_TEXT)
    playbook = Playbook.model_validate(written)

    assert _shape_of(playbook.canonical_content()) == _shape_of(json.loads(json.dumps(written)))


def _shape_of(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _shape_of(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape_of(v) for v in value]
    return None


def test_a_field_written_out_at_its_default_is_part_of_what_was_written() -> None:
    with_default = MINIMAL_TEXT.replace("assessment:\n", "assessment:\n  shuffle_options: false\n", 1)

    assert with_default != MINIMAL_TEXT
    assert _hash(with_default) != _hash(MINIMAL_TEXT)


def test_a_number_stored_as_text_reads_back_as_the_same_number() -> None:
    playbook = Playbook.model_validate(yaml.safe_load(MINIMAL_TEXT))
    stored = json.loads(json.dumps(playbook.model_dump(mode="json")))
    total = next(i for i in stored["assessment"]["items"] if i["id"] == "total")

    assert total["answer"] == "675"  # JSON writes a Decimal as text
    assert Playbook.model_validate(stored).items_by_id["total"].answer == Decimal(675)
