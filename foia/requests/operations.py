"""Request operations: they change the session, write the audit log, flush, and never commit."""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from foia import audit
from foia.agencies.models import Agency
from foia.audit import Action
from foia.db import utcnow
from foia.deadlines import calculator
from foia.deadlines.errors import DeadlineError
from foia.deadlines.kinds import EVENT_LABELS, EventKind
from foia.extensions import db
from foia.requests import clocks, status
from foia.requests.models import ClockEvent, RecordsRequest
from foia.requests.status import CloseReason

#: Ledger events only a lawyer may record: they are legal acts of ours, not agency replies.
LAWYER_EVENTS = frozenset({EventKind.FILED, EventKind.APPEAL_FILED, EventKind.WITHDRAWN})


class RequestError(ValueError):
    """A change to a request that cannot be made, with a message for people."""


def create_request(
    agency: Agency, title: str, *, owner, actor, is_expedited: bool = False
) -> RecordsRequest:
    """Create a draft request to `agency` and give it a reference."""
    records_request = RecordsRequest(
        agency=agency, title=title.strip(), owner=owner, is_expedited=is_expedited
    )
    db.session.add(records_request)
    db.session.flush()
    records_request.reference = f"FR-{records_request.created_at.year}-{records_request.id:05d}"
    audit.record(
        "request.created",
        records_request,
        f"Request {records_request.reference} to {agency.name} created",
        user=actor,
    )
    db.session.flush()
    return records_request


@dataclass(frozen=True)
class NewEvent:
    """A ledger event to record: its kind, date, and what add_event takes besides."""

    kind: str
    on: date
    days: int | None = None
    basis: str = ""
    at: time | None = None
    is_estimated: bool = False


def add_event(
    records_request: RecordsRequest,
    kind: str,
    on: date,
    *,
    today: date,
    actor,
    days: int | None = None,
    basis: str = "",
    at: time | None = None,
    is_estimated: bool = False,
    closures: clocks.ClosureIndex | None = None,
) -> ClockEvent:
    """Record a ledger event after checking that the ledger stays possible; recompute the clocks.

    `closures` saves reading them again when the caller records many events (a filing worker).
    """
    new = NewEvent(kind, on, days=days, basis=basis, at=at, is_estimated=is_estimated)
    return add_events(records_request, [new], today=today, actor=actor, closures=closures)[0]


def add_events(
    records_request: RecordsRequest,
    new_events: Sequence[NewEvent],
    *,
    today: date,
    actor,
    closures: clocks.ClosureIndex | None = None,
) -> list[ClockEvent]:
    """Record ledger events together: one check of the ledger they make, one recomputation.

    The deadlines are those of the ledger with every event in it, as after one add_event per
    event; no snapshot is written for a ledger that holds only some of them (a filing's "filed"
    without its "received"), so no date is reported moved between the two.
    """
    for new in new_events:
        _check_new(new)
    ledger = sorted(
        [*clocks.ledger_of(records_request), *map(_ledger_event, new_events)], key=lambda e: e.on
    )
    try:
        result = clocks.deadlines_for(
            records_request, today, closures, explain=False, ledger=ledger
        )
    except DeadlineError as exc:
        raise RequestError(str(exc)) from exc
    events = [_stored(records_request, new, actor) for new in new_events]
    _remember_ledger(records_request)
    for new in new_events:
        audit.record(
            "request.event_added",
            records_request,
            f"{EVENT_LABELS[new.kind]} on {new.on:%a %d %b %Y}",
            user=actor,
            data={"kind": new.kind, "on": new.on.isoformat(), "days": new.days, "basis": new.basis},
        )
    reason = "; ".join(
        f"{EVENT_LABELS[new.kind].lower()} recorded for {new.on:%a %d %b %Y}" for new in new_events
    )
    # The ledger computed above is the stored one now: its clocks are written as computed.
    clocks.store_deadlines(records_request, result, reason, actor)
    db.session.flush()
    return events


def _check_new(new: NewEvent) -> None:
    """Raise RequestError if the event cannot be on any ledger."""
    if new.kind not in EVENT_LABELS:
        raise RequestError(f"Unknown event {new.kind!r}.")
    if new.kind == EventKind.EXTENSION_CLAIMED and not new.days:
        raise RequestError("Say how many days the agency claimed for the extension.")
    if new.days is not None and not 0 < new.days <= 3650:
        raise RequestError("The number of days must be between 1 and 3650.")


