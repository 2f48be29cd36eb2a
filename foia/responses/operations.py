"""Response operations: log a reply, code outcomes, notes and tracking numbers (fees: fees.py).

They change the session, write the audit log, flush, and never commit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from foia import audit, clock
from foia.auth.models import Role
from foia.deadlines.kinds import EventKind
from foia.deadlines.ledger import RESPONSE_EVENTS
from foia.documents import operations as documents
from foia.documents.models import Attachment
from foia.documents.storage import FileStore
from foia.extensions import db
from foia.requests import operations as requests
from foia.requests.models import Channel, Communication, Direction, RecordsRequest
from foia.responses.exemptions import OTHER, exemptions_for

# Re-exported: views and sections reach fees through this module, the package's one entry.
from foia.responses.fees import FeeSummary as FeeSummary
from foia.responses.fees import fees_of as fees_of
from foia.responses.fees import record_fee as record_fee
from foia.responses.fees import summarise_fees as summarise_fees
from foia.responses.kinds import DECIDING_KINDS
from foia.responses.models import (
    LEDGER_EVENT_FOR,
    OUTCOMES,
    RESPONSE_KINDS,
    WITHHOLDING_OUTCOMES,
    CategoryOutcome,
    Fee,
    FeeKind,
    LoggedResponse,
    Note,
    Outcome,
    ResponseKind,
    TrackingNumber,
)

ResponseError = requests.RequestError
_KIND_LABELS = dict(RESPONSE_KINDS)


@dataclass
class Logged:
    """What logging a response did: the message, the files kept, and the files refused."""

    communication: Communication
    attachments: list[Attachment] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_tracking_numbers(text: str | None) -> list[str]:
    """Split a box of tracking numbers (one a line, or separated by commas or semicolons)."""
    seen: dict[str, None] = {}
    for part in re.split(r"[\n,;]+", text or ""):
        number = " ".join(part.split())[:120]
        if number and number.casefold() not in {s.casefold() for s in seen}:
            seen[number] = None
    return list(seen)


def add_tracking_numbers(
    records_request: RecordsRequest, numbers: Iterable[str], *, actor
) -> list[TrackingNumber]:
    """Record the agency's new tracking numbers for the request (known ones are skipped)."""
    known = {
        n.casefold()
        for n in db.session.scalars(
            select(TrackingNumber.number).where(TrackingNumber.request_id == records_request.id)
        )
    }
    added = []
    for number in numbers:
        if number.casefold() in known:
            continue
        known.add(number.casefold())
        row = TrackingNumber(
            request_id=records_request.id, number=number, recorded_by_id=getattr(actor, "id", None)
        )
        db.session.add(row)
        added.append(row)
    if added:
        db.session.flush()
        audit.record(
            "request.tracking_added",
            records_request,
            "Tracking number(s) " + ", ".join(r.number for r in added),
            user=actor,
        )
    return added


def log_response(
    records_request: RecordsRequest,
    *,
    received_on: date,
    channel: str,
    sender: str,
    kind: str,
    summary: str,
    today: date,
    actor,
    store: FileStore,
    max_bytes: int,
    uploads: Sequence[documents.Upload] = (),
    tracking_numbers: Sequence[str] = (),
    extension_days: int | None = None,
    fee_amount: Decimal | None = None,
    subject: str = "",
    outcomes: Mapping[str, tuple[str, str, str]] | None = None,
) -> Logged:
    """Log what the agency sent: the message, its ledger event, files, tracking numbers, the fee
    it states, and for a deciding reply each category's outcome (as code_outcomes takes them)."""
    if kind not in _KIND_LABELS:
        raise ResponseError(f"Unknown kind of response {kind!r}.")
    if outcomes and kind not in DECIDING_KINDS:
        raise ResponseError(f"{_KIND_LABELS[kind]} decides no record category.")
    event = _response_event(
        records_request,
        kind,
        received_on,
        # The basis is read on the ledger: the channel in words ("in person", not "in_person").
        basis=f"{_KIND_LABELS[kind]} received by {_channel_words(channel)}"
        + (f" from {sender}" if sender else ""),
        today=today,
        actor=actor,
        extension_days=extension_days,
    )
    communication = Communication(
        records_request=records_request,
        direction=Direction.IN,
        channel=channel,
        occurred_on=received_on,
        sender=sender.strip()[:300],
        subject=(subject or _KIND_LABELS[kind]).strip()[:500],
        body=summary.strip(),
        tracking=", ".join(tracking_numbers)[:300],
        recorded_by_id=getattr(actor, "id", None),
    )
    db.session.add(communication)
    db.session.flush()
    _file_response(
        records_request,
        communication,
        kind,
        event,
        received_on=received_on,
        actor=actor,
        tracking_numbers=tracking_numbers,
        fee_amount=fee_amount,
    )
    # Before any file is stored: a bad code stops the whole reply, and the view rolls it back.
    # After the reply's ledger event, so a withholding outcome finds the window it opened.
    if outcomes:
        code_outcomes(records_request, outcomes, actor=actor, today=today)
    logged = Logged(communication)
    for upload in uploads:
        try:
            attachment = documents.attach(
                upload,
                store=store,
                max_bytes=max_bytes,
                actor=actor,
                request_id=records_request.id,
                communication_id=communication.id,
            )
        except documents.UploadRefused as exc:
            logged.refused.append(str(exc))
            continue
        logged.attachments.append(attachment)
        if warning := documents.type_warning(attachment):
            logged.warnings.append(warning)
    audit.record(
        "response.logged",
        records_request,
        f"{_KIND_LABELS[kind]} received {received_on:%a %d %b %Y} by {channel}, "
        f"{len(logged.attachments)} file(s)",
        user=actor,
        data={"communication_id": communication.id, "kind": kind},
    )
    db.session.flush()
    return logged


