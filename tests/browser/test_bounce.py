"""A lawyer sees that a filing bounced, corrects the agency's address and files again."""

import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from foia import clock
from foia.extensions import db
from tests.support.browser import LiveServer, assert_accessible, log_in
from tests.support.responses import filed_request
from tests.support.servers import SMTPSink, free_port

BOUNCED = "records@springfield-pd.example.org"
CORRECTED = "publicrecords@springfield.example.gov"


@pytest.fixture
def live_smtp(live_server: LiveServer) -> Iterator[SMTPSink]:
    """Point the live app at a real SMTP server on loopback."""
    from aiosmtpd.controller import Controller

    sink = SMTPSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    config = live_server.app.config
    old = config["SMTP_HOST"], config["SMTP_PORT"]
    config["SMTP_HOST"], config["SMTP_PORT"] = "127.0.0.1", port
    yield sink
    config["SMTP_HOST"], config["SMTP_PORT"] = old
    controller.stop()


def create_bounced_filing() -> tuple[int, str, int]:
    """Create a request filed by email last week whose filing email bounced (5.1.1)."""
    from flask import current_app

    from foia.documents.storage import store_for
    from foia.inbound.models import DeliveryFailure, InboundEmail
    from foia.letters.pdf import html_to_pdf
    from foia.mail import OutboundEmail
    from foia.requests.models import Communication, RequestLetter
    from tests.support.factories import create_agency

    start = clock.today() - timedelta(days=7)
    agency = create_agency(email=BOUNCED)
    records_request = filed_request(start - timedelta(days=start.weekday()), agency=agency)
    pdf = html_to_pdf("<!doctype html><html><body><p>Dear Records Officer</p></body></html>")
    letter = RequestLetter(
        kind="request",
        subject="Face recognition records",
        body_html="<p>Dear Records Officer</p>",
        body_text="Dear Records Officer",
        pdf_sha256=store_for(current_app.config).put(pdf.content),
        sent_at=clock.now() - timedelta(days=7),
    )
    records_request.letters.append(letter)
    records_request.approved_at = letter.sent_at
    email = OutboundEmail(
        kind="filing",
        to_addr=BOUNCED,
        subject=f"Public records request {records_request.reference}",
        body_text="Dear Records Officer",
        message_id=f"<{uuid.uuid4().hex}@example.org>",
        request_id=records_request.id,
        sent_at=letter.sent_at,
    )
    db.session.add(email)
    db.session.flush()
    records_request.communications.append(
        Communication(
            direction="out",
            channel="email",
            occurred_on=records_request.events[0].occurred_on,
            recipient=BOUNCED,
            letter_id=letter.id,
            outbound_email_id=email.id,
        )
    )
    inbound = InboundEmail(raw_sha256="0" * 64, dedup_key="<dsn.1@mailer-daemon>", kind="bounce")
    db.session.add(
        DeliveryFailure(
            inbound_email=inbound,
            request_id=records_request.id,
            outbound_email_id=email.id,
            address=BOUNCED,
            status="5.1.1",
            reason="Recipient address rejected: User unknown",
        )
    )
    db.session.commit()
    return records_request.id, records_request.reference, agency.id


def test_lawyer_corrects_the_address_and_files_again(
    page: Page, live_server: LiveServer, live_smtp: SMTPSink
):
    request_id, reference, agency_id = live_server.run(create_bounced_filing)
    account = live_server.create_account("lawyer", name="Lee Lawyer")
    page.goto("/login")
    log_in(page, account.email, account.password)

    page.goto("/")
    failed = page.get_by_role("table", name="Messages that were not delivered")
    expect(failed).to_contain_text(BOUNCED)
    failed.get_by_role("link", name=reference).click()

    banner = page.locator("#delivery")
    heading = "Not delivered: the request never reached the agency"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(banner).to_contain_text("5.1.1 Recipient address rejected: User unknown")
    expect(page.get_by_role("button", name="File again")).to_be_disabled()
    assert_accessible(page)

    page.get_by_role("link", name="Correct the agency's email address").click()
    page.get_by_label("Email").fill(CORRECTED)
    page.get_by_role("button", name="Save agency").click()
    expect(page.locator(".bouncing")).to_have_count(0)

    page.goto(f"/requests/{request_id}")
    page.get_by_role("button", name=f"File again by email to {CORRECTED}").click()

    expect(page.locator(".flash-success")).to_contain_text(f"{reference} filed again by email")
    expect(page.locator("#delivery")).to_have_count(0)
    assert [m["To"] for m in live_smtp.messages] == [CORRECTED]
    assert page.url.endswith(f"/requests/{request_id}")
    page.goto(f"/agencies/{agency_id}")
    expect(page.locator("#bounce")).to_have_count(0)
