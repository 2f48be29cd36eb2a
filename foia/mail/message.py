"""Outbox rows as MIME messages, and messages as the bytes SMTP transmits."""

import binascii
import secrets
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import formatdate

from flask import current_app

from foia.mail.models import OutboundEmail


def build_message(email: OutboundEmail) -> EmailMessage:
    """Return the MIME message for an outbox row."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = email.to_addr
    message["Subject"] = email.subject
    message["Date"] = formatdate(email.queued_at.timestamp(), localtime=False)
    message["Message-ID"] = email.message_id
    if email.reply_to:
        message["Reply-To"] = email.reply_to
    message["MIME-Version"] = "1.0"
    if email.body_html:
        message.make_alternative()
        message.attach(_text_part(email.body_text, "plain"))
        message.attach(_text_part(email.body_html, "html"))
    else:
        _set_text(message, email.body_text, "plain")
    for attachment in email.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=attachment.filename,
        )
    _set_boundaries(message)
    return message


def _set_boundaries(message: EmailMessage) -> None:
    # Left unset, the generator picks each boundary and then searches the whole flattened
    # message for it: 2 ms for a long digest. This one cannot occur in any part: text parts
    # are quoted-printable, where every "=" is escaped, and attachments are base64, where "="
    # only pads the end of the last line; the stdlib's boundaries have the same form.
    for part in message.walk():
        if part.is_multipart() and part.get_boundary() is None:
            part.set_boundary(f"{'=' * 15}{secrets.randbelow(10**19):019d}==")


def _text_part(body: str, subtype: str) -> EmailMessage:
    """Return a UTF-8 text part, quoted-printable encoded."""
    part = EmailMessage()
    _set_text(part, body, subtype)
    return part


def _set_text(part: EmailMessage, body: str, subtype: str) -> None:
    # Encoded by binascii (C): given a str with a line over 78 characters, as HTML has,
    # set_content encodes in pure Python, 13 ms for a long digest.
    part["Content-Type"] = f'text/{subtype}; charset="utf-8"'
    part["Content-Transfer-Encoding"] = "quoted-printable"
    part.set_payload(binascii.b2a_qp(body.encode("utf-8"), istext=True).decode("ascii"))


def flatten(message: EmailMessage, *, utf8: bool = False) -> bytes:
    """Return the message as SMTP transmits it (CRLF line endings).

    Without the mbox "From " escaping that smtplib.send_message applies (its generator has no
    policy, so mangle_from_ is on): a letter line "From January 2020 ..." would arrive as
    ">From January 2020 ...". SMTP needs no such escaping.
    """
    policy = message.policy
    if not isinstance(policy, EmailPolicy):  # compat32 has no utf8 to clone
        raise TypeError("flatten needs a message with an email.policy policy")
    # as_bytes flattens with mangle_from_ off whatever the policy says.
    return message.as_bytes(policy=policy.clone(linesep="\r\n", utf8=utf8))
