"""Read models for the dashboard: a fixed number of queries, dates derived at read time."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, select, union

from foia.agencies.models import Agency
from foia.campaigns.models import Campaign
from foia.dashboard import scorecards
from foia.extensions import db
from foia.jurisdictions.models import Jurisdiction
from foia.reminders import selection
from foia.reminders.operations import AGENCY_COLUMNS, CalendarBook
from foia.requests.models import ClockEvent, DeadlineSnapshot, RecordsRequest
from foia.requests.status import DECISIVE_KINDS, derive_status, status_from_decisive

#: "Due soon" on the dashboard: the next seven calendar days.
DUE_SOON = timedelta(days=7)
#: Appeal windows shown when they close within this many business days.
APPEAL_BUSINESS_DAYS = 10
#: Campaigns shown on the home page (most recent first).
CAMPAIGNS_SHOWN = 12


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
    """Everything the dashboard shows for one scope (me, or one campaign)."""

    title: str
    campaign_id: int | None = None
    overdue: list[Line] = field(default_factory=list)
    due_soon: list[Line] = field(default_factory=list)
    waiting: list[Line] = field(default_factory=list)
    appeals: list[Line] = field(default_factory=list)
    statuses: list[tuple[str, int]] = field(default_factory=list)
    total: int = 0

    @property
    def bars(self) -> list[scorecards.Bar]:
        """Return the progress chart's segments."""
        return scorecards.progress_bars(self.statuses)


@dataclass(frozen=True)
class RequestRow:
    id: int
    reference: str
    title: str
    agency: str
    owner_id: int | None
    volunteer_id: int | None
    campaign_id: int | None
    is_open: bool
    is_approved: bool
    is_in_litigation: bool
    agency_columns: tuple
    decisive: str | None = None  # the kind of the decisive ledger event (see _decisive_kind)


def home(user_id: int, today: date) -> tuple[Section, list[Section]]:
    """Return my section and one section per recent campaign."""
    campaigns = db.session.execute(
        select(Campaign.id, Campaign.name)
        .where(select(RecordsRequest.id).where(RecordsRequest.campaign_id == Campaign.id).exists())
        .order_by(Campaign.created_at.desc(), Campaign.id.desc())
        .limit(CAMPAIGNS_SHOWN)
    ).all()
    campaign_ids = [c.id for c in campaigns]
    # A union of three indexed look-ups: an OR across the columns would scan every request.
    ids = union(
        select(RecordsRequest.id).where(RecordsRequest.owner_id == user_id),
        select(RecordsRequest.id).where(RecordsRequest.volunteer_id == user_id),
        select(RecordsRequest.id).where(RecordsRequest.campaign_id.in_(campaign_ids)),
    )
    scope_ids = select(ids.subquery().c.id)
    book = CalendarBook()
    rows = _requests(RecordsRequest.id.in_(scope_ids))
    mine = Section("My requests")
    sections = {cid: Section(name, campaign_id=cid) for cid, name in campaigns}

    def targets(row: RequestRow) -> list[Section]:
        found = [mine] if user_id in (row.owner_id, row.volunteer_id) else []
        if row.campaign_id in sections:
            found.append(sections[row.campaign_id])
        return found

    _fill(rows, scope_ids, today, targets, book)
    return mine, list(sections.values())


def campaign_section(campaign: Campaign, today: date) -> Section:
    """Return the dashboard section of one campaign."""
    scope_ids = select(RecordsRequest.id).where(RecordsRequest.campaign_id == campaign.id)
    section = Section(campaign.name, campaign_id=campaign.id)
    rows = _requests(RecordsRequest.id.in_(scope_ids))
    _fill(rows, scope_ids, today, lambda row: [section], CalendarBook())
    return section


def _decisive_kind():
    """Return the kind of a request's decisive ledger event, as a correlated scalar subquery.

    A withdrawal first, a receipt last, otherwise the latest event (by date, then id) of the
    kinds the status depends on: an indexed look-up of a few events per request.
    """
    rank = case((ClockEvent.kind == "withdrawn", 0), (ClockEvent.kind == "received", 2), else_=1)
    return (
        select(ClockEvent.kind)
        .where(ClockEvent.request_id == RecordsRequest.id, ClockEvent.kind.in_(DECISIVE_KINDS))
        .order_by(rank, ClockEvent.occurred_on.desc(), ClockEvent.id.desc())
        .limit(1)
        .correlate(RecordsRequest)
        .scalar_subquery()
    )


