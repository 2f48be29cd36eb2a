"""Privileged notes reach lawyers only: never in any page, export or search a volunteer gets."""

import io
import re
import zipfile

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from foia import clock
from foia.campaigns.models import Campaign
from foia.documents.models import Attachment
from foia.extensions import db
from foia.inbound.models import InboundEmail
from foia.responses import operations
from foia.responses.models import Appeal
from tests.support.factories import create_user
from tests.support.html import page
from tests.support.responses import email_bytes, filed_request, recent_monday, text_pdf

SECRET = "Zanzibarquux strategy: settle before the hearing"
SECRET_WORD = "Zanzibarquux"


def test_only_a_lawyer_may_write_a_privileged_note(app, volunteer_client, lawyer_client):
    records_request = filed_request(recent_monday(clock.today()))

    refused = volunteer_client.post(
        f"/requests/{records_request.id}/notes", data={"body": SECRET, "is_privileged": "y"}
    )
    lawyer_client.post(
        f"/requests/{records_request.id}/notes", data={"body": SECRET, "is_privileged": "y"}
    )

    assert refused.status_code == 403
    shown = page(lawyer_client.get(f"/requests/{records_request.id}"))
    assert shown.texts(".note.privileged .note-body") == [SECRET]
    volunteer_form = page(volunteer_client.get(f"/requests/{records_request.id}"))
    assert volunteer_form.all("#is_privileged") == []


@pytest.fixture
def everything(app, lawyer_client, volunteer_client):
    """A campaign request with a privileged note, an ordinary note, files, an email, an appeal."""
    campaign = Campaign(name="Privilege sweep")
    db.session.add(campaign)
    db.session.commit()
    records_request = filed_request(recent_monday(clock.today()), campaign=campaign)
    lawyer = create_user("lawyer")
    operations.add_note(records_request, SECRET, is_privileged=True, actor=lawyer)
    operations.add_note(
        records_request, "Called the clerk, ordinary note", is_privileged=False, actor=lawyer
    )
    db.session.commit()
    volunteer_client.post(
        f"/requests/{records_request.id}/responses/new",
        data={
            "received_on": clock.today().isoformat(),
            "channel": "mail",
            "kind": "denial",
            "summary": "Denied",
            "attachments": [(io.BytesIO(text_pdf("Denial")), "d.pdf")],
        },
        content_type="multipart/form-data",
    )
    volunteer_client.post(
        "/inbox",
        data={"message": (io.BytesIO(email_bytes("Stray")), "x.eml")},
        content_type="multipart/form-data",
    )
    lawyer_client.post(f"/requests/{records_request.id}/appeals")
    return {
        "request_id": records_request.id,
        "campaign_id": campaign.id,
        "agency_id": records_request.agency_id,
        "attachment_id": db.session.scalar(select(Attachment.id)),
        "email_id": db.session.scalar(select(InboundEmail.id)),
        "appeal_id": db.session.scalar(select(Appeal.id)),
    }


def _texts(response) -> list[str]:
    """Return every text a response carries, PDFs and ZIP members included."""
    data = response.get_data()
    if data.startswith(b"%PDF"):
        return [" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages), ""]
    if data.startswith(b"PK"):
        archive = zipfile.ZipFile(io.BytesIO(data))
        found = []
        for name in archive.namelist():
            member = archive.read(name)
            found += _texts(type("R", (), {"get_data": lambda self, m=member: m})())
        return found
    return [data.decode("utf-8", errors="replace")]


@pytest.mark.slow
def test_no_page_or_export_a_volunteer_can_fetch_shows_a_privileged_note(
    app, everything, volunteer_client
):
    fetched = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(everything.get(m.group(1), 1)), rule.rule)
        response = volunteer_client.get(url)
        if response.status_code == 200:
            fetched += 1
            for text in _texts(response):
                assert SECRET_WORD not in text, url
        response.close()
    search = page(volunteer_client.get(f"/search?q={SECRET_WORD}"))
    assert search.texts(".hits li") == ["Nothing found."]  # only the query box repeats the word
    assert fetched >= 15


def test_a_lawyer_finds_the_privileged_note_in_search(app, everything, lawyer_client):
    hits = page(lawyer_client.get(f"/search?q={SECRET_WORD}"))

    assert hits.texts(".hit h3") == ["Privileged note"]
    assert hits.texts(".hit mark") == [SECRET_WORD]
