"""The audit log as a hash chain: each event carries the hash of the one before it.

An event's hash is the SHA-256 of one line per field (sequence number, time, actor, action,
subject, the previous event's hash) followed by the payload as canonical JSON. The payload is
kept as that exact text, so checking an event never re-serialises anything: verification costs
little more than hashing the stored bytes. No field before the payload may hold a line break,
so the layout cannot be shifted from one field into another.

Changing, removing, adding or reordering any event breaks the chain at that point, and `verify`
reports the first place it breaks. Removing the last events leaves a shorter chain that is still
whole, so the store also keeps the head (the last sequence number and hash) and `verify` checks
the chain ends there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any, Literal, NamedTuple

from hireplay.core.canonical import canonical_json

GENESIS = "0" * 64
Problem = Literal["modified", "deleted", "inserted", "reordered", "truncated"]


class Event(NamedTuple):
    seq: int
    time: str
    actor: str
    action: str
    subject: str
    payload: str  # canonical JSON, exactly as hashed
    prev_hash: str
    hash: str


class Head(NamedTuple):
    """The last event's sequence number and hash, stored apart from the events."""

    seq: int
    hash: str


class Verdict(NamedTuple):
    intact: bool
    events: int
    seq: int | None = None
    problem: Problem | None = None
    message: str = "the chain is intact"


def event_hash(seq: int, time: str, actor: str, action: str, subject: str, payload: str, prev_hash: str) -> str:
    """The hash of one event; `payload` is its canonical JSON text."""
    return hashlib.sha256(f"{seq}\n{time}\n{actor}\n{action}\n{subject}\n{prev_hash}\n{payload}".encode()).hexdigest()


def one_line(**fields: str) -> None:
    """Refuse a field that would break the one-field-per-line layout of the hashed text."""
    for name, value in fields.items():
        if "\n" in value or "\r" in value:
            raise ValueError(f"the audit event's {name} must be one line: {value!r}")


def append(
    previous: Event | None, time: str, actor: str, action: str, subject: str, payload: Mapping[str, Any]
) -> Event:
    """The event that follows `previous` (None for the first event)."""
    one_line(time=time, actor=actor, action=action, subject=subject)
    seq = 1 if previous is None else previous.seq + 1
    prev_hash = GENESIS if previous is None else previous.hash
    text = canonical_json(payload)
    return Event(seq, time, actor, action, subject, text, prev_hash,
                 event_hash(seq, time, actor, action, subject, text, prev_hash))  # fmt: skip


def verify(events: Iterable[Event], head: Head | None = None) -> Verdict:
    """Check the chain in stored order; report the first event that breaks it, or that all is intact.

    Works in one pass over any iterable (a database cursor included) and keeps only a little
    state, so it checks chains of any length in constant memory.
    """
    sha256 = hashlib.sha256
    previous_hash = GENESIS
    expected = 1
    count = 0
    pending: list[Event] = []  # events after a gap, read only to name the problem
    broken: Verdict | None = None
    iterator = iter(events)
    for event in iterator:
        count += 1
        seq, time, actor, action, subject, payload, prev, stated = event
        header = f"{seq}\n{time}\n{actor}\n{action}\n{subject}\n{prev}\n"
        if sha256(f"{header}{payload}".encode()).hexdigest() != stated or header.count("\n") != 6 or "\r" in header:
            broken = Verdict(False, 0, seq, "modified",
                             f"event {seq} was changed after it was written: its hash does not match its content")  # fmt: skip
            break
        if seq != expected:
            pending = [event, *iterator]
            count += len(pending) - 1
            broken = _misplaced(pending, expected)
            break
        if prev != previous_hash:
            broken = Verdict(False, 0, seq, "inserted",
                             f"event {seq} does not follow the event before it: that event was replaced or inserted")  # fmt: skip
            break
        previous_hash = stated
        expected += 1
    if broken is not None:
        count += sum(1 for _ in iterator)
        return broken._replace(events=count)
    if head is not None:
        last_seq = expected - 1
        if head.seq > last_seq:
            return Verdict(False, count, last_seq + 1, "truncated",
                           f"the log ends at event {last_seq} but its head says {head.seq}: the last "
                           f"{head.seq - last_seq} event(s) were removed")  # fmt: skip
        if head.seq < last_seq or head.hash != previous_hash:
            return Verdict(False, count, head.seq, "modified",
                           f"the head (event {head.seq}) does not match the last event ({last_seq})")  # fmt: skip
    return Verdict(True, count)


def _misplaced(rest: list[Event], expected: int) -> Verdict:
    """Name what happened where an event stands out of sequence: inserted, reordered or deleted."""
    event = rest[0]
    later = {e.seq for e in rest[1:]}
    if event.seq < expected:  # every number below `expected` was already seen
        return Verdict(False, 0, event.seq, "inserted",
                       f"a second event numbered {event.seq} stands where event {expected} should")  # fmt: skip
    if expected in later:
        return Verdict(False, 0, event.seq, "reordered", f"event {event.seq} stands where event {expected} should")
    return Verdict(False, 0, expected, "deleted",
                   f"events {expected} to {event.seq - 1} are missing" if event.seq - 1 > expected
                   else f"event {expected} is missing")  # fmt: skip