def record_response(
    communication: Communication,
    kind: str,
    *,
    received_on: date,
    basis: str,
    today: date,
    actor,
    tracking_numbers: Sequence[str] = (),
    extension_days: int | None = None,
    fee_amount: Decimal | None = None,
) -> LoggedResponse:
    """Record what a message already on the request means: its kind and ledger event, tracking
    numbers, and the estimate of a fee estimate (as log_response does for a new message)."""
    if kind not in _KIND_LABELS:
        raise ResponseError(f"Unknown kind of response {kind!r}.")
    records_request = communication.records_request
    existing = db.session.scalar(
        select(LoggedResponse).where(LoggedResponse.communication_id == communication.id)
    )
    if existing is not None:
        raise ResponseError(
            f"This message is already recorded as {_KIND_LABELS[existing.kind].lower()}."
        )
    event = _response_event(
        records_request,
        kind,
        received_on,
        basis=basis,
        today=today,
        actor=actor,
        extension_days=extension_days,
    )
    logged = _file_response(
        records_request,
        communication,
        kind,
        event,
        received_on=received_on,
        actor=actor,
        tracking_numbers=tracking_numbers,
        # Only an estimate: the inbound card's amount field is the estimate's, whatever kind.
        fee_amount=fee_amount if kind == ResponseKind.FEE_ESTIMATE else None,
    )
    db.session.flush()
    return logged


def _channel_words(channel: str) -> str:
    """Return a channel in lower-case words, or the value itself if it is none of ours."""
    return Channel(channel).label.lower() if channel in set(Channel) else channel


def _response_event(records_request, kind, received_on, *, basis, today, actor, extension_days):
    """Add the ledger event a kind of reply records (none for "other")."""
    if kind not in LEDGER_EVENT_FOR:
        return None
    return requests.add_event(
        records_request,
        LEDGER_EVENT_FOR[kind],
        received_on,
        today=today,
        actor=actor,
        days=extension_days if kind == ResponseKind.EXTENSION else None,
        basis=basis,
    )


def _file_response(
    records_request, communication, kind, event, *, received_on, actor, tracking_numbers, fee_amount
) -> LoggedResponse:
    """Mark the message with its kind; keep its tracking numbers and the fee it states: a fee
    estimate's amount (which pauses the clock), or what a deciding reply invoices."""
    logged = LoggedResponse(
        communication_id=communication.id,
        kind=kind,
        clock_event_id=event.id if event else None,
    )
    db.session.add(logged)
    add_tracking_numbers(records_request, tracking_numbers, actor=actor)
    is_estimate = kind == ResponseKind.FEE_ESTIMATE
    if fee_amount is not None and (is_estimate or kind in DECIDING_KINDS):
        db.session.add(
            Fee(
                request_id=records_request.id,
                kind=FeeKind.ESTIMATE if is_estimate else FeeKind.INVOICE,
                amount=fee_amount,
                occurred_on=received_on,
                clock_event_id=event.id if event and is_estimate else None,
                recorded_by_id=getattr(actor, "id", None),
            )
        )
    return logged


def outcomes_of(records_request: RecordsRequest) -> dict[str, CategoryOutcome]:
    """Return the request's coded outcomes by category slug."""
    rows = db.session.scalars(
        select(CategoryOutcome).where(CategoryOutcome.request_id == records_request.id)
    )
    return {row.category_slug: row for row in rows}


