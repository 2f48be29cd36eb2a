"""What colour each region takes: fills, their palette and legend, and rows of agencies to shades.

Two measures colour a map. *Answered* bands the share of a region's agencies that answered
(lower bound inclusive: exactly 25 % is in 25-50 %, 100 % in 75-100 %). *Findings* says the
most telling thing found in the region, in this order: a ban violated, face recognition used,
a ban or moratorium in force, no use, nothing known yet. A region with no agencies is grey.

The palette is safe for colour-blind readers: the answered bands are one hue growing darker
(ColorBrewer's Blues), the findings are Okabe and Ito's colours, and every colour is also a
CSS class, so a stylesheet can change them without touching the SVG.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from foia.maps.regions import POSTAL

#: The 50 states and DC: the US map's regions (territories and "US" itself are on no map).
STATES_ON_MAP = frozenset(POSTAL.values())


class Measure(StrEnum):
    """What a map shows."""

    ANSWERED = "answered"
    FINDINGS = "findings"


class Fill(StrEnum):
    """A region's colour, as the CSS class `map-<value>` on its path."""

    NO_AGENCIES = "no-agencies"
    ANSWERED_0 = "answered-0-25"
    ANSWERED_25 = "answered-25-50"
    ANSWERED_50 = "answered-50-75"
    ANSWERED_75 = "answered-75-100"
    BAN_VIOLATION = "ban-violation"
    USES = "uses"
    BAN = "ban"
    NO_USE = "no-use"
    UNKNOWN = "unknown"


#: Each fill's colour, written on the path so the map is coloured without any stylesheet.
COLOURS: dict[Fill, str] = {
    Fill.NO_AGENCIES: "#e5e5e5",
    Fill.ANSWERED_0: "#c6dbef",
    Fill.ANSWERED_25: "#6baed6",
    Fill.ANSWERED_50: "#2171b5",
    Fill.ANSWERED_75: "#08306b",
    Fill.BAN_VIOLATION: "#d55e00",
    Fill.USES: "#e69f00",
    Fill.BAN: "#0072b2",
    Fill.NO_USE: "#009e73",
    Fill.UNKNOWN: "#999999",
}

#: Each fill as the legend says it.
FILL_LABELS: dict[Fill, str] = {
    Fill.NO_AGENCIES: "No agencies asked",
    Fill.ANSWERED_0: "Under 25% answered",
    Fill.ANSWERED_25: "25% to 49% answered",
    Fill.ANSWERED_50: "50% to 74% answered",
    Fill.ANSWERED_75: "75% or more answered",
    Fill.BAN_VIOLATION: "Ban violation found",
    Fill.USES: "Uses face recognition",
    Fill.BAN: "Ban or moratorium",
    Fill.NO_USE: "Does not use it",
    Fill.UNKNOWN: "Not known yet",
}

#: The fills of each measure's legend, in the legend's order.
LEGEND: dict[Measure, tuple[Fill, ...]] = {
    Measure.ANSWERED: (
        Fill.ANSWERED_0,
        Fill.ANSWERED_25,
        Fill.ANSWERED_50,
        Fill.ANSWERED_75,
        Fill.NO_AGENCIES,
    ),
    Measure.FINDINGS: (
        Fill.BAN_VIOLATION,
        Fill.USES,
        Fill.BAN,
        Fill.NO_USE,
        Fill.UNKNOWN,
        Fill.NO_AGENCIES,
    ),
}


@dataclass(frozen=True, slots=True)
class Shade:
    """How one region is drawn: its fill, and the words its hover title and the table show."""

    fill: Fill
    label: str


NO_AGENCIES = Shade(Fill.NO_AGENCIES, FILL_LABELS[Fill.NO_AGENCIES])


