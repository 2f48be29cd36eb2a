"""A lawyer closes an answered request from its header's button, sees it closed, then reopens it
(issue 16), every page checked with axe."""

from datetime import timedelta

from playwright.sync_api import Page, expect

from foia import clock
from foia.extensions import db
from foia.requests import operations
from tests.support.browser import LiveServer, assert_accessible, log_in
from tests.support.responses import filed_request


def create_answered_request() -> tuple[int, str]:
    """Create a request filed last week that the agency answered in full two days ago."""
    today = clock.today()
    start = today - timedelta(days=7)
    records_request = filed_request(start - timedelta(days=start.weekday()), categories=[])
    answered = today - timedelta(days=2)
    operations.add_event(records_request, "final_response", answered, today=today, actor=None)
    db.session.commit()
    return records_request.id, records_request.reference


def test_a_lawyer_closes_a_request_from_its_header_and_reopens_it(
    page: Page, live_server: LiveServer
):
    request_id, reference = live_server.run(create_answered_request)
    account = live_server.create_account("lawyer", name="Lee Lawyer")
    page.goto("/login")
    log_in(page, account.email, account.password)
    page.goto(f"/requests/{request_id}")
    header = page.locator(".request-header")

    header.get_by_role("link", name="Close the request").click()
    expect(page.get_by_role("heading", name=f"Close {reference}?")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_label("Why close it")).to_have_value("fulfilled")  # proposed by the status
    page.get_by_label("Note (optional)").fill("Every record we asked for came.")
    page.get_by_role("button", name="Close the request").click()

    expect(page.locator(".flash-success")).to_contain_text("Request closed")
    expect(header.locator("#closed-on")).to_contain_text(
        "by Lee Lawyer — Fulfilled: we have the records: Every record we asked for came."
    )
    expect(header.get_by_role("link", name="Close the request")).to_have_count(0)
    assert_accessible(page)

    header.get_by_role("link", name="Reopen the request").click()
    expect(page.get_by_role("heading", name=f"Reopen {reference}?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Reopen the request").click()
    # Nothing is reopened without a reason.
    expect(page.locator("#reason-error")).to_have_text("Say why the request is reopened.")
    page.get_by_label("Why reopen it").fill("The agency found more records.")
    page.get_by_role("button", name="Reopen the request").click()

    expect(page.locator(".flash-success")).to_contain_text("Request reopened")
    expect(header.locator("#closed-on")).to_have_count(0)
    expect(header.get_by_role("link", name="Close the request")).to_be_visible()
    assert_accessible(page)
