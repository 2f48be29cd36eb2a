"""The request page leads with the next step and stays short (issue 16 §4): three screens at
1366×900, no sideways scroll on a phone, explanations folded, one form to log a reply."""

from datetime import timedelta

from playwright.sync_api import Browser, Page, expect

from foia import clock
from foia.extensions import db
from tests.support.browser import TIMEOUT_MS, LiveServer, assert_accessible, log_in
from tests.support.responses import filed_request, recent_monday

AGENCY_MAIL = "records-office-with-a-rather-long-address@springfield-police.example.gov"
SCREEN = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def create_demo_like_request() -> int:
    """Create a request filed three weeks ago, as the demo's are: a letter with its SHA-256, the
    filing email, the agency's acknowledgement and extension logged, an automatic reply and a
    note; so several messages and clocks."""
    from flask import current_app

    from foia.documents.storage import store_for
    from foia.inbound.models import InboundEmail
    from foia.requests.models import Communication, RequestLetter
    from foia.responses import operations
    from tests.support.factories import create_agency

    filed_on = recent_monday(clock.today(), weeks_back=3)
    records_request = filed_request(filed_on, agency=create_agency(email=AGENCY_MAIL))
    letter = RequestLetter(
        kind="request",
        subject="Face recognition records",
        body_html="<p>Dear Records Officer,</p>" + "<p>We ask for these records.</p>" * 20,
        body_text="Dear Records Officer",
        pdf_sha256="9f" * 32,
        sent_at=clock.now() - timedelta(weeks=3),
    )
    records_request.letters.append(letter)
    records_request.approved_at = letter.sent_at
    db.session.flush()
    records_request.communications.append(
        Communication(
            direction="out",
            channel="email",
            occurred_on=filed_on,
            recipient=AGENCY_MAIL,
            subject=f"Public records request {records_request.reference}",
            body="Dear Records Officer,\n\nUnder the Public Records Law we ask for ...\n" * 8,
            letter_id=letter.id,
        )
    )
    store = store_for(current_app.config)
    for days, kind, extra in ((2, "acknowledgement", {}), (9, "extension", {"extension_days": 10})):
        operations.log_response(
            records_request,
            received_on=filed_on + timedelta(days=days),
            channel="email",
            sender=AGENCY_MAIL,
            kind=kind,
            summary="We received your request. Our records officer is working on it.",
            today=clock.today(),
            actor=None,
            store=store,
            max_bytes=10_000_000,
            **extra,
        )
    db.session.add(
        InboundEmail(
            raw_sha256="1" * 64,
            dedup_key="<auto.1@springfield-police.example.gov>",
            message_id="<0123456789abcdef0123456789abcdef.auto-reply@springfield-police.example.gov>",
            kind="auto_reply",
            sender=AGENCY_MAIL,
            subject="Out of office",
            body="I am out of the office until Monday.",
            sent_on=filed_on + timedelta(days=1),
            request_id=records_request.id,
        )
    )
    operations.add_note(
        records_request,
        "Called the clerk: the scans come next week.",
        is_privileged=False,
        actor=None,
    )
    db.session.commit()
    return records_request.id


def create_draft_request() -> int:
    """Create a request with its letter drafted, not filed yet."""
    from foia.requests import operations
    from foia.requests.models import RequestLetter
    from tests.support.factories import create_agency

    records_request = operations.create_request(
        create_agency(email=AGENCY_MAIL), "Face recognition records", owner=None, actor=None
    )
    records_request.letters.append(
        RequestLetter(
            kind="request",
            subject="Face recognition records",
            body_html="<p>Dear Records Officer</p>",
            body_text="Dear Records Officer",
        )
    )
    db.session.commit()
    return records_request.id


def _sign_in(page: Page, live_server: LiveServer, role: str = "lawyer") -> None:
    account = live_server.create_account(role, name="Lee Lawyer")
    page.goto("/login")
    log_in(page, account.email, account.password)


def test_a_demo_like_request_fits_three_screens_and_leads_with_its_next_action(
    page: Page, live_server: LiveServer
):
    request_id = live_server.run(create_demo_like_request)
    _sign_in(page, live_server)
    page.set_viewport_size(SCREEN)
    page.goto(f"/requests/{request_id}")

    header = page.locator("header.request-header")
    expect(header.get_by_role("link", name="Log a reply")).to_have_class("button primary-action")
    expect(header).to_contain_text("The agency extended its deadline")
    expect(page.locator(".primary-action")).to_have_count(1)
    expect(page.locator(".thread .message")).to_have_count(4)
    # Every day-by-day explanation is folded, and opens without JavaScript's help.
    explanations = page.locator("details.explanations")
    expect(explanations).not_to_have_attribute("open", "")
    expect(page.locator("ol.steps").first).to_be_hidden()
    page.get_by_text("How was each date computed?").click()
    expect(page.locator("ol.steps").first).to_be_hidden()
    explanations.locator("details > summary").first.click()
    expect(page.locator("ol.steps").first).to_be_visible()
    page.reload()

    # Everything before the ledger and audit leaves them a screen of the three.
    ledger_top = page.locator("#ledger-heading").bounding_box()["y"]
    assert ledger_top <= 3 * SCREEN["height"] - 400, f"the ledger starts {ledger_top} px down"
    assert_accessible(page)

    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide at 390 px"


def test_the_whole_page_fits_three_screens(page: Page, live_server: LiveServer):
    request_id = live_server.run(create_demo_like_request)
    _sign_in(page, live_server)
    page.set_viewport_size(SCREEN)
    page.goto(f"/requests/{request_id}")

    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 3 * SCREEN["height"], f"the page is {height} px tall"


def test_a_draft_leads_to_filing(page: Page, live_server: LiveServer):
    request_id = live_server.run(create_draft_request)
    _sign_in(page, live_server)
    page.goto(f"/requests/{request_id}")

    page.locator("header.request-header").get_by_role("link", name="File the request").click()
    expect(page).to_have_url(f"{live_server.url}/requests/{request_id}#file")
    expect(page.get_by_role("heading", name="Approve and file")).to_be_visible()


def test_logging_a_reply_shows_only_the_chosen_types_fields(page: Page, live_server: LiveServer):
    request_id = live_server.run(create_demo_like_request)
    _sign_in(page, live_server, "volunteer")
    page.goto(f"/requests/{request_id}/responses/new")
    kind = page.get_by_label("What kind of reply")

    days = page.get_by_label("Days claimed (extension notice)")
    fee = page.get_by_label("Amount estimated, in dollars (fee estimate)")
    expect(days).to_be_hidden()
    expect(fee).to_be_hidden()
    kind.select_option(label="Fee estimate")
    expect(fee).to_be_visible()
    expect(days).to_be_hidden()
    kind.select_option(label="Extension notice")
    expect(days).to_be_visible()
    expect(fee).to_be_hidden()
    assert_accessible(page)


def test_without_javascript_every_types_fields_show_under_its_name(
    browser: Browser, live_server: LiveServer
):
    request_id = live_server.run(create_demo_like_request)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        _sign_in(page, live_server, "volunteer")
        page.goto(f"/requests/{request_id}/responses/new")
        expect(page.get_by_role("group", name="Extension notice")).to_be_visible()
        expect(page.get_by_role("group", name="Fee estimate")).to_be_visible()
        expect(page.get_by_label("Days claimed (extension notice)")).to_be_visible()
        expect(page.get_by_label("Amount estimated, in dollars (fee estimate)")).to_be_visible()
    finally:
        context.close()
