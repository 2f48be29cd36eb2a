"""The holiday data against the `holidays` library: every difference is a cited entry (#13 §1).

For every jurisdiction, agency level and year 2025-2030, the weekdays our calendar closes are
compared with the library's own list for the same subdivision. A day we close that the library
does not, or a library day we keep open, must be explained by an explicit entry of the
jurisdiction's data file (or its stated weekend-observance rule); an entry that changes nothing
in those years is dead data and fails too.
"""

from __future__ import annotations

from datetime import date

import holidays
import pytest

from foia.deadlines.holidays import (
    ALL_LEVELS,
    Action,
    HolidayLaw,
    load_holiday_laws,
    non_business_days,
)
from foia.deadlines.rules import load_laws

YEARS = range(2025, 2031)
CODES = sorted(load_laws())


def _library(subdiv: str | None, year: int) -> dict[date, list[str]]:
    # Straight from the library, not through our cache: the base the data is compared with.
    days = holidays.US(subdiv=subdiv, years=year)
    return {
        day: name.split("; ")
        for day, name in days.items()
        if day.year == year and day.weekday() < 5
    }


def _explained_addition(law: HolidayLaw, day: date, level: str) -> bool:
    return any(
        entry.action is Action.ADD
        and level in entry.levels
        and entry.in_force(day)
        and any(day in entry.dates_for(y) for y in (day.year - 1, day.year, day.year + 1))
        for entry in law.entries
    )


def _explained_removal(law: HolidayLaw, day: date, parts: list[str], level: str) -> bool:
    observed = [p for p in parts if p.endswith(" (observed)")]
    if law.drop_library_observed and len(observed) == len(parts):
        return True
    return all(
        part in observed
        and law.drop_library_observed
        or any(
            entry.action is Action.REMOVE
            and level in entry.levels
            and entry.in_force(day)
            and entry.in_year(day.year)
            and part in (entry.library_name, f"{entry.library_name} (observed)")
            for entry in law.entries
        )
        for part in parts
    )


def test_every_jurisdiction_has_its_holiday_file():
    laws = load_holiday_laws()
    missing = [code for code in CODES if code not in laws]
    assert not missing, f"no data/holidays/<CODE>.toml for {', '.join(missing)}"
    assert len(CODES) == 52


@pytest.mark.parametrize("code", CODES)
def test_file_records_what_was_checked(code):
    law = load_holiday_laws()[code]
    assert law.statute.strip() and law.checked_against.strip()
    assert date(2025, 1, 1) <= law.checked_on <= date(2026, 12, 31)
    for entry in law.entries:
        assert entry.citation.strip(), f"{code}: {entry.name} has no citation"


@pytest.mark.parametrize("code", CODES)
def test_every_difference_from_the_library_is_a_cited_entry(code):
    law = load_holiday_laws()[code]
    unexplained = []
    used = set()
    for year in YEARS:
        library = _library(law.library_subdiv, year)
        for level in ALL_LEVELS:
            ours = {d.on: d for d in non_business_days(code, year, level.value, None)}
            for day in sorted(set(ours) - set(library)):
                if not _explained_addition(law, day, level):
                    unexplained.append(f"{level} {day} {ours[day].name}: closed, not in library")
                used.update(ours[day].name.split("; "))
            for day in sorted(set(library) - set(ours)):
                if not _explained_removal(law, day, library[day], level):
                    unexplained.append(f"{level} {day} {library[day]}: library day kept open")
                used.update(library[day])
            for kept in ours.values():
                if kept.disputed:
                    used.update(kept.name.split("; "))
    assert not unexplained, f"{code}: " + "; ".join(unexplained)
    dead = [
        entry.name
        for entry in law.entries
        if (entry.name not in used and entry.library_name not in used)
        and (entry.ends is None or entry.ends >= date(2025, 1, 1))
        and (entry.starts is None or entry.starts <= date(2030, 12, 31))
        and not entry.counties
    ]
    assert not dead, f"{code}: entries that change nothing in 2025-2030: {dead}"
