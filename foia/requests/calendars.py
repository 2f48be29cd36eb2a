"""Business calendars of many agencies at once, beside the clocks that count on them.

Reminder selection and the dashboard look at tens of thousands of requests in one go: building
a calendar per request would cost more than the rest of their work, and most agencies share one.
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from types import SimpleNamespace
from typing import cast

from foia.agencies.models import Agency
from foia.deadlines.calendars import (
    BusinessCalendar,
    calendar_for,
    county_holidays,
    resolve_county,
)
from foia.deadlines.errors import DeadlineError
from foia.jurisdictions.models import Jurisdiction
from foia.requests import clocks

#: The agency columns CalendarBook.for_agency takes, in its order (select them beside a row).
AGENCY_COLUMNS = (
    Agency.id,
    Jurisdiction.code,
    Agency.county,
    Agency.municipality,
    Agency.level,
)


class CalendarBook:
    """Business calendars per agency, built once per distinct set of closed days."""

    def __init__(self) -> None:
        self._by_key: dict[tuple, BusinessCalendar] = {}
        self._by_agency: dict[int, BusinessCalendar] = {}

    @cached_property
    def closures(self) -> clocks.ClosureIndex:
        """Every stored closure, read when a first calendar needs them."""
        # Not in __init__: a dashboard that builds no calendar sends no statement for them.
        return clocks.load_closures()

    def for_agency(
        self, agency_id: int, code: str, county: str | None, town: str | None, level: str
    ):
        """Return the calendar of an agency given by plain values (see AGENCY_COLUMNS)."""
        found = self._by_agency.get(agency_id)
        if found is None:
            found = self._by_agency[agency_id] = self._calendar(
                agency_id, code, county, town, clocks.engine_level(level)
            )
        return found

    def _calendar(
        self, agency_id: int, code: str, county: str | None, town: str | None, level: str
    ):
        closures: tuple = ()
        if self.closures.by_jurisdiction or self.closures.by_agency:
            agency = SimpleNamespace(
                id=agency_id,
                jurisdiction=SimpleNamespace(code=code),
                county=county,
                municipality=town,
            )
            # A stand-in from plain column values: for_agency reads only these four attributes.
            closures = self.closures.for_agency(cast(Agency, agency))
        county_closures = _county_closures(code, county) if county else ()
        # A county without days of its own counts like its state: share that calendar.
        own_county = county if county_closures or county_holidays(code) else None
        key = (code, own_county, closures, level)
        if key not in self._by_key:
            self._by_key[key] = calendar_for(
                code, county=own_county, closures=closures, level=level
            )
        return self._by_key[key]


@lru_cache(maxsize=8192)
def _county_closures(code: str, county: str) -> tuple:
    try:
        return resolve_county(code, county)[1]
    except DeadlineError:
        return ()
