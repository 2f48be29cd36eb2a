"""Filing operations: they change the session, write the audit log, flush, and never commit.

Filing writes what happened as facts: the outgoing Communication (with its proof of delivery)
and the ledger events that start the clocks, through foia.requests.operations.add_events so the
deadline engine checks the ledger and recomputes the snapshots. Once a letter is sent its
`sent_at` is set and its text and PDF never change.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from flask import current_app

from foia import audit, clock
from foia.deadlines.kinds import EventKind
from foia.documents.operations import Upload, UploadRefused, attach, check_upload
from foia.documents.storage import store_for
from foia.extensions import db
from foia.inbound.addresses import reply_address
from foia.letters.fields import refusal, unfilled_in
from foia.letters.operations import current_letter
from foia.letters.setup import require_setup
from foia.mail import Attachment, OutboundEmail, OutboundKind, queue_email
from foia.requests import clocks
from foia.requests.models import (
    Channel,
    Communication,
    Direction,
    LetterKind,
    RecordsRequest,
    RequestLetter,
)
from foia.requests.operations import NewEvent, add_event, add_events, remove_event

#: Business days a posted letter is assumed to take until the return receipt says otherwise.
MAIL_DAYS = 3


class FilingError(ValueError):
    """A request that cannot be approved or filed now, with a message for people."""


def is_filed(records_request: RecordsRequest) -> bool:
    """Return whether the request was filed (its ledger has a "filed" event)."""
    return any(e.kind == EventKind.FILED for e in records_request.events)


def approve_request(records_request: RecordsRequest, *, actor) -> None:
    """Approve the request's letter as drafted, so that it may be filed."""
    letter = current_letter(records_request)
    if letter is None:
        raise FilingError("There is no letter to approve yet.")
    if is_filed(records_request):
        raise FilingError("This request was filed already.")
    require_setup()
    if missing := unfilled_in(letter.body_html):
        raise FilingError(refusal(missing))
    records_request.approved_at = clock.now()
    audit.record(
        "request.approved",
        records_request,
        f"Letter of {records_request.reference} approved",
        user=actor,
        data={"letter_id": letter.id, "sha256": letter.pdf_sha256},
    )
    db.session.flush()


def letter_to_file(records_request: RecordsRequest) -> RequestLetter:
    """Return the approved, unsent request letter, or say why the request cannot be filed."""
    letter = current_letter(records_request)
    if letter is None:
        raise FilingError("This request has no letter yet.")
    if is_filed(records_request) or letter.sent_at is not None:
        raise FilingError(f"{records_request.reference} was filed already.")
    if records_request.approved_at is None:
        raise FilingError(f"A lawyer must approve the letter of {records_request.reference} first.")
    return letter


def pdf_filename(records_request: RecordsRequest, letter: RequestLetter | None = None) -> str:
    """Return the file name of a request's letter: the agency's name and our reference."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", records_request.agency.name).strip("-")
    suffix = "" if letter is None or letter.kind == LetterKind.REQUEST else f"-{letter.kind}"
    return f"{name}-{records_request.reference}{suffix}.pdf"


def filing_email_key(letter: RequestLetter) -> str:
    """Return the outbox key of a letter's filing email (it is queued once, ever)."""
    return f"filing:letter:{letter.id}"


def queue_filing_email(
    records_request: RecordsRequest, *, actor, flush: bool = True
) -> OutboundEmail:
    """Queue the letter to the agency's address: its text in the body, its PDF attached.

    `flush=False`: the caller flushes (a batch of requests), as mail.queue_email says.
    """
    letter = letter_to_file(records_request)
    # Set first, flushed with the email (a refusal is rolled back by the caller, as any).
    records_request.filing_channel = Channel.EMAIL
    return queue_letter_email(records_request, letter, flush=flush)


def correction_to_send(records_request: RecordsRequest) -> RequestLetter:
    """Return the drafted, unsent correction letter of a filed request, or say why there is none."""
    letter = current_letter(records_request, "correction")
    if not is_filed(records_request):
        raise FilingError(f"{records_request.reference} is not filed: file the request itself.")
    if letter is None or letter.sent_at is not None:
        raise FilingError(f"{records_request.reference} has no drafted correction letter to send.")
    return letter


def queue_letter_email(
    records_request: RecordsRequest,
    letter: RequestLetter,
    *,
    key: str | None = None,
    flush: bool = True,
) -> OutboundEmail:
    """Queue one of our letters to the agency: its text in the body, its PDF attached.

    The outbox key defaults to the letter's filing key (a letter is filed once); filing again
    after a bounce gives its own.
    """
    address = (records_request.agency.email or "").strip()
    if not address:
        raise FilingError(f"{records_request.agency.name} has no email address on file.")
    if not letter.pdf_sha256:  # generated letters always have one; this says so to the reader
        raise FilingError(f"The letter for {records_request.reference} has no PDF.")
    pdf = store_for(current_app.config).get(letter.pdf_sha256)
    email = queue_email(
        address,
        f"Public records request {records_request.reference}: {letter.subject}",
        letter.body_text,
        kind=OutboundKind.FILING,
        attachments=(Attachment(pdf_filename(records_request, letter), "application/pdf", pdf),),
        key=key or filing_email_key(letter),
        request_id=records_request.id,
        reply_to=reply_address_of(records_request),
        flush=flush,
    )
    return email


