"""Reviewing findings as a new lawyer meets it: where the document came from, buttons one can
hit, Reject beside Confirm, and the campaign table's filters laid out label above control."""

from playwright.sync_api import Locator, Page, expect

from foia import clock
from foia.campaigns.models import Campaign
from foia.extensions import db
from tests.support.browser import LiveServer, assert_accessible, log_in
from tests.support.findings import CONTRACT_TEXT, add_document
from tests.support.responses import filed_request, recent_monday

#: WCAG 2.2 §2.5.8 (target size, minimum): 24 CSS pixels. The browser's bare buttons were 21.
MIN_TARGET_PX = 24


def _data(app) -> dict:
    campaign = Campaign(name="Press Pause review")
    db.session.add(campaign)
    db.session.commit()
    records_request = filed_request(recent_monday(clock.today()), campaign=campaign)
    attachment = add_document(app, records_request, CONTRACT_TEXT)
    return {
        "campaign": campaign.id,
        "attachment": attachment.id,
        "reference": records_request.reference,
        "agency": records_request.agency.name,
    }


def _height(control: Locator) -> float:
    box = control.bounding_box()
    assert box is not None
    return box["height"]


def test_the_review_page_says_whose_document_it_is_and_its_buttons_can_be_hit(
    page: Page, live_server: LiveServer
):
    account = live_server.create_account("lawyer", name="Lee Lawyer")
    ids = live_server.run(_data, live_server.app)
    page.goto("/login")
    log_in(page, account.email, account.password)

    page.goto(f"/attachments/{ids['attachment']}/findings")
    expect(page.get_by_role("link", name=ids["agency"])).to_be_visible()
    suggest = page.get_by_role("button", name="Suggest findings from the text")
    assert _height(suggest) >= MIN_TARGET_PX
    suggest.click()
    contract = page.get_by_role("region", name="Contract value: $10,000")
    confirm = contract.get_by_role("button", name="Confirm")
    reject = contract.get_by_role("button", name="Reject")
    assert _height(confirm) >= MIN_TARGET_PX and _height(reject) >= MIN_TARGET_PX
    # One row of actions: Reject sits beside Confirm, not on a line of its own.
    left, right = confirm.bounding_box(), reject.bounding_box()
    assert right["y"] < left["y"] + left["height"] and left["y"] < right["y"] + right["height"]
    assert_accessible(page)

    reject.click()
    expect(page.get_by_text("Rejected: Contract value, $10,000.")).to_be_visible()
    decided = page.locator("#decided-heading ~ section.finding")
    expect(decided).to_have_count(1)
    expect(decided).to_contain_text("Rejected by Lee Lawyer")

    page.get_by_role("link", name=ids["reference"]).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ids["reference"])


def test_the_findings_filters_put_each_label_above_its_control(page: Page, live_server: LiveServer):
    account = live_server.create_account("volunteer")
    ids = live_server.run(_data, live_server.app)
    page.goto("/login")
    log_in(page, account.email, account.password)

    page.goto(f"/campaigns/{ids['campaign']}/findings")
    for label in ("Show", "Finding", "Value contains"):
        control = page.get_by_label(label, exact=True)
        words = page.locator("form.filters label", has_text=label)
        # Above it, not squeezed in on its left (the filters of every other list look so).
        assert words.bounding_box()["y"] + words.bounding_box()["height"] <= (
            control.bounding_box()["y"] + 1
        ), label
    assert _height(page.get_by_role("button", name="Filter")) >= MIN_TARGET_PX
    assert_accessible(page)
