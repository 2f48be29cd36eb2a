"""Agency scorecards a page at a time: ranked in SQL, figured for the page's agencies only.

Every scorecard of 17,000 agencies (50,000 requests) took 2.5-3 s, for a page that shows 50.
Sorted by name, number of requests or share overdue, the order comes from SQL and only the
page's agencies get their figures, from what each request row remembers of its ledger and
clocks (RecordsRequest.received_on ... extended_due_on). Across every agency it comes from the
counts that triggers keep per agency (AgencyRequestCount: no GROUP BY over every request, which
was most of a page), plus the open requests that fell due since the counts' reference day; in a
campaign, from one GROUP BY over its requests. The median and the share on time need every
request's ledger and business calendar: sorted by those, every card is figured first (see
`_every_card`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, select, union

from foia import dates
from foia.agencies.models import Agency
from foia.dashboard import scorecards
from foia.deadlines.calendars import BusinessCalendar
from foia.deadlines.kinds import ClockKind, EventKind
from foia.extensions import db
from foia.jurisdictions.models import Jurisdiction
from foia.requests.calendars import AGENCY_COLUMNS, CalendarBook
from foia.requests.models import (
    AgencyCountReference,
    AgencyRequestCount,
    ClockEvent,
    RecordsRequest,
)
from foia.requests.status import FIRST_RESPONSE_KINDS

#: Sorts ranked in SQL; the others (median, on_time) rank every card in Python.
SQL_SORTS = ("agency", "requests", "overdue")
#: Agencies figured at once when every card is wanted (the CSV): bounded memory, bound parameters.
CHUNK = 500
#: Events a scorecard reads: receipt, then any response.
_WANTED = frozenset({EventKind.RECEIVED, EventKind.FILED, *FIRST_RESPONSE_KINDS})
_RESPONSE, _EXTENDED = ClockKind.RESPONSE, ClockKind.EXTENDED_RESPONSE


@dataclass(frozen=True)
class CardPage:
    """One page of scorecards, and how many agencies there are in all."""

    cards: list[scorecards.Scorecard]
    total: int


def _scope(campaign_id: int | None) -> ColumnElement[bool]:
    if campaign_id:
        return RecordsRequest.campaign_id == campaign_id
    return RecordsRequest.id > 0


def card_page(
    today: date, campaign_id: int | None, key: str, descending: bool, page: int, per_page: int
) -> CardPage:
    """Return page `page` (from 1) of the scorecards sorted by `key`."""
    offset = (page - 1) * per_page
    if key not in SQL_SORTS:
        cards = _every_card(today, campaign_id, key, descending)
        return CardPage(cards[offset : offset + per_page], len(cards))
    if not campaign_id:
        ranked = _counted(today, key, descending).offset(offset).limit(per_page)
        ids = list(db.session.scalars(ranked))
        agencies = select(func.count()).select_from(AgencyRequestCount).where(_HAS_REQUESTS)
        return CardPage(
            _in_order(cards_for(today, None, ids), ids), db.session.scalar(agencies) or 0
        )
    total = func.count().over().label("total")
    rows = db.session.execute(
        _ranking(today, campaign_id, key, descending)
        .add_columns(total)
        .offset(offset)
        # The window counts every agency before LIMIT applies: one statement for both.
        .limit(per_page)
    ).all()
    if not rows:
        return CardPage([], _count_agencies(campaign_id))
    ids = [row.agency_id for row in rows]
    return CardPage(_in_order(cards_for(today, campaign_id, ids), ids), rows[0].total)


def every_card(
    today: date, campaign_id: int | None, key: str, descending: bool
) -> Iterator[scorecards.Scorecard]:
    """Yield every scorecard in order, CHUNK agencies at a time when SQL ranks them."""
    if key not in SQL_SORTS:
        yield from _every_card(today, campaign_id, key, descending)
        return
    if campaign_id:
        ranking = _ranking(today, campaign_id, key, descending)
    else:
        ranking = _counted(today, key, descending)
    ids = list(db.session.scalars(ranking))
    book = CalendarBook()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        yield from _in_order(cards_for(today, campaign_id, chunk, book), chunk)


def set_aside(today: date, campaign_id: int | None) -> list[int]:
    """Return the requests whose entered dates no form accepts (left out of the timings)."""
    # An impossible date is rare: the events outside the plausible range come through the
    # index on occurred_on, and only their requests are read as a scorecard reads them.
    last = dates.latest(dates.RECEIVED, today)
    # Two ranges of the index, neither joined to the requests: with an OR, or a join, SQLite
    # walks every event by request instead (120 ms on a loaded machine, against 0.1).
    entered = (ClockEvent.active(), ClockEvent.kind.in_(sorted(_WANTED)))
    suspects = list(
        db.session.scalars(
            union(
                select(ClockEvent.request_id).where(
                    *entered, ClockEvent.occurred_on < dates.EARLIEST
                ),
                select(ClockEvent.request_id).where(*entered, ClockEvent.occurred_on > last),
            )
        )
    )
    if not suspects:
        return []
    where = and_(_scope(campaign_id), RecordsRequest.id.in_(suspects))
    facts = _facts(today, where, CalendarBook())[0]
    return sorted(f.request_id for f in facts if scorecards.has_impossible_date(f, today))


#: Agencies whose counts hold a request (a row stays at 0 when its last one goes).
_HAS_REQUESTS = AgencyRequestCount.requests > 0


def _counted(today: date, key: str, descending: bool) -> Select:
    """Return every agency with requests, as ids in the order of `key`, from the kept counts."""
    counts = AgencyRequestCount
    late: ColumnElement[Any] = counts.late_requests.expression
    since = _fallen_due(today)
    ranking = select(counts.agency_id)
    if since is not None:
        changed, sign = since
        ranking = ranking.outerjoin(changed, changed.c.agency_id == counts.agency_id)
        late = late + literal(sign) * func.coalesce(changed.c.requests, 0)
    share: ColumnElement[Any] = late * literal(1.0) / func.nullif(counts.open_requests, 0)
    values: dict[str, ColumnElement[Any]] = {
        "agency": counts.name.expression,
        "requests": counts.requests.expression,
        "overdue": share,
    }
    value = values[key]
    # As _ranking: agencies without a figure last either way; equal figures by name, A to Z.
    # Only the share can be missing: by name, ix_agency_request_counts_name gives the order.
    order = [value.desc() if descending else value.asc(), counts.name, counts.agency_id]
    if key == "overdue":
        order.insert(0, value.is_(None))
    return ranking.where(_HAS_REQUESTS).order_by(*order)


def _fallen_due(today: date) -> tuple[Any, int] | None:
    """Return the open requests per agency that fell due between the counts' day and today.

    As (subquery of agency_id, requests; +1 or -1): AgencyRequestCount.late_requests counts
    those due before AgencyCountReference.late_before, so today's late ones are those plus the
    ones due from that day to yesterday (or minus those due from today on, for an earlier day).
    None when the day is today.
    """
    reference = db.session.scalar(select(AgencyCountReference.late_before).limit(1))
    if reference == today:
        return None
    due = RecordsRequest.next_agency_due_on
    if reference is None:  # no day counted: nothing is counted late
        window, sign = due < today, 1
    elif reference < today:
        window, sign = and_(due >= reference, due < today), 1
    else:
        window, sign = and_(due >= today, due < reference), -1
    changed = (
        select(RecordsRequest.agency_id, func.count().label("requests"))
        .where(window, RecordsRequest.closed_at.is_(None))
        .group_by(RecordsRequest.agency_id)
        .subquery()
    )
    return changed, sign


def _ranking(today: date, campaign_id: int | None, key: str, descending: bool) -> Select:
    """Return the agencies with requests in scope, as ids in the order of `key`."""
    is_open = RecordsRequest.closed_at.is_(None)
    # RecordsRequest.next_agency_due_on is the earliest due date of the agency's unsettled
    # clocks: past today on an open request is "overdue", as on the dashboard.
    late = and_(is_open, RecordsRequest.next_agency_due_on < today)
    figures = (
        select(
            RecordsRequest.agency_id.label("agency_id"),
            func.count().label("requests"),
            func.sum(case((is_open, 1), else_=0)).label("open"),
            func.sum(case((late, 1), else_=0)).label("late"),
        )
        .where(_scope(campaign_id))
        .group_by(RecordsRequest.agency_id)
        .subquery()
    )
    name: ColumnElement[str] = Agency.name.expression
    value: ColumnElement[Any] = {
        "agency": name,
        "requests": figures.c.requests,
        "overdue": figures.c.late * literal(1.0) / func.nullif(figures.c.open, 0),
    }[key]
    # Agencies without a figure go last either way; equal figures by name, A to Z.
    return (
        select(figures.c.agency_id)
        .join(Agency, Agency.id == figures.c.agency_id)
        .order_by(
            value.is_(None),
            value.desc() if descending else value.asc(),
            name,
            figures.c.agency_id,
        )
    )


def _count_agencies(campaign_id: int | None) -> int:
    return (
        db.session.scalar(
            select(func.count(RecordsRequest.agency_id.distinct())).where(_scope(campaign_id))
        )
        or 0
    )


def _every_card(
    today: date, campaign_id: int | None, key: str, descending: bool
) -> list[scorecards.Scorecard]:
    # Measured at 50,000 requests: see bench/RESULTS.md (bench_dashboard, "sorted by median").
    facts, names = _facts(today, _scope(campaign_id), CalendarBook())
    return scorecards.sort_cards(scorecards.score(facts, names, today), key, descending)


def cards_for(
    today: date,
    campaign_id: int | None,
    agency_ids: Sequence[int],
    book: CalendarBook | None = None,
) -> list[scorecards.Scorecard]:
    """Return the scorecards of these agencies (their requests of one campaign, if given)."""
    if not agency_ids:
        return []
    where = and_(_scope(campaign_id), RecordsRequest.agency_id.in_(agency_ids))
    facts, names = _facts(today, where, book or CalendarBook(), agency_ids)
    return scorecards.score(facts, names, today)


def _in_order(cards: list[scorecards.Scorecard], ids: Sequence[int]) -> list[scorecards.Scorecard]:
    by_id = {card.agency_id: card for card in cards}
    return [by_id[i] for i in ids if i in by_id]


def _facts(
    today: date,
    where: ColumnElement[bool],
    book: CalendarBook,
    agency_ids: Sequence[int] | None = None,
) -> tuple[list[scorecards.RequestFacts], dict[int, tuple[str, str]]]:
    """Return what a scorecard needs about each request matching `where`, and agency names.

    `agency_ids`, when given, are the agencies of those requests (or more).
    """
    connection = db.session.connection()
    requests = connection.execute(_request_dates(where)).all()
    # The agencies apart, by key when known: joined to 2,000 requests, PostgreSQL read all
    # 20,000 agencies for a hash join (9 ms) to find the page's 50.
    known = Agency.id.in_(agency_ids) if agency_ids is not None else None
    agencies = connection.execute(
        select(Agency.name, *AGENCY_COLUMNS)
        .join(Jurisdiction, Jurisdiction.id == Agency.jurisdiction_id)
        .where(
            known
            if known is not None
            else Agency.id.in_(select(RecordsRequest.agency_id).where(where))
        )
    ).all()
    names: dict[int, tuple[str, str]] = {}
    calendars: dict[int, BusinessCalendar] = {}
    cal: list[Any]  # the AGENCY_COLUMNS, which the select's star leaves untyped
    for name, agency_id, *cal in agencies:  # AGENCY_COLUMNS: id, jurisdiction code, ...
        names[agency_id] = (name, cal[0])
        calendars[agency_id] = book.for_agency(agency_id, *cal)
    in_force = scorecards.deadline_in_force
    # Positional, in RequestFacts' field order: one is built per request.
    facts = [
        scorecards.RequestFacts(
            agency_id,
            received_on,
            first_reply_on,
            answered_on,
            in_force({_RESPONSE: response_due, _EXTENDED: extended_due}, extension_on is not None),
            bool(is_open),
            bool(is_open) and next_due_on is not None and next_due_on < today,
            calendars[agency_id],
            request_id,
        )
        for (
            request_id,
            is_open,
            next_due_on,
            agency_id,
            received_on,
            first_reply_on,
            answered_on,
            extension_on,
            response_due,
            extended_due,
        ) in requests
    ]
    return facts, names


def _request_dates(where: ColumnElement[bool]) -> Select:
    """Return each request matching `where` with the first dates and due dates a card needs.

    One row a request: id, open, next agency due date, agency id, receipt, first reply, first
    answer, first extension claimed, and the response and extended response deadlines.
    """
    # Read as the request rows remember them (foia.requests.status.first_dates, the clocks'
    # remembered_dates): folding the events and snapshots of the 50 agencies with most
    # requests (2,000 requests, 11,000 rows) in one statement took 48-69 ms of a 91-112 ms
    # page on PostgreSQL (bench/RESULTS.md, scorecards).
    return select(
        RecordsRequest.id,
        RecordsRequest.closed_at.is_(None),
        RecordsRequest.next_agency_due_on,
        RecordsRequest.agency_id,
        RecordsRequest.received_on,
        RecordsRequest.first_reply_on,
        RecordsRequest.answered_on,
        RecordsRequest.extension_claimed_on,
        RecordsRequest.response_due_on,
        RecordsRequest.extended_due_on,
    ).where(where)