def reply_address_of(records_request: RecordsRequest) -> str | None:
    """Return the request's own reply address when FOIA_REPLY_PLUS is on, else None."""
    config = current_app.config
    if not config.get("REPLY_PLUS") or not records_request.reference:
        return None
    return reply_address(config["MAIL_FROM"], records_request.reference)


def record_email_filing(
    records_request: RecordsRequest,
    email: OutboundEmail,
    *,
    today: date,
    actor,
    reply: str = "",
    closures: clocks.ClosureIndex | None = None,
) -> Communication:
    """Record a sent filing email: the Communication, the letter as sent, filed and received.

    `reply` is the mail server's acceptance ("250 2.0.0 Ok: queued as 4F2A9"), kept in the
    proof of delivery; empty when the sender that saw it was stopped before recording it.
    `closures` spares a worker filing many requests reading them for each.
    """
    letter = letter_to_file(records_request)
    communication = _email_communication(records_request, letter, email, actor, reply)
    local = _sent_at(records_request, email).astimezone(clock.local_zone())
    at = local.time().replace(microsecond=0, tzinfo=None)
    _start_clocks(
        records_request,
        local.date(),
        today,
        actor,
        Channel.EMAIL,
        at=at,
        received_basis="Email accepted for delivery: received on the send date.",
        closures=closures,
    )
    return communication


def record_correction_email(
    records_request: RecordsRequest, email: OutboundEmail, *, actor
) -> Communication:
    """Record a sent correction letter: the Communication and the letter as sent (no new clock)."""
    letter = correction_to_send(records_request)
    communication = _email_communication(records_request, letter, email, actor)
    audit.record(
        "request.correction_sent",
        records_request,
        f"Correction letter of {records_request.reference} sent by email to {email.to_addr}",
        user=actor,
        data={"letter_id": letter.id, "sha256": letter.pdf_sha256},
    )
    db.session.flush()
    return communication


def _sent_at(records_request: RecordsRequest, email: OutboundEmail) -> datetime:
    if email.sent_at is None:
        raise FilingError(f"The email for {records_request.reference} was not sent yet.")
    return email.sent_at


def _email_communication(records_request, letter, email, actor, reply="") -> Communication:
    sent_at = _sent_at(records_request, email)
    local = sent_at.astimezone(clock.local_zone())
    config = current_app.config
    communication = _communication(
        records_request,
        letter,
        Channel.EMAIL,
        local.date(),
        actor,
        sender=config["MAIL_FROM"],
        recipient=email.to_addr,
        subject=email.subject,
        tracking=email.message_id,
        delivery_proof=_delivery_proof(config, sent_at, reply),
        outbound_email_id=email.id,
    )
    _freeze(letter, sent_at)
    return communication


def _delivery_proof(config, sent_at: datetime, reply: str = "") -> str:
    at = sent_at.isoformat(timespec="seconds")
    if config.get("MAIL_CAPTURE_DIR"):
        # Said plainly: with capture on, the agency never received anything.
        return f"Captured (FOIA_MAIL_CAPTURE_DIR) at {at}: not sent to any mail server."
    proof = f"Accepted by the SMTP server {config['SMTP_HOST']}:{config['SMTP_PORT']} at {at}"
    return f"{proof}: {reply}" if reply else proof


def file_by_portal(
    records_request: RecordsRequest,
    *,
    portal: str,
    submitted_on: date,
    confirmation_number: str,
    confirmation: bytes | None,
    confirmation_name: str = "",
    today: date,
    actor,
) -> Communication:
    """Record a request submitted through the agency's portal, with its confirmation."""
    letter = letter_to_file(records_request)
    proof = f"Portal confirmation number {confirmation_number}" if confirmation_number else ""
    upload = Upload(confirmation_name or "portal-confirmation", confirmation or b"")
    if confirmation:
        try:
            check_upload(upload, _max_upload_bytes())
        except UploadRefused as exc:
            raise FilingError(str(exc)) from exc
        sha256 = store_for(current_app.config).put(confirmation)
        proof = f"{proof}; confirmation file {upload.safe_name} sha256:{sha256}"
    communication = _communication(
        records_request,
        letter,
        Channel.PORTAL,
        submitted_on,
        actor,
        recipient=portal,
        tracking=confirmation_number,
        delivery_proof=proof.strip("; "),
    )
    if confirmation:
        db.session.flush()  # the attachment names the message by its id
        # Kept as an attachment of the message, so the request page offers it for download.
        attach(
            upload,
            store=store_for(current_app.config),
            max_bytes=_max_upload_bytes(),
            actor=actor,
            request_id=records_request.id,
            communication_id=communication.id,
        )
    _freeze(letter, clock.now())
    _start_clocks(
        records_request,
        submitted_on,
        today,
        actor,
        Channel.PORTAL,
        received_basis="Submitted through the agency's portal.",
    )
    return communication


