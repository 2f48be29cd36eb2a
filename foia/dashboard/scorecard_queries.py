"""Agency scorecards a page at a time: ranked in SQL, figured for the page's agencies only.

Every scorecard of 17,000 agencies (50,000 requests) took 2.5-3 s, for a page that shows 50.
Sorted by name, number of requests or share overdue, the order comes from one GROUP BY over the
request rows (which remember their next agency due date, as the dashboard reads it) through a
covering index, and only the page's agencies get their figures from the ledger. The median and
the share on time need every request's ledger and business calendar: sorted by those, every
card is figured first (see `_every_card`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, select, union

from foia import dates
from foia.agencies.models import Agency
from foia.dashboard import scorecards
from foia.deadlines.kinds import ClockKind, EventKind
from foia.extensions import db
from foia.jurisdictions.models import Jurisdiction
from foia.requests.calendars import AGENCY_COLUMNS, CalendarBook
from foia.requests.models import ClockEvent, DeadlineSnapshot, RecordsRequest

#: Sorts ranked in SQL; the others (median, on_time) rank every card in Python.
SQL_SORTS = ("agency", "requests", "overdue")
#: Agencies figured at once when every card is wanted (the CSV): bounded memory, bound parameters.
CHUNK = 500
#: Events a scorecard reads: receipt, then any response.
_WANTED = (EventKind.RECEIVED, EventKind.FILED, *scorecards.FIRST_RESPONSE_KINDS)
_RESPONSE_CLOCKS = (ClockKind.EXTENDED_RESPONSE, ClockKind.RESPONSE)


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
    ranking = _ranking(today, campaign_id, key, descending)
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
    entered = (ClockEvent.active(), ClockEvent.kind.in_(_WANTED))
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
    facts, names = _facts(today, where, book or CalendarBook())
    return scorecards.score(facts, names, today)


def _in_order(cards: list[scorecards.Scorecard], ids: Sequence[int]) -> list[scorecards.Scorecard]:
    by_id = {card.agency_id: card for card in cards}
    return [by_id[i] for i in ids if i in by_id]


def _facts(
    today: date, where: ColumnElement[bool], book: CalendarBook
) -> tuple[list[scorecards.RequestFacts], dict[int, tuple[str, str]]]:
    """Return what a scorecard needs about each request matching `where`, and agency names."""
    connection = db.session.connection()
    requests = connection.execute(
        select(
            RecordsRequest.id,
            RecordsRequest.closed_at.is_(None),
            RecordsRequest.next_agency_due_on,
            Agency.name,
            *AGENCY_COLUMNS,
        )
        .join(Agency, Agency.id == RecordsRequest.agency_id)
        .join(Jurisdiction, Jurisdiction.id == Agency.jurisdiction_id)
        .where(where)
    ).all()
    firsts: dict[int, dict[str, date]] = defaultdict(dict)
    for request_id, kind, on in connection.execute(
        select(ClockEvent.request_id, ClockEvent.kind, func.min(ClockEvent.occurred_on))
        .join(RecordsRequest, RecordsRequest.id == ClockEvent.request_id)
        .where(where, ClockEvent.kind.in_(_WANTED), ClockEvent.active())
        .group_by(ClockEvent.request_id, ClockEvent.kind)
    ):
        firsts[request_id][kind] = on
    due: dict[int, dict[str, date | None]] = defaultdict(dict)
    for request_id, kind, due_on in connection.execute(
        select(DeadlineSnapshot.request_id, DeadlineSnapshot.kind, DeadlineSnapshot.due_on)
        .join(RecordsRequest, RecordsRequest.id == DeadlineSnapshot.request_id)
        .where(where, DeadlineSnapshot.kind.in_(_RESPONSE_CLOCKS))
    ):
        due[request_id][kind] = due_on
    facts: list[scorecards.RequestFacts] = []
    names: dict[int, tuple[str, str]] = {}
    cal: list[Any]  # the AGENCY_COLUMNS, which the select's star leaves untyped
    for request_id, is_open, next_due_on, name, *cal in requests:
        agency_id = cal[0]
        names[agency_id] = (name, cal[1])
        seen = firsts.get(request_id, {})
        replies = [seen[k] for k in scorecards.FIRST_RESPONSE_KINDS if k in seen]
        answers = [seen[k] for k in scorecards.ANSWER_KINDS if k in seen]
        clocks = due.get(request_id, {})
        facts.append(
            scorecards.RequestFacts(
                agency_id=agency_id,
                received_on=seen.get(EventKind.RECEIVED) or seen.get(EventKind.FILED),
                first_response_on=min(replies) if replies else None,
                answered_on=min(answers) if answers else None,
                response_due_on=scorecards.deadline_in_force(
                    clocks, EventKind.EXTENSION_CLAIMED in seen
                ),
                is_open=bool(is_open),
                is_overdue=bool(is_open) and next_due_on is not None and next_due_on < today,
                calendar=book.for_agency(*cal),
                request_id=request_id,
            )
        )
    return facts, names
