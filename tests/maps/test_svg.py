"""The maps as drawn: every region by name, the colours the values say, valid and escaped SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from foia.maps import (
    Fill,
    Measure,
    Shade,
    legend_entries,
    legend_html,
    map_table,
    massachusetts_counties_svg,
    us_states_svg,
)
from foia.maps.shades import COLOURS

SVG = "{http://www.w3.org/2000/svg}"

#: The 50 states and the District of Columbia, by postal code (USPS), written out by hand.
STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip

#: Massachusetts' 14 counties (MGL c. 34 §1 and the Census FIPS list 25001-25027).
COUNTIES = [
    "Barnstable", "Berkshire", "Bristol", "Dukes", "Essex", "Franklin", "Hampden",
    "Hampshire", "Middlesex", "Nantucket", "Norfolk", "Plymouth", "Suffolk", "Worcester",
]  # fmt: skip

TOP = Shade(Fill.ANSWERED_75, "3 of 4 agencies answered (75%)")
LOW = Shade(Fill.ANSWERED_0, "0 of 2 agencies answered (0%)")


def parse(svg: str) -> ET.Element:
    """Parse a map, failing if it is not well-formed XML."""
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check it is well-formed


def regions(svg: str) -> dict[str, ET.Element]:
    """Parse a map (failing if it is not well-formed XML) and return its paths by region."""
    root = parse(svg)
    return {path.get("data-region", ""): path for path in root.iter(f"{SVG}path")}


def title_of(element: ET.Element) -> str:
    """Return the text of an element's <title> child."""
    title = element.find(f"{SVG}title")
    assert title is not None
    return title.text or ""


def test_the_us_map_has_every_state_and_dc_with_its_name() -> None:
    paths = regions(us_states_svg({}, title="States"))
    assert set(paths) == set(STATES)
    for code, name in STATES.items():
        assert title_of(paths[code]) == f"{name}: No agencies asked"
        assert paths[code].get("d", "").startswith("M")


def test_the_massachusetts_map_has_its_14_counties_with_their_names() -> None:
    paths = regions(massachusetts_counties_svg({}, title="Counties"))
    assert sorted(paths) == COUNTIES
    assert all(title_of(paths[name]) == f"{name}: No agencies asked" for name in COUNTIES)


def test_each_region_takes_its_values_colour_and_the_rest_are_grey() -> None:
    paths = regions(us_states_svg({"MA": TOP, "TX": LOW, "US": TOP, "PR": LOW}, title="t"))
    assert paths["MA"].get("class") == "map-region map-answered-75-100"
    assert paths["MA"].get("fill") == COLOURS[Fill.ANSWERED_75] == "#08306b"
    assert title_of(paths["MA"]) == "Massachusetts: 3 of 4 agencies answered (75%)"
    assert paths["TX"].get("class") == "map-region map-answered-0-25"
    others = {code for code, path in paths.items() if "map-no-agencies" in path.get("class", "")}
    assert others == set(STATES) - {"MA", "TX"}  # "US" and "PR" are on no map, and ignored


def test_county_values_are_keyed_by_county_name() -> None:
    uses = Shade(Fill.USES, "Uses face recognition (1 of 3)")
    svg = massachusetts_counties_svg({"Suffolk": uses}, title="t", measure=Measure.FINDINGS)
    paths = regions(svg)
    assert paths["Suffolk"].get("fill") == "#e69f00"
    assert paths["Middlesex"].get("fill") == COLOURS[Fill.NO_AGENCIES]


def test_the_map_is_an_image_named_by_its_title_and_description() -> None:
    svg = us_states_svg({}, title="Who answered", description="By state.", element_id="m1")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "m1-title m1-desc"
    assert root.find(f"{SVG}title[@id='m1-title']").text == "Who answered"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc[@id='m1-desc']").text == "By state."  # type: ignore[union-attr]
    assert root.get("viewBox", "").startswith("0 0 975 ")
    assert root.get("width") is None  # it fills its container: no sideways scrolling


def test_without_a_description_the_map_is_named_by_its_title_alone() -> None:
    root = parse(massachusetts_counties_svg({}, title="t", element_id="m2"))
    assert root.get("aria-labelledby") == "m2-title"
    assert root.find(f"{SVG}desc") is None


def test_every_text_is_escaped() -> None:
    nasty = '<script>alert("x")</script> & Co'
    svg = us_states_svg(
        {"MA": Shade(Fill.USES, nasty)}, title=nasty, description=nasty, element_id='a"b<'
    )
    assert "<script>" not in svg
    root = parse(svg)  # still well-formed
    assert root.get("id") == 'a"b<'
    assert root.find(f"{SVG}title").text == nasty  # type: ignore[union-attr]
    assert title_of(regions(svg)["MA"]) == f"Massachusetts: {nasty}"


def test_the_legend_shows_each_fill_of_the_measure_in_order() -> None:
    root = parse(us_states_svg({}, title="t", measure=Measure.FINDINGS))
    legend = root.find(f"{SVG}g[@class='map-legend']")
    assert legend is not None
    words = [text.text for text in legend.iter(f"{SVG}text")]
    assert words == [label for _, _, label in legend_entries(Measure.FINDINGS)]
    assert words[:2] == ["Ban violation found", "Uses face recognition"]
    plain = parse(us_states_svg({}, title="t", legend=False))
    assert plain.find(f"{SVG}g[@class='map-legend']") is None


def test_legend_entries_give_class_colour_and_words() -> None:
    first = ("map-answered-0-25", "#c6dbef", "Under 25% answered")
    assert legend_entries(Measure.ANSWERED)[0] == first
    assert [css for css, _, _ in legend_entries(Measure.ANSWERED)][-1] == "map-no-agencies"


def test_the_output_depends_only_on_the_arguments() -> None:
    values = {"MA": TOP, "TX": LOW}
    first = us_states_svg(values, title="t")
    assert us_states_svg(dict(reversed(values.items())), title="t") == first
    assert massachusetts_counties_svg({}, title="t") == massachusetts_counties_svg({}, title="t")


def test_the_table_lists_the_regions_with_values_by_name() -> None:
    values = {"TX": LOW, "MA": TOP, "US": TOP}
    assert map_table(values, "states") == [
        ("Massachusetts", "3 of 4 agencies answered (75%)"),
        ("Texas", "0 of 2 agencies answered (0%)"),
    ]
    assert map_table({"Suffolk": TOP, "Gotham": LOW}, "counties") == [("Suffolk", TOP.label)]


def test_the_html_legend_lists_each_fill_with_a_swatch_in_its_colour() -> None:
    html = legend_html(Measure.FINDINGS)
    items = parse(html).findall("li")
    assert [item[0].tail.strip() for item in items] == [  # type: ignore[union-attr]
        words for _, _, words in legend_entries(Measure.FINDINGS)
    ]
    rect = items[1].find("svg/rect")  # inline SVG in HTML: no namespace needed
    assert rect is not None
    assert (rect.get("class"), rect.get("fill")) == ("map-uses", "#e69f00")
    assert "style" not in html  # the app's CSP refuses inline styles
