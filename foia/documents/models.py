"""Documents stored once by SHA-256, and the places they are attached."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foia.db import TimestampMixin, UTCDateTime
from foia.documents.extract import ExtractionState
from foia.extensions import Model

#: Extraction states: waiting for `flask documents extract`, finished, failed, or not attempted.
EXTRACTION_STATES: tuple[ExtractionState, ...] = tuple(ExtractionState)


class Document(TimestampMixin, Model):
    """A file's bytes, kept once in the file store under their SHA-256, with what we learnt."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of the bytes: the file's name in the store.
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    #: Size in bytes.
    size: Mapped[int] = mapped_column(Integer)
    #: Media type detected from the content (magic bytes), never from the name.
    media_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    #: Pages, for PDFs (images count as one); none until extracted or when unknown.
    page_count: Mapped[int | None] = mapped_column(Integer)
    #: Text extracted from the file (PDF text layer or OCR), for search.
    text: Mapped[str] = mapped_column(Text, default="", deferred=True)
    #: How the text was obtained: "pdf-text", "ocr", "plain", or "".
    text_method: Mapped[str] = mapped_column(String(20), default="")
    #: One of EXTRACTION_STATES.
    extraction_state: Mapped[str] = mapped_column(
        String(20), default=ExtractionState.PENDING.value, index=True
    )
    #: Why extraction failed or was skipped, for people.
    extraction_error: Mapped[str] = mapped_column(Text, default="")
    #: When extraction last ran.
    extracted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Attachment(TimestampMixin, Model):
    """A document as it arrived somewhere: on a request, a message, or an inbound email."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The stored file.
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    #: The request it belongs to (none while its inbound email waits in the inbox).
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("records_requests.id", ondelete="CASCADE"), index=True
    )
    #: The message that carried it, if any.
    communication_id: Mapped[int | None] = mapped_column(
        ForeignKey("communications.id", ondelete="SET NULL"), index=True
    )
    #: The inbound email it came in, if any.
    inbound_email_id: Mapped[int | None] = mapped_column(
        ForeignKey("inbound_emails.id", ondelete="SET NULL"), index=True
    )
    #: The file name as given, made safe (no folders, control characters or excess length).
    filename: Mapped[str] = mapped_column(String(255))
    #: The media type the sender declared (kept as a fact; never trusted for serving).
    declared_type: Mapped[str] = mapped_column(String(200), default="")
    #: Who uploaded it; none for imports run by cron.
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: When a lawyer released it on its campaign's public pages; none: not public (the default).
    public_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The lawyer who released it.
    public_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    document: Mapped[Document] = relationship(lazy="joined")
