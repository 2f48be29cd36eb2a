"""Business-day calendars: weekends, each statute's holidays by agency level, and closures."""

from __future__ import annotations

import tomllib
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from foia.deadlines.bounds import check_year
from foia.deadlines.errors import UnknownCounty
from foia.deadlines.holidays import Level, NonBusinessDay, holiday_law, non_business_days
from foia.deadlines.rules import normalise_code

_WEEKEND = {5: "Saturday", 6: "Sunday"}
# Years indexed around any date asked for: a 25-business-day clock never crosses more than one
# year boundary, so one year either side keeps the index small and rebuilds rare.
_MARGIN_YEARS = 1


@dataclass(frozen=True, slots=True)
class Closure:
    """A day the office is closed that no holiday table knows (snow day, executive order)."""

    on: date
    reason: str


@dataclass(frozen=True, slots=True)
class CountyClosure:
    """A recurring county closure (e.g. Suffolk County's Evacuation Day, M.G.L. c.136 §12)."""

    county: str
    name: str
    month: int
    day: int
    sunday_to_monday: bool
    citation: str

    def on(self, year: int) -> date:
        """Return the day the office is closed in `year`."""
        day = date(year, self.month, self.day)
        if self.sunday_to_monday and day.weekday() == 6:
            return day + timedelta(days=1)
        return day

    @property
    def reason(self) -> str:
        """Return e.g. "Evacuation Day (Suffolk County)"."""
        return f"{self.name} ({self.county} County)"


@cache
def _county_data() -> dict[str, tuple[tuple[str, ...], tuple[CountyClosure, ...]]]:
    text = (
        resources.files("foia.deadlines").joinpath("data/county_closures.toml").read_text("utf-8")
    )
    data: dict[str, Any] = tomllib.loads(text)
    return {
        entry["code"]: (
            tuple(entry["counties"]),
            tuple(CountyClosure(**closure) for closure in entry.get("closure", ())),
        )
        for entry in data["jurisdiction"]
    }


def _county_key(name: str) -> str:
    cleaned = " ".join(name.split()).casefold()
    return cleaned.removesuffix(" county")


def resolve_county(
    jurisdiction: str, county: str | None
) -> tuple[str | None, tuple[CountyClosure, ...]]:
    """Return the county's canonical name and closures, or raise UnknownCounty."""
    if county is None or not county.strip():
        return None, ()
    known = _county_data().get(jurisdiction)
    if known is None:
        # No county data for this jurisdiction: any county is accepted, with no extra closures.
        return county.strip(), ()
    names, closures = known
    by_key = {_county_key(name): name for name in names}
    canonical = by_key.get(_county_key(county))
    if canonical is None:
        raise UnknownCounty(
            f"unknown county {county!r} for {jurisdiction}: expected one of {', '.join(names)}"
        )
    return canonical, tuple(c for c in closures if c.county == canonical)


