"""The search index: one row per searchable thing, kept in step with its source on every flush.

The full-text index itself is dialect-specific and created by the migration: an FTS5
external-content table `search_fts` on SQLite, a GIN index on the text's tsvector on PostgreSQL.
"""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from foia.extensions import Model

#: What a search entry stands for.
SOURCES = ("communication", "note", "document")


class SearchEntry(Model):
    """The text of one communication, note or attached document, with what filters need."""

    __tablename__ = "search_entries"
    __table_args__ = (UniqueConstraint("source", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: One of SOURCES.
    source: Mapped[str] = mapped_column(String(20))
    #: The id of the communication, note or attachment.
    source_id: Mapped[int] = mapped_column(Integer)
    #: The request it belongs to (filters join through it: campaign, agency, state, category).
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("records_requests.id", ondelete="CASCADE"), index=True
    )
    #: The stored document, for documents (its text changes when extraction runs).
    document_id: Mapped[int | None] = mapped_column(Integer, index=True)
    #: True for privileged notes: only lawyers find them.
    is_privileged: Mapped[bool] = mapped_column(default=False)
    #: The day the thing happened, for the date filter.
    occurred_on: Mapped[date | None] = mapped_column(Date, index=True)
    #: A title for the result list: subject, file name, "Note".
    title: Mapped[str] = mapped_column(String(500), default="")
    #: The searchable text.
    body: Mapped[str] = mapped_column(Text, default="")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Leave the migration-made full-text index out of autogenerate and schema comparisons."""
    if type_ == "table" and name and name.startswith("search_fts"):
        return False
    if type_ == "column" and name == "tsv" and getattr(obj, "table", None) is not None:
        return obj.table.name != "search_entries"
    # The directory's trigram index on agencies.search_text is PostgreSQL-only, made by hand too,
    # and so is its SQLite counterpart (a B-tree in the directory's order, with the text).
    return not (type_ == "index" and name in HAND_MADE_INDEXES)


#: Dialect-specific indexes the migrations make by hand (left out of schema comparisons).
HAND_MADE_INDEXES = (
    "ix_search_entries_fts",
    "ix_agencies_search_text_trgm",
    "ix_agencies_name_id_search_text",
)
