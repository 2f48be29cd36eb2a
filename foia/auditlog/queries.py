"""Read the audit log: filter, page, describe rows for people, and stream it as CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, and_, or_, select

from foia import clock
from foia.agencies.csvio import escape_formula
from foia.audit import Action, AuditEvent
from foia.auth.models import User
from foia.documents.models import Attachment
from foia.extensions import db
from foia.inbound.models import DeliveryFailure, InboundEmail
from foia.requests.models import RecordsRequest
from foia.responses.models import Note

PER_PAGE = 50
#: Pages past this are refused as empty rather than asked of the database.
MAX_PAGE = 1_000_000
#: Rows the CSV export reads from the database at a time.
CSV_BATCH = 500
#: The person filter's value for events no person caused (commands run by cron, the seed).
NOBODY = "nobody"
#: `audit.record` names an object's type by its class, lower-cased.
REQUEST_TYPE = RecordsRequest.__name__.lower()
#: Objects that belong to one request: their events count as that request's.
REQUEST_PARTS = {
    model.__name__.lower(): model for model in (Note, Attachment, InboundEmail, DeliveryFailure)
}
CSV_HEADER = ("When (UTC)", "Person", "Email", "Action", "Request", "Object", "Summary", "Details")


@dataclass(frozen=True)
class AuditFilters:
    """What the log is narrowed to; every field is optional."""

    user_id: int | None = None
    #: Only events no person caused.
    is_nobody: bool = False
    request_id: int | None = None
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class Row:
    """One audit event as the page and the CSV show it."""

    event: AuditEvent
    person: User | None
    action_label: str
    request_id: int | None
    reference: str

    @property
    def at_local(self) -> datetime:
        """Return when it happened, in the organisation's time zone."""
        return self.event.at.astimezone(clock.local_zone())


def find_request(text: str) -> int | None:
    """Return the id of the request whose reference is `text` ("FR-2026-00042") or its number."""
    text = text.strip().lstrip("#")
    by_reference = db.session.scalar(
        select(RecordsRequest.id).where(RecordsRequest.reference == text.upper())
    )
    if by_reference is not None:
        return by_reference
    if text.isascii() and text.isdigit() and int(text) < 2**31:
        return db.session.scalar(select(RecordsRequest.id).where(RecordsRequest.id == int(text)))
    return None


def people() -> list[tuple[str, str]]:
    """Return every account, disabled ones too, as (id, "Name (email)") for the person filter."""
    rows = db.session.execute(
        select(User.id, User.name, User.email).order_by(User.name, User.email)
    )
    return [(str(i), f"{name} ({email})" if name else email) for i, name, email in rows]


def events_query(filters: AuditFilters) -> Select:
    """Return the filtered events, newest first."""
    return (
        select(AuditEvent)
        .where(*_conditions(filters))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )


def _conditions(filters: AuditFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.is_nobody:
        conditions.append(AuditEvent.user_id.is_(None))
    elif filters.user_id is not None:
        conditions.append(AuditEvent.user_id == filters.user_id)
    if filters.request_id is not None:
        conditions.append(_of_request(filters.request_id))
    if filters.action:
        conditions.append(AuditEvent.action == filters.action)
    if filters.date_from:
        conditions.append(AuditEvent.at >= _start_of(filters.date_from))
    if filters.date_to:
        conditions.append(AuditEvent.at < _start_of(filters.date_to + timedelta(days=1)))
    return conditions


def _of_request(request_id: int):
    """Match events about the request itself or about one of its notes, files or emails."""
    parts = [
        and_(
            AuditEvent.object_type == kind,
            AuditEvent.object_id.in_(select(model.id).where(model.request_id == request_id)),
        )
        for kind, model in REQUEST_PARTS.items()
    ]
    return or_(
        and_(AuditEvent.object_type == REQUEST_TYPE, AuditEvent.object_id == request_id), *parts
    )


def _start_of(day: date) -> datetime:
    # The dates a person types are the organisation's days, not UTC ones.
    return datetime.combine(day, time.min, tzinfo=clock.local_zone())


def page_of(filters: AuditFilters, page: int):
    """Return one page (PER_PAGE events) of the filtered log, newest first."""
    return db.paginate(
        events_query(filters),
        page=min(max(page, 1), MAX_PAGE),
        per_page=PER_PAGE,
        max_per_page=PER_PAGE,
        error_out=False,
    )


def describe(events: Iterable[AuditEvent]) -> list[Row]:
    """Return the events with their person and request, in a few queries for the whole batch."""
    events = list(events)
    user_ids = {e.user_id for e in events if e.user_id is not None}
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    request_of = _requests_of(events)
    references = dict(
        db.session.execute(
            select(RecordsRequest.id, RecordsRequest.reference).where(
                RecordsRequest.id.in_(set(request_of.values()))
            )
        ).all()
    )
    rows = []
    for event in events:
        request_id = request_of.get(event.id)
        rows.append(
            Row(
                event=event,
                person=users.get(event.user_id) if event.user_id is not None else None,
                action_label=_label(event.action),
                request_id=request_id,
                reference=(references.get(request_id) or f"#{request_id}") if request_id else "",
            )
        )
    return rows


def _requests_of(events: list[AuditEvent]) -> dict[int, int]:
    """Return {event id: request id} for the events about a request or a part of one."""
    found = {
        e.id: e.object_id
        for e in events
        if e.object_type == REQUEST_TYPE and e.object_id is not None
    }
    for kind, model in REQUEST_PARTS.items():
        ids = {e.object_id for e in events if e.object_type == kind and e.object_id is not None}
        if not ids:
            continue
        owner = dict(
            db.session.execute(select(model.id, model.request_id).where(model.id.in_(ids))).all()
        )
        for e in events:
            if e.object_type != kind or e.object_id is None:
                continue
            if request_id := owner.get(e.object_id):
                found[e.id] = request_id
    return found


def _label(action: str) -> str:
    try:
        return Action(action).label
    except ValueError:
        return action  # written before the vocabulary knew it: shown as stored


def csv_lines(filters: AuditFilters) -> Iterator[str]:
    """Yield the filtered log as CSV lines, newest first, every cell safe from formulas."""
    yield _line(CSV_HEADER)
    result = db.session.scalars(events_query(filters).execution_options(yield_per=CSV_BATCH))
    for batch in result.partitions():
        for row in describe(batch):
            yield _line(_cells(row))


def _cells(row: Row) -> tuple[str, ...]:
    event, person = row.event, row.person
    return (
        event.at.isoformat(timespec="seconds"),
        person.display_name if person else ("System" if event.user_id is None else ""),
        person.email if person else "",
        event.action,
        row.reference,
        f"{event.object_type} {event.object_id}"
        if event.object_id is not None
        else event.object_type,
        event.summary or "",
        json.dumps(event.data or {}, ensure_ascii=False, sort_keys=True, default=str),
    )


def _line(cells: Iterable[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([escape_formula(cell) for cell in cells])
    return buffer.getvalue()
