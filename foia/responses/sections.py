"""What the request page's response sections show (templates/requests/_thread.html and
_outcomes.html), loaded in a few queries however many messages and files a request has.

The request page itself belongs to foia/requests (page.py): it computes the deadlines once and
hands them here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from foia import clock
from foia.deadlines.calculator import Deadlines
from foia.deadlines.kinds import ClockKind
from foia.documents.models import Attachment, Document
from foia.extensions import db
from foia.inbound.models import DeliveryFailure, InboundEmail
from foia.letters.models import RecordCategory
from foia.requests.models import CHANNELS, RecordsRequest
from foia.requests.next_action import NextAction, next_action
from foia.responses import appeals, operations
from foia.responses.forms import AppealDraftForm, FeeForm, NoteForm, TrackingForm, outcomes_form
from foia.responses.models import FEE_KINDS, OUTCOMES, RESPONSE_KINDS, LoggedResponse

#: Thread entries shown on the request page, newest first, unless all are asked for: a long
#: correspondence (200 messages, 1,000 files) would otherwise be most of the page's time.
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
    """A request's thread, newest first: letters and messages sent and received, automatic
    replies and bounces, and the notes the user may read; the latest MESSAGES_SHOWN unless all."""

    entries: list[ThreadEntry]
    count: int
    loose_files: list
    letters_with_pdf: set[int]


def thread_of(records_request: RecordsRequest, user, *, all_messages: bool = False) -> Thread:
    """Return the request's thread in time order, newest first, in a few queries."""
    automatic = db.session.scalars(
        select(InboundEmail)
        .where(
            InboundEmail.request_id == records_request.id,
            InboundEmail.communication_id.is_(None),
        )
        .order_by(InboundEmail.id)
    ).all()
    # The item is a Communication, an InboundEmail or a Note (as ThreadEntry.item).
    dated: list[tuple[date, Any, EntryKind]] = [
        (c.occurred_on, c, _direction(c)) for c in records_request.communications
    ]
    dated += [(m.sent_on or _local(m.created_at), m, EntryKind.AUTOMATIC) for m in automatic]
    dated += [
        (_local(n.created_at), n, EntryKind.NOTE)
        for n in operations.notes_for(records_request, user)
    ]
    # Same day: in the order they were recorded (ids only order rows of one table).
    dated.sort(key=lambda d: (d[0], d[1].created_at or _EPOCH, d[1].id), reverse=True)
    shown = dated if all_messages else dated[:MESSAGES_SHOWN]
    message_ids = [i.id for _, i, k in shown if k in (EntryKind.SENT, EntryKind.RECEIVED)]
    automatic_ids = [i.id for _, i, k in shown if k is EntryKind.AUTOMATIC]
    files, loose = _files(
        records_request, message_ids, automatic_ids, everything=len(shown) == len(dated)
    )
    kinds = _response_kinds(message_ids)
    inbound_of = _inbound_of(records_request)
    failures = _failures(automatic_ids)
    entries = []
    for on, item, kind in shown:
        is_automatic, is_received = kind is EntryKind.AUTOMATIC, kind is EntryKind.RECEIVED
        entries.append(
            ThreadEntry(
                kind=kind,
                on=on,
                item=item,
                files=[] if kind is EntryKind.NOTE else files.get((is_automatic, item.id), []),
                failures=failures.get(item.id, []) if is_automatic else [],
                response_kind=kinds.get(item.id, "") if is_received else "",
                inbound_id=inbound_of.get(item.id) if is_received else None,
            )
        )
    return Thread(
        entries=entries,
        count=len(dated),
        loose_files=loose,
        letters_with_pdf={letter.id for letter in records_request.letters if letter.pdf_sha256},
    )


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


def _response_kinds(message_ids: list[int]) -> dict[int, str]:
    if not message_ids:
        return {}
    return dict(
        db.session.execute(
            select(LoggedResponse.communication_id, LoggedResponse.kind).where(
                LoggedResponse.communication_id.in_(message_ids)
            )
        ).all()
    )


def _inbound_of(records_request: RecordsRequest) -> dict[int | None, int]:
    return dict(
        db.session.execute(
            select(InboundEmail.communication_id, InboundEmail.id).where(
                InboundEmail.request_id == records_request.id,
                InboundEmail.communication_id.is_not(None),
            )
        ).all()
    )


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


def request_sections(
    records_request: RecordsRequest,
    user,
    today: date,
    deadlines: Deadlines | None,
    *,
    all_messages: bool = False,
) -> ResponsesPage:
    """Return the response sections of the request page, given the deadlines it computed."""
    thread = thread_of(records_request, user, all_messages=all_messages)
    slugs = list(records_request.category_slugs or [])
    names = dict(
        db.session.execute(
            select(RecordCategory.slug, RecordCategory.name).where(RecordCategory.slug.in_(slugs))
        ).all()
    )
    current = operations.outcomes_of(records_request)
    form = outcomes_form(slugs, names, records_request.agency.jurisdiction.code, current)
    fees = operations.fees_of(records_request)
    appeal_list = appeals.appeals_of(records_request)
    status = records_request.status
    outcomes = [o.outcome for o in current.values()]
    return ResponsesPage(
        thread=thread,
        tracking_numbers=operations.tracking_numbers_of(records_request),
        outcome_rows=[(slug, names.get(slug, slug), current.get(slug)) for slug in slugs],
        outcome_form=form,
        fees=fees,
        fee_summary=operations.summarise_fees(fees),
        fee_form=FeeForm(fee_on=today, formdata=None),
        note_form=NoteForm(formdata=None),
        tracking_form=TrackingForm(formdata=None),
        appeals=appeal_list,
        appeal_grounds=appeals.new_appeal_grounds(status, outcomes, deadlines, appeal_list),
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
