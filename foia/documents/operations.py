"""Document operations: store uploads once by hash, attach them, extract their text.

They change the session, write the audit log, flush, and never commit.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess  # noqa: S404 - fixed argument list, no shell
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from foia import audit
from foia.db import utcnow
from foia.documents.detect import detect_type, safe_filename
from foia.documents.extract import ExtractionState
from foia.documents.models import Attachment, Document
from foia.documents.storage import FileStore
from foia.extensions import db

#: Memory (bytes of address space) and CPU seconds one extraction child may use.
EXTRACT_MEMORY_BYTES = 2 * 1024**3
EXTRACT_CPU_SECONDS = 600
_PROJECT = Path(__file__).resolve().parents[2]


class UploadRefused(ValueError):
    """A file that cannot be stored, with a message for people."""


@dataclass(frozen=True, slots=True)
class Upload:
    """A file as received: its name as given, its bytes, and the type the sender declared."""

    filename: str | None
    data: bytes
    declared_type: str = ""

    @property
    def safe_name(self) -> str:
        """Return the file name made safe to keep and to offer for download."""
        return safe_filename(self.filename)


def human_size(size: float) -> str:
    """Return a size as people read it: "100 MB"."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:g} {unit}" if unit == "bytes" else f"{size:.3g} {unit}"
        size /= 1024
    return f"{size} GB"


def check_upload(upload: Upload, max_bytes: int) -> None:
    """Refuse an empty file, or one over the size limit, saying which and why."""
    if not upload.data:
        raise UploadRefused(
            f"“{upload.safe_name}” is empty (0 bytes), so there is nothing to keep."
        )
    if len(upload.data) > max_bytes:
        raise UploadRefused(
            f"“{upload.safe_name}” is {human_size(len(upload.data))}, over the "
            f"{human_size(max_bytes)} limit for one file. "
            "Split it, or ask an admin to raise the limit."
        )


def store_document(store: FileStore, data: bytes) -> Document:
    """Store `data` once and return its Document (existing or new, flushed)."""
    sha256 = store.put(data)
    document = db.session.scalar(select(Document).where(Document.sha256 == sha256))
    if document is None:
        document = Document(sha256=sha256, size=len(data), media_type=detect_type(data))
        db.session.add(document)
        db.session.flush()
    return document


def attach(
    upload: Upload,
    *,
    store: FileStore,
    max_bytes: int,
    actor,
    request_id: int | None = None,
    communication_id: int | None = None,
    inbound_email_id: int | None = None,
) -> Attachment:
    """Store an uploaded file and attach it where it arrived; refuse it with a reason."""
    check_upload(upload, max_bytes)
    document = store_document(store, upload.data)
    attachment = Attachment(
        document=document,
        document_id=document.id,
        request_id=request_id,
        communication_id=communication_id,
        inbound_email_id=inbound_email_id,
        filename=upload.safe_name,
        declared_type=(upload.declared_type or "")[:200],
        uploaded_by_id=getattr(actor, "id", None),
    )
    db.session.add(attachment)
    db.session.flush()
    audit.record(
        "document.attached",
        attachment,
        f"{attachment.filename} ({document.media_type}, {human_size(document.size)}) attached",
        user=actor,
        data={"sha256": document.sha256, "request_id": request_id},
    )
    return attachment


def type_warning(attachment: Attachment) -> str | None:
    """Return a warning when the file's name promises a type its content does not have."""
    name = attachment.filename.lower()
    media_type = attachment.document.media_type
    expected = {
        ".pdf": "application/pdf",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".eml": "message/rfc822",
    }
    for suffix, wanted in expected.items():
        if name.endswith(suffix) and media_type != wanted:
            return (
                f"“{attachment.filename}” is named {suffix} but its content is {media_type}; "
                "it is kept as received and will only ever be downloaded, never opened here."
            )
    return None


def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (EXTRACT_MEMORY_BYTES, EXTRACT_MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (EXTRACT_CPU_SECONDS, EXTRACT_CPU_SECONDS))


def run_extraction(path: Path, media_type: str, *, ocr: bool = True) -> dict:
    """Extract one file in a child process with memory and CPU limits; return its result."""
    command = [sys.executable, "-m", "foia.documents.extract", str(path), media_type]
    if not ocr:
        command.append("--no-ocr")
    env = {**os.environ, "PYTHONPATH": str(_PROJECT), "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(  # noqa: S603 - our own python -m child, argv list, no shell
            command,
            capture_output=True,
            timeout=EXTRACT_CPU_SECONDS * 2,
            preexec_fn=_limit_child,
            env=env,
            cwd=_PROJECT,  # noqa: PLW1509
        )
    except subprocess.TimeoutExpired:
        return {
            "state": ExtractionState.FAILED,
            "error": "Extraction took too long and was stopped.",
        }
    if done.returncode != 0 or not done.stdout:
        return {
            "state": ExtractionState.FAILED,
            "error": "Extraction stopped: the file needs more memory or time than allowed "
            "(a decompression bomb, or a damaged file).",
        }
    try:
        return json.loads(done.stdout)
    except ValueError:
        return {"state": ExtractionState.FAILED, "error": "Extraction gave an unreadable answer."}


def extract_document(document: Document, store: FileStore, *, ocr: bool = True) -> Document:
    """Extract a document's text and page count; record a failure on the document."""
    result = run_extraction(store.path(document.sha256), document.media_type, ocr=ocr)
    document.text = (result.get("text") or "").replace("\x00", "")
    document.page_count = result.get("page_count")
    document.text_method = result.get("method") or ""
    document.extraction_state = result.get("state") or ExtractionState.FAILED
    document.extraction_error = result.get("error") or ""
    document.extracted_at = utcnow()
    db.session.flush()
    return document


def pending_documents(limit: int, *, retry_failed: bool = False) -> list[Document]:
    """Return documents whose text is still to be extracted, oldest first."""
    pending, failed = ExtractionState.PENDING, ExtractionState.FAILED
    states = (pending, failed) if retry_failed else (pending,)
    return list(
        db.session.scalars(
            select(Document)
            .where(Document.extraction_state.in_(states))
            .order_by(Document.id)
            .limit(limit)
        )
    )


def set_public(attachment: Attachment, is_public: bool, *, actor) -> None:
    """Release a request's document on its campaign's public pages, or withdraw it."""
    if is_public and attachment.request_id is None:
        raise UploadRefused("Only a document filed on a request can be made public.")
    if is_public == (attachment.public_at is not None):
        return  # already so: the first release's time and lawyer stay
    attachment.public_at = utcnow() if is_public else None
    attachment.public_by_id = actor.id if is_public and actor is not None else None
    db.session.flush()
    audit.record(
        audit.Action.DOCUMENT_MADE_PUBLIC if is_public else audit.Action.DOCUMENT_MADE_PRIVATE,
        attachment,
        f"{attachment.filename} {'made public' if is_public else 'no longer public'}",
        user=actor,
        data={"request_id": attachment.request_id},
    )
    db.session.flush()
