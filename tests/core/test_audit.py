"""The hash chain detects every kind of tampering, and says where."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hireplay.core.audit import Event, Head, append, event_hash, verify
from tests.conftest import examples


def _chain(n: int) -> list[Event]:
    events: list[Event] = []
    for i in range(n):
        previous = events[-1] if events else None
        payload = {"answer": f"value {i}", "points": i % 3, "items": [i, i + 1]}
        events.append(append(previous, f"2026-11-22T10:{i // 60:02d}:{i % 60:02d}Z", f"user{i % 4}", "answer.saved",
                             f"session:{i % 5}", payload))  # fmt: skip
    return events


def _head(events: list[Event]) -> Head:
    return Head(events[-1].seq, events[-1].hash)


def test_an_untouched_chain_verifies() -> None:
    events = _chain(50)

    verdict = verify(events, _head(events))

    assert verdict.intact
    assert verdict.events == 50


def test_the_hash_covers_every_field() -> None:
    base = ("2026-11-22T10:00:00Z", "ana", "scored", "candidate:7", '{"points":3}', "0" * 64)
    reference = event_hash(1, *base)

    for i in range(len(base)):
        changed = list(base)
        changed[i] = str(base[i]) + "x"
        assert event_hash(1, *changed) != reference
    assert event_hash(2, *base) != reference


def test_a_changed_payload_is_reported_as_modified_at_its_event() -> None:
    events = _chain(10)
    events[4] = events[4]._replace(payload='{"answer":"forged"}')

    verdict = verify(events)

    assert (verdict.intact, verdict.seq, verdict.problem) == (False, 5, "modified")


def test_a_forged_event_rehashed_to_fit_is_caught_by_the_next_link() -> None:
    events = _chain(10)
    old = events[4]
    events[4] = append(events[3], old.time, "mallory", old.action, old.subject, {"answer": "forged"})

    verdict = verify(events)

    assert (verdict.seq, verdict.problem) == (6, "inserted")


def test_a_deleted_event_is_reported() -> None:
    events = _chain(10)
    del events[3]

    verdict = verify(events)

    assert (verdict.seq, verdict.problem) == (4, "deleted")


def test_swapped_events_are_reported_as_reordered() -> None:
    events = _chain(10)
    events[2], events[6] = events[6], events[2]

    verdict = verify(events)

    assert (verdict.seq, verdict.problem) == (7, "reordered")


def test_removing_the_last_events_is_caught_by_the_head() -> None:
    events = _chain(10)
    head = _head(events)

    verdict = verify(events[:7], head)

    assert verify(events[:7]).intact  # the chain alone cannot tell
    assert (verdict.intact, verdict.problem, verdict.seq) == (False, "truncated", 8)


def _tamper(events: list[Event], kind: str, i: int, j: int) -> list[Event]:
    events = list(events)
    if kind == "modify":
        events[i] = events[i]._replace(actor=events[i].actor + "!")
    elif kind == "modify-and-rehash":
        e = events[i]
        forged = e.payload.replace("value", "forged")
        events[i] = e._replace(payload=forged, hash=event_hash(e.seq, e.time, e.actor, e.action, e.subject, forged,
                                                               e.prev_hash))  # fmt: skip
    elif kind == "delete":
        del events[i]
    elif kind == "insert":
        e = events[i]
        events.insert(i, append(events[i - 1] if i else None, e.time, "mallory", "decision.taken", e.subject, {}))
    elif kind == "swap":
        events[i], events[j] = events[j], events[i]
    elif kind == "truncate":
        events = events[:i]
    return events


@settings(max_examples=examples(300))
@given(
    st.integers(min_value=2, max_value=40),
    st.sampled_from(["modify", "modify-and-rehash", "delete", "insert", "swap", "truncate"]),
    st.data(),
)
def test_every_tampering_is_detected(n: int, kind: str, data: Any) -> None:
    events = _chain(n)
    head = _head(events)
    i = data.draw(st.integers(min_value=0, max_value=n - 1))
    j = data.draw(st.integers(min_value=0, max_value=n - 1).filter(lambda x: x != i))
    if kind == "truncate" and i == 0:
        i = 1

    verdict = verify(_tamper(events, kind, i, j), head)

    assert not verdict.intact
    assert verdict.seq is not None
    assert verdict.seq <= max(i, j) + 2  # reported at, or just after, the first place it was touched


def test_a_field_with_a_line_break_is_refused_even_with_a_matching_hash() -> None:
    # Fields are hashed one per line; a field holding a line break could shift text from one field
    # to the next, so verification refuses any such event however its hash was made.
    events = _chain(3)
    e = events[1]
    shifted = e._replace(time=f"{e.time}\n{e.actor}", actor=e.action, action=e.subject, subject=e.prev_hash)
    events[1] = shifted._replace(hash=event_hash(e.seq, shifted.time, shifted.actor, shifted.action, shifted.subject,
                                                 e.payload, e.prev_hash))  # fmt: skip

    verdict = verify(events)

    assert (verdict.intact, verdict.seq, verdict.problem) == (False, 2, "modified")


def test_append_refuses_a_multi_line_field() -> None:
    import pytest

    with pytest.raises(ValueError, match="actor"):
        append(None, "t", "a\nb", "x", "y", {})


def test_verify_reads_any_iterable_once_and_counts_every_event() -> None:
    events = _chain(20)
    del events[5]

    verdict = verify(iter(events))

    assert (verdict.problem, verdict.events) == ("deleted", 19)
