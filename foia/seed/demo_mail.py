"""The demo inbox: a few replies as agencies really send them, so the inbox has something to do.

Each is built here and kept through the same import as fetched mail (so it is matched, told
apart and de-duplicated like any other): a reply with a fee estimate, a portal's automatic
acknowledgement with its tracking number, an out-of-office reply, a bounce and a message that
names no request. Importing them again adds nothing.
"""

from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import format_datetime

from flask import current_app
from sqlalchemy import select

from foia.documents.storage import store_for
from foia.extensions import db
from foia.inbound.operations import import_email
from foia.requests.models import RecordsRequest


def _message(message_id: str, sender: str, subject: str, body: str, on: date, **headers):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = current_app.config["MAIL_FROM"]
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime(on.year, on.month, on.day, 14, 5, tzinfo=UTC))
    message["Message-ID"] = f"<{message_id}@demo.example.org>"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return bytes(message)


def _reference(town: str) -> str | None:
    return db.session.scalar(
        select(RecordsRequest.reference)
        .join(RecordsRequest.agency)
        .where(RecordsRequest.reference.is_not(None))
        .where(RecordsRequest.agency.has(name=f"{town} Police Department"))
        .limit(1)
    )


def demo_messages(today: date) -> list[bytes]:
    """Return the demo inbox's messages, dated just before `today`."""
    lowell, brockton, worcester = (
        _reference("Lowell"),
        _reference("Brockton"),
        _reference("Worcester"),
    )
    messages = [
        _message(
            "demo-unmatched-1",
            "Town Clerk <clerk@example.org>",
            "Question about your letter",
            "Good afternoon,\n\nWhich department is your letter of last month meant for? We "
            "received it at the town clerk's office.\n\nRegards,\nTown Clerk",
            today,
        )
    ]
    if lowell:
        messages.append(
            _message(
                "demo-lowell-fee",
                "Records Access Officer <records@lowellpolice.example.org>",
                f"RE: Public records request {lowell}",
                "Dear requester,\n\nWe have located records responsive to your request. "
                "We estimate the fee for search and segregation at $250.00: 10 hours of "
                "employee time at $25 an hour. Please confirm in writing that you wish to proceed."
                "\n\nSincerely,\nRecords Access Officer",
                today,
            )
        )
    if brockton:
        messages.append(
            _message(
                "demo-brockton-ack",
                "noreply@brocktonpolice.example.org",
                f"Records request received - {brockton}",
                "Thank you for your public records request. Your request has been received and "
                "assigned reference number P012345-112626. You will be notified by email when "
                "it is processed.",
                today,
                Auto_Submitted="auto-generated",
            )
        )
    if worcester:
        messages.append(
            _message(
                "demo-worcester-oof",
                "Records Officer <records@worcesterpolice.example.org>",
                f"Automatic reply: Public records request {worcester}",
                "I am out of the office until Monday with limited access to email. For urgent "
                "matters please call the records unit.",
                today,
                Auto_Submitted="auto-replied",
            )
        )
    return messages


def load_demo_mail(today: date) -> int:
    """Keep the demo inbox's messages; return how many were new."""
    store = store_for(current_app.config)
    new = 0
    for raw in demo_messages(today):
        imported = import_email(
            raw,
            store=store,
            max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
            actor=None,
            today=today,
            source="demo",
        )
        new += not imported.duplicate
    return new
