"""Delivery failures (bounces): what they show, and filing again once the address is corrected.

A DeliveryFailure row is a fact: one of our messages did not reach an address. The states are
derived from it, never stored: a request's message is "not delivered" while its failure is open
(not resolved); an agency's email is "bouncing" while an open failure names the agency's current
address, so correcting the address in the directory clears the flag by itself, and setting it
back to the bad address brings the flag back. Correcting the address does not resolve anything:
the request still never arrived, so it stays "not delivered" until it is filed again (or a
lawyer marks the failure as dealt with).

The queries here feed the request page, the campaign page, the dashboard, the agency directory
and the reminder digest; the operations flush and never commit.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from flask import current_app
from sqlalchemy import BindParameter, Select, bindparam, func, null, or_, select

from foia import audit, clock
from foia.agencies.models import Agency
from foia.db import built_once
from foia.deadlines.kinds import EventKind
from foia.extensions import db
from foia.filing.operations import (
    FilingError,
    filing_email_key,
    is_filed,
    queue_letter_email,
)
from foia.inbound.models import DeliveryFailure
from foia.letters.operations import current_letter
from foia.mail import OutboundEmail, OutboundKind
from foia.requests.models import (
    Channel,
    Communication,
    Direction,
    LetterKind,
    RecordsRequest,
    RequestLetter,
)
from foia.requests.operations import add_event, remove_event

#: Lines a list shows (the dashboard's, the campaign page's); the captions count them all.
LIST_LIMIT = 50
#: What an outgoing message was, by its outbox kind (its letter's kind for letters).
MESSAGES: dict[str, str] = {
    LetterKind.REQUEST: "filing email",
    LetterKind.CORRECTION: "correction letter",
    LetterKind.FOLLOW_UP: "follow-up",
    LetterKind.APPEAL: "appeal",
}
#: The ledger events a filing by email writes; filing again moves them to the new send date.
FILING_EVENTS = (EventKind.RECEIVED, EventKind.FILED)


@dataclass(frozen=True)
class FailureLine:
    """One open delivery failure, with the words and ids the pages and the digest show."""

    id: int
    request_id: int | None
    reference: str
    title: str
    agency_id: int | None
    agency: str
    address: str
    status: str
    reason: str
    reported_on: date
    #: What did not arrive: "filing email", "correction letter", "follow-up", "email".
    message: str

    @property
    def is_filing(self) -> bool:
        """Return whether it was the request's filing email (so the request never arrived)."""
        return self.message == "filing email"

    @property
    def summary(self) -> str:
        """Return the failed address and the server's words: "a@b: 5.1.1 User unknown"."""
        return f"{self.address}: {' '.join(filter(None, (self.status, self.reason)))}".strip()


def _letter_kind():
    """The kind of the letter the failed message carried (none for other messages)."""
    return (
        select(RequestLetter.kind)
        .join(Communication, Communication.letter_id == RequestLetter.id)
        .where(Communication.outbound_email_id == DeliveryFailure.outbound_email_id)
        .limit(1)
        .scalar_subquery()
    )


def _lines_query(*, with_agency: bool = True) -> Select:
    agency_columns = (Agency.id, Agency.name) if with_agency else (null(), null())
    query = (
        select(
            DeliveryFailure.id,
            DeliveryFailure.request_id,
            RecordsRequest.reference,
            RecordsRequest.title,
            *agency_columns,
            DeliveryFailure.address,
            DeliveryFailure.status,
            DeliveryFailure.reason,
            DeliveryFailure.created_at,
            OutboundEmail.kind,
            _letter_kind(),
        )
        .outerjoin(RecordsRequest, RecordsRequest.id == DeliveryFailure.request_id)
        .outerjoin(OutboundEmail, OutboundEmail.id == DeliveryFailure.outbound_email_id)
        .where(DeliveryFailure.resolved_at.is_(None))
    )
    if with_agency:
        query = query.outerjoin(Agency, Agency.id == RecordsRequest.agency_id)
    return query


def _message(outbox_kind: str | None, letter_kind: str | None) -> str:
    if outbox_kind == OutboundKind.FILING:
        return MESSAGES.get(letter_kind or LetterKind.REQUEST, "letter")
    return MESSAGES.get(outbox_kind or "", "email")


