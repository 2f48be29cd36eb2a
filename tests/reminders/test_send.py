"""`flask reminders send` end to end: a real SMTP server on loopback receives and we parse."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from foia import clock
from foia.extensions import db
from foia.jobs import JobRun
from foia.jurisdictions.operations import add_closure
from foia.mail import OutboundEmail
from foia.reminders import operations
from foia.reminders.models import NotificationSettings, SentReminder
from foia.requests.models import RecordsRequest
from foia.seed.demo import business_days_before
from tests.support.factories import create_user
from tests.support.html import Page, text_of
from tests.support.reminders import make_request

TODAY = date(2026, 12, 1)  # a Tuesday


def send(runner, today=TODAY, *extra):
    result = runner.invoke(args=["reminders", "send", "--today", today.isoformat(), *extra])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def parts(message):
    return message.get_body(("plain",)).get_content(), Page(
        message.get_body(("html",)).get_content()
    )


def by_recipient(messages):
    found = {}
    for message in messages:
        found.setdefault(message["To"], []).append(message)
    return found


@pytest.fixture
def people(app):
    return create_user("lawyer", email="lee@example.org", name="Lee Lawyer"), create_user(
        "volunteer", email="val@example.org", name="Val Volunteer"
    )


def test_one_digest_per_person_names_request_agency_clock_days_and_next_step(
    app, runner, smtp_server, people
):
    lawyer, volunteer = people
    overdue = make_request(TODAY, owner=lawyer, volunteer=volunteer, received_business_days_ago=14)
    soon = make_request(TODAY, owner=lawyer, received_business_days_ago=8)
    fee = make_request(
        TODAY,
        owner=lawyer,
        received_business_days_ago=5,
        extra=[("fee_estimate", business_days_before(TODAY, 2))],
    )
    denied_on = TODAY - timedelta(days=82)
    appeal = make_request(
        denied_on,
        owner=lawyer,
        received_business_days_ago=6,
        extra=[("denial", denied_on)],
    )
    send(runner)
    mailboxes = by_recipient(smtp_server.messages)
    assert sorted(mailboxes) == ["lee@example.org", "val@example.org"]
    [digest] = mailboxes["lee@example.org"]
    assert digest["Subject"] == "4 deadline reminders (1 overdue) for Tue 1 Dec 2026"
    text, html = parts(digest)
    assert text.startswith("Hello Lee Lawyer,")
    assert html.texts("p")[0] == "Hello Lee Lawyer,"
    assert overdue.reference in text and overdue.agency.name in text
    assert "Clock: response, due Tue 24 Nov 2026 (4 business days overdue)" in text
    assert "Next step: you may petition the Supervisor of Records; draft the appeal" in text
    assert f"Request: {soon.reference}" in text and "(2 business days left)" in text
    assert f"Request: {fee.reference}" in text and "Waiting on us: a fee estimate" in text
    assert f"Request: {appeal.reference}" in text and "Appeal window closing" in text
    assert "http://127.0.0.1:5000/settings/notifications" in text
    items = html.all("li.reminder")
    assert len(items) == 4
    assert html.texts("li.reminder-overdue .step") == [
        "you may petition the Supervisor of Records; draft the appeal"
    ]
    assert html.texts("li.reminder-overdue .days") == ["4 business days overdue"]
    assert html.one("a.settings").get("href").endswith("/settings/notifications")
    [volunteer_digest] = mailboxes["val@example.org"]
    assert volunteer_digest["Subject"].startswith("1 deadline reminder (1 overdue)")


def test_the_same_day_twice_sends_nothing_new_and_a_moved_date_sends_again(
    app, runner, smtp_server, people
):
    lawyer, _ = people
    records_request = make_request(TODAY, owner=lawyer, received_business_days_ago=8)
    send(runner)
    send(runner)
    assert len(smtp_server.messages) == 1
    # By kind: a request's snapshots come back in no set order (on PostgreSQL, the order their
    # rows happen to lie in).
    [first] = [s for s in records_request.snapshots if s.kind == "response"]
    first_due = first.due_on
    # The agency's office closes for a day (a storm): the response falls due a business day
    # later, and that new date gets its own reminder.
    add_closure(
        TODAY + timedelta(days=1),
        "Snow emergency",
        agency_id=records_request.agency_id,
        today=TODAY,
        actor=None,
    )
    db.session.commit()
    records_request = db.session.get(RecordsRequest, records_request.id)
    [response] = [s for s in records_request.snapshots if s.kind == "response"]
    assert response.due_on > first_due
    send(runner, TODAY + timedelta(days=2))
    assert len(smtp_server.messages) == 2
    text = smtp_server.messages[1].get_body(("plain",)).get_content()
    assert f"due {response.due_on:%a} {response.due_on.day} {response.due_on:%b %Y}" in text


def test_immediate_emails_one_per_reminder(app, runner, smtp_server, people):
    lawyer, _ = people
    db.session.add(NotificationSettings(user_id=lawyer.id, is_digest=False))
    db.session.commit()
    make_request(TODAY, owner=lawyer, received_business_days_ago=14)
    make_request(TODAY, owner=lawyer, received_business_days_ago=8)
    send(runner)
    subjects = sorted(str(m["Subject"]).strip() for m in smtp_server.messages)
    assert len(subjects) == 2
    assert subjects[0].startswith("Coming up: response deadline: FR-")
    assert subjects[1].startswith("Overdue: response deadline passed: FR-")


def test_smtp_down_then_up_everything_arrives_once(app, runner, smtp_server, people, monkeypatch):
    lawyer, volunteer = people
    make_request(TODAY, owner=lawyer, volunteer=volunteer, received_business_days_ago=14)
    app.config["SMTP_PORT"] = 1  # nothing listens there
    # Each failure counts once.
    # Nothing could be sent: the run fails (exit status 1), so /admin/jobs warns (issue 14).
    down = runner.invoke(args=["reminders", "send", "--today", TODAY.isoformat()])
    assert down.exit_code == 1 and "0 messages sent, 2 still queued after failure" in down.stdout
    waiting = db.session.scalars(select(OutboundEmail)).all()
    assert len(waiting) == 2 and all(not m.is_sent for m in waiting)
    assert all(m.last_error.endswith("refused the connection.") for m in waiting)
    app.config["SMTP_PORT"] = smtp_server.port
    send(runner)  # too early: the backoff has not passed, nothing is sent twice or lost
    assert smtp_server.messages == []
    later = clock.now() + timedelta(minutes=2)
    monkeypatch.setattr(clock, "now", lambda: later)
    send(runner)
    send(runner)
    assert sorted(m["To"] for m in smtp_server.messages) == ["lee@example.org", "val@example.org"]
    assert db.session.scalar(select(func.count()).select_from(SentReminder)) == 2


@pytest.mark.slow
def test_a_month_of_daily_runs_sends_each_reminder_once_and_misses_none(
    app, runner, smtp_server, people
):
    lawyer, _ = people
    start = date(2026, 11, 2)
    # Requests received on different days: each passes through due soon, then overdue.
    made = [
        make_request(start + timedelta(days=offset), owner=lawyer, received_business_days_ago=0)
        for offset in (0, 3, 7, 10)
    ]
    for n in range(31):
        send(runner, start + timedelta(days=n))
    keys = db.session.scalars(select(SentReminder.key)).all()
    assert len(keys) == len(set(keys))
    kinds = {(r.request_id, r.kind) for r in db.session.scalars(select(SentReminder))}
    for records_request in made:
        assert (records_request.id, "due_soon") in kinds
        assert (records_request.id, "overdue") in kinds
    texts = [m.get_body(("plain",)).get_content() for m in smtp_server.messages]
    mentioned = sum(t.count("Request: ") for t in texts)
    assert mentioned == len(keys), "every decided reminder arrived exactly once"


def test_dry_run_changes_nothing(app, runner, smtp_server, people):
    lawyer, _ = people
    make_request(TODAY, owner=lawyer, received_business_days_ago=14)
    output = send(runner, TODAY, "--dry-run")
    assert "1 reminders would be queued" in output
    assert "you may petition the Supervisor of Records" in output
    assert smtp_server.messages == []
    assert db.session.scalar(select(func.count()).select_from(OutboundEmail)) == 0
    assert db.session.scalar(select(func.count()).select_from(JobRun)) == 0


def test_each_run_is_recorded(app, runner, smtp_server, people):
    send(runner)
    [run] = db.session.scalars(select(JobRun)).all()
    assert run.is_success and run.job == "reminders send" and run.run_for == TODAY


def test_snapshots_from_before_the_settled_fact_are_filled_first(app, runner, smtp_server, people):
    lawyer, _ = people
    answered = make_request(
        TODAY,
        owner=lawyer,
        received_business_days_ago=14,
        extra=[("final_response", business_days_before(TODAY, 6))],
    )
    for snapshot in answered.snapshots:
        snapshot.is_settled = None  # as the migration leaves existing rows
    db.session.commit()
    output = send(runner)
    assert "1 requests rechecked" in output
    assert smtp_server.messages == [], "an answered request is not overdue"


def test_recorded_reminders_store_their_dates_as_the_orm_would(app, runner, smtp_server, people):
    """The first run writes its rows below the ORM: each reads back, and matches by value."""
    lawyer, volunteer = people
    make_request(TODAY, owner=lawyer, volunteer=volunteer, received_business_days_ago=14)
    make_request(TODAY, owner=lawyer, received_business_days_ago=8)
    before = clock.now()
    send(runner)
    after = clock.now()
    rows = db.session.scalars(select(SentReminder)).all()
    assert len(rows) == 3
    for row in rows:
        user, request, clock_kind, due, kind = row.key.split(":")
        assert (row.user_id, row.request_id) == (int(user), int(request))
        assert (row.clock_kind, row.kind) == (clock_kind, kind)
        assert type(row.due_on) is date and row.due_on.isoformat() == due
        assert type(row.decided_on) is date and row.decided_on == TODAY
        assert before <= row.created_at <= after
        assert row.email_id is not None
        # Matching by value compares stored forms (text on SQLite): they must be the ORM's.
        found = db.session.scalar(
            select(SentReminder.id).where(
                SentReminder.key == row.key,
                SentReminder.due_on == row.due_on,
                SentReminder.decided_on == TODAY,
                SentReminder.created_at == row.created_at,
            )
        )
        assert found == row.id


def test_a_long_digest_details_the_first_items_and_lists_the_rest_one_line_each(
    app, runner, smtp_server, people, monkeypatch
):
    monkeypatch.setattr(operations, "DIGEST_DETAILED", 2)
    lawyer, _ = people
    made = [make_request(TODAY, owner=lawyer, received_business_days_ago=14) for _ in range(4)]
    by_reference = {r.reference: r for r in made}
    send(runner)
    [digest] = smtp_server.messages
    text, html = parts(digest)
    assert "4 deadlines need your attention today (Tue 1 Dec 2026)." in text
    assert text.count("Request: ") == 2 and "And 2 more:" in text
    summary = "Overdue: response deadline passed, due Tue 24 Nov 2026 (4 business days overdue)"
    listed = [line.removeprefix("- ") for line in text.splitlines() if line.startswith("- ")]
    html_listed = [text_of(item) for item in html.all("ul.more li.reminder-overdue")]
    assert len(listed) == len(html_listed) == 2
    for entry in listed + html_listed:
        reference, rest = entry.split(", ", 1)
        assert rest == f"{by_reference[reference].agency.name}: {summary}"
    assert len(html.all("li.reminder")) == 2
    named = {reference for reference in by_reference if reference in text}
    assert named == set(by_reference), "every reminder is named, in detail or in one line"
