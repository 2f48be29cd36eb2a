"""What the request page's response sections show (templates/requests/_thread.html and
_outcomes.html), in two queries (the communications, the files shown) however many messages
and files a request has.

The request page itself belongs to foia/requests (page.py): it computes the deadlines once,
loads the rest of the request's rows (page_rows.py) and hands them here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from foia import clock
from foia.deadlines.calculator import Deadlines
from foia.deadlines.kinds import ClockKind
from foia.documents.models import Attachment, Document
from foia.extensions import db
from foia.inbound.models import DeliveryFailure, InboundEmail
from foia.requests.models import CHANNELS, Communication, RecordsRequest
from foia.requests.next_action import NextAction, next_action
from foia.responses import appeals, operations
from foia.responses.forms import AppealDraftForm, FeeForm, NoteForm, TrackingForm, outcomes_form
from foia.responses.models import FEE_KINDS, OUTCOMES, RESPONSE_KINDS, LoggedResponse, Note

#: Thread entries on one page of the request page's thread, newest first: a long correspondence
#: (200 messages, 1,000 files) is read a page at a time, with links to the older and newer pages.
MESSAGES_SHOWN = 50


class EntryKind(StrEnum):
    """What one entry of a request's thread is."""

    SENT = "sent"
    RECEIVED = "received"
    #: An automatic reply or a bounce: on the thread, never the agency's response.
    AUTOMATIC = "automatic"
    NOTE = "note"


@dataclass(frozen=True)
class ThreadEntry:
    """One entry of a request's thread, with its files (and a bounce's failed addresses)."""

    kind: EntryKind
    on: date
    #: A Communication (sent, received), an InboundEmail (automatic) or a Note.
    item: Any
    files: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    #: The kind of response a received message is recorded as ("" for none).
    response_kind: str = ""
    #: The inbox message a received email came from, for its page (its suggestions, original).
    inbound_id: int | None = None


@dataclass
class Thread:
    """One page of a request's thread, newest first: letters and messages sent and received,
    automatic replies and bounces, and the notes the user may read (MESSAGES_SHOWN a page)."""

    entries: list[ThreadEntry]
    count: int
    loose_files: list
    letters_with_pdf: set[int]
    #: This page's number (1 is the newest) and how many pages there are.
    page: int = 1
    pages: int = 1

    @property
    def first_shown(self) -> int:
        """Return the position of the page's first entry in the whole thread (1 is the newest)."""
        return (self.page - 1) * MESSAGES_SHOWN + 1 if self.entries else 0


@dataclass
class ThreadRows:
    """What a thread is made of besides the communications (the request page loads them)."""

    #: The automatic replies and bounces filed under the request.
    automatic: list[InboundEmail]
    #: Every note of the request; the thread keeps those its reader may read.
    notes: list
    #: The delivery failures each bounce reports, by the bounce's id.
    failures: dict[int, list]


def thread_rows(records_request: RecordsRequest) -> ThreadRows:
    """Read the automatic replies, bounces and notes of the request."""
    automatic = list(
        db.session.scalars(
            select(InboundEmail)
            .where(
                InboundEmail.request_id == records_request.id,
                InboundEmail.communication_id.is_(None),
            )
            .order_by(InboundEmail.id)
        )
    )
    notes = db.session.scalars(select(Note).where(Note.request_id == records_request.id))
    return ThreadRows(automatic, list(notes), _failures([m.id for m in automatic]))


