"""Non-business days from each jurisdiction's holiday statute, as cited data.

The `holidays` library computes dates (Easter, nth weekdays, its observance rules); the statute
decides which days count. `data/holidays/<CODE>.toml` holds, per jurisdiction, the library
subdivision used as a base and one cited entry for every day the statute adds or removes
relative to the library, by agency level (and county where the law says so). See
docs/holidays.md for the format and how to correct a day.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import holidays
from dateutil.easter import easter

from foia.deadlines.errors import UnknownJurisdiction


class Level(StrEnum):
    """The agency levels whose calendars can differ."""

    STATE = "state"
    MUNICIPAL = "municipal"
    COUNTY = "county"


class Action(StrEnum):
    """What an entry does relative to the library's list."""

    ADD = "add"
    REMOVE = "remove"


class Observed(StrEnum):
    """How an added day falling on a weekend is moved."""

    NONE = "none"
    SUN_MON = "sun_mon"
    SAT_FRI_SUN_MON = "sat_fri_sun_mon"
    SAT_MON_SUN_MON = "sat_mon_sun_mon"  # both weekend days move to Monday (Miss. Code §3-3-7)


class Source(StrEnum):
    """Where a non-business day comes from."""

    LIBRARY = "library"
    STATUTE = "statute"


ALL_LEVELS = tuple(Level)
_OBSERVED = " (observed)"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = tuple(date(2000, month, 1).strftime("%B").lower() for month in range(1, 13))
_NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
_NTH_RE = re.compile(r"^(first|second|third|fourth|last) (\w+) of (\w+)$")
_EASTER_RE = re.compile(r"^easter([+-]\d+)?$")
_FIXED_RE = re.compile(r"^(\d\d)-(\d\d)$")
_ONE_OFF_RE = re.compile(r"^\d{4}-\d\d-\d\d$")
_CYCLE_RE = re.compile(r"^cycle:(\d+):(\d{4})$")


@dataclass(frozen=True, slots=True)
class HolidayEntry:
    """One cited difference between the statute and the library."""

    action: Action
    name: str
    citation: str
    date_rule: str = ""
    library_name: str = ""
    years: str | tuple[int, ...] = "every"
    levels: tuple[Level, ...] = ALL_LEVELS
    counties: tuple[str, ...] = ()
    observed: Observed = Observed.NONE
    starts: date | None = None
    ends: date | None = None
    disputed: bool = False
    readings: tuple[str, ...] = ()

    def in_force(self, day: date) -> bool:
        """Return True if the entry is law on `day`."""
        return (self.starts is None or day >= self.starts) and (
            self.ends is None or day <= self.ends
        )

    def in_year(self, year: int) -> bool:
        """Return True if the entry's year pattern includes `year`."""
        years = self.years
        if isinstance(years, tuple):
            return year in years
        if years == "every":
            return True
        if years in ("even", "odd"):
            return (year % 2 == 0) == (years == "even")
        match = _CYCLE_RE.match(years)
        if match is None:  # refused at load time; never reached
            raise ValueError(f"years {years!r} is not a year pattern")
        return (year - int(match.group(2))) % int(match.group(1)) == 0

    def dates_for(self, year: int) -> tuple[date, ...]:
        """Return the (observed) days an `add` entry closes for its nominal year `year`."""
        if not self.in_year(year):
            return ()
        nominal = rule_date(self.date_rule, year)
        if nominal is None:
            return ()
        return (_observe(nominal, self.observed),)


@dataclass(frozen=True, slots=True)
class HolidayLaw:
    """A jurisdiction's holiday statute as data: the library base and cited differences."""

    jurisdiction: str
    library_subdiv: str | None
    statute: str
    checked_on: date
    checked_against: str
    entries: tuple[HolidayEntry, ...] = ()
    citations: tuple[tuple[str, str], ...] = ()
    personnel_rule: str = ""
    drop_library_observed: str = ""
    observed_citation: str = ""
    confidence: str = "high"
    notes: str = ""

    def citation_for(self, library_name: str) -> str:
        """Return the citation of a library day: its own if the data gives one, else the statute."""
        base = library_name.removesuffix(_OBSERVED)
        return dict(self.citations).get(base, self.statute)


@dataclass(frozen=True, slots=True)
class NonBusinessDay:
    """A weekday that is not a business day, with its name, citation and reading."""

    on: date
    name: str
    citation: str
    source: Source
    disputed: bool = False
    readings: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """Return the text shown for a skipped day in explanations."""
        return self.name if self.source is Source.LIBRARY else f"{self.name} ({self.citation})"

    def to_dict(self) -> dict[str, Any]:
        """Return the day as JSON-ready data (the `deadlines holidays --json` rows)."""
        return {
            "date": self.on.isoformat(),
            "weekday": self.on.strftime("%A"),
            "name": self.name,
            "citation": self.citation,
            "source": self.source.value,
            "verify": self.disputed,
            "readings": list(self.readings),
        }


