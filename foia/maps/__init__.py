"""A campaign's maps, drawn on the server as SVG: the United States by state, MA by county.

Pure: no Flask, no database. The boundaries are the US Census Bureau's cartographic boundary
files (2017) as us-atlas 3.0.1 redistributes them in TopoJSON (ISC licence; foia/maps/data/
says where each file comes from and how it was made). A page builds its maps in three steps:

    from foia.maps import AgencyFacts, Measure, state_shades, us_states_svg, map_table

    rows = [AgencyFacts(state="US-MA", county="Middlesex", answered=True,
                        uses_face_recognition="yes", under_ban=False, ban_violation=False), ...]
    shades = state_shades(rows, Measure.ANSWERED)      # or county_shades(rows, measure)
    svg = us_states_svg(shades, title="Share of agencies that answered, by state",
                        measure=Measure.ANSWERED, element_id="map-states-answered")
    table = map_table(shades, "states")                 # or "counties": [(name, words), ...]

`svg` is Markup: put it in a template as is. Give each map on one page its own `element_id`
(its <title> and <desc> ids derive from it). Put the table beside the map for screen readers
(the SVG is role="img", named by its title and description). On narrow screens the legend
drawn inside the SVG shrinks with the map: pass `legend=False` and put `legend_html(measure)`
(a <ul class="map-legend">, swatches as tiny SVGs, so the strict CSP needs no inline style)
beside the map instead, or build one from `legend_entries(measure)`. Each region's path has the
class `map-region map-<fill>` (Fill's values), so a stylesheet can recolour it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from markupsafe import Markup

from foia.maps.regions import massachusetts_counties, us_states
from foia.maps.shades import (
    COLOURS,
    FILL_LABELS,
    LEGEND,
    AgencyFacts,
    Fill,
    Measure,
    Shade,
    county_shades,
    state_shades,
)
from foia.maps.svg import html_legend, render


def us_states_svg(
    values: Mapping[str, Shade],
    *,
    title: str,
    description: str = "",
    measure: Measure = Measure.ANSWERED,
    element_id: str = "map-states",
    legend: bool = True,
) -> Markup:
    """Return the 50 states and DC as SVG, each shaded by its postal code's value (others grey)."""
    return render(
        us_states(),
        values,
        title=title,
        description=description,
        measure=measure,
        element_id=element_id,
        with_legend=legend,
    )


def massachusetts_counties_svg(
    values: Mapping[str, Shade],
    *,
    title: str,
    description: str = "",
    measure: Measure = Measure.ANSWERED,
    element_id: str = "map-counties",
    legend: bool = True,
) -> Markup:
    """Return Massachusetts' 14 counties as SVG, each shaded by its name's value (others grey)."""
    return render(
        massachusetts_counties(),
        values,
        title=title,
        description=description,
        measure=measure,
        element_id=element_id,
        with_legend=legend,
    )


def map_table(
    values: Mapping[str, Shade], regions: Literal["states", "counties"]
) -> list[tuple[str, str]]:
    """Return (region name, words) for each region on the map that has a value, by name."""
    layout = us_states() if regions == "states" else massachusetts_counties()
    return sorted(
        (region.name, values[region.key].label) for region in layout.regions if region.key in values
    )


def legend_entries(measure: Measure) -> list[tuple[str, str, str]]:
    """Return the legend of a measure as (CSS class, colour, words), in the legend's order."""
    return [(f"map-{fill}", COLOURS[fill], FILL_LABELS[fill]) for fill in LEGEND[measure]]


def legend_html(measure: Measure) -> Markup:
    """Return a measure's legend as an HTML list, each swatch a tiny SVG (no inline style)."""
    return html_legend(legend_entries(measure))


__all__ = [
    "AgencyFacts",
    "Fill",
    "Measure",
    "Shade",
    "county_shades",
    "legend_entries",
    "legend_html",
    "map_table",
    "massachusetts_counties_svg",
    "state_shades",
    "us_states_svg",
]
