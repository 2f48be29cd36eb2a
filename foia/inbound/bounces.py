"""Bounces: RFC 3464 reports and mail servers' own words. PURE: no Flask, no SQLAlchemy.

Each entry point returns a Classification (a bounce with its failed addresses, or a delay
warning, a delivery report or a read receipt as an auto_reply), or None when the message is not
from a mail server.
"""

from __future__ import annotations

import re
from dataclasses import replace
from email.message import Message
from email.utils import getaddresses, parseaddr

from flufl.bounce import all_failures

from foia.inbound.kinds import Classification, Failure, MailKind
from foia.inbound.mailread import decoded, header, parts, serialized

_MSGID = re.compile(r"<[^<>\s]+>")
_QUOTED_MSGID = re.compile(r"(?im)^[ \t>]*message-id:\s*(<[^<>\s]+>)")
_STATUS = re.compile(r"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.])")
_SMTP_REPLY = re.compile(r"(?<![\w.\-])[45]\d\d(?:[ -]|$).*")
_ADDRESS = re.compile(r"[\w.+'=-]+@[\w-]+(?:\.[\w-]+)+")
_ALONE = re.compile(r"^\s*<?[\w.+'=-]+@[\w.-]+>?:?\s*$")
_DAEMON = re.compile(
    r"^(mailer[-_.]?daemon|mail[-_.]?daemon|postmaster|mail[-_.]?delivery[-_.]?\w*|mdaemon)$", re.I
)
_DAEMON_NAME = re.compile(r"^mail delivery (system|subsystem|service)$", re.I)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver(able|ed)|delivery (status notification \(failure\)|failure|has failed|failed)"
    r"|returned mail|mail delivery failed|failure notice|non[- ]?delivery|not delivered"
    r"|could not be delivered|delivery problem",
    re.I,
)
_DELAY_WORDS = re.compile(
    r"\bdelayed\b|\(delay\)|not (yet )?been delivered|still (being )?retr|will (be )?retr", re.I
)
_COPY_FOLLOWS = re.compile(
    r"(?im)^[ \t]*[-=_*]{2,}.*\b(copy of|original message|returned (mail|message)|message follows"
    r"|headers? follow|message text)"
)


# --- RFC 3464 delivery status reports ----------------------------------------------------------


def from_report(message: Message, text: str) -> Classification | None:
    """Read an RFC 3464 delivery status report or an RFC 8098 read receipt; None if neither."""
    blocks: list[dict[str, str]] = []
    is_receipt = False
    for part in parts(message):
        content_type = part.get_content_type()
        if content_type in ("message/delivery-status", "message/global-delivery-status"):
            blocks += _status_blocks(part)
        elif "disposition-notification" in content_type:
            is_receipt = True
    actions = [(block.get("action", "").lower(), block) for block in blocks]
    failed = [_dsn_failure(b) for a, b in actions if a.startswith(("fail", "error"))]
    delayed = [_dsn_failure(b) for a, b in actions if a.startswith("delay")]
    if failed:
        report = _before_copy(text)
        return Classification(
            MailKind.BOUNCE,
            "Delivery status report (RFC 3464): not delivered",
            tuple(_with_words(failure, report) for failure in failed),
            _original_message_id(message, text),
        )
    if delayed:
        return _delay("Delivery delayed (RFC 3464 report)", delayed, message, text)
    if any(action for action, _ in actions):
        return Classification(MailKind.AUTO_REPLY, "Delivery status report (RFC 3464): delivered")
    if is_receipt:
        return Classification(MailKind.AUTO_REPLY, "Read receipt (RFC 8098)")
    return None


def _delay(reason: str, delayed: list[Failure], message: Message, text: str) -> Classification:
    # A delay is not a failure: the server keeps trying, so no Failure is reported.
    where = ", ".join(f"{f.address} ({f.status})" if f.status else f.address for f in delayed)
    detail = f"; still trying to deliver to {where}" if where else "; the server is still trying"
    return Classification(
        MailKind.AUTO_REPLY,
        reason + detail,
        original_message_id=_original_message_id(message, text),
    )


def _status_blocks(part: Message) -> list[dict[str, str]]:
    payload = part.get_payload()
    if isinstance(payload, list):
        text = "\n\n".join(serialized(block) for block in payload if isinstance(block, Message))
    else:
        text = decoded(part)
    blocks = []
    for chunk in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")):
        fields: dict[str, str] = {}
        for name, value in re.findall(r"(?m)^([\w-]+)[ \t]*:(.*(?:\n[ \t].*)*)", chunk):
            fields.setdefault(name.lower(), " ".join(value.split()))
        if fields:
            blocks.append(fields)
    return blocks


def _dsn_failure(block: dict[str, str]) -> Failure:
    recipient = block.get("original-recipient") or block.get("final-recipient", "")
    address = recipient.split(";", 1)[-1].strip().strip("<>").strip().lower()
    found = _STATUS.search(block.get("status", ""))
    status = ".".join(found.groups()) if found else ""
    diagnostic = block.get("diagnostic-code", "")
    diagnostic = diagnostic.split(";", 1)[-1].strip() if ";" in diagnostic else diagnostic
    action = block.get("action", "").lower()
    # Exim and Postfix report 5.0.0 when the remote server gave a code of its own ("550 5.4.1").
    if not status or status.endswith(".0.0"):
        found = _STATUS.search(diagnostic)
        specific = ".".join(found.groups()) if found else ""
        status = specific if specific[:1] == status[:1] or not status else status
    is_permanent = status.startswith("5") or (not status and action.startswith(("fail", "error")))
    return Failure(address[:254], status, diagnostic[:1000], is_permanent)


# --- Non-standard bounces from mail servers ----------------------------------------------------


