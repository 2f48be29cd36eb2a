"""A request's status, derived from its facts: never stored, never written by a job.

Pure: takes plain values, imports neither Flask nor SQLAlchemy.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from enum import StrEnum

from foia.deadlines.kinds import REQUESTER_CLOCK_KINDS, EventKind


class RequestStatus(StrEnum):
    """Where a request stands, derived from its ledger; the values are what people read."""

    DRAFT = "draft"
    APPROVED = "approved"
    FILED = "filed"
    ACKNOWLEDGED = "acknowledged"
    AWAITING_CLARIFICATION = "awaiting clarification"
    FEE_PENDING = "fee pending"
    EXTENDED = "extended"
    PARTIALLY_FULFILLED = "partially fulfilled"
    FULFILLED = "fulfilled"
    DENIED = "denied"
    NO_RECORDS = "no records"
    APPEALED = "appealed"
    IN_LITIGATION = "in litigation"
    WITHDRAWN = "withdrawn"


#: Every status, in the order lists and counts show them.
STATUSES: tuple[RequestStatus, ...] = tuple(RequestStatus)

#: Statuses in which nothing more is expected from the agency.
CLOSED_STATUSES = frozenset(
    {
        RequestStatus.FULFILLED,
        RequestStatus.DENIED,
        RequestStatus.NO_RECORDS,
        RequestStatus.WITHDRAWN,
    }
)


class CloseReason(StrEnum):
    """Why a lawyer closed a request (RecordsRequest.close_reason), in form order."""

    FULFILLED = "fulfilled"
    NO_RECORDS = "no_records"
    DENIAL_ACCEPTED = "denial_accepted"
    RESOLVED_AFTER_APPEAL = "resolved_after_appeal"
    NO_LONGER_NEEDED = "no_longer_needed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """Return the reason in words, for people."""
        return _CLOSE_REASON_LABELS[self]


_CLOSE_REASON_LABELS = {
    CloseReason.FULFILLED: "Fulfilled: we have the records",
    CloseReason.NO_RECORDS: "The agency has no records",
    CloseReason.DENIAL_ACCEPTED: "Denied, and we do not appeal",
    CloseReason.RESOLVED_AFTER_APPEAL: "Resolved after appeal",
    CloseReason.NO_LONGER_NEEDED: "Abandoned: no longer needed",
    CloseReason.WITHDRAWN: "Withdrawn by us",
}

#: The reason a closing form proposes for a request in each status (the lawyer may choose another).
SUGGESTED_CLOSE_REASON: dict[str, CloseReason] = {
    RequestStatus.FULFILLED: CloseReason.FULFILLED,
    RequestStatus.PARTIALLY_FULFILLED: CloseReason.FULFILLED,
    RequestStatus.NO_RECORDS: CloseReason.NO_RECORDS,
    RequestStatus.DENIED: CloseReason.DENIAL_ACCEPTED,
    RequestStatus.WITHDRAWN: CloseReason.WITHDRAWN,
    RequestStatus.DRAFT: CloseReason.NO_LONGER_NEEDED,
    RequestStatus.APPROVED: CloseReason.NO_LONGER_NEEDED,
}

# The latest event of these kinds decides the status (later events win), except for the
# open/closed pairs handled below.
_EVENT_STATUS: dict[str, RequestStatus] = {
    EventKind.FILED: RequestStatus.FILED,
    EventKind.RECEIVED: RequestStatus.FILED,
    EventKind.ACKNOWLEDGED: RequestStatus.ACKNOWLEDGED,
    EventKind.CLARIFICATION_REQUESTED: RequestStatus.AWAITING_CLARIFICATION,
    EventKind.CLARIFICATION_ANSWERED: RequestStatus.ACKNOWLEDGED,
    EventKind.FEE_ESTIMATE: RequestStatus.FEE_PENDING,
    # A deposit or bond the agency requires before copying (Tex. Gov't Code §552.263) waits on us
    # like an estimate; paying it ("Fee paid") answers it.
    EventKind.DEPOSIT_REQUIRED: RequestStatus.FEE_PENDING,
    EventKind.FEE_PAID: RequestStatus.ACKNOWLEDGED,
    EventKind.FEE_WAIVED: RequestStatus.ACKNOWLEDGED,
    EventKind.EXTENSION_CLAIMED: RequestStatus.EXTENDED,
    EventKind.PARTIAL_RELEASE: RequestStatus.PARTIALLY_FULFILLED,
    EventKind.FINAL_RESPONSE: RequestStatus.FULFILLED,
    EventKind.DENIAL: RequestStatus.DENIED,
    EventKind.NO_RECORDS: RequestStatus.NO_RECORDS,
    EventKind.APPEAL_FILED: RequestStatus.APPEALED,
    EventKind.WITHDRAWN: RequestStatus.WITHDRAWN,
}

#: Statuses a late receipt confirmation may still set (it never undoes a reply).
_BEFORE_REPLY = (RequestStatus.DRAFT, RequestStatus.APPROVED, RequestStatus.FILED)


def derive_status(
    event_kinds: Sequence[str],
    *,
    is_approved: bool = False,
    is_in_litigation: bool = False,
    appeal_outcome: str | None = None,
) -> str:
    """Return the status for a request's ledger (event kinds in date order) and flags."""
    if EventKind.WITHDRAWN in event_kinds:
        return RequestStatus.WITHDRAWN
    if is_in_litigation:
        return RequestStatus.IN_LITIGATION
    status: str = RequestStatus.APPROVED if is_approved else RequestStatus.DRAFT
    for kind in event_kinds:
        if kind == EventKind.APPEAL_DECIDED:
            # After an appeal the outcome decides; without one we fall back to the response.
            status = appeal_outcome or _status_before_appeal(event_kinds)
            continue
        if kind == EventKind.RECEIVED and status not in _BEFORE_REPLY:
            continue  # a late receipt confirmation does not undo a reply
        status = _EVENT_STATUS.get(kind, status)
    return status


