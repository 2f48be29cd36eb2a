"""Properties that must hold for every jurisdiction, date and pause."""

from datetime import date, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from foia.deadlines import LedgerEvent, calendar_for, compute_clocks, get_law, load_laws
from foia.deadlines.kinds import REQUESTER_CLOCK_KINDS

CODES = sorted(load_laws())
FIXED = sorted(code for code, law in load_laws().items() if law.has_fixed_deadline)
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 6, 30))
TODAY = date(2026, 11, 26)


def response_due(code, events):
    law = get_law(code)
    return compute_clocks(law, calendar_for(code), events, TODAY).clock("response").due_on


@settings(max_examples=150, deadline=None)
@given(code=st.sampled_from(CODES), received=days, n=st.integers(1, 60))
def test_business_day_deadline_never_lands_on_a_closed_day(code, received, n):
    calendar = calendar_for(code)
    assert calendar.is_business_day(calendar.add_business_days(received, n))


@settings(max_examples=150, deadline=None)
@given(code=st.sampled_from(FIXED), received=days)
# A Pennsylvania appeal due on the day after Thanksgiving, a disputed day for local agencies.
@example(code="US-PA", received=date(2025, 10, 28))
def test_every_business_deadline_is_a_business_day(code, received):
    calendar = calendar_for(code)
    result = compute_clocks(get_law(code), calendar, [LedgerEvent("received", received)], TODAY)
    for clock in result.clocks:
        if clock.due_on is not None and (clock.unit == "business" or clock.kind != "appeal"):
            # A disputed day is open for the requester's deadlines (docs/holidays.md), so their
            # clocks are checked against the requester's reading of the calendar.
            reading = calendar.for_requester() if clock.kind in REQUESTER_CLOCK_KINDS else calendar
            assert reading.is_business_day(clock.due_on), (clock.kind, clock.due_on)


@settings(max_examples=150, deadline=None)
@given(code=st.sampled_from(FIXED), received=days)
def test_receiving_a_day_later_never_makes_the_deadline_earlier(code, received):
    earlier = response_due(code, [LedgerEvent("received", received)])
    later = response_due(code, [LedgerEvent("received", received + timedelta(days=1))])
    assert later >= earlier


@settings(max_examples=150, deadline=None)
@given(
    code=st.sampled_from(["US", "US-TX", "US-OR", "US-AK", "US-HI", "US-MA", "US-CA"]),
    received=days,
    asked_after=st.integers(0, 15),
    length=st.integers(0, 30),
    kind=st.sampled_from(["clarification", "fee"]),
)
def test_adding_a_pause_never_makes_the_deadline_earlier(code, received, asked_after, length, kind):
    opener, closer = {
        "clarification": ("clarification_requested", "clarification_answered"),
        "fee": ("fee_estimate", "fee_paid"),
    }[kind]
    asked = received + timedelta(days=asked_after)
    base = [LedgerEvent("received", received)]
    paused = [*base, LedgerEvent(opener, asked), LedgerEvent(closer, asked + timedelta(length))]
    assert response_due(code, paused) >= response_due(code, base)


@settings(max_examples=100, deadline=None)
@given(code=st.sampled_from(CODES), received=days, answered_after=st.integers(0, 40))
def test_recomputation_is_idempotent(code, received, answered_after):
    events = [
        LedgerEvent("received", received),
        LedgerEvent("final_response", received + timedelta(days=answered_after)),
    ]
    law, calendar = get_law(code), calendar_for(code)
    first = compute_clocks(law, calendar, events, TODAY)
    second = compute_clocks(law, calendar, list(reversed(events)), TODAY)
    assert first == second
    assert first.to_dict() == second.to_dict()
