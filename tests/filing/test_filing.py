"""Filing: by email through a real SMTP server, by portal, mail and fax; retries; roles."""

from datetime import date

import pytest
from sqlalchemy import func, select

from foia.campaigns import operations as campaigns
from foia.documents.storage import store_for
from foia.extensions import db
from foia.filing import operations as filing
from foia.letters.operations import LetterFrozen, write_letter
from foia.mail import OutboundEmail
from foia.requests.models import Communication, RecordsRequest
from tests.support.campaigns import five_agencies, pdf_text
from tests.support.html import page
from tests.support.servers import free_port


def _messages_by_id(smtp_server):
    return {m["Message-ID"]: m for m in smtp_server.messages}


@pytest.mark.slow
def test_campaign_filed_by_email_reaches_a_real_smtp_server(
    generated, lawyer_client, smtp_server, app
):
    response = lawyer_client.post(f"/campaigns/{generated.id}/file")
    assert response.status_code == 302
    assert len(smtp_server.messages) == 5
    received = _messages_by_id(smtp_server)
    for records_request in campaigns.campaign_requests(generated):
        (communication,) = records_request.communications
        assert (communication.direction, communication.channel) == ("out", "email")
        message = received[communication.tracking]
        assert message["To"] == records_request.agency.email
        assert records_request.reference in message["Subject"]
        body = message.get_body(("plain",)).get_content()
        assert records_request.agency.name in body and "M.G.L. c.66" in body
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_content_type() == "application/pdf"
        letter = records_request.letters[0]
        assert attachment.get_content() == store_for(app.config).get(letter.pdf_sha256)
        assert records_request.agency.name in pdf_text(attachment.get_content())
        assert (
            letter.sent_at is not None
            and "Accepted by the SMTP server" in communication.delivery_proof
        )
        kinds = [(e.kind, e.occurred_on) for e in records_request.events]
        assert kinds == [
            ("filed", communication.occurred_on),
            ("received", communication.occurred_on),
        ]
        assert records_request.status == "filed"
        assert any(s.kind == "response" and s.due_on for s in records_request.snapshots)


@pytest.mark.slow
def test_smtp_down_leaves_requests_unfiled_and_a_retry_sends_only_the_rest(
    generated, lawyer_client, smtp_server, app
):
    first, second, *rest = campaigns.campaign_requests(generated)
    for records_request in (first, second):  # filed one by one while the server is up
        lawyer_client.post(f"/requests/{records_request.id}/file/email")
    app.config["SMTP_PORT"] = free_port()  # nothing listens there: the server is down
    lawyer_client.post(f"/campaigns/{generated.id}/file")
    for records_request in rest:
        db.session.refresh(records_request)
        assert not filing.is_filed(records_request)
        assert (
            "refused the connection"
            in page(lawyer_client.get(f"/campaigns/{generated.id}")).table(
                "section[aria-labelledby=agencies-heading] table"
            )[rest.index(records_request) + 2]["Problem"]
        )
    assert len(smtp_server.messages) == 2

    app.config["SMTP_PORT"] = smtp_server.port
    lawyer_client.post(f"/campaigns/{generated.id}/file")
    lawyer_client.post(f"/campaigns/{generated.id}/file")  # once more: nothing left to send
    assert len(smtp_server.messages) == 5
    per_request = db.session.execute(
        select(OutboundEmail.request_id, func.count()).group_by(OutboundEmail.request_id)
    ).all()
    assert sorted(n for _, n in per_request) == [1] * 5
    assert db.session.scalar(select(func.count()).select_from(Communication)) == 5
    assert {m["Message-ID"] for m in smtp_server.messages} == set(
        db.session.scalars(select(Communication.tracking))
    )


@pytest.mark.slow
def test_a_sent_letter_never_changes(generated, lawyer_client, smtp_server):
    records_request = campaigns.campaign_requests(generated)[0]
    lawyer_client.post(f"/requests/{records_request.id}/file/email")
    letter = records_request.letters[0]
    composed = campaigns.compose_for(generated, records_request.agency, date(2026, 12, 1))
    with pytest.raises(LetterFrozen):
        write_letter(records_request, composed, type("Pdf", (), {"content": b"x", "sha256": "0"})())
    download = lawyer_client.get(f"/requests/{records_request.id}/letters/{letter.id}.pdf")
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-SHA256"] == letter.pdf_sha256
    shown = page(lawyer_client.get(f"/requests/{records_request.id}"))
    assert letter.pdf_sha256 in shown.texts("code.sha")
    assert shown.all("form[action$='/file/email']") == []  # filed: no more filing buttons


