"""Read models for the dashboard: a fixed number of queries, dates derived at read time.

Due dates, statuses and what waits on us come from what each request row remembers of its
clocks and ledger (RecordsRequest.next_agency_due_on, decisive_kind ..., kept in step with them);
whether a date is overdue, due soon or closing is decided here against `today`, never stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from itertools import groupby
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    true,
)

from foia.agencies.models import Agency
from foia.campaigns.models import Campaign
from foia.dashboard import scorecards
from foia.db import built_once
from foia.deadlines import bounds
from foia.deadlines.kinds import ClockKind, EventKind
from foia.extensions import db
from foia.jurisdictions.models import Jurisdiction
from foia.reminders import selection
from foia.requests.calendars import AGENCY_COLUMNS, CalendarBook
from foia.requests.models import ClockEvent, RecordsRequest
from foia.requests.status import derive_status, status_from_decisive
from foia.requests.status_filter import active_kinds

#: "Due soon" on the dashboard: the next seven calendar days.
DUE_SOON = timedelta(days=7)
#: Appeal windows shown when they close within this many business days.
APPEAL_BUSINESS_DAYS = 10
#: Calendar days that hold more than APPEAL_BUSINESS_DAYS business days on every calendar
#: without stored closures (holidays included; tests/dashboard checks every calendar).
APPEAL_WINDOW_DAYS = 31
#: Campaigns shown on the home page (most recent first).
CAMPAIGNS_SHOWN = 12
#: Lines listed per list; the cards and captions count them all.
LIST_LIMIT = 50


@dataclass(frozen=True)
class Line:
    """One deadline on the dashboard."""

    request_id: int
    reference: str
    title: str
    agency: str
    clock: str
    due_on: date
    business_days: int  # left (positive) or overdue (negative)

    @property
    def days_overdue(self) -> int:
        """Return business days past the due date."""
        return -self.business_days


@dataclass
class Section:
    """Everything the dashboard shows for one scope (me, or one campaign).

    The lists hold the first LIST_LIMIT lines only; `counts` holds how many there are in all
    ("overdue", "due_soon", "waiting", "appeals").
    """

    title: str
    campaign_id: int | None = None
    overdue: list[Line] = field(default_factory=list)
    due_soon: list[Line] = field(default_factory=list)
    waiting: list[Line] = field(default_factory=list)
    appeals: list[Line] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    statuses: list[tuple[str, int]] = field(default_factory=list)
    total: int = 0

    @property
    def bars(self) -> list[scorecards.Bar]:
        """Return the progress chart's segments."""
        return scorecards.progress_bars(self.statuses)


class _Shape(Enum):
    """Which requests a dashboard statement reads: each shape's statements are built once."""

    MINE = "mine"  # the home page without recent campaigns: my requests
    MINE_AND_CAMPAIGNS = "mine and campaigns"  # the home page: mine and the recent campaigns'
    CAMPAIGN = "campaign"  # a campaign's page


@dataclass(frozen=True)
class _Scope:
    """The requests the sections count, and which section each request counts in.

    `shape` says which requests the statements read and `params` binds them (the user, the
    campaigns); the shape's `_is_listed` marks the requests of the one section whose lines are
    listed (mine on the home page, the campaign on its page); `sections(campaign_id, is_listed)`
    names a request's sections.
    """

    shape: _Shape
    params: dict[str, Any]
    listed: Section
    sections: Callable[[int | None, bool], list[Section]]


def _where(shape: _Shape) -> ColumnElement[bool]:
    """Return the condition of the shape's requests, its values bound as parameters."""
    if shape is _Shape.CAMPAIGN:
        return RecordsRequest.campaign_id == bindparam("campaign_id")
    if shape is _Shape.MINE:
        return _is_listed(shape)
    # Never an empty list here: a home page without recent campaigns has the MINE shape.
    recent = RecordsRequest.campaign_id.in_(bindparam("campaign_ids", expanding=True))
    return or_(_is_listed(shape), recent)


def _is_listed(shape: _Shape) -> ColumnElement[bool]:
    """Return the condition of the requests whose lines are listed (mine, or the campaign's)."""
    if shape is _Shape.CAMPAIGN:
        return true()
    user_id = bindparam("user_id", type_=Integer)
    return or_(RecordsRequest.owner_id == user_id, RecordsRequest.volunteer_id == user_id)


