"""A clock's words always agree with its state (issue #16 §3: "missed · 13 business days left").

The engine and foia.deadlines.standing alone (the last test reads the page). Hypothesis draws
the receipt date, the agency's later events and today, in business-day (Massachusetts, federal)
and calendar-day (California) jurisdictions, including answers dated after today.
"""

from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from foia import clock as wall_clock
from foia.deadlines.calculator import compute_clocks
from foia.deadlines.calendars import calendar_for
from foia.deadlines.errors import DeadlineError
from foia.deadlines.ledger import LedgerEvent
from foia.deadlines.model import Clock
from foia.deadlines.rules import get_law
from foia.deadlines.standing import standing
from foia.extensions import db
from foia.requests import operations
from tests.support.factories import create_agency
from tests.support.html import page, text_of

START = date(2025, 1, 1)
LATER_KINDS = (
    "acknowledged",
    "extension_claimed",
    "final_response",
    "denial",
    "partial_release",
    "fee_estimate",
    "fee_paid",
    "clarification_requested",
    "clarification_answered",
    "withdrawn",
)
days_after = st.integers(min_value=0, max_value=120)


def assert_agrees(clock: Clock, words: str, state: str) -> None:
    assert state == clock.state
    if "left" in words or "due today" in words:
        assert state == "running", (state, words)
    if "overdue" in words or "late" in words:
        assert state == "missed", (state, words)
    if state in ("met", "not applicable", "paused"):
        assert words == "", (state, words)
    if state == "missed" and clock.due_on is not None:
        assert words, "a missed clock says how"
    if clock.unit != "business":
        assert "business" not in words, (clock.unit, words)


@settings(max_examples=300, deadline=None)
@given(
    code=st.sampled_from(["US-MA", "US", "US-CA"]),
    received=st.integers(min_value=0, max_value=600),
    later=st.lists(st.tuples(st.sampled_from(LATER_KINDS), days_after), max_size=4),
    today_after=st.integers(min_value=-10, max_value=200),
)
def test_words_agree_with_the_state(code, received, later, today_after):
    received_on = START + timedelta(days=received)
    law = get_law(code, received_on)
    calendar = calendar_for(code, level="state")
    events = [LedgerEvent("filed", received_on), LedgerEvent("received", received_on)]
    for kind, offset in later:
        days = 10 if kind == "extension_claimed" else None
        events.append(LedgerEvent(kind, received_on + timedelta(days=offset), days=days))
    events.sort(key=lambda e: e.on)
    today = received_on + timedelta(days=today_after)
    try:
        result = compute_clocks(law, calendar, events, today, agency_level="state")
    except DeadlineError:
        assume(False)
    for clock in result.clocks:
        found = standing(clock, calendar, today)
        assert_agrees(clock, found.words, found.state)


def test_a_response_dated_after_today_and_the_due_date_is_late_not_days_left():
    # Federal FOIA, received Mon 5 Jan 2026: 20 business days, MLK Day (19 Jan) skipped, due
    # Tue 3 Feb 2026. A response recorded for 20 Feb, read on 14 Jan, is late, whatever today is.
    law = get_law("US", date(2026, 1, 5))
    calendar = calendar_for("US", level="state")
    events = [
        LedgerEvent("filed", date(2026, 1, 5)),
        LedgerEvent("received", date(2026, 1, 5)),
        LedgerEvent("final_response", date(2026, 2, 20)),
    ]
    clock = compute_clocks(law, calendar, events, date(2026, 1, 14)).clock("response")
    assert clock.due_on == date(2026, 2, 3)
    found = standing(clock, calendar, date(2026, 1, 14))
    assert (found.state, found.words) == ("missed", "answered late")


def test_a_calendar_day_clock_counts_days_not_business_days():
    # California: 10 calendar days after receipt on Mon 2 Mar 2026, due Thu 12 Mar 2026; on
    # Mon 9 Mar three days are left (10, 11, 12 Mar), weekend or not.
    law = get_law("US-CA", date(2026, 3, 2))
    calendar = calendar_for("US-CA", level="state")
    events = [LedgerEvent("filed", date(2026, 3, 2)), LedgerEvent("received", date(2026, 3, 2))]
    clock = compute_clocks(law, calendar, events, date(2026, 3, 9)).clock("response")
    assert clock.due_on == date(2026, 3, 12)
    assert standing(clock, calendar, date(2026, 3, 9)).words == "3 days left"


def test_the_request_page_shows_the_words_of_the_state(lawyer_client):
    """The issue's page: a response dated ahead made a missed clock say "days left"."""
    today = wall_clock.today()
    agency = create_agency("Worcester Police Department", county="Worcester")
    records_request = operations.create_request(agency, "Face recognition", owner=None, actor=None)
    for kind in ("filed", "received"):
        operations.add_event(
            records_request, kind, today - timedelta(days=60), today=today, actor=None
        )
    # Recorded through the operation, which (unlike the form) takes any date: 13 days ahead.
    operations.add_event(
        records_request, "final_response", today + timedelta(days=13), today=today, actor=None
    )
    db.session.commit()
    shown = page(lawyer_client.get(f"/requests/{records_request.id}"))
    cell = text_of(shown.one('tr[data-clock="response"] td.standing'))
    assert cell == "missed answered late"
