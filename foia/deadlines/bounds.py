"""The span of dates the deadline engine counts; a date outside it raises DateOutOfRange.

A calendar indexes every day of a contiguous span of years, so a typo such as 9999-12-31 would
either overflow Python's last year or make one request build eight thousand years of holidays.
The span is wide on purpose: it is the engine's limit, not the app's policy on what a person may
enter (that is `foia.dates`: from 2000, and at most a year or ten ahead of today).
"""

from __future__ import annotations

from datetime import date

from foia.deadlines.errors import DateOutOfRange

#: The first and last days the engine counts business days over.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def is_computable(day: date) -> bool:
    """Return True if the engine can count days from and to `day`."""
    return EARLIEST <= day <= LATEST


def check_computable(day: date, what: str = "the date") -> None:
    """Raise DateOutOfRange unless the engine can count days from and to `day`."""
    if not is_computable(day):
        raise DateOutOfRange(
            f"{what} {day.isoformat()} is outside the dates deadlines can be counted for"
            f" ({EARLIEST.isoformat()} to {LATEST.isoformat()}): check the date"
        )


def check_year(year: int) -> None:
    """Raise DateOutOfRange unless the engine can build a calendar for `year`."""
    if not EARLIEST.year <= year <= LATEST.year:
        raise DateOutOfRange(
            f"deadlines cannot be counted into the year {year}: the calendars cover"
            f" {EARLIEST.year} to {LATEST.year}; check the dates of the ledger"
        )
