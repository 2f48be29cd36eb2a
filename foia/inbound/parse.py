"""Read one email's bytes as received. PURE: no Flask, no SQLAlchemy.

Nothing is thrown away and nothing raises: a message with broken MIME or a wrong charset is read
as far as it can be, what was wrong is reported with it, and the caller keeps the original bytes.
Mailers mislabel charsets and wrap files in TNEF or uuencode; each is undone here.
"""

from __future__ import annotations

import binascii
import hashlib
import mimetypes
import quopri
import re
from dataclasses import dataclass, field
from datetime import date
from email import policy
from email.message import Message
from email.parser import BytesFeedParser, HeaderParser
from email.utils import getaddresses, parsedate_to_datetime

from tnefparse import TNEF

from foia.inbound import charsets
from foia.inbound.largeparts import ElidedMessage, payload_bytes

# Reading mailbox files moved to mailboxes.py; these names stay here for their callers.
from foia.inbound.mailboxes import is_mbox as is_mbox
from foia.inbound.mailboxes import looks_like_mbox_name as looks_like_mbox_name
from foia.inbound.mailboxes import maildir_messages as maildir_messages
from foia.inbound.mailboxes import messages_in as messages_in
from foia.inbound.mailboxes import split_mbox as split_mbox
from foia.inbound.mailread import html_to_text

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
    #: The parsed message with its whole MIME structure, for classification (not stored).
    message: Message | None = None

    @property
    def references(self) -> list[str]:
        """Return our request references found in the subject."""
        return [m.upper() for m in REFERENCE.findall(self.subject)]


#: The problem noted when even the lenient reading failed (tests assert it never happens).
UNREADABLE = "The message could not be read at all; only its original is kept"


def parse_email(raw: bytes) -> ParsedEmail:
    """Parse one message's bytes; never raise, whatever the bytes."""
    raw = bytes(raw)
    try:
        return _parse(raw)
    except Exception as exc:  # the last guard: an unreadable message is still kept, as it came
        parsed = ParsedEmail(body=charsets.to_text(raw[:_HEADER_LIMIT]), message=Message())
        parsed.problems.append(UNREADABLE + f" ({type(exc).__name__})")
        parsed.dedup_key = "sha256-raw:" + hashlib.sha256(raw).hexdigest()
        return parsed


def _parse(raw: bytes) -> ParsedEmail:
    problems: list[str] = []
    elided = ElidedMessage(raw)
    message = _message(elided.text, problems)
    elided.restore(message)
    headers = _header_pairs(raw)
    first: dict[str, str] = {}
    for name, value in headers:
        first.setdefault(name.lower(), value)
    parsed = ParsedEmail(
        message_id=first.get("message-id", "")[:500],
        sender=first.get("from", "")[:500],
        recipient=first.get("to", "")[:1000],
        subject=first.get("subject", "")[:1000],
        headers=[[name, value] for name, value in headers],
        replies_to=_MSGID.findall(f"{first.get('in-reply-to', '')} {first.get('references', '')}"),
        problems=problems,
        message=message,
    )
    parsed.sent_on = _sent_on(first.get("date", ""), problems)
    walk = _Walk(problems, elided)
    pieces = _walk(message, walk, depth=0)
    parsed.body = _body(pieces) or walk.fallback_text
    parsed.attachments = walk.attachments
    parsed.delivered_to = _addresses(headers, {"to", "cc", "delivered-to", "x-original-to"})
    parsed.dedup_key = dedup_key(parsed)
    parsed.problems = list(dict.fromkeys(problems))
    return parsed


class _Legacy(policy.Compat32):
    """The legacy policy, but 8-bit headers read as the modern one reads them, as text."""

    def header_fetch_parse(self, name, value):
        """Return a header's value: as it came, or decoded when it holds 8-bit bytes."""
        # The legacy policy wraps 8-bit headers in a Header, which other readers (flufl.bounce)
        # cannot lower(); the modern policy gives the text they saw before.
        if isinstance(value, str) and not value.isascii():
            return policy.default.header_fetch_parse(name, value)
        return super().header_fetch_parse(name, value)


_LEGACY = _Legacy()


