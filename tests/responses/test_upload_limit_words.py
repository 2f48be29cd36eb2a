"""The reply form states the file size limit in the units its refusal uses: it said "104.9 MB"
(decimal megabytes) of a 100 MB limit that a too-big file is told is "100 MB"."""

import pytest

from foia import clock
from foia.documents.operations import human_size
from tests.support.html import page, text_of
from tests.support.responses import filed_request, recent_monday

LIMIT = 100 * 1024 * 1024  # the default FOIA_MAX_UPLOAD_BYTES


@pytest.fixture
def limit(app):
    before = app.config.get("DOCUMENT_MAX_BYTES")
    app.config["DOCUMENT_MAX_BYTES"] = LIMIT
    yield LIMIT
    app.config["DOCUMENT_MAX_BYTES"] = before


def test_the_hint_names_the_limit_as_the_refusal_does(app, lawyer_client, limit):
    records_request = filed_request(recent_monday(clock.today()))
    shown = page(lawyer_client.get(f"/requests/{records_request.id}/responses/new"))
    hint = text_of(shown.one("#attachments-hint"))
    assert human_size(limit) == "100 MB"
    assert hint.endswith(f"Up to {human_size(limit)} each.")
