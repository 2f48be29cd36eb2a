"""A lawyer confirms a vendor suggested from a document and finds it in the campaign's table."""

from playwright.sync_api import Page, expect

from foia import clock
from foia.campaigns.models import Campaign
from foia.extensions import db
from tests.support.browser import LiveServer, assert_accessible, log_in
from tests.support.findings import CONTRACT_TEXT, add_document
from tests.support.responses import filed_request, recent_monday


def _data(app) -> dict[str, int]:
    campaign = Campaign(name="Press Pause findings")
    db.session.add(campaign)
    db.session.commit()
    records_request = filed_request(recent_monday(clock.today()), campaign=campaign)
    attachment = add_document(app, records_request, CONTRACT_TEXT)
    return {"campaign": campaign.id, "attachment": attachment.id}


def test_a_lawyer_confirms_a_suggested_vendor_and_sees_it_in_the_table(
    page: Page, live_server: LiveServer
):
    account = live_server.create_account("lawyer", name="Lee Lawyer")
    ids = live_server.run(_data, live_server.app)
    page.goto("/login")
    log_in(page, account.email, account.password)

    page.goto(f"/attachments/{ids['attachment']}")
    page.get_by_role("link", name="Findings in this document").click()
    page.get_by_role("button", name="Suggest findings from the text").click()
    expect(page.get_by_text("4 new suggestions.")).to_be_visible()
    vendor = page.get_by_role("region", name="System or vendor: Clearview AI")
    expect(vendor).to_contain_text("Page 2")
    expect(vendor).to_contain_text("Clearview AI, Inc.")
    assert_accessible(page)

    vendor.get_by_label("Value").fill("")
    vendor.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("the value is empty")
    assert_accessible(page)
    vendor = page.get_by_role("region", name="System or vendor: Clearview AI")
    vendor.get_by_label("Value").fill("Clearview AI")
    vendor.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Confirmed: System or vendor, Clearview AI.")).to_be_visible()
    expect(vendor).to_contain_text("Confirmed by Lee Lawyer")

    page.goto(f"/campaigns/{ids['campaign']}")
    page.get_by_role("link", name="Findings: what each agency disclosed").click()
    expect(page.get_by_role("heading", name="Findings: Press Pause findings")).to_be_visible()
    row = page.get_by_role("row", name="Springfield Police Department")
    expect(row.get_by_role("link", name="Clearview AI")).to_be_visible()
    expect(row).not_to_contain_text("$10,000")  # suggested, not confirmed
    assert_accessible(page)

    page.get_by_label("Show").select_option(label="Confirmed and suggested")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("row", name="Springfield Police Department")).to_contain_text("$10,000")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 800})
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 390, f"the page scrolls sideways at 390 px ({scroll})"