@pytest.mark.slow
def test_portal_filing_with_confirmation_upload(generated, lawyer_client, app):
    import io

    records_request = campaigns.campaign_requests(generated)[1]
    response = lawyer_client.post(
        f"/requests/{records_request.id}/file/portal",
        content_type="multipart/form-data",
        data={
            "portal": "NextRequest",
            "submitted_on": "2026-11-02",
            "confirmation_number": "R-77",
            "confirmation": (io.BytesIO(b"%PDF-1.4 receipt"), "receipt.pdf"),
        },
    )
    assert response.status_code == 302
    (communication,) = records_request.communications
    assert (communication.channel, communication.tracking) == ("portal", "R-77")
    sha = communication.delivery_proof.rsplit("sha256:", 1)[1]
    assert store_for(app.config).get(sha) == b"%PDF-1.4 receipt"
    assert [e.kind for e in records_request.events] == ["filed", "received"]
    assert records_request.letters[0].sent_at is not None


@pytest.mark.slow
def test_mail_filing_estimates_receipt_until_the_return_receipt(generated, lawyer_client):
    records_request = campaigns.campaign_requests(generated)[2]
    lawyer_client.post(
        f"/requests/{records_request.id}/file/mail",
        data={"mailed_on": "2026-11-20", "certified_number": "7019 0000 1111"},
    )
    received = [e for e in records_request.events if e.kind == "received"]
    # Fri 20 Nov + 3 business days = Wed 25 Nov 2026 (no holiday in between).
    assert [(e.occurred_on, e.is_estimated) for e in received] == [(date(2026, 11, 25), True)]
    cells = page(lawyer_client.get(f"/requests/{records_request.id}")).texts(
        "section[aria-labelledby=ledger-heading] tbody td"
    )
    assert "Wed 25 Nov 2026 estimated" in cells
    lawyer_client.post(
        f"/requests/{records_request.id}/return-receipt", data={"received_on": "2026-11-24"}
    )
    db.session.refresh(records_request)
    received = [e for e in records_request.events if e.kind == "received"]
    assert [(e.occurred_on, e.is_estimated) for e in received] == [(date(2026, 11, 24), False)]
    assert records_request.communications[0].tracking == "7019 0000 1111"


@pytest.mark.slow
def test_fax_filing(generated, lawyer_client):
    records_request = campaigns.campaign_requests(generated)[3]
    lawyer_client.post(
        f"/requests/{records_request.id}/file/fax",
        data={"sent_on": "2026-11-02", "fax_number": "617-555-0100"},
    )
    assert [e.kind for e in records_request.events] == ["filed", "received"]
    assert records_request.communications[0].channel == "fax"


@pytest.mark.slow
def test_volunteers_get_403_on_approve_and_file(generated, volunteer_client, lawyer_client):
    records_request = campaigns.campaign_requests(generated)[0]
    for action in (
        "approve",
        "file/email",
        "file/portal",
        "file/mail",
        "file/fax",
        "return-receipt",
    ):
        assert volunteer_client.post(f"/requests/{records_request.id}/{action}").status_code == 403
    shown = page(volunteer_client.get(f"/requests/{records_request.id}"))
    assert shown.all("section[aria-labelledby=letter-heading] form") == []
    assert shown.all("section[aria-labelledby=letter-heading] a[href$='.pdf']")  # may download
    assert not filing.is_filed(records_request)


@pytest.mark.slow
def test_single_request_without_a_campaign(seeded, lawyer_client, smtp_server):
    agency = five_agencies()[0]
    data = {
        "name": "FR searches in Commonwealth v. Doe",
        "agency": agency.id,
        "template": "defendant-case",
        "categories": ["case-documentation"],
        "date_from": "2025-01-01",
        "field-defendant_name": "John Doe",
        "field-case_reference": "Docket 2584CR001234, arrested 3 March 2025",
    }
    preview = page(lawyer_client.post("/requests/compose", data={**data, "action": "preview"}))
    assert preview.one("article.letter").get("aria-label") == f"Letter to {agency.name}"
    pdf = lawyer_client.post("/requests/compose", data={**data, "action": "pdf"})
    assert agency.name in pdf_text(pdf.data)
    assert db.session.scalar(select(func.count()).select_from(RecordsRequest)) == 0
    created = lawyer_client.post("/requests/compose", data={**data, "action": "create"})
    assert created.status_code == 302
    records_request = db.session.scalar(select(RecordsRequest))
    assert records_request.status == "draft" and records_request.campaign is None
    assert lawyer_client.post(f"/requests/{records_request.id}/file/email").status_code == 302
    assert smtp_server.messages == []  # not approved yet: not filed
    lawyer_client.post(f"/requests/{records_request.id}/approve")
    lawyer_client.post(f"/requests/{records_request.id}/file/email")
    assert len(smtp_server.messages) == 1
    assert records_request.status == "filed"
