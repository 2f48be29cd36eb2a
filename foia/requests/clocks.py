"""Bridge between stored requests and the pure deadline engine.

Builds each request's law, calendar and ledger from the database, asks `foia.deadlines` for its
clocks, and keeps `DeadlineSnapshot` rows in step so that moved dates are reported (old date, new
date, why) in the audit log and on the request page.
"""

import gc
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from foia import audit
from foia.agencies.models import Agency
from foia.db import utcnow
from foia.deadlines import calculator
from foia.deadlines.calendars import BusinessCalendar, Closure, calendar_for
from foia.deadlines.errors import DeadlineError
from foia.deadlines.rules import LawRule, get_law
from foia.extensions import db
from foia.jurisdictions.codes import county_code, municipality_code
from foia.jurisdictions.models import Closure as ClosureRow
from foia.jurisdictions.models import Jurisdiction
from foia.requests.models import ClockEvent, DeadlineSnapshot, RecordsRequest

#: Requests recomputed per database round trip.
BATCH_SIZE = 500


@dataclass(frozen=True)
class ClosureIndex:
    """Every stored closure, grouped by what it closes, loaded once per recomputation."""

    by_jurisdiction: dict[str, tuple[Closure, ...]]
    by_agency: dict[int, tuple[Closure, ...]]

    def for_agency(self, agency: Agency) -> tuple[Closure, ...]:
        """Return the closures that apply to `agency`: state, county, town and its own."""
        state = agency.jurisdiction.code
        codes = [state]
        if agency.county:
            codes.append(county_code(state, agency.county))
        if agency.municipality:
            codes.append(municipality_code(state, agency.municipality))
        found = [c for code in codes for c in self.by_jurisdiction.get(code, ())]
        found.extend(self.by_agency.get(agency.id, ()))
        return tuple(sorted(set(found), key=lambda c: (c.on, c.reason)))


def load_closures() -> ClosureIndex:
    """Read every closure from the database."""
    by_jurisdiction: dict[str, list[Closure]] = defaultdict(list)
    by_agency: dict[int, list[Closure]] = defaultdict(list)
    rows = db.session.execute(
        select(ClosureRow, Jurisdiction.code).outerjoin(
            Jurisdiction, ClosureRow.jurisdiction_id == Jurisdiction.id
        )
    ).all()
    for row, code in rows:
        closure = Closure(on=row.closed_on, reason=f"agency closed: {row.reason}")
        if row.agency_id is not None:
            by_agency[row.agency_id].append(closure)
        elif code:
            by_jurisdiction[code].append(closure)
    return ClosureIndex(
        {k: tuple(v) for k, v in by_jurisdiction.items()},
        {k: tuple(v) for k, v in by_agency.items()},
    )


def ledger_of(records_request: RecordsRequest) -> list[calculator.LedgerEvent]:
    """Return the request's clock events as the engine's plain values."""
    return [
        calculator.LedgerEvent(
            kind=e.kind,
            on=e.occurred_on,
            days=e.days,
            basis=e.basis or None,
            at=e.occurred_at_time,
        )
        for e in sorted(records_request.events, key=lambda e: (e.occurred_on, e.id or 0))
    ]


def law_for(records_request: RecordsRequest) -> LawRule:
    """Return the law in force when the request was filed (or today's, before filing)."""
    filed = next((e.occurred_on for e in records_request.events if e.kind == "filed"), None)
    return get_law(records_request.agency.jurisdiction.code, filed)


def calendar_of(agency: Agency, closures: ClosureIndex) -> BusinessCalendar:
    """Return the business-day calendar of `agency`."""
    return calendar_for(
        agency.jurisdiction.code, county=agency.county, closures=closures.for_agency(agency)
    )


def deadlines_for(
    records_request: RecordsRequest,
    today: date,
    closures: ClosureIndex | None = None,
    extra_events: Sequence[calculator.LedgerEvent] = (),
) -> calculator.Deadlines | None:
    """Compute every clock of the request as of `today` (None while nothing has happened)."""
    closures = closures or load_closures()
    agency = records_request.agency
    events = sorted([*ledger_of(records_request), *extra_events], key=lambda e: e.on)
    if not events:
        return None  # a draft: no clock has started
    result = calculator.compute_clocks(
        law_for(records_request),
        calendar_of(agency, closures),
        events,
        today,
        agency_level=_engine_level(agency.level),
        after_hours_cutoff=agency.after_hours_cutoff,
    )
    if records_request.is_expedited:
        return result
    # Federal FOIA's 10-day expedited decision only runs when expedition was asked for.
    kept = tuple(c for c in result.clocks if c.kind != "expedited_decision")
    return replace(result, clocks=kept)


