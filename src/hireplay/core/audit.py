"""The audit log as a hash chain: each event carries the hash of the one before it.

An event's hash is the SHA-256 of the canonical JSON of its sequence number, time, actor, action,
subject, payload and the previous event's hash. Changing, removing, adding or reordering any event
breaks the chain at that point, and `verify` reports the first place it breaks. Removing the last
events leaves a shorter chain that is still whole, so the store also keeps the head (the last
sequence number and hash) and `verify` checks the chain ends there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal, NamedTuple

from hireplay.core.canonical import canonical_json, sha256_hex

GENESIS = "0" * 64
Problem = Literal["modified", "deleted", "inserted", "reordered", "truncated"]


class Event(NamedTuple):
    seq: int
    time: str
    actor: str
    action: str
    subject: str
    payload: Mapping[str, Any]
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


def event_hash(
    seq: int, time: str, actor: str, action: str, subject: str, payload: Mapping[str, Any], prev_hash: str
) -> str:
    body = {"seq": seq, "time": time, "actor": actor, "action": action, "subject": subject, "payload": payload,
            "prev": prev_hash}  # fmt: skip
    return sha256_hex(canonical_json(body))


def append(
    previous: Event | None, time: str, actor: str, action: str, subject: str, payload: Mapping[str, Any]
) -> Event:
    """The event that follows `previous` (None for the first event)."""
    seq = 1 if previous is None else previous.seq + 1
    prev_hash = GENESIS if previous is None else previous.hash
    return Event(seq, time, actor, action, subject, payload, prev_hash,
                 event_hash(seq, time, actor, action, subject, payload, prev_hash))  # fmt: skip


def _recomputed(event: Event) -> str:
    return event_hash(event.seq, event.time, event.actor, event.action, event.subject, event.payload, event.prev_hash)


def verify(events: Iterable[Event], head: Head | None = None) -> Verdict:
    """Check the chain in stored order; report the first event that breaks it, or that all is intact."""
    chain = list(events)
    seen: set[int] = set()
    previous_hash = GENESIS
    expected = 1
    for position, event in enumerate(chain):
        if _recomputed(event) != event.hash:
            return Verdict(False, len(chain), event.seq, "modified",
                           f"event {event.seq} was changed after it was written: its hash does not match its content")  # fmt: skip
        if event.seq != expected:
            later = {e.seq for e in chain[position + 1 :]}
            if event.seq in seen:
                return Verdict(False, len(chain), event.seq, "inserted",
                               f"a second event numbered {event.seq} stands at position {position + 1}")  # fmt: skip
            if event.seq < expected or expected in later:
                return Verdict(False, len(chain), event.seq, "reordered",
                               f"event {event.seq} stands where event {expected} should")  # fmt: skip
            return Verdict(False, len(chain), expected, "deleted",
                           f"events {expected} to {event.seq - 1} are missing" if event.seq - 1 > expected
                           else f"event {expected} is missing")  # fmt: skip
        if event.prev_hash != previous_hash:
            return Verdict(False, len(chain), event.seq, "inserted",
                           f"event {event.seq} does not follow the event before it: that event was replaced "
                           "or inserted")  # fmt: skip
        seen.add(event.seq)
        previous_hash = event.hash
        expected += 1
    if head is not None:
        last_seq = expected - 1
        if head.seq > last_seq:
            return Verdict(False, len(chain), last_seq + 1, "truncated",
                           f"the log ends at event {last_seq} but its head says {head.seq}: the last "
                           f"{head.seq - last_seq} event(s) were removed")  # fmt: skip
        if head.seq < last_seq or head.hash != previous_hash:
            return Verdict(False, len(chain), head.seq, "modified",
                           f"the head (event {head.seq}) does not match the last event ({last_seq})")  # fmt: skip
    return Verdict(True, len(chain))
