"""The bounds themselves (foia/dates.py) and the deadline engine's own limit (no app needed)."""

import contextlib
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foia import dates
from foia.dashboard import scorecards
from foia.deadlines.bounds import EARLIEST, LATEST
from foia.deadlines.calendars import calendar_for
from foia.deadlines.errors import DateOutOfRange, DeadlineError
from foia.deadlines.explain import explain_from_receipt

TODAY = date(2026, 12, 2)
DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("limit", "last"),
    [
        (dates.PAST, date(2026, 12, 2)),
        (dates.RECEIVED, date(2027, 12, 2)),
        (dates.HYPOTHETICAL, date(2036, 12, 2)),
    ],
)
def test_each_limit_allows_up_to_its_last_day_and_from_2000(limit, last):
    assert dates.latest(limit, TODAY) == last
    assert dates.problem(last, TODAY, limit) is None
    assert dates.problem(date(2000, 1, 1), TODAY, limit) is None
    assert dates.problem(date(1999, 12, 31), TODAY, limit) == (
        "The date cannot be before 1 January 2000."
    )
    assert dates.problem(last + DAY, TODAY, limit) == limit.too_late.format(
        latest=dates.long_date(last)
    )


def test_the_messages_say_what_is_wrong_in_plain_words():
    assert dates.problem(TODAY + DAY, TODAY, dates.PAST) == (
        "The date cannot be after today (2 December 2026)."
    )
    assert dates.problem(date(9999, 12, 31), TODAY, dates.RECEIVED) == (
        "The date of receipt cannot be more than a year ahead (after 2 December 2027)."
    )
    assert dates.problem(date(9999, 12, 30), TODAY, dates.HYPOTHETICAL) == (
        "The date cannot be more than ten years ahead (after 2 December 2036)."
    )


def test_a_year_from_29_february_is_28_february_and_the_calendar_end_never_overflows():
    assert dates.latest(dates.RECEIVED, date(2028, 2, 29)) == date(2029, 2, 28)
    assert dates.latest(dates.HYPOTHETICAL, date.max) == date.max
    assert dates.problem(date.max, date.max, dates.HYPOTHETICAL) is None


def test_stored_dates_are_plausible_from_2000_to_a_year_ahead():
    assert dates.is_plausible(date(2000, 1, 1), TODAY)
    assert dates.is_plausible(date(2027, 12, 2), TODAY)
    assert not dates.is_plausible(date(2027, 12, 3), TODAY)
    assert not dates.is_plausible(date(1, 1, 1), TODAY)
    assert not dates.is_plausible(None, TODAY)


@pytest.mark.parametrize("received", [date(9999, 12, 30), date(9999, 12, 31), date(2200, 1, 1)])
def test_the_engine_refuses_what_it_cannot_count_with_its_own_error(received):
    with pytest.raises(DateOutOfRange, match=f"{received.isoformat()} is outside the dates"):
        explain_from_receipt("US", received, today=TODAY)


def test_a_response_dated_9999_12_31_is_refused_by_the_engine():
    # The message names the event in the words the request page uses, never its internal code.
    with pytest.raises(DateOutOfRange, match="the “Final response” event on 9999-12-31 is outside"):
        explain_from_receipt(
            "US-MA", date(2026, 11, 2), responded_on=date(9999, 12, 31), today=TODAY
        )


def test_counting_past_the_calendars_last_year_is_refused_not_built():
    calendar = calendar_for("US-MA")
    with pytest.raises(DateOutOfRange, match="year 9999"):
        calendar.business_days_between(TODAY, date(9999, 12, 31))
    with pytest.raises(DateOutOfRange, match="year 1"):
        calendar.business_days_between(date(1, 1, 1), TODAY)
    assert calendar.business_days_between(LATEST - DAY * 30, LATEST) > 0
    assert calendar.business_days_between(EARLIEST, EARLIEST + DAY * 30) > 0


@settings(max_examples=200, deadline=None)
@given(
    jurisdiction=st.sampled_from(["US", "US-MA", "US-NY", "US-TX", "US-CA", "US-DC"]),
    received=st.dates(),
    responded=st.one_of(st.none(), st.dates()),
    today=st.dates(),
)
def test_the_engine_answers_or_raises_its_own_error_for_any_dates(
    jurisdiction, received, responded, today
):
    # Named for a person: unknown law on that date, impossible ledger, out of range.
    with contextlib.suppress(DeadlineError):
        explain_from_receipt(jurisdiction, received, responded_on=responded, today=today)


def _facts(request_id: int, received_on: date, replied_on: date) -> scorecards.RequestFacts:
    return scorecards.RequestFacts(
        agency_id=1,
        received_on=received_on,
        first_response_on=replied_on,
        answered_on=replied_on,
        response_due_on=date(2026, 11, 20),
        is_open=False,
        is_overdue=False,
        calendar=calendar_for("US-MA"),
        request_id=request_id,
    )


def test_a_scorecard_leaves_out_an_impossible_date_and_names_the_request():
    right = _facts(6, date(2026, 11, 2), date(2026, 11, 9))
    wrong = _facts(7, date(2026, 11, 2), date(9999, 12, 31))

    [card] = scorecards.score([right, wrong], {1: ("Town PD", "US-MA")}, TODAY)

    assert card.requests == 2
    assert card.median_days_to_first_response == 5
    assert card.answered_on_time == 1  # the wrong request is not timed, so not counted late
    assert card.set_aside == (7,)
    assert not scorecards.has_impossible_date(right, TODAY)
