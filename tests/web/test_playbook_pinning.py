"""An opening pins the exact playbook content; later edits never change how it scores."""

from __future__ import annotations

import pytest

from hireplay.core.canonical import canonical_json, sha256_hex
from hireplay.core.lint import check_text, load_playbook
from hireplay.core.playbook import Playbook, Role
from hireplay.web.hiring import models as hiring_models
from hireplay.web.hiring.models import JobOpening, PlaybookVersion
from tests.conftest import PLAYBOOKS


def test_a_pinned_playbook_comes_back_with_the_same_hash(opening: JobOpening) -> None:
    original = load_playbook(PLAYBOOKS / "account-manager-smb.yaml")

    restored = PlaybookVersion.objects.get(pk=opening.playbook.pk).to_core()

    assert restored.content_hash == original.content_hash == opening.playbook.content_hash
    assert restored == original


def test_pinning_the_same_content_twice_stores_it_once(opening: JobOpening) -> None:
    again = PlaybookVersion.pin(load_playbook(PLAYBOOKS / "account-manager-smb.yaml"))

    assert again.pk == opening.playbook.pk
    assert PlaybookVersion.objects.count() == 1


def test_an_edited_playbook_is_a_new_version_and_the_opening_keeps_the_old_one(opening: JobOpening) -> None:
    text = (PLAYBOOKS / "account-manager-smb.yaml").read_text().replace("hire: 70", "hire: 75")
    edited, problems = check_text(text, "edited.yaml")
    assert edited is not None, problems

    PlaybookVersion.pin(edited)
    opening.refresh_from_db()

    assert PlaybookVersion.objects.count() == 2
    assert opening.playbook.to_core().decision_policy.thresholds.hire == 70


def test_every_shipped_playbook_survives_the_round_trip(db: None) -> None:
    for path in sorted(PLAYBOOKS.glob("*.yaml")):
        playbook = load_playbook(path)
        stored = PlaybookVersion.pin(playbook)
        assert PlaybookVersion.objects.get(pk=stored.pk).to_core().content_hash == playbook.content_hash


def test_stored_content_that_no_longer_matches_its_hash_is_refused(opening: JobOpening) -> None:
    forged = PlaybookVersion.objects.create(content_hash="sha256:" + "0" * 64, playbook_id="x", version="1",
                                            title="x", content=opening.playbook.content)  # fmt: skip

    with pytest.raises(ValueError, match="does not match its hash"):
        forged.to_core()


def test_every_stored_version_still_loads_when_the_format_grows_a_field(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stored as today and as before the canonical form (every field written out, hashed over the
    model's whole dump); then the model gains a field with a default: every version still loads
    with the hash it was stored with, and so every opening and score that names it."""
    stored = []
    for path in sorted(PLAYBOOKS.glob("*.yaml")):
        playbook = load_playbook(path)
        stored.append(PlaybookVersion.pin(playbook))
        legacy_hash = "sha256:" + sha256_hex(canonical_json(playbook.model_dump(mode="python")))
        stored.append(PlaybookVersion.objects.create(content_hash=legacy_hash, playbook_id=playbook.id,
                                                     version=playbook.version, title=playbook.role.title,
                                                     content=playbook.model_dump(mode="json")))  # fmt: skip

    class GrownRole(Role):
        pronunciation_hint: str = ""

    class GrownPlaybook(Playbook):
        role: GrownRole
        review_every_months: int = 12

    monkeypatch.setattr(hiring_models, "Playbook", GrownPlaybook)
    monkeypatch.setattr(hiring_models, "_VALIDATED", {})

    for version in PlaybookVersion.objects.filter(pk__in=[v.pk for v in stored]):
        loaded = version.to_core()
        assert isinstance(loaded, GrownPlaybook)
        assert loaded.content_hash == version.content_hash