@dataclass(slots=True)
class _Index:
    # Non-business days with their reasons, plus every business day's ordinal in order, for O(1)
    # "n-th business day after" and O(log n) counting. Built per calendar over a span of years.
    first_year: int = 0
    last_year: int = -1
    reasons: dict[int, str] = field(default_factory=dict)
    business: list[int] = field(default_factory=list)
    disputed: dict[int, NonBusinessDay] = field(default_factory=dict)
    #: The ordinals of `disputed`, in order, to find those between two dates by bisection.
    disputed_order: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """Which days count as business days for one jurisdiction, agency level, county and reading.

    `for_requester` picks the reading of disputed days: False (the default) counts them as
    closed, the later date for a deadline the agency must meet; True counts them as open, the
    earlier date for one the requester must meet (issue #13: the safe date for the requester).
    """

    jurisdiction: str
    level: str = Level.MUNICIPAL.value
    county: str | None = None
    county_closures: tuple[CountyClosure, ...] = ()
    closures: tuple[Closure, ...] = ()
    requester_reading: bool = False
    _index: _Index = field(default_factory=_Index, compare=False, hash=False, repr=False)
    _hash: int = field(default=0, init=False, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        # Calendars key the span memo: hash the identifying fields once, not on every look-up.
        key = (
            self.jurisdiction,
            self.level,
            self.county,
            self.county_closures,
            self.closures,
            self.requester_reading,
        )
        object.__setattr__(self, "_hash", hash(key))

    def __hash__(self) -> int:
        return self._hash

    def for_requester(self) -> BusinessCalendar:
        """Return this calendar read the requester's way: disputed days count as business days."""
        if self.requester_reading:
            return self
        return _cached_calendar(
            self.jurisdiction, self.county, self.closures, self.level, requester_reading=True
        )

    def _year_reasons(self, year: int) -> tuple[dict[int, str], dict[int, NonBusinessDay]]:
        reasons: dict[int, str] = {}
        disputed: dict[int, NonBusinessDay] = {}
        for day in non_business_days(self.jurisdiction, year, self.level, self.county):
            ordinal = day.on.toordinal()
            if day.disputed:
                disputed[ordinal] = day
                if self.requester_reading:
                    continue
                reasons[ordinal] = f"{day.reason}, verify: {day.readings[0]}"
            else:
                reasons[ordinal] = day.reason
        for county_closure in self.county_closures:
            reasons.setdefault(county_closure.on(year).toordinal(), county_closure.reason)
        for closure in self.closures:
            if closure.on.year == year:
                reasons.setdefault(closure.on.toordinal(), closure.reason)
        return reasons, disputed

    def _ensure(self, year: int) -> _Index:
        index = self._index
        if index.first_year <= year <= index.last_year:
            return index
        check_year(year)  # the index spans every year between: never build thousands of them
        first = year - _MARGIN_YEARS if index.last_year < 0 else min(index.first_year, year - 1)
        last = year + _MARGIN_YEARS if index.last_year < 0 else max(index.last_year, year + 1)
        reasons: dict[int, str] = {}
        disputed: dict[int, NonBusinessDay] = {}
        for y in range(first, last + 1):
            year_reasons, year_disputed = self._year_reasons(y)
            reasons.update(year_reasons)
            disputed.update(year_disputed)
        business: list[int] = []
        start, end = date(first, 1, 1).toordinal(), date(last, 12, 31).toordinal()
        for ordinal in range(start, end + 1):
            weekday = (ordinal + 6) % 7  # date.fromordinal(o).weekday() without the object
            if weekday in _WEEKEND:
                reasons[ordinal] = _WEEKEND[weekday]
            elif ordinal not in reasons:
                business.append(ordinal)
        index.first_year, index.last_year = first, last
        index.reasons, index.business, index.disputed = reasons, business, disputed
        index.disputed_order = sorted(disputed)
        return index

    def closed_days(self, year: int) -> tuple[dict[int, str], int]:
        """Return {ordinal: reason} for non-business days, valid up to the returned ordinal."""
        # For tight loops (count_span): one dict look-up per day instead of a method call.
        index = self._ensure(year)
        return index.reasons, date(index.last_year, 12, 31).toordinal()

    def is_business_day(self, day: date) -> bool:
        """Return True if the office is open: a weekday that is no holiday or closure."""
        return day.toordinal() not in self._ensure(day.year).reasons

    def skip_reason(self, day: date) -> str | None:
        """Return why the day is not a business day ("Saturday", "Thanksgiving Day"), or None."""
        return self._ensure(day.year).reasons.get(day.toordinal())

    def next_business_day(self, day: date) -> date:
        """Return the first business day strictly after `day`."""
        return self.add_business_days(day, 1)

    def roll_forward(self, day: date) -> date:
        """Return `day` if it is a business day, else the next business day."""
        return day if self.is_business_day(day) else self.next_business_day(day)

    def add_business_days(self, start: date, n: int) -> date:
        """Return the n-th business day after `start` (day 1 is the first one after it)."""
        if n < 0:
            raise ValueError(f"cannot add a negative number of business days: {n}")
        if n == 0:
            return start
        ordinal = start.toordinal()
        index = self._ensure(start.year)
        while True:
            position = bisect_right(index.business, ordinal) + n - 1
            if position < len(index.business):
                return date.fromordinal(index.business[position])
            # Past the indexed years: widen the index and look again.
            index = self._ensure(index.last_year + 1)

    def business_days_between(self, a: date, b: date) -> int:
        """Return the business days after `a` up to and including `b` (negative if b < a)."""
        if b < a:
            return -self.business_days_between(b, a)
        index = self._ensure(a.year)
        index = self._ensure(b.year)
        return bisect_right(index.business, b.toordinal()) - bisect_right(
            index.business, a.toordinal()
        )

    def disputed_between(self, a: date, b: date) -> tuple[NonBusinessDay, ...]:
        """Return the disputed days after `a` up to and including `b` (each needs "verify")."""
        self._ensure(a.year)
        index = self._ensure(b.year)
        order = index.disputed_order
        if not order:
            return ()
        start = bisect_right(order, a.toordinal())
        end = bisect_right(order, b.toordinal(), lo=start)
        return tuple(index.disputed[o] for o in order[start:end])

    def holidays_in(self, year: int) -> dict[date, str]:
        """Return the year's weekday non-business days with their reasons."""
        index = self._ensure(year)
        return {
            date.fromordinal(ordinal): reason
            for ordinal, reason in sorted(index.reasons.items())
            if reason not in _WEEKEND.values() and date.fromordinal(ordinal).year == year
        }


@lru_cache(maxsize=1024)
def _shared_index(
    jurisdiction: str,
    level: str,
    county_key: str | None,
    county_closures: tuple[CountyClosure, ...],
    closures: tuple[Closure, ...],
    requester_reading: bool,
) -> _Index:
    # The index depends only on what closes days, not on the county's spelling: the thousands
    # of counties without days of their own share their state's index instead of each building
    # (and evicting) one. `county_key` is None unless the holiday data names counties.
    return _Index()


@cache
def county_holidays(jurisdiction: str) -> bool:
    """Return True if the jurisdiction's holiday data has days for some counties only."""
    code = normalise_code(jurisdiction)
    return any(entry.counties for entry in holiday_law(code).entries)


@lru_cache(maxsize=16384)
def _cached_calendar(
    jurisdiction: str,
    county: str | None,
    closures: tuple[Closure, ...],
    level: str,
    requester_reading: bool = False,
) -> BusinessCalendar:
    code = normalise_code(jurisdiction)
    agency_level = Level(level).value
    canonical, county_closures = resolve_county(code, county)
    county_key = canonical if county_holidays(code) else None
    return BusinessCalendar(
        jurisdiction=code,
        level=agency_level,
        county=canonical,
        county_closures=county_closures,
        closures=closures,
        requester_reading=requester_reading,
        _index=_shared_index(
            code, agency_level, county_key, county_closures, closures, requester_reading
        ),
    )


def calendar_for(
    jurisdiction: str,
    county: str | None = None,
    closures: Sequence[Closure] = (),
    *,
    level: str = "municipal",
) -> BusinessCalendar:
    """Return the business calendar of a jurisdiction, agency level, county and closures."""
    # Calendars are cached so that their business-day indexes are built once per input.
    ordered = tuple(sorted(set(closures), key=lambda c: (c.on, c.reason))) if closures else ()
    return _cached_calendar(jurisdiction, county, ordered, level)