def file_by_mail(
    records_request: RecordsRequest, *, mailed_on: date, certified_number: str, today: date, actor
) -> Communication:
    """Record a posted letter; its receipt is estimated until the return receipt comes back."""
    letter = letter_to_file(records_request)
    agency = records_request.agency
    communication = _communication(
        records_request,
        letter,
        Channel.MAIL,
        mailed_on,
        actor,
        recipient=f"{agency.name}\n{agency.address}".strip(),
        tracking=certified_number,
    )
    _freeze(letter, clock.now())
    calendar = clocks.calendar_of(agency, clocks.load_closures())
    estimate = calendar.add_business_days(mailed_on, MAIL_DAYS)
    filed = NewEvent(
        EventKind.FILED, mailed_on, basis=f"By certified mail {certified_number}".strip()
    )
    received = NewEvent(
        EventKind.RECEIVED,
        estimate,
        is_estimated=True,
        basis=f"Estimated: mailed plus {MAIL_DAYS} business days, until the return "
        "receipt comes back.",
    )
    add_events(records_request, [filed, received], today=today, actor=actor)
    records_request.filing_channel = Channel.MAIL
    db.session.flush()
    return communication


def record_return_receipt(
    records_request: RecordsRequest, *, received_on: date, today: date, actor
) -> None:
    """Replace the estimated receipt of a posted letter by the date on the return receipt."""
    estimated = [
        e for e in records_request.events if e.kind == EventKind.RECEIVED and e.is_estimated
    ]
    if not estimated:
        raise FilingError("There is no estimated receipt to confirm.")
    remove_event(
        estimated[0], reason="replaced by the return receipt's date", today=today, actor=actor
    )
    add_event(
        records_request,
        EventKind.RECEIVED,
        received_on,
        today=today,
        actor=actor,
        basis="Return receipt.",
    )
    for communication in records_request.communications:
        if communication.channel == Channel.MAIL and communication.direction == Direction.OUT:
            communication.delivery_proof = f"Return receipt signed {received_on:%d %b %Y}"
    db.session.flush()


def file_by_fax(
    records_request: RecordsRequest,
    *,
    sent_on: date,
    fax_number: str,
    confirmation: str,
    today: date,
    actor,
) -> Communication:
    """Record a faxed request; a fax is received the day it goes through."""
    letter = letter_to_file(records_request)
    communication = _communication(
        records_request,
        letter,
        Channel.FAX,
        sent_on,
        actor,
        recipient=fax_number,
        tracking=confirmation,
        delivery_proof=f"Fax transmission report {confirmation}".strip(),
    )
    _freeze(letter, clock.now())
    _start_clocks(
        records_request,
        sent_on,
        today,
        actor,
        Channel.FAX,
        received_basis="Fax transmitted: received on the send date.",
    )
    return communication


def _max_upload_bytes() -> int:
    config = current_app.config
    return config.get("DOCUMENT_MAX_BYTES") or config["MAX_CONTENT_LENGTH"]


def _communication(records_request, letter, channel, on, actor, **fields) -> Communication:
    communication = Communication(
        # Set from this side: appending to records_request.communications would load them all.
        records_request=records_request,
        direction=Direction.OUT,
        channel=channel,
        occurred_on=on,
        letter_id=letter.id,
        subject=fields.pop("subject", letter.subject),
        body=letter.body_text,
        recorded_by_id=getattr(actor, "id", None),
        **fields,
    )
    # Flushed with what the caller records next (one flush fewer per filing).
    db.session.add(communication)
    return communication


def _freeze(letter: RequestLetter, sent_at: datetime) -> None:
    letter.sent_at = sent_at


def _start_clocks(
    records_request, on, today, actor, channel, *, received_basis, at=None, closures=None
):
    records_request.filing_channel = channel
    audit.record(
        "request.filed",
        records_request,
        f"{records_request.reference} filed by {channel} on {on:%a %d %b %Y}",
        user=actor,
    )
    # One check of the ledger, one recomputation and its flush for both events (add_events).
    filed = NewEvent(EventKind.FILED, on, at=at, basis=f"Filed by {channel}.")
    received = NewEvent(EventKind.RECEIVED, on, at=at, basis=received_basis)
    add_events(
        records_request, [filed, received], today=max(today, on), actor=actor, closures=closures
    )
