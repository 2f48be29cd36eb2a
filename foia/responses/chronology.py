"""A request's whole history for litigation: one PDF in date order, and a ZIP with the originals.

Every message with its channel, addresses, Message-ID or tracking number and delivery proof
(a letter of ours once, with the message that carried it); what became of each record category,
with the exemption cited; every fee; every clock with its computation and business days overdue;
every file with its SHA-256. Notes are internal and never part of it.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import select

from foia.clock import local_zone
from foia.deadlines.calculator import fmt
from foia.deadlines.errors import DeadlineError
from foia.documents.models import Attachment
from foia.documents.storage import FileStore, StorageError
from foia.extensions import db
from foia.inbound.models import InboundEmail
from foia.letters.models import RecordCategory
from foia.requests import clocks
from foia.requests.models import Channel, Direction, RecordsRequest, RequestLetter
from foia.requests.operations import EVENT_LABELS
from foia.responses import exemptions
from foia.responses import operations as responses
from foia.responses.models import Appeal, FeeKind, Outcome, TrackingNumber

CHANNEL_LABELS: dict[str, str] = {channel: channel.label for channel in Channel}


@dataclass
class Entry:
    """One dated item of the history."""

    on: date
    order: int
    heading: str
    lines: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""
    files: list[Attachment] = field(default_factory=list)


@dataclass
class Chronology:
    """Everything the PDF shows."""

    records_request: RecordsRequest
    today: date
    entries: list[Entry]
    clocks: list[dict]
    attachments: list[Attachment]
    tracking_numbers: list[str]
    ledger_error: str = ""
    #: (category, outcome, exemption cited) for each category asked for, in letter order.
    outcomes: list[tuple[str, str, str]] = field(default_factory=list)
    #: (day, kind, amount, note) for each fee fact, in date order.
    fees: list[tuple[date, str, str, str]] = field(default_factory=list)


def _attachments(records_request: RecordsRequest) -> list[Attachment]:
    return list(
        db.session.scalars(
            select(Attachment)
            .where(Attachment.request_id == records_request.id)
            .order_by(Attachment.id)
        )
    )


def build(records_request: RecordsRequest, today: date) -> Chronology:
    """Collect the request's history in date order."""
    attachments = _attachments(records_request)
    by_message: dict[int, list[Attachment]] = {}
    for attachment in attachments:
        by_message.setdefault(attachment.communication_id or 0, []).append(attachment)
    entries: list[Entry] = []
    for event in records_request.events:
        detail = [("Ledger event", EVENT_LABELS.get(event.kind, event.kind))]
        if event.days:
            detail.append(("Days claimed", str(event.days)))
        if event.is_estimated:
            detail.append(("Date", "estimated"))
        entries.append(
            Entry(
                event.occurred_on, 0, EVENT_LABELS.get(event.kind, event.kind), detail, event.basis
            )
        )
    letters = {letter.id: letter for letter in records_request.letters}
    carried = {message.letter_id for message in records_request.communications}
    for letter in letters.values():
        # A letter sent as a message is printed once, with that message; one sent otherwise
        # (a filing recorded without a message) still has its own entry.
        if letter.sent_at and letter.id not in carried:
            entries.append(
                Entry(
                    letter.sent_at.astimezone(local_zone()).date(),
                    1,
                    f"Our letter: {letter.subject}",
                    _letter_lines(letter),
                    letter.body_text,
                )
            )
    for message in records_request.communications:
        way = "Received" if message.direction == Direction.IN else "Sent"
        carried_letter = letters.get(message.letter_id) if message.letter_id is not None else None
        lines = [
            ("Direction", "from the agency" if message.direction == Direction.IN else "from us"),
            ("Channel", CHANNEL_LABELS.get(message.channel, message.channel)),
            ("From", message.sender or "—"),
            ("To", message.recipient or "—"),
            ("Message-ID / tracking", message.tracking or "—"),
            ("Delivery proof", message.delivery_proof or "—"),
            *(_letter_lines(carried_letter) if carried_letter else []),
        ]
        entries.append(
            Entry(
                message.occurred_on,
                2,
                f"{way}: {message.subject or 'message'}",
                lines,
                carried_letter.body_text if carried_letter else message.body,
                by_message.get(message.id, []),
            )
        )
    for appeal in db.session.scalars(select(Appeal).where(Appeal.request_id == records_request.id)):
        if appeal.filed_on:
            entries.append(
                Entry(
                    appeal.filed_on,
                    3,
                    f"Appeal filed with the {appeal.to_whom}",
                    [
                        ("Citation", appeal.citation),
                        ("Grounds", appeal.grounds),
                        ("PDF SHA-256", appeal.pdf_sha256 or "—"),
                    ],
                )
            )
    entries.sort(key=lambda e: (e.on, e.order))
    clock_rows, error = _clocks(records_request, today)
    numbers = list(
        db.session.scalars(
            select(TrackingNumber.number)
            .where(TrackingNumber.request_id == records_request.id)
            .order_by(TrackingNumber.id)
        )
    )
    return Chronology(
        records_request,
        today,
        entries,
        clock_rows,
        attachments,
        numbers,
        error,
        _outcomes(records_request),
        _fees(records_request),
    )