def line_of(row) -> FailureLine:
    """Return the failure line of a row of failure_lines_query()."""
    fid, rid, reference, title, aid, agency, address, status, reason, at, kind, letter = row
    return FailureLine(
        id=fid,
        request_id=rid,
        reference=reference or (f"#{rid}" if rid else "No request"),
        title=title or "",
        agency_id=aid,
        agency=agency or "",
        address=address,
        status=status or "",
        reason=" ".join((reason or "").split()),
        reported_on=at.astimezone(clock.local_zone()).date(),
        message=_message(kind, letter),
    )


def _scoped(query: Select, request_id, campaign_id, user_id) -> Select:
    if request_id is not None:
        query = query.where(DeliveryFailure.request_id == request_id)
    if campaign_id is not None:
        query = query.where(RecordsRequest.campaign_id == campaign_id)
    if user_id is not None:
        query = query.where(
            or_(RecordsRequest.owner_id == user_id, RecordsRequest.volunteer_id == user_id)
        )
    return query


def open_failures(
    *,
    request_id: int | None = None,
    campaign_id: int | None = None,
    user_id: int | None = None,
    limit: int | None = LIST_LIMIT,
) -> list[FailureLine]:
    """Return the open failures (of a request, a campaign or a person's requests), newest first."""
    query = _scoped(_lines_query(), request_id, campaign_id, user_id)
    query = query.order_by(DeliveryFailure.id.desc()).limit(limit)
    return [line_of(row) for row in db.session.execute(query)]


def count_open_failures(
    *, request_id: int | None = None, campaign_id: int | None = None, user_id: int | None = None
) -> int:
    """Return how many failures are open (of a request, a campaign, or one person's requests)."""
    query = select(func.count(DeliveryFailure.id)).outerjoin(
        RecordsRequest, RecordsRequest.id == DeliveryFailure.request_id
    )
    query = query.where(DeliveryFailure.resolved_at.is_(None))
    return db.session.scalar(_scoped(query, request_id, campaign_id, user_id))


def failures_by_request(ids: Iterable[int]) -> dict[int, list[FailureLine]]:
    """Return {request id: its open failures, newest first} for the given requests."""
    ids = set(ids)
    if not ids:
        return {}
    query = _lines_query().where(DeliveryFailure.request_id.in_(ids))
    found: dict[int, list[FailureLine]] = defaultdict(list)
    for row in db.session.execute(query.order_by(DeliveryFailure.id.desc())):
        line = line_of(row)
        if line.request_id is not None:  # always, by the query
            found[line.request_id].append(line)
    return dict(found)


class HasEmail(Protocol):
    """An agency, or a row of one, with its id and current email address."""

    @property
    def id(self) -> int:
        """The agency's id."""

    @property
    def email(self) -> str | None:
        """Its current email address."""


def bouncing_addresses(agencies: Iterable[HasEmail]) -> dict[int, FailureLine]:
    """Return {agency id: its latest open failure} for agencies whose current email bounces."""
    by_address: dict[str, list[int]] = defaultdict(list)
    for agency in agencies:
        if address := (agency.email or "").strip().lower():
            by_address[address].append(agency.id)
    if not by_address:
        return {}
    # Matched in Python against the agencies already loaded, whatever their number (the
    # directory lists 50 to a page). Most pages have no bouncing address: a statement built
    # once asks which addresses bounce (0.22 ms for the directory's page, against 0.67 ms for
    # building and running the lines' statement; PostgreSQL, bench data, 2026-12-03), and the
    # failures' lines are read only for those.
    bouncing = db.session.scalars(_open_failed_addresses(), {"addresses": list(by_address)})
    if not (found_addresses := set(bouncing)):
        return {}
    query = _lines_query(with_agency=False).where(DeliveryFailure.address.in_(found_addresses))
    found = {}
    for row in db.session.execute(query.order_by(DeliveryFailure.id)):
        line = line_of(row)  # oldest first, so each agency keeps its latest failure
        for agency_id in by_address[line.address]:
            found[agency_id] = line
    return found


@built_once
def _open_failed_addresses() -> Select:
    """Select the open failures' addresses among the expanding parameter `addresses`."""
    return (
        select(DeliveryFailure.address)
        .where(
            DeliveryFailure.resolved_at.is_(None),
            DeliveryFailure.address.in_(bindparam("addresses", expanding=True)),
        )
        .distinct()
    )


def is_bouncing(agency: Agency) -> bool:
    """Return whether the agency's current email address has an open delivery failure."""
    return agency.id in bouncing_addresses([agency])