def home(user_id: int, today: date) -> tuple[Section, list[Section]]:
    """Return my section (with its lists) and one section per recent campaign (counts only)."""
    campaigns = db.session.execute(_recent_campaigns()).all()
    mine = Section("My requests")
    by_campaign = {cid: Section(name, campaign_id=cid) for cid, name in campaigns}
    shape = _Shape.MINE_AND_CAMPAIGNS if by_campaign else _Shape.MINE
    params = {"user_id": user_id, "campaign_ids": list(by_campaign)}

    def sections(campaign_id: int | None, is_listed: bool) -> list[Section]:
        found = [mine] if is_listed else []
        if campaign_id in by_campaign:
            found.append(by_campaign[campaign_id])
        return found

    _fill(_Scope(shape, params, mine, sections), today)
    return mine, list(by_campaign.values())


@built_once
def _recent_campaigns() -> Select:
    """Select the CAMPAIGNS_SHOWN most recent campaigns that have requests: (id, name)."""
    return (
        select(Campaign.id, Campaign.name)
        .where(select(RecordsRequest.id).where(RecordsRequest.campaign_id == Campaign.id).exists())
        .order_by(Campaign.created_at.desc(), Campaign.id.desc())
        .limit(CAMPAIGNS_SHOWN)
    )


def campaign_section(campaign: Campaign, today: date) -> Section:
    """Return the dashboard section of one campaign, with its lists."""
    section = Section(campaign.name, campaign_id=campaign.id)
    params = {"campaign_id": campaign.id}
    _fill(_Scope(_Shape.CAMPAIGN, params, section, lambda *_: [section]), today)
    return section


def _fill(scope: _Scope, today: date) -> None:
    """Count every section's statuses and deadlines; list the first lines of the listed one."""
    # A fixed number of statements whatever the number of requests: the counts are one GROUP BY
    # over the request rows (which remember their ledger's decisive event, what waits on us and
    # their next due dates), and only the lines shown (LIST_LIMIT per list) are read one by one.
    # Speed (issue #18): each statement is built once per shape (built_once), the user, the
    # campaigns and the dates bound at execution. home() took 2.9-3.4 ms of CPU, 0.9-1.2 ms built
    # once, for the load test's volunteer, and 8.7-8.9 ms, 4.1-4.5 ms, for a user with three
    # lists; `/` in bench/profile_load.py 6.9 to 5.4 ms of CPU (medians of five alternated runs;
    # PostgreSQL, bench data, in process, 2026-12-03).
    connection = db.session.connection()
    book = CalendarBook()
    params = {**scope.params, **_dates(today)}
    has_windows = _count(connection, scope, params)
    listed = scope.listed
    # A list the count found empty is not read: its query has the count's conditions, so it
    # would find nothing (the load test's volunteer, who has no requests, was sent 3 of these).
    if listed.counts["overdue"]:
        listed.overdue = _listed_deadlines(connection, scope, params, book, overdue=True)
    if listed.counts["due_soon"]:
        listed.due_soon = _listed_deadlines(connection, scope, params, book, overdue=False)
    if listed.counts["waiting"]:
        listed.waiting = _listed_waiting(connection, scope, params)
    # Likewise the appeal windows, and the closures their business days are counted with
    # (CalendarBook reads them when a first calendar is built): the load test's volunteer, who
    # has no requests, was sent both.
    if has_windows:
        _appeal_windows(connection, scope, params, book)


def _dates(today: date) -> dict[str, date]:
    """Return the dates the statements compare due dates with, by their parameters' names."""
    return {
        "today": today,
        "due_soon_on": today + DUE_SOON,
        "window_closes_on": today + timedelta(days=APPEAL_WINDOW_DAYS),
    }


_IS_OPEN = RecordsRequest.closed_at.is_(None)
_APPROVED = RecordsRequest.approved_at.is_not(None)


def _count(connection, scope: _Scope, params: dict[str, Any]) -> bool:
    """Count each section's requests by status, and its overdue, due soon and waiting ones.

    Return whether any of them has an open appeal window from today (_windows_query's rows).
    """
    statuses: dict[int, tuple[Section, Counter]] = {}
    appeal_decided = has_windows = False
    for (
        campaign_id,
        is_listed,
        kind,
        approved,
        litigation,
        deadline,
        fee,
        ask,
        window,
        count,
    ) in connection.execute(_count_query(scope.shape), params):
        has_windows = has_windows or bool(window)
        sections = scope.sections(campaign_id, bool(is_listed))
        status = status_from_decisive(
            kind, is_approved=bool(approved), is_in_litigation=bool(litigation)
        )
        appeal_decided = appeal_decided or status is None
        for section in sections:
            counter = statuses.setdefault(id(section), (section, Counter()))[1]
            if status is not None:
                counter[status] += count
            if deadline:
                section.counts[deadline] += count
            section.counts["waiting"] += count * (bool(fee) + bool(ask))
    if appeal_decided:
        _count_appeal_decided(connection, scope, params, statuses)
    for section, counter in statuses.values():
        section.total = sum(counter.values())
        section.statuses = scorecards.status_counts(counter.elements())
    return has_windows


