"""Files kept between an import's preview and the import itself: on disk, in the data directory,
under a random name only the organisation's page knows, for at most a day."""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from pathlib import Path

from django.conf import settings

from hireplay.web.orgs.models import Organization

KEEP_SECONDS = 24 * 3600
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,40}")


def _root() -> Path:
    return Path(settings.DATA_DIR) / "import-previews"


def _sweep() -> None:
    """Forget previews older than a day."""
    root = _root()
    if not root.exists():
        return
    limit = time.time() - KEEP_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)


def keep(organization: Organization, uploads: dict[str, tuple[str, bytes]]) -> str:
    """Keep the uploaded files; the token names them for the import that follows."""
    _sweep()
    token = secrets.token_urlsafe(18)
    folder = _root() / token
    folder.mkdir(parents=True)
    for kind, (_, data) in uploads.items():
        (folder / kind).write_bytes(data)
    meta = {"organization": organization.pk, "names": {kind: name for kind, (name, _) in uploads.items()}}
    (folder / "meta.json").write_text(json.dumps(meta))
    return token


def load(organization: Organization, token: str) -> dict[str, tuple[str, bytes]] | None:
    """The files kept under `token` for this organisation, or None (unknown, expired, or another's)."""
    if not TOKEN.fullmatch(token):
        return None
    folder = _root() / token
    try:
        meta = json.loads((folder / "meta.json").read_text())
        if meta.get("organization") != organization.pk or folder.stat().st_mtime < time.time() - KEEP_SECONDS:
            return None
        return {kind: (str(name), (folder / kind).read_bytes()) for kind, name in meta["names"].items()
                if kind in ("accounts", "engagements")}  # fmt: skip
    except (OSError, ValueError, KeyError, AttributeError):
        return None


def drop(organization: Organization, token: str) -> None:
    if load(organization, token) is not None:
        shutil.rmtree(_root() / token, ignore_errors=True)