def rule_date(rule: str, year: int) -> date | None:
    """Return the nominal date of a rule ("02-12", "third monday of february", ...) in `year`."""
    text = " ".join(rule.strip().lower().split())
    if text == "election":
        return _nth_weekday(year, 11, 0, 1) + timedelta(days=1)  # Tuesday after 1st Monday
    if text == "day after thanksgiving":
        return _nth_weekday(year, 11, 3, 4) + timedelta(days=1)
    if match := _EASTER_RE.match(text):
        return easter(year) + timedelta(days=int(match.group(1) or 0))
    if match := _FIXED_RE.match(text):
        return date(year, int(match.group(1)), int(match.group(2)))
    if _ONE_OFF_RE.match(text):
        day = date.fromisoformat(text)
        return day if day.year == year else None
    if match := _NTH_RE.match(text):
        nth, weekday, month = match.groups()
        return _nth_weekday(year, _MONTHS.index(month) + 1, _WEEKDAYS.index(weekday), _NTH[nth])
    raise ValueError(f"unknown holiday date rule {rule!r}")


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _observe(day: date, rule: Observed) -> date:
    if day.weekday() == 6 and rule is not Observed.NONE:
        return day + timedelta(days=1)
    if day.weekday() == 5 and rule is Observed.SAT_FRI_SUN_MON:
        return day - timedelta(days=1)
    if day.weekday() == 5 and rule is Observed.SAT_MON_SUN_MON:
        return day + timedelta(days=2)
    return day


# --- loading ---------------------------------------------------------------------------------


def _entry(raw: Mapping[str, Any], where: str) -> HolidayEntry:
    action = Action(raw["action"])
    years = raw.get("years", "every")
    if isinstance(years, list):
        years = tuple(int(y) for y in years)
    elif years not in ("every", "even", "odd") and not _CYCLE_RE.match(years):
        raise ValueError(
            f"{where}: years {years!r} is not every, even, odd, a list or cycle:N:YYYY"
        )
    entry = HolidayEntry(
        action=action,
        name=raw["name"],
        citation=raw["citation"],
        date_rule=raw.get("date", ""),
        library_name=raw.get("library_name", ""),
        years=years,
        levels=tuple(Level(level) for level in raw.get("levels", ALL_LEVELS)),
        counties=tuple(raw.get("counties", ())),
        observed=Observed(raw.get("observed", "none")),
        starts=raw.get("from"),
        ends=raw.get("until"),
        disputed=bool(raw.get("disputed", False)),
        readings=tuple(raw.get("readings", ())),
    )
    _check_entry(entry, where)
    return entry


def _check_entry(entry: HolidayEntry, where: str) -> None:
    what = f"{where}: entry {entry.name!r}"
    if not entry.citation.strip():
        raise ValueError(f"{what} has no citation")
    if "; " in entry.name:  # "; " joins the names of coinciding days
        raise ValueError(f"{what}: a name may not contain '; '")
    if entry.action is Action.ADD:
        rule_date(entry.date_rule, 2026)  # raises on an unknown rule
    elif not entry.library_name:
        raise ValueError(f"{what}: a remove entry names the library_name it removes")
    if entry.disputed and len(entry.readings) != 2:
        raise ValueError(f"{what} is disputed: give both readings")


def _drop_observed(value: bool | str, where: str) -> str:
    # false: keep the library's weekend substitutes; true: drop all; "from_saturday" or
    # "from_sunday": drop only those moved from that day (a Friday or a Monday).
    choices = {
        False: "",
        True: "all",
        "from_saturday": "from_saturday",
        "from_sunday": "from_sunday",
    }
    if value not in choices:
        raise ValueError(f"{where}: drop_library_observed {value!r}: not one of {list(choices)}")
    return choices[value]


def holiday_law_from_mapping(raw: Mapping[str, Any]) -> HolidayLaw:
    """Build a HolidayLaw from one parsed holiday file, checking its vocabulary."""
    where = raw.get("jurisdiction", "?")
    law = HolidayLaw(
        jurisdiction=raw["jurisdiction"],
        library_subdiv=raw.get("library_subdiv") or None,
        statute=raw["statute"],
        checked_on=raw["checked_on"],
        checked_against=raw["checked_against"],
        entries=tuple(_entry(e, where) for e in raw.get("entry", ())),
        citations=tuple(sorted(raw.get("citations", {}).items())),
        personnel_rule=raw.get("personnel_rule", ""),
        drop_library_observed=_drop_observed(raw.get("drop_library_observed", False), where),
        observed_citation=raw.get("observed_citation", ""),
        confidence=raw.get("confidence", "high"),
        notes=raw.get("notes", ""),
    )
    if law.drop_library_observed and not law.observed_citation:
        raise ValueError(f"{where}: drop_library_observed needs an observed_citation")
    return law


@cache
def load_holiday_laws() -> dict[str, HolidayLaw]:
    """Return every jurisdiction's holiday data, keyed by code ("US", "US-IL")."""
    folder = resources.files("foia.deadlines").joinpath("data/holidays")
    laws: dict[str, HolidayLaw] = {}
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.name.endswith(".toml"):
            law = holiday_law_from_mapping(tomllib.loads(item.read_text("utf-8")))
            if item.name != f"{law.jurisdiction}.toml":
                raise ValueError(f"{item.name} holds {law.jurisdiction}: name it after its code")
            laws[law.jurisdiction] = law
    return laws


