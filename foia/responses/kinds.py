"""What agencies send back, as vocabularies: reply kinds, outcomes, fee facts, appeal grounds.

PURE: no Flask, no SQLAlchemy, so the reply suggester can name kinds too. StrEnums, so a member
equals its stored string ("denial" == ResponseKind.DENIAL) and stored rows keep working unchanged.
"""

from __future__ import annotations

from enum import StrEnum

from foia.deadlines.kinds import EventKind
from foia.deadlines.ledger import RESPONSE_EVENTS


class ResponseKind(StrEnum):
    """What kind of reply a logged response is (the issue's list), in form order."""

    ACKNOWLEDGEMENT = "acknowledgement"
    CLARIFICATION = "clarification"
    FEE_ESTIMATE = "fee_estimate"
    EXTENSION = "extension"
    PARTIAL_RELEASE = "partial_release"
    FINAL_RESPONSE = "final_response"
    DENIAL = "denial"
    NO_RECORDS = "no_records"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Return the kind in words, for people."""
        return _RESPONSE_KIND_LABELS[self]


_RESPONSE_KIND_LABELS = {
    ResponseKind.ACKNOWLEDGEMENT: "Acknowledgement",
    ResponseKind.CLARIFICATION: "Clarification request",
    ResponseKind.FEE_ESTIMATE: "Fee estimate",
    ResponseKind.EXTENSION: "Extension notice",
    ResponseKind.PARTIAL_RELEASE: "Partial release",
    ResponseKind.FINAL_RESPONSE: "Final response",
    ResponseKind.DENIAL: "Denial",
    ResponseKind.NO_RECORDS: "No records",
    ResponseKind.OTHER: "Other",
}
#: (kind, label) in form order.
RESPONSE_KINDS: tuple[tuple[str, str], ...] = tuple((kind, kind.label) for kind in ResponseKind)
#: The clock-ledger event each kind of reply records (none for "other").
LEDGER_EVENT_FOR: dict[str, EventKind] = {
    ResponseKind.ACKNOWLEDGEMENT: EventKind.ACKNOWLEDGED,
    ResponseKind.CLARIFICATION: EventKind.CLARIFICATION_REQUESTED,
    ResponseKind.FEE_ESTIMATE: EventKind.FEE_ESTIMATE,
    ResponseKind.EXTENSION: EventKind.EXTENSION_CLAIMED,
    ResponseKind.PARTIAL_RELEASE: EventKind.PARTIAL_RELEASE,
    ResponseKind.FINAL_RESPONSE: EventKind.FINAL_RESPONSE,
    ResponseKind.DENIAL: EventKind.DENIAL,
    ResponseKind.NO_RECORDS: EventKind.NO_RECORDS,
}
#: Kinds of reply that decide the request (their event opens the appeal window): logging one
#: asks what became of each record category.
DECIDING_KINDS = frozenset(k for k, event in LEDGER_EVENT_FOR.items() if event in RESPONSE_EVENTS)


class Outcome(StrEnum):
    """What became of one record category, in form order."""

    PENDING = "pending"
    PRODUCED = "produced"
    PARTLY_PRODUCED = "partly_produced"
    WITHHELD = "withheld"
    NO_RECORDS = "no_records"

    @property
    def label(self) -> str:
        """Return the outcome in words, for people."""
        return self.value.replace("_", " ").capitalize()


#: (outcome, label) in form order.
OUTCOMES: tuple[tuple[str, str], ...] = tuple((outcome, outcome.label) for outcome in Outcome)
#: Outcomes where records were kept back: an exemption applies, and an appeal may lie.
WITHHOLDING_OUTCOMES = frozenset({Outcome.WITHHELD, Outcome.PARTLY_PRODUCED})


class FeeKind(StrEnum):
    """A fee fact, in form order."""

    ESTIMATE = "estimate"
    WAIVER_REQUESTED = "waiver_requested"
    WAIVER_GRANTED = "waiver_granted"
    WAIVER_DENIED = "waiver_denied"
    INVOICE = "invoice"
    PAYMENT = "payment"

    @property
    def label(self) -> str:
        """Return the fee fact in words, for people."""
        return _FEE_KIND_LABELS[self]


_FEE_KIND_LABELS = {
    FeeKind.ESTIMATE: "Fee estimate",
    FeeKind.WAIVER_REQUESTED: "Fee waiver requested",
    FeeKind.WAIVER_GRANTED: "Fee waiver granted",
    FeeKind.WAIVER_DENIED: "Fee waiver denied",
    FeeKind.INVOICE: "Invoice",
    FeeKind.PAYMENT: "Payment made",
}
#: (kind, label) in form order.
FEE_KINDS: tuple[tuple[str, str], ...] = tuple((kind, kind.label) for kind in FeeKind)
#: The ledger event each fee fact records (the others record none).
LEDGER_EVENT_FOR_FEE: dict[str, EventKind] = {
    FeeKind.ESTIMATE: EventKind.FEE_ESTIMATE,
    FeeKind.WAIVER_GRANTED: EventKind.FEE_WAIVED,
    FeeKind.PAYMENT: EventKind.FEE_PAID,
}


class AppealGrounds(StrEnum):
    """Why we appeal, as stored in `Appeal.grounds`."""

    DENIED = "denied"
    PARTLY_DENIED = "partly denied"
    OVERDUE = "overdue"
