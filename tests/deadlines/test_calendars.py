"""Business calendars: the library's holidays, curated per jurisdiction, plus county closures."""

from datetime import date

import pytest

from foia.deadlines import calendar_for, load_laws

CODES = sorted(load_laws())


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("year", [2026, 2027, 2028])
def test_holiday_data_covers_this_year_and_the_next_two(code, year):
    holidays = calendar_for(code).holidays_in(year)
    names = set(holidays.values())
    assert any("Thanksgiving" in name for name in names)
    assert any("Christmas Day" in name for name in names) or date(year, 12, 25).weekday() >= 5


def test_federal_observed_days():
    us = calendar_for("US")
    for day in (date(2027, 6, 18), date(2027, 7, 5), date(2027, 12, 24), date(2027, 12, 31)):
        assert not us.is_business_day(day), day
    assert us.skip_reason(date(2026, 7, 3)) == "Independence Day (observed)"


def test_massachusetts_does_not_move_saturday_holidays():
    ma = calendar_for("US-MA")
    assert ma.is_business_day(date(2026, 7, 3))  # Sat 4 Jul 2026
    assert ma.is_business_day(date(2027, 12, 24))  # Sat 25 Dec 2027
    assert ma.skip_reason(date(2027, 7, 5)) == "Independence Day (observed)"  # Sun -> Mon
    assert ma.skip_reason(date(2026, 4, 20)) == "Patriots' Day"


def test_suffolk_closures_and_sunday_rule():
    suffolk = calendar_for("US-MA", "Suffolk")
    assert suffolk.skip_reason(date(2026, 3, 17)) == "Evacuation Day (Suffolk County)"
    assert suffolk.skip_reason(date(2026, 6, 17)) == "Bunker Hill Day (Suffolk County)"
    # 17 Mar 2030 is a Sunday: observed Monday 18 Mar.
    assert suffolk.skip_reason(date(2030, 3, 18)) == "Evacuation Day (Suffolk County)"
    assert calendar_for("US-MA", "Norfolk").is_business_day(date(2026, 3, 17))


def test_texas_state_holidays_and_optional_ones():
    tx = calendar_for("US-TX")
    closed = [(1, 19), (3, 2), (4, 21), (6, 19), (8, 27), (11, 27), (12, 24)]
    for month, day in closed:
        assert not tx.is_business_day(date(2026, month, day)), (month, day)
    assert tx.is_business_day(date(2026, 3, 31))  # Cesar Chavez Day: optional
    assert tx.is_business_day(date(2026, 4, 3))  # Good Friday: optional
    assert tx.is_business_day(date(2026, 7, 3))  # no in-lieu Friday unless observed


def test_washington_friday_after_thanksgiving_and_no_columbus_day():
    wa = calendar_for("US-WA")
    assert wa.skip_reason(date(2026, 11, 27)) == "Native American Heritage Day"
    assert wa.is_business_day(date(2026, 10, 12))


def test_california_curation():
    ca = calendar_for("US-CA")
    assert ca.skip_reason(date(2027, 2, 15)) == "Presidents' Day"  # without Susan B. Anthony Day
    # Diwali (AB 268, 2025) is a Gov. Code §6700 holiday but not a judicial one (CCP §135): the
    # readings differ, so it closes for a deadline the agency must meet and stays open for the
    # requester's (the safe date either way), and it is marked "verify".
    diwali = date(2027, 10, 29)
    assert not ca.is_business_day(diwali)
    assert "verify" in ca.skip_reason(diwali)
    assert ca.for_requester().is_business_day(diwali)
    assert [d.on for d in ca.disputed_between(date(2027, 10, 28), diwali)] == [diwali]


def test_counting_helpers():
    ma = calendar_for("US-MA")
    assert ma.next_business_day(date(2026, 11, 25)) == date(2026, 11, 27)
    assert ma.add_business_days(date(2026, 11, 24), 0) == date(2026, 11, 24)
    assert ma.business_days_between(date(2026, 11, 24), date(2026, 12, 9)) == 10
    assert ma.business_days_between(date(2026, 12, 9), date(2026, 11, 24)) == -10
    assert ma.roll_forward(date(2026, 11, 28)) == date(2026, 11, 30)
    # Far from the first year indexed: the index widens.
    assert ma.add_business_days(date(2026, 1, 1), 600) > date(2028, 1, 1)
