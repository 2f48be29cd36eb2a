"""Which request a received message belongs to, in the order of how sure each sign is.

1. our reply address (foia+FR-2026-00001@example.org) in To, Cc or Delivered-To;
2. In-Reply-To / References naming one of our messages (or one already filed), and for a bounce
   the Message-ID of our message that bounced;
3. our request reference as a whole token in the subject, then in the body (a body that names
   several of our requests is left for a person);
4. the agency's tracking number as a whole token, and only in mail from that agency's domain
   (a portal's "R-101" is everywhere; "R-101" must not match "R-1011");
otherwise the message waits in /inbox for a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import func, select

from foia.extensions import db
from foia.inbound import addresses
from foia.inbound.kinds import MatchedBy
from foia.inbound.models import InboundEmail
from foia.inbound.parse import ParsedEmail
from foia.mail import OutboundEmail
from foia.requests.models import Communication, RecordsRequest
from foia.responses.models import TrackingNumber

#: How a message was matched, for people (InboundEmail.matched_by).
MATCHED_BY = {
    MatchedBy.ADDRESS: "our reply address for the request",
    MatchedBy.REPLY: "a reply to our message",
    MatchedBy.BOUNCE: "the message that bounced",
    MatchedBy.REFERENCE: "the request reference",
    MatchedBy.TRACKING: "the agency's tracking number",
    MatchedBy.PERSON: "filed by a person",
}
#: Tokens that could be tracking numbers: letters, digits and inner dashes, slashes or dots.
_TOKEN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|[-/.](?=[A-Za-z0-9]))*")
#: Enough tokens for any real message; a 50 MB body must not become a 5-million-item query.
_MAX_TOKENS = 5000
#: How much of the body is searched for tracking numbers: agencies put them at the top, and
#: tokenising a long quoted thread cost ~1 ms per 10 KB of body.
_TRACKING_TEXT = 16 * 1024


def find_request(
    parsed: ParsedEmail,
    *,
    mail_from: str,
    bounced_message_id: str = "",
    has_tracking_numbers: bool = True,
) -> tuple[RecordsRequest | None, str]:
    """Return the request a message belongs to and how it was found ("" when not found).

    has_tracking_numbers=False (no request has one: see tracking_numbers_exist) skips the
    tracking-number query.
    """
    finders = [_by_address, _by_reply, _by_reference]
    if has_tracking_numbers:
        finders.append(_by_tracking)
    for finder in finders:
        found, how = finder(parsed, mail_from, bounced_message_id)
        if found is not None:
            return found, how
    return None, ""


def tracking_numbers_exist() -> bool:
    """Tell whether any request has an agency tracking number (one cheap query)."""
    # The fetch loop asks once per batch, not once per message: without tracking numbers the
    # per-message lookup was a round trip, and an autoflush, for nothing (1-2 ms of 12 a
    # message on PostgreSQL, bench_fetch).
    return bool(db.session.scalar(select(TrackingNumber.id).limit(1)))


def _by_reference_text(reference: str) -> RecordsRequest | None:
    return db.session.scalar(
        select(RecordsRequest).where(func.upper(RecordsRequest.reference) == reference.upper())
    )


def _by_address(parsed: ParsedEmail, mail_from: str, _bounced: str):
    for address in parsed.delivered_to:
        reference = addresses.reference_in_address(address, mail_from)
        if reference and (found := _by_reference_text(reference)) is not None:
            return found, MatchedBy.ADDRESS
    return None, ""


def _by_reply(parsed: ParsedEmail, _mail_from: str, bounced_message_id: str):
    if bounced_message_id:
        request_id = db.session.scalar(
            select(OutboundEmail.request_id).where(
                OutboundEmail.message_id == bounced_message_id,
                OutboundEmail.request_id.is_not(None),
            )
        )
        if request_id:
            return db.session.get(RecordsRequest, request_id), MatchedBy.BOUNCE
    ids = [i for i in parsed.replies_to if i][:100]
    if not ids:
        return None, ""
    request_id = (
        db.session.scalar(
            select(Communication.request_id).where(Communication.tracking.in_(ids)).limit(1)
        )
        or db.session.scalar(
            select(OutboundEmail.request_id)
            .where(OutboundEmail.message_id.in_(ids), OutboundEmail.request_id.is_not(None))
            .limit(1)
        )
        or db.session.scalar(
            select(InboundEmail.request_id)
            .where(InboundEmail.message_id.in_(ids), InboundEmail.request_id.is_not(None))
            .limit(1)
        )
    )
    if request_id:
        return db.session.get(RecordsRequest, request_id), MatchedBy.REPLY
    return None, ""


def _by_reference(parsed: ParsedEmail, _mail_from: str, _bounced: str):
    for reference in addresses.references_in(parsed.subject):
        if (found := _by_reference_text(reference)) is not None:
            return found, MatchedBy.REFERENCE
    in_body = [
        found
        for reference in addresses.references_in(parsed.body)[:20]
        if (found := _by_reference_text(reference)) is not None
    ]
    if len({r.id for r in in_body}) == 1:
        return in_body[0], MatchedBy.REFERENCE
    return None, ""  # none, or several of our requests: a person decides


def _by_tracking(parsed: ParsedEmail, _mail_from: str, _bounced: str):
    tokens = _tokens(parsed.subject + "\n" + parsed.body[:_TRACKING_TEXT])
    if not tokens:
        return None, ""
    sender_domain = addresses.domain_of(parsed.sender)
    candidates: dict[int, RecordsRequest] = {}
    for chunk in _chunks(sorted(tokens), 500):
        rows = db.session.execute(
            select(TrackingNumber.request_id).where(func.lower(TrackingNumber.number).in_(chunk))
        ).scalars()
        for request_id in rows:
            found = db.session.get(RecordsRequest, request_id)
            if found is not None and _from_agency(sender_domain, found):
                candidates[found.id] = found
    if len(candidates) == 1:
        return next(iter(candidates.values())), MatchedBy.TRACKING
    return None, ""


def _from_agency(sender_domain: str, records_request: RecordsRequest) -> bool:
    agency = records_request.agency
    domains = [addresses.domain_of(agency.email or "")]
    return bool(sender_domain) and addresses.same_organisation(sender_domain, domains)


def _tokens(text: str) -> set[str]:
    found: set[str] = set()
    for match in _TOKEN.finditer(text):
        token = match.group(0).lower()
        if any(c.isdigit() for c in token) and len(token) <= 120:
            found.add(token)
            if len(found) >= _MAX_TOKENS:
                break
    return found


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