@built_once
def _count_query(shape: _Shape) -> Select:
    """Select the shape's requests grouped by what _count counts, with each group's size."""
    due = RecordsRequest.next_agency_due_on
    facts = (
        select(
            RecordsRequest.campaign_id.label("campaign_id"),
            _is_listed(shape).label("is_listed"),
            RecordsRequest.decisive_kind.label("kind"),
            _APPROVED.label("approved"),
            RecordsRequest.is_in_litigation.label("litigation"),
            case(
                (~_IS_OPEN, None),
                (due < bindparam("today"), "overdue"),
                (due <= bindparam("due_soon_on"), "due_soon"),
            ).label("deadline"),
            and_(_IS_OPEN, RecordsRequest.fee_waiting_since.is_not(None)).label("fee"),
            and_(_IS_OPEN, RecordsRequest.clarification_waiting_since.is_not(None)).label("ask"),
            and_(_IS_OPEN, _has_window()).label("window"),
        )
        .where(_where(shape))
        .subquery()
    )
    # Grouped in an outer query: PostgreSQL would not match a GROUP BY expression with bound
    # parameters (the user id, today) to the same expression in the select list.
    return select(*facts.c, func.count()).group_by(*facts.c)


def _count_appeal_decided(connection, scope: _Scope, params: dict[str, Any], statuses) -> None:
    """Count the requests whose status needs their whole ledger (after an appeal decision)."""
    ledgers = connection.execute(_appeal_decided_query(scope.shape), params).all()
    for _, group in groupby(ledgers, key=lambda row: row[0]):
        rows = list(group)
        _, campaign_id, is_listed, approved, litigation, _ = rows[0]
        status = derive_status(
            [row[-1] for row in rows], is_approved=bool(approved), is_in_litigation=bool(litigation)
        )
        for section in scope.sections(campaign_id, bool(is_listed)):
            statuses.setdefault(id(section), (section, Counter()))[1][status] += 1


@built_once
def _appeal_decided_query(shape: _Shape) -> Select:
    """Select the ledgers (active event kinds) of the shape's requests decided on appeal."""
    return (
        active_kinds(
            RecordsRequest.campaign_id,
            _is_listed(shape),
            _APPROVED,
            RecordsRequest.is_in_litigation,
        )
        .join_from(ClockEvent, RecordsRequest, ClockEvent.request_id == RecordsRequest.id)
        .where(_where(shape), RecordsRequest.decisive_kind == EventKind.APPEAL_DECIDED)
    )


def _about(kind, due_on, *extra):
    """Select what a line shows of a request (then `extra`), with its agency's calendar."""
    return (
        select(RecordsRequest.id, RecordsRequest.reference, RecordsRequest.title, Agency.name)
        .add_columns(kind, due_on, *AGENCY_COLUMNS, *extra)
        .join(Agency, Agency.id == RecordsRequest.agency_id)
        .join(Jurisdiction, Jurisdiction.id == Agency.jurisdiction_id)
    )


def _line(row, today: date, book: CalendarBook) -> Line:
    """Return the line of a row of _about(clock kind, due date, ...)."""
    request_id, reference, title, agency, kind, due_on, *calendar = row[: 6 + len(AGENCY_COLUMNS)]
    left = book.for_agency(*calendar).business_days_between(today, due_on)
    label = selection.CLOCK_LABELS.get(kind, kind.replace("_", " "))
    return Line(request_id, reference or f"#{request_id}", title, agency, label, due_on, left)


def _listed_deadlines(connection, scope: _Scope, params, book, *, overdue: bool) -> list[Line]:
    """Return the listed section's first overdue (or due soon) requests, earliest due first.

    A request counts once, by its earliest unsettled agency deadline: with an overdue
    acknowledgement and a response due on Friday it is overdue, not also due soon.
    """
    rows = connection.execute(_deadlines_query(scope.shape, overdue), params)
    return [_line(row, params["today"], book) for row in rows]


