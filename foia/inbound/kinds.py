"""Reply, auto-reply or bounce: what kind of message arrived. PURE: no Flask, no SQLAlchemy.

Only a reply can be the agency's response. classify() looks, in this order, for:
1. An RFC 3464 report (message/delivery-status): "Action: failed" is a bounce, with each failed
   recipient, status code and the server's words; "Action: delayed" only is a delay warning, an
   auto_reply ("Delivery delayed"), not a bounce. A "delivered" report or a read receipt
   (RFC 8098) is an auto_reply too.
2. A non-standard bounce from a mail server (MAILER-DAEMON, postmaster, "Mail Delivery System",
   an empty Return-Path, X-Failed-Recipients): flufl.bounce finds the failed addresses, we find
   the status code and the server's line next to each address.
3. Signs of an automatic message: RFC 3834 Auto-Submitted (any value but "no"), X-Autoreply,
   X-Autorespond, Precedence auto_reply/bulk/junk (not "list": a records office that is a
   mailing list sends human replies with it), a vacation mailer, Exchange's inbox-rule pair
   (X-Auto-Response-Suppress: All with X-MS-Exchange-Inbox-Rules-Loop, as Zammad checks) and
   out-of-office subjects. X-Auto-Response-Suppress alone is nothing: Outlook sets it on mail
   people write.

Records portals (GovQA, NextRequest, JustFOIA) send everything automatically, the records too.
So an automatic message that is not an out-of-office (by subject or opening lines) is a reply
when it has attachments or its words deliver a response ("responsive records", "request has
been closed", a fee, an extension). Words that only promise ("an email when your request has
been completed", "any fee estimate") don't count, so an acknowledgement ("Your request has
been received") is an auto_reply. From a no-reply or portal sender without header signs, only
an acknowledgement is an auto_reply: the same sender delivers the answer.

Out-of-office words with no other sign count only in the first three lines of a short message
that quotes nothing and has no attachment, so "I was out of the office last week" or a long
answer mentioning a leave stays a reply. When in doubt, reply: a person then reads it, while an
answer filed as an automatic reply could be missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import Message
from email.utils import getaddresses, parseaddr
from enum import StrEnum

from flufl.bounce import all_failures


class MailKind(StrEnum):
    """What a received message is: only a reply can be the agency's response."""

    REPLY = "reply"
    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"

    @property
    def label(self) -> str:
        """Return the kind in words, for people."""
        return _LABELS[self]


_LABELS = {
    MailKind.REPLY: "Reply",
    MailKind.AUTO_REPLY: "Automatic reply",
    MailKind.BOUNCE: "Bounce (not delivered)",
}


@dataclass(frozen=True)
class Failure:
    """One address a message did not reach, with the mail server's reason."""

    address: str  # lower-cased
    status: str  # RFC 3463 enhanced status code ("5.1.1") or ""
    diagnostic: str  # the server's words, one line, or ""
    is_permanent: bool


@dataclass(frozen=True)
class Classification:
    """A message's kind, why, and for a bounce what failed and which of our messages it was."""

    kind: MailKind
    reason: str
    failures: tuple[Failure, ...] = ()
    original_message_id: str = ""