def _engine_level(level: str) -> str:
    # The engine knows state / municipal / county; federal agencies run on the federal law,
    # whose clocks do not depend on level.
    return "state" if level in ("federal", "state") else level


def recompute(
    requests: Iterable[RecordsRequest],
    reason: str,
    today: date,
    closures: ClosureIndex | None = None,
    actor=None,
) -> int:
    """Recompute the requests' due dates; record each date that moved. Return how many moved."""
    closures = closures or load_closures()
    moved = 0
    for records_request in requests:
        try:
            result = deadlines_for(records_request, today, closures)
        except DeadlineError:
            continue  # an impossible ledger is reported on the request page, not here
        if result is not None:
            moved += _sync_snapshots(records_request, result, reason, actor)
    db.session.flush()
    return moved


def _sync_snapshots(records_request, result, reason: str, actor) -> int:
    current = {s.kind: s for s in records_request.snapshots}
    moved = 0
    for clock in result.clocks:
        snapshot = current.pop(clock.kind, None)
        # --- reminders (issue 6): keep the "settled" fact in step with the ledger.
        is_settled = clock.state in ("met", "not applicable") or clock.met_on is not None
        if snapshot is not None and snapshot.is_settled != is_settled:
            snapshot.is_settled = is_settled
        # --- end reminders
        if snapshot is None:
            records_request.snapshots.append(
                DeadlineSnapshot(
                    kind=clock.kind,
                    due_on=clock.due_on,
                    computed_at=utcnow(),
                    is_settled=is_settled,
                )
            )
            continue
        if snapshot.due_on != clock.due_on:
            _record_move(records_request, clock.kind, snapshot.due_on, clock.due_on, reason, actor)
            snapshot.due_on, snapshot.computed_at = clock.due_on, utcnow()
            moved += 1
    for gone in current.values():
        records_request.snapshots.remove(gone)
    return moved


def _record_move(records_request, kind, old, new, reason, actor) -> None:
    def show(day):
        return day.strftime("%a %d %b %Y") if day else "none"

    audit.record(
        "deadline.moved",
        records_request,
        f"{kind.replace('_', ' ')} deadline moved from {show(old)} to {show(new)}: {reason}",
        user=actor,
        data={
            "kind": kind,
            "old": old.isoformat() if old else None,
            "new": new.isoformat() if new else None,
            "reason": reason,
        },
    )


def open_requests_query():
    """Return a select of open requests with what recomputation needs, loaded eagerly."""
    return (
        select(RecordsRequest)
        .where(RecordsRequest.closed_at.is_(None))
        .options(
            selectinload(RecordsRequest.events),
            selectinload(RecordsRequest.snapshots),
            selectinload(RecordsRequest.agency).selectinload(Agency.jurisdiction),
        )
        .order_by(RecordsRequest.id)
    )


def recompute_open_requests(reason: str, today: date, actor=None, agencies=None) -> int:
    """Recompute every open request (or those of the agencies selected) in batches."""
    closures = load_closures()
    query = open_requests_query()
    if agencies is not None:
        query = query.where(RecordsRequest.agency_id.in_(agencies))
    moved, last_id = 0, 0
    # The batches load hundreds of thousands of small objects that refer to each other; the
    # cyclic garbage collector would walk all of them again and again (half the run time), so
    # it waits until the run is over. Each finished batch leaves the session to be freed.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        while True:
            batch = db.session.scalars(
                query.where(RecordsRequest.id > last_id).limit(BATCH_SIZE)
            ).all()
            if not batch:
                return moved
            moved += recompute(batch, reason, today, closures, actor)
            last_id = batch[-1].id
            for records_request in batch:
                db.session.expunge(records_request)
    finally:
        if gc_was_enabled:
            gc.enable()


def event_row(records_request: RecordsRequest, kind: str, on: date, **fields) -> ClockEvent:
    """Return a new ClockEvent for the request (not yet added)."""
    return ClockEvent(records_request=records_request, kind=kind, occurred_on=on, **fields)