def _letter_lines(letter: RequestLetter) -> list[tuple[str, str]]:
    kind = letter.kind.replace("_", "-")  # "follow_up" reads "follow-up"
    return [
        ("Our letter", f"{kind[:1].upper()}{kind[1:]}"),
        ("PDF SHA-256", letter.pdf_sha256 or "—"),
    ]


def _outcomes(records_request: RecordsRequest) -> list[tuple[str, str, str]]:
    slugs = list(records_request.category_slugs or [])
    names = dict(
        db.session.execute(
            select(RecordCategory.slug, RecordCategory.name).where(RecordCategory.slug.in_(slugs))
        ).all()
    )
    coded = responses.outcomes_of(records_request)
    code = records_request.agency.jurisdiction.code
    rows = []
    for slug in slugs:
        row = coded.get(slug)
        outcome = Outcome(row.outcome) if row else Outcome.PENDING
        cited = exemptions.describe(code, row.exemption, row.exemption_text) if row else ""
        rows.append((names.get(slug, slug), outcome.label, cited or "—"))
    return rows


def _fees(records_request: RecordsRequest) -> list[tuple[date, str, str, str]]:
    return [
        (
            fee.occurred_on,
            FeeKind(fee.kind).label,
            f"${fee.amount:,.2f}" if fee.amount is not None else "—",
            fee.note,
        )
        for fee in responses.fees_of(records_request)
    ]


def _clocks(records_request: RecordsRequest, today: date) -> tuple[list[dict], str]:
    closures = clocks.load_closures()
    try:
        result = clocks.deadlines_for(records_request, today, closures)
    except DeadlineError as exc:
        return [], str(exc)
    if result is None:
        return [], ""
    calendar = clocks.calendar_of(records_request.agency, closures)
    rows = []
    for clock in result.clocks:
        remaining = clock.business_days_remaining(calendar, today)
        overdue = -remaining if remaining is not None and remaining < 0 else 0
        rows.append(
            {
                "kind": clock.kind.replace("_", " "),
                "due": fmt(clock.due_on) if clock.due_on else "no statutory deadline",
                "state": clock.state,
                "basis": clock.basis,
                "citation": clock.citation,
                "overdue": overdue if clock.state in ("running", "missed") else 0,
                "steps": [step.text for step in clock.steps],
            }
        )
    return rows, ""


def render_pdf(chronology: Chronology) -> bytes:
    """Render the chronology as a PDF (WeasyPrint through foia.letters.pdf)."""
    from foia.letters.pdf import html_to_pdf

    template = current_app.jinja_env.get_template("responses/chronology_pdf.html")
    return html_to_pdf(template.render(c=chronology, r=chronology.records_request, fmt=fmt)).content


def _zip_name(prefix: str, number: int, name: str) -> str:
    return f"{prefix}/{number:04d}-{name}"


def render_zip(chronology: Chronology, store: FileStore) -> bytes:
    """Return a ZIP: the chronology PDF, the original files, emails and letters, and a manifest."""
    records_request = chronology.records_request
    buffer = io.BytesIO()
    manifest = [("path", "sha256", "size", "what")]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        pdf = render_pdf(chronology)
        archive.writestr("chronology.pdf", pdf)
        manifest.append(("chronology.pdf", "", str(len(pdf)), "this history"))

        def add(path: str, sha256: str, what: str) -> None:
            try:
                data = store.get(sha256)
            except StorageError:
                manifest.append((path, sha256, "", f"{what} (MISSING from the store)"))
                return
            archive.writestr(path, data)
            manifest.append((path, sha256, str(len(data)), what))

        for attachment in chronology.attachments:
            add(
                _zip_name("originals", attachment.id, attachment.filename),
                attachment.document.sha256,
                "file as received or sent",
            )
        for inbound in db.session.scalars(
            select(InboundEmail).where(InboundEmail.request_id == records_request.id)
        ):
            add(
                _zip_name("emails", inbound.id, "message.eml"),
                inbound.raw_sha256,
                f"original email ({inbound.mail_kind.label.lower()}): {inbound.subject[:80]}",
            )
        for letter in records_request.letters:
            if letter.pdf_sha256:
                add(
                    _zip_name("letters", letter.id, f"{letter.kind}.pdf"),
                    letter.pdf_sha256,
                    f"our letter: {letter.subject[:80]}",
                )
        for appeal in db.session.scalars(
            select(Appeal).where(Appeal.request_id == records_request.id)
        ):
            if appeal.pdf_sha256:
                add(
                    _zip_name("appeals", appeal.id, "appeal.pdf"),
                    appeal.pdf_sha256,
                    "appeal as filed",
                )
        text = io.StringIO()
        csv.writer(text).writerows(manifest)
        archive.writestr("manifest.csv", text.getvalue())
    return buffer.getvalue()
