"""Bridge between stored requests and the pure deadline engine.

Builds each request's law, calendar and ledger from the database, asks `foia.deadlines` for its
clocks, and keeps `DeadlineSnapshot` rows in step so that moved dates are reported (old date, new
date, why) in the audit log and on the request page.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from foia import audit
from foia.agencies.models import Agency
from foia.db import utcnow
from foia.deadlines import calculator
from foia.deadlines.calendars import BusinessCalendar, Closure, calendar_for
from foia.deadlines.errors import DeadlineError
from foia.deadlines.kinds import ClockKind, EventKind
from foia.deadlines.rules import LawRule, get_law
from foia.extensions import db
from foia.jurisdictions.codes import county_code, municipality_code
from foia.jurisdictions.models import Closure as ClosureRow
from foia.jurisdictions.models import Jurisdiction
from foia.requests.models import ClockEvent, DeadlineSnapshot, RecordsRequest
from foia.requests.status import REQUESTER_CLOCKS


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
    return closure_index(
        db.session.execute(
            select(
                ClosureRow.closed_on, ClosureRow.reason, ClosureRow.agency_id, Jurisdiction.code
            ).outerjoin(Jurisdiction, ClosureRow.jurisdiction_id == Jurisdiction.id)
        ).all()
    )


def closure_index(rows: Iterable[tuple[date, str, int | None, str | None]]) -> ClosureIndex:
    """Return the index of closures given as (closed on, reason, agency id, jurisdiction code)."""
    by_jurisdiction: dict[str, list[Closure]] = defaultdict(list)
    by_agency: dict[int, list[Closure]] = defaultdict(list)
    for closed_on, reason, agency_id, code in rows:
        closure = Closure(on=closed_on, reason=f"agency closed: {reason}")
        if agency_id is not None:
            by_agency[agency_id].append(closure)
        elif code:
            by_jurisdiction[code].append(closure)
    return ClosureIndex(
        {k: tuple(v) for k, v in by_jurisdiction.items()},
        {k: tuple(v) for k, v in by_agency.items()},
    )


def ledger_from(events: Iterable[ClockEvent]) -> list[calculator.LedgerEvent]:
    """Return stored clock events, in date order, as the engine's plain values."""
    return [
        calculator.LedgerEvent(
            kind=e.kind,
            on=e.occurred_on,
            days=e.days,
            basis=e.basis or None,
            at=e.occurred_at_time,
        )
        for e in sorted(events, key=lambda e: (e.occurred_on, e.id or 0))
    ]


def ledger_of(records_request: RecordsRequest) -> list[calculator.LedgerEvent]:
    """Return the request's clock events as the engine's plain values."""
    return ledger_from(records_request.events)


def law_for(records_request: RecordsRequest) -> LawRule:
    """Return the law in force when the request was filed (or today's, before filing)."""
    return get_law(records_request.agency.jurisdiction.code, filed_on(ledger_of(records_request)))


def filed_on(events: Sequence[calculator.LedgerEvent]) -> date | None:
    """Return the day of the ledger's filing, if it has one (the law in force then applies)."""
    return next((e.on for e in events if e.kind == EventKind.FILED), None)


def calendar_of(agency: Agency, closures: ClosureIndex) -> BusinessCalendar:
    """Return the business-day calendar of `agency`."""
    return calendar_for(
        agency.jurisdiction.code,
        county=agency.county,
        closures=closures.for_agency(agency),
        level=engine_level(agency.level),
    )


def deadlines_for(
    records_request: RecordsRequest,
    today: date,
    closures: ClosureIndex | None = None,
    *,
    explain: bool = True,
    ledger: Sequence[calculator.LedgerEvent] | None = None,
) -> calculator.Deadlines | None:
    """Compute every clock of the request as of `today` (None while nothing has happened).

    `explain=False` gives the same dates and states without each clock's basis and steps.
    `ledger` (events in date order) stands for the stored one: the ledger new events would make.
    """
    closures = closures or load_closures()
    agency = records_request.agency
    events = ledger_of(records_request) if ledger is None else ledger
    if not events:
        return None  # a draft: no clock has started
    law = get_law(agency.jurisdiction.code, filed_on(events))
    calendar = calendar_of(agency, closures)
    expedited = records_request.is_expedited
    return compute_deadlines(agency, law, calendar, events, today, expedited, explain=explain)


def compute_deadlines(
    agency: Agency,
    law: LawRule,
    calendar: BusinessCalendar,
    events: Sequence[calculator.LedgerEvent],
    today: date,
    is_expedited: bool,
    *,
    explain: bool = True,
) -> calculator.Deadlines:
    """Compute the clocks of a request to `agency` from its ledger (events in date order)."""
    # Snapshots and batches need dates and states only: the explanation is for the page.
    compute = calculator.compute_clocks if explain else calculator.compute_due_dates
    result = compute(
        law,
        calendar,
        events,
        today,
        agency_level=engine_level(agency.level),
        after_hours_cutoff=agency.after_hours_cutoff,
    )
    if is_expedited:
        return result
    # Federal FOIA's 10-day expedited decision only runs when expedition was asked for.
    kept = tuple(c for c in result.clocks if c.kind != ClockKind.EXPEDITED_DECISION)
    return result._replace(clocks=kept)


