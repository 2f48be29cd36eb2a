"""Draw a map as an SVG element: one path per region, a title on each, a legend under the map.

The element has no width or height, so it fills its container's width and keeps its shape.
Colours are presentation attributes (fill="#..."), which any stylesheet rule overrides and
which a strict Content-Security-Policy allows, where a <style> element or attribute is not.
Every text is escaped; the output depends only on the arguments.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache

from markupsafe import Markup, escape

from foia.maps.regions import Layout, Region
from foia.maps.shades import COLOURS, FILL_LABELS, LEGEND, NO_AGENCIES, Measure, Shade
from foia.maps.topojson import Ring

#: The legend's text size and row height, in SVG units.
LEGEND_FONT = 16.0
LEGEND_ROW = 28.0


def number(value: float) -> str:
    """Return a number with one decimal, without a trailing ".0" or a negative zero."""
    return tenths(round(value * 10))


def tenths(value: int) -> str:
    """Return a whole number of tenths as a decimal: 12 -> "1.2", -5 -> "-0.5", 30 -> "3"."""
    whole, tenth = divmod(abs(value), 10)
    sign = "-" if value < 0 else ""
    return f"{sign}{whole}.{tenth}" if tenth else f"{sign}{whole}"


def path_data(rings: tuple[Ring, ...]) -> str:
    """Return an SVG path's d attribute: each ring a closed line, repeated points dropped.

    Points are rounded to tenths of a unit first, then written as steps from the one before
    (the lowercase "l"), which takes a third less room than absolute positions and adds up
    exactly, since every step is a whole number of tenths.
    """
    parts = []
    for ring in rings:
        points: list[tuple[int, int]] = []
        for x, y in ring:
            point = (round(x * 10), round(y * 10))
            if not points or points[-1] != point:
                points.append(point)
        if len(points) < 3:
            continue
        steps = " ".join(
            f"{tenths(x - px)} {tenths(y - py)}"
            for (px, py), (x, y) in zip(points, points[1:], strict=False)
        )
        parts.append(f"M{tenths(points[0][0])} {tenths(points[0][1])}l{steps}z")
    return "".join(parts)


@cache
def outlines(layout: Layout) -> tuple[str, ...]:
    """Return each region's path data, in the layout's order, computed once per map."""
    return tuple(path_data(region.rings) for region in layout.regions)


def region_path(region: Region, outline: str, shade: Shade) -> str:
    """Return one region's path, with its fill's class and colour and a hover title."""
    title = escape(f"{region.name}: {shade.label}")
    return (
        f'<path class="map-region map-{shade.fill}" data-region="{escape(region.key)}"'
        f' fill="{COLOURS[shade.fill]}" d="{outline}"><title>{title}</title></path>'
    )


def legend(measure: Measure, width: float, top: float) -> tuple[str, float]:
    """Return the legend's SVG, laid out in columns under the map, and the height it takes."""
    row, font = LEGEND_ROW, LEGEND_FONT
    per_row = 3 if width >= 900 else 2
    column = (width - 20) / per_row
    items = []
    for index, fill in enumerate(LEGEND[measure]):
        x = 10 + (index % per_row) * column
        y = top + (index // per_row) * row
        items.append(
            f'<rect class="map-{fill}" x="{number(x)}" y="{number(y)}" width="{number(font)}"'
            f' height="{number(font)}" fill="{COLOURS[fill]}" stroke="#505050"/>'
            f'<text x="{number(x + font * 1.5)}" y="{number(y + font * 0.85)}"'
            f' font-size="{number(font)}">{escape(FILL_LABELS[fill])}</text>'
        )
    rows = -(-len(LEGEND[measure]) // per_row)
    return f'<g class="map-legend">{"".join(items)}</g>', rows * row


def html_legend(entries: list[tuple[str, str, str]]) -> Markup:
    """Return legend entries (class, colour, words) as a list with a swatch before each."""
    items = "".join(
        f'<li><svg class="map-swatch" viewBox="0 0 10 10" width="14" height="14"'
        f' aria-hidden="true" focusable="false"><rect class="{escape(css)}" width="10"'
        f' height="10" fill="{escape(colour)}" stroke="#505050"/></svg> {escape(words)}</li>'
        for css, colour, words in entries
    )
    return Markup(f'<ul class="map-legend">{items}</ul>')  # noqa: S704 - every text escaped


def lines(
    layout: Layout,
    values: Mapping[str, Shade],
    *,
    title: str,
    description: str,
    measure: Measure,
    element_id: str,
    with_legend: bool,
) -> Iterator[str]:
    """Yield the SVG element's parts in order."""
    ident = escape(element_id)
    key, height = "", layout.height
    if with_legend:
        key, extra = legend(measure, layout.width, layout.height + 10)
        height += extra + 10
    labelled = f"{ident}-title {ident}-desc" if description else f"{ident}-title"
    yield (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{ident}" class="map map-{measure}"'
        f' viewBox="0 0 {number(layout.width)} {number(height)}" role="img"'
        f' aria-labelledby="{labelled}">'
    )
    yield f'<title id="{ident}-title">{escape(title)}</title>'
    if description:
        yield f'<desc id="{ident}-desc">{escape(description)}</desc>'
    stroke = number(max(0.5, layout.width / 1000))
    yield f'<g class="map-regions" stroke="#ffffff" stroke-width="{stroke}" fill-rule="evenodd">'
    for region, outline in zip(layout.regions, outlines(layout), strict=True):
        yield region_path(region, outline, values.get(region.key, NO_AGENCIES))
    yield "</g>"
    yield key
    yield "</svg>"


def render(
    layout: Layout,
    values: Mapping[str, Shade],
    *,
    title: str,
    description: str,
    measure: Measure,
    element_id: str,
    with_legend: bool,
) -> Markup:
    """Return a layout drawn with its regions' shades, as markup safe to put in a page."""
    parts = lines(
        layout,
        values,
        title=title,
        description=description,
        measure=measure,
        element_id=element_id,
        with_legend=with_legend,
    )
    # Every text and attribute above went through escape(); the rest is our own markup.
    return Markup("".join(parts))  # noqa: S704 - every text escaped above
