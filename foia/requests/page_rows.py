"""What the request page shows of one request, read in one statement (issue 16 §5).

The page shows about fifteen short lists (ledger, letters, notes, outcomes, fees, appeals,
tracking numbers, deadline changes, unsent email, bounces, closures...). One SELECT each was
most of the page's time on PostgreSQL: here each list is a JSON array that the database builds
in a scalar subquery of the statement that reads the request, and the rows come back as ORM
instances (sqlalchemy.orm.make_transient_to_detached, then Session.merge(load=False): the
documented way to put rows read elsewhere into a session without SQL).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Integer,
    Numeric,
    Select,
    Text,
    Time,
    bindparam,
    cast,
    func,
    inspect,
    literal_column,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import aliased, joinedload, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.types import TypeDecorator, TypeEngine

from foia.agencies.models import Agency
from foia.audit import AuditEvent
from foia.auth.models import User
from foia.campaigns.models import Campaign
from foia.extensions import db
from foia.inbound.delivery import FailureLine, failure_lines_query, line_of
from foia.inbound.models import DeliveryFailure, InboundEmail
from foia.jurisdictions.models import Closure, Jurisdiction
from foia.letters.models import RecordCategory
from foia.mail import OutboundEmail
from foia.mail.queries import unsent_query
from foia.requests.clocks import ClosureIndex, closure_index
from foia.requests.models import ClockEvent, DeadlineSnapshot, RecordsRequest, RequestLetter
from foia.responses.models import Appeal, CategoryOutcome, Fee, Note, TrackingNumber
from foia.responses.sections import SectionRows, ThreadRows


@dataclass
class PageRows:
    """One request and everything its page lists, loaded."""

    request: RecordsRequest
    #: The people the page names (owner, volunteer...): held here, the session finds them for
    #: the relationships (its identity map keeps only what something else holds).
    people: list[User]
    #: Every ledger event, removed ones too, in date order (request.events has the active ones).
    ledger: list[ClockEvent]
    closures: ClosureIndex
    #: The audit's "deadline moved" lines, newest first.
    moves: list[AuditEvent]
    sections: SectionRows
    #: Open delivery failures of the request, newest first.
    failures: list[FailureLine]
    #: The request's email that failed and has not gone.
    unsent: list[OutboundEmail]


def load_page_rows(request_id: int) -> PageRows | None:
    """Return the request and its page's lists in one statement (None if there is no request).

    Measured on the bench data (bench/bench_pages.py, 50,000 requests, as a volunteer): the
    page went from 24 statements to 5 (2 of them the login's); a full demo-like request
    (tests/requests/test_request_page_statements.py) from 27-30 to 5-7. Times in
    bench/RESULTS.md. The statement is built once per process: building it (some 300 column
    proxies) took longer than running it.
    """
    page = _page_statement(db.session.get_bind().dialect.name)
    row = db.session.execute(page.statement, {"request_id": request_id}).first()
    if row is None:
        return None
    records_request, data = row[0], row._mapping

    def rows(name: str) -> list:
        return page.lists[name].rows(data[name])

    def instances(name: str, *order: str) -> list:
        found = page.lists[name].instances(data[name])
        return sorted(found, key=lambda item: tuple(getattr(item, key) for key in order))

    ledger = instances("events", "occurred_on", "id")
    set_committed_value(records_request, "events", [e for e in ledger if not e.is_removed])
    set_committed_value(records_request, "letters", instances("letters", "id"))
    set_committed_value(records_request, "snapshots", instances("snapshots", "id"))
    bounced: dict[int, list] = {}
    for failure in instances("bounced", "id"):
        bounced.setdefault(failure.inbound_email_id, []).append(failure)
    return PageRows(
        request=records_request,
        people=instances("people", "id"),
        ledger=ledger,
        closures=closure_index(rows("closures")),
        moves=instances("moves", "at", "id")[::-1],
        sections=SectionRows(
            thread=ThreadRows(
                automatic=instances("automatic", "id"),
                notes=instances("notes", "id"),
                failures=bounced,
            ),
            outcomes=instances("outcomes", "id"),
            fees=instances("fees", "occurred_on", "id"),
            appeals=instances("appeals", "id"),
            tracking_numbers=instances("tracking", "id"),
            category_names=dict(rows("categories")),
        ),
        failures=sorted(map(line_of, rows("failures")), key=lambda line: line.id, reverse=True),
        unsent=instances("unsent", "id"),
    )


def _closures_of(request_id) -> Select:
    """Select the closures of the request agency's state and its places (a superset: the
    ClosureIndex picks the agency's own)."""
    state = (
        select(Jurisdiction.code)
        .join(Agency, Agency.jurisdiction_id == Jurisdiction.id)
        .join(RecordsRequest, RecordsRequest.agency_id == Agency.id)
        .where(RecordsRequest.id == request_id)
        .scalar_subquery()
    )
    agency = select(RecordsRequest.agency_id).where(RecordsRequest.id == request_id)
    place = aliased(Jurisdiction)
    return (
        select(Closure.closed_on, Closure.reason, Closure.agency_id, place.code)
        .outerjoin(place, place.id == Closure.jurisdiction_id)
        .where(
            or_(
                Closure.agency_id == agency.scalar_subquery(),
                place.code == state,
                place.code.like(state + ":%"),
            )
        )
    )


def _people_of(request_id):
    """Select the ids of the people the page names: the request's owner, volunteer and who
    closed it, and its campaign's default owner and volunteer."""
    mine = RecordsRequest.id == request_id
    campaign = (RecordsRequest, RecordsRequest.campaign_id == Campaign.id)
    return union_all(
        select(RecordsRequest.owner_id).where(mine),
        select(RecordsRequest.volunteer_id).where(mine),
        select(RecordsRequest.closed_by_id).where(mine),
        select(Campaign.default_owner_id).join(*campaign).where(mine),
        select(Campaign.default_volunteer_id).join(*campaign).where(mine),
    )


@dataclass(frozen=True)
class _PageStatement:
    statement: Select
    lists: dict[str, _JsonList]


@cache
def _page_statement(dialect: str) -> _PageStatement:
    """Build the page's statement for `dialect`, the request's id a parameter."""
    request_id = bindparam("request_id", type_=Integer)
    automatic = (InboundEmail.request_id == request_id, InboundEmail.communication_id.is_(None))
    queries: dict[str, Select] = {
        "events": _of(ClockEvent, ClockEvent.request_id == request_id),
        "letters": _of(RequestLetter, RequestLetter.request_id == request_id),
        "snapshots": _of(DeadlineSnapshot, DeadlineSnapshot.request_id == request_id),
        "outcomes": _of(CategoryOutcome, CategoryOutcome.request_id == request_id),
        "fees": _of(Fee, Fee.request_id == request_id),
        "appeals": _of(Appeal, Appeal.request_id == request_id),
        "tracking": _of(TrackingNumber, TrackingNumber.request_id == request_id),
        "notes": _of(Note, Note.request_id == request_id),
        "automatic": _of(InboundEmail, *automatic),
        "bounced": _of(
            DeliveryFailure,
            DeliveryFailure.inbound_email_id.in_(select(InboundEmail.id).where(*automatic)),
        ),
        "moves": _of(
            AuditEvent,
            AuditEvent.object_type == "recordsrequest",
            AuditEvent.object_id == request_id,
            AuditEvent.action == "deadline.moved",
        ),
        "unsent": _every_column(unsent_query(request_id)),
        "failures": failure_lines_query(request_id),
        "closures": _closures_of(request_id),
        "categories": select(RecordCategory.slug, RecordCategory.name),
        # Read here rather than joined: five joins of users took PostgreSQL longer to plan
        # than the rest of the statement; the relationships then find them in the session.
        "people": _of(User, User.id.in_(_people_of(request_id))),
    }
    lists = {name: _JsonList(query, dialect) for name, query in queries.items()}
    statement = (
        select(RecordsRequest, *(j.column.label(name) for name, j in lists.items()))
        .where(RecordsRequest.id == request_id)
        .options(
            joinedload(RecordsRequest.agency).joinedload(Agency.jurisdiction),
            joinedload(RecordsRequest.campaign),
        )
    )
    return _PageStatement(statement, lists)


# --- lists as JSON ------------------------------------------------------------------------------


def _of(entity, *criteria) -> Select:
    """Select every column of the rows of `entity` that meet `criteria`."""
    return _every_column(select(entity).where(*criteria))


def _every_column(query: Select) -> Select:
    """Return `query` (of one entity) selecting each of the entity's columns, in mapper order."""
    entity = query.column_descriptions[0]["entity"]
    return query.with_only_columns(*(getattr(entity, a.key) for a in inspect(entity).column_attrs))


class _JsonList:
    """The rows of a query as a JSON array of objects c0, c1... in a scalar subquery, and how
    to read them back."""

    def __init__(self, query: Select, dialect: str) -> None:
        rows = query.subquery()
        pairs: list = []
        for n, column in enumerate(rows.c):
            # Keys written into the SQL, not bound: on PostgreSQL, 150 parameters more made
            # each execution three times slower.
            pairs += [literal_column(f"'c{n}'"), _json_value(column, dialect)]
        if dialect == "postgresql":
            array = func.json_agg(func.json_build_object(*pairs))
        else:
            array = func.json_group_array(func.json_object(*pairs))
        self.column = type_coerce(select(array).select_from(rows).scalar_subquery(), JSON)
        self.kinds = [column.type for column in query.selected_columns]
        entity = query.column_descriptions[0]["entity"]
        #: The entity an _of() query reads, and its attributes in column order.
        self.entity = entity
        self.keys = [a.key for a in inspect(entity).column_attrs] if entity is not None else []

    def rows(self, data) -> list[tuple]:
        """Return the rows read back from the JSON list, as typed tuples."""
        dialect = db.session.get_bind().dialect
        return [
            tuple(_python(row[f"c{n}"], kind, dialect) for n, kind in enumerate(self.kinds))
            for row in data or ()
        ]

    def instances(self, data) -> list:
        """Return the rows of an _of() query as instances in the session, without SQL."""
        found = []
        for values in self.rows(data):
            instance = self.entity(**dict(zip(self.keys, values, strict=True)))
            make_transient_to_detached(instance)
            # As a query does: a row the session already holds keeps its object, unchanged.
            held = db.session.identity_map.get(inspect(instance).key)
            found.append(held if held is not None else db.session.merge(instance, load=False))
        return found


def _json_value(column, dialect: str):
    kind = _base_type(column.type)
    if isinstance(kind, Numeric) and kind.asdecimal:
        return cast(column, Text)  # exact, not a JSON float
    if isinstance(kind, JSON) and dialect == "sqlite":
        return func.json(column)  # nested as JSON, not as a string
    return column


def _base_type(kind: TypeEngine) -> TypeEngine:
    return kind.impl_instance if isinstance(kind, TypeDecorator) else kind


def _python(value, kind: TypeEngine, dialect):
    """Return a JSON value as the column type gives it when read from a row."""
    if value is None:
        return None
    if isinstance(kind, TypeDecorator):
        return kind.process_result_value(_python(value, kind.impl_instance, dialect), dialect)
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Time):
        return time.fromisoformat(value)
    if isinstance(kind, Boolean):
        return bool(value)
    if isinstance(kind, Numeric) and kind.asdecimal:
        number = Decimal(value)
        return number.quantize(Decimal(1).scaleb(-kind.scale)) if kind.scale else number
    return value