_NO_SIGN = "No sign of an automatic reply or a bounce"
_UNREADABLE = "The message could not be checked for automatic replies; kept as a reply"

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
_NO_REPLY = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|no[-_.]?response|notifications?"
    r"|auto[-_.]?(reply|responder|mailer|notify|notification)s?)([+.\-_].*)?$",
    re.I,
)
#: Records portals' sending domains: everything they send is automatic, the records too.
_PORTAL = re.compile(r"(^|\.)(nextrequest\.com|mycusthelp\.(com|net)|govqa\.us|justfoia\.com)$")
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
#: Headers whose value marks an automatic message: (name, the whole value as a pattern).
_SIGN_HEADERS = (
    *((name, r"(?!(no|false|0)$).+") for name in ("X-Autoreply", "X-Autorespond")),
    *((name, r".+") for name in ("X-Autoreply-From", "X-Mail-Autoreply")),
    ("Precedence", r"auto_reply|bulk|junk"),
    ("X-Autogenerated", r"reply"),
    ("X-FC-MachineGenerated", r"true"),  # FirstClass
    ("X-POST-MessageClass", r".*autoresponder"),
    ("Delivered-To", r"autoresponder"),  # older Exchange
    ("X-Mailer", r".*vacation.*"),
)
#: Out-of-office subjects, anchored at the start: (pattern, the system that words it so).
_OOF_SUBJECTS = (
    (r"automatic reply\s*:|out of (the )?office auto ?reply\s*:?", "Exchange"),
    (
        r"(automatische antwort|abwesenheitsnotiz|r[ée]ponse automatique|respuesta autom[áa]tica"
        r"|risposta automatica|automatisch antwoord|autosvar|automatisk svar)\s*:?",
        "Exchange, translated",
    ),
    (r"auto\s*:", "Lotus Notes"),
    (
        r"(auto[- ]?(reply|response|responder)|vacation (reply|response|notice))\s*:?",
        "autoresponder",
    ),
    (r"out of (the )?office|fuori sede|fr[åa]nvaro", "out-of-office"),
    (r"away from (my )?(e-?mail|mail|the office)", "vacation program"),
)
_OOF_SUBJECT_PATTERNS = [
    (re.compile(r"^\s*(\[[^\]]*\]\s*)?(" + pattern + ")", re.I), system)
    for pattern, system in _OOF_SUBJECTS
]
_LOTUS_SUBJECT = re.compile(r"\bis (currently )?out of (the )?office\b", re.I)
_OOF_WORDS = re.compile(
    r"\b(I am|I'm|I’m|I will be|I'll be|I’ll be)\s+(currently\s+|now\s+)?"
    r"(out of (the )?office|away from (the |my )?(office|desk|e-?mail)|away until|out until"
    r"|on (annual |parental |sick |medical |maternity |paternity )?(leave|vacation|holiday))"
    r"|\bis (currently )?out of (the )?office\b"
    r"|\bthis is an? (automatic|automated) (reply|response|message)",
    re.I,
)
_ACKNOWLEDGEMENT = re.compile(
    r"\b(your|this|the)\b[^.]{0,60}\brequest\b[^.]{0,80}?\b(has been|was|is|have been)"
    r"\s+(successfully\s+)?(received|submitted|logged|created|registered)"
    r"|\bwe (have )?received your\b[^.]{0,40}\brequest"
    r"|\bthank you for (submitting|your)\b[^.]{0,40}\brequest"
    r"|\backnowledg(e|es|ing|ement of) (the )?receipt",
    re.I,
)
_RESPONSE_WORDS = re.compile(
    r"\bresponsive (records|documents)|\b(please )?find (the )?(attached|enclosed)"
    r"|\battached (are|is|please find|you will find)"
    r"|\b(records?|documents?) (are|is|have been|has been) (now )?(attached|enclosed|released"
    r"|produced|available|ready|posted|uploaded)|\bdownload (the |your )?(records|documents)"
    r"|\b(request|matter)(\s+#?[\w-]*\d[\w-]*)? (has been|was|is now) (closed|completed|fulfilled"
    r"|denied|granted)|\breleased \d+ (documents|records|pages|files)"
    r"|\b(withheld|redacted) (as|under)"
    r"|\bfee estimate|\binvoice\b|\bpayment (is )?(due|required)|\bamount due"
    r"|\b(deadline|due date|response date|time to respond) (has been|was|is) extended"
    r"|\b(need|require|requests?|seeking) (additional |further |some )?clarification"
    r"|\bplease clarify|\bno (responsive )?records (were )?(found|located)",
    re.I,
)
#: Words before a response phrase that make it a promise, as acknowledgements word them:
#: "an email when your request has been completed", "notified of any fee estimate".
_CONDITIONAL = re.compile(r"\b(when|once|until|if|after|before|any|whether|may|will)\b", re.I)
_QUOTE_START = re.compile(
    r"(?im)^(>|[ \t]*-{2,}\s*original message\s*-{2,}|[ \t]*_{10,}\s*$|on .{4,200}wrote:\s*$"
    r"|from:\s.+\n\s*(sent|date):)"
)


def classify(message: Message, body: str = "") -> Classification:
    """Tell whether a message is a reply, an automatic reply or a bounce; never raise."""
    try:
        return _classify(message, body if isinstance(body, str) else "")
    except Exception:  # noqa: BLE001 - mail is hostile input; a person reads what we can't
        return Classification(MailKind.REPLY, _UNREADABLE)


