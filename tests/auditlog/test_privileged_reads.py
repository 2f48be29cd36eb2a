"""Showing a privileged note records who saw which note, once per view; nothing else does."""

from sqlalchemy import select

from foia import clock
from foia.audit import Action, AuditEvent
from foia.extensions import db
from foia.responses import operations
from foia.responses.sections import MESSAGES_SHOWN
from tests.support.factories import create_user
from tests.support.html import Page
from tests.support.responses import filed_request, recent_monday

SECRET_WORD = "Zanzibarquux"


def reads() -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == Action.NOTE_PRIVILEGED_READ)
            .order_by(AuditEvent.id)
        )
    )


def request_with_notes():
    """A filed request with two privileged notes and an ordinary one."""
    records_request = filed_request(recent_monday(clock.today()))
    author = create_user("lawyer")
    first = operations.add_note(
        records_request, f"{SECRET_WORD} strategy", is_privileged=True, actor=author
    )
    second = operations.add_note(
        records_request, "Settle before the hearing", is_privileged=True, actor=author
    )
    operations.add_note(records_request, "Called the clerk", is_privileged=False, actor=author)
    db.session.commit()
    return records_request, first, second


def test_each_view_of_the_request_page_records_each_privileged_note_once(app, lawyer_client):
    records_request, first, second = request_with_notes()
    lawyer = lawyer_client.user

    shown = Page(lawyer_client.get(f"/requests/{records_request.id}").text)
    assert len(shown.all(".note.privileged")) == 2
    events = reads()
    assert sorted((e.user_id, e.object_type, e.object_id) for e in events) == [
        (lawyer.id, "note", first.id),
        (lawyer.id, "note", second.id),
    ]
    assert events[0].data["place"] == "request page"
    assert events[0].data["request_id"] == records_request.id
    assert SECRET_WORD not in " ".join(e.summary for e in events)  # never the note's text

    lawyer_client.get(f"/requests/{records_request.id}")
    assert len(reads()) == 4  # a second view is a second read


def test_an_admin_reading_is_recorded_and_a_volunteer_reads_nothing(
    app, admin_client, volunteer_client
):
    records_request, _, _ = request_with_notes()
    page = Page(volunteer_client.get(f"/requests/{records_request.id}").text)
    assert page.all(".note.privileged") == [] and len(page.all(".note")) == 1
    assert reads() == []
    admin_client.get(f"/requests/{records_request.id}")
    assert {e.user_id for e in reads()} == {admin_client.user.id}


def test_a_note_left_off_a_long_thread_is_not_recorded_until_shown(app, lawyer_client):
    records_request, first, second = request_with_notes()
    for n in range(MESSAGES_SHOWN):
        operations.add_note(records_request, f"Later note {n}", is_privileged=False, actor=None)
    db.session.commit()

    lawyer_client.get(f"/requests/{records_request.id}")
    assert reads() == []
    lawyer_client.get(f"/requests/{records_request.id}?messages=2")  # the older page
    assert {e.object_id for e in reads()} == {first.id, second.id}


def test_a_privileged_note_in_search_results_is_recorded(app, lawyer_client, volunteer_client):
    _, first, _ = request_with_notes()
    volunteer_client.get(f"/search?q={SECRET_WORD}")
    assert reads() == []

    hits = Page(lawyer_client.get(f"/search?q={SECRET_WORD}").text)
    assert hits.texts(".hit h3") == ["Privileged note"]
    [event] = reads()
    assert (event.user_id, event.object_id) == (lawyer_client.user.id, first.id)
    assert event.data["place"] == "search results"
    assert event.summary.endswith(
        f"#{first.id} of {first.records_request.reference} shown in the search results"
    )


def test_the_reads_are_on_the_audit_log_of_the_request(app, lawyer_client, admin_client):
    records_request, first, _ = request_with_notes()
    lawyer_client.get(f"/requests/{records_request.id}")
    page = Page(
        admin_client.get(
            "/admin/audit",
            query_string={
                "request_ref": records_request.reference,
                "action": "note.privileged_read",
            },
        ).text
    )
    rows = page.table("#audit-events")
    assert {row["Person"] for row in rows} == {lawyer_client.user.display_name}
    assert {row["Request"] for row in rows} == {records_request.reference}
    assert (
        f"Privileged note #{first.id} of {records_request.reference} shown on the request page"
        in {row["What"] for row in rows}
    )


def test_pages_without_privileged_notes_write_nothing(app, lawyer_client):
    records_request = filed_request(recent_monday(clock.today()))
    operations.add_note(records_request, "Called the clerk", is_privileged=False, actor=None)
    db.session.commit()
    before = db.session.scalar(select(db.func.count()).select_from(AuditEvent))
    lawyer_client.get(f"/requests/{records_request.id}")
    lawyer_client.get("/search?q=clerk")
    assert db.session.scalar(select(db.func.count()).select_from(AuditEvent)) == before
