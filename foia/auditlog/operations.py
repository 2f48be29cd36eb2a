"""Record who was shown which privileged note: they flush, and never commit.

Privileged notes reach people in two places: the request page's thread and the search results
(a snippet of the note). The chronology (PDF and ZIP) and every CSV export leave notes out, so
no download shows one; `flask backup create` copies the whole database for the operator, which
is not a person reading a note. A page that shows a note records the read once per view, after
it has rendered, and commits with it: a read that cannot be recorded is not shown.
"""

from collections.abc import Iterable
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from foia import audit
from foia.audit import Action, AuditEvent
from foia.extensions import db
from foia.responses.models import Note


class ReadPlace(StrEnum):
    """Where a privileged note was shown."""

    REQUEST_PAGE = "request page"
    SEARCH_RESULTS = "search results"

    @property
    def phrase(self) -> str:
        """Return where, as the end of a sentence: "on the request page"."""
        return ("in the " if self is ReadPlace.SEARCH_RESULTS else "on the ") + self.value


def record_privileged_reads(
    items: Iterable[object], *, actor, place: ReadPlace
) -> list[AuditEvent]:
    """Record one read by `actor` of each privileged note among `items` (others are skipped)."""
    notes = {item.id: item for item in items if isinstance(item, Note) and item.is_privileged}
    events = [
        # The audit line names the note; it never repeats the note's text.
        audit.record(
            Action.NOTE_PRIVILEGED_READ,
            note,
            f"Privileged note #{note.id} of {note.records_request.reference or note.request_id}"
            f" shown {place.phrase}",
            user=actor,
            data={"note_id": note.id, "request_id": note.request_id, "place": str(place)},
        )
        for note in notes.values()
    ]
    db.session.flush()
    return events


def record_privileged_reads_of(
    note_ids: Iterable[int], *, actor, place: ReadPlace
) -> list[AuditEvent]:
    """Record one read by `actor` of each privileged note among the notes with `note_ids`."""
    ids = set(note_ids)
    if not ids:
        return []
    notes = db.session.scalars(
        select(Note)
        .where(Note.id.in_(ids), Note.is_privileged.is_(True))
        .options(selectinload(Note.records_request))
        .order_by(Note.id)
    )
    return record_privileged_reads(notes, actor=actor, place=place)
