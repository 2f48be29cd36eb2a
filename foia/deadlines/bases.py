"""Where a clock counted from something other than receipt starts (pure)."""

from __future__ import annotations

from datetime import date

from foia.deadlines.kinds import EventKind
from foia.deadlines.ledger import RESPONSE_EVENTS
from foia.deadlines.model import Clock, Context, count

_CONDITION_AFTER: dict[str, str] = {
    EventKind.LONGER_PERIOD: "the notice of the longer period",
    EventKind.RULING_REQUESTED: "the request for a ruling",
    EventKind.EXTENSION_CLAIMED: "the notice taking more time",
}
# Periods that run from a dated fact whichever rule applies: the attorney general's 45 business
# days, and the 55 once it extends them, both run from its receipt (Tex. Gov't Code §552.306(a)).
_EVENT_BASES: dict[str, tuple[str, str]] = {
    "ruling_received": (
        EventKind.RULING_RECEIVED,
        "the attorney general received the request for a ruling",
    ),
    # Tex. Gov't Code §552.303(d): 7 calendar days after the body received the notice.
    "ruling_information_requested": (
        EventKind.RULING_INFORMATION_REQUESTED,
        "the agency received the attorney general's request for more information",
    ),
}
#: Business days the requester has to answer a voluminous-request notice (5 ILCS 140/3.6(a)(iii)).
VOLUMINOUS_ANSWER_DAYS = 10


def base_for(
    ctx: Context, counted_from: str, response: Clock | None, when: str = ""
) -> tuple[date, str, bool] | None:
    """Return where a later clock starts: its date, the words for it, whether it is estimated."""
    # Where a later clock starts: receipt, the agency's acknowledgement or determination, or the
    # first deadline (the latest lawful moment for it) when the agency has not acted yet; the
    # first deadline itself ("original_deadline", ORS 192.329(5)); or the condition's date.
    if counted_from == "receipt":
        return ctx.deemed_on, "receipt", False
    if counted_from in _EVENT_BASES:
        kind, label = _EVENT_BASES[counted_from]
        fact = ctx.ledger.first((kind,), on_or_after=ctx.received_on)
        return (fact.on, label, False) if fact else None
    if counted_from == "voluminous":
        return _voluminous_base(ctx)
    if counted_from == "condition":
        event = ctx.ledger.first((when,), on_or_after=ctx.received_on)
        return (event.on, _CONDITION_AFTER.get(when, when), False) if event else None
    if counted_from == "original_deadline":
        if response is None or response.due_on is None:
            return None
        first = "acknowledgement" if response.obligation == "acknowledge" else "response"
        return response.due_on, f"the {first} deadline", False
    kinds = ("acknowledged",) if counted_from == "acknowledgement" else RESPONSE_EVENTS
    if counted_from == "response" and response is not None:
        rule = ctx.rule("response")
        kinds = rule.satisfied_by if rule else RESPONSE_EVENTS
    event = ctx.ledger.first(kinds, on_or_after=ctx.received_on)
    if event is not None:
        label = "the acknowledgement" if counted_from == "acknowledgement" else "the response"
        return event.on, label, False
    if response is None or response.due_on is None:
        return None
    return response.due_on, "the response deadline (no response recorded yet)", True


def _voluminous_base(ctx: Context) -> tuple[date, str, bool] | None:
    # 5 ILCS 140/3.6(a)(v): the body's 5 business days run from the requester's answer or from
    # the last day to amend (the 10th business day after the notice was sent), whichever is
    # sooner. The last day is counted on the agency's reading (disputed days closed): the later
    # date, safe for a deadline the agency must meet.
    notice = ctx.ledger.first((EventKind.VOLUMINOUS_NOTICE,), on_or_after=ctx.received_on)
    if notice is None:
        return None
    last = count(ctx, notice.on, VOLUMINOUS_ANSWER_DAYS, "business", False, paused=False).due
    answer = ctx.ledger.first((EventKind.VOLUMINOUS_ANSWERED,), on_or_after=notice.on)
    if answer is not None and (last is None or answer.on <= last):
        return answer.on, "the requester's answer to the voluminous-request notice", False
    if last is None:
        return None
    return last, "the last day for the requester to amend the voluminous request", False