def engine_level(level: str) -> str:
    """Return the engine's agency level (state, municipal, county) for an agency's level."""
    # Federal agencies run on the federal law, whose clocks and calendar do not depend on level.
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
            result = deadlines_for(records_request, today, closures, explain=False)
        except DeadlineError:
            continue  # an impossible ledger is reported on the request page, not here
        moved += store_deadlines(records_request, result, reason, actor)
    db.session.flush()
    return moved


def store_deadlines(records_request, result, reason: str, actor=None) -> int:
    """Keep the snapshots in step with clocks computed from the stored ledger; count moved dates."""
    if result is None:
        _forget_clocks(records_request)
        return 0
    return _sync_snapshots(records_request, result, reason, actor)


def _forget_clocks(records_request: RecordsRequest) -> None:
    # No event left (its only one was removed, issue 16): no clock runs, none is remembered.
    records_request.snapshots.clear()
    for column in REMEMBERED_DATES:
        setattr(records_request, column, None)


def is_settled(clock: calculator.Clock) -> bool:
    """Return whether a clock needs nothing more (met, not applicable, or answered late)."""
    return clock.state in ("met", "not applicable") or clock.met_on is not None


def next_due_of(result: calculator.Deadlines) -> date | None:
    """Return the earliest due date of the unsettled clocks (RecordsRequest.next_due_on)."""
    return min((c.due_on for c in result.clocks if c.due_on and not is_settled(c)), default=None)


def remembered_dates(result: calculator.Deadlines) -> dict:
    """Return the due dates a request row remembers of its clocks (see RecordsRequest)."""
    return remembered_from((c.kind, c.due_on, is_settled(c)) for c in result.clocks)


def remembered_from(clocks: Iterable[tuple[str, date | None, bool]]) -> dict:
    """Return the remembered due dates of clocks given as (kind, due date, is settled)."""
    clocks = list(clocks)
    unsettled = [(due_on, kind) for kind, due_on, settled in clocks if due_on and not settled]
    due = {kind: due_on for kind, due_on, _ in clocks}
    agency = min(((d, k) for d, k in unsettled if k not in REQUESTER_CLOCKS), default=(None, None))
    return {
        "next_due_on": min((d for d, _ in unsettled), default=None),
        "next_agency_due_on": agency[0],
        "next_agency_due_kind": agency[1],
        "appeal_due_on": min((d for d, k in unsettled if k == "appeal"), default=None),
        # The scorecards' response deadlines, settled or not (RecordsRequest.response_due_on).
        **{column: due.get(kind) for column, kind in _RESPONSE_DUE.items()},
    }


_RESPONSE_DUE = {
    "response_due_on": ClockKind.RESPONSE,
    "extended_due_on": ClockKind.EXTENDED_RESPONSE,
}
#: The RecordsRequest columns remembered_dates fills.
REMEMBERED_DATES = (
    "next_due_on",
    "next_agency_due_on",
    "next_agency_due_kind",
    "appeal_due_on",
    *_RESPONSE_DUE,
)


def _sync_snapshots(records_request, result, reason: str, actor) -> int:
    current = {s.kind: s for s in records_request.snapshots}
    moved = 0
    for column, value in remembered_dates(result).items():
        if getattr(records_request, column) != value:
            setattr(records_request, column, value)
    for clock in result.clocks:
        snapshot = current.pop(clock.kind, None)
        # --- reminders (issue 6): keep the "settled" fact in step with the ledger.
        settled = is_settled(clock)
        if snapshot is not None and snapshot.is_settled != settled:
            snapshot.is_settled = settled
        # --- end reminders
        if snapshot is None:
            records_request.snapshots.append(
                DeadlineSnapshot(
                    kind=clock.kind,
                    due_on=clock.due_on,
                    computed_at=utcnow(),
                    is_settled=settled,
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
    audit.record(
        "deadline.moved", records_request, **move_details(kind, old, new, reason), user=actor
    )


def move_details(kind: str, old: date | None, new: date | None, reason: str) -> dict:
    """Return the audit summary and data of a due date that moved, and why."""

    def show(day):
        return day.strftime("%a %d %b %Y") if day else "none"

    return {
        "summary": f"{kind.replace('_', ' ')} deadline moved from {show(old)} to {show(new)}: "
        f"{reason}",
        "data": {
            "kind": kind,
            "old": old.isoformat() if old else None,
            "new": new.isoformat() if new else None,
            "reason": reason,
        },
    }


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