def _message(raw: bytes, problems: list[str]) -> Message:
    """Return the MIME tree, its headers kept as text until read."""
    # The modern policy parses a header again at each read, and the parser, our walk and the
    # classifier read Content-Type many times: 5 ms of a message's 10 (bench_fetch). Our headers
    # come decoded from the bytes (_header_pairs), and mailread.header reads the few the
    # classifier needs as the modern policy would: the same results on every corpus message.
    try:
        return _feed(raw, _LEGACY)
    except RecursionError:  # MIME nested beyond reason: keep the headers, the rest as text
        problems.append("The message nests too many parts; its body is read as plain text.")
        return HeaderParser(policy=_LEGACY).parsestr(charsets.to_text(raw), True)


def _feed(raw: bytes, how: policy.Policy) -> Message:
    """Parse a message fed in slices, with a policy."""
    # message_from_bytes first copies the whole message into a buffer of 4 bytes a character:
    # a 50 MB attachment cost half a gigabyte. Fed in slices, it costs under three copies.
    parser = BytesFeedParser(policy=how)
    for start in range(0, len(raw), _FEED_BYTES):
        parser.feed(raw[start : start + _FEED_BYTES])
    return parser.close()


_FEED_BYTES = 1 << 16


def dedup_key(parsed: ParsedEmail) -> str:
    """Return what makes copies of one mail the same: its Message-ID, else a content hash.

    A second copy with one more Received: header, or the same mail from a maildir, an mbox or
    IMAP, has the same key; different mails have different keys.
    """
    message_id = _MSGID.search(parsed.message_id or "")
    if message_id:
        return "mid:" + message_id.group(0)[1:-1].strip().lower()[:590]
    # An mbox escapes body lines as ">From " and adds or drops a last newline; IMAP uses CRLF.
    body = _MBOXRD_ESCAPE.sub(r"\1", parsed.body)
    body = "\n".join(line.rstrip() for line in body.splitlines()).strip()
    stable = "\n".join(
        [parsed.sender, parsed.recipient, parsed.subject, str(parsed.sent_on or ""), body]
    )
    digest = hashlib.sha256(stable.encode("utf-8", "surrogatepass")).hexdigest()
    return f"sha256-content:{digest}"


_MBOXRD_ESCAPE = re.compile(r"(?m)^>(>*From )")

# -- Headers ---------------------------------------------------------------------------------

_HEADER_END = re.compile(rb"\r?\n\r?\n")
_HEADER_LIMIT = 1 << 20


def _header_pairs(raw: bytes) -> list[tuple[str, str]]:
    """Return every header as (name, value), decoded from the bytes: 8-bit and encoded words."""
    end = _HEADER_END.search(raw, 0, _HEADER_LIMIT)
    block = raw[: end.start() if end else _HEADER_LIMIT]
    # Raw 8-bit headers are UTF-8 or, from older mailers, windows-1252: decode each line.
    text = "\n".join(charsets.to_text(line) for line in block.split(b"\n")) + "\n\n"
    headers = HeaderParser(policy=policy.compat32).parsestr(text, headersonly=True)
    return [(str(name), charsets.decode_words(str(value))) for name, value in headers.items()]


def _sent_on(text: str, problems: list[str]) -> date | None:
    if not text:
        return None
    try:
        return parsedate_to_datetime(text).date()
    except Exception:  # any malformed date: the message is kept, undated
        problems.append(f"The Date header {text[:100]!r} is not a date.")
        return None


def _addresses(headers: list[tuple[str, str]], names: set[str]) -> list[str]:
    values = [value for name, value in headers if name.lower() in names]
    try:
        pairs = getaddresses(values)
    except Exception:  # an unreadable address header names no address
        return []
    return [address.lower() for _, address in pairs if "@" in address]


# -- The MIME tree ---------------------------------------------------------------------------

_MAX_DEPTH = 40
_TNEF_TYPES = {"application/ms-tnef", "application/vnd.ms-tnef"}
_EMBEDDED_MESSAGES = {"message/rfc822", "message/global"}


@dataclass
class _Walk:
    """What a walk over the parts gathers besides the text: files, problems, a part counter."""

    problems: list[str]
    elided: ElidedMessage
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)
    count: int = 0
    #: Text found only inside a winmail.dat, used when the mail has no other text.
    fallback_text: str = ""