@dataclass(frozen=True)
class RequestDelivery:
    """What the request page says about its messages that did not arrive."""

    #: Its open failures, newest first.
    failures: list[FailureLine]
    #: The agency's email address now.
    agency_email: str
    #: The email already queued to file it again, if any (sent or still waiting).
    refiling: OutboundEmail | None

    @property
    def filing_failure(self) -> FailureLine | None:
        """Return the latest open failure of the filing email, if the filing bounced."""
        return next((f for f in self.failures if f.is_filing), None)

    @property
    def is_address_corrected(self) -> bool:
        """Return whether the agency's address is now one that has not bounced."""
        current = self.agency_email.strip().lower()
        return bool(current) and current not in {f.address for f in self.failures}


def failure_lines_query(request_id: int | BindParameter[int]) -> Select:
    """Select the open failures of a request as line_of() reads them, newest first (the id
    may be a bound parameter, as in the request page's one statement)."""
    return _scoped(_lines_query(), request_id, None, None).order_by(DeliveryFailure.id.desc())


def request_delivery(
    records_request: RecordsRequest, failures: list[FailureLine] | None = None
) -> RequestDelivery:
    """Return the request's open delivery failures (read unless given) and how filing again
    stands."""
    if failures is None:
        failures = open_failures(request_id=records_request.id, limit=None)
    refiling = None
    if any(f.is_filing for f in failures):
        refiling = queued_refiling(records_request)
    return RequestDelivery(failures, records_request.agency.email or "", refiling)


# --- resolving --------------------------------------------------------------------------------


def resolve(failure: DeliveryFailure, *, actor, why: str = "marked as dealt with") -> None:
    """Mark a delivery failure as dealt with, saying why in the audit log."""
    if failure.resolved_at is not None:
        return
    failure.resolved_at = clock.now()
    failure.resolved_by_id = getattr(actor, "id", None)
    audit.record(
        "delivery_failure.resolved",
        failure,
        f"Delivery failure to {failure.address} resolved: {why}",
        user=actor,
        data={"request_id": failure.request_id, "address": failure.address},
    )
    db.session.flush()


# --- filing again -----------------------------------------------------------------------------


def filing_failures(records_request: RecordsRequest) -> list[DeliveryFailure]:
    """Return the open failures of the request's filing emails, oldest first."""
    ids = [
        line.id
        for line in open_failures(request_id=records_request.id, limit=None)
        if line.is_filing
    ]
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(DeliveryFailure).where(DeliveryFailure.id.in_(ids)).order_by(DeliveryFailure.id)
        )
    )


def why_filed_again(failure: DeliveryFailure, letter: RequestLetter) -> str:
    """Return why a request is filed again: "first filing bounced: a@b 5.1.1 User unknown"."""
    bounced = db.session.get(OutboundEmail, failure.outbound_email_id or 0)
    first = bounced is None or bounced.key == filing_email_key(letter)
    words = " ".join(
        filter(None, (failure.address, failure.status, " ".join(failure.reason.split())))
    )
    what = "first filing bounced" if first else "filing sent again bounced"
    return f"{what}: {words}"[:500]


def refiling_key(letter: RequestLetter, failure: DeliveryFailure) -> str:
    """Return the outbox key of the email that files a letter again after `failure`."""
    return f"{filing_email_key(letter)}:again:{failure.id}"


def check_filing_again(records_request: RecordsRequest) -> tuple[RequestLetter, DeliveryFailure]:
    """Return the letter and the failure to file again after, or say why it cannot be done now."""
    letter = current_letter(records_request)
    failures = filing_failures(records_request)
    if letter is None or not failures or not is_filed(records_request):
        raise FilingError(f"{records_request.reference} has no undelivered filing to file again.")
    if not records_request.is_open:
        raise FilingError(f"{records_request.reference} is closed.")
    address = (records_request.agency.email or "").strip()
    if not address:
        raise FilingError(f"{records_request.agency.name} has no email address on file.")
    bounced = {f.address for f in failures}
    if address.lower() in bounced:
        raise FilingError(
            f"{address} is the address that bounced. Correct {records_request.agency.name}'s"
            " email address in the directory first, then file again."
        )
    others = sorted({e.kind for e in records_request.events if e.kind not in FILING_EVENTS})
    if others:
        # The agency answered something: the request may have reached it after all, so the
        # ledger is for a lawyer to correct by hand, not for filing again to rewrite.
        raise FilingError(
            f"The ledger of {records_request.reference} has more than the filing"
            f" ({', '.join(others)}): correct it by hand before filing again."
        )
    return letter, failures[-1]


