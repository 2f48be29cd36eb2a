"""The non-business days of one jurisdiction, year, agency level and county, for people."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from foia.deadlines.calendars import resolve_county
from foia.deadlines.holidays import HolidayLaw, Level, NonBusinessDay, Source, holiday_law
from foia.deadlines.holidays import non_business_days as statute_days
from foia.deadlines.rules import normalise_code


@dataclass(frozen=True, slots=True)
class HolidayListing:
    """A year's weekday non-business days with the data's provenance."""

    law: HolidayLaw
    year: int
    level: str
    county: str | None
    days: tuple[NonBusinessDay, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the listing as the `deadlines holidays --json` object."""
        return {
            "jurisdiction": self.law.jurisdiction,
            "year": self.year,
            "agency_level": self.level,
            "county": self.county,
            "statute": self.law.statute,
            "personnel_rule": self.law.personnel_rule or None,
            "checked_on": self.law.checked_on.isoformat(),
            "checked_against": self.law.checked_against,
            "confidence": self.law.confidence,
            "days": [day.to_dict() for day in self.days],
        }

    def text(self) -> str:
        """Return one line per day: date, name, citation, and "verify" with both readings."""
        law = self.law
        where = f", {self.county} County" if self.county else ""
        lines = [
            f"{law.jurisdiction} {self.year}, {self.level} agencies{where}: weekdays that are"
            " not business days",
            f"Holiday statute: {law.statute}",
            f"Checked {law.checked_on.isoformat()} against {law.checked_against}",
        ]
        if law.personnel_rule:
            lines.append(f"Office closures: {law.personnel_rule}")
        for day in self.days:
            lines.append(f"{day.on.strftime('%a %d %b %Y')}  {day.name}  [{day.citation}]")
            if day.disputed:
                lines.append("    VERIFY: readings differ:")
                lines += [f"    - {reading}" for reading in day.readings]
        return "\n".join(lines)


def holiday_listing(
    jurisdiction: str, year: int, level: str = "municipal", county: str | None = None
) -> HolidayListing:
    """Return the non-business weekdays of a year with names and citations."""
    code = normalise_code(jurisdiction)
    canonical, closures = resolve_county(code, county)
    days = list(statute_days(code, year, Level(level).value, canonical))
    for closure in closures:
        on = closure.on(year)
        if on.weekday() < 5 and all(d.on != on for d in days):
            # County closures have statutes of their own (e.g. M.G.L. c.136 §12).
            days.append(NonBusinessDay(on, closure.reason, closure.citation, Source.STATUTE))
    days.sort(key=lambda day: day.on)
    return HolidayListing(holiday_law(code), year, level, canonical, tuple(days))
