"""Findings helpers: a text document as an agency sent it back, attached and extracted."""

from foia.documents import operations as documents
from foia.documents.storage import store_for
from foia.extensions import db

CONTRACT_TEXT = (
    "Letter from the Records Access Officer.\f"
    "The Department holds a subscription agreement with Clearview AI, Inc. at a total cost of "
    "$10,000.00 from January 1, 2024 through December 31, 2024.\f"
    "In 2025 detectives ran 240 facial recognition searches. Audit logs are retained."
)


def add_document(app, records_request, text: str, name: str = "response.txt"):
    """Attach a plain-text document to the request and extract its text (a real child process)."""
    store = store_for(app.config)
    upload = documents.Upload(name, text.encode("utf-8"), "text/plain")
    attachment = documents.attach(
        upload, store=store, max_bytes=10**7, actor=None, request_id=records_request.id
    )
    documents.extract_document(attachment.document, store)
    db.session.commit()
    return attachment