def _classify(message: Message, body: str) -> Classification:
    text = body if body.strip() else _first_text(message)
    found = _from_report(message, text) or _from_mail_server(message, text)
    if found is not None:
        return found
    own = _own_words(text)
    signs = _automatic_signs(message)
    oof_subject = _oof_subject(_header(message, "Subject"))
    if oof_subject:
        return Classification(MailKind.AUTO_REPLY, "; ".join([*signs, oof_subject]))
    is_oof = bool(_OOF_WORDS.search(_opening(own)))
    has_files = _has_attachments(message)
    if signs:
        return _automatic("; ".join(signs), own, is_oof, has_files)
    if _is_no_reply(_header(message, "From")) and _acknowledges(own, has_files):
        return Classification(
            MailKind.AUTO_REPLY, "Automatic acknowledgement of the request (no-reply sender)"
        )
    if is_oof and not has_files and own.strip() == text.strip() and len(own) <= 1200:
        return Classification(
            MailKind.AUTO_REPLY, "Out-of-office words at the start of a short message"
        )
    return Classification(MailKind.REPLY, _NO_SIGN)


def _automatic(signs: str, own: str, is_oof: bool, has_files: bool) -> Classification:
    if is_oof:
        return Classification(MailKind.AUTO_REPLY, f"{signs}; out-of-office words")
    if has_files or _responds(own):
        what = "attachments" if has_files else "words of a response"
        return Classification(
            MailKind.REPLY, f"Sent automatically ({signs}) but it carries {what}: kept as a reply"
        )
    if _ACKNOWLEDGEMENT.search(own):
        return Classification(
            MailKind.AUTO_REPLY, f"Automatic acknowledgement of the request ({signs})"
        )
    return Classification(MailKind.AUTO_REPLY, signs)


def _acknowledges(text: str, has_files: bool) -> bool:
    return bool(_ACKNOWLEDGEMENT.search(text)) and not has_files and not _responds(text)


def _responds(text: str) -> bool:
    """Tell whether words deliver a response, not promise one ("when ... has been completed")."""
    for found in _RESPONSE_WORDS.finditer(text):
        before = text[max(0, found.start() - 30) : found.start()]
        if not _CONDITIONAL.search(before.rsplit(".", 1)[-1]):
            return True
    return False


# --- RFC 3464 delivery status reports ----------------------------------------------------------


