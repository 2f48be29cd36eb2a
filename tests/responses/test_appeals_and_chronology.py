"""Appeals drafted from the law's appeal rule, reviewed and filed; the litigation chronology."""

import io
import zipfile
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from foia import clock
from foia.deadlines.calculator import Clock, Deadlines
from foia.documents.models import Attachment
from foia.extensions import db
from foia.requests import operations as requests
from foia.responses.appeals import appeal_grounds
from foia.responses.models import Appeal
from tests.support.html import page
from tests.support.responses import email_bytes, filed_request, recent_monday, text_pdf


def pdf_text(data: bytes) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def denied_request(client):
    filed_on = recent_monday(clock.today())
    records_request = filed_request(filed_on)
    client.post(
        f"/requests/{records_request.id}/responses/new",
        data={
            "received_on": clock.today().isoformat(),
            "channel": "email",
            "kind": "denial",
            "sender": "rao@springfield.gov",
            "summary": "All records exempt under (f).",
            "attachments": [(io.BytesIO(text_pdf("Denial letter")), "denial.pdf")],
        },
        content_type="multipart/form-data",
    )
    return records_request


def test_a_denied_request_offers_an_appeal_from_the_law(app, volunteer_client, client_for):
    records_request = denied_request(volunteer_client)
    shown = page(volunteer_client.get(f"/requests/{records_request.id}"))
    offer = " ".join(shown.texts("#appeals-heading ~ form p"))
    assert "denied" in offer and "Supervisor of Records within 90 calendar days" in offer

    response = volunteer_client.post(f"/requests/{records_request.id}/appeals")
    appeal = db.session.scalars(select(Appeal)).one()
    assert response.headers["Location"].endswith(f"/appeals/{appeal.id}")
    assert appeal.to_whom == "Supervisor of Records" and appeal.citation == "950 CMR 32.08(1)"
    assert "within the 90 calendar days" in appeal.body
    assert (
        "The complete request and every response, with email headers, are attached" in appeal.body
    )
    # A volunteer drafts; only a lawyer reviews and files.
    assert volunteer_client.post(f"/appeals/{appeal.id}/review").status_code == 403
    assert volunteer_client.post(f"/appeals/{appeal.id}/file").status_code == 403

    lawyer = client_for("lawyer")
    early = lawyer.post(
        f"/appeals/{appeal.id}/file",
        data={"filed_on": clock.today().isoformat(), "channel": "email"},
        follow_redirects=True,
    )
    assert "A lawyer must review the letter before it is filed." in page(early).flashes()
    lawyer.post(f"/appeals/{appeal.id}/review")
    lawyer.post(
        f"/appeals/{appeal.id}/file",
        data={"filed_on": clock.today().isoformat(), "channel": "email"},
    )

    db.session.expire_all()
    assert appeal.state == "filed" and appeal.pdf_sha256
    assert records_request.events[-1].kind == "appeal_filed"
    assert records_request.status == "appealed"
    clocks = page(lawyer.get(f"/requests/{records_request.id}"))
    assert clocks.all("tr[data-clock='appeal_decision']")
    filed_pdf = lawyer.get(f"/appeals/{appeal.id}/appeal.pdf")
    text = pdf_text(filed_pdf.data)
    assert "Supervisor of Records" in text and "Attachment B: the agency's responses" in text
    assert "All records exempt under (f)." in text


def test_editing_a_reviewed_appeal_needs_a_new_review(app, client_for):
    lawyer = client_for("lawyer")
    records_request = denied_request(lawyer)
    lawyer.post(f"/requests/{records_request.id}/appeals")
    appeal = db.session.scalars(select(Appeal)).one()
    lawyer.post(f"/appeals/{appeal.id}/review")

    lawyer.post(f"/appeals/{appeal.id}", data={"body": appeal.body + "\nP.S. urgent"})

    db.session.expire_all()
    assert appeal.reviewed_at is None and appeal.body.endswith("P.S. urgent")


def _deadlines(state: str) -> Deadlines:
    clock_ = Clock("response", clock.today(), "business", 10, "", state, (), "respond", "")
    return Deadlines(None, clock.today(), clock.today(), (clock_,), (), clock.today())


def test_appeal_grounds():
    assert appeal_grounds("denied", [], None) == "denied"
    assert appeal_grounds("fulfilled", ["produced", "withheld"], None) == "partly denied"
    assert appeal_grounds("filed", [], _deadlines("missed")) == "overdue"
    assert appeal_grounds("filed", [], _deadlines("running")) is None
    assert appeal_grounds("appealed", ["withheld"], _deadlines("missed")) is None


@pytest.mark.slow
def test_the_chronology_pdf_tells_the_whole_history(app, volunteer_client, runner):
    filed_on = recent_monday(clock.today(), weeks_back=6)
    records_request = filed_request(filed_on)
    raw = email_bytes(
        f"Re: {records_request.reference}",
        message_id="<ack.77@town.gov>",
        attachments=[("log.pdf", text_pdf("Search log"), "application/pdf")],
        sent=filed_on + timedelta(days=2),
    )
    volunteer_client.post(
        "/inbox", data={"message": (io.BytesIO(raw), "fwd.eml")}, content_type="multipart/form-data"
    )
    requests.add_event(
        records_request, "received", filed_on + timedelta(days=1), today=clock.today(), actor=None
    )
    db.session.commit()
    attachment = db.session.scalars(select(Attachment)).one()

    response = volunteer_client.get(f"/requests/{records_request.id}/chronology.pdf")

    assert response.headers["Content-Disposition"].startswith("attachment")
    text = pdf_text(response.data)
    assert f"Chronology of public records request {records_request.reference}" in text
    assert "<ack.77@town.gov>" in text and "Channel" in text and "Email" in text
    assert "records@springfieldpolice.gov" in text
    assert attachment.document.sha256 in text
    assert "business days overdue" in text  # six weeks without a response
    assert "day 1" in text  # the computation, day by day
    assert text.index("Filed") < text.index("Received by the agency") < text.index("Re: FR-")


@pytest.mark.slow
def test_the_chronology_zip_holds_the_pdf_originals_and_emails(app, volunteer_client):
    records_request = denied_request(volunteer_client)
    raw = email_bytes(f"Re: {records_request.reference}")
    volunteer_client.post(
        "/inbox", data={"message": (io.BytesIO(raw), "fwd.eml")}, content_type="multipart/form-data"
    )
    denial = db.session.scalars(select(Attachment)).one()

    response = volunteer_client.get(f"/requests/{records_request.id}/chronology.zip")

    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert "chronology.pdf" in names and "manifest.csv" in names
    original = next(n for n in names if n.startswith("originals/") and n.endswith("denial.pdf"))
    assert archive.read(original)[:5] == b"%PDF-"
    email_name = next(n for n in names if n.startswith("emails/"))
    assert archive.read(email_name) == raw
    assert denial.document.sha256 in archive.read("manifest.csv").decode()