@built_once
def _deadlines_query(shape: _Shape, overdue: bool) -> Select:
    """Select the listed requests' first overdue (or due soon) deadlines, earliest first."""
    due = RecordsRequest.next_agency_due_on
    today = bindparam("today", type_=Date)
    return (
        _about(RecordsRequest.next_agency_due_kind, due)
        .where(
            _where(shape),
            _is_listed(shape),
            _IS_OPEN,
            due < today if overdue else due.between(today, bindparam("due_soon_on")),
        )
        .order_by(due, RecordsRequest.id)
        .limit(LIST_LIMIT)
    )


def _listed_waiting(connection, scope: _Scope, params: dict[str, Any]) -> list[Line]:
    """Return the listed section's first unanswered fee estimates and clarifications."""
    rows = connection.execute(_waiting_query(scope.shape), params)
    lines = [
        Line(rid, reference or f"#{rid}", title, agency, kind, since, 0)
        for rid, reference, title, agency, *asks in rows
        for kind, since in zip(("fee", "clarification"), asks, strict=True)
        if since is not None
    ]
    return sorted(lines, key=lambda line: (line.due_on, line.request_id, line.clock))[:LIST_LIMIT]


@built_once
def _waiting_query(shape: _Shape) -> Select:
    """Select the listed requests that wait on us, earliest ask first: (..., fee, clarification)."""
    fee = RecordsRequest.fee_waiting_since
    ask = RecordsRequest.clarification_waiting_since
    earliest = case((fee.is_(None), ask), (ask.is_(None), fee), (fee < ask, fee), else_=ask)
    # The first LIST_LIMIT requests by their earliest ask hold the first LIST_LIMIT asks.
    return (
        select(RecordsRequest.id, RecordsRequest.reference, RecordsRequest.title, Agency.name)
        .add_columns(fee, ask)
        .join(Agency, Agency.id == RecordsRequest.agency_id)
        .where(
            _where(shape),
            _is_listed(shape),
            _IS_OPEN,
            or_(fee.is_not(None), ask.is_not(None)),
        )
        .order_by(earliest, RecordsRequest.id)
        .limit(LIST_LIMIT)
    )


def _appeal_windows(connection, scope: _Scope, params, book: CalendarBook) -> None:
    """Count and list our appeal windows closing within APPEAL_BUSINESS_DAYS."""
    today = params["today"]
    # Without closures of agencies, APPEAL_WINDOW_DAYS calendar days always hold more than
    # APPEAL_BUSINESS_DAYS business days (tests/dashboard prove it for every calendar), so
    # later windows cannot be closing yet. With closures, every open window is read.
    query = _windows_query(scope.shape, not _has_closures_from(book, today))
    closing = []
    for row in connection.execute(query, params):
        line = _line(row, today, book)
        if line.business_days <= APPEAL_BUSINESS_DAYS:
            campaign_id, is_listed = row[-2:]
            closing.append((line, campaign_id, bool(is_listed)))
    closing.sort(key=lambda found: (found[0].due_on, found[0].request_id))
    for line, campaign_id, is_listed in closing:
        for section in scope.sections(campaign_id, is_listed):
            section.counts["appeals"] += 1
            if section is scope.listed and len(section.appeals) < LIST_LIMIT:
                section.appeals.append(line)


def _has_window() -> ColumnElement[bool]:
    """Return the condition of an appeal window open from today (before the calendars' end)."""
    due = RecordsRequest.appeal_due_on
    # A window past the calendars' last day (an old row's typo) cannot be closing, nor counted.
    return and_(due >= bindparam("today", type_=Date), due <= bounds.LATEST)


@built_once
def _windows_query(shape: _Shape, is_windowed: bool) -> Select:
    """Select the shape's open appeal windows from today (to APPEAL_WINDOW_DAYS if windowed)."""
    due = RecordsRequest.appeal_due_on
    query = _about(
        literal(ClockKind.APPEAL.value), due, RecordsRequest.campaign_id, _is_listed(shape)
    ).where(_where(shape), _IS_OPEN, _has_window())
    if is_windowed:
        query = query.where(due <= bindparam("window_closes_on"))
    return query


def _has_closures_from(book: CalendarBook, today: date) -> bool:
    """Tell whether any stored closure (of a state, county, town or agency) is today or later."""
    closures = book.closures
    every = [*closures.by_jurisdiction.values(), *closures.by_agency.values()]
    return any(closure.on >= today for group in every for closure in group)


def count_requests() -> int:
    """Return how many requests there are (for an empty dashboard's message)."""
    return db.session.scalar(select(func.count()).select_from(RecordsRequest)) or 0
