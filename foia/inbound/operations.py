"""Email in: keep each message as received, tell its kind, match it to its request (or leave it
in the inbox), and record what a bounce says did not arrive.

Operations: they change the session, write the audit log, flush, and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from foia import audit
from foia.documents import operations as documents
from foia.documents.models import Attachment
from foia.documents.storage import FileStore
from foia.extensions import db
from foia.inbound import matching
from foia.inbound.classify import classify
from foia.inbound.kinds import MailKind
from foia.inbound.models import DeliveryFailure, InboundEmail
from foia.inbound.parse import parse_email
from foia.mail import OutboundEmail
from foia.requests.models import Channel, Communication, Direction, RecordsRequest


@dataclass(frozen=True)
class Imported:
    """One message found by an import or a fetch: what is kept, and whether it was known."""

    inbound: InboundEmail
    duplicate: bool

    def as_json(self) -> dict:
        """Return the object `inbox import --json` and `inbox fetch --json` print (issue #12)."""
        from foia.documents.models import Attachment

        names = db.session.scalars(
            select(Attachment.filename)
            .where(Attachment.inbound_email_id == self.inbound.id)
            .order_by(Attachment.id)
        ).all()
        reference = self.inbound.records_request.reference if self.inbound.records_request else None
        return {
            "message_id": self.inbound.message_id,
            "subject": self.inbound.subject,
            "kind": self.inbound.kind,
            "attachments": list(names),
            "request": reference,
            "duplicate": self.duplicate,
        }


def find_duplicate(key: str) -> InboundEmail | None:
    """Return the message already kept under this de-duplication key, if any."""
    return db.session.scalar(select(InboundEmail).where(InboundEmail.dedup_key == key))


def import_email(
    raw: bytes,
    *,
    store: FileStore,
    max_bytes: int,
    actor,
    today: date,
    source: str = "upload",
    has_tracking_numbers: bool = True,
    savepoint: bool = True,
    check_duplicate: bool = True,
) -> Imported:
    """Keep one message (its original bytes, headers, body, attachments), tell its kind and
    match it to its request.

    A copy of a message already kept (same Message-ID, or same content without one) adds
    nothing and comes back with duplicate=True, also when another run stores it at the same time.
    has_tracking_numbers=False says no request has a tracking number (matching skips them).
    savepoint=False leaves that race to the caller: the insert then raises IntegrityError, and
    the caller rolls back and imports again (the fetch loop does). check_duplicate=False, only
    with savepoint=False, skips the look-up before the insert: new mail is new, and the unique
    key still refuses a copy (the caller's second try then checks).
    """
    parsed = parse_email(raw)
    existing = find_duplicate(parsed.dedup_key) if check_duplicate or savepoint else None
    if existing is not None:
        return Imported(existing, duplicate=True)
    classification = classify(parsed.message, parsed.body) if parsed.message else None
    inbound = InboundEmail(
        raw_sha256=store.put(raw),
        dedup_key=parsed.dedup_key,
        message_id=parsed.message_id,
        sender=parsed.sender,
        recipient=parsed.recipient,
        subject=parsed.subject,
        sent_on=parsed.sent_on,
        headers=parsed.headers,
        body=parsed.body,
        source=source[:500],
        kind=(classification.kind if classification else MailKind.REPLY).value,
        kind_reason=classification.reason if classification else "",
        handled_by_id=getattr(actor, "id", None),
    )
    if not _insert(inbound, savepoint=savepoint):
        # Another run stored the same mail between our check and our insert.
        return Imported(find_duplicate(parsed.dedup_key) or inbound, duplicate=True)
    inbound.parse_problems = "\n".join(
        parsed.problems + _attach_files(inbound, parsed, store, max_bytes, actor)
    )
    audit.record(
        "inbox.imported",
        inbound,
        f"{inbound.mail_kind.label} “{parsed.subject[:120]}” kept",
        user=actor,
    )
    bounced_id = classification.original_message_id if classification else ""
    records_request, how = matching.find_request(
        parsed,
        mail_from=current_app.config["MAIL_FROM"],
        bounced_message_id=bounced_id,
        has_tracking_numbers=has_tracking_numbers,
    )
    if records_request is not None:
        assign(inbound, records_request, matched_by=how, actor=actor, today=today)
        if inbound.mail_kind is MailKind.BOUNCE and classification is not None:
            record_bounce(inbound, classification, actor=actor)
        elif inbound.mail_kind is MailKind.AUTO_REPLY:
            _record_tracking_number(inbound, records_request, actor=actor)
    db.session.flush()
    return Imported(inbound, duplicate=False)


def _insert(inbound: InboundEmail, *, savepoint: bool) -> bool:
    """Insert the message; False when its de-duplication key is already taken."""
    if not savepoint:
        # The caller rolls back and retries on IntegrityError: no SAVEPOINT and RELEASE round
        # trips (0.5 ms of a message's 10 on PostgreSQL, bench_fetch).
        db.session.add(inbound)
        db.session.flush()
        return True
    try:
        with db.session.begin_nested():
            db.session.add(inbound)
            db.session.flush()
    except IntegrityError:
        return False
    return True


def _attach_files(inbound, parsed, store, max_bytes, actor) -> list[str]:
    refused = []
    for filename, data, declared in parsed.attachments:
        try:
            documents.attach(
                documents.Upload(filename, data, declared),
                store=store,
                max_bytes=max_bytes,
                actor=actor,
                inbound_email_id=inbound.id,
            )
        except documents.UploadRefused as exc:
            refused.append(str(exc))
    return refused


def _record_tracking_number(inbound: InboundEmail, records_request, *, actor) -> None:
    # An agency system's automatic acknowledgement gives its number: a fact worth keeping at
    # once (replies quoting it then match); the "acknowledged" event waits for a person.
    from foia.inbound.suggest import find_tracking_number
    from foia.responses.operations import add_tracking_numbers

    number = find_tracking_number(f"{inbound.subject}\n{inbound.body}")
    if number:
        inbound.tracking_number = number[:120]
        add_tracking_numbers(records_request, [number[:120]], actor=actor)


def record_bounce(inbound: InboundEmail, classification, *, actor) -> list[DeliveryFailure]:
    """Record which of our messages did not arrive, where, and the mail server's reason."""
    ours = _bounced_message(inbound, classification)
    failures = [f for f in classification.failures if f.is_permanent] or list(
        classification.failures
    )
    if not failures and ours is not None:
        failures = [_UnknownFailure(ours.to_addr)]
    rows = []
    for failure in failures:
        outbound = ours
        if outbound is None or outbound.to_addr.lower() != failure.address.lower():
            outbound = _last_sent_to(inbound.request_id, failure.address) or ours
        row = DeliveryFailure(
            inbound_email_id=inbound.id,
            request_id=inbound.request_id,
            outbound_email_id=outbound.id if outbound else None,
            address=failure.address.lower()[:254],
            status=failure.status[:20],
            reason=failure.diagnostic or _NO_REASON,
        )
        db.session.add(row)
        rows.append(row)
    db.session.flush()
    if inbound.records_request is not None:
        audit.record(
            "request.not_delivered",
            inbound.records_request,
            "Not delivered: "
            + "; ".join(f"{r.address} ({r.status or 'no code'}) {r.reason[:200]}" for r in rows),
            user=actor,
            data={"inbound_email_id": inbound.id, "failures": [r.id for r in rows]},
        )
    return rows


_NO_REASON = "The mail system reported that the message could not be delivered (no reason given)."


@dataclass(frozen=True)
class _UnknownFailure:
    address: str
    status: str = ""
    diagnostic: str = ""
    is_permanent: bool = True


def _bounced_message(inbound: InboundEmail, classification) -> OutboundEmail | None:
    if not classification.original_message_id:
        return None
    return db.session.scalar(
        select(OutboundEmail).where(OutboundEmail.message_id == classification.original_message_id)
    )


def _last_sent_to(request_id: int | None, address: str) -> OutboundEmail | None:
    if request_id is None:
        return None
    return db.session.scalar(
        select(OutboundEmail)
        .where(
            OutboundEmail.request_id == request_id,
            func.lower(OutboundEmail.to_addr) == address.lower(),
        )
        .order_by(OutboundEmail.id.desc())
        .limit(1)
    )


def assign(
    inbound: InboundEmail, records_request: RecordsRequest, *, matched_by: str, actor, today: date
) -> Communication | None:
    """File an inbox message under a request.

    A reply becomes an incoming email communication. An auto-reply or a bounce is only put on
    the request's thread: it is never the agency's response, so it records no communication,
    no ledger event and never appears as a response in an appeal, a follow-up or the chronology.
    """
    if inbound.request_id is not None:
        raise documents.UploadRefused("This message is already filed under a request.")
    inbound.request_id = records_request.id
    inbound.records_request = records_request
    inbound.matched_by = matched_by
    communication = None
    if inbound.mail_kind is MailKind.REPLY:
        communication = file_as_communication(inbound, records_request, actor=actor, today=today)
    else:
        for attachment in _attachments_of(inbound):
            attachment.request_id = records_request.id
    audit.record(
        "inbox.assigned",
        records_request,
        f"{inbound.mail_kind.label} “{inbound.subject[:120]}” filed ({matched_by})",
        user=actor,
        data={"inbound_email_id": inbound.id, "matched_by": matched_by, "kind": inbound.kind},
    )
    db.session.flush()
    return communication


def file_as_communication(
    inbound: InboundEmail, records_request: RecordsRequest, *, actor, today: date
) -> Communication:
    """Record an inbox message as an incoming email communication of the request."""
    communication = Communication(
        records_request=records_request,
        direction=Direction.IN,
        channel=Channel.EMAIL,
        occurred_on=inbound.sent_on or today,
        sender=inbound.sender[:300],
        recipient=inbound.recipient[:300],
        subject=inbound.subject[:500],
        body=inbound.body,
        tracking=inbound.message_id[:300],
        delivery_proof=f"Received email, original kept (SHA-256 {inbound.raw_sha256})",
        recorded_by_id=getattr(actor, "id", None),
    )
    db.session.add(communication)
    db.session.flush()
    inbound.communication_id = communication.id
    for attachment in _attachments_of(inbound):
        attachment.request_id = records_request.id
        attachment.communication_id = communication.id
    db.session.flush()
    return communication


def _attachments_of(inbound: InboundEmail) -> list[Attachment]:
    return list(
        db.session.scalars(select(Attachment).where(Attachment.inbound_email_id == inbound.id))
    )


def unmatched() -> list[InboundEmail]:
    """Return the messages waiting for a person, oldest first."""
    return list(
        db.session.scalars(
            select(InboundEmail)
            .where(InboundEmail.request_id.is_(None))
            .order_by(InboundEmail.created_at, InboundEmail.id)
        )
    )