def _requests(scope) -> dict[int, RequestRow]:
    # Plain tuples through the connection (no ORM rows), and the open/approved facts as SQL
    # booleans, so no timestamp of the thousands of requests in scope is converted.
    query = (
        select(
            RecordsRequest.id,
            RecordsRequest.reference,
            RecordsRequest.title,
            Agency.name,
            RecordsRequest.owner_id,
            RecordsRequest.volunteer_id,
            RecordsRequest.campaign_id,
            RecordsRequest.closed_at.is_(None),
            RecordsRequest.approved_at.is_not(None),
            RecordsRequest.is_in_litigation,
            _decisive_kind(),
            *AGENCY_COLUMNS,
        )
        .join(Agency, Agency.id == RecordsRequest.agency_id)
        .join(Jurisdiction, Jurisdiction.id == Agency.jurisdiction_id)
        .where(scope)
    )
    return {
        rid: RequestRow(
            rid,
            ref or f"#{rid}",
            title,
            agency,
            owner,
            vol,
            camp,
            bool(is_open),
            bool(approved),
            bool(lit),
            (agency_id, code, county, town),
            decisive,
        )
        for (
            rid,
            ref,
            title,
            agency,
            owner,
            vol,
            camp,
            is_open,
            approved,
            lit,
            decisive,
            agency_id,
            code,
            county,
            town,
        ) in db.session.connection().execute(query).all()
    }


def _statuses(connection, rows: dict[int, RequestRow], scope_ids) -> dict[int, str]:
    """Return each request's derived status from one decisive ledger event per request.

    Set-based: the database picks each request's decisive ledger event (_decisive_kind), so
    the ledger is never loaded; only a request whose decisive event is an appeal decision has
    its whole ledger read (derive_status). See foia.requests.status.status_from_decisive.
    """
    decisive = {row.id: row.decisive for row in rows.values()}
    found: dict[int, str] = {}
    appeals = []
    for row in rows.values():
        status = status_from_decisive(
            decisive.get(row.id),
            is_approved=row.is_approved,
            is_in_litigation=row.is_in_litigation,
        )
        if status is None:
            appeals.append(row.id)
        else:
            found[row.id] = status
    if appeals:
        ledgers: dict[int, list[str]] = defaultdict(list)
        appealed = select(ClockEvent.request_id).where(
            ClockEvent.request_id.in_(scope_ids), ClockEvent.kind == "appeal_decided"
        )
        for request_id, kind in connection.execute(
            select(ClockEvent.request_id, ClockEvent.kind)
            .where(ClockEvent.request_id.in_(appealed))
            .order_by(ClockEvent.request_id, ClockEvent.occurred_on, ClockEvent.id)
        ).all():
            ledgers[request_id].append(kind)
        for request_id in appeals:
            row = rows[request_id]
            found[request_id] = derive_status(
                ledgers[request_id],
                is_approved=row.is_approved,
                is_in_litigation=row.is_in_litigation,
            )
    return found


def _fill(rows: dict[int, RequestRow], scope_ids, today: date, targets, book: CalendarBook) -> None:
    """Put each request's deadlines, waiting items and status into its sections."""
    # Events and snapshots are looked up by request id through the scope's subquery (indexed),
    # never with thousands of bound ids; only the dates of waiting items are converted.
    connection = db.session.connection()
    statuses = _statuses(connection, rows, scope_ids)
    counted: dict[int, tuple[Section, Counter]] = {}
    for row in rows.values():
        for section in targets(row):
            counted.setdefault(id(section), (section, Counter()))[1][statuses[row.id]] += 1
    for section, counter in counted.values():
        section.total = sum(counter.values())
        section.statuses = scorecards.status_counts(counter.elements())
    for request_id, kind, due_on in connection.execute(
        select(DeadlineSnapshot.request_id, DeadlineSnapshot.kind, DeadlineSnapshot.due_on).where(
            DeadlineSnapshot.request_id.in_(scope_ids),
            DeadlineSnapshot.is_settled.is_not(True),
            DeadlineSnapshot.due_on.is_not(None),
            DeadlineSnapshot.due_on <= today + timedelta(days=21),
        )
    ).all():
        row = rows[request_id]
        if row.is_open:
            _place(row, kind, due_on, today, targets(row), book)
    waiting_events = connection.execute(
        select(ClockEvent.request_id, ClockEvent.kind, ClockEvent.occurred_on).where(
            ClockEvent.request_id.in_(scope_ids),
            ClockEvent.kind.in_(selection.WAITING_EVENT_KINDS),
        )
    ).all()
    open_ids = {row.id for row in rows.values() if row.is_open}
    waiting_events = [event for event in waiting_events if event[0] in open_ids]
    for item in selection.open_waiting(waiting_events):
        row = rows[item.request_id]
        line = Line(row.id, row.reference, row.title, row.agency, item.kind, item.since, 0)
        for section in targets(row):
            section.waiting.append(line)
    for section in {id(s): s for row in rows.values() for s in targets(row)}.values():
        section.overdue.sort(key=lambda line: (line.business_days, line.request_id))
        section.due_soon.sort(key=lambda line: (line.due_on, line.request_id))
        section.appeals.sort(key=lambda line: (line.due_on, line.request_id))
        section.waiting.sort(key=lambda line: (line.due_on, line.request_id))


