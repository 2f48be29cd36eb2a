"""The public campaign page's maps (drawn by foia/maps), from the agencies' public values.

Massachusetts by county when every agency is in Massachusetts, else the United States by state;
each shaded once by the share of agencies that answered and once by findings. The table beside
them (queries.areas) is their text for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from foia.maps import (
    AgencyFacts,
    Measure,
    county_shades,
    legend_html,
    massachusetts_counties_svg,
    state_shades,
    us_states_svg,
)
from foia.public.queries import PublicAgency

#: Each map drawn, with its title.
MEASURES = (
    (Measure.ANSWERED, "Share of agencies that answered"),
    (Measure.FINDINGS, "What the released records show"),
)


@dataclass(frozen=True)
class Map:
    """One map as the page shows it: its caption, then the SVG and its legend."""

    caption: str
    svg: Markup


def maps(agencies: list[PublicAgency]) -> list[Map]:
    """Return the campaign's maps as SVG with their legends: one per measure."""
    if not agencies:
        return []
    facts = [
        AgencyFacts(
            state=agency.state_code,
            county=agency.county,
            answered=agency.is_answered,
            uses_face_recognition=agency.uses_face_recognition,
            under_ban=agency.is_under_ban,
            ban_violation=agency.has_ban_violation,
        )
        for agency in agencies
    ]
    by_county = {agency.state_code for agency in agencies} == {"US-MA"}
    drawn = []
    for measure, title in MEASURES:
        caption = f"{title}, by {'Massachusetts county' if by_county else 'state'}"
        if by_county:
            svg = massachusetts_counties_svg(
                county_shades(facts, measure),
                title=caption,
                measure=measure,
                element_id=f"map-counties-{measure}",
                legend=False,
            )
        else:
            svg = us_states_svg(
                state_shades(facts, measure),
                title=caption,
                measure=measure,
                element_id=f"map-states-{measure}",
                legend=False,
            )
        # The legend as HTML: it wraps on a phone.
        drawn.append(Map(caption=caption, svg=svg + legend_html(measure)))
    return drawn
