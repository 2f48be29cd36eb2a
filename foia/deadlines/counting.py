"""Counting days: a period of N business or calendar days after a date, step by step.

Pure and memoised: thousands of requests share the same spans, and every step is an immutable
value that says why a day was counted or skipped ("Thanksgiving Day", "clock paused: fee").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import repeat
from typing import Any, NamedTuple

from foia.deadlines.calendars import BusinessCalendar
from foia.deadlines.ledger import Pause

__all__ = ["Span", "Step", "count_due", "count_span", "due_on", "fmt", "short_date"]

_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=8192)
def fmt(day: date) -> str:
    """Return a date as people read it: "Tue 24 Nov 2026"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def short_date(day: date) -> str:
    """Return a date without its year: "Tue 24 Nov"."""
    return f"{day:%a} {day.day} {day:%b}"


@dataclass(frozen=True, slots=True)
class Step:
    """One day of a clock's count: counted as day N, skipped (with why), or a note."""

    on: date
    counted: int | None
    skipped: str | None
    note: str | None = None

    @property
    def text(self) -> str:
        """Return e.g. "Fri 27 Nov 2026: day 1" or "Sat 28 Nov 2026: skipped (Saturday)"."""
        if self.counted is not None:
            what = f"day {self.counted}"
        elif self.skipped is not None:
            what = f"skipped ({self.skipped})"
        else:
            what = ""
        if self.note:
            what = f"{what} ({self.note})" if what else self.note
        return f"{fmt(self.on)}: {what}"

    def to_dict(self) -> dict[str, Any]:
        """Return the step as JSON-ready values."""
        return {
            "on": self.on.isoformat(),
            "counted": self.counted,
            "skipped": self.skipped,
            "text": self.text,
        }


class Span(NamedTuple):
    """A counted period: its last day and each day's step (shared between identical spans)."""

    # A named tuple, as Clock: immutable, and built in a third of a frozen dataclass's time.

    due: date
    steps: tuple[Step, ...]
    summary: str


@lru_cache(maxsize=262_144)
def _step(ordinal: int, counted: int | None, skipped: str | None) -> Step:
    # Steps are values: identical ones are shared between every span that contains them.
    return Step(date.fromordinal(ordinal), counted, skipped)


@lru_cache(maxsize=262_144)
def count_span(
    calendar: BusinessCalendar,
    start: date,
    days: int,
    unit: str,
    roll_forward: bool,
    pauses: tuple[Pause, ...] = (),
    restart: bool = False,
) -> Span:
    """Count `days` days after `start`, skipping closed days (business unit) and paused days."""
    # Memoised: thousands of requests share the same spans, and steps are immutable tuples.
    if unit == "calendar" and not pauses:
        return _calendar_span(calendar, start, days, roll_forward)
    paused: dict[int, tuple[str, int]] = {}
    for asked, answered, what in pauses:
        for ordinal in range(asked.toordinal() + 1, answered.toordinal() + 1):
            paused.setdefault(ordinal, (f"clock paused: {what}", answered.toordinal()))
    closed, valid_until = calendar.closed_days(start.year)
    business = unit == "business"
    steps: list[Step] = []
    counted, ordinal = 0, start.toordinal()
    while counted < days:
        ordinal += 1
        if ordinal > valid_until:  # crossed the indexed years: widen the calendar's index
            closed, valid_until = calendar.closed_days(date.fromordinal(ordinal).year)
        pause = paused.get(ordinal) if paused else None
        if pause is not None:
            steps.append(_step(ordinal, None, pause[0]))
            if restart and ordinal == pause[1]:
                counted = 0  # TX §552.222(d): the answer counts as a new request
            continue
        reason = closed.get(ordinal) if business else None
        if reason is not None:
            steps.append(_step(ordinal, None, reason))
            continue
        counted += 1
        steps.append(_step(ordinal, counted, None))
    day = date.fromordinal(ordinal)
    if unit == "calendar" and roll_forward and not calendar.is_business_day(day):
        day = _roll(calendar, day, steps)
    return Span(day, tuple(steps), _summary(steps))