def from_mail_server(message: Message, text: str) -> Classification | None:
    """Read a mail server's non-standard bounce or delay warning; None if no server sent it."""
    sender = header(message, "From")
    subject = header(message, "Subject")
    failed = header(message, "X-Failed-Recipients")
    named = [a.lower() for _, a in getaddresses([failed]) if "@" in a]
    is_daemon = _is_daemon(sender)
    is_null_sender = header(message, "Return-Path").replace(" ", "") == "<>"
    is_ndr = bool(header(message, "X-MS-Exchange-Message-Is-Ndr"))
    if not (is_daemon or is_null_sender or named or is_ndr):
        return None
    temporary, permanent = _flufl(message)
    report = _before_copy(text)
    # flufl.bounce reads some delay warnings (Exim's) as failures; their subject says otherwise.
    is_warning = is_daemon and not named and bool(_DELAY_WORDS.search(subject))
    if (permanent or named) and not is_warning:
        addresses = list(dict.fromkeys([*named, *sorted(permanent)]))
        return _bounce("Bounce from a mail server", addresses, message, text)
    if temporary or is_warning:
        delayed = [_text_failure(a, report, permanent=False) for a in sorted(temporary | permanent)]
        return _delay("Delivery delayed (mail server warning)", delayed, message, text)
    if (is_daemon or is_ndr) and _BOUNCE_SUBJECT.search(subject + "\n" + report):
        addresses = _addresses_near_codes(report)
        return _bounce("Bounce from a mail server (non-standard)", addresses, message, text)
    if is_daemon:
        return Classification(MailKind.AUTO_REPLY, "Sent by a mail server (MAILER-DAEMON)")
    return None


def _bounce(reason: str, addresses: list[str], message: Message, text: str) -> Classification:
    report = _before_copy(text)
    return Classification(
        MailKind.BOUNCE,
        reason,
        tuple(_text_failure(address, report, permanent=True) for address in addresses),
        _original_message_id(message, text),
    )


def _flufl(message: Message) -> tuple[set[str], set[str]]:
    try:
        found = all_failures(message)
    except Exception:  # noqa: BLE001 - a detector tripping on odd mail finds nothing
        return set(), set()
    temporary, permanent = (
        {a.decode("ascii", "replace").strip("<> ").lower() for a in f} for f in found
    )
    return temporary, permanent


def _with_words(failure: Failure, report: str) -> Failure:
    """Fill a report's missing Diagnostic-Code from the notice a person reads above it."""
    # Exchange 2010 and cPanel's Exim leave it out; their notice says "#550 5.1.1 ..." or
    # "No Such User Here" next to the address.
    if failure.diagnostic:
        return failure
    words = _text_failure(failure.address, report, permanent=failure.is_permanent).diagnostic
    return replace(failure, diagnostic=words)


def _text_failure(address: str, report: str, *, permanent: bool) -> Failure:
    paragraph = _paragraph_of(address, report)
    codes = [found.group(0) for line in paragraph if (found := _SMTP_REPLY.search(line))]
    # qmail words it without an SMTP code: "Sorry, no mailbox here by that name. (#5.1.1)".
    diagnostic = codes[0] if codes else next(iter(paragraph[1:]), "")
    diagnostic = " ".join(diagnostic.split())[:1000]
    found = _STATUS.search(diagnostic) or _STATUS.search(" ".join(paragraph))
    status = ".".join(found.groups()) if found else ""
    if status or diagnostic[:1] in ("4", "5"):
        permanent = (status or diagnostic).startswith("5")
    return Failure(address[:254], status, diagnostic, permanent)


def _paragraph_of(address: str, report: str) -> list[str]:
    """Return the lines from one naming the address to the next blank line; coded ones first."""
    # Exchange names the address twice: by the person's name above "couldn't be found", then
    # under "Diagnostic information" with the server's "#550 5.1.1 ..." line.
    lines = [line.strip() for line in report.splitlines()]
    found = []
    for start, line in enumerate(lines):
        if address in line.lower():
            end = next((i for i in range(start + 1, len(lines)) if not lines[i]), len(lines))
            found.append(lines[start : min(end, start + 8)])
    coded = [p for p in found if any(_SMTP_REPLY.search(line) for line in p)]
    return (coded or found or [[]])[0]


def _addresses_near_codes(report: str) -> list[str]:
    found: list[str] = []
    for line in report.splitlines():
        if _SMTP_REPLY.search(line.strip()) or _ALONE.match(line):
            found += _ADDRESS.findall(line)
    return list(dict.fromkeys(a.lower() for a in found))[:20]


def _before_copy(text: str) -> str:
    found = _COPY_FOLLOWS.search(text)
    return text[: found.start()] if found else text


def _original_message_id(message: Message, text: str) -> str:
    for part in parts(message):
        found = _attached_message_id(part)
        if found:
            return found
    quoted = _QUOTED_MSGID.search(text)
    if quoted:
        return quoted.group(1)
    # Some servers (Gmail) send the bounce as a reply to the message that bounced.
    replied = _MSGID.search(header(message, "In-Reply-To"))
    return replied.group(0) if replied else ""


def _attached_message_id(part: Message) -> str:
    content_type = part.get_content_type()
    if content_type in ("message/rfc822", "message/global"):
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        found = _MSGID.search(header(inner, "Message-ID")) if isinstance(inner, Message) else None
        return found.group(0) if found else ""
    if content_type in ("text/rfc822-headers", "text/global-headers"):
        quoted = _QUOTED_MSGID.search(decoded(part))
        return quoted.group(1) if quoted else ""
    return ""


def _is_daemon(sender: str) -> bool:
    name, address = parseaddr(sender)
    local = address.rsplit("@", 1)[0]
    return bool(_DAEMON.match(local) or _DAEMON_NAME.match(name.strip()))
