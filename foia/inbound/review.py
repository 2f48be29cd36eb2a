"""What a person does with received mail: list it, read one message with what it seems to mean,
confirm or dismiss a suggestion, take a message off the wrong request.

Nothing a message suggests is recorded until a person confirms it. A message records at most
one kind of response (LoggedResponse is unique per communication): once one is confirmed, the
message's other suggestions are shown as such, and anything more it means is recorded by hand on
the request's ledger.

Operations change the session, write the audit log, flush, and never commit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from foia import audit
from foia.documents.models import Attachment
from foia.extensions import db
from foia.inbound import operations, suggest
from foia.inbound.kinds import MailKind
from foia.inbound.models import DeliveryFailure, InboundEmail
from foia.requests.models import Communication, RecordsRequest
from foia.responses import operations as responses
from foia.responses.models import RESPONSE_KINDS, LoggedResponse, ResponseKind, TrackingNumber

ReviewError = responses.ResponseError
KIND_LABELS: dict[str, str] = dict(RESPONSE_KINDS)
#: What the inbox list shows, by the `show` argument; the first is the default.
SHOWS = (
    ("unmatched", "Waiting for a request"),
    ("matched", "Filed under a request"),
    ("all", "All mail"),
)
PER_PAGE = 50


@dataclass(frozen=True)
class InboxFilters:
    """What the inbox list is narrowed to: matched or not, a kind of mail, a campaign."""

    show: str = SHOWS[0][0]
    kind: str = ""
    campaign_id: int | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> InboxFilters:
        """Read the filters from query arguments, ignoring values that mean nothing."""
        show = args.get("show", "")
        kind = args.get("kind", "")
        campaign = args.get("campaign", "")
        return cls(
            show=show if show in dict(SHOWS) else SHOWS[0][0],
            kind=kind if kind in {k.value for k in MailKind} else "",
            campaign_id=(
                int(campaign) or None
                if campaign.isascii() and campaign.isdigit() and len(campaign) < 10
                else None
            ),
        )

    def as_args(self) -> dict[str, str | int]:
        """Return the query arguments that give these filters (for links to other pages)."""
        args: dict[str, str | int] = {"show": self.show}
        if self.kind:
            args["kind"] = self.kind
        if self.campaign_id:
            args["campaign"] = self.campaign_id
        return args

    def query(self) -> Select:
        """Return the messages these filters select, newest first."""
        query = select(InboundEmail).options(
            selectinload(InboundEmail.records_request).selectinload(RecordsRequest.campaign)
        )
        if self.show == "unmatched":
            query = query.where(InboundEmail.request_id.is_(None))
        elif self.show == "matched":
            query = query.where(InboundEmail.request_id.is_not(None))
        if self.kind:
            query = query.where(InboundEmail.kind == self.kind)
        if self.campaign_id:
            in_campaign = select(RecordsRequest.id).where(
                RecordsRequest.campaign_id == self.campaign_id
            )
            query = query.where(InboundEmail.request_id.in_(in_campaign))
        return query.order_by(InboundEmail.created_at.desc(), InboundEmail.id.desc())


@dataclass
class MessageReview:
    """One message as the message page shows it: files, failures, suggestions, what is recorded."""

    inbound: InboundEmail
    files: list[Attachment]
    failures: list[DeliveryFailure]
    suggestions: list[suggest.Suggestion]
    #: The kind of response the message is recorded as ("" while none is).
    recorded_kind: str = ""
    #: Why no suggestion can be recorded now ("" when one can).
    blocked: str = ""
    body_parts: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def received_on(self) -> date:
        """Return the message's own date: the Date header, else the day it was kept."""
        return self.inbound.sent_on or self.inbound.created_at.date()


def review_of(inbound: InboundEmail) -> MessageReview:
    """Gather what the message page shows about one message."""
    suggestions = suggestions_for(inbound)
    recorded = _logged(inbound)
    blocked = ""
    if inbound.request_id is None:
        blocked = "File this message under a request first: then its meaning can be recorded."
    elif recorded is not None:
        blocked = (
            f"This message is recorded as {KIND_LABELS[recorded.kind].lower()}. If it also "
            "means something else, record that on the request's clock ledger."
        )
    return MessageReview(
        inbound=inbound,
        files=_attachments(inbound),
        failures=list(
            db.session.scalars(
                select(DeliveryFailure)
                .where(DeliveryFailure.inbound_email_id == inbound.id)
                .order_by(DeliveryFailure.id)
            )
        ),
        suggestions=suggestions,
        recorded_kind=recorded.kind if recorded else "",
        blocked=blocked,
        body_parts=marked(inbound.body, [s.sentence for s in suggestions]),
    )


