"""The clock ledger: dated events, their vocabulary and validation, and the pauses they make.

Every deadline is computed from these events (foia.deadlines.calculator); nothing here counts days.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from operator import attrgetter
from typing import NamedTuple

from foia.deadlines.bounds import EARLIEST, LATEST, check_computable
from foia.deadlines.errors import LedgerError
from foia.deadlines.kinds import EVENT_KINDS, EventKind, event_words
from foia.deadlines.rules import LawRule

__all__ = [
    "AGENCY_EVENTS",
    "EVENT_KINDS",
    "RESPONSE_EVENTS",
    "EventKind",
    "Ledger",
    "LedgerEvent",
    "Pause",
    "collect_pauses",
    "validate_ledger",
]

_EVENT_KIND_SET = frozenset(EVENT_KINDS)
# Events the agency (not the requester) makes: none may predate the request reaching it.
AGENCY_EVENTS = frozenset(
    {
        EventKind.ACKNOWLEDGED,
        EventKind.CLARIFICATION_REQUESTED,
        EventKind.FEE_ESTIMATE,
        EventKind.EXTENSION_CLAIMED,
        EventKind.PARTIAL_RELEASE,
        EventKind.FINAL_RESPONSE,
        EventKind.DENIAL,
        EventKind.NO_RECORDS,
        EventKind.RULING_REQUESTED,
        EventKind.RULING_BRIEF_SENT,
        EventKind.RULING_INFORMATION_SENT,
        EventKind.DEPOSIT_REQUIRED,
        EventKind.VOLUMINOUS_NOTICE,
    }
)
# Determinations the requester can appeal; the latest one starts the appeal window.
RESPONSE_EVENTS: tuple[str, ...] = (
    EventKind.PARTIAL_RELEASE,
    EventKind.FINAL_RESPONSE,
    EventKind.DENIAL,
    EventKind.NO_RECORDS,
)
# A required deposit or bond is a fee question like an estimate: paying it answers it, and Texas
# counts the request as received anew when the deposit is (Tex. Gov't Code §552.263(e)).
_PAUSE_PAIRS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "clarification": ((EventKind.CLARIFICATION_REQUESTED,), (EventKind.CLARIFICATION_ANSWERED,)),
    "fee": (
        (EventKind.FEE_ESTIMATE, EventKind.DEPOSIT_REQUIRED),
        (EventKind.FEE_PAID, EventKind.FEE_WAIVED),
    ),
}
_PAUSE_OPENERS = frozenset(opener for openers, _ in _PAUSE_PAIRS.values() for opener in openers)
Pause = tuple[date, date, str]  # (asked on, answered on, what): days after `asked` up to `answered`


@dataclass(frozen=True, slots=True)
class LedgerEvent:
    """One dated fact about a request: filed, received, acknowledged, extension claimed, ..."""

    kind: str
    on: date
    days: int | None = None
    basis: str | None = None
    at: time | None = None


class Ledger(NamedTuple):
    """Validated events in date order, with look-ups the clocks need."""

    # A named tuple (immutable, built in a third of a frozen dataclass's time): one is built for
    # every request computed. `by_kind` is derived from `events` and never changed after.

    events: tuple[LedgerEvent, ...]
    #: The events of each kind present, in date order.
    by_kind: dict[str, tuple[LedgerEvent, ...]]

    def first(self, kinds: Iterable[str], on_or_after: date | None = None) -> LedgerEvent | None:
        """Return the earliest event of these kinds (on or after a date), if any."""
        best: LedgerEvent | None = None
        by_kind = self.by_kind
        for kind in kinds:
            if kind not in by_kind:  # most kinds asked for are not in a ledger: no call for them
                continue
            found = by_kind[kind]
            event = found[0]
            if on_or_after is not None and event.on < on_or_after:
                later = next((e for e in found if e.on >= on_or_after), None)
                if later is None:
                    continue
                event = later
            if best is None or event.on < best.on:
                best = event
        return best

    def last(self, kinds: Iterable[str]) -> LedgerEvent | None:
        """Return the latest event of these kinds, if any."""
        best: LedgerEvent | None = None
        by_kind = self.by_kind
        for kind in kinds:
            if kind in by_kind and (best is None or by_kind[kind][-1].on > best.on):
                best = by_kind[kind][-1]  # the first kind listed wins a tie, as max() would
        return best

    def all(self, kind: str) -> tuple[LedgerEvent, ...]:
        """Return every event of one kind, in date order."""
        return self.by_kind.get(kind, ())


def validate_ledger(events: Iterable[LedgerEvent]) -> Ledger:
    """Return the events as a Ledger in date order, or raise LedgerError naming the problem."""
    ordered = tuple(sorted(events, key=_EVENT_DATE))  # stable: same-day events keep order
    by_kind: dict[str, tuple[LedgerEvent, ...]] = {}
    days_given = False
    for event in ordered:
        kind = event.kind
        if kind in by_kind:
            by_kind[kind] += (event,)  # a kind has one or two events
        else:
            by_kind[kind] = (event,)
        if event.days is not None:
            days_given = True
    # Every kind known and the first and last dates computable (the events are in date order):
    # then only a day count can be wrong, so only events with one are checked. Otherwise each
    # is checked in order, so the error names the first bad event as it always did.
    if not _EVENT_KIND_SET.issuperset(by_kind) or (
        ordered and not (ordered[0].on >= EARLIEST and ordered[-1].on <= LATEST)
    ):
        for event in ordered:
            _check_event(event)  # raises, naming the problem, or passes a positive `days`
    elif days_given:
        for event in ordered:
            if event.days is not None:
                _check_event(event)
    filed_events = by_kind.get("filed")
    received_events = by_kind.get("received")
    if filed_events is not None and len(filed_events) > 1:
        raise LedgerError(f"the ledger has more than one {event_words('filed')} event")
    if received_events is not None and len(received_events) > 1:
        raise LedgerError(f"the ledger has more than one {event_words('received')} event")
    received = received_events[0] if received_events else None
    start = filed_events[0] if filed_events else received
    if start is None:
        raise LedgerError(
            "the ledger has no “Filed” or “Received by the agency” event, so no clock can start"
        )
    # In date order, only events before both starting events can come too early.
    limit = max(start.on, received.on) if received else start.on
    if ordered[0].on < limit:
        _check_early(ordered, start, received, limit)
    if not by_kind.keys().isdisjoint(_ANSWERS):
        _check_pairs(ordered)
    return Ledger(ordered, by_kind)


def _check_early(
    ordered: Sequence[LedgerEvent], start: LedgerEvent, received: LedgerEvent | None, limit: date
) -> None:
    for event in ordered:
        if event.on >= limit:
            break
        if event.on < start.on:
            raise LedgerError(
                f"{event_words(event.kind, event.on)} is before the request was"
                f" {'filed' if start.kind == EventKind.FILED else 'received'} on"
                f" {start.on:%a %d %b %Y}"
            )
        if received and event.kind in AGENCY_EVENTS and event.on < received.on:
            raise LedgerError(
                f"{event_words(event.kind, event.on)} is before the agency received the"
                f" request on {received.on:%a %d %b %Y}"
            )


_EVENT_DATE = attrgetter("on")


def _check_event(event: LedgerEvent) -> None:
    if event.kind not in _EVENT_KIND_SET:
        raise LedgerError(f"unknown ledger event {event.kind!r}: expected one of {EVENT_KINDS}")
    check_computable(event.on, f"the {event_words(event.kind)} event on")
    if event.days is not None and event.days <= 0:
        raise LedgerError(
            f"{event_words(event.kind, event.on)} has {event.days} days: must be positive"
        )


# Each answer needs an open question before it; an appeal decision needs an appeal.
_OPENERS = {
    "clarification_answered": ("clarification_requested",),
    "fee_paid": ("fee_estimate", "deposit_required"),
    "fee_waived": ("fee_estimate", "deposit_required"),
    "appeal_decided": ("appeal_filed",),
}
_ANSWERS = frozenset(_OPENERS)
_OPENING = frozenset(opener for needed in _OPENERS.values() for opener in needed)


def _check_pairs(ordered: Sequence[LedgerEvent]) -> None:
    openers = _OPENERS
    open_count: dict[str, int] = {}
    for event in ordered:
        if event.kind in _OPENING:
            open_count[event.kind] = open_count.get(event.kind, 0) + 1
        needed = openers.get(event.kind)
        if needed is None:
            continue
        opener = next((kind for kind in needed if open_count.get(kind, 0) > 0), None)
        if opener is None:
            raise LedgerError(
                f"{event_words(event.kind, event.on)} has no earlier {event_words(needed[0])} to"
                " answer"
            )
        open_count[opener] -= 1


# --- pauses ---------------------------------------------------------------------------------


def collect_pauses(
    law: LawRule, ledger: Ledger, flags: list[str]
) -> tuple[tuple[Pause, ...], tuple[date, str] | None]:
    """Return the closed pauses the law allows and the open one (asked on, what), if any."""
    pauses: list[Pause] = []
    open_pause: tuple[date, str] | None = None
    if _PAUSE_OPENERS.isdisjoint(ledger.by_kind):
        return (), None
    for what, (openers, closers) in _PAUSE_PAIRS.items():
        asked: list[LedgerEvent] = []
        used = 0
        for event in ledger.events:
            if event.kind in openers:
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
            f"{event_words(event.kind, event.on)} does not pause the clock under {law.citation}"
        )
        return False
    limit = law.clarification_toll_limit
    if what == "clarification" and limit is not None and used >= limit:
        flags.append(
            f"{event_words(event.kind, event.on)} does not pause the clock:"
            f" {law.citation} allows the clock to be tolled only {limit} time(s) for it"
        )
        return False
    return True
