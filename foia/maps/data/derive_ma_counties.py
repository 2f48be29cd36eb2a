"""Derive ma-counties-10m.json, Massachusetts' 14 counties, from us-atlas's counties-10m.json.

Run from a folder where `npm pack us-atlas@3.0.1 && tar xzf us-atlas-3.0.1.tgz` has been run:

    python foia/maps/data/derive_ma_counties.py package/counties-10m.json \
        foia/maps/data/ma-counties-10m.json

It keeps the counties whose FIPS code starts with "25" (Massachusetts) and only the arcs they
use, renumbered in the order first used. Arcs are copied unchanged (each arc's delta encoding
starts afresh from an absolute position, so an arc can move without being decoded), and so is
the quantisation transform: the output draws exactly the lines of the source, nothing
re-simplified. The script is deterministic: the same input gives the same bytes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

STATE_FIPS = "25"


def renumber(arcs: Any, mapping: dict[int, int]) -> Any:
    """Return a geometry's arc indexes renumbered (a negative ~i is a reversed arc i)."""
    if isinstance(arcs, list):
        return [renumber(item, mapping) for item in arcs]
    index = ~arcs if arcs < 0 else arcs
    new = mapping.setdefault(index, len(mapping))
    return ~new if arcs < 0 else new


def derive(topology: dict[str, Any]) -> dict[str, Any]:
    """Return the topology of one state's counties, with only the arcs they use."""
    counties = [
        geometry
        for geometry in topology["objects"]["counties"]["geometries"]
        if geometry["id"].startswith(STATE_FIPS)
    ]
    mapping: dict[int, int] = {}
    geometries = [
        {**geometry, "arcs": renumber(geometry["arcs"], mapping)}
        for geometry in sorted(counties, key=lambda item: item["id"])
    ]
    arcs = [topology["arcs"][old] for old, _ in sorted(mapping.items(), key=lambda kv: kv[1])]
    return {
        "type": "Topology",
        "transform": topology["transform"],
        "objects": {"counties": {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": arcs,
    }


def main(source: str, target: str) -> None:
    """Read the national counties file and write Massachusetts' counties."""
    topology = json.loads(Path(source).read_text("utf-8"))
    text = json.dumps(derive(topology), separators=(",", ":"), sort_keys=True)
    Path(target).write_text(text + "\n", "utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