@dataclass(frozen=True, slots=True)
class AgencyFacts:
    """What the maps need of one agency of a campaign."""

    #: Postal code ("MA") or jurisdiction code ("US-MA"); "US" (federal) is on no map.
    state: str
    #: Massachusetts county, "Middlesex" or "Middlesex County"; empty when not known.
    county: str | None
    #: Whether the agency has answered the request.
    answered: bool
    #: Its confirmed finding on using face recognition: "yes", "no", "unknown", or "" (none).
    uses_face_recognition: str = ""
    #: Whether its town, county or state bans or pauses police face recognition.
    under_ban: bool = False
    #: Whether a confirmed finding says it violated such a ban.
    ban_violation: bool = False


def counted(number: int) -> str:
    """Return "1 agency" or "3 agencies"."""
    return f"{number} agency" if number == 1 else f"{number} agencies"


def answered_shade(agencies: list[AgencyFacts]) -> Shade:
    """Return the band of the share of agencies that answered, with the count in words."""
    if not agencies:
        return NO_AGENCIES
    answered = sum(agency.answered for agency in agencies)
    bands = (Fill.ANSWERED_0, Fill.ANSWERED_25, Fill.ANSWERED_50, Fill.ANSWERED_75)
    # Whole numbers, not a float percentage: 4 * answered >= total is "at least a quarter".
    fill = bands[min(4 * answered // len(agencies), 3)]
    percent = 100 * answered // len(agencies)  # rounded down, as the bands are
    return Shade(fill, f"{answered} of {counted(len(agencies))} answered ({percent}%)")


def findings_shade(agencies: list[AgencyFacts]) -> Shade:
    """Return the most telling finding among a region's agencies, with how many it concerns."""
    if not agencies:
        return NO_AGENCIES
    counts = {
        Fill.BAN_VIOLATION: sum(agency.ban_violation for agency in agencies),
        Fill.USES: sum(agency.uses_face_recognition == "yes" for agency in agencies),
        Fill.BAN: sum(agency.under_ban for agency in agencies),
        Fill.NO_USE: sum(agency.uses_face_recognition == "no" for agency in agencies),
    }
    for fill, count in counts.items():  # in order: the most telling first
        if count:
            return Shade(fill, f"{FILL_LABELS[fill]} ({count} of {len(agencies)})")
    return Shade(Fill.UNKNOWN, f"{FILL_LABELS[Fill.UNKNOWN]} ({counted(len(agencies))})")


def postal_code(state: str) -> str:
    """Return "MA" for "MA", "ma", "US-MA" or "US-MA:boston"; "" for "US" or a territory."""
    code = state.strip().upper().removeprefix("US-").split(":")[0]
    return code if code in STATES_ON_MAP else ""


def county_name(county: str | None) -> str:
    """Return a county's name as the map keys it: "Middlesex" for "middlesex county"."""
    words = (county or "").strip().removesuffix(" County").removesuffix(" county").split()
    return " ".join(word.capitalize() for word in words)


def shade_all(groups: dict[str, list[AgencyFacts]], measure: Measure) -> dict[str, Shade]:
    """Return each group's shade under a measure, keyed and ordered by the group's key."""
    shade = answered_shade if measure is Measure.ANSWERED else findings_shade
    return {key: shade(groups[key]) for key in sorted(groups)}


def state_shades(
    rows: Iterable[AgencyFacts], measure: Measure = Measure.ANSWERED
) -> dict[str, Shade]:
    """Return the shade of each state that has agencies, keyed by postal code."""
    groups: dict[str, list[AgencyFacts]] = defaultdict(list)
    for row in rows:
        if code := postal_code(row.state):
            groups[code].append(row)
    return shade_all(groups, measure)


def county_shades(
    rows: Iterable[AgencyFacts], measure: Measure = Measure.ANSWERED
) -> dict[str, Shade]:
    """Return the shade of each Massachusetts county that has agencies, keyed by its name."""
    groups: dict[str, list[AgencyFacts]] = defaultdict(list)
    for row in rows:
        if postal_code(row.state) == "MA" and (name := county_name(row.county)):
            groups[name].append(row)
    return shade_all(groups, measure)
