"""Keep the search index in step with what it indexes, on every flush, whoever writes.

A session listener turns each new, changed or deleted communication, note and attachment (and
each document whose text was extracted) into rows of `search_entries`; the database's own
full-text index (FTS5 triggers, or PostgreSQL's generated tsvector) follows those rows.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, event, insert, update
from sqlalchemy.orm import Session

from foia import clock
from foia.documents.models import Attachment, Document
from foia.requests.models import Communication, Direction
from foia.responses.models import Note
from foia.search.models import SearchEntry

_TABLE = SearchEntry.metadata.tables[SearchEntry.__tablename__]


def _day(value: date | datetime | None) -> date | None:
    # A timestamp counts on the organisation's local date, like every other date we show.
    if isinstance(value, datetime):
        return value.astimezone(clock.local_zone()).date()
    return value


def entry_for(obj) -> dict | None:
    """Return the search row for a communication, note or attachment (None: not indexed)."""
    if isinstance(obj, Communication):
        parts = (obj.subject, obj.sender, obj.recipient, obj.tracking, obj.body)
        title = (
            obj.subject
            or f"{'From' if obj.direction == Direction.IN else 'To'} {obj.sender or obj.recipient}"
        )
        return {
            "source": "communication",
            "source_id": obj.id,
            "request_id": obj.request_id,
            "document_id": None,
            "is_privileged": False,
            "occurred_on": obj.occurred_on,
            "title": (title or "Message")[:500],
            "body": "\n".join(p for p in parts if p),
        }
    if isinstance(obj, Note):
        return {
            "source": "note",
            "source_id": obj.id,
            "request_id": obj.request_id,
            "document_id": None,
            "is_privileged": bool(obj.is_privileged),
            "occurred_on": _day(obj.created_at),
            "title": "Privileged note" if obj.is_privileged else "Note",
            "body": obj.body or "",
        }
    if isinstance(obj, Attachment):
        if obj.request_id is None:
            return None  # waiting in the inbox: not part of any request yet
        return {
            "source": "document",
            "source_id": obj.id,
            "request_id": obj.request_id,
            "document_id": obj.document_id,
            "is_privileged": False,
            "occurred_on": _day(obj.created_at),
            "title": obj.filename,
            "body": obj.document.text if obj.document is not None else "",
        }
    return None


_SOURCES = {Communication: "communication", Note: "note", Attachment: "document"}


def _source_of(obj) -> str | None:
    return next((name for cls, name in _SOURCES.items() if isinstance(obj, cls)), None)


@event.listens_for(Session, "after_flush")
def _sync(session: Session, flush_context) -> None:
    """Write the search rows of whatever this flush changed."""
    changed = [o for o in (*session.new, *session.dirty) if _source_of(o)]
    deleted = [o for o in session.deleted if _source_of(o)]
    documents = [o for o in session.dirty if isinstance(o, Document)]
    if not (changed or deleted or documents):
        return
    connection = session.connection()
    # A row inserted by this flush has no search rows yet: only changed and deleted ones are
    # cleared, one statement per source (each new inbound attachment cost a DELETE before).
    new = set(map(id, session.new))
    stale: dict[str, list[int]] = {}
    for obj in (*changed, *deleted):
        if id(obj) not in new and (source := _source_of(obj)) is not None:
            stale.setdefault(source, []).append(obj.id)
    for source, ids in stale.items():
        connection.execute(
            delete(_TABLE).where(_TABLE.c.source == source, _TABLE.c.source_id.in_(ids))
        )
    rows = [row for obj in changed if (row := entry_for(obj)) is not None]
    if rows:
        connection.execute(insert(_TABLE), rows)
    for document in documents:
        connection.execute(
            update(_TABLE)
            .where(_TABLE.c.source == "document", _TABLE.c.document_id == document.id)
            .values(body=document.text or "")
        )
