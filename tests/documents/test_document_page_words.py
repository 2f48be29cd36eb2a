"""A document's page as a lawyer reads it: which request it belongs to (not just "← Request"),
whether its text was read in words (not the stored "pending" or "plain"), and whether it is
public on the campaign's tracker, with where that is changed."""

from foia import clock
from foia.campaigns.models import Campaign
from foia.documents import operations as documents
from foia.documents.storage import store_for
from foia.extensions import db
from tests.support.factories import create_user
from tests.support.html import page, text_of
from tests.support.responses import filed_request, recent_monday


def _document(app, records_request):
    upload = documents.Upload("reply.txt", b"We hold no contract with any vendor.", "text/plain")
    attachment = documents.attach(
        upload,
        store=store_for(app.config),
        max_bytes=10**6,
        actor=None,
        request_id=records_request.id,
    )
    db.session.commit()
    return attachment


def test_the_page_names_its_request_and_says_in_words_how_its_text_stands(app, lawyer_client):
    campaign = Campaign(name="Words")
    db.session.add(campaign)
    records_request = filed_request(recent_monday(clock.today()), campaign=campaign)
    attachment = _document(app, records_request)

    shown = page(lawyer_client.get(f"/attachments/{attachment.id}"))
    back = shown.link(f"← {records_request.reference} ({records_request.agency.name})")
    assert back.get("href") == f"/requests/{records_request.id}"
    assert text_of(shown.one("#extraction")).startswith("Not read yet")
    assert text_of(shown.one("#public-state")).startswith("Not public")

    documents.extract_document(attachment.document, store_for(app.config))
    documents.set_public(attachment, True, actor=create_user("lawyer"))
    db.session.commit()
    shown = page(lawyer_client.get(f"/attachments/{attachment.id}"))
    assert text_of(shown.one("#extraction")) == "Read (as plain text)"
    assert text_of(shown.one("#public-state")).startswith("Public since ")


def test_the_extracted_text_is_shown_page_by_page_as_findings_cite_it(app, lawyer_client):
    records_request = filed_request(recent_monday(clock.today()))
    upload = documents.Upload(
        "three.txt", b"Cover letter.\fA contract.\fSearch logs.", "text/plain"
    )
    attachment = documents.attach(
        upload,
        store=store_for(app.config),
        max_bytes=10**6,
        actor=None,
        request_id=records_request.id,
    )
    documents.extract_document(attachment.document, store_for(app.config))
    db.session.commit()
    shown = page(lawyer_client.get(f"/attachments/{attachment.id}"))
    assert shown.texts("h3[id^=page-]") == ["Page 1", "Page 2", "Page 3"]
    assert shown.texts(".panel.pre") == ["Cover letter.", "A contract.", "Search logs."]
