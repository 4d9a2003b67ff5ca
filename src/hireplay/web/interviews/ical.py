"""iCalendar invitations (RFC 5545) for interviews, built with the `icalendar` library.

The candidate and the panel get separate events with separate UIDs: the panel's carries the link to
the interview kit and the panel's names, the candidate's neither. Each UID is stable for the life
of the interview; SEQUENCE rises with every change so calendars replace the old entry, and a
cancellation is the same UID with METHOD:CANCEL and STATUS:CANCELLED.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Literal, NamedTuple

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//hireplay//interviews//EN"
Audience = Literal["candidate", "panel"]


class Person(NamedTuple):
    name: str
    email: str


class Meeting(NamedTuple):
    uid: str
    sequence: int
    starts_at: datetime  # aware
    minutes: int
    location: str
    title: str
    organizer: Person
    cancelled: bool


def _address(person: Person, role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = vText(person.name)
    if role:
        address.params["role"] = vText(role)
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE")
    return address


def invitation(
    meeting: Meeting, audience: Audience, attendees: Sequence[Person], description: str, stamp: datetime
) -> bytes:
    """One VCALENDAR with one VEVENT, ready to attach to an e-mail or download."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if meeting.cancelled else "REQUEST")
    event = Event()
    event.add("uid", f"{meeting.uid}-{audience}@hireplay")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp.astimezone(UTC))
    # In UTC ("...Z"): every calendar reads it right and shows it in its own zone. (A fixed-offset
    # zone would be written as TZID="UTC+01:00" with no VTIMEZONE, which calendars read as floating.)
    starts = meeting.starts_at.astimezone(UTC)
    event.add("dtstart", starts)
    event.add("dtend", starts + timedelta(minutes=meeting.minutes))
    event.add("summary", meeting.title)
    event.add("description", description)
    if meeting.location:
        event.add("location", meeting.location)
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    event.add("organizer", _address(meeting.organizer))
    for person in attendees:
        event.add("attendee", _address(person, "REQ-PARTICIPANT"), encode=False)
    calendar.add_component(event)
    return bytes(calendar.to_ical())
