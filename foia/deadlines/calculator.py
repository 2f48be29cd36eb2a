"""Deadlines as a pure function of (law, calendar, ledger, today), each with a day-by-day story."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from functools import lru_cache
from itertools import repeat
from typing import Any

from foia.deadlines.calendars import BusinessCalendar
from foia.deadlines.errors import LedgerError
from foia.deadlines.rules import (
    DEFAULT_MET_BY,
    ClockRule,
    ExtensionRule,
    LawRule,
    normalise_level,
)

EVENT_KINDS = (
    "filed",
    "received",
    "acknowledged",
    "clarification_requested",
    "clarification_answered",
    "fee_estimate",
    "fee_paid",
    "fee_waived",
    "extension_claimed",
    "partial_release",
    "final_response",
    "denial",
    "no_records",
    "appeal_filed",
    "appeal_decided",
    "withdrawn",
)
_EVENT_KIND_SET = frozenset(EVENT_KINDS)
CLOCK_STATES = ("running", "paused", "met", "missed", "not applicable")
# Events the agency (not the requester) makes: none may predate the request reaching it.
AGENCY_EVENTS = frozenset(
    {
        "acknowledged",
        "clarification_requested",
        "fee_estimate",
        "extension_claimed",
        "partial_release",
        "final_response",
        "denial",
        "no_records",
    }
)
# Determinations the requester can appeal; the latest one starts the appeal window.
RESPONSE_EVENTS = ("partial_release", "final_response", "denial", "no_records")
_PAUSE_PAIRS = {
    "clarification": ("clarification_requested", ("clarification_answered",)),
    "fee": ("fee_estimate", ("fee_paid", "fee_waived")),
}
_OBLIGATION_TEXT = {
    "acknowledge": "the agency must acknowledge the request",
    "decide": "the agency must decide whether to comply and notify the requester",
    "respond": "the agency must respond: produce the records, deny, or send a written response",
    "produce": "the agency must produce the records",
    "appeal": "the requester may appeal",
}
_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=8192)
def fmt(day: date) -> str:
    """Return a date as people read it: "Tue 24 Nov 2026"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def _short(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


@dataclass(frozen=True, slots=True)
class LedgerEvent:
    """One dated fact about a request: filed, received, acknowledged, extension claimed, ..."""

    kind: str
    on: date
    days: int | None = None
    basis: str | None = None
    at: time | None = None


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


@dataclass(frozen=True, slots=True)
class Clock:
    """One computed deadline with its state today and the explanation of how it was counted."""

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

    def business_days_remaining(self, calendar: BusinessCalendar, today: date) -> int | None:
        """Return business days from today to the due date (negative when overdue), or None."""
        if self.due_on is None:
            return None
        return calendar.business_days_between(today, self.due_on)

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
        }


@dataclass(frozen=True, slots=True)
class Deadlines:
    """Every clock of one request, computed for `today`, with warnings about the ledger."""

    law: LawRule
    received_on: date
    deemed_received_on: date
    clocks: tuple[Clock, ...]
    flags: tuple[str, ...]
    today: date
    is_estimated: bool = False

    def clock(self, kind: str) -> Clock | None:
        """Return the clock of this kind, if there is one."""
        return next((c for c in self.clocks if c.kind == kind), None)

    def to_dict(self) -> dict[str, Any]:
        """Return the deadlines as JSON-ready values (the CLI's --json shape)."""
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


# --- counting -------------------------------------------------------------------------------

Pause = tuple[date, date, str]  # (asked on, answered on, what): days after `asked` up to `answered`


@dataclass(frozen=True, slots=True)
class Span:
    """A counted period: its last day and each day's step (shared between identical spans)."""

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
            holidays.append(f"{step.skipped} ({_short(step.on)})")
    parts = [f"skipping {', '.join(holidays)}"] if holidays else []
    parts += [f"paused {n} day{'s' * (n != 1)} for {what}" for what, n in paused.items()]
    return ", ".join(parts)


