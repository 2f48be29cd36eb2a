"""Build an iCalendar file of deadlines with the `icalendar` library (pure: plain values in)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event


@dataclass(frozen=True, slots=True)
class DeadlineEvent:
    """One open deadline, shown as an all-day event on its due date."""

    request_id: int
    clock_kind: str
    due_on: date
    summary: str
    description: str
    url: str


def build(name: str, events: Iterable[DeadlineEvent], stamp: datetime, domain: str) -> bytes:
    """Return the calendar as bytes; each deadline keeps one UID so moved dates update in place."""
    calendar = Calendar()
    calendar.add("prodid", "-//foia//deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    # Ask clients to refresh every few hours: dates move when the ledger changes.
    calendar.add("refresh-interval", timedelta(hours=3), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT3H")
    for item in events:
        event = Event()
        event.add("uid", f"request-{item.request_id}-{item.clock_kind}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due_on)
        event.add("dtend", item.due_on + timedelta(days=1))
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("url", item.url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
