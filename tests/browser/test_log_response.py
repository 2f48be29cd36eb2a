"""A volunteer logs a mailed reply with a scan, codes three categories and sees the dates move."""

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from foia import clock
from tests.support.browser import LiveServer, assert_accessible, log_in
from tests.support.responses import filed_request, scanned_image


def create_filed_request() -> tuple[int, str]:
    """Create a Massachusetts request filed last week, asking for three categories."""
    start = clock.today() - timedelta(days=7)
    records_request = filed_request(start - timedelta(days=start.weekday()))
    return records_request.id, records_request.reference


def test_volunteer_logs_a_mailed_reply_and_codes_categories(page: Page, live_server: LiveServer):
    request_id, reference = live_server.run(create_filed_request)
    account = live_server.create_account("volunteer", name="Vera Volunteer")
    page.goto("/login")
    log_in(page, account.email, account.password)
    page.goto(f"/requests/{request_id}")
    due = page.locator("tr[data-clock='extended_response'] td.due")
    before = due.inner_text()

    page.get_by_role("link", name="Log a response").click()
    expect(page.get_by_role("heading", name=f"Log a response: {reference}")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Date received").fill(clock.today().isoformat())
    page.get_by_label("How it came").select_option(label="Mail")
    page.get_by_label("From (name or address)").fill("Records Access Officer, Springfield PD")
    page.get_by_label("What kind of reply").select_option(label="Extension notice")
    page.get_by_label("Days claimed (extension notice)").fill("10")
    page.get_by_label("Summary").fill("Letter claims 10 more business days; scan attached.")
    page.get_by_label("Attachments (several at once)").set_input_files(
        [
            {
                "name": "letter-scan.png",
                "mimeType": "image/png",
                "buffer": scanned_image("EXTENSION NOTICE"),
            }
        ]
    )
    expect(page.locator(".dropzone-list li")).to_have_text([re.compile(r"^letter-scan\.png")])
    page.get_by_label("New tracking numbers (one a line)").fill("SPD-2026-118")
    page.get_by_role("button", name="Log response").click()

    expect(page.locator(".flash-success")).to_contain_text("Response logged with 1 file(s)")
    expect(due).not_to_have_text(before)
    expect(page.get_by_role("link", name="letter-scan.png", exact=True)).to_be_visible()
    expect(page.locator(".tracking-number")).to_have_text(["SPD-2026-118"])

    page.get_by_label("Outcome: Use policies and procedures").select_option(label="Produced")
    page.get_by_label("Outcome: Contracts, licenses and agreements").select_option(label="Withheld")
    page.get_by_label("Exemption cited: Contracts, licenses and agreements").select_option(
        label="M.G.L. c.4 §7(26)(g): Trade secrets or commercial information voluntarily provided"
    )
    page.get_by_label("Outcome: Audit logs and user accounts").select_option(label="No records")
    page.get_by_role("button", name="Save outcomes").click()

    expect(page.locator(".flash-success")).to_have_text("Outcomes saved.")
    expect(page.get_by_label("Outcome: Contracts, licenses and agreements")).to_have_value(
        "withheld"
    )
    expect(page.get_by_label("Outcome: Audit logs and user accounts")).to_have_value("no_records")
    expect(page.get_by_role("heading", name="Deadline changes")).to_be_visible()
    assert_accessible(page)