def _walk(part: Message, walk: _Walk, depth: int) -> list[tuple[str, str]]:
    """Return the text pieces of a part as ("plain" | "html", text); gather its files."""
    walk.count += 1
    number = walk.count
    if depth > _MAX_DEPTH:
        walk.problems.append(
            f"Part {number} is nested too deeply; it is kept only in the original."
        )
        return []
    try:
        content_type = part.get_content_type()
        pieces = _walk_part(part, content_type, number, walk, depth)
    except Exception as exc:  # one unreadable part must not cost the others
        walk.problems.append(f"Part {number} could not be read ({type(exc).__name__}: {exc}).")
        pieces = []
    _note_defects(part, walk.problems)
    return pieces


def _walk_part(
    part: Message, content_type: str, number: int, walk: _Walk, depth: int
) -> list[tuple[str, str]]:
    if part.is_multipart():
        if content_type.startswith("message/"):
            name, data, declared = _embedded(part, content_type, number, walk.problems)
            walk.attachments.append((_filename(part) or name, data, declared))
            return []
        children = [child for child in part.get_payload() if isinstance(child, Message)]
        results = [_walk(child, walk, depth + 1) for child in children]
        if content_type == "multipart/alternative":
            return _best_alternative(results)
        return [piece for result in results for piece in result]
    filename = _filename(part)
    data = payload_bytes(part, walk.elided)
    if content_type in _TNEF_TYPES or filename.lower() == "winmail.dat":
        _unpack_tnef(data, filename or "winmail.dat", walk)
        return []
    disposition = part.get_content_disposition()
    is_text = content_type in ("text/plain", "text/html") or content_type.startswith("multipart/")
    if filename or disposition == "attachment" or not is_text:
        walk.attachments.append((filename or _unnamed(content_type, number), data, content_type))
        return []
    if b"begin " in data:
        data = _take_uuencoded(data, walk)
    label = part.get_content_charset() or ""
    text = charsets.decode_text(data, label, f"Part {number}", walk.problems)
    return [("html" if content_type == "text/html" else "plain", text)]


