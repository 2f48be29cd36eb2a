"""Computed clocks and what every clock builder shares: the context, counting and its sentence.

A clock that binds the requester counts on `calendar.for_requester()` (disputed days open, the
earlier date); every other clock counts on the calendar as given (disputed days closed, the
later date). When the two readings give different dates the clock is marked "verify" and its
note names both readings (issue #13: the safe date for the requester).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from foia.deadlines.calendars import BusinessCalendar
from foia.deadlines.counting import Span, Step, count_due, count_span, due_on, fmt
from foia.deadlines.holidays import NonBusinessDay
from foia.deadlines.ledger import Ledger, LedgerEvent, Pause
from foia.deadlines.months import spanned as months_spanned
from foia.deadlines.rules import ClockRule, LawRule
from foia.deadlines.standing import Standing, standing

CLOCK_STATES = ("running", "paused", "met", "missed", "not applicable")


class Clock(NamedTuple):
    """One computed deadline with its state today and the explanation of how it was counted."""

    # An immutable named tuple rather than a frozen dataclass: a request's every clock is built
    # each time its deadlines are computed, and with these 15 fields a tuple is built in a third
    # of the time (0.8 µs against 2.3 µs on the shared 2-core machine, 2026-12-03; the whole
    # path's figure is in compute_due_dates' comment). Change one with `clock._replace(...)`.

    kind: str
    due_on: date | None
    unit: str
    days: int | None
    basis: str
    state: str
    steps: tuple[Step, ...]
    obligation: str
    citation: str
    consequence: str | None = None
    is_estimated: bool = False
    met_on: date | None = None
    provisional_due_on: date | None = None
    verify: bool = False
    verify_note: str | None = None

    def business_days_remaining(self, calendar: BusinessCalendar, today: date) -> int | None:
        """Return business days from today to the due date (negative when overdue), or None."""
        if self.due_on is None:
            return None
        return calendar.business_days_between(today, self.due_on)

    def standing(self, calendar: BusinessCalendar, today: date) -> Standing:
        """Return its state today with the words that agree with it (foia.deadlines.standing)."""
        return standing(self, calendar, today)

    def to_dict(self) -> dict[str, Any]:
        """Return the clock as JSON-ready values."""
        return {
            "kind": self.kind,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "unit": self.unit,
            "days": self.days,
            "basis": self.basis,
            "state": self.state,
            "steps": [step.to_dict() for step in self.steps],
            "obligation": self.obligation,
            "citation": self.citation,
            "consequence": self.consequence,
            "is_estimated": self.is_estimated,
            "provisional_due_on": (
                self.provisional_due_on.isoformat() if self.provisional_due_on else None
            ),
            "verify": self.verify,
            "verify_note": self.verify_note,
        }


class Deadlines(NamedTuple):
    """Every clock of one request, computed for `today`, with warnings about the ledger."""

    # An immutable named tuple, as Clock: one is built for every request computed, and a frozen
    # dataclass of these 8 fields took about 4% of the dates-only path (its __init__ sets each
    # field through object.__setattr__). Change one with `deadlines._replace(...)`.

    law: LawRule
    received_on: date
    deemed_received_on: date
    clocks: tuple[Clock, ...]
    flags: tuple[str, ...]
    today: date
    is_estimated: bool = False
    #: False for `compute_due_dates`: every clock's basis is "" and it has no steps.
    explained: bool = True

    def clock(self, kind: str) -> Clock | None:
        """Return the clock of this kind, if there is one."""
        return next((c for c in self.clocks if c.kind == kind), None)

    def to_dict(self) -> dict[str, Any]:
        """Return the deadlines as JSON-ready values (the CLI's --json shape)."""
        require_explained(self)
        return {
            "jurisdiction": self.law.jurisdiction,
            "law": self.law.name,
            "citation": self.law.citation,
            "received_on": self.received_on.isoformat(),
            "deemed_received_on": self.deemed_received_on.isoformat(),
            "confidence": self.law.confidence,
            "verify_before_relying": self.law.needs_verification,
            "flags": list(self.flags),
            "clocks": [clock.to_dict() for clock in self.clocks],
        }


@dataclass(slots=True)
class Context:
    """What every clock of one request is computed from (built once per request, never changed)."""

    law: LawRule
    calendar: BusinessCalendar
    ledger: Ledger
    today: date
    level: str
    received_on: date
    deemed_on: date
    pauses: tuple[Pause, ...]
    open_pause: tuple[date, str] | None
    is_estimated: bool
    rules: tuple[ClockRule, ...] = ()
    #: False on the dates-only path: no steps, no basis (clocks differ in nothing else).
    explain: bool = True
    #: The day the request was withdrawn, if it was (every clock's state asks).
    withdrawn_on: date | None = None

    def rule(self, kind: str) -> ClockRule | None:
        """Return the clock rule of this kind that applies to this ledger, if any."""
        for rule in self.rules:
            if rule.kind == kind:
                return rule
        return None


class Counted(NamedTuple):
    """A counted period: its due date (or provisional one while paused) and its steps."""

    # A named tuple like Clock: one is built for each period counted that no memo holds yet
    # (0.3 µs against 1 µs for a frozen dataclass of these fields).

    due: date | None
    steps: tuple[Step, ...]
    summary: str
    provisional: date | None
    binds_requester: bool = False
    other_due: date | None = None
    disputed: tuple[NonBusinessDay, ...] = ()

    @property
    def verify(self) -> bool:
        """Return True when the two readings of a disputed day give different dates."""
        return self.other_due is not None

    @property
    def verify_note(self) -> str | None:
        """Return the note naming both readings and which date is shown and why, if any."""
        shown = self.due or self.provisional
        if self.other_due is None or shown is None:
            return None
        return verify_note(self.disputed, shown, self.other_due, self.binds_requester)


def count(
    ctx: Context,
    start: date,
    days: int,
    unit: str,
    roll: bool,
    *,
    binds_requester: bool = False,
    paused: bool = True,
) -> Counted:
    """Count a period on the reading of the party it binds, noting a date a dispute moves."""
    if not paused or (not ctx.pauses and ctx.open_pause is None):
        return unpaused(ctx.calendar, start, days, unit, roll, binds_requester, ctx.explain)

    def count_on(calendar: BusinessCalendar) -> Counted:
        return _count_paused(ctx, calendar, start, days, unit, roll)

    return _both_readings(ctx.calendar, start, binds_requester, count_on)


@lru_cache(maxsize=131_072)
def unpaused(
    calendar: BusinessCalendar,
    start: date,
    days: int,
    unit: str,
    roll: bool,
    binds_requester: bool,
    explain: bool,
) -> Counted:
    """Count a period no pause touches, as `count` does: memoised, its arguments are the key."""
    # Memoised: with no pause to apply, a count depends on these arguments alone, and requests
    # counted from the same day on the same calendar share it (Counted is immutable). Measured
    # on 50,000 bench_deadlines requests (CPU, loaded machine, one run each): full path 3.7 s
    # without it, 2.5 s with it; dates only 2.3 s and 1.7 s.
    if not explain:
        # Dates only: the last day on the binding reading, and the other reading only if a
        # disputed day lies in the period (the rare case _both_readings handles).
        mine = calendar.for_requester() if binds_requester else calendar
        due = due_on(mine, start, days, unit, roll)
        if not mine.disputed_between(start, due):
            return Counted(due, (), "", None)
    counter = _counter(explain)

    def count_on(on: BusinessCalendar) -> Counted:
        span = counter(on, start, days, unit, roll)
        return Counted(span.due, span.steps, span.summary, None)

    return _both_readings(calendar, start, binds_requester, count_on)


def _both_readings(
    calendar: BusinessCalendar,
    start: date,
    binds_requester: bool,
    count_on: Callable[[BusinessCalendar], Counted],
) -> Counted:
    # Count on the reading of the party the clock binds; recount on the other reading only if
    # a disputed day lies in the period, and note the other date if it differs.
    counted = count_on(calendar.for_requester() if binds_requester else calendar)
    shown = counted.due or counted.provisional
    if shown is None:
        return counted
    mine = calendar.for_requester() if binds_requester else calendar
    disputed = _disputed(mine, start, shown)
    if not disputed:
        return counted
    other = calendar if binds_requester else calendar.for_requester()
    # Only a disputed day the count turns on marks the clock: one inside a calendar-day period
    # that does not end on it gives both readings the same date.
    recount = count_on(other)
    other_due = recount.due or recount.provisional
    if other_due is None or other_due == shown:
        return counted
    both = {day.on: day for day in (*disputed, *_disputed(other, start, other_due))}
    named = tuple(both[on] for on in sorted(both))
    return counted._replace(binds_requester=binds_requester, other_due=other_due, disputed=named)


@lru_cache(maxsize=65_536)
def _disputed(calendar: BusinessCalendar, start: date, end: date) -> tuple[NonBusinessDay, ...]:
    # Memoised like the spans: thousands of clocks share the same start and due dates.
    return calendar.disputed_between(start, end)


def _count_paused(
    ctx: Context,
    calendar: BusinessCalendar,
    start: date,
    days: int,
    unit: str,
    roll: bool,
) -> Counted:
    # An open pause has no end yet: count as if it ended today (the provisional due date), and
    # report no due date, since the real one moves every day the pause stays open.
    counter = _counter(ctx.explain)
    restart = ctx.law.pause_mode == "restart"
    pauses = tuple(p for p in ctx.pauses if p[1] > start or restart and p[1] >= start)
    if ctx.open_pause is None or ctx.open_pause[0] < start:
        span = counter(calendar, start, days, unit, roll, pauses, restart)
        return Counted(span.due, span.steps, span.summary, None)
    asked, what = ctx.open_pause
    provisional = pauses + ((asked, max(asked, ctx.today), what),)
    span = counter(calendar, start, days, unit, roll, provisional, restart)
    if span.due <= asked:  # the period ended before the pause began: the pause changes nothing
        return Counted(span.due, span.steps, span.summary, None)
    return Counted(None, span.steps, span.summary, span.due)


def _counter(explain: bool) -> Callable[..., Span]:
    # The one fork between the two paths: the day-by-day walk, or the date alone.
    return count_span if explain else count_due


def forget_counts() -> None:
    """Empty the memos of counted periods (a benchmark starts each path from cold)."""
    for memo in (count_span, count_due, unpaused, _disputed, months_spanned):
        memo.cache_clear()


def require_explained(deadlines: Deadlines) -> None:
    """Raise ValueError if the deadlines were computed without their explanations."""
    if not deadlines.explained:
        raise ValueError("dates-only deadlines have no explanation: use compute_clocks")


def verify_note(
    disputed: tuple[NonBusinessDay, ...], shown: date, other: date, binds_requester: bool
) -> str:
    """Return "<days> disputed. <both readings> The date shown ... and why" for a clock."""
    names = "; ".join(f"{fmt(day.on)} ({day.name})" for day in disputed)
    verb = "is" if len(disputed) == 1 else "are"
    them = "it" if len(disputed) == 1 else "them"
    readings = " ".join(dict.fromkeys(r for day in disputed for r in day.readings))
    if binds_requester:
        why = (
            f"The date shown, {fmt(shown)}, counts {them} as a business day: the earlier date,"
            f" safe because the requester must meet this deadline; counted as closed it would"
            f" be {fmt(other)}."
        )
    else:
        why = (
            f"The date shown, {fmt(shown)}, counts {them} as closed: the later date, safe"
            f" because the agency must meet this deadline; counted as a business day it would"
            f" be {fmt(other)}."
        )
    return f"{names} {verb} disputed. {readings} {why}"


def state_of(
    ctx: Context, due: date | None, met: LedgerEvent | None, provisional: date | None
) -> str:
    """Return running, paused, met, missed or not applicable for a clock today."""
    withdrawn = ctx.withdrawn_on
    if withdrawn is not None and (met is None or withdrawn < met.on):
        return "not applicable"
    if met is not None:
        limit = due or provisional
        return "met" if limit is None or met.on <= limit else "missed"
    if due is None:
        return "paused" if provisional is not None else "not applicable"
    return "missed" if ctx.today > due else "running"


def sentence(days: int, unit: str, after: str, base: date, counted: Counted) -> str:
    """Return "N unit days after <what> on <date>, skipping ...: due <date>"."""
    summary = f", {counted.summary}" if counted.summary else ""
    head = f"{days} {unit} days after {after} on {fmt(base)}{summary}"
    if counted.due is not None:
        return f"{head}: due {fmt(counted.due)}"
    return (
        f"{head}: the clock is paused; if the pause ended today the deadline would be"
        f" {fmt(counted.provisional)}"
        if counted.provisional
        else head
    )
