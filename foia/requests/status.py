"""A request's status, derived from its facts: never stored, never written by a job.

Pure: takes plain values, imports neither Flask nor SQLAlchemy.
"""

from collections.abc import Iterable, Sequence
from datetime import date

from foia.deadlines.kinds import REQUESTER_CLOCK_KINDS

STATUSES = (
    "draft",
    "approved",
    "filed",
    "acknowledged",
    "awaiting clarification",
    "fee pending",
    "extended",
    "partially fulfilled",
    "fulfilled",
    "denied",
    "no records",
    "appealed",
    "in litigation",
    "withdrawn",
)

#: Statuses in which nothing more is expected from the agency.
CLOSED_STATUSES = frozenset({"fulfilled", "denied", "no records", "withdrawn"})

# The latest event of these kinds decides the status (later events win), except for the
# open/closed pairs handled below.
_EVENT_STATUS = {
    "filed": "filed",
    "received": "filed",
    "acknowledged": "acknowledged",
    "clarification_requested": "awaiting clarification",
    "clarification_answered": "acknowledged",
    "fee_estimate": "fee pending",
    "fee_paid": "acknowledged",
    "fee_waived": "acknowledged",
    "extension_claimed": "extended",
    "partial_release": "partially fulfilled",
    "final_response": "fulfilled",
    "denial": "denied",
    "no_records": "no records",
    "appeal_filed": "appealed",
    "withdrawn": "withdrawn",
}


def derive_status(
    event_kinds: Sequence[str],
    *,
    is_approved: bool = False,
    is_in_litigation: bool = False,
    appeal_outcome: str | None = None,
) -> str:
    """Return the status for a request's ledger (event kinds in date order) and flags."""
    if "withdrawn" in event_kinds:
        return "withdrawn"
    if is_in_litigation:
        return "in litigation"
    status = "approved" if is_approved else "draft"
    for kind in event_kinds:
        if kind == "appeal_decided":
            # After an appeal the outcome decides; without one we fall back to the response.
            status = appeal_outcome or _status_before_appeal(event_kinds)
            continue
        if kind == "received" and status not in ("draft", "approved", "filed"):
            continue  # a late receipt confirmation does not undo a reply
        status = _EVENT_STATUS.get(kind, status)
    return status


def _status_before_appeal(event_kinds: Sequence[str]) -> str:
    before = (
        list(event_kinds)[: list(event_kinds).index("appeal_filed")]
        if ("appeal_filed" in event_kinds)
        else list(event_kinds)
    )
    return derive_status([k for k in before if k != "appeal_decided"], is_approved=True)


def is_closed(status: str) -> bool:
    """Return whether a request in `status` expects nothing more from the agency."""
    return status in CLOSED_STATUSES


# --- the status from one event per request (set-based reads) ---------------------------------

#: The only kinds derive_status looks at; every other kind leaves the status as it is.
DECISIVE_KINDS = (*_EVENT_STATUS, "appeal_decided")


def decisive_rank(kind: str) -> int:
    """Return the priority of a kind when picking a request's one decisive event (lower wins).

    Among events of the same rank the latest (by date, then id) wins. A withdrawal anywhere
    decides; a receipt only counts when no other decisive event exists, because a receipt
    never undoes a later reply and does not change "filed" (see derive_status).
    """
    return 0 if kind == "withdrawn" else 2 if kind == "received" else 1


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
    if kind == "withdrawn":
        return "withdrawn"
    if is_in_litigation:
        return "in litigation"
    if kind is None:
        return "approved" if is_approved else "draft"
    if kind == "appeal_decided":
        return None
    return _EVENT_STATUS[kind]


#: Clocks that run against the requester (our deadline), not the agency: defined in the legal core.
REQUESTER_CLOCKS = REQUESTER_CLOCK_KINDS


# --- what the agency waits for from us --------------------------------------------------------

#: The ledger kinds waiting_on_us looks at.
WAITING_KINDS = (
    "fee_estimate",
    "fee_paid",
    "fee_waived",
    "clarification_requested",
    "clarification_answered",
)
_ANSWERS = {
    "fee_estimate": ("fee_paid", "fee_waived"),
    "clarification_requested": ("clarification_answered",),
}
_WAITING_NAMES = {"fee_estimate": "fee", "clarification_requested": "clarification"}


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
