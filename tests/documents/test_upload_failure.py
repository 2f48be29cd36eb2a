"""A file that cannot be written re-shows the form as typed, saying why (issue #14 §3).

The storage folder is made unwritable by putting it under a regular file: tests may run as root,
for whom a read-only folder is no obstacle, but nobody can create a folder inside a file.
"""

import io

import pytest
from sqlalchemy import func, select

from foia import clock
from foia.documents.models import Document
from foia.documents.storage import FileStore, WriteFailed
from foia.extensions import db
from foia.inbound.models import InboundEmail
from foia.requests import operations as requests
from foia.requests.models import ClockEvent, Communication, RequestLetter
from tests.support.factories import create_agency
from tests.support.html import page, value_of
from tests.support.responses import filed_request, recent_monday

NOT_STORED = "Could not store the file: not a directory."


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def broken_store(app, tmp_path, monkeypatch):
    """Point the document store at a folder that cannot be created (its parent is a file)."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a regular file")
    monkeypatch.setitem(app.config, "DOCUMENTS_DIR", str(blocker / "documents"))
    return blocker / "documents"


def test_the_store_says_what_went_wrong_without_its_path(broken_store):
    with pytest.raises(WriteFailed) as caught:
        FileStore(broken_store).put(b"agency records")
    assert str(caught.value).startswith(NOT_STORED)
    assert "not-a-folder" not in str(caught.value)
    assert isinstance(caught.value, OSError)


def test_a_response_whose_files_cannot_be_stored_is_shown_again_as_typed(
    app, volunteer_client, broken_store
):
    records_request = filed_request(recent_monday(clock.today()))
    events_before = _count(ClockEvent)
    received = clock.today().isoformat()
    response = volunteer_client.post(
        f"/requests/{records_request.id}/responses/new",
        content_type="multipart/form-data",
        data={
            "received_on": received,
            "channel": "mail",
            "sender": "Records Access Officer",
            "kind": "denial",
            "summary": "Denied in full under exemption (f).",
            "tracking_numbers": "PRR-2026-118",
            "attachments": [(io.BytesIO(b"%PDF-1.4 denial letter"), "denial.pdf")],
        },
    )
    assert response.status_code == 503
    shown = page(response)
    assert shown.error_for("Attachments (several at once)").startswith(NOT_STORED)
    assert value_of(shown.by_label("Summary")) == "Denied in full under exemption (f)."
    assert value_of(shown.by_label("From (name or address)")) == "Records Access Officer"
    assert value_of(shown.by_label("Date received")) == received
    assert value_of(shown.by_label("What kind of reply")) == "denial"
    assert value_of(shown.by_label("New tracking numbers (one a line)")) == "PRR-2026-118"
    # Nothing of it was kept: no message, no ledger event, no document.
    assert (_count(Communication), _count(ClockEvent), _count(Document)) == (0, events_before, 0)


def test_an_email_upload_that_cannot_be_stored_says_so_on_the_inbox(
    app, volunteer_client, broken_store
):
    message = (
        b"From: records@boston.example.gov\r\nTo: foia@example.org\r\n"
        b"Subject: Your request\r\nMessage-ID: <a1@boston.example.gov>\r\n\r\nHello.\r\n"
    )
    response = volunteer_client.post(
        "/inbox",
        content_type="multipart/form-data",
        data={"message": (io.BytesIO(message), "reply.eml"), "submit": "Upload"},
    )
    assert response.status_code == 503
    assert page(response).error_for("Email file (.eml or .mbox)").startswith(NOT_STORED)
    assert _count(InboundEmail) == 0


def _approved_request():
    records_request = requests.create_request(
        create_agency(), "Face recognition records", owner=None, actor=None
    )
    records_request.letters.append(
        RequestLetter(kind="request", subject="Request", body_html="<p>Hi</p>", body_text="Hi")
    )
    records_request.approved_at = clock.now()
    db.session.commit()
    return records_request


def test_a_portal_filing_whose_receipt_cannot_be_stored_is_shown_again_as_typed(
    app, lawyer_client, broken_store
):
    records_request = _approved_request()
    submitted = recent_monday(clock.today()).isoformat()
    response = lawyer_client.post(
        f"/requests/{records_request.id}/file/portal",
        content_type="multipart/form-data",
        data={
            "portal": "NextRequest",
            "submitted_on": submitted,
            "confirmation_number": "R-77",
            "confirmation": (io.BytesIO(b"%PDF-1.4 receipt"), "receipt.pdf"),
        },
    )
    assert response.status_code == 503
    shown = page(response)
    label = "Confirmation (optional: a screenshot or the portal's receipt)"
    assert shown.error_for(label).startswith(NOT_STORED)
    assert value_of(shown.by_label("Portal name or address")) == "NextRequest"
    assert value_of(shown.by_label("Submitted on")) == submitted
    assert value_of(shown.by_label("Confirmation number")) == "R-77"
    form = shown.one("form[action$='/file/portal']")
    assert form.get("enctype") == "multipart/form-data"
    db.session.expire_all()
    assert _count(Communication) == 0
    assert [e.kind for e in records_request.events] == []
    assert records_request.letters[0].sent_at is None
