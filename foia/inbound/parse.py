"""Read emails (.eml, .mbox, maildir, IMAP) as received. PURE: no Flask, no SQLAlchemy.

Nothing is thrown away: a message with broken MIME or a wrong charset is read as far as it can
be, and what was wrong is reported with it; the caller keeps the original bytes.
"""

from __future__ import annotations

import email
import hashlib
import mailbox
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from email import policy
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

#: Our request references as they appear in subjects: "FR-2026-00042".
REFERENCE = re.compile(r"\bFR-\d{4}-\d{5,}\b", re.I)
_MSGID = re.compile(r"<[^<>\s]+>")


@dataclass
class ParsedEmail:
    """One message: the headers, the text body, the attachments and any problems."""

    message_id: str = ""
    sender: str = ""
    recipient: str = ""
    subject: str = ""
    sent_on: date | None = None
    headers: list[list[str]] = field(default_factory=list)
    body: str = ""
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)
    replies_to: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: What makes two copies of this mail the same (see dedup_key).
    dedup_key: str = ""
    #: Every address it was delivered to: To, Cc and Delivered-To, lower-cased.
    delivered_to: list[str] = field(default_factory=list)
    #: The parsed message, for classification (not stored).
    message: Message | None = None

    @property
    def references(self) -> list[str]:
        """Return our request references found in the subject."""
        return [m.upper() for m in REFERENCE.findall(self.subject)]


def _header(message: Message, name: str, problems: list[str]) -> str:
    try:
        value = message.get(name)
        return " ".join(str(value).split()) if value is not None else ""
    except Exception as exc:  # noqa: BLE001 - a malformed header must not lose the message
        problems.append(f"The {name} header could not be read ({exc}).")
        raw = message.get_all(name, failobj=[""]) if hasattr(message, "get_all") else [""]
        return " ".join(str(raw[0]).split())


def _decode_part(part: Message, problems: list[str]) -> str:
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset)
    except LookupError:
        problems.append(f"Unknown charset {charset!r}; the text was read as UTF-8.")
    except UnicodeDecodeError:
        problems.append(f"The text is not valid {charset}; unreadable bytes were replaced.")
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return payload.decode("utf-8", errors="replace")


def _html_to_text(html: str) -> str:
    text = re.sub(r"(?is)<(script|style).*?</\1>", " ", html)
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</tr>", "\n", text)
    text = re.sub(r"<[^>]+>", " ", text)
    import html as html_module

    return re.sub(r"[ \t]+", " ", html_module.unescape(text)).strip()


def parse_email(raw: bytes) -> ParsedEmail:
    """Parse one message's bytes; never raise for a malformed message."""
    parsed = ParsedEmail()
    problems = parsed.problems
    try:
        message: Message = email.message_from_bytes(raw, policy=policy.default)
        list(message.items())  # force header parsing under the modern policy
    except Exception as exc:  # noqa: BLE001 - fall back to the lenient legacy parser
        problems.append(f"The message could not be fully parsed ({exc}); read leniently.")
        message = email.message_from_bytes(raw, policy=policy.compat32)
    for defect in getattr(message, "defects", []) or []:
        problems.append(f"MIME problem: {type(defect).__name__}.")
    for name in ("Message-ID", "From", "To", "Subject", "Date", "In-Reply-To", "References"):
        _header(message, name, problems)
    parsed.message_id = _header(message, "Message-ID", problems)[:500]
    parsed.sender = _header(message, "From", problems)[:500]
    parsed.recipient = _header(message, "To", problems)[:1000]
    parsed.subject = _header(message, "Subject", problems)[:1000]
    parsed.replies_to = _MSGID.findall(
        _header(message, "In-Reply-To", problems) + " " + _header(message, "References", problems)
    )
    try:
        parsed.headers = [[str(k), str(v)] for k, v in message.items()]
    except Exception:  # noqa: BLE001
        parsed.headers = [[str(k), str(v)] for k, v in message._headers]  # noqa: SLF001
    date_text = _header(message, "Date", problems)
    if date_text:
        try:
            parsed.sent_on = parsedate_to_datetime(date_text).date()
        except (TypeError, ValueError, IndexError):
            problems.append(f"The Date header {date_text!r} is not a date.")
    _walk(message, parsed)
    parsed.message = message
    parsed.delivered_to = _addresses(message, ("To", "Cc", "Delivered-To", "X-Original-To"))
    parsed.dedup_key = dedup_key(parsed)
    return parsed


