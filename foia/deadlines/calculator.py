"""Deadlines as a pure function of (law, calendar, ledger, today), each with a day-by-day story.

Two paths share every rule here: `compute_clocks` explains each clock (its basis and day-by-day
steps, for the request page and the CLI); `compute_due_dates` gives the same clocks without
them, for what needs only dates and states (snapshots, reminders, the dashboard's counts).

The ledger and its vocabulary live in `ledger.py`, day counting in `counting.py`, the computed
clock and what clock builders share in `model.py`, the requester's clocks in `requester.py`,
where a later clock starts in `bases.py`, an extension and what it replaces in `extension.py`;
this module computes the agency's clocks and puts them together. Their public names are
re-exported here so that callers keep importing them from `foia.deadlines.calculator`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, time

from foia.deadlines.bases import base_for
from foia.deadlines.calendars import BusinessCalendar
from foia.deadlines.counting import Span, Step, count_span, fmt
from foia.deadlines.extension import extended_clock, supersede
from foia.deadlines.kinds import (
    CLOCK_KINDS,
    EVENT_KINDS,
    REQUESTER_CLOCK_KINDS,
    ClockKind,
    EventKind,
    event_words,
)
from foia.deadlines.ledger import (
    AGENCY_EVENTS,
    RESPONSE_EVENTS,
    Ledger,
    LedgerEvent,
    collect_pauses,
    validate_ledger,
)
from foia.deadlines.model import (
    CLOCK_STATES,
    Clock,
    Context,
    Counted,
    Deadlines,
    count,
    sentence,
    state_of,
    unpaused,
)
from foia.deadlines.months import in_days
from foia.deadlines.requester import answer_clock, appeal_window
from foia.deadlines.rules import (
    DEFAULT_MET_BY,
    AppealRule,
    ClockRule,
    LawRule,
    normalise_level,
)

__all__ = [
    "AGENCY_EVENTS",
    "CLOCK_KINDS",
    "CLOCK_STATES",
    "EVENT_KINDS",
    "REQUESTER_CLOCK_KINDS",
    "RESPONSE_EVENTS",
    "Clock",
    "ClockKind",
    "Deadlines",
    "EventKind",
    "Ledger",
    "LedgerEvent",
    "Span",
    "Step",
    "compute_clocks",
    "compute_due_dates",
    "count_span",
    "fmt",
    "validate_ledger",
]

_OBLIGATION_TEXT = {
    "acknowledge": "the agency must acknowledge the request",
    "decide": "the agency must decide whether to comply and notify the requester",
    "respond": "the agency must respond: produce the records, deny, or send a written response",
    "produce": "the agency must produce the records",
    "appeal": "the requester may appeal",
    "answer": "the requester must answer the agency",
}
# What each condition event is, in a sentence, and as the start of a period counted from it.
_CONDITION_TEXT: dict[str, str] = {
    EventKind.LONGER_PERIOD: "a longer statutory period was recorded for this request",
    EventKind.RULING_REQUESTED: "the agency's request for an attorney general ruling was recorded",
    EventKind.RULING_RECEIVED: "the attorney general's receipt of the request for a ruling was"
    " recorded",
    EventKind.RULING_EXTENDED: "the attorney general's notice extending its time to rule was"
    " recorded",
    EventKind.RULING_INFORMATION_REQUESTED: "the attorney general's request for more information"
    " was recorded as received",
    EventKind.VOLUMINOUS_NOTICE: "the agency's notice that it treats the request as voluminous"
    " was recorded",
    EventKind.EXTENSION_CLAIMED: "the agency's notice taking more time was recorded",
}


# Members read on every request, bound once: an enum member's look-up on its class costs 70 ns.
_RESPONSE = ClockKind.RESPONSE
_EXTENDED = ClockKind.EXTENDED_RESPONSE
_APPEAL_FILED = EventKind.APPEAL_FILED
_WITHDRAWN = EventKind.WITHDRAWN


def _agency_clock(
    ctx: Context,
    rule: ClockRule,
    base: date,
    after: str,
    *,
    estimated: bool = False,
    consequence: str | None = None,
) -> Clock:
    if ctx.pauses or ctx.open_pause is not None:
        counted = count(ctx, base, rule.days, rule.unit, rule.roll_forward)
    else:  # what count() does with no pause, without its call (most clocks)
        counted = unpaused(
            ctx.calendar, base, rule.days, rule.unit, rule.roll_forward, False, ctx.explain
        )
    met = ctx.ledger.first(rule.satisfied_by, ctx.received_on)
    due = counted.due
    verify = counted.other_due is not None
    # Positional: keyword arguments take twice as long to build a named tuple (0.8 µs / 0.35).
    return Clock(
        rule.kind,
        due,
        rule.unit,
        rule.days,
        _agency_basis(ctx, rule, base, after, counted) if ctx.explain else "",
        state_of(ctx, due, met, counted.provisional),
        counted.steps,
        rule.obligation,
        rule.citation,
        consequence or rule.consequence or None,
        estimated or ctx.is_estimated,
        met.on if met else None,
        counted.provisional,
        verify,
        counted.verify_note if verify else None,
    )


def _agency_basis(ctx: Context, rule: ClockRule, base: date, after: str, counted: Counted) -> str:
    duty = (
        f"required: {rule.description}" if rule.description else _OBLIGATION_TEXT[rule.obligation]
    )
    basis = f"{sentence(rule.days, rule.unit, after, base, counted)}; {duty} ({rule.citation})."
    return basis + _condition_note(ctx, rule)


def _condition_note(ctx: Context, rule: ClockRule) -> str:
    # Say why a conditional period applies: which recorded fact switched it on, and when.
    event = ctx.ledger.first((rule.when,)) if rule.when else None
    if event is None:
        return ""
    # The event in words, as the ledger on the request page names it: never its code.
    what = _CONDITION_TEXT.get(rule.when, rule.when)
    return f" This period applies because {what} on {fmt(event.on)} ({event_words(rule.when)})."


def _first_clocks(ctx: Context) -> list[Clock]:
    law = ctx.law
    response_rule = ctx.rule("response")
    if not law.has_fixed_deadline or response_rule is None:
        return _no_fixed_deadline(ctx)
    consequence = response_rule.consequence or law.missed_consequence
    response = _agency_clock(ctx, response_rule, ctx.deemed_on, "receipt", consequence=consequence)
    return [response, *_later_clocks(ctx, response)]


def _later_clocks(ctx: Context, response: Clock | None) -> list[Clock]:
    # Every clock but the first response: the agency's from their base, the requester's from
    # the agency's question (none until it is asked).
    clocks: list[Clock] = []
    for rule in ctx.rules:
        if rule.kind == _RESPONSE:
            continue
        if rule.binds_requester:
            answer = answer_clock(ctx, rule)
            clocks.extend([answer] if answer is not None else [])
            continue
        base = base_for(ctx, rule.counted_from, response, rule.when)
        if base is not None:
            # A period in months (MCA §2-6-1006) is counted as the days it spans from its base.
            spanned = in_days(rule, base[0])
            clocks.append(_agency_clock(ctx, spanned, base[0], base[1], estimated=base[2]))
    return clocks


def _no_fixed_deadline(ctx: Context) -> list[Clock]:
    law = ctx.law
    cite = law.prompt_citation or law.citation
    met = ctx.ledger.first(DEFAULT_MET_BY["acknowledge"], on_or_after=ctx.received_on)
    basis = (
        f"No statutory deadline: the law requires a response promptly or within a reasonable"
        f" time ({cite}). The app does not invent a due date."
        if ctx.explain
        else ""
    )
    # Positional, in Clock's field order (as _agency_clock's).
    response = Clock(
        "response",
        None,  # due_on
        "business",
        None,  # days
        basis,
        "met" if met else "not applicable",
        (),  # steps
        "respond",
        cite,
        law.missed_consequence,
        ctx.is_estimated,
        met.on if met else None,
    )
    follow_rule = law.derived("follow_up", _follow_up_rule, law)
    follow_up = _agency_clock(ctx, follow_rule, ctx.deemed_on, "receipt")
    # An outer limit without a first deadline (Iowa Code §22.8(4)(d)) still counts from receipt.
    return [response, follow_up, *_later_clocks(ctx, None)]


def _follow_up_rule(law: LawRule) -> ClockRule:
    return ClockRule(
        kind="follow_up",
        days=law.follow_up_days,
        unit="business",
        obligation="respond",
        citation="app follow-up pace, not a legal deadline",
        met_by=DEFAULT_MET_BY["acknowledge"],
        description="follow up with the agency if nothing has arrived (not a legal deadline)",
    )


def _production_limit(ctx: Context) -> Clock | None:
    rule = ctx.law.derived(("production_limit", ctx.level), _limit_rule, ctx)
    return None if rule is None else _agency_clock(ctx, rule, ctx.deemed_on, "receipt")


def _limit_rule(ctx: Context) -> ClockRule | None:
    limit = ctx.law.production_limit_for(ctx.level)
    if limit is None:
        return None
    return ClockRule(
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


def _appeal_clocks(ctx: Context, response: Clock | None) -> list[Clock]:
    appeal = ctx.law.appeal
    if appeal is None:
        return []
    clocks: list[Clock] = []
    window = appeal_window(ctx, response)
    if window is not None:
        clocks.append(window)
    appeals = ctx.ledger.by_kind.get(_APPEAL_FILED)  # in date order
    filed = appeals[0] if appeals else None
    if filed is not None and appeal.decision_days:
        rule = ctx.law.derived("appeal_decision", _decision_rule, appeal)
        extended = ctx.ledger.first((EventKind.APPEAL_DECISION_EXTENDED,), on_or_after=filed.on)
        if extended is not None and appeal.decision_extension_days:
            rule = _extended_decision(rule, appeal.decision_extension_days, extended.on, appeal)
        clocks.append(_agency_clock(ctx, rule, filed.on, "the appeal was filed"))
    return clocks


def _decision_rule(appeal: AppealRule) -> ClockRule:
    return ClockRule(
        kind="appeal_decision",
        days=appeal.decision_days or 0,
        unit=appeal.decision_unit,
        obligation="decide",
        citation=appeal.decision_citation or appeal.citation,
        met_by=("appeal_decided",),
        description=f"{appeal.to_whom} must decide the appeal",
        # The reviewing body's calendar-day period rolls like any agency's (statutes.md §0.3).
        roll_forward=appeal.decision_unit == "calendar",
    )


def _extended_decision(rule: ClockRule, more: int, on: date, appeal: AppealRule) -> ClockRule:
    # The most the law lets the reviewing body add by its notice (KRS 61.880(2)(b): 30 work
    # days; 5 U.S.C. 552(a)(6)(B)(i): 10 working days); a notice naming an earlier day binds it
    # to that day, which the ledger does not hold: the latest lawful date is shown.
    return replace(
        rule,
        days=rule.days + more,
        citation=appeal.decision_extension_citation or rule.citation,
        description=(
            f"{appeal.to_whom} must decide the appeal: its {rule.days} days and the {more} more"
            f" it took by its notice of {fmt(on)} (the most the law allows; the notice names the"
            " day it expects to decide, which may be earlier)"
        ),
    )


def _receipt(
    law: LawRule, calendar: BusinessCalendar, ledger: Ledger, cutoff: time | None
) -> tuple[date, date, bool]:
    # Validated: at most one of each, and one of the two exists.
    by_kind = ledger.by_kind
    received = by_kind["received"][0] if "received" in by_kind else None
    event = received or by_kind["filed"][0]
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
    return _compute(law, calendar, events, today, agency_level, after_hours_cutoff, True)


def compute_due_dates(
    law: LawRule,
    calendar: BusinessCalendar,
    events: Iterable[LedgerEvent],
    today: date,
    *,
    agency_level: str = "municipal",
    after_hours_cutoff: time | None = None,
) -> Deadlines:
    """Compute the clocks as compute_clocks does, without their basis and day-by-day steps."""
    # What makes this path fast (issue #18) sits in a few places, each sharing every rule with
    # compute_clocks: count_due and model.unpaused give a period's last day alone (the one
    # fork); LawRule.derived builds once per law what depends on it alone (the rules a set of
    # event kinds switches on, the production-limit, follow-up and appeal-decision rules); the
    # ledger is checked in one pass, event by event only when something needs it; Clock,
    # Counted and Context are built positionally, enum members read per request are bound
    # once; Clock, Deadlines, Ledger, Counted and Span are named tuples, not frozen dataclasses
    # (whose __init__ sets each field through object.__setattr__); derived values are looked
    # up without building a closure. Measured with bench/bench_deadlines.py --rounds 3
    # (100,000 requests, 2-core machine, load about 1): 1.70-1.83 s wall and CPU against
    # 2.16-2.26 s at f290a14 (2026-12-03 09:48); on a machine where 5c9ea07 took 2.12-2.16 s,
    # 1.94 s with the named tuples and closures gone (2026-12-04). bench/RESULTS.md has the runs
    # and why the 2.5x ratio is still missed.
    return _compute(law, calendar, events, today, agency_level, after_hours_cutoff, False)


def _compute(
    law: LawRule,
    calendar: BusinessCalendar,
    events: Iterable[LedgerEvent],
    today: date,
    agency_level: str,
    after_hours_cutoff: time | None,
    explain: bool,  # positional: a keyword argument costs every request's call a little more
) -> Deadlines:
    ledger = validate_ledger(events)
    flags: list[str] = []
    received_on, deemed_on, estimated = _receipt(law, calendar, ledger, after_hours_cutoff)
    if estimated:
        flags.append(
            f"no 'received' event: receipt is assumed on the filing date {received_on.isoformat()}"
        )
    pauses, open_pause = collect_pauses(law, ledger, flags)
    by_kind = ledger.by_kind
    present = frozenset(by_kind)
    withdrawn = by_kind.get(_WITHDRAWN)  # in date order: the first is [0]
    # Positional, in the order of Context's fields: built for every request.
    ctx = Context(
        law,
        calendar,
        ledger,
        today,
        normalise_level(agency_level),
        received_on,
        deemed_on,
        pauses,
        open_pause,
        estimated,
        law.clocks_for(present),
        explain,
        withdrawn[0].on if withdrawn else None,
    )
    clocks = _first_clocks(ctx)
    response = clocks[0] if clocks and clocks[0].kind == "response" else None
    limit = _production_limit(ctx)
    if limit is not None:
        clocks.append(limit)
    denial = response
    if law.extension is not None and law.has_fixed_deadline and law.extension.applies(present):
        extended = extended_clock(ctx, law.extension, clocks, flags)
        if extended is not None:
            clocks = supersede(ctx, law.extension, clocks)
            clocks.append(extended)
            denial = _deemed_denial(clocks, response, extended)
    clocks.extend(_appeal_clocks(ctx, denial))
    # Positional, in the order of Deadlines' fields.
    return Deadlines(
        law,
        received_on,
        deemed_on,
        tuple(_ordered(clocks)),
        tuple(flags),
        today,
        estimated,
        explain,
    )


def _deemed_denial(clocks: list[Clock], response: Clock | None, extended: Clock) -> Clock | None:
    # A timely extension notice replaces the first deadline: silence is a denial only once the
    # extended one passes (65 P.S. §67.902(b)(2); 5 ILCS 140/3(e)-(f)), so the window to appeal a
    # deemed denial runs from it.
    first = None
    for clock in clocks:  # a loop, not next() over a generator: asked of every extended request
        if clock.kind == _RESPONSE:
            first = clock
            break
    replaced = first is not None and first.state == "not applicable" and response is not None
    if replaced and extended.kind == _EXTENDED and extended.due_on is not None:
        return extended
    return response


_ORDER: dict[str, int] = {
    kind: i
    for i, kind in enumerate(
        (
            ClockKind.ACKNOWLEDGE,
            ClockKind.RESPONSE,
            ClockKind.RULING_BRIEF,
            ClockKind.RULING_INFORMATION,
            ClockKind.RULING_DECISION,
            ClockKind.EXPEDITED_DECISION,
            ClockKind.PRODUCTION,
            ClockKind.COMPLETION,
            ClockKind.FINAL_DECISION,
            ClockKind.VOLUMINOUS_RESPONSE,
            ClockKind.PRODUCTION_LIMIT,
            ClockKind.EXTENDED_RESPONSE,
            ClockKind.FOLLOW_UP,
            ClockKind.FEE_ESTIMATE_ANSWER,
            ClockKind.DEPOSIT_PAYMENT,
            ClockKind.CLARIFICATION_ANSWER,
            ClockKind.VOLUMINOUS_ANSWER,
            ClockKind.APPEAL,
            ClockKind.APPEAL_DECISION,
            ClockKind.FURTHER_APPEAL,
        )
    )
}


def _ordered(clocks: list[Clock]) -> list[Clock]:
    return sorted(clocks, key=_rank) if len(clocks) > 1 else clocks


def _rank(clock: Clock) -> int:
    return _ORDER[clock.kind]  # every ClockKind is ranked (tests/deadlines/test_dates_only.py)
