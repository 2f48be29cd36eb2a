"""Decode TopoJSON polygons into rings of points (the subset of the specification maps need).

TopoJSON (github.com/topojson/topojson-specification) stores each shared border once, as an
arc, and each polygon as lists of arc indexes; a negative index ~i means arc i reversed. A
quantised topology stores integer positions, each arc's first absolute and the rest as deltas
from the one before, and a transform (scale, translate) back to coordinates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Point = tuple[float, float]
Ring = tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class Feature:
    """One region of a topology: its id, its name, and its polygons' rings."""

    id: str
    name: str
    #: Every ring of every polygon, outer rings and holes alike (SVG's even-odd rule sorts them).
    rings: tuple[Ring, ...]


def decode_arcs(topology: Mapping[str, Any]) -> list[list[Point]]:
    """Return each arc's points as coordinates, undoing the delta encoding and the transform."""
    transform = topology.get("transform")
    if transform is None:
        return [[(float(x), float(y)) for x, y, *_ in arc] for arc in topology["arcs"]]
    (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for position in arc:
            x, y = x + position[0], y + position[1]
            points.append((x * kx + dx, y * ky + dy))
        decoded.append(points)
    return decoded


def ring(indexes: Sequence[int], arcs: Sequence[Sequence[Point]]) -> Ring:
    """Join arcs into one ring; each arc after the first repeats the last point, so drop it."""
    points: list[Point] = []
    for index in indexes:
        arc = list(reversed(arcs[~index])) if index < 0 else list(arcs[index])
        points.extend(arc[1:] if points else arc)
    return tuple(points)


def rings_of(geometry: Mapping[str, Any], arcs: Sequence[Sequence[Point]]) -> tuple[Ring, ...]:
    """Return the rings of a Polygon or MultiPolygon geometry (other types have none)."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return ()
    return tuple(ring(indexes, arcs) for polygon in polygons for indexes in polygon)


def features(topology: Mapping[str, Any], name: str) -> list[Feature]:
    """Return the regions of one named geometry collection of a topology, in its order."""
    arcs = decode_arcs(topology)
    return [
        Feature(
            id=str(geometry["id"]),
            name=str(geometry.get("properties", {}).get("name", "")),
            rings=rings_of(geometry, arcs),
        )
        for geometry in topology["objects"][name]["geometries"]
    ]
