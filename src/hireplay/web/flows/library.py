"""An organisation's own playbooks (docs/playbooks.md, "Your own playbooks"): published from the web
app, the command line or the API, checked with the same located errors as `hireplay playbook lint`,
one entry per version. A version number names one content: the same content published again is
the same entry; other content under a version already published is refused (raise the version).
An opening pins the exact content it was created with, so a new version never changes it."""

from __future__ import annotations

import difflib
import functools
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from hireplay.core.lint import check_text, load_playbook
from hireplay.core.playbook import Playbook
from hireplay.core.problems import Problem
from hireplay.shipped import shipped_playbooks
from hireplay.web.audit.log import record
from hireplay.web.hiring import services
from hireplay.web.hiring.models import LibraryPlaybook
from hireplay.web.orgs.models import Organization

MAX_SOURCE = 1_000_000


@functools.cache
def shipped() -> tuple[tuple[Path, Playbook], ...]:
    """The playbooks shipped with hireplay, checked once per process (they do not change while it runs)."""
    return tuple((path, load_playbook(path)) for path in shipped_playbooks())


def publish(organization: Organization, text: str, name: str, by: str,
            user: Any = None) -> tuple[LibraryPlaybook | None, list[Problem]]:  # fmt: skip
    """Check and store a playbook for the organisation; the entry, or the problems (nothing stored)."""
    if len(text) > MAX_SOURCE:
        return None, [
            Problem(name, 1, 1, "(file)", f"the playbook is over {MAX_SOURCE:,} characters; no playbook is that long")
        ]
    playbook, problems = check_text(text, name)
    if playbook is None:
        return None, problems
    if playbook.id in {p.id for _, p in shipped()} | {path.stem for path in shipped_playbooks()}:
        return None, [
            Problem(name, 1, 1, "id", f"'{playbook.id}' is the id of a shipped playbook; give yours an id of its own")
        ]
    with transaction.atomic():
        same = (LibraryPlaybook.objects.select_for_update().filter(organization=organization,
                version__playbook_id=playbook.id, version__version=playbook.version).select_related("version").first())  # fmt: skip
        if same is not None:
            if same.version.content_hash == playbook.content_hash:
                return same, []
            return None, [Problem(name, 1, 1, "version", f"version {playbook.version} of '{playbook.id}' is already "
                                                       "published with other content; raise the version number")]  # fmt: skip
        stored = services.publish(playbook, by)
        entry = LibraryPlaybook.objects.create(organization=organization, version=stored, source=text,
                                               published_by=user, published_at=timezone.now())  # fmt: skip
        record(by, "library.published", f"organization:{organization.pk}",
               {"playbook": playbook.id, "version": playbook.version, "content_hash": playbook.content_hash})  # fmt: skip
    return entry, []


def previous(entry: LibraryPlaybook) -> LibraryPlaybook | None:
    """The version of the same playbook published before this one."""
    return (LibraryPlaybook.objects.filter(organization_id=entry.organization_id,
                                           version__playbook_id=entry.version.playbook_id, pk__lt=entry.pk)
            .select_related("version").order_by("-pk").first())  # fmt: skip


def diff(older: LibraryPlaybook, newer: LibraryPlaybook) -> list[str]:
    """The lines that changed between two versions' texts (a unified diff)."""
    return list(difflib.unified_diff(older.source.splitlines(), newer.source.splitlines(),
                                     f"version {older.version.version}", f"version {newer.version.version}",
                                     lineterm="", n=2))  # fmt: skip
