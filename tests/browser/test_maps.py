"""The maps in a real browser, under the app's CSP: coloured, sized to a phone, accessible."""

from markupsafe import Markup, escape
from playwright.sync_api import Page, expect

from foia.maps import (
    AgencyFacts,
    Measure,
    county_shades,
    legend_html,
    map_table,
    massachusetts_counties_svg,
    state_shades,
    us_states_svg,
)
from tests.support.browser import assert_accessible

ROWS = [
    AgencyFacts("US-MA", "Middlesex", True, uses_face_recognition="yes"),
    AgencyFacts("US-MA", "Suffolk County", False, under_ban=True),
    AgencyFacts("US-CA", None, True),
]


def section(heading: str, svg: Markup, table: list[tuple[str, str]], legend: Markup) -> str:
    """Return a map, its legend and its table, as a public page would lay them out."""
    rows = "".join(
        f"<tr><th scope='row'>{escape(n)}</th><td>{escape(w)}</td></tr>" for n, w in table
    )
    return (
        f"<section><h2>{escape(heading)}</h2>{svg}{legend}<table><caption>{escape(heading)}"
        f"</caption><tr><th scope='col'>Where</th><th scope='col'>What</th></tr>{rows}</table>"
        "</section>"
    )


def test_both_maps_are_coloured_under_the_csp_fit_a_phone_and_pass_axe(page: Page):
    states = state_shades(ROWS, Measure.ANSWERED)
    counties = county_shades(ROWS, Measure.FINDINGS)
    body = section(
        "Agencies that answered, by state",
        us_states_svg(states, title="Answered, by state", legend=False, element_id="m-us"),
        map_table(states, "states"),
        legend_html(Measure.ANSWERED),
    ) + section(
        "Findings in Massachusetts, by county",
        massachusetts_counties_svg(
            counties, title="Findings, by county", measure=Measure.FINDINGS, element_id="m-ma"
        ),
        map_table(counties, "counties"),
        legend_html(Measure.FINDINGS),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/login")  # a page of the app, so its Content-Security-Policy applies
    page.evaluate("html => { document.querySelector('main').innerHTML = html; }", body)

    expect(page.get_by_role("img", name="Answered, by state")).to_be_visible()
    expect(page.get_by_role("img", name="Findings, by county")).to_be_visible()
    fill = "el => getComputedStyle(el).fill"
    # Massachusetts: 1 of its 2 agencies answered, the 50-74 % band (#2171b5); California all.
    assert page.locator("#m-us [data-region=MA]").evaluate(fill) == "rgb(33, 113, 181)"
    assert page.locator("#m-us [data-region=CA]").evaluate(fill) == "rgb(8, 48, 107)"
    assert page.locator("#m-us [data-region=TX]").evaluate(fill) == "rgb(229, 229, 229)"
    assert page.locator("#m-ma [data-region=Middlesex]").evaluate(fill) == "rgb(230, 159, 0)"
    assert page.locator("#m-ma [data-region=Suffolk]").evaluate(fill) == "rgb(0, 114, 178)"
    box = page.locator("#m-us").bounding_box()
    assert box is not None and 300 < box["width"] <= 390 and box["height"] > 150
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.get_by_role("row", name="Suffolk Ban or moratorium (1 of 1)")).to_be_visible()
    assert_accessible(page)