def _best_alternative(results: list[list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """Return the plain-text alternative when it has text, else the last one with any."""
    for pieces in results:
        if any(kind == "plain" and text.strip() for kind, text in pieces):
            return pieces
    for pieces in reversed(results):
        if any(text.strip() for _, text in pieces):
            return pieces
    return []


def _body(pieces: list[tuple[str, str]]) -> str:
    texts = [html_to_text(text) if kind == "html" else text for kind, text in pieces]
    body = "\n\n".join(text.strip("\r\n") for text in texts if text.strip())
    return body.replace("\r\n", "\n").replace("\x00", "")


_DEFECTS = {
    "StartBoundaryNotFoundDefect": "A MIME boundary was never found, so the parts are one text.",
    "CloseBoundaryNotFoundDefect": "The message ends before its last MIME boundary (cut short?).",
    "NoBoundaryInMultipartDefect": "A multipart has no boundary, so its parts are one text.",
    "MultipartInvariantViolationDefect": "A multipart has no parts, so it is read as one text.",
    "InvalidBase64CharactersDefect": "An attachment's base64 has stray characters; skipped.",
    "InvalidBase64PaddingDefect": "An attachment's base64 is badly padded; decoded anyway.",
    "InvalidBase64LengthDefect": "An attachment's base64 is cut short; decoded anyway.",
}


def _note_defects(part: Message, problems: list[str]) -> None:
    for defect in getattr(part, "defects", None) or []:
        name = type(defect).__name__
        problems.append(_DEFECTS.get(name, f"MIME problem: {name}."))


# -- Attachments -----------------------------------------------------------------------------

_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"|?*]+')


def _safe_name(name: str) -> str:
    """Return a file name without folders or characters file systems refuse, at most 150 long."""
    name = _UNSAFE_NAME.sub(" ", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = " ".join(name.split()).strip(" .")
    stem, dot, suffix = name.rpartition(".")
    if len(name) > 150:
        name = f"{stem[:140]}.{suffix[:9]}" if dot and len(suffix) < 10 else name[:150]
    return name


def _filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:  # an unreadable file name: the part gets one of ours
        return ""
    return _safe_name(charsets.decode_words(str(name)))


def _unnamed(content_type: str, number: int) -> str:
    """Name a part that came without a name, with the extension its type implies."""
    extension = mimetypes.guess_extension(content_type, strict=False) or ".bin"
    return f"part-{number}{extension}"


def _embedded(part: Message, content_type: str, number: int, problems: list[str]) -> tuple:
    """Return an attached message (a forward, or a bounce's report) as a file."""
    children = [c for c in part.get_payload() if isinstance(c, Message)]
    data = b"\n".join(_message_bytes(child, problems, number) for child in children)
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if encoding == "base64":  # against the RFC, but Exchange does it: the message is encoded
        try:
            data = binascii.a2b_base64(data)
        except binascii.Error:
            problems.append(f"Part {number} is a base64 message that could not be decoded.")
    elif encoding == "quoted-printable":
        data = quopri.decodestring(data)
    if content_type not in _EMBEDDED_MESSAGES:  # delivery-status, disposition-notification
        return f"{content_type.split('/', 1)[1]}.txt", data, content_type
    subject = _header_pairs(data[:_HEADER_LIMIT])
    title = next((value for name, value in subject if name.lower() == "subject"), "")
    return f"{_safe_name(title)[:100] or 'forwarded message'}.eml", data, "message/rfc822"


def _message_bytes(message: Message, problems: list[str], number: int) -> bytes:
    try:  # written as the modern policy writes it: long header lines folded at spaces
        return message.as_bytes(policy=policy.default)
    except Exception:  # the legacy generator writes what the modern one refuses
        try:
            return message.as_bytes(policy=policy.compat32)
        except Exception:
            problems.append(f"Part {number} is an attached message that could not be written.")
            return b""


def _unpack_tnef(data: bytes, name: str, walk: _Walk) -> None:
    """Replace Outlook's winmail.dat by the files inside it; keep it whole if it will not open."""
    try:
        tnef = TNEF(data, do_checksum=False)
        files = [
            (_safe_name(_as_text(a.long_filename() or a.name)) or "attachment", bytes(a.data))
            for a in tnef.attachments
            if a.data
        ]
        body = _as_text(tnef.body or b"")
    except Exception as exc:  # a damaged winmail.dat is kept as it came
        walk.problems.append(f"{name} could not be unpacked ({exc}); it is kept as it came.")
        walk.attachments.append((name, data, "application/ms-tnef"))
        return
    if not files and not body.strip():
        walk.problems.append(f"{name} held no files or text we could read; it is kept as it came.")
        walk.attachments.append((name, data, "application/ms-tnef"))
    for filename, content in files:
        guessed = mimetypes.guess_type(filename, strict=False)[0]
        walk.attachments.append((filename, content, guessed or "application/octet-stream"))
    walk.fallback_text = walk.fallback_text or body.replace("\r\n", "\n").strip("\x00")


def _as_text(value: bytes | str) -> str:
    text = charsets.to_text(value) if isinstance(value, bytes) else str(value)
    return text.replace("\x00", "").strip()


_UU_BEGIN = re.compile(rb"^begin [0-7]{3,4} +([^\r\n]+?)[ \t]*\r?$", re.M)
_UU_END = re.compile(rb"^end[ \t]*\r?$", re.M)


def _take_uuencoded(data: bytes, walk: _Walk) -> bytes:
    """Move uuencoded files ("begin 644 name" ... "end") out of a text into attachments."""
    kept, position = [], 0
    while begin := _UU_BEGIN.search(data, position):
        end = _UU_END.search(data, begin.end())
        if end is None:  # no "end" line: a quoted example, or cut short; leave it as text
            break
        content, bad = _uudecode(data[begin.end() : end.start()].splitlines())
        name = _safe_name(charsets.to_text(begin.group(1))) or "uuencoded.bin"
        if bad:
            walk.problems.append(f"{bad} line(s) of the uuencoded file {name} were unreadable.")
        guessed = mimetypes.guess_type(name, strict=False)[0]
        walk.attachments.append((name, content, guessed or "application/octet-stream"))
        kept.append(data[position : begin.start()])
        position = end.end()
    kept.append(data[position:])
    return b"".join(kept)


def _uudecode(lines: list[bytes]) -> tuple[bytes, int]:
    content, bad = bytearray(), 0
    for line in lines:
        if not line.strip() or line.strip() == b"`":
            continue
        try:
            content += binascii.a2b_uu(line)
        except binascii.Error:
            # As the old uu module did: some encoders wrote junk after the data the length says.
            size = (((line[0] - 32) & 63) * 4 + 5) // 3
            try:
                content += binascii.a2b_uu(line[:size])
            except binascii.Error:
                bad += 1
    return bytes(content), bad
