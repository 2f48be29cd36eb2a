"""Composing a single request: the agency is picked by typing part of its name."""

from playwright.sync_api import Page, expect

from tests.support.app import FAST_PASSWORD
from tests.support.browser import LiveServer, assert_accessible, log_in
from tests.support.world import build_world


def _an_agency(app) -> tuple[int, str]:
    from sqlalchemy import select

    from foia.agencies.models import Agency
    from foia.extensions import db

    agency = db.session.scalars(select(Agency).order_by(Agency.name.desc())).first()
    return agency.id, agency.name


def test_the_agency_is_a_combobox_that_sets_the_form_value(page: Page, live_server: LiveServer):
    world = live_server.run(build_world, live_server.app)
    agency_id, name = live_server.run(_an_agency, live_server.app)
    page.goto("/login")
    log_in(page, world["emails"]["lawyer"], FAST_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/requests/compose")

    box = page.get_by_role("combobox", name="Agency")
    box.fill(name)
    expect(page.locator("select#agency")).to_have_value(str(agency_id))
    expect(page.locator("select#agency")).to_be_hidden()
    assert_accessible(page)

    box.fill("No such agency anywhere")  # names nothing: the form submits no agency
    expect(page.locator("select#agency")).to_have_value("")


def test_without_javascript_the_agency_is_a_select(browser, live_server: LiveServer):
    world = live_server.run(build_world, live_server.app)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/login")
    log_in(page, world["emails"]["lawyer"], FAST_PASSWORD)
    page.goto("/requests/compose")
    expect(page.get_by_role("combobox", name="Agency")).to_have_js_property("tagName", "SELECT")
    context.close()
