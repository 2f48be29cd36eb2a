"""A volunteer logs a mailed reply with a scan, a fee and each category's outcome in one form, and
sees the outcomes, the fee and the moved dates on the request page (issue 16 §4, §5)."""

import re
from datetime import timedelta

from playwright.sync_api import Browser, Page, expect

from foia import clock
from tests.support.browser import TIMEOUT_MS, LiveServer, assert_accessible, log_in
from tests.support.responses import filed_request, scanned_image

POLICIES = "Use policies and procedures"
CONTRACTS = "Contracts, licenses and agreements"
AUDIT_LOGS = "Audit logs and user accounts"
DECIDED = "Partial release, final response, denial or no records"


def create_filed_request() -> tuple[int, str]:
    """Create a Massachusetts request filed last week, asking for three categories."""
    start = clock.today() - timedelta(days=7)
    records_request = filed_request(start - timedelta(days=start.weekday()))
    return records_request.id, records_request.reference


def test_volunteer_logs_a_mailed_reply_with_outcomes_and_a_fee(page: Page, live_server: LiveServer):
    request_id, reference = live_server.run(create_filed_request)
    account = live_server.create_account("volunteer", name="Vera Volunteer")
    page.goto("/login")
    log_in(page, account.email, account.password)
    page.goto(f"/requests/{request_id}")
    response_standing = page.locator("tr[data-clock='response'] td.standing")
    expect(response_standing).not_to_contain_text("met")
    expect(page.locator("tr[data-clock='appeal']")).to_have_count(0)

    page.get_by_role("link", name="Log a response").first.click()
    expect(page.get_by_role("heading", name=f"Log a response: {reference}")).to_be_visible()
    # With JavaScript only the chosen kind's fields show: none of the categories' yet.
    outcome = page.get_by_label(f"Outcome: {CONTRACTS}")
    expect(outcome).to_be_hidden()
    assert_accessible(page)
    page.get_by_label("Date received").fill(clock.today().isoformat())
    page.get_by_label("How it came").select_option(label="Mail")
    page.get_by_label("From (name or address)").fill("Records Access Officer, Springfield PD")
    page.get_by_label("What kind of reply").select_option(label="Partial release")
    expect(page.get_by_role("group", name=DECIDED)).to_be_visible()
    expect(page.get_by_label("Amount estimated, in dollars (fee estimate)")).to_be_hidden()
    expect(page.get_by_label("Days claimed (extension notice)")).to_be_hidden()

    categories = page.get_by_role("group", name=DECIDED)
    expect(categories.get_by_role("group")).to_have_count(3)
    page.get_by_label(f"Outcome: {POLICIES}").select_option(label="Produced")
    outcome.select_option(label="Withheld")
    page.get_by_label(f"Exemption cited: {CONTRACTS}").select_option(
        label="M.G.L. c.4 §7(26)(g): Trade secrets or commercial information voluntarily provided"
    )
    page.get_by_label(f"Exemption in the agency's words: {CONTRACTS}").fill(
        "Vendor's proprietary pricing"
    )
    page.get_by_label(f"Outcome: {AUDIT_LOGS}").select_option(label="No records")
    page.get_by_label("Fee charged, in dollars (invoice, if any)").fill("37.50")
    page.get_by_label("Summary").fill("Policies enclosed; contract withheld; invoice for copies.")
    page.get_by_label("Attachments (several at once)").set_input_files(
        [
            {
                "name": "letter-scan.png",
                "mimeType": "image/png",
                "buffer": scanned_image("PARTIAL RELEASE"),
            }
        ]
    )
    expect(page.locator(".dropzone-list li")).to_have_text([re.compile(r"^letter-scan\.png")])
    page.get_by_label("New tracking numbers (one a line)").fill("SPD-2026-118")
    assert_accessible(page)
    page.get_by_role("button", name="Log response").click()

    # One submission: the reply, its scan, the outcomes and the fee are on the request page.
    expect(page.locator(".flash-success")).to_contain_text("Response logged with 1 file(s)")
    expect(page.get_by_role("link", name="letter-scan.png", exact=True)).to_be_visible()
    expect(page.locator(".tracking-number")).to_have_text(["SPD-2026-118"])
    expect(page.get_by_label(f"Outcome: {POLICIES}")).to_have_value("produced")
    expect(page.get_by_label(f"Outcome: {CONTRACTS}")).to_have_value("withheld")
    expect(page.get_by_label(f"Exemption cited: {CONTRACTS}")).to_have_value("26g")
    expect(page.get_by_label(f"Outcome: {AUDIT_LOGS}")).to_have_value("no_records")
    fees = page.locator("section[aria-labelledby=fees-heading]")
    expect(fees).to_contain_text("Invoiced: $37.50")
    expect(fees.get_by_role("row", name=re.compile(r"Invoice \$37\.50"))).to_be_visible()
    # The dates move: the response is met, and the 90-day appeal window opens from today.
    expect(response_standing).to_contain_text("met")
    window_due = (clock.today() + timedelta(days=90)).strftime("%a %d %b %Y")
    expect(page.locator("tr[data-clock='appeal'] td.due")).to_have_text(window_due)
    expect(page.get_by_role("heading", name="Appeal", exact=True)).to_be_visible()
    expect(page.locator("section[aria-labelledby=appeals-heading]")).to_contain_text(
        "partly denied"
    )
    assert_accessible(page)


def test_a_refused_code_keeps_what_was_typed(page: Page, live_server: LiveServer):
    request_id, _ = live_server.run(create_filed_request)
    account = live_server.create_account("volunteer")
    page.goto("/login")
    log_in(page, account.email, account.password)
    page.goto(f"/requests/{request_id}/responses/new")
    page.get_by_label("What kind of reply").select_option(label="Denial")
    page.get_by_label(f"Outcome: {CONTRACTS}").select_option(label="Withheld")
    page.get_by_label(f"Exemption cited: {CONTRACTS}").select_option(label="Other (describe below)")
    page.get_by_label("Fee charged, in dollars (invoice, if any)").fill("12.00")
    page.get_by_role("button", name="Log response").click()

    words = page.get_by_label(f"Exemption in the agency's words: {CONTRACTS}")
    expect(words).to_be_visible()
    expect(words).to_have_accessible_description("Describe the exemption the agency cited.")
    expect(page.get_by_label(f"Outcome: {CONTRACTS}")).to_have_value("withheld")
    expect(page.get_by_label("Fee charged, in dollars (invoice, if any)")).to_have_value("12.00")
    assert_accessible(page)


def test_without_javascript_the_categories_show_under_their_kinds_names(
    browser: Browser, live_server: LiveServer
):
    request_id, _ = live_server.run(create_filed_request)
    account = live_server.create_account("volunteer")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto("/login")
        log_in(page, account.email, account.password)
        page.goto(f"/requests/{request_id}/responses/new")
        for name in ("Extension notice", "Fee estimate", DECIDED):
            expect(page.get_by_role("group", name=name, exact=True)).to_be_visible()
        categories = page.get_by_role("group", name=DECIDED)
        expect(categories.get_by_label(f"Outcome: {AUDIT_LOGS}")).to_be_visible()
        expect(categories.get_by_label("Fee charged, in dollars (invoice, if any)")).to_be_visible()
    finally:
        context.close()
