"""Text extraction outside the web request: PDF text layers, OCR of scans and images."""

import shutil
from datetime import timedelta

import pytest
from sqlalchemy import select

from foia import clock
from foia.documents import operations
from foia.documents.models import Document
from foia.documents.storage import store_for
from foia.extensions import db
from foia.jobs import JobRun
from tests.support.app import unavailable
from tests.support.responses import scanned_image, scanned_pdf, text_pdf


@pytest.fixture
def store(app):
    return store_for(app.config)


@pytest.fixture
def ocr():
    if not (shutil.which("tesseract") and shutil.which("pdftoppm")):
        unavailable("tesseract-ocr and poppler-utils are not installed")


def stored(store, data: bytes) -> Document:
    document = operations.store_document(store, data)
    db.session.commit()
    return document


@pytest.mark.slow
def test_a_pdf_text_layer_is_read_with_its_page_count(app, store, runner):
    document = stored(store, text_pdf("Clearview AI subscription agreement", pages=3))

    result = runner.invoke(args=["documents", "extract"])

    assert "Extracted 1 document(s); 0 failed." in result.output
    db.session.refresh(document)
    assert (document.extraction_state, document.text_method, document.page_count) == (
        "done",
        "pdf-text",
        3,
    )
    assert "Clearview AI subscription agreement (page 2)" in document.text


@pytest.mark.slow
def test_a_scanned_pdf_is_read_by_ocr(app, store, ocr):
    document = stored(store, scanned_pdf("FACIAL RECOGNITION POLICY"))

    operations.extract_document(document, store)

    assert (document.text_method, document.page_count) == ("ocr", 1)
    assert "FACIAL RECOGNITION POLICY" in document.text.upper()


@pytest.mark.slow
def test_an_image_is_read_by_ocr(app, store, ocr):
    document = stored(store, scanned_image("SEARCH LOG 2025", fmt="JPEG"))

    operations.extract_document(document, store)

    assert document.media_type == "image/jpeg"
    assert "SEARCH LOG 2025" in document.text.upper()


def test_extraction_can_skip_ocr(app, store):
    document = stored(store, scanned_image("SEARCH LOG"))

    operations.extract_document(document, store, ocr=False)

    assert (document.extraction_state, document.text) == ("skipped", "")


@pytest.mark.slow
def test_the_command_runs_only_what_is_pending(app, store, runner):
    stored(store, text_pdf("first"))
    runner.invoke(args=["documents", "extract"])

    again = runner.invoke(args=["documents", "extract"])

    assert "Extracted 0 document(s)" in again.output
    assert db.session.scalars(select(Document.extraction_state)).all() == ["done"]


def test_each_extract_run_is_recorded_and_the_status_page_warns_when_it_stopped(
    app, store, runner, admin_client
):
    stored(store, b"Plain text the agency sent.")
    result = runner.invoke(args=["documents", "extract"])
    assert result.exit_code == 0, result.output
    run = db.session.scalars(select(JobRun).filter_by(job="documents extract")).one()
    assert (run.is_success, run.summary) == (True, "Extracted 1 document(s); 0 failed.")
    jobs = {j["job"]: j for j in admin_client.get("/admin/status.json").get_json()["jobs"]}
    assert jobs["documents extract"]["is_stale"] is False

    # Cron stopped: the last success is 31 minutes old, past the 30 the status allows.
    run.finished_at = clock.now() - timedelta(minutes=31)
    db.session.commit()
    jobs = {j["job"]: j for j in admin_client.get("/admin/status.json").get_json()["jobs"]}
    assert jobs["documents extract"]["is_stale"] is True
