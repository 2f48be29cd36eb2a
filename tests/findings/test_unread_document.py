"""Asking for suggestions from a document whose text is not read yet says so, instead of
"0 new suggestions", which read as if the document held nothing."""

from foia.documents import operations as documents
from foia.documents.storage import store_for
from foia.extensions import db
from tests.support.findings import CONTRACT_TEXT
from tests.support.html import page


def test_the_suggest_button_on_an_unread_document_says_its_text_is_not_read(
    app, lawyer_client, records_request
):
    upload = documents.Upload("unread.txt", CONTRACT_TEXT.encode(), "text/plain")
    attachment = documents.attach(
        upload,
        store=store_for(app.config),
        max_bytes=10**6,
        actor=None,
        request_id=records_request.id,
    )
    db.session.commit()
    response = lawyer_client.post(f"/attachments/{attachment.id}/findings/suggest")
    flashes = page(lawyer_client.get(response.location)).texts(".flashes .flash")
    assert flashes == [
        "The document's text has not been read yet, so nothing can be suggested from it: "
        "findings are suggested as soon as the server's text extraction has read it."
    ]

    documents.extract_document(attachment.document, store_for(app.config))
    db.session.commit()
    response = lawyer_client.post(f"/attachments/{attachment.id}/findings/suggest")
    assert page(lawyer_client.get(response.location)).texts(".flashes .flash") == [
        "4 new suggestions."
    ]
