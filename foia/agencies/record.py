"""An agency's record (issue 16): its requests and how it answers them, as MuckRock's agency pages
show them. The definitions and the arithmetic (median, share) are the agency scorecards' pure
ones (foia.dashboard.scorecards), so this page and the scorecards page agree; this module
gathers one agency's facts for them.

What the figures mean (the page says it in these words):

- A request counts from the day the agency received it: the ledger's "received" event, or the day
  it was filed when no receipt is recorded.
- Its *first response* is the earliest reply of the agency on its ledger: an acknowledgement, a
  clarification request, a fee estimate, an extension, a partial release, a final response, a
  denial or "no records". Ledger events are recorded by people (logging a reply records its
  event); an automatic reply (an out-of-office message, a bounce) records none, so it never
  counts.
- *Days to first response* are business days on the agency's calendar (its state's holidays and
  recorded closures) from receipt to that reply; the page shows their median over the requests
  that had one.
- *Answered on time*: of the requests whose response deadline has passed or that were answered,
  the share whose first answer (a partial release, a final response, a denial or "no records")
  came on or before the response deadline in force: the extended deadline when the agency claimed
  an extension, otherwise the law's (scorecards.deadline_in_force). An acknowledgement alone
  is not an answer.
- *Open* requests are those no lawyer has closed.

A fixed number of statements whatever the number of requests: the requests, their ledgers and
their response deadlines are read once each.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from foia.agencies.models import Agency
from foia.dashboard.scorecards import (
    RequestFacts,
    Scorecard,
    deadline_in_force,
    score,
    status_counts,
)
from foia.deadlines.calendars import BusinessCalendar
from foia.deadlines.kinds import ClockKind
from foia.extensions import db
from foia.requests.calendars import CalendarBook
from foia.requests.models import ClockEvent, DeadlineSnapshot, RecordsRequest
from foia.requests.status import derive_status, first_dates

#: Requests listed on the page, latest first; the list of requests links to them all.
LISTED = 50
#: The clocks a response is measured against (see deadline_in_force).
_RESPONSE_CLOCKS = (ClockKind.EXTENDED_RESPONSE, ClockKind.RESPONSE)


@dataclass(frozen=True)
class RequestLine:
    """One request on the agency's page."""

    request_id: int
    reference: str
    title: str
    status: str
    is_open: bool
    next_due_on: date | None


@dataclass
class AgencyRecord:
    """An agency's requests and its figures."""

    card: Scorecard | None
    total: int = 0
    open: int = 0
    overdue: int = 0
    #: (status, count) in the statuses' order, zeros left out.
    statuses: list[tuple[str, int]] = field(default_factory=list)
    #: The latest LISTED requests.
    lines: list[RequestLine] = field(default_factory=list)


def agency_record(agency: Agency, today: date) -> AgencyRecord:
    """Return the agency's record: its figures, its requests by status, its latest requests."""
    rows = db.session.execute(
        select(
            RecordsRequest.id,
            RecordsRequest.reference,
            RecordsRequest.title,
            RecordsRequest.approved_at.is_not(None),
            RecordsRequest.is_in_litigation,
            RecordsRequest.closed_at.is_(None),
            RecordsRequest.next_agency_due_on,
        )
        .where(RecordsRequest.agency_id == agency.id)
        .order_by(RecordsRequest.id.desc())
    ).all()
    if not rows:
        return AgencyRecord(card=None)
    ledgers = _ledgers(agency.id)
    due = _response_clocks(agency.id)
    calendar = CalendarBook().for_agency(
        agency.id, agency.jurisdiction.code, agency.county, agency.municipality, agency.level
    )
    facts: list[RequestFacts] = []
    lines: list[RequestLine] = []
    statuses: Counter[str] = Counter()
    for request_id, reference, title, approved, litigation, is_open, next_due_on in rows:
        ledger = ledgers.get(request_id, [])
        status = derive_status(
            [kind for kind, _ in ledger], is_approved=approved, is_in_litigation=litigation
        )
        statuses[status] += 1
        overdue = bool(is_open) and next_due_on is not None and next_due_on < today
        facts.append(
            request_facts(
                request_id,
                agency.id,
                ledger,
                due.get(request_id, {}),
                calendar,
                is_open=bool(is_open),
                is_overdue=overdue,
            )
        )
        if len(lines) < LISTED:
            lines.append(
                RequestLine(
                    request_id,
                    reference or f"#{request_id}",
                    title,
                    status,
                    bool(is_open),
                    next_due_on if is_open else None,
                )
            )
    names = {agency.id: (agency.name, agency.jurisdiction.code)}
    [card] = score(facts, names, today)
    return AgencyRecord(
        card=card,
        total=len(rows),
        open=sum(f.is_open for f in facts),
        overdue=sum(f.is_overdue for f in facts),
        statuses=status_counts(statuses.elements()),
        lines=lines,
    )


def request_facts(
    request_id: int,
    agency_id: int,
    ledger: list[tuple[str, date]],
    response_clocks: Mapping[str, date | None],
    calendar: BusinessCalendar,
    *,
    is_open: bool,
    is_overdue: bool,
) -> RequestFacts:
    """Return a request's scorecard facts from its ledger (by date) and response clocks' dates."""
    first = first_dates(ledger)
    return RequestFacts(
        agency_id=agency_id,
        received_on=first["received_on"],
        first_response_on=first["first_reply_on"],
        answered_on=first["answered_on"],
        response_due_on=deadline_in_force(
            response_clocks, first["extension_claimed_on"] is not None
        ),
        is_open=is_open,
        is_overdue=is_overdue,
        calendar=calendar,
        request_id=request_id,
    )


def _ledgers(agency_id: int) -> dict[int, list[tuple[str, date]]]:
    """Return each of the agency's requests' active events as (kind, date), in date order."""
    found: dict[int, list[tuple[str, date]]] = defaultdict(list)
    for request_id, kind, on in db.session.execute(
        select(ClockEvent.request_id, ClockEvent.kind, ClockEvent.occurred_on)
        .join(RecordsRequest, RecordsRequest.id == ClockEvent.request_id)
        .where(RecordsRequest.agency_id == agency_id, ClockEvent.active())
        .order_by(ClockEvent.request_id, ClockEvent.occurred_on, ClockEvent.id)
    ):
        found[request_id].append((kind, on))
    return found


def _response_clocks(agency_id: int) -> dict[int, dict[str, date | None]]:
    """Return the due dates of each request's response clocks (the law's and the extended)."""
    clocks: dict[int, dict[str, date | None]] = defaultdict(dict)
    for request_id, kind, due_on in db.session.execute(
        select(DeadlineSnapshot.request_id, DeadlineSnapshot.kind, DeadlineSnapshot.due_on)
        .join(RecordsRequest, RecordsRequest.id == DeadlineSnapshot.request_id)
        .where(RecordsRequest.agency_id == agency_id, DeadlineSnapshot.kind.in_(_RESPONSE_CLOCKS))
    ):
        clocks[request_id][kind] = due_on
    return clocks
