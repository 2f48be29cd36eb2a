"""Recompute every open request in bulk: plain rows in, one statement per kind of change out.

`foia.requests.clocks` recomputes one request through the ORM; this module does what it does for
thousands at once (a closure added, a law changed, the nightly run), with the same results.

Lock order. A one-request write (an event added, a reply logged, a filing recorded) updates the
request's row, whose trigger then updates its agency's row of `agency_request_counts`, and then
its snapshots. A bulk run that took those locks in another order could deadlock with it on
PostgreSQL: holding an agency's counts (from an earlier request of that agency) while waiting for
a request that the other writer holds while waiting for the same counts. So the bulk run takes
them in the same order as every other writer, request rows first:
1. each batch locks the rows of the requests it changes (in id order, the batches ascending)
   before it writes their snapshots;
2. the request rows themselves, whose trigger takes the counts, are updated once, after the
   last batch, in agency order, when every row they touch is already held.
"""

from collections import defaultdict
from datetime import date

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import selectinload

from foia.agencies.models import Agency
from foia.audit import AuditEvent
from foia.db import utcnow
from foia.deadlines import calculator
from foia.deadlines.calendars import BusinessCalendar
from foia.deadlines.errors import DeadlineError
from foia.deadlines.rules import get_law
from foia.extensions import db
from foia.requests import clocks
from foia.requests.models import ClockEvent, DeadlineSnapshot, RecordsRequest

#: Requests recomputed per database round trip.
BATCH_SIZE = 500


def recompute_open_requests(reason: str, today: date, actor=None, agencies=None) -> int:
    """Recompute every open request (or those of the agencies selected) in batches."""
    # Plain rows in, bulk statements out, BATCH_SIZE requests at a time: ORM objects for
    # 45,000 requests and their ledgers cost more than the deadline engine itself.
    db.session.flush()
    closures = clocks.load_closures()
    query = (
        select(
            RecordsRequest.id,
            RecordsRequest.agency_id,
            RecordsRequest.is_expedited,
            *(getattr(RecordsRequest, column) for column in clocks.REMEMBERED_DATES),
        )
        .where(RecordsRequest.closed_at.is_(None))
        .order_by(RecordsRequest.id)
    )
    if agencies is not None:
        query = query.where(RecordsRequest.agency_id.in_(agencies))
    batch = _Batch(reason, today, closures, _actor_id(actor))
    moved, last_id = 0, 0
    while rows := db.session.execute(
        query.where(RecordsRequest.id > last_id).limit(BATCH_SIZE)
    ).all():
        moved += batch.run(rows)
        last_id = rows[-1].id
    batch.write_requests()
    # The statements went around the identity map: objects loaded before are stale.
    db.session.expire_all()
    return moved


def _actor_id(actor) -> int | None:
    return getattr(actor, "id", None) if actor is not None and actor.is_authenticated else None


class _Batch:
    """Recompute batches of open requests from plain rows; write the changes in bulk."""

    def __init__(self, reason: str, today: date, closures: clocks.ClosureIndex, actor_id) -> None:
        self.reason, self.today, self.closures, self.actor_id = reason, today, closures, actor_id
        #: agency id -> (agency, its calendar), filled as the batches need them.
        self.agencies: dict[int, tuple[Agency, BusinessCalendar]] = {}
        #: (agency id, request id, the request row's new remembered dates), written last.
        self.requests: list[tuple[int, int, dict]] = []

    def run(self, rows) -> int:
        """Recompute the requests of `rows`: id, agency_id, is_expedited, *REMEMBERED_DATES."""
        ids = [row.id for row in rows]
        ledgers, snapshots = self._ledgers(ids), self._snapshots(ids)
        self._load_agencies({row.agency_id for row in rows})
        changes = _Changes()
        agency_of = {row.id: row.agency_id for row in rows}
        for request_id, agency_id, is_expedited, *remembered in rows:
            events = ledgers.get(request_id)
            if not events:
                continue  # a draft: no clock has started
            agency, calendar = self.agencies[agency_id]
            try:
                law = get_law(agency.jurisdiction.code, clocks.filed_on(events))
                result = clocks.compute_deadlines(
                    agency, law, calendar, events, self.today, is_expedited, explain=False
                )
            except DeadlineError:
                continue  # an impossible ledger is reported on the request page, not here
            stored = dict(zip(clocks.REMEMBERED_DATES, remembered, strict=True))
            changes.diff(request_id, result, snapshots.get(request_id, {}), stored)
        _lock_requests(changes.touched())
        self.requests += [(agency_of[row["id"]], row["id"], row) for row in changes.next_due]
        return changes.write(self.reason, self.actor_id)

    def write_requests(self) -> None:
        """Update the changed request rows, in agency order (their trigger takes its counts)."""
        if self.requests:
            self.requests.sort(key=lambda item: item[:2])
            db.session.execute(update(RecordsRequest), [row for _, _, row in self.requests])
        self.requests = []

    def _ledgers(self, ids: list[int]) -> dict[int, list[calculator.LedgerEvent]]:
        ledgers: dict[int, list[calculator.LedgerEvent]] = defaultdict(list)
        rows = db.session.execute(
            select(
                ClockEvent.request_id,
                ClockEvent.kind,
                ClockEvent.occurred_on,
                ClockEvent.days,
                ClockEvent.basis,
                ClockEvent.occurred_at_time,
            )
            .where(ClockEvent.request_id.in_(ids), ClockEvent.active())
            .order_by(ClockEvent.request_id, ClockEvent.occurred_on, ClockEvent.id)
        )
        for request_id, kind, on, days, basis, at in rows:
            ledgers[request_id].append(
                calculator.LedgerEvent(kind=kind, on=on, days=days, basis=basis or None, at=at)
            )
        return ledgers

    def _snapshots(self, ids: list[int]) -> dict[int, dict[str, tuple]]:
        found: dict[int, dict[str, tuple]] = defaultdict(dict)
        rows = db.session.execute(
            select(
                DeadlineSnapshot.request_id,
                DeadlineSnapshot.kind,
                DeadlineSnapshot.id,
                DeadlineSnapshot.due_on,
                DeadlineSnapshot.is_settled,
            ).where(DeadlineSnapshot.request_id.in_(ids))
        )
        for request_id, kind, *snapshot in rows:
            found[request_id][kind] = tuple(snapshot)
        return found

    def _load_agencies(self, ids: set[int]) -> None:
        missing = ids - self.agencies.keys()
        if not missing:
            return
        loaded = db.session.scalars(
            select(Agency).where(Agency.id.in_(missing)).options(selectinload(Agency.jurisdiction))
        )
        for agency in loaded:
            self.agencies[agency.id] = (agency, clocks.calendar_of(agency, self.closures))


