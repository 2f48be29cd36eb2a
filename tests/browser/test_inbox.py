"""A volunteer opens the inbox, reads a matched reply's fee estimate, records it with one click,
and sees the fee on the request page."""

from datetime import timedelta

from playwright.sync_api import Page, expect

from foia import clock
from tests.support.browser import LiveServer, assert_accessible, log_in
from tests.support.factories import create_agency
from tests.support.inbound import import_mail
from tests.support.responses import email_bytes, filed_request, recent_monday

SENTENCE = "We estimate the fee at $125.00."


def create_matched_reply(app) -> tuple[int, str]:
    """File a request weeks ago and import the agency's reply quoting its reference."""
    records_request = filed_request(
        recent_monday(clock.today(), weeks_back=6),
        agency=create_agency(email="records@springfieldpolice.gov"),
    )
    raw = email_bytes(
        f"RE: Public records request {records_request.reference}",
        f"Thank you for your request. {SENTENCE} Please confirm that you wish to proceed.",
        sent=clock.today() - timedelta(days=2),
    )
    import_mail(app, raw)
    return records_request.id, records_request.reference


def test_volunteer_records_a_fee_estimate_from_a_reply(page: Page, live_server: LiveServer):
    request_id, reference = live_server.run(create_matched_reply, live_server.app)
    account = live_server.create_account("volunteer", name="Vera Volunteer")
    page.goto("/login")
    log_in(page, account.email, account.password)

    page.goto("/inbox")
    page.get_by_role("link", name="Filed under a request").click()
    expect(page.get_by_role("cell", name=reference, exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"RE: Public records request {reference}").click()

    # "Thank you for your request" may be an acknowledgement too: the volunteer picks the fee.
    card = page.locator(".suggestion").filter(has=page.get_by_role("heading", name="Fee estimate"))
    expect(card.get_by_role("heading", name="Fee estimate")).to_be_visible()
    expect(card.locator("blockquote mark")).to_have_text(SENTENCE)
    expect(card.get_by_label("Amount estimated, in dollars (fee estimate)")).to_have_value("125.00")
    assert_accessible(page)
    card.get_by_role("button", name="Record this").click()

    expect(page).to_have_url(f"{live_server.url}/requests/{request_id}#communications-heading")
    expect(page.locator(".flash-success")).to_contain_text("Recorded as fee estimate")
    expect(page.locator("#fees-heading + p")).to_contain_text("Estimate: $125.00")
    expect(page.locator("ol.thread .message .tag")).to_have_text(["Fee estimate"])