def _addresses(message: Message, names: tuple[str, ...]) -> list[str]:
    values: list[str] = []
    for name in names:
        try:
            values.extend(str(v) for v in message.get_all(name, failobj=[]))
        except Exception:  # noqa: BLE001, S112 - an unreadable header names no address
            continue
    return [address.lower() for _, address in getaddresses(values) if "@" in address]


def dedup_key(parsed: ParsedEmail) -> str:
    """Return what makes copies of one mail the same: its Message-ID, else a content hash.

    A second copy with one more Received: header, or the same mail from a maildir, an mbox or
    IMAP, has the same key; different mails have different keys.
    """
    message_id = _MSGID.search(parsed.message_id or "")
    if message_id:
        return "mid:" + message_id.group(0)[1:-1].strip().lower()[:590]
    stable = "\n".join(
        [parsed.sender, parsed.recipient, parsed.subject, str(parsed.sent_on or ""), parsed.body]
    )
    digest = hashlib.sha256(stable.encode("utf-8", "surrogatepass")).hexdigest()
    return f"sha256-content:{digest}"


def _walk(message: Message, parsed: ParsedEmail) -> None:
    texts, htmls = [], []
    try:
        parts = list(message.walk())
    except Exception as exc:  # noqa: BLE001
        parsed.problems.append(f"The MIME structure is broken ({exc}); the raw text is kept.")
        parts = []
    for number, part in enumerate(parts, start=1):
        if part.is_multipart():
            continue
        try:
            disposition = (part.get_content_disposition() or "").lower()
            filename = part.get_filename()
            content_type = part.get_content_type()
        except Exception as exc:  # noqa: BLE001
            parsed.problems.append(f"Part {number} has unreadable headers ({exc}).")
            continue
        if disposition == "attachment" or filename or not content_type.startswith("text/"):
            data = part.get_payload(decode=True) or b""
            parsed.attachments.append((filename or f"part-{number}", data, content_type))
        elif content_type == "text/html":
            htmls.append(_decode_part(part, parsed.problems))
        else:
            texts.append(_decode_part(part, parsed.problems))
    body = "\n\n".join(t for t in texts if t.strip())
    if not body and htmls:
        body = "\n\n".join(_html_to_text(h) for h in htmls)
    if not parts:
        body = message.get_payload() if isinstance(message.get_payload(), str) else ""
    parsed.body = body.replace("\x00", "")


def split_mbox(raw: bytes) -> list[bytes]:
    """Return the messages of an mbox file's bytes."""
    with tempfile.TemporaryDirectory(prefix="foia-mbox-") as folder:
        path = os.path.join(folder, "in.mbox")
        Path(path).write_bytes(raw)
        box = mailbox.mbox(path, create=False)
        try:
            return [box.get_bytes(key) for key in box.iterkeys()]
        finally:
            box.close()


def maildir_messages(path: str | os.PathLike) -> Iterator[tuple[str, bytes]]:
    """Yield (key, bytes) for each message of a maildir."""
    box = mailbox.Maildir(str(path), factory=None, create=False)
    for key in sorted(box.iterkeys()):
        yield key, box.get_bytes(key)


def is_mbox(raw: bytes) -> bool:
    """Tell whether bytes are an mbox file (messages after "From " lines)."""
    return raw.startswith(b"From ")
