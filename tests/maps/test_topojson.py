"""Decoding TopoJSON: hand-made topologies, then the vendored files against known coordinates."""

from __future__ import annotations

import hashlib
import json
import math

from foia.maps.data.derive_ma_counties import derive
from foia.maps.regions import DATA, us_states
from foia.maps.topojson import decode_arcs, features, ring

#: A quantised topology made by hand: two arcs sharing the border x = 2 between two squares.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 2.0], "translate": [10.0, 20.0]},
    "objects": {
        "squares": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "id": "a", "properties": {"name": "A"}, "arcs": [[0, 1]]},
                {"type": "MultiPolygon", "id": "b", "arcs": [[[~1, 2]], [[3]]]},
                {"type": "Point", "id": "c", "coordinates": [0, 0]},
            ],
        }
    },
    "arcs": [
        [[2, 0], [-2, 0], [0, 1], [2, 0]],  # (2,0) (0,0) (0,1) (2,1): the left square's outside
        [[2, 1], [0, -1]],  # (2,1) (2,0): the shared border, downwards
        [[2, 1], [2, 0], [0, -1], [-2, 0]],  # (2,1) (4,1) (4,0) (2,0): the right square's outside
        [[8, 8], [1, 0], [0, 1], [-1, 0], [0, -1]],  # a separate island at (8,8)
    ],
}


def test_arcs_are_delta_decoded_and_transformed() -> None:
    # By hand: x = 10 + 0.5 * qx, y = 20 + 2 * qy, with qx, qy the running sums of the deltas.
    arcs = decode_arcs(TOPOLOGY)
    assert arcs[0] == [(11.0, 20.0), (10.0, 20.0), (10.0, 22.0), (11.0, 22.0)]
    assert arcs[1] == [(11.0, 22.0), (11.0, 20.0)]


def test_an_untransformed_topology_keeps_its_positions() -> None:
    plain = {"arcs": [[[1.5, 2.5], [3.5, 4.5]]]}
    assert decode_arcs(plain) == [[(1.5, 2.5), (3.5, 4.5)]]


def test_a_ring_joins_arcs_without_repeating_the_joints_and_reverses_negative_ones() -> None:
    arcs = [[(0.0, 0.0), (1.0, 0.0)], [(1.0, 1.0), (1.0, 0.0)]]
    assert ring([0, ~1], arcs) == ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0))


def test_features_give_polygons_and_multipolygons_and_skip_other_types() -> None:
    a, b, c = features(TOPOLOGY, "squares")
    assert (a.id, a.name, b.name) == ("a", "A", "")
    assert a.rings == (((11.0, 20.0), (10.0, 20.0), (10.0, 22.0), (11.0, 22.0), (11.0, 20.0)),)
    # The right square walks the shared border upwards (arc 1 reversed), then its outside.
    assert b.rings[0] == ((11.0, 20.0), (11.0, 22.0), (12.0, 22.0), (12.0, 20.0), (11.0, 20.0))
    assert b.rings[1][0] == (14.0, 36.0)
    assert c.rings == ()


def test_deriving_keeps_one_states_counties_and_renumbers_the_arcs_they_use() -> None:
    topology = {
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "objects": {
            "counties": {
                "geometries": [
                    {"type": "Polygon", "id": "06001", "arcs": [[0]]},
                    {"type": "Polygon", "id": "25003", "arcs": [[3, ~1]]},
                    {"type": "Polygon", "id": "25001", "arcs": [[1]]},
                ]
            }
        },
        "arcs": [["a0"], ["a1"], ["a2"], ["a3"]],
    }
    derived = derive(topology)
    geometries = derived["objects"]["counties"]["geometries"]
    assert [g["id"] for g in geometries] == ["25001", "25003"]
    assert [g["arcs"] for g in geometries] == [[[0]], [[1, ~0]]]
    assert derived["arcs"] == [["a1"], ["a3"]]
    assert derived["transform"] == topology["transform"]


def test_massachusetts_counties_decode_to_the_states_known_extent() -> None:
    # Massachusetts' extreme longitudes and latitudes (Census TIGER state extent, rounded):
    # west -73.508 (Berkshire), east -69.928 (Nantucket), south 41.237, north 42.887.
    topology = json.loads((DATA / "ma-counties-10m.json").read_text("utf-8"))
    points = [p for county in features(topology, "counties") for r in county.rings for p in r]
    assert math.isclose(min(x for x, _ in points), -73.508, abs_tol=0.01)
    assert math.isclose(max(x for x, _ in points), -69.928, abs_tol=0.01)
    assert math.isclose(min(y for _, y in points), 41.237, abs_tol=0.01)
    assert math.isclose(max(y for _, y in points), 42.887, abs_tol=0.01)


def albers_usa_lower48(lon: float, lat: float) -> tuple[float, float]:
    """Project as d3.geoAlbersUsa does the lower 48 (Snyder's spherical Albers, by hand).

    Standard parallels 29.5 and 45.5 N, central meridian 96 W, centred on 38.7 N 96.6 W, scale
    1300, that centre at (487.5, 305), y growing downwards: the parameters us-atlas states.
    """
    p1, p2 = math.radians(29.5), math.radians(45.5)
    n = (math.sin(p1) + math.sin(p2)) / 2
    c = math.cos(p1) ** 2 + 2 * n * math.sin(p1)

    def raw(lam: float, phi: float) -> tuple[float, float]:
        r = math.sqrt(c - 2 * n * math.sin(phi)) / n
        return r * math.sin(n * lam), math.sqrt(c) / n - r * math.cos(n * lam)

    cx, cy = raw(math.radians(-0.6), math.radians(38.7))
    x, y = raw(math.radians(lon + 96), math.radians(lat))
    return 487.5 + 1300 * (x - cx), 305 - 1300 * (y - cy)


def test_colorados_corners_decode_where_the_albers_projection_puts_them() -> None:
    # Colorado is bounded by 41 N, 37 N, 109.05 W and 102.05 W: each corner, projected by hand,
    # is a vertex of its decoded outline to within a fifth of a unit (of 975 across).
    colorado = next(region for region in us_states().regions if region.key == "CO")
    points = [point for outline in colorado.rings for point in outline]
    for corner in [(-109.05, 41.0), (-102.05, 41.0), (-109.05, 37.0), (-102.04, 37.0)]:
        projected = albers_usa_lower48(*corner)
        assert min(math.dist(projected, point) for point in points) < 0.2, corner


def test_the_vendored_files_are_the_ones_the_data_readme_names_with_their_licence() -> None:
    # The states file is us-atlas 3.0.1's, unchanged: its hash is the one the README records.
    readme = (DATA / "README.md").read_text("utf-8")
    states = hashlib.sha256((DATA / "states-albers-10m.json").read_bytes()).hexdigest()
    assert states in readme
    assert "us-atlas 3.0.1" in readme
    licence = (DATA / "us-atlas-LICENSE").read_text("utf-8")
    assert licence.startswith("Copyright 2013-2019 Michael Bostock")
    assert "Permission to use, copy, modify, and/or distribute this software" in licence
    assert sum(path.stat().st_size for path in DATA.iterdir() if path.is_file()) < 200_000
