"""Email in: keep each message as received, match it to its request, or leave it in the inbox.

Operations: they change the session, write the audit log, flush, and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from foia import audit
from foia.documents import operations as documents
from foia.documents.models import Attachment
from foia.documents.storage import FileStore
from foia.extensions import db
from foia.inbound.models import InboundEmail
from foia.inbound.parse import ParsedEmail, parse_email
from foia.requests.models import Communication, RecordsRequest
from foia.responses.models import TrackingNumber


def find_request(parsed: ParsedEmail) -> tuple[RecordsRequest | None, str]:
    """Return the request a message belongs to and how it was found ("" when not found)."""
    for reference in parsed.references:
        found = db.session.scalar(
            select(RecordsRequest).where(func.upper(RecordsRequest.reference) == reference)
        )
        if found is not None:
            return found, "reference"
    haystack = f"{parsed.subject}".casefold()
    if haystack.strip():
        for number, request_id in db.session.execute(
            select(TrackingNumber.number, TrackingNumber.request_id).order_by(
                func.length(TrackingNumber.number).desc()
            )
        ):
            if number.casefold() in haystack:
                return db.session.get(RecordsRequest, request_id), "tracking"
    if parsed.replies_to:
        request_id = db.session.scalar(
            select(Communication.request_id).where(Communication.tracking.in_(parsed.replies_to))
        ) or db.session.scalar(
            select(InboundEmail.request_id).where(
                InboundEmail.message_id.in_(parsed.replies_to), InboundEmail.request_id.is_not(None)
            )
        )
        if request_id:
            return db.session.get(RecordsRequest, request_id), "reply"
    return None, ""


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
    raw: bytes, *, store: FileStore, max_bytes: int, actor, today: date, source: str = "upload"
) -> Imported:
    """Keep one message (its original bytes, headers, body, attachments) and match it.

    A copy of a message already kept (same Message-ID, or same content without one) adds
    nothing and comes back with duplicate=True.
    """
    parsed = parse_email(raw)
    existing = find_duplicate(parsed.dedup_key)
    if existing is not None:
        return Imported(existing, duplicate=True)
    sha256 = store.put(raw)
    inbound = InboundEmail(
        raw_sha256=sha256,
        dedup_key=parsed.dedup_key,
        message_id=parsed.message_id,
        sender=parsed.sender,
        recipient=parsed.recipient,
        subject=parsed.subject,
        sent_on=parsed.sent_on,
        headers=parsed.headers,
        body=parsed.body,
        source=source[:500],
        handled_by_id=getattr(actor, "id", None),
    )
    db.session.add(inbound)
    db.session.flush()
    problems = list(parsed.problems)
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
            problems.append(str(exc))
    inbound.parse_problems = "\n".join(problems)
    audit.record("inbox.imported", inbound, f"Email “{parsed.subject[:120]}” kept", user=actor)
    records_request, how = find_request(parsed)
    if records_request is not None:
        assign(inbound, records_request, matched_by=how, actor=actor, today=today)
    db.session.flush()
    return Imported(inbound, duplicate=False)


def assign(
    inbound: InboundEmail, records_request: RecordsRequest, *, matched_by: str, actor, today: date
) -> Communication:
    """File an inbox message under a request: it becomes an incoming email communication."""
    if inbound.communication_id is not None:
        raise documents.UploadRefused("This message is already filed under a request.")
    communication = Communication(
        records_request=records_request,
        direction="in",
        channel="email",
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
    inbound.request_id = records_request.id
    inbound.communication_id = communication.id
    inbound.matched_by = matched_by
    for attachment in db.session.scalars(
        select(Attachment).where(Attachment.inbound_email_id == inbound.id)
    ):
        attachment.request_id = records_request.id
        attachment.communication_id = communication.id
    audit.record(
        "inbox.assigned",
        records_request,
        f"Email “{inbound.subject[:120]}” filed ({matched_by})",
        user=actor,
        data={"inbound_email_id": inbound.id, "matched_by": matched_by},
    )
    db.session.flush()
    return communication


def unmatched() -> list[InboundEmail]:
    """Return the messages waiting for a person, oldest first."""
    return list(
        db.session.scalars(
            select(InboundEmail)
            .where(InboundEmail.request_id.is_(None))
            .order_by(InboundEmail.created_at, InboundEmail.id)
        )
    )
