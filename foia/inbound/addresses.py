"""A reply address per request: foia+FR-2026-00001@example.org. PURE: no Flask, no SQLAlchemy.

Filing emails carry it as Reply-To and as the envelope sender, so that both the agency's replies
and the mail system's bounces come back to an address that names the request, whatever the
subject says. It works with any mail server that delivers "user+tag" to "user" (Gmail, Microsoft
365, Postfix with recipient_delimiter = +, Dovecot LMTP).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from email.utils import parseaddr

#: Our request references: "FR-2026-00042" (a whole token: FR-2026-000421 is another one).
REFERENCE = re.compile(r"(?<![\w-])FR-\d{4}-\d{5,}(?![\w]|-\w)", re.I)
_PLUS = re.compile(r"^[^@+\s]+\+(?P<tag>[^@\s]+)@(?P<domain>[^@\s]+)$")


def reply_address(mail_from: str, reference: str) -> str:
    """Return the reply address of a request: the sender's mailbox with the reference as tag."""
    address = parseaddr(mail_from)[1] or mail_from
    local, _, domain = address.partition("@")
    local = local.split("+", 1)[0]
    return f"{local}+{reference}@{domain}" if domain else address


def reference_in_address(address: str, mail_from: str = "") -> str | None:
    """Return the request reference an address's +tag carries, or None.

    With `mail_from`, only an address of our own mailbox and domain counts.
    """
    match = _PLUS.match(address.strip().lower())
    if match is None or not REFERENCE.fullmatch(match["tag"]):
        return None
    if mail_from:
        ours = (parseaddr(mail_from)[1] or mail_from).lower()
        local, _, domain = ours.partition("@")
        if match["domain"] != domain or not address.lower().startswith(local.split("+")[0] + "+"):
            return None
    return match["tag"].upper()


def references_in(text: str) -> list[str]:
    """Return our request references found in text as whole tokens, upper-cased, in order."""
    seen: dict[str, None] = {}
    for found in REFERENCE.findall(text or ""):
        seen.setdefault(found.upper(), None)
    return list(seen)


def domain_of(address: str) -> str:
    """Return the lower-cased domain of an address ("" if none)."""
    return (parseaddr(address)[1] or address).rpartition("@")[2].strip().lower().rstrip(">")


def same_organisation(sender_domain: str, agency_domains: Iterable[str]) -> bool:
    """Tell whether a sender's domain is an agency's domain or one of its subdomains."""
    sender_domain = sender_domain.lower()
    return any(
        d and (sender_domain == d or sender_domain.endswith("." + d)) for d in agency_domains
    )
