"""Logging a reply in one page: the ledger event, the message, files and tracking numbers."""

import io

from sqlalchemy import select

from foia import clock
from foia.audit import AuditEvent
from foia.documents.models import Attachment, Document
from foia.extensions import db
from foia.requests.models import Communication, DeadlineSnapshot
from foia.responses.models import LoggedResponse, TrackingNumber
from tests.support.html import page as parse
from tests.support.responses import filed_request, recent_monday, scanned_image, text_pdf


def _post(client, records_request, **fields):
    data = {
        "received_on": clock.today().isoformat(),
        "channel": "mail",
        "sender": "Records Access Officer",
        "kind": "denial",
        "summary": "Denied in full under exemption (f).",
        "tracking_numbers": "",
    }
    data.update(fields)
    return client.post(
        f"/requests/{records_request.id}/responses/new",
        data=data,
        content_type="multipart/form-data",
    )


def test_log_page_offers_every_field_and_drag_and_drop(app, volunteer_client):
    records_request = filed_request(recent_monday(clock.today()))
    page = parse(volunteer_client.get(f"/requests/{records_request.id}/responses/new"))

    for label in (
        "Date received",
        "How it came",
        "From (name or address)",
        "What kind of reply",
        "Summary",
        "Attachments (several at once)",
        "New tracking numbers (one a line)",
    ):
        assert page.by_label(label) is not None
    assert page.by_label("Attachments (several at once)").get("multiple") is not None
    assert page.all("[data-dropzone] input[type=file]")
    scripts = page.all("script")
    assert any((s.get("src") or "").endswith("/static/js/dropzone.js") for s in scripts)
    assert not any((s.text or "").strip() for s in scripts)  # CSP: no inline code


def test_a_mailed_denial_with_two_files_goes_on_the_ledger(app, volunteer_client):
    filed_on = recent_monday(clock.today())
    records_request = filed_request(filed_on)
    received = clock.today()

    response = _post(
        volunteer_client,
        records_request,
        received_on=received.isoformat(),
        tracking_numbers="P0123-26\nP0124-26",
        attachments=[
            (io.BytesIO(text_pdf("Denial letter")), "denial.pdf"),
            (io.BytesIO(scanned_image("Envelope")), "scan.png"),
        ],
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert [e.kind for e in records_request.events] == ["filed", "denial"]
    assert records_request.status == "denied"
    message = db.session.scalar(select(Communication).filter_by(request_id=records_request.id))
    assert (message.direction, message.channel, message.occurred_on) == ("in", "mail", received)
    logged = db.session.scalar(select(LoggedResponse).filter_by(communication_id=message.id))
    assert logged.kind == "denial" and logged.clock_event_id is not None
    files = db.session.scalars(select(Attachment).filter_by(communication_id=message.id)).all()
    assert sorted((a.filename, a.document.media_type) for a in files) == [
        ("denial.pdf", "application/pdf"),
        ("scan.png", "image/png"),
    ]
    numbers = db.session.scalars(select(TrackingNumber.number)).all()
    assert sorted(numbers) == ["P0123-26", "P0124-26"]
    shown = volunteer_client.get(f"/requests/{records_request.id}").get_data(as_text=True)
    assert "denial.pdf" in shown and "P0124-26" in shown


def test_an_extension_notice_moves_the_due_date_at_once(app, volunteer_client):
    filed_on = recent_monday(clock.today(), weeks_back=1)
    records_request = filed_request(filed_on)
    before = {s.kind: s.due_on for s in records_request.snapshots}

    _post(
        volunteer_client,
        records_request,
        kind="extension",
        extension_days="10",
        received_on=filed_on.isoformat(),
    )

    db.session.expire_all()
    after = {s.kind: s.due_on for s in db.session.scalars(select(DeadlineSnapshot))}
    assert after["extended_response"] < before["extended_response"]
    moved = db.session.scalars(select(AuditEvent).filter_by(action="deadline.moved")).all()
    assert any("extension claimed recorded" in m.summary for m in moved)


def test_an_extension_without_days_is_refused_inline(app, volunteer_client):
    records_request = filed_request(recent_monday(clock.today()))

    response = _post(volunteer_client, records_request, kind="extension", extension_days="")

    assert response.status_code == 400
    assert "Say how many days" in response.get_data(as_text=True)
    assert db.session.scalar(select(Communication)) is None


def test_a_reply_dated_before_the_request_is_refused_and_nothing_is_kept(app, volunteer_client):
    filed_on = recent_monday(clock.today())
    records_request = filed_request(filed_on)

    response = _post(
        volunteer_client,
        records_request,
        received_on=(filed_on.replace(year=filed_on.year - 1)).isoformat(),
        attachments=[(io.BytesIO(b"%PDF-1.4 tiny"), "x.pdf")],
    )

    assert response.status_code == 400
    assert parse(response).error_for("What kind of reply")
    assert db.session.scalar(select(Communication)) is None
    assert db.session.scalar(select(Document)) is None
    assert [e.kind for e in records_request.events] == ["filed"]