def suggestions_for(inbound: InboundEmail) -> list[suggest.Suggestion]:
    """Return what the message seems to mean, less what a person dismissed; nothing is stored.

    A bounce suggests nothing (its text is mostly our own letter, quoted back); an automatic
    reply may only be an acknowledgement.
    """
    if inbound.mail_kind is MailKind.BOUNCE:
        return []
    jurisdiction = (
        inbound.records_request.agency.jurisdiction.code if inbound.records_request else "US-MA"
    )
    found = suggest.suggest(
        inbound.body,
        attachment_names=[a.filename for a in _attachments(inbound)],
        jurisdiction=jurisdiction,
        received_on=inbound.sent_on,
    )
    if inbound.mail_kind is MailKind.AUTO_REPLY:
        found = [s for s in found if s.kind == ResponseKind.ACKNOWLEDGEMENT]
    dismissed = set(inbound.dismissed_suggestions or ())
    return [s for s in found if s.key not in dismissed]


def confirm(
    inbound: InboundEmail,
    suggestion_key: str,
    *,
    kind: str,
    received_on: date,
    actor,
    today: date,
    extension_days: int | None = None,
    fee_amount: Decimal | None = None,
    tracking_number: str = "",
    exemptions: Sequence[str] | None = None,
) -> LoggedResponse:
    """Record what a person confirmed the message means: its kind, ledger event, fee, number.

    An automatic reply has no communication: confirming it as an acknowledgement files it as
    one, the one case where a person decides that an automatic message counts.
    """
    suggestion = _offered(inbound, suggestion_key)
    records_request = inbound.records_request
    if records_request is None:
        raise ReviewError("File this message under a request first.")
    if inbound.mail_kind is MailKind.AUTO_REPLY and kind != ResponseKind.ACKNOWLEDGEMENT:
        raise ReviewError("An automatic reply can only be recorded as an acknowledgement.")
    if kind not in KIND_LABELS:
        raise ReviewError(f"Unknown kind of response {kind!r}.")
    communication = _communication(inbound) or operations.file_as_communication(
        inbound, records_request, actor=actor, today=today
    )
    number = " ".join(tracking_number.split())[:120]
    cited = suggestion.exemptions if exemptions is None else exemptions
    logged = responses.record_response(
        communication,
        kind,
        received_on=received_on,
        basis=_basis(inbound, kind, suggestion, cited),
        today=today,
        actor=actor,
        tracking_numbers=[number] if number else [],
        extension_days=extension_days,
        fee_amount=fee_amount,
    )
    audit.record(
        "inbox.suggestion_confirmed",
        records_request,
        f"{KIND_LABELS[kind]} recorded from the email “{inbound.subject[:120]}”",
        user=actor,
        data={
            "inbound_email_id": inbound.id,
            "key": suggestion.key,
            "suggested": suggestion.kind,
            "kind": kind,
        },
    )
    db.session.flush()
    return logged


def dismiss(inbound: InboundEmail, suggestion_key: str, *, actor) -> None:
    """Stop offering a suggestion for this message (a person said it is wrong)."""
    dismissed = list(inbound.dismissed_suggestions or [])
    if suggestion_key in dismissed:
        return
    suggestion = _offered(inbound, suggestion_key)
    # A new list, not an append: the JSON column only notices a new value.
    inbound.dismissed_suggestions = [*dismissed, suggestion_key]
    audit.record(
        "inbox.suggestion_dismissed",
        inbound,
        f"{KIND_LABELS.get(suggestion.kind, suggestion.kind)} suggestion dismissed for the email "
        f"“{inbound.subject[:120]}”",
        user=actor,
        data={"key": suggestion_key, "kind": suggestion.kind, "request_id": inbound.request_id},
    )
    db.session.flush()


