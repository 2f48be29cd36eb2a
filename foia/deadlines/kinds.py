"""The deadline engine's vocabularies, each defined once: ledger event kinds and clock kinds.

They are StrEnums, so a member equals its string ("appeal" == ClockKind.APPEAL) and values
stored in the database or in `data/laws.toml` keep working unchanged.
"""

from __future__ import annotations

from enum import StrEnum


class EventKind(StrEnum):
    """A dated fact in a request's clock ledger."""

    FILED = "filed"
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    CLARIFICATION_REQUESTED = "clarification_requested"
    CLARIFICATION_ANSWERED = "clarification_answered"
    FEE_ESTIMATE = "fee_estimate"
    FEE_PAID = "fee_paid"
    FEE_WAIVED = "fee_waived"
    EXTENSION_CLAIMED = "extension_claimed"
    PARTIAL_RELEASE = "partial_release"
    FINAL_RESPONSE = "final_response"
    DENIAL = "denial"
    NO_RECORDS = "no_records"
    APPEAL_FILED = "appeal_filed"
    APPEAL_DECIDED = "appeal_decided"
    WITHDRAWN = "withdrawn"


class ClockKind(StrEnum):
    """A deadline the engine computes; README "How deadlines are computed" lists each meaning."""

    ACKNOWLEDGE = "acknowledge"
    RESPONSE = "response"
    PRODUCTION = "production"
    EXTENDED_RESPONSE = "extended_response"
    PRODUCTION_LIMIT = "production_limit"
    EXPEDITED_DECISION = "expedited_decision"
    FINAL_DECISION = "final_decision"
    COMPLETION = "completion"
    APPEAL = "appeal"
    APPEAL_DECISION = "appeal_decision"
    FEE_ESTIMATE_ANSWER = "fee_estimate_answer"
    CLARIFICATION_ANSWER = "clarification_answer"
    FOLLOW_UP = "follow_up"


class Obligation(StrEnum):
    """What must happen by a clock's due date, and so who the clock binds."""

    ACKNOWLEDGE = "acknowledge"
    DECIDE = "decide"
    RESPOND = "respond"
    PRODUCE = "produce"
    APPEAL = "appeal"
    ANSWER = "answer"


EVENT_KINDS: tuple[str, ...] = tuple(kind.value for kind in EventKind)
CLOCK_KINDS: tuple[str, ...] = tuple(kind.value for kind in ClockKind)
OBLIGATIONS: tuple[str, ...] = tuple(obligation.value for obligation in Obligation)

#: Obligations of the requester, not the agency: their clocks count disputed days as open.
REQUESTER_OBLIGATIONS = frozenset({Obligation.APPEAL, Obligation.ANSWER})
#: Clocks that run against the requester (our deadlines), not the agency.
REQUESTER_CLOCK_KINDS = frozenset(
    {ClockKind.APPEAL, ClockKind.FEE_ESTIMATE_ANSWER, ClockKind.CLARIFICATION_ANSWER}
)
