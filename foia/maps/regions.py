"""The two maps' regions, read once from the vendored us-atlas files and put in SVG coordinates.

The United States come pre-projected (d3.geoAlbersUsa fitted to 975 x 610, Alaska and Hawaii
already placed as insets). Massachusetts' counties come as longitude and latitude and are
projected here: an equirectangular projection whose longitudes are shrunk by the cosine of the
state's middle latitude, which over a state 3 degrees wide differs from a conic projection by
well under a pixel's worth of angle, then scaled to fit the view box with a margin.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from foia.maps.topojson import Feature, Point, Ring, features

DATA = Path(__file__).parent / "data"

#: State FIPS codes (us-atlas ids) to postal codes: the 50 states and the District of Columbia.
POSTAL: dict[str, str] = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT",
    "10": "DE", "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL",
    "18": "IN", "19": "IA", "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD",
    "25": "MA", "26": "MI", "27": "MN", "28": "MS", "29": "MO", "30": "MT", "31": "NE",
    "32": "NV", "33": "NH", "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND",
    "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD",
    "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA", "54": "WV",
    "55": "WI", "56": "WY",
}  # fmt: skip

#: The Massachusetts map's width in SVG units; its height follows the state's shape.
MA_WIDTH = 600.0
MA_MARGIN = 10.0


@dataclass(frozen=True, slots=True)
class Region:
    """A region as drawn: its key (postal code or county name), its name and its rings."""

    key: str
    name: str
    rings: tuple[Ring, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Layout:
    """A map's regions in drawing order (by key), and the size of its view box.

    Compared and hashed by identity (each map's layout is built once), so that what is drawn
    from it can be cached without hashing every point.
    """

    regions: tuple[Region, ...]
    width: float
    height: float


@cache
def us_states() -> Layout:
    """Return the 50 states and DC, in Albers USA coordinates in a 975 x 610 view box."""
    topology = json.loads((DATA / "states-albers-10m.json").read_text("utf-8"))
    regions = (
        Region(POSTAL[item.id], item.name, item.rings)
        for item in features(topology, "states")
        if item.id in POSTAL
    )
    return Layout(tuple(sorted(regions, key=lambda region: region.key)), 975.0, 610.0)


@cache
def massachusetts_counties() -> Layout:
    """Return Massachusetts' 14 counties, keyed by name, fitted to a view box MA_WIDTH wide."""
    topology = json.loads((DATA / "ma-counties-10m.json").read_text("utf-8"))
    items = features(topology, "counties")
    return fit([Region(item.name, item.name, item.rings) for item in items])


def fit(regions: list[Region]) -> Layout:
    """Project longitude and latitude regions and scale them to MA_WIDTH with a margin."""
    points = [point for region in regions for ring in region.rings for point in ring]
    west, east = min(x for x, _ in points), max(x for x, _ in points)
    south, north = min(y for _, y in points), max(y for _, y in points)
    shrink = math.cos(math.radians((south + north) / 2))
    scale = (MA_WIDTH - 2 * MA_MARGIN) / ((east - west) * shrink)

    def project(point: Point) -> Point:
        lon, lat = point
        return (MA_MARGIN + (lon - west) * shrink * scale, MA_MARGIN + (north - lat) * scale)

    placed = (
        Region(
            region.key,
            region.name,
            tuple(tuple(project(point) for point in ring) for ring in region.rings),
        )
        for region in regions
    )
    height = (north - south) * scale + 2 * MA_MARGIN
    return Layout(tuple(sorted(placed, key=lambda region: region.key)), MA_WIDTH, height)


__all__ = ["Feature", "Layout", "Region", "massachusetts_counties", "us_states"]
