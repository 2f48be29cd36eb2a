"""The deadline engine's vocabularies, each defined once: ledger event kinds and clock kinds.

They are StrEnums, so a member equals its string ("appeal" == ClockKind.APPEAL) and values
stored in the database or in `data/laws.toml` keep working unchanged.

Request-type-specific periods (decision, issue #13 §2): a fact about one request that changes its
clocks (South Carolina records over 24 months old, an Alabama time-intensive request, a
Connecticut personnel-file notice, ...) is a dated ledger event, `longer_period`, not an attribute
of the request: it is stored and audited like every other fact, the agency's notice is dated, and
no schema change is needed. A clock rule in `data/laws.toml` names the condition it needs
(`when`) or that ends it (`unless`), so each law says what the event means for it.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from functools import lru_cache


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
    #: A fact that switches the law's clocks to a longer statutory track for this request (the
    #: law's data names which: records over 24 months old, a time-intensive request, ...).
    LONGER_PERIOD = "longer_period"
    #: The agency asked the attorney general for a ruling to withhold (Tex. Gov't Code §552.301).
    RULING_REQUESTED = "ruling_requested"
    #: The agency's brief to the attorney general (a copy reached the requester, §552.301(e-1)).
    RULING_BRIEF_SENT = "ruling_brief_sent"
    #: The attorney general received the body's request for a ruling (the date its letter gives):
    #: the 45 business days of Tex. Gov't Code §552.306(a) run from it.
    RULING_RECEIVED = "ruling_received"
    #: The attorney general told the body and the requester it needs 10 more business days.
    RULING_EXTENDED = "ruling_extended"
    #: The attorney general's ruling was issued.
    RULING_ISSUED = "ruling_issued"
    #: The attorney general told the body it needs more information to rule, dated the day the
    #: body received that notice (Tex. Gov't Code §552.303(c), (d)).
    RULING_INFORMATION_REQUESTED = "ruling_information_requested"
    #: The body sent the attorney general the further information it asked for.
    RULING_INFORMATION_SENT = "ruling_information_sent"
    #: The reviewing body gave notice that it takes more time to decide the appeal (KRS
    #: 61.880(2)(b): unusual circumstances; 5 U.S.C. 552(a)(6)(B)(i)).
    APPEAL_DECISION_EXTENDED = "appeal_decision_extended"
    #: The agency required a deposit or bond before preparing copies (Tex. Gov't Code §552.263).
    DEPOSIT_REQUIRED = "deposit_required"
    #: The agency said it treats the request as voluminous (5 ILCS 140/3.6(a)).
    VOLUMINOUS_NOTICE = "voluminous_notice"
    #: The requester answered that notice (amended the request, or said it stands).
    VOLUMINOUS_ANSWERED = "voluminous_answered"


#: Each event in words, for people: the request page, its forms and the ledger's messages.
EVENT_LABELS: dict[str, str] = {
    EventKind.FILED: "Filed",
    EventKind.RECEIVED: "Received by the agency",
    EventKind.ACKNOWLEDGED: "Acknowledged",
    EventKind.CLARIFICATION_REQUESTED: "Clarification asked",
    EventKind.CLARIFICATION_ANSWERED: "Clarification answered",
    EventKind.FEE_ESTIMATE: "Fee estimate",
    EventKind.FEE_PAID: "Fee paid",
    EventKind.FEE_WAIVED: "Fee waived",
    EventKind.EXTENSION_CLAIMED: "Extension claimed",
    EventKind.PARTIAL_RELEASE: "Partial release",
    EventKind.FINAL_RESPONSE: "Final response",
    EventKind.DENIAL: "Denial",
    EventKind.NO_RECORDS: "No records",
    EventKind.APPEAL_FILED: "Appeal filed",
    EventKind.APPEAL_DECIDED: "Appeal decided",
    EventKind.WITHDRAWN: "Withdrawn",
    EventKind.LONGER_PERIOD: "Longer statutory period applies",
    EventKind.RULING_REQUESTED: "Attorney general's ruling requested",
    EventKind.RULING_BRIEF_SENT: "Brief sent to the attorney general",
    EventKind.RULING_RECEIVED: "Attorney general received the ruling request",
    EventKind.RULING_EXTENDED: "Attorney general extended the ruling deadline",
    EventKind.RULING_ISSUED: "Attorney general's ruling issued",
    EventKind.RULING_INFORMATION_REQUESTED: "Agency received the attorney general's request for"
    " more information",
    EventKind.RULING_INFORMATION_SENT: "Agency sent the attorney general the information asked for",
    EventKind.APPEAL_DECISION_EXTENDED: "Reviewing body took more time to decide the appeal",
    EventKind.DEPOSIT_REQUIRED: "Deposit or bond required",
    EventKind.VOLUMINOUS_NOTICE: "Agency treats the request as voluminous",
    EventKind.VOLUMINOUS_ANSWERED: "Voluminous-request notice answered",
}


@lru_cache(maxsize=8192)
def event_words(kind: str, on: date | None = None) -> str:
    """Return an event as people read it: “Fee estimate” of Mon 30 Nov 2026."""
    # Memoised: the flags of thousands of requests name the same events on the same days, and
    # formatting a date is most of the cost of a flag (about 6% of compute_due_dates' time).
    words = f"“{EVENT_LABELS.get(kind, kind.replace('_', ' '))}”"
    return f"{words} of {on:%a %d %b %Y}" if on is not None else words


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
    #: The requester's time to take a decided appeal further (Md. GP §4-1A-05(b)(5): the
    #: Compliance Board after the Ombudsman's final determination).
    FURTHER_APPEAL = "further_appeal"
    FEE_ESTIMATE_ANSWER = "fee_estimate_answer"
    CLARIFICATION_ANSWER = "clarification_answer"
    FOLLOW_UP = "follow_up"
    RULING_BRIEF = "ruling_brief"
    #: The Texas attorney general's own deadline to rule (Tex. Gov't Code §552.306(a)).
    RULING_DECISION = "ruling_decision"
    #: A Texas body's further information to the attorney general, 7 calendar days after it
    #: received the notice asking for it (Tex. Gov't Code §552.303(d)).
    RULING_INFORMATION = "ruling_information"
    #: The requester's time to pay a required deposit or post a bond (Tex. Gov't Code §552.263(f)).
    DEPOSIT_PAYMENT = "deposit_payment"
    #: The requester's time to answer a voluminous-request notice (5 ILCS 140/3.6(a)(iii)).
    VOLUMINOUS_ANSWER = "voluminous_answer"
    #: The body's response to a voluminous request after that answer (5 ILCS 140/3.6(a)(v)).
    VOLUMINOUS_RESPONSE = "voluminous_response"


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

#: Facts that decide which of a law's clock rules apply (`when` / `unless` in data/laws.toml).
CONDITION_EVENTS = frozenset(
    {
        EventKind.LONGER_PERIOD,
        EventKind.RULING_REQUESTED,
        EventKind.RULING_RECEIVED,
        EventKind.RULING_EXTENDED,
        EventKind.RULING_INFORMATION_REQUESTED,
        EventKind.VOLUMINOUS_NOTICE,
        EventKind.EXTENSION_CLAIMED,
    }
)

#: Obligations of the requester, not the agency: their clocks count disputed days as open.
REQUESTER_OBLIGATIONS = frozenset({Obligation.APPEAL, Obligation.ANSWER})
#: Clocks that run against the requester (our deadlines), not the agency.
REQUESTER_CLOCK_KINDS = frozenset(
    {
        ClockKind.APPEAL,
        ClockKind.FEE_ESTIMATE_ANSWER,
        ClockKind.CLARIFICATION_ANSWER,
        ClockKind.FURTHER_APPEAL,
        ClockKind.DEPOSIT_PAYMENT,
        ClockKind.VOLUMINOUS_ANSWER,
    }
)
