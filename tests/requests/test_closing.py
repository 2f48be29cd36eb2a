"""A lawyer closes a request with a reason and reopens it, saying why (issue 16): who, when and why
are kept, reminders and follow-ups stop while it is closed, and bad input changes nothing."""

import pytest
from sqlalchemy import func, select

from foia import clock
from foia.audit import AuditEvent
from foia.extensions import db
from foia.reminders import followups
from foia.reminders.operations import due_reminders
from foia.requests import operations
from foia.requests.models import ClockEvent, RecordsRequest
from foia.requests.status import CloseReason
from foia.seed.demo import business_days_before
from tests.support.factories import create_user, login_as
from tests.support.html import page, text_of
from tests.support.reminders import make_request


@pytest.fixture
def lawyer(app):
    return create_user("lawyer", name="Lee Lawyer")


@pytest.fixture
def client(app, lawyer):
    return login_as(app.test_client(), lawyer)


def overdue_request(owner) -> RecordsRequest:
    """A request received 30 business days ago: its response deadline has passed."""
    return make_request(clock.today(), owner=owner, received_business_days_ago=30)


def answered_request(owner) -> RecordsRequest:
    """A request answered in full: nothing more is expected, its next action is closing."""
    today = clock.today()
    answered = business_days_before(today, 2)
    return make_request(today, owner=owner, extra=(("final_response", answered),))


def audit_actions(records_request) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .filter_by(object_type="recordsrequest", object_id=records_request.id)
            .order_by(AuditEvent.id)
        )
    )


def closing_columns(records_request) -> tuple:
    db.session.expire_all()
    row = db.session.get(RecordsRequest, records_request.id)
    return row.closed_at, row.closed_by_id, row.close_reason, row.close_note


def reminded(request_id: int) -> bool:
    return any(r.request_id == request_id for r in due_reminders(clock.today()))


def test_the_header_button_leads_to_closing_which_records_who_when_and_why(client, lawyer):
    records_request = answered_request(lawyer)
    shown = page(client.get(f"/requests/{records_request.id}"))
    button = shown.one(".request-header a.primary-action")
    assert text_of(button) == "Close the request"
    assert button.get("href") == f"/requests/{records_request.id}/close"

    confirm = page(client.get(button.get("href")))
    # The reason proposed follows the status; nothing is closed before the lawyer confirms.
    assert confirm.by_label("Why close it").get("name") == "reason"
    assert "Fulfilled: we have the records" in confirm.texts("option[selected]")
    assert closing_columns(records_request)[0] is None

    done = client.post(
        button.get("href"), data={"reason": "fulfilled", "note": "  All 3 categories came.  "}
    )
    assert done.status_code == 302
    closed_at, closed_by, reason, note = closing_columns(records_request)
    assert closed_at is not None and closed_by == lawyer.id
    assert (reason, note) == ("fulfilled", "All 3 categories came.")
    event = db.session.scalar(
        select(AuditEvent).filter_by(action="request.closed", object_id=records_request.id)
    )
    assert event.user_id == lawyer.id
    assert event.data == {"reason": "fulfilled", "note": "All 3 categories came."}

    header = page(client.get(f"/requests/{records_request.id}"))
    closed_line = text_of(header.one("#closed-on"))
    assert closed_line.startswith("Closed on ")
    assert closed_line.endswith(
        "by Lee Lawyer — Fulfilled: we have the records: All 3 categories came."
    )
    assert not header.all(".primary-action")
    assert header.link("Reopen the request").get("href") == f"/requests/{records_request.id}/reopen"


def test_closing_stops_reminders_and_follow_ups_and_reopening_brings_them_back(app, lawyer):
    records_request = overdue_request(lawyer)
    today = clock.today()
    assert reminded(records_request.id)
    assert followups.overdue_clock(records_request, today) is not None

    operations.close_request(records_request, "no_longer_needed", today=today, actor=lawyer)
    db.session.commit()
    assert not reminded(records_request.id)
    assert followups.overdue_clock(records_request, today) is None

    operations.reopen_request(
        records_request, reason="The agency wrote again.", today=today, actor=lawyer
    )
    db.session.commit()
    assert reminded(records_request.id)
    assert followups.overdue_clock(records_request, today) is not None
    assert closing_columns(records_request) == (None, None, None, None)
    reopened = db.session.scalar(
        select(AuditEvent).filter_by(action="request.reopened", object_id=records_request.id)
    )
    # Nothing is lost: the audit log keeps the closing that reopening undid, and why.
    assert reopened.data["reason"] == "The agency wrote again."
    assert reopened.data["closing"]["close_reason"] == "no_longer_needed"
    assert reopened.data["closing"]["closed_by_id"] == lawyer.id


def test_reopening_from_the_header_asks_why(client, lawyer):
    records_request = answered_request(lawyer)
    operations.close_request(records_request, "fulfilled", today=clock.today(), actor=lawyer)
    db.session.commit()
    url = f"/requests/{records_request.id}/reopen"

    refused = client.post(url, data={"reason": "   "})
    assert refused.status_code == 400
    assert page(refused).error_for("Why reopen it") == "Say why the request is reopened."
    assert closing_columns(records_request)[2] == "fulfilled"

    assert client.post(url, data={"reason": "More records came."}).status_code == 302
    assert closing_columns(records_request) == (None, None, None, None)
    shown = page(client.get(f"/requests/{records_request.id}"))
    assert not shown.all("#closed-on")
    assert text_of(shown.one(".request-header a.primary-action")) == "Close the request"


