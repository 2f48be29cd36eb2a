"""Clocks that bind the requester (the appeal window, the time to answer a fee estimate or a
clarification) and the appeal decision that the filing of an appeal starts.

A requester's clock counts on the requester's reading of the calendar (disputed days open: the
earlier date) and is never paused by the agency's pauses; it starts only when its trigger (a
determination, a fee estimate, a request for clarification) is in the ledger.
"""

from __future__ import annotations

from foia.deadlines.kinds import ClockKind, EventKind
from foia.deadlines.ledger import RESPONSE_EVENTS
from foia.deadlines.model import Clock, Context, count, sentence, state_of, unpaused
from foia.deadlines.months import in_days
from foia.deadlines.rules import ClockRule

# counted_from -> (the agency's question that starts the clock, the events that answer it)
_TRIGGERS = {
    "fee_estimate": (EventKind.FEE_ESTIMATE, (EventKind.FEE_PAID, EventKind.FEE_WAIVED)),
    "clarification": (EventKind.CLARIFICATION_REQUESTED, (EventKind.CLARIFICATION_ANSWERED,)),
    # The first reviewer's decision (Maryland's Ombudsman) opens the next appeal; filing it
    # (a later `appeal_filed`) meets the clock.
    "appeal_decision": (EventKind.APPEAL_DECIDED, (EventKind.APPEAL_FILED,)),
    "deposit": (EventKind.DEPOSIT_REQUIRED, (EventKind.FEE_PAID, EventKind.FEE_WAIVED)),
    "voluminous_notice": (EventKind.VOLUMINOUS_NOTICE, (EventKind.VOLUMINOUS_ANSWERED,)),
}
# Bound once: an enum member's look-up on its class costs 70 ns, and half the requests ask.
_APPEAL = ClockKind.APPEAL
_APPEAL_FILED = (EventKind.APPEAL_FILED,)
_AFTER = {
    "fee_estimate": "the fee estimate",
    "clarification": "the request for clarification",
    "appeal_decision": "the appeal decision",
    "deposit": "the requirement of a deposit or bond",
    "voluminous_notice": "the voluminous-request notice",
}
_DUTY = {
    "fee_estimate": "the requester must accept (pay) the fee estimate or answer it",
    "clarification": "the requester must answer the request for clarification",
    "appeal_decision": "the requester may take the decided appeal further",
    "deposit": "the requester must pay the deposit or post the bond",
    "voluminous_notice": "the requester must say whether the request is amended",
}


def answer_clock(ctx: Context, rule: ClockRule) -> Clock | None:
    """Return the requester's time to answer the agency's latest fee estimate or question."""
    opener, answers = _TRIGGERS[rule.counted_from]
    asked = ctx.ledger.last((opener,))
    if asked is None:
        return None  # nothing asked yet: no clock runs against the requester
    rule = in_days(rule, asked.on)  # a period in months (CPLR 217) counts the days it spans
    counted = count(
        ctx,
        asked.on,
        rule.days,
        rule.unit,
        rule.roll_forward,
        binds_requester=True,
        paused=False,
    )
    met = ctx.ledger.first(rule.met_by or answers, on_or_after=asked.on)
    basis = ""
    if ctx.explain:
        after = _AFTER[rule.counted_from]
        duty = f"required: {rule.description}" if rule.description else _DUTY[rule.counted_from]
        basis = sentence(rule.days, rule.unit, after, asked.on, counted)
        basis = f"{basis}; {duty} ({rule.citation})."
    return Clock(
        rule.kind,
        counted.due,
        rule.unit,
        rule.days,
        basis,
        state_of(ctx, counted.due, met, None),
        counted.steps,
        rule.obligation,
        rule.citation,
        rule.consequence or None,
        ctx.is_estimated,
        met.on if met else None,
        None,  # provisional_due_on: a requester's clock is never paused
        counted.verify,
        counted.verify_note,
    )


def appeal_window(ctx: Context, response: Clock | None) -> Clock | None:
    """Return the requester's window to appeal the latest determination (or deemed denial)."""
    appeal = ctx.law.appeal
    if appeal is None or appeal.days is None:
        return None
    answered = ctx.ledger.last(RESPONSE_EVENTS)
    if answered is not None:
        base, after = answered.on, "the response"
    elif response is not None and response.state == "missed" and appeal.if_no_response:
        if appeal.if_no_response == "request":
            base, after = ctx.received_on, "the request (no timely response)"
        elif response.due_on is not None:
            base, after = response.due_on, "the deemed denial (no response by the deadline)"
        else:
            return None
    else:
        return None
    # Never paused: count()'s unpaused branch without its call (half the requests have one).
    counted = unpaused(
        ctx.calendar, base, appeal.days, appeal.unit, appeal.roll_forward, True, ctx.explain
    )
    due = counted.due or counted.provisional or base  # an unpaused count always has a due date
    filed = ctx.ledger.first(_APPEAL_FILED, on_or_after=base)
    state = "met" if filed and filed.on <= due else "missed" if ctx.today > due else "running"
    basis = ""
    if ctx.explain:
        summary = sentence(appeal.days, appeal.unit, after, base, counted)
        basis = f"{summary}; the requester may appeal to {appeal.to_whom} ({appeal.citation})."
    return Clock(
        _APPEAL,
        due,
        appeal.unit,
        appeal.days,
        basis,
        state,
        counted.steps,
        "appeal",
        appeal.citation,
        "The requester loses the administrative appeal if it is not filed in time.",
        ctx.is_estimated,
        filed.on if filed else None,
        None,  # provisional_due_on: never paused
        counted.verify,
        counted.verify_note,
    )