def code_outcomes(
    records_request: RecordsRequest,
    codes: Mapping[str, tuple[str, str, str]],
    *,
    actor,
    today: date | None = None,
) -> list[CategoryOutcome]:
    """Record per-category outcomes: {slug: (outcome, exemption code, exemption text)}."""
    allowed = dict(OUTCOMES)
    known_exemptions = {e.code for e in exemptions_for(records_request.agency.jurisdiction.code)}
    current = outcomes_of(records_request)
    changed = []
    for slug, (outcome, exemption, text) in codes.items():
        if slug not in (records_request.category_slugs or []):
            raise ResponseError(f"The request did not ask for the category {slug!r}.")
        if outcome not in allowed:
            raise ResponseError(f"Unknown outcome {outcome!r}.")
        if outcome not in WITHHOLDING_OUTCOMES:
            exemption, text = "", ""
        if exemption and exemption not in known_exemptions | {OTHER}:
            raise ResponseError(f"Unknown exemption {exemption!r} for this jurisdiction.")
        if exemption == OTHER and not text.strip():
            raise ResponseError("Describe the exemption the agency cited.")
        row = current.get(slug)
        if row is None:
            row = CategoryOutcome(request_id=records_request.id, category_slug=slug)
            db.session.add(row)
        elif (row.outcome, row.exemption, row.exemption_text) == (outcome, exemption, text.strip()):
            continue
        row.outcome, row.exemption, row.exemption_text = outcome, exemption, text.strip()
        row.coded_by_id = getattr(actor, "id", None)
        changed.append(row)
    if changed:
        db.session.flush()
        audit.record(
            "response.outcomes_coded",
            records_request,
            "Outcomes: " + ", ".join(f"{r.category_slug} {allowed[r.outcome]}" for r in changed),
            user=actor,
            data={r.category_slug: r.outcome for r in changed},
        )
        _record_withholding(records_request, today=today or clock.today(), actor=actor)
    return changed


def _record_withholding(records_request: RecordsRequest, *, today: date, actor) -> None:
    """Put a denial coded by category on the ledger, where it opens the appeal window."""
    outcomes = outcomes_of(records_request)
    if not any(row.outcome in WITHHOLDING_OUTCOMES for row in outcomes.values()):
        return
    if any(event.kind in RESPONSE_EVENTS for event in records_request.events):
        return  # the agency's answer is on the ledger already, and its date opened the window
    asked = set(records_request.category_slugs or [])
    wholly = asked <= set(outcomes) and all(
        outcomes[slug].outcome == Outcome.WITHHELD for slug in asked
    )
    # Dated by the agency's latest message (the answer being coded), else today.
    received = [
        c.occurred_on for c in records_request.communications if c.direction == Direction.IN
    ]
    requests.add_event(
        records_request,
        EventKind.DENIAL if wholly else EventKind.PARTIAL_RELEASE,
        max(received, default=today),
        today=today,
        actor=actor,
        basis="Denied in full, as coded by category"
        if wholly
        else "Records withheld in part, as coded by category",
    )


def add_note(records_request: RecordsRequest, body: str, *, is_privileged: bool, actor) -> Note:
    """Add a note; only a lawyer may add a privileged one."""
    if not body.strip():
        raise ResponseError("Write the note first.")
    if is_privileged and not (actor is not None and actor.has_role(Role.LAWYER)):
        raise ResponseError("Only a lawyer may write a privileged note.")
    note = Note(
        request_id=records_request.id,
        body=body.strip(),
        is_privileged=is_privileged,
        author_id=getattr(actor, "id", None),
    )
    db.session.add(note)
    db.session.flush()
    # The audit line never repeats a privileged note's text.
    audit.record(
        "response.note_added",
        records_request,
        "Privileged note added" if is_privileged else "Note added",
        user=actor,
    )
    return note


def may_read_privileged(user) -> bool:
    """Return whether `user` may read privileged notes: lawyers only."""
    return user is not None and user.has_role(Role.LAWYER)


def notes_for(records_request: RecordsRequest, user) -> list[Note]:
    """Return the notes `user` may read, newest first (privileged ones for lawyers only)."""
    query = select(Note).where(Note.request_id == records_request.id)
    if not may_read_privileged(user):
        query = query.where(Note.is_privileged.is_(False))
    return list(db.session.scalars(query.order_by(Note.created_at.desc(), Note.id.desc())))


def tracking_numbers_of(records_request: RecordsRequest) -> list[TrackingNumber]:
    """Return the request's tracking numbers in the order they came."""
    return list(
        db.session.scalars(
            select(TrackingNumber)
            .where(TrackingNumber.request_id == records_request.id)
            .order_by(TrackingNumber.id)
        )
    )
