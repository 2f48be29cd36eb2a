"""Dates to throw at every date input, and a picture of the database to prove a refusal kept it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import select

from foia import clock, dates
from foia.extensions import db

#: Enough examples to reach the edges, few enough for the slower forms (PDFs, seeds).
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
#: Tables a request may touch without changing anything a person entered.
VOLATILE = frozenset({"user_sessions", "login_failures", "users"})

_ONE_DAY = timedelta(days=1)


def edges(today: date) -> list[date]:
    """Return the days on and around every bound, and the calendar's own ends."""
    days = [dates.EARLIEST - _ONE_DAY, dates.EARLIEST, today, today + _ONE_DAY]
    for limit in (dates.RECEIVED, dates.HYPOTHETICAL):
        last = dates.latest(limit, today)
        days += [last, last + _ONE_DAY]
    return [*days, date.min, date.max, date.max - _ONE_DAY, date(1970, 1, 1)]


def date_texts() -> st.SearchStrategy[str]:
    """Any ISO date from year 1 to 9999, every edge, impossible dates and plain garbage."""
    return st.one_of(
        st.dates().map(date.isoformat),
        st.sampled_from(edges(clock.today())).map(date.isoformat),
        st.sampled_from(
            ["", "2026-02-30", "2026-13-01", "0000-00-00", "99999-01-01", "-0001-01-01", "today"]
        ),
        st.text(max_size=20),
    )


def as_date(text: str) -> date | None:
    """Return what a WTForms DateField reads from `text`, or None."""
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        return None


#: The issue's rule written out again, so that the tests do not take foia/dates.py's word for it:
#: from 2000; a response or event not after today, a receipt a year ahead, the calculator and a
#: public tracker's embargo ten.
FIRST_DAY = date(2000, 1, 1)
YEARS_AHEAD = {dates.PAST: 0, dates.RECEIVED: 1, dates.HYPOTHETICAL: 10, dates.EMBARGO: 10}


def allowed(text: str, limit: dates.Limit) -> bool:
    """Tell whether the date in `text` is one the form may accept."""
    day, today = as_date(text), clock.today()
    if day is None:
        return False
    year = today.year + YEARS_AHEAD[limit]
    last = date(year, 2, 28) if (today.month, today.day) == (2, 29) else today.replace(year=year)
    return FIRST_DAY <= day <= last


def picture() -> dict[str, list[str]]:
    """Return every row of every table a form could change, to compare before and after."""
    db.session.expire_all()
    return {
        table.name: sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
        for table in db.metadata.sorted_tables
        if table.name not in VOLATILE
    }


def check(text: str, limit: dates.Limit, *, accepted: bool, before: dict, shown: str) -> None:
    """An accepted date is allowed; a refusal changes nothing; an out-of-range date says why."""
    if accepted:
        assert allowed(text, limit), f"{text!r} was accepted"
    else:
        assert picture() == before, f"{text!r} was refused but something changed"
    day = as_date(text)
    if day is not None and not allowed(text, limit):
        assert not accepted, f"{text!r} is out of range but was accepted"
        reason = dates.problem(day, clock.today(), limit)
        assert reason and reason in shown, f"{reason!r} not shown; shown: {shown!r}"