def _lock_requests(request_ids: list[int]) -> None:
    """Hold the rows of the requests about to change, in id order."""
    # PostgreSQL only in effect: SQLite has one writer at a time, and SQLAlchemy leaves
    # FOR UPDATE out there.
    if request_ids:
        db.session.execute(
            select(RecordsRequest.id)
            .where(RecordsRequest.id.in_(request_ids))
            .order_by(RecordsRequest.id)
            .with_for_update(key_share=True)
        ).all()


class _Changes:
    """What one batch changes: snapshot rows, next due dates, and the audit of moved dates."""

    def __init__(self) -> None:
        self.now = utcnow()
        self.moved: list[dict] = []
        self.settled: list[dict] = []
        self.added: list[dict] = []
        self.removed: list[int] = []
        self.next_due: list[dict] = []
        self.moves: list[tuple] = []
        #: Requests whose snapshots change.
        self.changed: list[int] = []

    def diff(self, request_id: int, result, current: dict[str, tuple], remembered: dict) -> None:
        """Compare the computed clocks with the stored snapshots, as _sync_snapshots does.

        `remembered` holds the request row's REMEMBERED_DATES as stored.
        """
        current = dict(current)
        before = self._snapshot_changes()
        for clock in result.clocks:
            is_settled = clocks.is_settled(clock)
            stored = current.pop(clock.kind, None)
            if stored is None:
                self.added.append(
                    {
                        "request_id": request_id,
                        "kind": clock.kind,
                        "due_on": clock.due_on,
                        "computed_at": self.now,
                        "is_settled": is_settled,
                    }
                )
                continue
            snapshot_id, due_on, was_settled = stored
            if due_on != clock.due_on:
                self.moves.append((request_id, clock.kind, due_on, clock.due_on))
                self.moved.append(
                    {
                        "id": snapshot_id,
                        "due_on": clock.due_on,
                        "computed_at": self.now,
                        "is_settled": is_settled,
                    }
                )
            elif was_settled != is_settled:
                self.settled.append({"id": snapshot_id, "is_settled": is_settled})
        self.removed.extend(snapshot_id for snapshot_id, _, _ in current.values())
        fresh = clocks.remembered_dates(result)
        if fresh != remembered:
            self.next_due.append({"id": request_id, **fresh})
        if self._snapshot_changes() > before:
            self.changed.append(request_id)

    def _snapshot_changes(self) -> int:
        return len(self.added) + len(self.moved) + len(self.settled) + len(self.removed)

    def touched(self) -> list[int]:
        """Return the ids of the requests this batch changes, in id order."""
        return sorted({*self.changed, *(row["id"] for row in self.next_due)})

    def write(self, reason: str, actor_id) -> int:
        """Send the snapshots' changes and the audit, one statement per kind of change.

        The request rows are left to `_Batch.write_requests`. Return how many dates moved.
        """
        session = db.session
        for rows in (self.moved, self.settled):
            if rows:
                session.execute(update(DeadlineSnapshot), rows)
        if self.added:
            session.execute(insert(DeadlineSnapshot), self.added)
        if self.removed:
            session.execute(delete(DeadlineSnapshot).where(DeadlineSnapshot.id.in_(self.removed)))
        if self.moves:
            session.execute(
                insert(AuditEvent),
                [
                    {
                        "at": self.now,
                        "user_id": actor_id,
                        "action": "deadline.moved",
                        "object_type": "recordsrequest",
                        "object_id": request_id,
                        **clocks.move_details(kind, old, new, reason),
                    }
                    for request_id, kind, old, new in self.moves
                ],
            )
        return len(self.moves)