def _status_before_appeal(event_kinds: Sequence[str]) -> str:
    before = (
        list(event_kinds)[: list(event_kinds).index(EventKind.APPEAL_FILED)]
        if (EventKind.APPEAL_FILED in event_kinds)
        else list(event_kinds)
    )
    return derive_status([k for k in before if k != EventKind.APPEAL_DECIDED], is_approved=True)


def is_closed(status: str) -> bool:
    """Return whether a request in `status` expects nothing more from the agency."""
    return status in CLOSED_STATUSES


# --- the status from one event per request (set-based reads) ---------------------------------

#: The only kinds derive_status looks at; every other kind leaves the status as it is.
DECISIVE_KINDS = (*_EVENT_STATUS, EventKind.APPEAL_DECIDED)


def decisive_rank(kind: str) -> int:
    """Return the priority of a kind when picking a request's one decisive event (lower wins).

    Among events of the same rank the latest (by date, then id) wins. A withdrawal anywhere
    decides; a receipt only counts when no other decisive event exists, because a receipt
    never undoes a later reply and does not change "filed" (see derive_status).
    """
    return 0 if kind == EventKind.WITHDRAWN else 2 if kind == EventKind.RECEIVED else 1


def decisive_kind(events: Iterable[tuple[str, date, int]]) -> str | None:
    """Return the kind of the decisive event among a ledger's (kind, date, id), or None."""
    found = [
        (decisive_rank(kind), -on.toordinal(), -event_id, kind)
        for kind, on, event_id in events
        if kind in DECISIVE_KINDS
    ]
    return min(found)[3] if found else None


