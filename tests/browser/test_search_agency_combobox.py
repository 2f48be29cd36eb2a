"""Search: the Agency field suggests names as you type; without JavaScript it is a text box."""

from playwright.sync_api import Page, expect

from tests.support.browser import LiveServer, assert_accessible, log_in

AGENCIES = ("Boston Police Department", "Boston University Police", "Worcester Police")


def _replies() -> None:
    from datetime import timedelta

    from foia import clock
    from foia.extensions import db
    from foia.requests.models import Communication
    from tests.support.factories import create_agency
    from tests.support.responses import filed_request, recent_monday

    today = clock.today()
    for name in AGENCIES:
        records_request = filed_request(recent_monday(today), agency=create_agency(name))
        db.session.add(
            Communication(
                records_request=records_request,
                direction="in",
                channel="email",
                occurred_on=today - timedelta(days=1),
                subject=f"Reply from {name}",
                body="Our Clearview AI trial ended.",
                sender="rao@town.gov",
            )
        )
    db.session.commit()


def _search_page(page: Page, live_server: LiveServer) -> None:
    account = live_server.create_account("volunteer")
    live_server.run(_replies)
    page.goto("/login")
    log_in(page, account.email, account.password)
    page.wait_for_url("**/")
    page.goto("/search")


def test_typing_suggests_agency_names_and_the_choice_narrows_the_search(
    page: Page, live_server: LiveServer
):
    _search_page(page, live_server)
    box = page.get_by_role("combobox", name="Agency")

    box.press_sequentially("bost")
    suggestions = page.locator("datalist#agency-names option")
    expect(suggestions).to_have_count(2)
    assert suggestions.evaluate_all("list => list.map(o => o.value)") == list(AGENCIES[:2])

    box.fill("Boston Police Department")
    page.get_by_label("Search for").fill("clearview")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", name="Reply from Boston Police Department")).to_be_visible()
    expect(page.locator(".hit")).to_have_count(1)
    expect(page.get_by_role("combobox", name="Agency")).to_have_value("Boston Police Department")
    assert_accessible(page)


def test_without_javascript_part_of_a_name_is_enough(browser, live_server: LiveServer):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    _search_page(page, live_server)

    page.get_by_role("combobox", name="Agency").fill("boston")
    page.get_by_label("Search for").fill("clearview")
    page.get_by_role("button", name="Search").click()

    expect(page.locator(".hit")).to_have_count(2)
    expect(page.get_by_role("heading", name="Reply from Worcester Police")).to_have_count(0)
    context.close()