def thread_of(
    records_request: RecordsRequest, user, *, page: int = 1, rows: ThreadRows | None = None
) -> Thread:
    """Return one page of the request's thread, newest first, in a few queries."""
    rows = rows or thread_rows(records_request)
    communications, kinds, inbound_of = _communications(records_request)
    # The item is a Communication, an InboundEmail or a Note (as ThreadEntry.item).
    dated: list[tuple[date, Any, EntryKind]] = [
        (c.occurred_on, c, _direction(c)) for c in communications
    ]
    dated += [(m.sent_on or _local(m.created_at), m, EntryKind.AUTOMATIC) for m in rows.automatic]
    privileged = operations.may_read_privileged(user)
    dated += [
        (_local(n.created_at), n, EntryKind.NOTE)
        for n in rows.notes
        if privileged or not n.is_privileged
    ]
    # Same day: in the order they were recorded (ids only order rows of one table).
    dated.sort(key=lambda d: (d[0], d[1].created_at or _EPOCH, d[1].id), reverse=True)
    pages = max(1, -(-len(dated) // MESSAGES_SHOWN))
    page = min(max(page, 1), pages)
    shown = dated[(page - 1) * MESSAGES_SHOWN : page * MESSAGES_SHOWN]
    message_ids = [i.id for _, i, k in shown if k in (EntryKind.SENT, EntryKind.RECEIVED)]
    automatic_ids = [i.id for _, i, k in shown if k is EntryKind.AUTOMATIC]
    files, loose = _files(
        records_request, message_ids, automatic_ids, everything=len(shown) == len(dated)
    )
    entries = []
    for on, item, kind in shown:
        is_automatic, is_received = kind is EntryKind.AUTOMATIC, kind is EntryKind.RECEIVED
        entries.append(
            ThreadEntry(
                kind=kind,
                on=on,
                item=item,
                files=[] if kind is EntryKind.NOTE else files.get((is_automatic, item.id), []),
                failures=rows.failures.get(item.id, []) if is_automatic else [],
                response_kind=kinds.get(item.id, "") if is_received else "",
                inbound_id=inbound_of.get(item.id) if is_received else None,
            )
        )
    return Thread(
        entries=entries,
        count=len(dated),
        loose_files=loose,
        letters_with_pdf={letter.id for letter in records_request.letters if letter.pdf_sha256},
        page=page,
        pages=pages,
    )


def _communications(records_request: RecordsRequest):
    """Return the request's communications, the response kind of each logged as a response,
    and the inbox message each received email came from: one query."""
    rows = db.session.execute(
        select(Communication, LoggedResponse.kind, InboundEmail.id)
        .outerjoin(LoggedResponse, LoggedResponse.communication_id == Communication.id)
        .outerjoin(InboundEmail, InboundEmail.communication_id == Communication.id)
        .where(Communication.request_id == records_request.id)
        .order_by(Communication.occurred_on, Communication.id)
    ).all()
    communications, kinds, inbound_of = {}, {}, {}
    for communication, kind, inbound_id in rows:
        communications[communication.id] = communication
        if kind is not None:
            kinds[communication.id] = kind
        if inbound_id is not None:
            inbound_of[communication.id] = inbound_id
    found = list(communications.values())
    # What the relationship would load: the page reads it again without a query.
    set_committed_value(records_request, "communications", found)
    return found, kinds, inbound_of


_EPOCH = datetime.min.replace(tzinfo=UTC)


def _direction(communication) -> EntryKind:
    return EntryKind.SENT if communication.direction == "out" else EntryKind.RECEIVED


def _local(at: datetime) -> date:
    return at.astimezone(clock.local_zone()).date()


def _files(records_request, message_ids, automatic_ids, *, everything: bool):
    """Return the files of the entries shown, by (is_automatic, id), and those of no entry."""
    # Plain rows, not ORM objects: a request may carry thousands of files. Only the files of
    # the entries shown, and those attached to no message.
    only_shown = (
        []
        if everything
        else [
            (Attachment.communication_id.is_(None) & Attachment.inbound_email_id.is_(None))
            | Attachment.communication_id.in_(message_ids)
            | (
                Attachment.communication_id.is_(None)
                & Attachment.inbound_email_id.in_(automatic_ids)
            )
        ]
    )
    rows = db.session.execute(
        select(
            Attachment.id,
            Attachment.communication_id,
            Attachment.inbound_email_id,
            Attachment.filename,
            Document.media_type,
            Document.size,
            Document.page_count,
            Attachment.public_at,
        )
        .join(Document, Document.id == Attachment.document_id)
        .where(Attachment.request_id == records_request.id, *only_shown)
        .order_by(Attachment.id)
    ).all()
    automatic = set(automatic_ids)
    by_entry: dict[tuple[bool, int], list] = {}
    loose = []
    for row in rows:
        if row.communication_id:
            by_entry.setdefault((False, row.communication_id), []).append(row)
        elif row.inbound_email_id in automatic:
            by_entry.setdefault((True, row.inbound_email_id), []).append(row)
        else:
            loose.append(row)
    return by_entry, loose


def _failures(automatic_ids: list[int]) -> dict[int, list]:
    found: dict[int, list] = {}
    if automatic_ids:
        for failure in db.session.scalars(
            select(DeliveryFailure)
            .where(DeliveryFailure.inbound_email_id.in_(automatic_ids))
            .order_by(DeliveryFailure.id)
        ):
            found.setdefault(failure.inbound_email_id, []).append(failure)
    return found


@dataclass
class ResponsesPage:
    """The response sections of one request page."""

    thread: Thread
    tracking_numbers: list
    outcome_rows: list
    outcome_form: object
    fees: list
    fee_summary: object
    fee_form: FeeForm
    note_form: NoteForm
    tracking_form: TrackingForm
    appeals: list
    appeal_grounds: str | None
    appeal_form: AppealDraftForm
    #: The page header's one primary button.
    next_action: NextAction
    kind_labels: dict = field(default_factory=lambda: dict(RESPONSE_KINDS))
    fee_labels: dict = field(default_factory=lambda: dict(FEE_KINDS))
    outcome_labels: dict = field(default_factory=lambda: dict(OUTCOMES))
    #: How a message travelled, in words ("In person", not "in_person").
    channel_labels: dict = field(default_factory=lambda: {c.value: c.label for c in CHANNELS})


@dataclass
class SectionRows:
    """What the response sections show of one request, loaded by the request page."""

    thread: ThreadRows
    outcomes: list
    #: In date order.
    fees: list
    #: Oldest first.
    appeals: list
    #: In the order they came.
    tracking_numbers: list
    #: Every record category's name, by slug.
    category_names: dict[str, str]


def request_sections(
    records_request: RecordsRequest,
    user,
    today: date,
    deadlines: Deadlines | None,
    rows: SectionRows,
    *,
    page: int = 1,
) -> ResponsesPage:
    """Return the response sections of the request page, given the deadlines it computed and
    the rows it loaded; `page` is the page of the thread shown."""
    thread = thread_of(records_request, user, page=page, rows=rows.thread)
    slugs = list(records_request.category_slugs or [])
    names = {slug: rows.category_names[slug] for slug in slugs if slug in rows.category_names}
    current = {outcome.category_slug: outcome for outcome in rows.outcomes}
    form = outcomes_form(slugs, names, records_request.agency.jurisdiction.code, current)
    status = records_request.status
    outcomes = [o.outcome for o in current.values()]
    return ResponsesPage(
        thread=thread,
        tracking_numbers=rows.tracking_numbers,
        outcome_rows=[(slug, names.get(slug, slug), current.get(slug)) for slug in slugs],
        outcome_form=form,
        fees=rows.fees,
        fee_summary=operations.summarise_fees(rows.fees),
        fee_form=FeeForm(fee_on=today, formdata=None),
        note_form=NoteForm(formdata=None),
        tracking_form=TrackingForm(formdata=None),
        appeals=rows.appeals,
        appeal_grounds=appeals.new_appeal_grounds(status, outcomes, deadlines, rows.appeals),
        appeal_form=AppealDraftForm(formdata=None),
        next_action=_next_action(status, outcomes, deadlines),
    )


def _next_action(status: str, outcomes: list[str], deadlines: Deadlines | None) -> NextAction:
    clocks = deadlines.clocks if deadlines else []
    window = next((c for c in clocks if c.kind == ClockKind.APPEAL), None)
    return next_action(
        status,
        is_overdue=any(c.kind in appeals.AGENCY_CLOCKS and c.state == "missed" for c in clocks),
        appeal_grounds=appeals.appeal_grounds(status, outcomes, deadlines),
        # A law whose appeal window the engine does not compute leaves the appeal open.
        is_appeal_window_open=window is None or window.state != "missed",
    )
