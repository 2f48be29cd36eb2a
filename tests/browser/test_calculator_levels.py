"""The deadline calculator offers a federal agency, and only that, for a federal request."""

from playwright.sync_api import Page, expect

from tests.support.browser import LiveServer, log_in


def test_choosing_the_united_states_offers_only_a_federal_agency(
    page: Page, live_server: LiveServer
):
    volunteer = live_server.create_account("volunteer")
    page.goto("/login")
    log_in(page, volunteer.email, volunteer.password)
    page.wait_for_url("**/")
    page.goto("/deadlines")
    level = page.get_by_label("Agency level")

    page.get_by_label("Jurisdiction").select_option("US")
    expect(level.locator("option")).to_have_text(["Federal agency"])

    page.get_by_label("Jurisdiction").select_option("US-MA")
    expect(level.locator("option")).to_have_text(["Municipal", "County", "State agency"])