def unassign(inbound: InboundEmail, *, actor) -> RecordsRequest:
    """Take a message off the request it was filed under; it waits in the inbox again.

    The communication filed from it goes, unless a response was recorded on it; its files go
    back to the message.
    """
    records_request = inbound.records_request
    if records_request is None:
        raise ReviewError("This message is not filed under a request.")
    communication = _communication(inbound)
    recorded = _logged(inbound)
    if recorded is not None:
        raise ReviewError(
            f"This message is recorded as {KIND_LABELS[recorded.kind].lower()} on "
            f"{records_request.reference}, so it stays there: a lawyer removes that ledger "
            "event first, then the message can move."
        )
    for attachment in _attachments(inbound):
        attachment.request_id = None
        attachment.communication_id = None
    for failure in db.session.scalars(
        select(DeliveryFailure).where(DeliveryFailure.inbound_email_id == inbound.id)
    ):
        failure.request_id = None
    _forget_tracking_number(inbound, records_request)
    inbound.request_id = inbound.communication_id = None
    inbound.records_request = None
    inbound.matched_by = ""
    if communication is not None:
        records_request.communications.remove(communication)  # delete-orphan deletes it
    audit.record(
        "inbox.unassigned",
        records_request,
        f"{inbound.mail_kind.label} “{inbound.subject[:120]}” taken off the request",
        user=actor,
        data={
            "inbound_email_id": inbound.id,
            "communication_id": getattr(communication, "id", None),
        },
    )
    db.session.flush()
    return records_request


def _forget_tracking_number(inbound: InboundEmail, records_request: RecordsRequest) -> None:
    """Drop the tracking number this message's import recorded on the wrong request.

    Left there, it would match that agency's later mail to the wrong request. A number a person
    entered (it has a recorder), or that another message of the request also gave, stays.
    """
    if not inbound.tracking_number:
        return
    also_given = db.session.scalar(
        select(InboundEmail.id).where(
            InboundEmail.request_id == records_request.id,
            InboundEmail.id != inbound.id,
            InboundEmail.tracking_number == inbound.tracking_number,
        )
    )
    if also_given is not None:
        return
    for row in db.session.scalars(
        select(TrackingNumber).where(
            TrackingNumber.request_id == records_request.id,
            TrackingNumber.number == inbound.tracking_number,
            TrackingNumber.recorded_by_id.is_(None),
        )
    ):
        db.session.delete(row)


def marked(text: str, sentences: Sequence[str]) -> list[tuple[str, bool]]:
    """Split `text` into (part, is_trigger) pieces, marking where each sentence occurs. PURE."""
    spans: list[tuple[int, int]] = []
    for sentence in sentences:
        words = sentence.split()
        if not words:
            continue
        # The sentence may have been re-flowed: any run of whitespace matches any other.
        found = re.search(r"\s+".join(re.escape(w) for w in words), text)
        if found and not any(s < found.end() and found.start() < e for s, e in spans):
            spans.append(found.span())
    parts, at = [], 0
    for start, end in sorted(spans):
        parts += [(text[at:start], False), (text[start:end], True)]
        at = end
    parts.append((text[at:], False))
    return [(part, is_trigger) for part, is_trigger in parts if part]


def _offered(inbound: InboundEmail, key: str) -> suggest.Suggestion:
    for suggestion in suggestions_for(inbound):
        if suggestion.key == key:
            return suggestion
    raise ReviewError("That suggestion is no longer offered for this message.")


def _basis(inbound, kind: str, suggestion: suggest.Suggestion, exemptions: Sequence[str]) -> str:
    sender = f" from {inbound.sender}" if inbound.sender else ""
    cited = f" Exemptions cited: {', '.join(exemptions)}." if exemptions else ""
    return f"{KIND_LABELS[kind]} received by email{sender}: “{suggestion.sentence[:300]}”{cited}"


def _communication(inbound: InboundEmail) -> Communication | None:
    if inbound.communication_id is None:
        return None
    return db.session.get(Communication, inbound.communication_id)


def _logged(inbound: InboundEmail) -> LoggedResponse | None:
    if inbound.communication_id is None:
        return None
    return db.session.scalar(
        select(LoggedResponse).where(LoggedResponse.communication_id == inbound.communication_id)
    )


def _attachments(inbound: InboundEmail) -> list[Attachment]:
    return list(
        db.session.scalars(
            select(Attachment)
            .where(Attachment.inbound_email_id == inbound.id)
            .order_by(Attachment.id)
        )
    )