def queued_refiling(records_request: RecordsRequest) -> OutboundEmail | None:
    """Return the email already queued to file the request again after its open failure."""
    letter = current_letter(records_request)
    failures = filing_failures(records_request)
    if letter is None or not failures:
        return None
    key = refiling_key(letter, failures[-1])
    return db.session.scalar(select(OutboundEmail).filter_by(key=key))


def queue_filing_again(records_request: RecordsRequest, *, actor) -> OutboundEmail:
    """Queue the approved letter again, to the agency's corrected address (see file_again)."""
    letter, failure = check_filing_again(records_request)
    email = queue_letter_email(records_request, letter, key=refiling_key(letter, failure))
    audit.record(
        "request.filing_queued_again",
        records_request,
        f"{records_request.reference} queued to be filed again by email to {email.to_addr}:"
        f" {why_filed_again(failure, letter)}",
        user=actor,
        data={"failure_id": failure.id, "email_id": email.id},
    )
    db.session.flush()
    return email


def record_filing_again(
    records_request: RecordsRequest, email: OutboundEmail, *, today: date, actor
) -> Communication:
    """Record a filing sent again: the message, the clock moved to its send date, failures resolved.

    The law's clock runs from the agency's receipt. A filing email that bounced never reached
    the agency, so no clock started on the first send date: the "filed" and "received" events
    that the first send wrote are removed, and new ones are recorded on the date the SMTP server
    accepted the new email, each saying why (the audit log keeps the removed ones). The open
    failures of the filing are then resolved. Recording twice gives the first recording back.
    """
    recorded = _communication_of(records_request, email)
    if recorded is not None:
        return recorded
    letter = current_letter(records_request)
    failures = filing_failures(records_request)
    if letter is None or not failures:
        raise FilingError(f"{records_request.reference} has no undelivered filing to record.")
    if email.sent_at is None:
        raise FilingError(f"The email for {records_request.reference} was not sent yet.")
    why = why_filed_again(failures[-1], letter)
    local = email.sent_at.astimezone(clock.local_zone())
    on, at = local.date(), local.time().replace(microsecond=0, tzinfo=None)
    communication = _record_message(records_request, letter, email, why, actor)
    _move_filing_events(records_request, on, at, max(today, on), why, actor)
    audit.record(
        "request.filed_again",
        records_request,
        f"{records_request.reference} filed again by email to {email.to_addr} on"
        f" {on:%a %d %b %Y}: {why}",
        user=actor,
        data={"email_id": email.id, "failure_ids": [f.id for f in failures]},
    )
    for failure in failures:
        resolve(failure, actor=actor, why=f"filed again by email to {email.to_addr}")
    return communication


def _communication_of(records_request, email) -> Communication | None:
    return next(
        (c for c in records_request.communications if c.outbound_email_id == email.id), None
    )


def _record_message(records_request, letter, email, why, actor) -> Communication:
    config = current_app.config
    communication = Communication(
        direction=Direction.OUT,
        channel=Channel.EMAIL,
        occurred_on=email.sent_at.astimezone(clock.local_zone()).date(),
        letter_id=letter.id,
        sender=config["MAIL_FROM"],
        recipient=email.to_addr,
        subject=email.subject,
        body=letter.body_text,
        tracking=email.message_id,
        delivery_proof=f"Accepted by the SMTP server {config['SMTP_HOST']}:{config['SMTP_PORT']}"
        f" at {email.sent_at.isoformat(timespec='seconds')}; sent again because the {why}",
        outbound_email_id=email.id,
        recorded_by_id=getattr(actor, "id", None),
    )
    records_request.communications.append(communication)
    db.session.flush()
    return communication


def _move_filing_events(records_request, on, at, today, why, actor) -> None:
    # "received" first: a ledger may not keep a receipt without its filing.
    for kind in FILING_EVENTS:
        for event in [e for e in records_request.events if e.kind == kind]:
            remove_event(event, reason=f"filed by email again; {why}", today=today, actor=actor)
    basis = _sentence(f"Filed by email again; {why}")
    add_event(records_request, EventKind.FILED, on, today=today, actor=actor, at=at, basis=basis)
    add_event(
        records_request,
        EventKind.RECEIVED,
        on,
        today=today,
        actor=actor,
        at=at,
        basis="Email accepted for delivery: received on the send date.",
    )
    records_request.filing_channel = Channel.EMAIL
    db.session.flush()


def _sentence(text: str) -> str:
    return re.sub(r"[.\s]*$", ".", text, count=1)