def _from_report(message: Message, text: str) -> Classification | None:
    blocks: list[dict[str, str]] = []
    is_receipt = False
    for part in _parts(message):
        content_type = part.get_content_type()
        if content_type in ("message/delivery-status", "message/global-delivery-status"):
            blocks += _status_blocks(part)
        elif "disposition-notification" in content_type:
            is_receipt = True
    actions = [(block.get("action", "").lower(), block) for block in blocks]
    failed = [_dsn_failure(b) for a, b in actions if a.startswith(("fail", "error"))]
    delayed = [_dsn_failure(b) for a, b in actions if a.startswith("delay")]
    if failed:
        return Classification(
            MailKind.BOUNCE,
            "Delivery status report (RFC 3464): not delivered",
            tuple(failed),
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
        text = "\n\n".join(_serialized(block) for block in payload if isinstance(block, Message))
    else:
        text = _decoded(part)
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
    if not status:
        found = _STATUS.search(diagnostic)
        status = ".".join(found.groups()) if found else ""
    is_permanent = status.startswith("5") or (not status and action.startswith(("fail", "error")))
    return Failure(address[:254], status, diagnostic[:1000], is_permanent)


# --- Non-standard bounces from mail servers ----------------------------------------------------


def _from_mail_server(message: Message, text: str) -> Classification | None:
    sender = _header(message, "From")
    subject = _header(message, "Subject")
    failed = _header(message, "X-Failed-Recipients")
    named = [a.lower() for _, a in getaddresses([failed]) if "@" in a]
    is_daemon = _is_daemon(sender)
    is_null_sender = _header(message, "Return-Path").replace(" ", "") == "<>"
    is_ndr = bool(_header(message, "X-MS-Exchange-Message-Is-Ndr"))
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
    """Return the lines from the one naming the address to the next blank line."""
    lines = [line.strip() for line in report.splitlines()]
    start = next((i for i, line in enumerate(lines) if address in line.lower()), None)
    if start is None:
        return []
    end = next((i for i in range(start + 1, len(lines)) if not lines[i]), len(lines))
    return lines[start : min(end, start + 8)]


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
    for part in _parts(message):
        found = _attached_message_id(part)
        if found:
            return found
    quoted = _QUOTED_MSGID.search(text)
    if quoted:
        return quoted.group(1)
    # Some servers (Gmail) send the bounce as a reply to the message that bounced.
    replied = _MSGID.search(_header(message, "In-Reply-To"))
    return replied.group(0) if replied else ""


def _attached_message_id(part: Message) -> str:
    content_type = part.get_content_type()
    if content_type in ("message/rfc822", "message/global"):
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        found = _MSGID.search(_header(inner, "Message-ID")) if inner is not None else None
        return found.group(0) if found else ""
    if content_type in ("text/rfc822-headers", "text/global-headers"):
        quoted = _QUOTED_MSGID.search(_decoded(part))
        return quoted.group(1) if quoted else ""
    return ""


# --- Signs of automatic messages ---------------------------------------------------------------


def _automatic_signs(message: Message) -> list[str]:
    signs = []
    auto = _header(message, "Auto-Submitted").split(";")[0].strip().lower()
    if auto and auto != "no":
        signs.append(f"Auto-Submitted: {auto[:40]}")
    for name, pattern in _SIGN_HEADERS:
        value = _header(message, name)
        if value and re.fullmatch(pattern, value, re.I):
            signs.append(f"{name}: {value[:40]}")
    suppress = _header(message, "X-Auto-Response-Suppress").lower()
    if "all" in suppress and _header(message, "X-MS-Exchange-Inbox-Rules-Loop"):
        signs.append("Exchange inbox rule (X-MS-Exchange-Inbox-Rules-Loop)")
    return signs


def _oof_subject(subject: str) -> str:
    for pattern, system in _OOF_SUBJECT_PATTERNS:
        if found := pattern.search(subject):
            return f"Out-of-office subject ({system}: '{found.group(2)}')"
    if _LOTUS_SUBJECT.search(subject):
        return "Out-of-office subject (Lotus Notes: 'is out of the office')"
    return ""


def _own_words(text: str) -> str:
    found = _QUOTE_START.search(text)
    return text[: found.start()] if found else text


def _opening(text: str) -> str:
    return " ".join([line.strip() for line in text.splitlines() if line.strip()][:3])


def _has_attachments(message: Message) -> bool:
    for part in _parts(message):
        if part.is_multipart() or part.get_content_maintype() == "message":
            continue
        disposition = (part.get_content_disposition() or "").lower()
        if disposition == "attachment" or (part.get_filename() and disposition != "inline"):
            return True
    return False


def _is_daemon(sender: str) -> bool:
    name, address = parseaddr(sender)
    local = address.rsplit("@", 1)[0]
    return bool(_DAEMON.match(local) or _DAEMON_NAME.match(name.strip()))


def _is_no_reply(sender: str) -> bool:
    address = parseaddr(sender)[1].lower()
    local, _, domain = address.rpartition("@")
    return bool(local) and bool(_PORTAL.search(domain) or _NO_REPLY.match(local))


# --- Reading hostile mail safely ---------------------------------------------------------------


def _header(message: Message, name: str) -> str:
    """Return a header on one line; "" when absent or unreadable (treated as absent)."""
    try:
        value = message.get(name)
        return " ".join(str(value).split()) if value is not None else ""
    except Exception:  # noqa: BLE001 - a malformed header is read as missing
        return ""


def _parts(message: Message, depth: int = 0) -> Iterator[Message]:
    # Unlike walk(), this stops at attached messages: a bounce forwarded by a person is the
    # person's message, and an attached original's own parts say nothing about this one.
    yield message
    if depth > 30 or message.get_content_maintype() != "multipart":
        return
    payload = message.get_payload()
    for part in payload if isinstance(payload, list) else []:
        if isinstance(part, Message):
            yield from _parts(part, depth + 1)


def _decoded(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        payload = str(part.get_payload() or "").encode("utf-8", "replace")
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def _serialized(block: Message) -> str:
    try:
        return block.as_string(policy=policy.compat32)
    except Exception:  # noqa: BLE001 - an unprintable block has no fields for us
        return ""


def _first_text(message: Message) -> str:
    html = ""
    for part in _parts(message):
        content_type = part.get_content_type()
        if content_type == "text/plain" and part.get_content_disposition() != "attachment":
            return _decoded(part)
        if content_type == "text/html" and not html:
            lines = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</tr>", "\n", _decoded(part))
            html = re.sub(r"<[^>]+>", " ", lines)
    return html