# --- the ledger -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ledger:
    """Validated events in date order, with look-ups the clocks need."""

    events: tuple[LedgerEvent, ...]
    by_kind: dict[str, tuple[LedgerEvent, ...]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    def first(self, kinds: Iterable[str], on_or_after: date | None = None) -> LedgerEvent | None:
        """Return the earliest event of these kinds (on or after a date), if any."""
        best: LedgerEvent | None = None
        for kind in kinds:
            for event in self.by_kind.get(kind, ()):
                if on_or_after is None or event.on >= on_or_after:
                    if best is None or event.on < best.on:
                        best = event
                    break
        return best

    def last(self, kinds: Iterable[str]) -> LedgerEvent | None:
        """Return the latest event of these kinds, if any."""
        found = [self.by_kind[kind][-1] for kind in kinds if kind in self.by_kind]
        return max(found, key=lambda event: event.on, default=None)

    def all(self, kind: str) -> tuple[LedgerEvent, ...]:
        """Return every event of one kind, in date order."""
        return self.by_kind.get(kind, ())


def validate_ledger(events: Iterable[LedgerEvent]) -> Ledger:
    """Return the events as a Ledger in date order, or raise LedgerError naming the problem."""
    ordered = tuple(sorted(events, key=_event_date))  # stable: same-day events keep order
    by_kind: dict[str, list[LedgerEvent]] = {}
    for event in ordered:
        _check_event(event)
        by_kind.setdefault(event.kind, []).append(event)
    for kind in ("filed", "received"):
        if len(by_kind.get(kind, ())) > 1:
            raise LedgerError(f"the ledger has more than one {kind!r} event")
    filed = by_kind.get("filed", (None,))[0]
    received = by_kind.get("received", (None,))[0]
    start = filed if filed is not None else received
    if start is None:
        raise LedgerError("the ledger has no 'filed' or 'received' event, so no clock can start")
    for event in ordered:
        if event.on < start.on:
            raise LedgerError(
                f"{event.kind!r} on {event.on.isoformat()} is before the request was"
                f" {start.kind} on {start.on.isoformat()}"
            )
        if received and event.kind in AGENCY_EVENTS and event.on < received.on:
            raise LedgerError(
                f"{event.kind!r} on {event.on.isoformat()} is before the agency received the"
                f" request on {received.on.isoformat()}"
            )
    _check_pairs(ordered)
    return Ledger(ordered, {kind: tuple(found) for kind, found in by_kind.items()})


def _event_date(event: LedgerEvent) -> date:
    return event.on


def _check_event(event: LedgerEvent) -> None:
    if event.kind not in _EVENT_KIND_SET:
        raise LedgerError(f"unknown ledger event {event.kind!r}: expected one of {EVENT_KINDS}")
    if event.days is not None and event.days <= 0:
        raise LedgerError(
            f"{event.kind!r} on {event.on.isoformat()} has {event.days} days: must be positive"
        )


def _check_pairs(ordered: Sequence[LedgerEvent]) -> None:
    # Each answer needs an open question before it; an appeal decision needs an appeal.
    openers = {
        "clarification_answered": ("clarification_requested",),
        "fee_paid": ("fee_estimate",),
        "fee_waived": ("fee_estimate",),
        "appeal_decided": ("appeal_filed",),
    }
    open_count: dict[str, int] = {}
    for event in ordered:
        if event.kind in ("clarification_requested", "fee_estimate", "appeal_filed"):
            open_count[event.kind] = open_count.get(event.kind, 0) + 1
        needed = openers.get(event.kind)
        if needed is None:
            continue
        opener = needed[0]
        if open_count.get(opener, 0) == 0:
            raise LedgerError(
                f"{event.kind!r} on {event.on.isoformat()} has no earlier open {opener!r}"
            )
        open_count[opener] -= 1


# --- computing the clocks -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
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

    @property
    def withdrawn_on(self) -> date | None:
        event = self.ledger.first(("withdrawn",))
        return event.on if event else None


@dataclass(frozen=True, slots=True)
class _Counted:
    due: date | None
    steps: tuple[Step, ...]
    summary: str
    provisional: date | None


def _count(ctx: _Context, start: date, days: int, unit: str, roll: bool) -> _Counted:
    # An open pause has no end yet: count as if it ended today (the provisional due date), and
    # report no due date, since the real one moves every day the pause stays open.
    if not ctx.pauses and ctx.open_pause is None:
        span = count_span(ctx.calendar, start, days, unit, roll)
        return _Counted(span.due, span.steps, span.summary, None)
    restart = ctx.law.pause_mode == "restart"
    pauses = tuple(p for p in ctx.pauses if p[1] > start or restart and p[1] >= start)
    if ctx.open_pause is None or ctx.open_pause[0] < start:
        span = count_span(ctx.calendar, start, days, unit, roll, pauses, restart)
        return _Counted(span.due, span.steps, span.summary, None)
    asked, what = ctx.open_pause
    provisional = pauses + ((asked, max(asked, ctx.today), what),)
    span = count_span(ctx.calendar, start, days, unit, roll, provisional, restart)
    if span.due <= asked:  # the period ended before the pause began: the pause changes nothing
        return _Counted(span.due, span.steps, span.summary, None)
    return _Counted(None, span.steps, span.summary, span.due)


def _state(
    ctx: _Context, due: date | None, met: LedgerEvent | None, provisional: date | None
) -> str:
    withdrawn = ctx.withdrawn_on
    if withdrawn is not None and (met is None or withdrawn < met.on):
        return "not applicable"
    if met is not None:
        limit = due or provisional
        return "met" if limit is None or met.on <= limit else "missed"
    if due is None:
        return "paused" if provisional is not None else "not applicable"
    return "missed" if ctx.today > due else "running"


def _sentence(days: int, unit: str, after: str, base: date, counted: _Counted) -> str:
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


def _agency_clock(
    ctx: _Context,
    rule: ClockRule,
    base: date,
    after: str,
    *,
    estimated: bool = False,
    consequence: str | None = None,
) -> Clock:
    counted = _count(ctx, base, rule.days, rule.unit, rule.roll_forward)
    met = ctx.ledger.first(rule.satisfied_by, on_or_after=ctx.received_on)
    duty = (
        f"required: {rule.description}" if rule.description else _OBLIGATION_TEXT[rule.obligation]
    )
    basis = f"{_sentence(rule.days, rule.unit, after, base, counted)}; {duty} ({rule.citation})."
    return Clock(
        kind=rule.kind,
        due_on=counted.due,
        unit=rule.unit,
        days=rule.days,
        basis=basis,
        state=_state(ctx, counted.due, met, counted.provisional),
        steps=counted.steps,
        obligation=rule.obligation,
        citation=rule.citation,
        consequence=consequence,
        is_estimated=estimated or ctx.is_estimated,
        met_on=met.on if met else None,
        provisional_due_on=counted.provisional,
    )


def _base_for(
    ctx: _Context, counted_from: str, response: Clock | None
) -> tuple[date, str, bool] | None:
    # Where a later clock starts: receipt, the agency's acknowledgement or determination, or the
    # first deadline (the latest lawful moment for it) when the agency has not acted yet.
    if counted_from == "receipt":
        return ctx.deemed_on, "receipt", False
    kinds = ("acknowledged",) if counted_from == "acknowledgement" else RESPONSE_EVENTS
    if counted_from == "response" and response is not None:
        rule = ctx.law.clock("response")
        kinds = rule.satisfied_by if rule else RESPONSE_EVENTS
    event = ctx.ledger.first(kinds, on_or_after=ctx.received_on)
    if event is not None:
        label = "the acknowledgement" if counted_from == "acknowledgement" else "the response"
        return event.on, label, False
    if response is None or response.due_on is None:
        return None
    return response.due_on, "the response deadline (no response recorded yet)", True


def _first_clocks(ctx: _Context) -> list[Clock]:
    law = ctx.law
    response_rule = law.clock("response")
    if not law.has_fixed_deadline or response_rule is None:
        return _no_fixed_deadline(ctx)
    response = _agency_clock(
        ctx, response_rule, ctx.deemed_on, "receipt", consequence=law.missed_consequence
    )
    clocks = [response]
    for rule in law.clocks:
        if rule.kind == "response":
            continue
        base = _base_for(ctx, rule.counted_from, response)
        if base is not None:
            clocks.append(_agency_clock(ctx, rule, base[0], base[1], estimated=base[2]))
    return clocks


def _no_fixed_deadline(ctx: _Context) -> list[Clock]:
    law = ctx.law
    cite = law.prompt_citation or law.citation
    met = ctx.ledger.first(DEFAULT_MET_BY["acknowledge"], on_or_after=ctx.received_on)
    response = Clock(
        kind="response",
        due_on=None,
        unit="business",
        days=None,
        basis=(
            f"No statutory deadline: the law requires a response promptly or within a reasonable"
            f" time ({cite}). The app does not invent a due date."
        ),
        state="met" if met else "not applicable",
        steps=(),
        obligation="respond",
        citation=cite,
        consequence=law.missed_consequence,
        is_estimated=ctx.is_estimated,
        met_on=met.on if met else None,
    )
    follow_rule = ClockRule(
        kind="follow_up",
        days=law.follow_up_days,
        unit="business",
        obligation="respond",
        citation="app follow-up pace, not a legal deadline",
        met_by=DEFAULT_MET_BY["acknowledge"],
        description="follow up with the agency if nothing has arrived (not a legal deadline)",
    )
    follow_up = _agency_clock(ctx, follow_rule, ctx.deemed_on, "receipt")
    return [response, follow_up]


def _extended_clock(
    ctx: _Context, ext: ExtensionRule, clocks: list[Clock], flags: list[str]
) -> Clock | None:
    target = next((c for c in clocks if c.kind == ext.applies_to), None)
    if ext.counted_from == "receipt":
        base: tuple[date, str, bool] | None = (ctx.deemed_on, "receipt", False)
    elif ext.counted_from == "acknowledgement":
        base = _base_for(ctx, "acknowledgement", target)
    else:
        base = (target.due_on, "the original deadline", False) if target and target.due_on else None
    if target is None or base is None:
        return None
    cap = ext.cap_for(ctx.level)
    claims = ctx.ledger.all("extension_claimed")
    days = cap
    if claims:
        claimed = sum(c.days if c.days is not None else cap for c in claims)
        days = min(claimed, cap)
        _flag_extension(ext, claims, claimed, cap, target, flags)
    counted = _count(ctx, base[0], days, ext.unit, ext.roll_forward)
    rule = ctx.law.clock(ext.applies_to)
    met_by = rule.satisfied_by if rule else DEFAULT_MET_BY["produce"]
    met_by = tuple(k for k in met_by if k in RESPONSE_EVENTS) or DEFAULT_MET_BY["respond"]
    met = ctx.ledger.first(met_by, on_or_after=ctx.received_on)
    who = f" (granted by {ext.granted_by})" if ext.granted_by else ""
    lead = "Extension claimed" if claims else "Latest date the law allows with an extension"
    basis = f"{lead}{who}: {_sentence(days, ext.unit, base[1], base[0], counted)} ({ext.citation})."
    state = _state(ctx, counted.due, met, counted.provisional) if claims else "not applicable"
    if not claims and met is not None:
        state = "not applicable"
    return Clock(
        kind="extended_response",
        due_on=counted.due,
        unit=ext.unit,
        days=days,
        basis=basis,
        state=state,
        steps=counted.steps,
        obligation=target.obligation,
        citation=ext.citation,
        is_estimated=base[2] or ctx.is_estimated,
        met_on=met.on if met else None,
        provisional_due_on=counted.provisional,
    )


def _flag_extension(
    ext: ExtensionRule,
    claims: Sequence[LedgerEvent],
    claimed: int,
    cap: int,
    target: Clock,
    flags: list[str],
) -> None:
    first = claims[0]
    if claimed > cap:
        flags.append(
            f"extension of {claimed} {ext.unit} days claimed on {first.on.isoformat()}"
            f" exceeds the {cap} {ext.cap_label} cap of {ext.citation}; the deadline uses the cap"
        )
    if ext.notice_within_first_period and target.due_on and first.on > target.due_on:
        flags.append(
            f"extension notice given on {first.on.isoformat()}, after the first period ended on"
            f" {target.due_on.isoformat()}: {ext.citation} requires notice within it"
        )


def _supersede(ctx: _Context, ext: ExtensionRule, clocks: list[Clock]) -> list[Clock]:
    # A timely extension notice replaces the first deadline: the original date is then neither
    # met nor missed, and the extended_response clock carries the obligation.
    claim = ctx.ledger.first(("extension_claimed",))
    if claim is None:
        return clocks
    out = []
    for clock in clocks:
        timely = clock.due_on is not None and claim.on <= clock.due_on
        if clock.kind == ext.applies_to and clock.state in ("running", "missed") and timely:
            note = (
                f" Superseded by the extension claimed on {fmt(claim.on)}: see extended_response."
            )
            clock = replace(clock, state="not applicable", basis=clock.basis + note)
        out.append(clock)
    return out


def _production_limit(ctx: _Context) -> Clock | None:
    limit = ctx.law.production_limit_for(ctx.level)
    if limit is None:
        return None
    rule = ClockRule(
        kind="production_limit",
        days=limit.days,
        unit=limit.unit,
        obligation="produce",
        citation=limit.citation,
        description=(
            f"the production timeframe may not end later than {limit.days} {limit.unit} days"
            f" after receipt for a {ctx.level} agency unless the requester agrees"
        ),
    )
    return _agency_clock(ctx, rule, ctx.deemed_on, "receipt")


def _appeal_clocks(ctx: _Context, response: Clock | None) -> list[Clock]:
    appeal = ctx.law.appeal
    if appeal is None:
        return []
    clocks: list[Clock] = []
    window = _appeal_window(ctx, response)
    if window is not None:
        clocks.append(window)
    filed = ctx.ledger.first(("appeal_filed",))
    if filed is not None and appeal.decision_days:
        rule = ClockRule(
            kind="appeal_decision",
            days=appeal.decision_days,
            unit=appeal.decision_unit,
            obligation="decide",
            citation=appeal.decision_citation or appeal.citation,
            met_by=("appeal_decided",),
            description=f"{appeal.to_whom} must decide the appeal",
        )
        clocks.append(_agency_clock(ctx, rule, filed.on, "the appeal was filed"))
    return clocks


def _appeal_window(ctx: _Context, response: Clock | None) -> Clock | None:
    appeal = ctx.law.appeal
    if appeal is None or appeal.days is None:
        return None
    answered = ctx.ledger.last(RESPONSE_EVENTS)
    if answered is not None:
        base, after = answered.on, "the response"
    elif response is not None and response.state == "missed" and appeal.if_no_response:
        if appeal.if_no_response == "request":
            base, after = ctx.received_on, "the request (no timely response)"
        elif response.due_on is not None:
            base, after = response.due_on, "the deemed denial (no response by the deadline)"
        else:
            return None
    else:
        return None
    span = count_span(ctx.calendar, base, appeal.days, appeal.unit, appeal.roll_forward)
    filed = ctx.ledger.first(("appeal_filed",), on_or_after=base)
    state = (
        "met" if filed and filed.on <= span.due else "missed" if ctx.today > span.due else "running"
    )
    counted = _Counted(span.due, span.steps, span.summary, None)
    sentence = _sentence(appeal.days, appeal.unit, after, base, counted)
    return Clock(
        kind="appeal",
        due_on=span.due,
        unit=appeal.unit,
        days=appeal.days,
        basis=f"{sentence}; the requester may appeal to {appeal.to_whom} ({appeal.citation}).",
        state=state,
        steps=span.steps,
        obligation="appeal",
        citation=appeal.citation,
        consequence="The requester loses the administrative appeal if it is not filed in time.",
        is_estimated=ctx.is_estimated,
        met_on=filed.on if filed else None,
    )


def _collect_pauses(
    law: LawRule, ledger: Ledger, flags: list[str]
) -> tuple[tuple[Pause, ...], tuple[date, str] | None]:
    pauses: list[Pause] = []
    open_pause: tuple[date, str] | None = None
    if not any(opener in ledger.by_kind for opener, _ in _PAUSE_PAIRS.values()):
        return (), None
    for what, (opener, closers) in _PAUSE_PAIRS.items():
        asked: list[LedgerEvent] = []
        used = 0
        for event in ledger.events:
            if event.kind == opener:
                asked.append(event)
            elif event.kind in closers and asked:
                start = asked.pop(0)
                if _pause_allowed(law, what, start, used, flags):
                    used += 1
                    pauses.append((start.on, event.on, what))
        for start in asked:
            if _pause_allowed(law, what, start, used, flags):
                used += 1
                open_pause = open_pause or (start.on, what)
    return tuple(sorted(pauses)), open_pause


def _pause_allowed(
    law: LawRule, what: str, event: LedgerEvent, used: int, flags: list[str]
) -> bool:
    if what not in law.pauses:
        flags.append(
            f"{event.kind} on {event.on.isoformat()} does not pause the clock under {law.citation}"
        )
        return False
    limit = law.clarification_toll_limit
    if what == "clarification" and limit is not None and used >= limit:
        flags.append(
            f"clarification requested on {event.on.isoformat()} does not pause the clock:"
            f" {law.citation} allows the clock to be tolled only {limit} time(s) for it"
        )
        return False
    return True


def _receipt(
    law: LawRule, calendar: BusinessCalendar, ledger: Ledger, cutoff: time | None
) -> tuple[date, date, bool]:
    received = ledger.first(("received",))
    event = received or ledger.first(("filed",)) or ledger.events[0]  # validated: one exists
    deemed = event.on
    if cutoff is not None and event.at is not None and event.at >= cutoff:
        # An agency after-hours rule (e.g. 40 C.F.R. 2.104(a)(2)): received the next business day.
        deemed = calendar.next_business_day(event.on)
    elif law.deemed_receipt_next_business_day and not calendar.is_business_day(event.on):
        deemed = calendar.next_business_day(event.on)  # 950 CMR 32.06(2)(e)
    return event.on, deemed, received is None


def compute_clocks(
    law: LawRule,
    calendar: BusinessCalendar,
    events: Iterable[LedgerEvent],
    today: date,
    *,
    agency_level: str = "municipal",
    after_hours_cutoff: time | None = None,
) -> Deadlines:
    """Compute every clock of a request from its law, calendar, ledger and today's date."""
    ledger = validate_ledger(events)
    flags: list[str] = []
    received_on, deemed_on, estimated = _receipt(law, calendar, ledger, after_hours_cutoff)
    if estimated:
        flags.append(
            f"no 'received' event: receipt is assumed on the filing date {received_on.isoformat()}"
        )
    pauses, open_pause = _collect_pauses(law, ledger, flags)
    ctx = _Context(
        law=law,
        calendar=calendar,
        ledger=ledger,
        today=today,
        level=normalise_level(agency_level),
        received_on=received_on,
        deemed_on=deemed_on,
        pauses=pauses,
        open_pause=open_pause,
        is_estimated=estimated,
    )
    clocks = _first_clocks(ctx)
    response = clocks[0] if clocks and clocks[0].kind == "response" else None
    limit = _production_limit(ctx)
    if limit is not None:
        clocks.append(limit)
    if law.extension is not None and law.has_fixed_deadline:
        extended = _extended_clock(ctx, law.extension, clocks, flags)
        if extended is not None:
            clocks = _supersede(ctx, law.extension, clocks)
            clocks.append(extended)
    clocks.extend(_appeal_clocks(ctx, response))
    return Deadlines(
        law=law,
        received_on=received_on,
        deemed_received_on=deemed_on,
        clocks=tuple(_ordered(clocks)),
        flags=tuple(flags),
        today=today,
        is_estimated=estimated,
    )


_ORDER = {
    kind: i
    for i, kind in enumerate(
        (
            "response",
            "expedited_decision",
            "production",
            "production_limit",
            "extended_response",
            "follow_up",
            "appeal",
            "appeal_decision",
        )
    )
}


def _ordered(clocks: list[Clock]) -> list[Clock]:
    return sorted(clocks, key=lambda clock: _ORDER.get(clock.kind, len(_ORDER)))