def _place(row: RequestRow, kind: str, due_on: date, today: date, sections, book) -> None:
    is_ours = kind in selection.REQUESTER_CLOCKS
    if is_ours and due_on < today:
        return
    if not is_ours and today + DUE_SOON < due_on:
        return
    left = book.for_agency(*row.agency_columns).business_days_between(today, due_on)
    label = selection.CLOCK_LABELS.get(kind, kind.replace("_", " "))
    line = Line(row.id, row.reference, row.title, row.agency, label, due_on, left)
    for section in sections:
        if is_ours:
            if left <= APPEAL_BUSINESS_DAYS:
                section.appeals.append(line)
        elif due_on < today:
            section.overdue.append(line)
        elif due_on <= today + DUE_SOON:
            section.due_soon.append(line)


def count_requests() -> int:
    """Return how many requests there are (for an empty dashboard's message)."""
    return db.session.scalar(select(func.count()).select_from(RecordsRequest)) or 0


def agency_scorecards(today: date, campaign_id: int | None = None) -> list[scorecards.Scorecard]:
    """Return a scorecard for every agency with requests (of one campaign, if given)."""
    book = CalendarBook()
    scope = RecordsRequest.campaign_id == campaign_id if campaign_id else RecordsRequest.id > 0
    requests = db.session.execute(
        select(
            RecordsRequest.id,
            RecordsRequest.agency_id,
            RecordsRequest.closed_at,
            Agency.name,
            *AGENCY_COLUMNS,
        )
        .join(Agency, Agency.id == RecordsRequest.agency_id)
        .join(Jurisdiction, Jurisdiction.id == Agency.jurisdiction_id)
        .where(scope)
    ).all()
    firsts: dict[int, dict[str, date]] = defaultdict(dict)
    wanted = ("received", "filed", *scorecards.FIRST_RESPONSE_KINDS)
    for request_id, kind, on in db.session.execute(
        select(ClockEvent.request_id, ClockEvent.kind, func.min(ClockEvent.occurred_on))
        .join(RecordsRequest, RecordsRequest.id == ClockEvent.request_id)
        .where(scope, ClockEvent.kind.in_(wanted))
        .group_by(ClockEvent.request_id, ClockEvent.kind)
    ):
        firsts[request_id][kind] = on
    due: dict[int, dict[str, date | None]] = defaultdict(dict)
    overdue: set[int] = set()
    for request_id, kind, due_on, is_settled in db.session.execute(
        select(
            DeadlineSnapshot.request_id,
            DeadlineSnapshot.kind,
            DeadlineSnapshot.due_on,
            DeadlineSnapshot.is_settled,
        )
        .join(RecordsRequest, RecordsRequest.id == DeadlineSnapshot.request_id)
        .where(scope, DeadlineSnapshot.kind.not_in(tuple(selection.REQUESTER_CLOCKS)))
    ):
        due[request_id][kind] = due_on
        if not is_settled and due_on is not None and due_on < today:
            overdue.add(request_id)
    facts, names = [], {}
    for request_id, agency_id, closed_at, name, *cal in requests:
        names[agency_id] = (name, cal[1])
        seen = firsts.get(request_id, {})
        replies = [seen[k] for k in scorecards.FIRST_RESPONSE_KINDS if k in seen]
        answers = [seen[k] for k in scorecards.ANSWER_KINDS if k in seen]
        clocks = due.get(request_id, {})
        facts.append(
            scorecards.RequestFacts(
                agency_id=agency_id,
                received_on=seen.get("received") or seen.get("filed"),
                first_response_on=min(replies) if replies else None,
                answered_on=min(answers) if answers else None,
                response_due_on=clocks.get("extended_response") or clocks.get("response"),
                is_open=closed_at is None,
                is_overdue=closed_at is None and request_id in overdue,
                calendar=book.for_agency(*cal),
            )
        )
    return scorecards.score(facts, names, today)