def status_from_decisive(
    kind: str | None, *, is_approved: bool = False, is_in_litigation: bool = False
) -> str | None:
    """Return derive_status given only the request's decisive event (see decisive_rank).

    `kind` is None without any decisive event. Returns None when the decisive event is an
    appeal decision: then the whole ledger is needed (derive_status).
    """
    if kind == EventKind.WITHDRAWN:
        return RequestStatus.WITHDRAWN
    if is_in_litigation:
        return RequestStatus.IN_LITIGATION
    if kind is None:
        return RequestStatus.APPROVED if is_approved else RequestStatus.DRAFT
    if kind == EventKind.APPEAL_DECIDED:
        return None
    return _EVENT_STATUS[kind]


#: Clocks that run against the requester (our deadline), not the agency: defined in the legal core.
REQUESTER_CLOCKS = REQUESTER_CLOCK_KINDS


# --- what the agency waits for from us --------------------------------------------------------

#: The ledger kinds waiting_on_us looks at.
WAITING_KINDS = (
    EventKind.FEE_ESTIMATE,
    EventKind.FEE_PAID,
    EventKind.FEE_WAIVED,
    EventKind.CLARIFICATION_REQUESTED,
    EventKind.CLARIFICATION_ANSWERED,
)
_ANSWERS: dict[str, tuple[EventKind, ...]] = {
    EventKind.FEE_ESTIMATE: (EventKind.FEE_PAID, EventKind.FEE_WAIVED),
    EventKind.CLARIFICATION_REQUESTED: (EventKind.CLARIFICATION_ANSWERED,),
}
_WAITING_NAMES: dict[str, str] = {
    EventKind.FEE_ESTIMATE: "fee",
    EventKind.CLARIFICATION_REQUESTED: "clarification",
}


def waiting_on_us(events: Iterable[tuple[str, date]]) -> dict[str, date]:
    """Return {"fee": since, "clarification": since} for one ledger's unanswered asks.

    An estimate is open when no payment or waiver is as late as its latest date, a
    clarification request when no answer is; `events` are (kind, date) in any order.
    """
    latest: dict[str, date] = {}
    for kind, on in events:
        if kind in WAITING_KINDS and (kind not in latest or on > latest[kind]):
            latest[kind] = on
    return {
        _WAITING_NAMES[ask]: on
        for ask, on in latest.items()
        if ask in _ANSWERS and max(latest.get(k, date.min) for k in _ANSWERS[ask]) < on
    }


# --- what the scorecards read of a ledger -----------------------------------------------------

#: Agency events that answer the request (a determination).
ANSWER_KINDS = frozenset(
    {EventKind.PARTIAL_RELEASE, EventKind.FINAL_RESPONSE, EventKind.DENIAL, EventKind.NO_RECORDS}
)
#: Agency events that count as a first response (any contact about the request).
FIRST_RESPONSE_KINDS = ANSWER_KINDS | {
    EventKind.ACKNOWLEDGED,
    EventKind.CLARIFICATION_REQUESTED,
    EventKind.FEE_ESTIMATE,
    EventKind.EXTENSION_CLAIMED,
}
#: The RecordsRequest columns first_dates fills.
FIRST_DATES = ("received_on", "first_reply_on", "answered_on", "extension_claimed_on")


def first_dates(events: Iterable[tuple[str, date]]) -> dict[str, date | None]:
    """Return a ledger's first receipt, reply, answer and extension claimed, by FIRST_DATES.

    The receipt is the "received" event's date, else the filing's; `events` are (kind, date)
    in any order.
    """
    first: dict[str, date] = {}
    for kind, on in events:
        if kind not in first or on < first[kind]:
            first[kind] = on
    replies = [on for kind, on in first.items() if kind in FIRST_RESPONSE_KINDS]
    answers = [on for kind, on in first.items() if kind in ANSWER_KINDS]
    return {
        "received_on": first.get(EventKind.RECEIVED) or first.get(EventKind.FILED),
        "first_reply_on": min(replies, default=None),
        "answered_on": min(answers, default=None),
        "extension_claimed_on": first.get(EventKind.EXTENSION_CLAIMED),
    }