def _ledger_event(new: NewEvent) -> calculator.LedgerEvent:
    return calculator.LedgerEvent(
        kind=new.kind, on=new.on, days=new.days, basis=new.basis.strip() or None, at=new.at
    )


def _stored(records_request: RecordsRequest, new: NewEvent, actor) -> ClockEvent:
    event = ClockEvent(
        records_request=records_request,
        kind=new.kind,
        occurred_on=new.on,
        days=new.days,
        basis=new.basis.strip(),
        occurred_at_time=new.at,
        is_estimated=new.is_estimated,
        recorded_by_id=getattr(actor, "id", None),
    )
    db.session.add(event)
    return event


def remove_event(event: ClockEvent, *, reason: str, today: date, actor) -> None:
    """Mark a mistaken ledger event removed (who, when, why); recompute the clocks."""
    reason = reason.strip()
    if not reason:
        raise RequestError("Say why the event is removed.")
    if event.is_removed:
        raise RequestError("This event is already removed.")
    records_request = event.records_request
    remaining = [e for e in records_request.events if e.id != event.id]
    try:
        _check_ledger(records_request, remaining, today)
    except DeadlineError as exc:
        raise RequestError(f"Removing it would leave an impossible ledger: {exc}") from exc
    event.removed_at, event.removed_reason = utcnow(), reason
    event.removed_by_id = getattr(actor, "id", None)
    label = EVENT_LABELS.get(event.kind, event.kind)
    audit.record(
        Action.REQUEST_EVENT_REMOVED,
        records_request,
        f"Removed {label} of {event.occurred_on:%a %d %b %Y}: {reason}",
        user=actor,
        data=_event_data(event, reason),
    )
    _ledger_changed(records_request, f"{label.lower()} removed ({reason})", today, actor)


def restore_event(event: ClockEvent, *, today: date, actor) -> None:
    """Put a removed ledger event back; recompute the clocks."""
    if not event.is_removed:
        raise RequestError("This event is not removed.")
    records_request = event.records_request
    try:
        _check_ledger(records_request, [*records_request.events, event], today)
    except DeadlineError as exc:
        raise RequestError(f"Restoring it would leave an impossible ledger: {exc}") from exc
    reason = event.removed_reason or ""
    event.removed_at = event.removed_by_id = event.removed_reason = None
    label = EVENT_LABELS.get(event.kind, event.kind)
    audit.record(
        Action.REQUEST_EVENT_RESTORED,
        records_request,
        f"Restored {label} of {event.occurred_on:%a %d %b %Y} (removed as: {reason})",
        user=actor,
        data=_event_data(event, reason),
    )
    _ledger_changed(records_request, f"{label.lower()} restored", today, actor)


#: The longest closing note kept (a paragraph; the thread holds longer texts).
MAX_CLOSE_NOTE = 2000


def close_request(
    records_request: RecordsRequest, reason: str, *, note: str = "", today: date, actor
) -> None:
    """Close a request with a reason and a note (who, when, why): its reminders stop."""
    if records_request.closed_at is not None:
        raise RequestError("This request is already closed: reopen it first to close it again.")
    try:
        why = CloseReason(reason)
    except ValueError:
        raise RequestError("Choose why the request is closed from the list.") from None
    note = note.strip()
    if len(note) > MAX_CLOSE_NOTE:
        raise RequestError(f"Keep the note under {MAX_CLOSE_NOTE} characters.")
    kinds = {e.kind for e in records_request.events}
    if why == CloseReason.WITHDRAWN and EventKind.WITHDRAWN not in kinds:
        if EventKind.FILED not in kinds:
            raise RequestError("This request was never filed: close it as no longer needed.")
        # A withdrawal is a ledger fact: recorded, the status says "withdrawn" like the header.
        add_event(records_request, EventKind.WITHDRAWN, today, today=today, actor=actor)
    records_request.closed_at = utcnow()
    records_request.closed_by_id = getattr(actor, "id", None)
    records_request.close_reason, records_request.close_note = why.value, note or None
    audit.record(
        Action.REQUEST_CLOSED,
        records_request,
        f"Closed: {why.label}" + (f" ({note})" if note else ""),
        user=actor,
        data={"reason": why.value, "note": note},
    )
    db.session.flush()


