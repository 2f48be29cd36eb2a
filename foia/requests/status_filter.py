"""The Request status filter of the requests list and the search, as a condition on the request
row (statuses are not stored).

Each request row keeps its ledger's decisive event (RecordsRequest.decisive_kind), which with
its approval and litigation flags gives its status (status_from_decisive) without its events:
the condition lists the combinations of those columns giving the status asked for. Only after an
appeal decision is the whole ledger needed; those few requests' ledgers are read in one
statement, whatever the number of requests (the filter used to load every request and its events).
The requests list reads its page's ledgers with the same active_kinds().
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from sqlalchemy import ColumnElement, Select, false, or_, select
from sqlalchemy.orm import QueryableAttribute, Session

from foia.requests.models import ClockEvent, RecordsRequest
from foia.requests.status import DECISIVE_KINDS, derive_status, status_from_decisive

#: Every value RecordsRequest.decisive_kind takes: a decisive kind, or None without one.
_KINDS: tuple[str | None, ...] = (*DECISIVE_KINDS, None)
_FLAGS = ((False, False), (False, True), (True, False), (True, True))


def status_condition(session: Session, status: str) -> ColumnElement[bool]:
    """Return the condition that a RecordsRequest's derived status is `status`."""
    giving: dict[str | None, list[tuple[bool, bool]]] = {}
    needing_ledger: dict[str | None, list[tuple[bool, bool]]] = {}
    for kind in _KINDS:
        for approved, litigation in _FLAGS:
            found = status_from_decisive(kind, is_approved=approved, is_in_litigation=litigation)
            if found == status:
                giving.setdefault(kind, []).append((approved, litigation))
            elif found is None:
                needing_ledger.setdefault(kind, []).append((approved, litigation))
    conditions = [_row_is(kind, flags) for kind, flags in giving.items()]
    if needing_ledger:
        which = or_(*(_row_is(kind, flags) for kind, flags in needing_ledger.items()))
        conditions.append(RecordsRequest.id.in_(_ids_by_whole_ledger(session, which, status)))
    return or_(false(), *conditions)


def _row_is(kind: str | None, flags: list[tuple[bool, bool]]) -> ColumnElement[bool]:
    """Return the condition that a row has decisive `kind` and one of the (approved, litigation)."""
    column = RecordsRequest.decisive_kind
    has_kind = column.is_(None) if kind is None else column == kind
    either = []
    for litigation in sorted({litigation for _, litigation in flags}):
        approvals = {approved for approved, in_litigation in flags if in_litigation == litigation}
        condition: ColumnElement[bool] = RecordsRequest.is_in_litigation.is_(litigation)
        if len(approvals) == 1:  # with both, approval does not matter
            is_approved = RecordsRequest.approved_at.is_not(None)
            condition &= is_approved if approvals.pop() else ~is_approved
        either.append(condition)
    return has_kind & or_(*either)


def active_kinds(*columns: ColumnElement[Any] | QueryableAttribute[Any]) -> Select[tuple[Any, ...]]:
    """Select (request id, *columns, kind) of the active events, by request in ledger order."""
    # Callers add which requests (a where, and a join for columns of the request row).
    return (
        select(ClockEvent.request_id, *columns, ClockEvent.kind)
        .where(ClockEvent.active())
        .order_by(ClockEvent.request_id, ClockEvent.occurred_on, ClockEvent.id)
    )


def _ids_by_whole_ledger(session: Session, which: ColumnElement[bool], status: str) -> list[int]:
    """Return the ids of the requests matching `which` whose whole ledger gives `status`."""
    flags = RecordsRequest.approved_at.is_not(None), RecordsRequest.is_in_litigation
    rows = session.execute(
        active_kinds(*flags)
        .join_from(ClockEvent, RecordsRequest, ClockEvent.request_id == RecordsRequest.id)
        .where(which)
    ).all()
    found = []
    for request_id, grouped in groupby(rows, key=lambda row: row[0]):
        group = list(grouped)
        kinds = [row[3] for row in group]
        derived = derive_status(
            kinds, is_approved=bool(group[0][1]), is_in_litigation=bool(group[0][2])
        )
        if derived == status:
            found.append(request_id)
    return found
