"""Signed checkpoints: the log's head, remembered outside the database.

The head row (AuditHead) proves that no event was removed from the end of the chain, but only as
long as nobody rewrites it too: someone who can change the database can delete the newest events
and move the head back, wipe the log, or rewrite every event with new hashes. A checkpoint is a
small JSON file holding a head (sequence number and hash) and the time, signed with an Ed25519 key
kept outside the database. Kept where the database's administrators cannot change it (docs/audit.md),
it lets `hireplay audit verify --checkpoint FILE` prove that the log still holds that exact event:
a truncated, wiped or rewritten log fails.

    {"format": "hireplay-checkpoint/1", "seq": 1042, "hash": "9f…", "time": "2026-11-26T04:00:00+00:00",
     "key": "<public key, hex>", "signature": "<hex>"}

The signature covers the canonical JSON of every other field. The key file is a PEM private key
(PKCS#8), made by `hireplay audit keygen`; the public key is in every checkpoint and is printed by
keygen, so a verifier can insist on the organisation's own key with `--public-key`.
"""

from __future__ import annotations

import json
import os
import smtplib
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.core.mail import EmailMessage

from hireplay.core.canonical import canonical_json
from hireplay.web.audit.models import AuditEvent, AuditHead

FORMAT = "hireplay-checkpoint/1"


class CheckpointError(ValueError):
    """A key or checkpoint file that cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    time: str
    key: str  # the public key, hex
    signature: str

    def body(self) -> dict[str, Any]:
        return {"format": FORMAT, "seq": self.seq, "hash": self.hash, "time": self.time, "key": self.key}

    def to_json(self) -> str:
        return json.dumps({**self.body(), "signature": self.signature}, indent=2) + "\n"


def generate_key(path: Path) -> str:
    """Write a new private key to `path` (readable by its owner only); return the public key (hex)."""
    if path.exists():
        raise CheckpointError(f"{path}: a file is already there; choose another path (a key is never overwritten)")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return public_hex(key.public_key())


def public_hex(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def load_key(path: Path) -> Ed25519PrivateKey:
    """The private key in `path`, or CheckpointError saying what is wrong with the file."""
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise CheckpointError(f"{path}: no such key file; make one with `hireplay audit keygen --out {path}`") from None
    except (ValueError, TypeError) as problem:
        raise CheckpointError(f"{path}: not a PEM private key without a password ({problem})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError(f"{path}: the key is not an Ed25519 key; make one with `hireplay audit keygen`")
    return key


def make(key: Ed25519PrivateKey, now: datetime | None = None) -> Checkpoint:
    """A signed checkpoint of the head as stored now."""
    head = AuditHead.objects.filter(pk=1).first()
    seq, head_hash = (head.seq, head.hash) if head else (0, "0" * 64)
    time = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    unsigned = Checkpoint(seq, head_hash, time, public_hex(key.public_key()), "")
    signature = key.sign(canonical_json(unsigned.body()).encode()).hex()
    return Checkpoint(seq, head_hash, time, unsigned.key, signature)


def write(key: Ed25519PrivateKey, directory: Path, now: datetime | None = None) -> Path:
    """Write a checkpoint into `directory` as checkpoint-<seq>-<time>.json; returns its path."""
    made = make(key, now)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"checkpoint-{made.seq:012d}-{made.time[:19].replace(':', '')}.json"
    path.write_text(made.to_json())
    return path


def read(path: Path, public_key: str | None = None) -> Checkpoint:
    """A checkpoint file, its signature checked (and its key, when `public_key` is given)."""
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise CheckpointError(f"{path}: no such checkpoint file") from None
    except (ValueError, UnicodeDecodeError) as problem:
        raise CheckpointError(f"{path}: not a checkpoint (the file is not JSON: {problem})") from None
    fields = {"format", "seq", "hash", "time", "key", "signature"}
    if not isinstance(data, dict) or set(data) != fields or data.get("format") != FORMAT:
        raise CheckpointError(f"{path}: not a {FORMAT} file (it needs exactly the fields {', '.join(sorted(fields))})")
    if not isinstance(data["seq"], int) or isinstance(data["seq"], bool) or data["seq"] < 0:
        raise CheckpointError(f"{path}: seq must be a whole number")
    if not all(isinstance(data[k], str) for k in ("hash", "time", "key", "signature")):
        raise CheckpointError(f"{path}: hash, time, key and signature must be text")
    checkpoint = Checkpoint(data["seq"], data["hash"], data["time"], data["key"], data["signature"])
    if public_key is not None and checkpoint.key != public_key.strip().lower():
        raise CheckpointError(f"{path}: signed with another key ({checkpoint.key[:16]}…), not the organisation's")
    try:
        verifier = Ed25519PublicKey.from_public_bytes(bytes.fromhex(checkpoint.key))
        verifier.verify(bytes.fromhex(checkpoint.signature), canonical_json(checkpoint.body()).encode())
    except (ValueError, InvalidSignature):
        raise CheckpointError(f"{path}: the signature does not match its content: the file was changed or "
                              "was not signed by its key") from None  # fmt: skip
    return checkpoint


def problem_with_log(checkpoint: Checkpoint) -> str | None:
    """Why the stored log no longer holds this checkpoint's head, or None when it does."""
    if checkpoint.seq == 0:
        return None
    stored = AuditEvent.objects.filter(seq=checkpoint.seq).values_list("hash", flat=True).first()
    if stored is None:
        return (f"the log no longer has event {checkpoint.seq}, which was its head at {checkpoint.time}: "
                "events were removed (the log was truncated or wiped)")  # fmt: skip
    if stored != checkpoint.hash:
        return (f"event {checkpoint.seq} is not the event checkpointed at {checkpoint.time} (its hash differs): "
                "the log was rewritten")  # fmt: skip
    return None


def send(path: Path, emails: list[str], url: str | None) -> list[str]:
    """Send a written checkpoint by e-mail and to a URL (HTTP POST, JSON); the problems, in words
    (the checkpoint file is written whatever happens here)."""
    problems = []
    text = path.read_text()
    if emails:
        message = EmailMessage(subject=f"hireplay audit checkpoint {path.stem}",
                               body="The signed head of the audit log, for safekeeping outside the database "
                                    "(docs/audit.md). Keep this message.", to=emails)  # fmt: skip
        message.attach(path.name, text, "application/json")
        try:
            message.send()
        except (OSError, smtplib.SMTPException) as problem:
            problems.append(f"the checkpoint was not e-mailed to {', '.join(emails)}: {problem}")
    if url:
        request = urllib.request.Request(url, data=text.encode(), method="POST",
                                         headers={"Content-Type": "application/json"})  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                if not 200 <= response.status < 300:
                    problems.append(f"{url} answered {response.status} to the checkpoint")
        except (OSError, ValueError) as problem:
            problems.append(f"the checkpoint was not sent to {url}: {problem}")
    return problems