def reopen_request(records_request: RecordsRequest, *, reason: str, today: date, actor) -> None:
    """Reopen a closed request, saying why; the closing stays in the audit log."""
    if records_request.closed_at is None:
        raise RequestError("This request is open: there is nothing to reopen.")
    reason = reason.strip()
    if not reason:
        raise RequestError("Say why the request is reopened.")
    closed = {
        "closed_at": records_request.closed_at.isoformat(),
        "closed_by_id": records_request.closed_by_id,
        "close_reason": records_request.close_reason,
        "close_note": records_request.close_note,
    }
    if records_request.close_reason == CloseReason.WITHDRAWN:
        # Reopened, it is no longer withdrawn: the withdrawal leaves the ledger struck through,
        # restorable like any removed event.
        for event in withdrawals_of(records_request):
            remove_event(event, reason=f"Request reopened: {reason}", today=today, actor=actor)
    records_request.closed_at = records_request.closed_by_id = None
    records_request.close_reason = records_request.close_note = None
    audit.record(
        Action.REQUEST_REOPENED,
        records_request,
        f"Reopened: {reason}",
        user=actor,
        data={"reason": reason, "closing": closed},
    )
    db.session.flush()
    # While closed, recomputations passed it by: bring its deadlines up to date.
    clocks.recompute([records_request], f"request reopened ({reason})", today, actor=actor)


def withdrawals_of(records_request: RecordsRequest) -> list[ClockEvent]:
    """Return the withdrawals on a request's ledger (reopening removes them)."""
    return [e for e in records_request.events if e.kind == EventKind.WITHDRAWN]


def removal_preview(event: ClockEvent, today: date) -> list[tuple[str, date | None, date | None]]:
    """Return the clocks whose due date removing `event` would change: (kind, now, after)."""
    records_request = event.records_request
    before = _due_dates(records_request, records_request.events, today)
    after = _due_dates(
        records_request, [e for e in records_request.events if e.id != event.id], today
    )
    kinds = [*before, *(k for k in after if k not in before)]
    return [(k, before.get(k), after.get(k)) for k in kinds if before.get(k) != after.get(k)]


def _due_dates(records_request, events, today) -> dict[str, date | None]:
    try:
        result = _check_ledger(records_request, events, today)
    except DeadlineError:
        return {}
    return {c.kind: c.due_on for c in result.clocks} if result else {}


def _event_data(event: ClockEvent, reason: str) -> dict:
    """Return what the audit log keeps of a removed or restored event."""
    return {
        "event_id": event.id,
        "kind": event.kind,
        "on": event.occurred_on.isoformat(),
        "days": event.days,
        "basis": event.basis,
        "reason": reason,
    }


def _ledger_changed(records_request: RecordsRequest, why: str, today: date, actor) -> None:
    """Reload the ledger after an event left or rejoined it; recompute the clocks."""
    db.session.flush()
    # The ledger relationship only holds active events: load it again from the database.
    db.session.expire(records_request, ["events"])
    _remember_ledger(records_request)
    clocks.recompute([records_request], why, today, actor=actor)


def _remember_ledger(records_request: RecordsRequest) -> None:
    """Store what the dashboard reads of the ledger, after it changed (see RecordsRequest)."""
    events = records_request.events
    # An event not flushed yet has no id: it gets the next, in the order events were added.
    later = itertools.count(max((e.id or 0 for e in events), default=0) + 1)
    records_request.decisive_kind = status.decisive_kind(
        (e.kind, e.occurred_on, e.id if e.id is not None else next(later)) for e in events
    )
    waiting = status.waiting_on_us((e.kind, e.occurred_on) for e in events)
    records_request.fee_waiting_since = waiting.get("fee")
    records_request.clarification_waiting_since = waiting.get("clarification")
    for column, on in status.first_dates((e.kind, e.occurred_on) for e in events).items():
        setattr(records_request, column, on)


def _check_ledger(records_request, events, today) -> calculator.Deadlines | None:
    """Compute the clocks a ledger of `events` would give, raising if it is impossible."""
    ledger = clocks.ledger_from(events)
    if not ledger:
        return None
    agency = records_request.agency
    return clocks.compute_deadlines(
        agency,
        clocks.law_for(records_request),
        clocks.calendar_of(agency, clocks.load_closures()),
        ledger,
        today,
        records_request.is_expedited,
    )
