"""Each dashboard row's one next action (issue 16), as the request page's header shows it.

The action comes from foia.requests.next_action with what each request row remembers of its
ledger and clocks (decisive_kind, next_agency_due_on, appeal_due_on ...): one statement for every
listed request at once, and one more only when some status needs a whole ledger (after an appeal
decision), whatever the number of rows (tests/dashboard counts them).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import groupby

from sqlalchemy import select

from foia.extensions import db
from foia.requests.models import ClockEvent, RecordsRequest
from foia.requests.next_action import NextAction, next_action
from foia.requests.status import derive_status, status_from_decisive
from foia.requests.status_filter import active_kinds
from foia.responses import appeals
from foia.responses.kinds import WITHHOLDING_OUTCOMES, Outcome
from foia.responses.models import CategoryOutcome


def next_actions(request_ids: Iterable[int | None], today: date) -> dict[int, NextAction]:
    """Return the next action of each open request among `request_ids` (closed ones: none)."""
    ids = sorted({i for i in request_ids if i is not None})
    if not ids:
        return {}
    withholding = (
        select(CategoryOutcome.id)
        .where(
            CategoryOutcome.request_id == RecordsRequest.id,
            CategoryOutcome.outcome.in_(tuple(WITHHOLDING_OUTCOMES)),
        )
        .exists()
    )
    rows = db.session.execute(
        select(
            RecordsRequest.id,
            RecordsRequest.decisive_kind,
            RecordsRequest.approved_at.is_not(None),
            RecordsRequest.is_in_litigation,
            RecordsRequest.next_agency_due_on,
            RecordsRequest.appeal_due_on,
            withholding,
        ).where(RecordsRequest.id.in_(ids), RecordsRequest.closed_at.is_(None))
    ).all()
    statuses = {
        row[0]: status_from_decisive(row[1], is_approved=bool(row[2]), is_in_litigation=row[3])
        for row in rows
    }
    statuses.update(_whole_ledger_statuses([row for row in rows if statuses[row[0]] is None]))
    return {
        request_id: _action(statuses[request_id], agency_due, appeal_due, bool(withheld), today)
        for request_id, *_, agency_due, appeal_due, withheld in rows
    }


def _action(
    status: str | None,
    agency_due: date | None,
    appeal_due: date | None,
    withheld: bool,
    today: date,
) -> NextAction:
    """Return next_action for one row, its facts read as the request page reads its clocks."""
    status = status or ""
    # Only the grounds of a denial (whole or partial) change the action; "overdue" grounds do
    # not (an overdue agency is followed up), so no clocks are needed here.
    grounds = appeals.appeal_grounds(status, [Outcome.WITHHELD] if withheld else [], None)
    return next_action(
        status,
        is_overdue=agency_due is not None and agency_due < today,
        appeal_grounds=grounds,
        is_appeal_window_open=appeal_due is None or appeal_due >= today,
    )


def _whole_ledger_statuses(rows) -> dict[int, str]:
    """Return the status of requests whose decisive event is an appeal decision."""
    if not rows:
        return {}
    flags = {row[0]: (bool(row[2]), bool(row[3])) for row in rows}
    events = db.session.execute(active_kinds().where(ClockEvent.request_id.in_(flags))).all()
    found = {}
    for request_id, group in groupby(events, key=lambda event: event[0]):
        approved, litigation = flags[request_id]
        kinds = [kind for _, kind in group]
        found[request_id] = derive_status(kinds, is_approved=approved, is_in_litigation=litigation)
    return found
