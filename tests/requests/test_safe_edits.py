"""Removing a ledger event asks why, keeps it (who, when, why), and can be undone (issue #16 §3)."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from foia import clock
from foia.audit import AuditEvent
from foia.extensions import db
from foia.reminders.operations import waiting_rows
from foia.requests import batch, operations
from foia.requests.models import ClockEvent, DeadlineSnapshot, RecordsRequest
from tests.support.factories import create_agency
from tests.support.html import page, text_of

TODAY = date(2026, 11, 26)


def filed_request(today=TODAY, filed=date(2026, 11, 24)) -> RecordsRequest:
    agency = create_agency("Worcester Police Department", county="Worcester")
    records_request = operations.create_request(agency, "Face recognition", owner=None, actor=None)
    for kind in ("filed", "received"):
        operations.add_event(records_request, kind, filed, today=today, actor=None)
    db.session.commit()
    return records_request


def event_of(records_request, kind) -> ClockEvent:
    return db.session.scalar(select(ClockEvent).filter_by(request_id=records_request.id, kind=kind))


def due_dates(records_request) -> dict:
    rows = db.session.execute(
        select(DeadlineSnapshot.kind, DeadlineSnapshot.due_on).filter_by(
            request_id=records_request.id
        )
    )
    return dict(rows.all())


def actions(records_request) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .filter_by(object_type="recordsrequest", object_id=records_request.id)
            .order_by(AuditEvent.id)
        )
    )


def test_removing_then_restoring_gives_back_the_same_dates(app):
    records_request = filed_request()
    operations.add_event(
        records_request, "extension_claimed", TODAY, today=TODAY, actor=None, days=10
    )
    db.session.commit()
    before = due_dates(records_request)
    remembered = records_request.next_due_on
    extension = event_of(records_request, "extension_claimed")

    operations.remove_event(
        extension, reason="logged on the wrong request", today=TODAY, actor=None
    )
    db.session.commit()
    assert due_dates(records_request)["extended_response"] != before["extended_response"]
    assert [e.kind for e in records_request.events] == ["filed", "received"]

    operations.restore_event(extension, today=TODAY, actor=None)
    db.session.commit()
    assert due_dates(records_request) == before
    assert records_request.next_due_on == remembered
    done = actions(records_request)
    assert done.index("request.event_removed") < done.index("request.event_restored")
    assert done.count("deadline.moved") >= 3  # the extension moved it, removal and restoring too


def test_removal_keeps_the_event_with_who_when_and_why(app, client_for):
    lawyer = client_for("lawyer").user
    records_request = filed_request()
    received = event_of(records_request, "received")

    operations.remove_event(received, reason="  wrong date  ", today=TODAY, actor=lawyer)
    db.session.commit()

    assert received.removed_by_id == lawyer.id
    assert received.removed_reason == "wrong date"
    assert received.removed_at is not None
    audit = db.session.scalar(
        select(AuditEvent).filter_by(action="request.event_removed", object_id=records_request.id)
    )
    assert audit.data["reason"] == "wrong date" and audit.user_id == lawyer.id


def test_a_removal_needs_a_reason(app):
    records_request = filed_request()
    with pytest.raises(operations.RequestError, match="Say why"):
        operations.remove_event(
            event_of(records_request, "received"), reason="   ", today=TODAY, actor=None
        )


def test_removing_the_only_event_forgets_every_deadline(app):
    agency = create_agency("Leominster Police Department", county="Worcester")
    records_request = operations.create_request(agency, "Face recognition", owner=None, actor=None)
    operations.add_event(records_request, "filed", date(2026, 11, 24), today=TODAY, actor=None)
    assert records_request.next_due_on is not None

    operations.remove_event(
        event_of(records_request, "filed"), reason="never sent", today=TODAY, actor=None
    )

    assert due_dates(records_request) == {}
    assert records_request.next_due_on is None


def test_removed_events_count_nowhere(app):
    """The batch recomputation, reminders' "waiting on us" and the dashboard skip them."""
    records_request = filed_request()
    operations.add_event(records_request, "fee_estimate", TODAY, today=TODAY, actor=None)
    db.session.commit()
    fee = event_of(records_request, "fee_estimate")
    assert any(row.request_id == records_request.id for row in db.session.execute(waiting_rows()))

    operations.remove_event(fee, reason="not a fee estimate", today=TODAY, actor=None)
    db.session.commit()
    assert not any(
        row.request_id == records_request.id for row in db.session.execute(waiting_rows())
    )
    assert records_request.fee_waiting_since is None
    # The nightly batch reads the ledger with its own query: it must agree with the page.
    expected = due_dates(records_request)
    db.session.execute(DeadlineSnapshot.__table__.delete())
    batch.recompute_open_requests("test", TODAY)
    assert due_dates(records_request) == expected


def test_the_remove_button_leads_to_a_confirmation_with_a_reason(lawyer_client):
    today = clock.today()
    records_request = filed_request(today=today, filed=today - timedelta(days=2))
    shown = page(lawyer_client.get(f"/requests/{records_request.id}"))
    button = shown.one('#ledger-heading ~ table button[aria-label^="Remove Received"]')
    form = next(f for f in shown.all("form") if button in list(f.iter()))
    assert form.get("method") == "get"

    confirm = lawyer_client.get(form.get("action"))
    assert confirm.status_code == 200
    assert page(confirm).by_label("Why remove it") is not None
    assert not page(confirm).all("#filed-warning")

    refused = lawyer_client.post(form.get("action"), data={"reason": ""})
    assert refused.status_code == 400
    assert page(refused).error_for("Why remove it") == "Say why the event is removed."
    assert event_of(records_request, "received").removed_at is None

    done = lawyer_client.post(form.get("action"), data={"reason": "typed twice"})
    assert done.status_code == 302
    ledger = page(lawyer_client.get(f"/requests/{records_request.id}"))
    removed = ledger.one("table.ledger tr.removed")
    assert "typed twice" in text_of(removed)
    assert "Removed by lawyer" in text_of(removed)
    assert removed.findall(".//{*}del")


def test_the_confirmation_warns_before_removing_filed(lawyer_client):
    today = clock.today()
    records_request = filed_request(today=today, filed=today - timedelta(days=2))
    filed = event_of(records_request, "filed")
    confirm = page(lawyer_client.get(f"/requests/{records_request.id}/events/{filed.id}/remove"))
    assert "This is the filing date." in text_of(confirm.one("#filed-warning"))


def test_restore_from_the_page(lawyer_client):
    today = clock.today()
    records_request = filed_request(today=today, filed=today - timedelta(days=2))
    before = due_dates(records_request)
    received = event_of(records_request, "received")
    url = f"/requests/{records_request.id}/events/{received.id}"
    lawyer_client.post(f"{url}/remove", data={"reason": "test"})
    shown = page(lawyer_client.get(f"/requests/{records_request.id}"))
    assert shown.one('button[aria-label^="Restore Received"]') is not None

    assert lawyer_client.post(f"{url}/restore").status_code == 302
    db.session.expire_all()
    assert event_of(records_request, "received").removed_at is None
    assert due_dates(records_request) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_volunteers_cannot_remove_or_restore(volunteer_client, method):
    records_request = filed_request()
    received = event_of(records_request, "received")
    url = f"/requests/{records_request.id}/events/{received.id}"
    assert getattr(volunteer_client, method)(f"{url}/remove").status_code == 403
    assert volunteer_client.post(f"{url}/restore").status_code == 403
    shown = page(volunteer_client.get(f"/requests/{records_request.id}"))
    assert not shown.all('button[aria-label^="Remove"]')