def holiday_law(code: str) -> HolidayLaw:
    """Return the holiday data of a jurisdiction, or raise UnknownJurisdiction."""
    law = load_holiday_laws().get(code)
    if law is None:
        raise UnknownJurisdiction(f"no holiday data for {code!r} (data/holidays/{code}.toml)")
    return law


# --- computing -------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def library_days(subdiv: str | None, year: int) -> tuple[tuple[date, str], ...]:
    """Return the library's public holidays of a year, sorted (one build shared by all)."""
    calendar = holidays.country_holidays("US", subdiv=subdiv, years=year)
    return tuple(sorted((day, name) for day, name in calendar.items() if day.year == year))


def _applies(entry: HolidayEntry, level: Level, county: str | None) -> bool | None:
    # True: applies; False: does not; None: cannot tell (county-only day, county unknown).
    if level not in entry.levels:
        return False
    if not entry.counties:
        return True
    if county is None:
        return None
    wanted = {c.casefold().removesuffix(" county") for c in entry.counties}
    return county.casefold().removesuffix(" county") in wanted


def _dropped(rule: str, day: date) -> bool:
    # A substitute on a Friday was moved from a Saturday; one on a Monday from a Sunday.
    return rule == "all" or (
        (rule == "from_saturday" and day.weekday() == 4)
        or (rule == "from_sunday" and day.weekday() == 0)
    )


def _removes(entry: HolidayEntry, part: str) -> bool:
    target = entry.library_name
    return part == target or (not target.endswith(_OBSERVED) and part == target + _OBSERVED)


def _library_part(
    law: HolidayLaw, day: date, part: str, level: Level, county: str | None
) -> NonBusinessDay | None:
    if part.endswith(_OBSERVED) and _dropped(law.drop_library_observed, day):
        return None
    disputed: HolidayEntry | None = None
    for entry in law.entries:
        if entry.action is not Action.REMOVE or not entry.in_force(day):
            continue
        if not entry.in_year(day.year) or not _removes(entry, part):
            continue
        applies = _applies(entry, level, county)
        if applies and not entry.disputed:
            return None
        if applies is None or (applies and entry.disputed):
            disputed = entry
    day_off = NonBusinessDay(day, part, law.citation_for(part), Source.LIBRARY)
    if disputed is None:
        return day_off
    return NonBusinessDay(
        day, part, disputed.citation, Source.STATUTE, True, _readings(disputed, county)
    )


def _readings(entry: HolidayEntry, county: str | None) -> tuple[str, ...]:
    if entry.readings:
        return entry.readings
    places = ", ".join(entry.counties)
    return (
        f"A holiday for agencies in {places} County ({entry.citation}).",
        "Not a holiday elsewhere; the agency's county is not recorded.",
    )


def _added(law: HolidayLaw, year: int, level: Level, county: str | None) -> list[NonBusinessDay]:
    days: list[NonBusinessDay] = []
    for entry in law.entries:
        if entry.action is not Action.ADD:
            continue
        applies = _applies(entry, level, county)
        if applies is False:
            continue
        for nominal_year in (year - 1, year, year + 1):
            for day in entry.dates_for(nominal_year):
                if day.year != year or not entry.in_force(day) or day.weekday() >= 5:
                    continue
                disputed = entry.disputed or applies is None
                readings = _readings(entry, county) if disputed else ()
                days.append(
                    NonBusinessDay(
                        day, entry.name, entry.citation, Source.STATUTE, disputed, readings
                    )
                )
    return days


def non_business_days(
    code: str, year: int, level: str = "municipal", county: str | None = None
) -> tuple[NonBusinessDay, ...]:
    """Return the weekdays of `year` that are not business days, sorted, with citations."""
    law = holiday_law(code)
    agency_level = Level(level)
    merged: dict[date, list[NonBusinessDay]] = {}
    for day, name in library_days(law.library_subdiv, year):
        if day.weekday() >= 5:
            continue
        for part in name.split("; "):
            kept = _library_part(law, day, part, agency_level, county)
            if kept is not None:
                merged.setdefault(day, []).append(kept)
    for added in _added(law, year, agency_level, county):
        merged.setdefault(added.on, []).append(added)
    return tuple(_merge(parts) for _, parts in sorted(merged.items()))


def _merge(parts: Iterable[NonBusinessDay]) -> NonBusinessDay:
    # Coinciding days: the day is certain if any part is; names and citations are joined.
    items = list(parts)
    certain = [p for p in items if not p.disputed]
    shown = certain or items
    names = list(dict.fromkeys(p.name for p in shown))
    citations = list(dict.fromkeys(p.citation for p in shown))
    first = shown[0]
    if len(shown) == 1:
        return first
    source = Source.STATUTE if any(p.source is Source.STATUTE for p in shown) else Source.LIBRARY
    readings = () if certain else tuple(r for p in shown for r in p.readings)
    return NonBusinessDay(
        first.on, "; ".join(names), "; ".join(citations), source, not certain, readings
    )
