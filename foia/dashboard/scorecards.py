"""Agency scorecards and dashboard arithmetic: pure functions of plain values and `today`.

Imports neither Flask nor SQLAlchemy.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from foia import dates
from foia.deadlines.calendars import BusinessCalendar
from foia.deadlines.kinds import ClockKind
from foia.requests.status import STATUSES, RequestStatus


def deadline_in_force(clocks: Mapping[str, date | None], is_extended: bool) -> date | None:
    """Return the response deadline a reply is measured against, from the clocks' due dates.

    The extended one only when the agency claimed an extension: some laws' engines compute an
    extended deadline for every request (Massachusetts), which without a claim is not in force.
    """
    extended = clocks.get(ClockKind.EXTENDED_RESPONSE) if is_extended else None
    return extended or clocks.get(ClockKind.RESPONSE)


class RequestFacts(NamedTuple):
    """What a scorecard needs about one request."""

    # An immutable named tuple rather than a frozen dataclass, as the engine's Clock: a page of
    # scorecards builds one per request of its 50 agencies (2,071 sorted by requests), and
    # with the dataclass building them took 12 ms of a 52 ms page on PostgreSQL (bench/RESULTS.md).

    agency_id: int
    received_on: date | None
    first_response_on: date | None
    answered_on: date | None
    response_due_on: date | None
    is_open: bool
    is_overdue: bool
    calendar: BusinessCalendar
    request_id: int = 0


@dataclass(frozen=True, slots=True)
class Scorecard:
    """How one agency answers."""

    agency_id: int
    agency: str
    jurisdiction: str
    requests: int
    median_days_to_first_response: float | None
    answered_on_time: float | None  # share of answers due so far that came in time
    overdue: float | None  # share of open requests past a deadline
    #: Requests with a date no form accepts (old rows), counted but left out of the timings.
    set_aside: tuple[int, ...] = ()

    def as_row(self) -> list[str]:
        """Return the CSV cells."""
        return [
            self.agency,
            self.jurisdiction,
            str(self.requests),
            _fmt(self.median_days_to_first_response),
            _pct(self.answered_on_time),
            _pct(self.overdue),
        ]


CSV_HEADER = [
    "agency",
    "jurisdiction",
    "requests",
    "median business days to first response",
    "share answered on time (%)",
    "share overdue (%)",
]

SORT_KEYS = {
    "agency": lambda s: s.agency.casefold(),
    "requests": lambda s: s.requests,
    "median": lambda s: s.median_days_to_first_response,
    "on_time": lambda s: s.answered_on_time,
    "overdue": lambda s: s.overdue,
}


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _pct(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)}"


def score(
    facts: Iterable[RequestFacts], names: dict[int, tuple[str, str]], today: date
) -> list[Scorecard]:
    """Return one scorecard per agency from its requests' facts."""
    by_agency: dict[int, list[RequestFacts]] = {}
    for item in facts:
        by_agency.setdefault(item.agency_id, []).append(item)
    last = dates.latest(dates.RECEIVED, today)
    cards = []
    for agency_id, items in by_agency.items():
        # An old row's impossible date (a response on 9999-12-31) would skew the timings or stop
        # the page for everyone: its request still counts and is named, but is not timed.
        impossible = [i for i in items if _outside(i, last)]
        timed = [i for i in items if not _outside(i, last)] if impossible else items
        delays = [
            i.calendar.business_days_between(i.received_on, i.first_response_on)
            for i in timed
            if i.received_on and i.first_response_on
        ]
        due = [
            i for i in timed if i.response_due_on and (i.answered_on or i.response_due_on < today)
        ]
        on_time = [
            i
            for i in due
            if i.answered_on and i.response_due_on and i.answered_on <= i.response_due_on
        ]
        open_items = [i for i in items if i.is_open]
        name, jurisdiction = names.get(agency_id, (f"agency {agency_id}", ""))
        cards.append(
            Scorecard(
                agency_id=agency_id,
                agency=name,
                jurisdiction=jurisdiction,
                requests=len(items),
                median_days_to_first_response=statistics.median(delays) if delays else None,
                answered_on_time=len(on_time) / len(due) if due else None,
                overdue=(
                    sum(i.is_overdue for i in open_items) / len(open_items) if open_items else None
                ),
                set_aside=tuple(i.request_id for i in impossible),
            )
        )
    return cards


def has_impossible_date(item: RequestFacts, today: date) -> bool:
    """Tell whether a date people entered is one no form accepts (a row stored before checks)."""
    return _outside(item, dates.latest(dates.RECEIVED, today))


def _outside(item: RequestFacts, last: date) -> bool:
    # dates.is_plausible with its bounds worked out once: it was a third of scoring 50,000.
    entered = (item.received_on, item.first_response_on, item.answered_on)
    return any(day is not None and not dates.EARLIEST <= day <= last for day in entered)


def sort_cards(cards: Sequence[Scorecard], key: str, descending: bool) -> list[Scorecard]:
    """Sort scorecards by a column; agencies without a figure go last either way.

    Equal figures are ordered by name, A to Z, in both directions (as the SQL ranking does).
    """
    get = SORT_KEYS.get(key, SORT_KEYS["agency"])
    known = sorted(
        (c for c in cards if get(c) is not None), key=lambda c: (c.agency.casefold(), c.agency_id)
    )
    known.sort(key=get, reverse=descending)  # stable: equal figures keep the order by name
    unknown = [c for c in cards if get(c) is None]
    return known + sorted(unknown, key=lambda c: (c.agency.casefold(), c.agency_id))


def status_counts(statuses: Iterable[str]) -> list[tuple[str, int]]:
    """Return (status, count) in the statuses' natural order, leaving out zeros."""
    counted = Counter(statuses)
    return [(status, counted[status]) for status in STATUSES if counted[status]]


#: How the progress chart groups statuses: (group, label, statuses).
_S = RequestStatus
PROGRESS_GROUPS = (
    ("done", "Answered", (_S.FULFILLED, _S.PARTIALLY_FULFILLED, _S.NO_RECORDS, _S.DENIED)),
    ("waiting", "Waiting on the agency", (_S.FILED, _S.ACKNOWLEDGED, _S.EXTENDED)),
    (
        "us",
        "Waiting on us or appealed",
        (_S.AWAITING_CLARIFICATION, _S.FEE_PENDING, _S.APPEALED, _S.IN_LITIGATION),
    ),
    ("draft", "Not yet filed", (_S.DRAFT, _S.APPROVED)),
    ("withdrawn", "Withdrawn", (_S.WITHDRAWN,)),
)


@dataclass(frozen=True, slots=True)
class Bar:
    """One segment of a progress bar, in SVG units (the bar is 100 wide)."""

    group: str
    label: str
    count: int
    x: float
    width: float


def progress_bars(counts: Sequence[tuple[str, int]]) -> list[Bar]:
    """Return the stacked segments of a campaign's progress bar."""
    by_status = dict(counts)
    total = sum(by_status.values()) or 1
    bars, x = [], 0.0
    for group, label, statuses in PROGRESS_GROUPS:
        count = sum(by_status.get(s, 0) for s in statuses)
        width = round(100 * count / total, 2)
        bars.append(Bar(group, label, count, round(x, 2), width))
        x += width
    return bars
