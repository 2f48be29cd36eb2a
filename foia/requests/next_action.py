"""The one next thing to do on a request, for the primary button of its page (issue 16).

Pure: takes plain values, imports neither Flask nor SQLAlchemy.
"""

from enum import StrEnum

from foia.requests.status import CLOSED_STATUSES, RequestStatus
from foia.responses.kinds import AppealGrounds


class NextAction(StrEnum):
    """What the request waits for from us; the values are the button's words."""

    FILE = "File the request"
    LOG_REPLY = "Log a reply"
    FOLLOW_UP = "Follow up"
    APPEAL = "Appeal"
    ANSWER_FEE = "Answer the fee estimate"
    CLOSE = "Close the request"


#: The grounds that call for an appeal now; an overdue agency is followed up first (issue 16),
#: and the appeal stays offered further down the page.
_APPEAL_NOW = frozenset({AppealGrounds.DENIED, AppealGrounds.PARTLY_DENIED})

#: The status in words, for the page's header.
STATUS_WORDS = {
    RequestStatus.DRAFT: "Draft: not filed yet",
    RequestStatus.APPROVED: "Approved: not filed yet",
    RequestStatus.FILED: "Filed: waiting for the agency",
    RequestStatus.ACKNOWLEDGED: "Acknowledged: waiting for the records",
    RequestStatus.AWAITING_CLARIFICATION: "The agency asked us to clarify the request",
    RequestStatus.FEE_PENDING: "The agency sent a fee estimate: it waits for our answer",
    RequestStatus.EXTENDED: "The agency extended its deadline",
    RequestStatus.PARTIALLY_FULFILLED: "Partly fulfilled: some records came",
    RequestStatus.FULFILLED: "Fulfilled: the records came",
    RequestStatus.DENIED: "Denied",
    RequestStatus.NO_RECORDS: "The agency says it has no records",
    RequestStatus.APPEALED: "Appealed: waiting for the decision",
    RequestStatus.IN_LITIGATION: "In litigation",
    RequestStatus.WITHDRAWN: "Withdrawn",
}


def next_action(
    status: str,
    *,
    is_overdue: bool,
    appeal_grounds: str | None,
    is_appeal_window_open: bool,
) -> NextAction:
    """Return the one next action for a request in `status` with these facts."""
    if status in (RequestStatus.DRAFT, RequestStatus.APPROVED):
        return NextAction.FILE
    if status == RequestStatus.FEE_PENDING:
        return NextAction.ANSWER_FEE
    if appeal_grounds in _APPEAL_NOW and is_appeal_window_open:
        return NextAction.APPEAL
    if is_overdue:
        return NextAction.FOLLOW_UP
    if status in CLOSED_STATUSES:
        return NextAction.CLOSE
    return NextAction.LOG_REPLY


#: One line under the button: why this is the next thing to do.
HINTS = {
    NextAction.FILE: "The letter is not filed yet: approve it and file it.",
    NextAction.LOG_REPLY: "Record what the agency sends: the deadlines are recomputed.",
    NextAction.FOLLOW_UP: "An agency deadline has passed: send a follow-up letter.",
    NextAction.APPEAL: "The agency withheld records and the appeal window is open.",
    NextAction.ANSWER_FEE: "Pay, narrow the request or ask for a waiver, and record it.",
    NextAction.CLOSE: "Nothing more is expected from the agency: code the outcomes, then close it.",
}
