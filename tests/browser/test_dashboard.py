"""The dashboard, scorecards and notification settings in a real browser, checked with axe."""

import re

from playwright.sync_api import Page, expect

from foia import clock
from foia.campaigns.models import Campaign
from foia.extensions import db
from tests.support.browser import LiveServer, assert_accessible, log_in
from tests.support.reminders import make_request


def _data(owner_id: int) -> None:
    from foia.auth.models import User

    owner = db.session.get(User, owner_id)
    campaign = Campaign(name="Press Pause browser")
    db.session.add(campaign)
    db.session.commit()
    today = clock.today()
    for ago in (14, 8, 3):
        records_request = make_request(today, owner=owner, received_business_days_ago=ago)
        records_request.campaign = campaign
    db.session.commit()


def test_dashboard_shows_my_deadlines_and_the_campaign_chart(page: Page, live_server: LiveServer):
    account = live_server.create_account("lawyer", name="Lee Lawyer")
    live_server.run(_data, account.id)
    page.goto("/login")
    log_in(page, account.email, account.password)

    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    overdue = page.locator("#mine-overdue table")
    expect(overdue.get_by_role("row")).to_have_count(2)  # header and one request
    expect(overdue).to_contain_text("business days")
    expect(page.get_by_role("img", name="Progress of 3 requests")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Agency scorecards").click()
    expect(page.get_by_role("heading", name="Agency scorecards", level=1)).to_be_visible()
    page.get_by_role("link", name="Requests", exact=True).last.click()
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "descending")
    assert_accessible(page)

    page.goto("/")
    page.get_by_role("heading", name="Campaign: Press Pause browser").get_by_role("link").click()
    expect(page.get_by_role("img", name="Progress of 3 requests")).to_be_visible()
    assert_accessible(page)


def test_notification_settings_page(page: Page, live_server: LiveServer):
    account = live_server.create_account("volunteer")
    page.goto("/login")
    log_in(page, account.email, account.password)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Notifications").click()

    expect(page.get_by_role("heading", name="Notification settings", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("One email per reminder, as soon as it is due").check()
    page.get_by_label("Business days before an agency deadline").fill("5")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Your notification settings are saved.")).to_be_visible()
    expect(page.get_by_label("Business days before an agency deadline")).to_have_value("5")
    expect(page.get_by_label("One email per reminder, as soon as it is due")).to_be_checked()

    page.get_by_role("button", name="Make my calendar address").click()
    address = page.get_by_label("Calendar address (iCalendar)")
    expect(address).to_have_value(re.compile(r"/calendar/[\w-]+\.ics$"))
    assert_accessible(page)
