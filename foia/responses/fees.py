"""Fees: the fee facts of a request (estimate, invoice, payment, waiver) and where the money stands.

Recording flushes and never commits; estimates, granted waivers and payments also go on the clock
ledger. Re-exported by foia.responses.operations, the package's one entry for views.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from foia import audit
from foia.deadlines.kinds import EventKind
from foia.extensions import db
from foia.requests import operations as requests
from foia.requests.models import RecordsRequest
from foia.responses.models import FEE_KINDS, LEDGER_EVENT_FOR_FEE, Fee, FeeKind

ResponseError = requests.RequestError


def record_fee(
    records_request: RecordsRequest,
    kind: str,
    on: date,
    *,
    today: date,
    actor,
    amount: Decimal | None = None,
    note: str = "",
) -> Fee:
    """Record a fee fact; estimates, granted waivers and payments also go on the clock ledger."""
    if kind not in dict(FEE_KINDS):
        raise ResponseError(f"Unknown fee record {kind!r}.")
    if kind in (FeeKind.ESTIMATE, FeeKind.INVOICE, FeeKind.PAYMENT) and amount is None:
        raise ResponseError("Enter the amount.")
    if amount is not None and amount < 0:
        raise ResponseError("The amount cannot be negative.")
    event_kind = LEDGER_EVENT_FOR_FEE.get(kind)
    # A waiver granted or a payment closes a fee pause only when an estimate opened one.
    if event_kind in (EventKind.FEE_WAIVED, EventKind.FEE_PAID) and not _has_open_estimate(
        records_request
    ):
        event_kind = None
    event = None
    if event_kind:
        event = requests.add_event(
            records_request, event_kind, on, today=today, actor=actor, basis=note
        )
    fee = Fee(
        request_id=records_request.id,
        kind=kind,
        amount=amount,
        occurred_on=on,
        note=note.strip(),
        clock_event_id=event.id if event else None,
        recorded_by_id=getattr(actor, "id", None),
    )
    db.session.add(fee)
    db.session.flush()
    audit.record(
        "response.fee_recorded",
        records_request,
        f"{dict(FEE_KINDS)[kind]} on {on:%a %d %b %Y}" + (f": ${amount:,.2f}" if amount else ""),
        user=actor,
    )
    return fee


def _has_open_estimate(records_request: RecordsRequest) -> bool:
    opened = closed = 0
    for event in records_request.events:
        opened += event.kind == EventKind.FEE_ESTIMATE
        closed += event.kind in (EventKind.FEE_PAID, EventKind.FEE_WAIVED)
    return opened > closed


def fees_of(records_request: RecordsRequest) -> list[Fee]:
    """Return the request's fee facts in date order."""
    return list(
        db.session.scalars(
            select(Fee)
            .where(Fee.request_id == records_request.id)
            .order_by(Fee.occurred_on, Fee.id)
        )
    )


@dataclass(frozen=True)
class FeeSummary:
    """Where the money stands, derived from the fee facts."""

    estimate: Decimal | None
    invoiced: Decimal
    paid: Decimal
    waiver: str

    @property
    def outstanding(self) -> Decimal:
        """Return what is invoiced (or estimated, before an invoice) and not yet paid."""
        owed = self.invoiced or (self.estimate or Decimal(0))
        return Decimal(0) if self.waiver == "granted" else max(owed - self.paid, Decimal(0))


def summarise_fees(fees: Sequence[Fee]) -> FeeSummary:
    """Derive the fee position from the recorded facts (latest estimate and waiver decision)."""
    estimate, invoiced, paid, waiver = None, Decimal(0), Decimal(0), ""
    for fee in fees:
        if fee.kind == FeeKind.ESTIMATE:
            estimate = fee.amount
        elif fee.kind == FeeKind.INVOICE:
            invoiced += fee.amount or 0
        elif fee.kind == FeeKind.PAYMENT:
            paid += fee.amount or 0
        elif fee.kind.startswith("waiver_"):
            waiver = fee.kind.removeprefix("waiver_")
    return FeeSummary(estimate, invoiced, paid, waiver)
