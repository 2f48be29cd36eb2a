"""A clock's standing today: its state and the words that go with it, from one function.

The request page once said "missed · 13 business days left" because the state came from the
engine and the words from a separate count in the template (issue #16 §3). Here both come from
the same facts, so a missed clock never has days "left", a met one is never "due", and a
calendar-day clock never counts "business days".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from foia.deadlines.calendars import BusinessCalendar

if TYPE_CHECKING:  # the model's Clock.standing calls this module
    from foia.deadlines.model import Clock


@dataclass(frozen=True, slots=True)
class Standing:
    """What a person reads about a clock today: its state, a few words, and their tone."""

    state: str
    #: "3 business days left", "due today", "2 days overdue", "answered late", or "".
    words: str
    #: "bad", "warn", "ok" or "" (the tag's colour).
    tone: str


def standing(clock: Clock, calendar: BusinessCalendar, today: date) -> Standing:
    """Return the clock's state today and the words that agree with it."""
    state = clock.state
    if state == "met":
        return Standing(state, "", "ok")
    if state == "missed":
        return Standing(state, _missed_words(clock, calendar, today), "bad")
    if state == "running" and clock.due_on is not None:
        return _running(clock, clock.due_on, calendar, today)
    return Standing(state, "", "warn" if state == "paused" else "")


def _missed_words(clock: Clock, calendar: BusinessCalendar, today: date) -> str:
    # Answered after the due date: late, whatever today is; never "left".
    if clock.met_on is not None or clock.due_on is None or today <= clock.due_on:
        return "answered late" if clock.met_on is not None else ""
    late = _count(clock, calendar, clock.due_on, today)
    return f"{_days(late, clock.unit)} overdue" if late > 0 else "overdue"


def _running(clock: Clock, due_on: date, calendar: BusinessCalendar, today: date) -> Standing:
    if today >= due_on:
        return Standing(clock.state, "due today", "warn")
    left = _count(clock, calendar, today, due_on)
    if left <= 0:  # only closed days until a due date that falls on a closed day
        return Standing(clock.state, "no business day left", "warn")
    return Standing(clock.state, f"{_days(left, clock.unit)} left", "warn" if left <= 3 else "")


def _count(clock: Clock, calendar: BusinessCalendar, start: date, end: date) -> int:
    """Return the days after `start` up to `end`, counted in the clock's own unit."""
    if clock.unit == "business":
        return calendar.business_days_between(start, end)
    return (end - start).days


def _days(n: int, unit: str) -> str:
    # Calendar days are just "days": only business days are named as such.
    noun = "business day" if unit == "business" else "day"
    return f"{n} {noun}{'' if n == 1 else 's'}"