@lru_cache(maxsize=262_144)
def count_due(
    calendar: BusinessCalendar,
    start: date,
    days: int,
    unit: str,
    roll_forward: bool,
    pauses: tuple[Pause, ...] = (),
    restart: bool = False,
) -> Span:
    """Return the period `count_span` counts, with its last day only: no steps, no summary."""
    # The speed trick of the dates-only path (issue #18): a business-day period without pauses
    # is one bisect in the calendar's index of business days, a calendar-day one is arithmetic,
    # and a paused one walks the days without making a step for each (what the whole path then
    # takes is measured in compute_due_dates' comment). The full path keeps `count_span`, the
    # authority that says why each day counted; tests/deadlines/test_dates_only.py checks on
    # every jurisdiction that both give the same dates.
    return Span(due_on(calendar, start, days, unit, roll_forward, pauses, restart), (), "")


def due_on(
    calendar: BusinessCalendar,
    start: date,
    days: int,
    unit: str,
    roll_forward: bool,
    pauses: tuple[Pause, ...] = (),
    restart: bool = False,
) -> date:
    """Return the last day of the period `count_span` counts, unmemoised (see count_due)."""
    if not pauses and unit == "calendar":
        day = start + timedelta(days=days) if days else start
        return calendar.roll_forward(day) if roll_forward and days else day
    if not pauses and unit == "business":
        return calendar.add_business_days(start, days) if days > 0 else start
    return _walk_due(calendar, start, days, unit, roll_forward, pauses, restart)


def _walk_due(
    calendar: BusinessCalendar,
    start: date,
    days: int,
    unit: str,
    roll_forward: bool,
    pauses: tuple[Pause, ...],
    restart: bool,
) -> date:
    # count_span's walk, day for day, without its steps: keep the two in step.
    paused: dict[int, int] = {}
    for asked, answered, _ in pauses:
        for ordinal in range(asked.toordinal() + 1, answered.toordinal() + 1):
            paused.setdefault(ordinal, answered.toordinal())
    closed, valid_until = calendar.closed_days(start.year)
    business = unit == "business"
    counted, ordinal = 0, start.toordinal()
    while counted < days:
        ordinal += 1
        if ordinal > valid_until:
            closed, valid_until = calendar.closed_days(date.fromordinal(ordinal).year)
        answered_on = paused.get(ordinal) if paused else None
        if answered_on is not None:
            if restart and ordinal == answered_on:
                counted = 0  # TX §552.222(d): the answer counts as a new request
            continue
        if business and ordinal in closed:
            continue
        counted += 1
    day = date.fromordinal(ordinal)
    if unit == "calendar" and roll_forward:
        return calendar.roll_forward(day)
    return day


def _calendar_span(calendar: BusinessCalendar, start: date, days: int, roll: bool) -> Span:
    # Every day counts: build the steps without the per-day checks of the general walk.
    first = start.toordinal() + 1
    steps = list(map(_step, range(first, first + days), range(1, days + 1), repeat(None)))
    day = date.fromordinal(first + days - 1) if days else start
    if roll and days and not calendar.is_business_day(day):
        day = _roll(calendar, day, steps)
    return Span(day, tuple(steps), _summary(steps))


def _roll(calendar: BusinessCalendar, last: date, steps: list[Step]) -> date:
    # The last day falls on a closed day: it moves to the next business day (CCP §12a, §1908).
    reason = calendar.skip_reason(last)
    steps[-1] = Step(last, steps[-1].counted, None, f"{reason}: the last day rolls forward")
    day = last + _ONE_DAY
    while not calendar.is_business_day(day):
        steps.append(Step(day, None, calendar.skip_reason(day)))
        day += _ONE_DAY
    steps.append(Step(day, None, None, "due: rolled forward to the next business day"))
    return day


def _summary(steps: Sequence[Step]) -> str:
    # Weekends go without saying; holidays, closures and pauses are named in the sentence.
    holidays: list[str] = []
    paused: dict[str, int] = {}
    for step in steps:
        if step.skipped is None or step.skipped in ("Saturday", "Sunday"):
            continue
        if step.skipped.startswith("clock paused: "):
            what = step.skipped.removeprefix("clock paused: ")
            paused[what] = paused.get(what, 0) + 1
        else:
            holidays.append(f"{step.skipped} ({short_date(step.on)})")
    parts = [f"skipping {', '.join(holidays)}"] if holidays else []
    parts += [f"paused {n} day{'s' * (n != 1)} for {what}" for what, n in paused.items()]
    return ", ".join(parts)
