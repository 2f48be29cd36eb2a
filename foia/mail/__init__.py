"""Outgoing email through an outbox: queued in the transaction, sent after commit, never lost.

`queue_email(...)` adds an `OutboundEmail` row to the session, so the message exists only if the
work that produced it commits. After a web request commits, the messages it queued are sent;
anything that could not be sent stays in the outbox with its error and is retried with backoff by
`flask mail send` (run by cron), which claims each row atomically so two runs never send one
message twice. An optional unique `key` makes queueing idempotent (a reminder is queued once).
A message the server accepted is recorded as sent whatever happens afterwards; one it refused
for good (5xx) is recorded as failed and never retried (docs/mail-delivery.md).

Modules: models (the tables), message (MIME and the bytes sent), smtp (the SMTP conversation and
its failures in words), outbox (queue, claim, send, record), cli (`flask mail send`), views (the
admin status page and the outbox state shown on request pages).
"""

from flask import Blueprint

from foia.mail.message import build_message, flatten
from foia.mail.models import DeliveryState, OutboundAttachment, OutboundEmail, OutboundKind
from foia.mail.outbox import (
    BACKOFF,
    CLAIM,
    Attachment,
    Delivery,
    MailError,
    Result,
    SendReport,
    attempt,
    claim,
    claim_many,
    deliver,
    due_ids,
    queue_email,
    readdress,
    send_claimed,
    send_due,
    send_one,
    send_queued_after_request,
    settings,
    smtp_connection,
)
from foia.mail.smtp import Link, SendFailure, SmtpSettings, transmit

bp = Blueprint("mail", __name__)

__all__ = [
    "BACKOFF",
    "CLAIM",
    "Attachment",
    "Delivery",
    "DeliveryState",
    "Link",
    "MailError",
    "OutboundAttachment",
    "OutboundEmail",
    "OutboundKind",
    "Result",
    "SendFailure",
    "SendReport",
    "SmtpSettings",
    "attempt",
    "bp",
    "build_message",
    "claim",
    "claim_many",
    "deliver",
    "due_ids",
    "flatten",
    "queue_email",
    "readdress",
    "send_due",
    "send_claimed",
    "send_one",
    "send_queued_after_request",
    "settings",
    "smtp_connection",
    "transmit",
]
