"""Reading hostile mail safely: headers, parts and text. PURE: no Flask, no SQLAlchemy."""

from __future__ import annotations

from collections.abc import Iterator
from email import policy
from email.header import Header, decode_header
from email.message import Message

import inscriptis


def header(message: Message, name: str) -> str:
    """Return a header on one line; "" when absent or unreadable (treated as absent)."""
    try:
        value = message.get(name)
        return " ".join(str(_modern(name, value)).split()) if value is not None else ""
    except Exception:  # noqa: BLE001 - a malformed header is read as missing
        return ""


def _modern(name: str, value):
    """Return a header as the modern policy reads it (encoded words decoded), whatever the tree."""
    # parse.py reads the tree with the legacy policy, which leaves headers as they came (and
    # wraps 8-bit ones in a Header); the few headers classify reads are parsed here instead.
    if hasattr(value, "name"):  # already read by the modern policy
        return value
    if isinstance(value, Header):  # decode_header gives back the 8-bit bytes as they came
        value = "".join(
            chunk.decode("ascii", "surrogateescape") if isinstance(chunk, bytes) else chunk
            for chunk, _ in decode_header(value)
        )
    try:
        return policy.default.header_fetch_parse(name, value)
    except Exception:  # noqa: BLE001 - what the modern policy refuses is read as it came
        return value


def parts(message: Message, depth: int = 0) -> Iterator[Message]:
    """Yield the message and its parts, but not the parts of attached messages."""
    # Unlike walk(), this stops at attached messages: a bounce forwarded by a person is the
    # person's message, and an attached original's own parts say nothing about this one.
    yield message
    if depth > 30 or message.get_content_maintype() != "multipart":
        return
    payload = message.get_payload()
    for part in payload if isinstance(payload, list) else []:
        if isinstance(part, Message):
            yield from parts(part, depth + 1)


def decoded(part: Message) -> str:
    """Return a part's payload as text in its charset (UTF-8 if unknown), bad bytes replaced."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        payload = str(part.get_payload() or "").encode("utf-8", "replace")
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def serialized(block: Message) -> str:
    """Return a part as text, headers included; "" when it cannot be printed."""
    try:
        # Folded at 78 as an EmailMessage does; a legacy Message would not fold at all.
        return block.as_string(maxheaderlen=78, policy=policy.compat32)
    except Exception:  # noqa: BLE001 - an unprintable block has no fields for us
        return ""


def first_text(message: Message) -> str:
    """Return the first plain-text part, else the first HTML part without its tags."""
    html = ""
    for part in parts(message):
        content_type = part.get_content_type()
        if content_type == "text/plain" and part.get_content_disposition() != "attachment":
            return decoded(part)
        if content_type == "text/html" and not html:
            html = html_to_text(decoded(part))
    return html


def html_to_text(html: str) -> str:
    """Return HTML laid out as text (inscriptis: tables, lists, line breaks), never raising."""
    try:
        return inscriptis.get_text(html.replace("\x00", ""))
    except Exception:  # noqa: BLE001 - HTML too broken to lay out is shown as it came
        return html
