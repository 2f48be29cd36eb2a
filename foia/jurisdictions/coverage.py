"""Which face-surveillance policy covers an agency. PURE: plain values in, a policy out.

A city's ban binds its own agencies, a county's binds the county's agencies (its sheriff, not
the police of the towns inside it), and a state's binds every agency in the state. Only a ban or
a moratorium whose scope includes police use marks an agency as "under a ban".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from foia.jurisdictions.codes import county_code, municipality_code

#: Policy statuses, as stored, with how people say them.
STATUS_LABELS = {
    "ban": "Ban",
    "moratorium": "Moratorium",
    "restriction": "Restriction",
    "none": "None known",
}
#: What a policy applies to, as stored, with how people say it.
SCOPE_LABELS = {
    "police": "All police use",
    "government": "All government use",
    "schools": "Schools",
    "body_cameras": "Police body cameras",
    "other": "Other (see notes)",
}
#: Statuses that stop use (a restriction only regulates it).
STOPPING = frozenset({"ban", "moratorium"})
#: Scopes that include the police's own use of face recognition.
POLICE_SCOPES = frozenset({"police", "government"})
#: Agency levels a policy may bind (as in foia.jurisdictions.models.LEVELS).
LEVELS_BOUND = ("federal", "state", "county", "municipal")


@dataclass(frozen=True, slots=True)
class PolicyFact:
    """One policy of one jurisdiction, as the coverage rule needs it."""

    jurisdiction_code: str
    status: str
    scope: str
    since_year: int | None = None

    @property
    def stops_police_use(self) -> bool:
        """Return whether this policy bans or pauses police use."""
        return self.status in STOPPING and self.scope in POLICE_SCOPES


@dataclass(frozen=True, slots=True)
class AgencyPlace:
    """Where an agency sits: its state's code, its level, its county and its city or town."""

    state_code: str
    level: str
    county: str | None = None
    municipality: str | None = None


def governing_codes(place: AgencyPlace) -> tuple[str, ...]:
    """Return the codes of the jurisdictions whose policies bind the agency, nearest first."""
    codes = []
    if place.municipality and place.level == "municipal":
        codes.append(municipality_code(place.state_code, place.municipality))
    if place.county and place.level == "county":
        codes.append(county_code(place.state_code, _bare_county(place.county)))
    codes.append(place.state_code)
    return tuple(codes)


def covering_policy(
    place: AgencyPlace, policies: Mapping[str, Iterable[PolicyFact]]
) -> PolicyFact | None:
    """Return the nearest ban or moratorium on police use binding the agency, or None."""
    for code in governing_codes(place):
        for policy in policies.get(code, ()):
            if policy.stops_police_use:
                return policy
    return None


def by_code(policies: Iterable[PolicyFact]) -> dict[str, list[PolicyFact]]:
    """Group policies by their jurisdiction's code."""
    grouped: dict[str, list[PolicyFact]] = {}
    for policy in policies:
        grouped.setdefault(policy.jurisdiction_code, []).append(policy)
    return grouped


def _bare_county(county: str) -> str:
    """Return "King" for "King County": county codes add the word themselves."""
    name = county.strip()
    return name[: -len(" County")] if name.lower().endswith(" county") else name
