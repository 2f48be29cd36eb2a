"""Bad files through the real upload path: each is stored or refused with a clear message,
the page never errors, extraction failures are recorded, nothing is lost."""

import io

import pytest
from sqlalchemy import select

from foia import clock
from foia.documents.models import Attachment, Document
from foia.documents.storage import store_for
from foia.extensions import db
from tests.support.html import page
from tests.support.responses import (
    filed_request,
    huge_png_header,
    pdf_bomb,
    recent_monday,
    text_pdf,
    zip_bomb,
)


@pytest.fixture
def records_request(app):
    return filed_request(recent_monday(clock.today()))


def upload(client, records_request, *files):
    """Log an 'other' reply carrying `files` ((name, bytes) pairs) and follow to the page."""
    return client.post(
        f"/requests/{records_request.id}/responses/new",
        data={
            "received_on": clock.today().isoformat(),
            "channel": "email",
            "kind": "other",
            "summary": "Files",
            "attachments": [(io.BytesIO(data), name) for name, data in files],
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def extract_all(runner):
    result = runner.invoke(args=["documents", "extract"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()


def only_document() -> Document:
    return db.session.scalars(select(Document)).one()


def test_a_zero_byte_file_is_refused_with_a_message(records_request, volunteer_client):
    response = upload(volunteer_client, records_request, ("empty.pdf", b""))

    assert response.status_code == 200
    assert any("“empty.pdf” is empty (0 bytes)" in f for f in page(response).flashes())
    assert db.session.scalar(select(Document)) is None


def test_the_size_limit_refuses_one_byte_more_and_keeps_the_rest(
    app, records_request, volunteer_client
):
    app.config["DOCUMENT_MAX_BYTES"] = 1000
    try:
        response = upload(
            volunteer_client, records_request, ("big.bin", b"x" * 1001), ("exact.bin", b"y" * 1000)
        )
    finally:
        app.config.pop("DOCUMENT_MAX_BYTES")

    flashes = " ".join(page(response).flashes())
    assert "“big.bin” is 1001 bytes, over the 1000 bytes limit" in flashes
    assert [a.filename for a in db.session.scalars(select(Attachment))] == ["exact.bin"]


def test_a_request_over_the_upload_limit_gets_a_clear_page(app, records_request, volunteer_client):
    app.config["MAX_CONTENT_LENGTH"] = 2000
    try:
        response = upload(volunteer_client, records_request, ("big.pdf", b"%PDF" + b"x" * 3000))
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 100 * 1024 * 1024

    assert response.status_code == 413
    assert page(response).texts("h1") == ["Too large"]


def test_a_pdf_that_is_not_a_pdf_is_kept_by_its_content_type(
    records_request, volunteer_client, runner
):
    html = b"<html><body><script>alert(1)</script>Not a PDF</body></html>"
    response = upload(volunteer_client, records_request, ("report.pdf", html))

    assert any("named .pdf but its content is text/html" in f for f in page(response).flashes())
    attachment = db.session.scalars(select(Attachment)).one()
    assert attachment.document.media_type == "text/html"
    download = volunteer_client.get(f"/attachments/{attachment.id}/download")
    assert download.headers["Content-Type"] == "application/octet-stream"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.data == html
    download.close()


@pytest.mark.slow
def test_a_corrupt_pdf_is_kept_and_its_failure_recorded(records_request, volunteer_client, runner):
    good = text_pdf("Contract with Clearview AI")
    upload(volunteer_client, records_request, ("broken.pdf", good[: len(good) // 3]))

    extract_all(runner)

    document = only_document()
    assert document.extraction_state == "failed"
    assert document.extraction_error
    shown = volunteer_client.get(f"/attachments/{db.session.scalar(select(Attachment.id))}")
    assert shown.status_code == 200
    assert document.extraction_error[:40] in shown.get_data(as_text=True)


@pytest.mark.slow
def test_a_pdf_bomb_is_stored_and_extraction_stays_bounded(
    records_request, volunteer_client, runner
):
    bomb = pdf_bomb(600)
    response = upload(volunteer_client, records_request, ("bomb.pdf", bomb))
    assert response.status_code == 200

    extract_all(runner)

    document = only_document()
    assert document.size == len(bomb)
    # Either pypdf's own limits or the child's memory cap stop it; the text stays small.
    assert document.extraction_state in ("failed", "done")
    assert len(document.text) < 10_000_000


@pytest.mark.slow
def test_a_zip_bomb_is_kept_unopened(records_request, volunteer_client, runner):
    bomb = zip_bomb()
    upload(volunteer_client, records_request, ("records.zip", bomb))

    extract_all(runner)

    document = only_document()
    assert (document.media_type, document.extraction_state) == ("application/zip", "skipped")
    assert store_for(runner.app.config).get(document.sha256) == bomb


def test_a_30000_pixel_square_image_is_refused_by_the_bomb_guard(
    records_request, volunteer_client, runner
):
    upload(volunteer_client, records_request, ("huge.png", huge_png_header()))

    extract_all(runner)

    document = only_document()
    assert document.media_type == "image/png"
    assert document.extraction_state == "failed"
    assert "too large to read safely" in document.extraction_error


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("evil\x00.pdf", "evil .pdf"),
        ("a" * 500 + ".pdf", "a" * 196 + ".pdf"),
    ],
)
def test_dangerous_file_names_are_made_safe(records_request, volunteer_client, given, kept):
    upload(volunteer_client, records_request, (given, b"some text"))

    assert db.session.scalar(select(Attachment.filename)) == kept


def test_the_same_file_twice_is_stored_once(records_request, volunteer_client):
    pdf = text_pdf("Same")
    upload(volunteer_client, records_request, ("one.pdf", pdf), ("two.pdf", pdf))

    assert len(db.session.scalars(select(Attachment)).all()) == 2
    assert len(db.session.scalars(select(Document)).all()) == 1
