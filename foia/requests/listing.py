"""The requests list: filters, and one query (plus its count) for a page, by next deadline.

The next deadline is `RecordsRequest.next_due_on`, kept with the deadline snapshots and indexed
with the id, so the list neither groups the snapshots nor sorts 50,000 rows per page view.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import aliased

from foia.agencies.models import Agency
from foia.auth.models import User
from foia.deadlines.kinds import EventKind
from foia.extensions import db
from foia.jurisdictions.models import Jurisdiction
from foia.paging import Page, counted
from foia.requests.models import ClockEvent, RecordsRequest
from foia.requests.status import derive_status, status_from_decisive
from foia.requests.status_filter import active_kinds, status_condition

PER_PAGE = 50


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class RequestFilters:
    """What the list is narrowed to; every field is optional."""

    campaign_id: int | None = None
    agency_id: int | None = None
    state: str = ""
    status: str = ""
    owner_id: int | None = None
    due_from: date | None = None
    due_to: date | None = None

    @classmethod
    def from_args(cls, args) -> RequestFilters:
        """Read the filters from a query string (bad values are ignored)."""
        return cls(
            campaign_id=_int(args.get("campaign_id")),
            agency_id=_int(args.get("agency_id")),
            state=(args.get("state") or "").strip(),
            status=(args.get("status") or "").strip(),
            owner_id=_int(args.get("owner_id")),
            due_from=_date(args.get("due_from")),
            due_to=_date(args.get("due_to")),
        )

    def as_args(self) -> dict[str, str]:
        """Return the filters given, for links that keep them (pagination)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {k: str(v) for k, v in values.items() if v not in (None, "")}


def _order(dialect: str) -> tuple:
    # Soonest first, no deadline last. PostgreSQL's index order is ascending with NULLs last,
    # so NULLS LAST walks (next_due_on, id); SQLite puts NULLs first, hence "IS NULL" first.
    due = RecordsRequest.next_due_on
    if dialect == "postgresql":
        return due.asc().nulls_last(), RecordsRequest.id
    return due.is_(None), due, RecordsRequest.id


def _where(query, filters: RequestFilters):
    if filters.campaign_id:
        query = query.where(RecordsRequest.campaign_id == filters.campaign_id)
    if filters.agency_id:
        query = query.where(RecordsRequest.agency_id == filters.agency_id)
    if filters.owner_id:
        query = query.where(RecordsRequest.owner_id == filters.owner_id)
    if filters.state:
        here, parent = aliased(Jurisdiction), aliased(Jurisdiction)
        in_state = (
            select(Agency.id)
            .join(here, Agency.jurisdiction_id == here.id)
            .outerjoin(parent, here.parent_id == parent.id)
            .where((here.code == filters.state) | (parent.code == filters.state))
        )
        query = query.where(RecordsRequest.agency_id.in_(in_state))
    if filters.due_from:
        query = query.where(RecordsRequest.next_due_on >= filters.due_from)
    if filters.due_to:
        query = query.where(RecordsRequest.next_due_on <= filters.due_to)
    return query


def list_page(filters: RequestFilters, page: int) -> Page:
    """Return one page of ListRow, soonest next deadline first."""
    query = _where(select(RecordsRequest.id), filters)
    if filters.status:
        query = query.where(status_condition(db.session(), filters.status))
    page, total, exact = counted(query, page, PER_PAGE)
    order = _order(db.session.get_bind().dialect.name)
    # The page's ids in a subquery of records_requests alone: with the joins around the sort,
    # SQLite would join all 50,000 rows before sorting them.
    ids = query.order_by(*order).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    rows = db.session.execute(
        select(
            RecordsRequest.id,
            RecordsRequest.reference,
            RecordsRequest.title,
            Agency.name,
            User.display_name,
            RecordsRequest.closed_at.is_not(None),
            RecordsRequest.approved_at.is_not(None),
            RecordsRequest.is_in_litigation,
            RecordsRequest.next_due_on,
            RecordsRequest.decisive_kind,
        )
        .join(Agency, RecordsRequest.agency_id == Agency.id)
        .outerjoin(User, RecordsRequest.owner_id == User.id)
        .where(RecordsRequest.id.in_(ids.scalar_subquery()))
        .order_by(*order)
    ).all()
    # A row's status comes from its decisive event; only after an appeal decision does it need
    # the whole ledger, read then for those rows alone. Reading the 50 rows' ledgers cost the
    # list 0.7-0.8 ms of CPU a view, 1.0 ms with its round trip (PostgreSQL, bench data,
    # 2026-12-03).
    decided = [row[0] for row in rows if row[-1] == EventKind.APPEAL_DECIDED]
    kinds = _kinds_of(decided)
    items = [_list_row(row, kinds.get(row[0], [])) for row in rows]
    return Page(items, page, PER_PAGE, total, is_exact=exact)


@dataclass(frozen=True)
class ListRow:
    """One line of the requests list."""

    id: int
    reference: str
    title: str
    agency_name: str
    owner_name: str | None
    is_closed: bool
    status: str
    next_due_on: date | None


def _list_row(row, kinds: list[str]) -> ListRow:
    """Return a ListRow, its status from its decisive event or, after an appeal decision, from
    its active events' kinds (as the dashboard and the public page derive it)."""
    request_id, reference, title, agency, owner, closed, approved, litigation, due, decisive = row
    approved, litigation = bool(approved), bool(litigation)
    status = status_from_decisive(
        decisive, is_approved=approved, is_in_litigation=litigation
    ) or derive_status(kinds, is_approved=approved, is_in_litigation=litigation)
    return ListRow(request_id, reference, title, agency, owner, bool(closed), status, due)


def _kinds_of(request_ids: list[int]) -> dict[int, list[str]]:
    """Return the kinds of each request's active events, in ledger order (for appeal decisions).

    The list reads plain columns and these (request, kind) pairs rather than 50 requests, their
    agencies, owners and event objects: with foia.paging's bounded count, the list view went
    from 36 to 15 ms on the bench data (50,000 requests, PostgreSQL, 2026-12-03; bench/RESULTS.md
    "Pages under load, again").
    """
    kinds: dict[int, list[str]] = {request_id: [] for request_id in request_ids}
    if not request_ids:
        return kinds
    found = db.session.execute(active_kinds().where(ClockEvent.request_id.in_(request_ids)))
    for request_id, kind in found:
        kinds[request_id].append(kind)
    return kinds