def test_withdrawn_by_us_records_the_withdrawal_and_reopening_removes_it(app, lawyer):
    records_request = overdue_request(lawyer)
    today = clock.today()
    operations.close_request(records_request, "withdrawn", today=today, actor=lawyer)
    db.session.commit()
    assert records_request.status == "withdrawn"
    withdrawal = db.session.scalar(
        select(ClockEvent).filter_by(request_id=records_request.id, kind="withdrawn")
    )
    assert withdrawal.occurred_on == today and withdrawal.removed_at is None

    operations.reopen_request(records_request, reason="Sent by mistake.", today=today, actor=lawyer)
    db.session.commit()
    # Kept struck through, restorable, with the reason; the status follows the ledger again.
    assert withdrawal.removed_at is not None
    assert withdrawal.removed_reason == "Request reopened: Sent by mistake."
    assert records_request.status == "filed"


def test_a_request_never_filed_cannot_be_withdrawn(app, lawyer):
    agency = overdue_request(lawyer).agency
    draft = operations.create_request(agency, "Draft", owner=lawyer, actor=lawyer)
    db.session.commit()
    with pytest.raises(operations.RequestError, match="never filed"):
        operations.close_request(draft, "withdrawn", today=clock.today(), actor=lawyer)
    operations.close_request(draft, "no_longer_needed", today=clock.today(), actor=lawyer)
    assert draft.closed_at is not None


def test_the_close_page_says_when_outcomes_are_not_coded(client, lawyer):
    records_request = answered_request(lawyer)
    records_request.category_slugs = ["policies", "contracts"]
    db.session.commit()
    warning = page(client.get(f"/requests/{records_request.id}/close")).one("#uncoded-warning")
    assert text_of(warning).startswith("2 of 2 record categories are not coded yet.")
    link = next(a for a in warning.iter() if a.tag.endswith("a"))
    assert link.get("href") == f"/requests/{records_request.id}#outcomes-heading"


# --- bad input: a clear message, nothing changes, never a 500 -------------------------------


def test_closing_twice_is_refused_and_changes_nothing(client, lawyer):
    records_request = answered_request(lawyer)
    operations.close_request(
        records_request, "fulfilled", note="first", today=clock.today(), actor=lawyer
    )
    db.session.commit()
    before, actions = closing_columns(records_request), audit_actions(records_request)
    with pytest.raises(operations.RequestError, match="already closed"):
        operations.close_request(records_request, "no_records", today=clock.today(), actor=lawyer)
    db.session.rollback()

    url = f"/requests/{records_request.id}/close"
    for send in (lambda: client.get(url), lambda: client.post(url, data={"reason": "no_records"})):
        response = send()
        assert response.status_code == 302
        shown = page(client.get(response.headers["Location"]))
        assert "This request is already closed: reopen it first to close it again." in (
            shown.flashes()
        )
    assert closing_columns(records_request) == before
    assert audit_actions(records_request) == actions


def test_reopening_an_open_request_is_refused_and_changes_nothing(client, lawyer):
    records_request = answered_request(lawyer)
    actions = audit_actions(records_request)
    with pytest.raises(operations.RequestError, match="nothing to reopen"):
        operations.reopen_request(records_request, reason="why", today=clock.today(), actor=lawyer)
    db.session.rollback()
    response = client.post(f"/requests/{records_request.id}/reopen", data={"reason": "why"})
    assert response.status_code == 302
    shown = page(client.get(response.headers["Location"]))
    assert "This request is open: there is nothing to reopen." in shown.flashes()
    assert closing_columns(records_request) == (None, None, None, None)
    assert audit_actions(records_request) == actions


@pytest.mark.parametrize(
    "data, message",
    [
        ({"reason": ""}, "Choose why the request is closed."),
        ({"reason": "bogus"}, "Choose why the request is closed from the list."),
        (
            {"reason": "fulfilled", "note": "x" * 2001},
            "Field cannot be longer than 2000 characters.",
        ),
    ],
)
def test_bad_closing_input_gets_a_message_and_changes_nothing(client, lawyer, data, message):
    records_request = answered_request(lawyer)
    actions = audit_actions(records_request)
    response = client.post(f"/requests/{records_request.id}/close", data=data)
    assert response.status_code == 400
    shown = page(response)
    assert message in shown.error_for("Why close it") + shown.error_for("Note (optional)")
    assert closing_columns(records_request) == (None, None, None, None)
    assert audit_actions(records_request) == actions


@pytest.mark.parametrize("action", ["close", "reopen"])
def test_foreign_ids_and_volunteers_are_refused(client, client_for, lawyer, action):
    records_request = answered_request(lawyer)
    missing = db.session.scalar(select(func.max(RecordsRequest.id))) + 1
    response = client.post(f"/requests/{missing}/{action}", data={"reason": "fulfilled"})
    assert response.status_code == 404
    assert page(response).one("h1") is not None
    volunteer = client_for("volunteer")
    refused = volunteer.post(f"/requests/{records_request.id}/{action}", data={"reason": "x"})
    assert refused.status_code == 403
    assert closing_columns(records_request) == (None, None, None, None)


def test_a_closed_request_leaves_the_dashboard_lists(client, lawyer):
    records_request = overdue_request(lawyer)
    url = f"/requests/{records_request.id}"
    assert url in [a.get("href") for a in page(client.get("/")).all("#mine-overdue a")]
    operations.close_request(records_request, "no_longer_needed", today=clock.today(), actor=lawyer)
    db.session.commit()
    assert url not in [a.get("href") for a in page(client.get("/")).all("#mine-overdue a")]


def test_close_reasons_keep_their_stored_values():
    # Stored in records_requests.close_reason: a renamed value would need a migration.
    assert [str.__str__(reason) for reason in CloseReason] == [
        "fulfilled",
        "no_records",
        "denial_accepted",
        "resolved_after_appeal",
        "no_longer_needed",
        "withdrawn",
    ]
