"""What the request page's response sections show (templates/requests/_communications.html and
_outcomes.html), loaded in a few queries however many messages and files a request has."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from foia.deadlines.errors import DeadlineError
from foia.documents.models import Attachment, Document
from foia.extensions import db
from foia.letters.models import RecordCategory
from foia.requests import clocks
from foia.requests.models import RecordsRequest
from foia.responses import appeals, operations
from foia.responses.forms import AppealDraftForm, FeeForm, NoteForm, TrackingForm, outcomes_form
from foia.responses.models import FEE_KINDS, OUTCOMES, RESPONSE_KINDS, LoggedResponse

#: Messages shown on the request page, newest first, unless all are asked for: a long
#: correspondence (200 messages, 1,000 files) would otherwise be most of the page's time.
MESSAGES_SHOWN = 50


@dataclass
class ResponsesPage:
    """The response sections of one request page."""

    communications: list
    communication_count: int
    attachments_by_message: dict[int, list]
    loose_attachments: list
    kinds: dict[int, str]
    tracking_numbers: list
    outcome_rows: list
    outcome_form: object
    fees: list
    fee_summary: object
    fee_form: FeeForm
    notes: list
    note_form: NoteForm
    tracking_form: TrackingForm
    appeals: list
    appeal_grounds: str | None
    appeal_form: AppealDraftForm
    kind_labels: dict = field(default_factory=lambda: dict(RESPONSE_KINDS))
    fee_labels: dict = field(default_factory=lambda: dict(FEE_KINDS))
    outcome_labels: dict = field(default_factory=lambda: dict(OUTCOMES))


def request_page_context(
    records_request: RecordsRequest, user, today: date, all_messages: bool = False
) -> dict:
    """Return {"responses": ResponsesPage} for the request page."""
    count = len(records_request.communications)
    shown = records_request.communications[::-1]  # newest first
    if not all_messages:
        shown = shown[:MESSAGES_SHOWN]
    ids = [c.id for c in shown]
    # Plain rows, not ORM objects: a request may carry thousands of files. Only the files of
    # the messages shown, and those attached to no message.
    only_shown = (
        [Attachment.communication_id.is_(None) | Attachment.communication_id.in_(ids)]
        if count > len(shown)
        else []
    )
    attachments = db.session.execute(
        select(
            Attachment.id,
            Attachment.communication_id,
            Attachment.filename,
            Document.media_type,
            Document.size,
            Document.page_count,
        )
        .join(Document, Document.id == Attachment.document_id)
        .where(Attachment.request_id == records_request.id, *only_shown)
        .order_by(Attachment.id)
    ).all()
    by_message: dict[int, list] = {}
    loose = []
    for attachment in attachments:
        if attachment.communication_id:
            by_message.setdefault(attachment.communication_id, []).append(attachment)
        else:
            loose.append(attachment)
    kinds = (
        dict(
            db.session.execute(
                select(LoggedResponse.communication_id, LoggedResponse.kind).where(
                    LoggedResponse.communication_id.in_(ids)
                )
            ).all()
        )
        if ids
        else {}
    )
    slugs = list(records_request.category_slugs or [])
    names = dict(
        db.session.execute(
            select(RecordCategory.slug, RecordCategory.name).where(RecordCategory.slug.in_(slugs))
        ).all()
    )
    current = operations.outcomes_of(records_request)
    form = outcomes_form(slugs, names, records_request.agency.jurisdiction.code, current)
    fees = operations.fees_of(records_request)
    try:
        deadlines = clocks.deadlines_for(records_request, today)
    except DeadlineError:
        deadlines = None
    appeal_list = appeals.appeals_of(records_request)
    grounds = appeals.appeal_grounds(
        records_request.status, [o.outcome for o in current.values()], deadlines
    )
    if any(not a.filed_on for a in appeal_list):
        grounds = None  # a draft is already waiting
    return {
        "responses": ResponsesPage(
            communications=shown,
            communication_count=count,
            attachments_by_message=by_message,
            loose_attachments=loose,
            kinds=kinds,
            tracking_numbers=operations.tracking_numbers_of(records_request),
            outcome_rows=[(slug, names.get(slug, slug), current.get(slug)) for slug in slugs],
            outcome_form=form,
            fees=fees,
            fee_summary=operations.summarise_fees(fees),
            fee_form=FeeForm(fee_on=today, formdata=None),
            notes=operations.notes_for(records_request, user),
            note_form=NoteForm(formdata=None),
            tracking_form=TrackingForm(formdata=None),
            appeals=appeal_list,
            appeal_grounds=grounds,
            appeal_form=AppealDraftForm(formdata=None),
        )
    }
