"""`flask reminders send`, killed with SIGKILL half-way and run again, loses and repeats nothing.

Each person's reminders and the email carrying them commit together; once all are decided, one
pass sends the committed messages, one commit per message. The
message in flight at the kill keeps its claim (mail.CLAIM, 10 minutes): a rerun before then
leaves it queued (and counts it "still queued after failure"); once the claim runs out,
`flask mail send` sends it.
"""

from collections import Counter
from datetime import date, timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select, update

from foia import clock
from foia.extensions import db
from foia.jobs import JobRun
from foia.mail import OutboundEmail
from foia.reminders import operations
from foia.reminders.models import SentReminder
from tests.support.app import make_app
from tests.support.factories import create_agency, create_user
from tests.support.processes import environment, run, run_and_kill, start_sink
from tests.support.reminders import make_request

TODAY = date(2026, 12, 1)  # a Tuesday
PER_PERSON = 10


def _sent(app) -> int:
    with app.app_context():
        found = db.session.scalar(select(func.count()).where(OutboundEmail.sent_at.is_not(None)))
        db.session.remove()
        return found


def _state(app) -> dict:
    with app.app_context():
        reminders = db.session.execute(select(SentReminder.key, SentReminder.email_id)).all()
        emails = db.session.execute(
            select(
                OutboundEmail.id,
                OutboundEmail.key,
                OutboundEmail.kind,
                OutboundEmail.to_addr,
                OutboundEmail.message_id,
                OutboundEmail.sent_at,
                OutboundEmail.claimed_until,
            )
        ).all()
        runs = db.session.execute(select(JobRun.finished_at, JobRun.is_success)).all()
        db.session.remove()
    return {"reminders": reminders, "emails": emails, "runs": runs}


def _consistent(state) -> None:
    """Unique keys; every reminder carried by an outbox email; no email without a reminder."""
    keys = [k for k, _ in state["reminders"]]
    assert len(keys) == len(set(keys))
    email_keys = [e.key for e in state["emails"]]
    assert None not in email_keys and len(email_keys) == len(set(email_keys))
    ids = {e.id for e in state["emails"]}
    assert {email_id for _, email_id in state["reminders"]} == ids


def _setup(app) -> None:
    """Two people mailed one reminder at a time, three by digest; 30 requests due or overdue."""
    with app.app_context():
        upgrade()
        agency = create_agency(email="records@police.example.org")
        singles = [create_user("lawyer", email=f"single{n}@example.org") for n in range(2)]
        for person in singles:
            operations.save_settings(
                person, is_enabled=True, is_digest=False, days_before=3, appeal_days="10,3"
            )
        digests = [create_user("volunteer", email=f"digest{n}@example.org") for n in range(3)]
        db.session.commit()
        for n in range(3 * PER_PERSON):
            make_request(
                TODAY,
                owner=singles[n % 2],
                volunteer=digests[n % 3],
                agency=agency,
                received_business_days_ago=14 if n % 2 else 8,  # overdue, or due soon
            )
        db.session.remove()


def _expire_claims(app) -> None:
    """Let the killed run's claims run out (as 10 minutes would)."""
    with app.app_context():
        db.session.execute(
            update(OutboundEmail)
            .where(OutboundEmail.claimed_until.is_not(None))
            .values(claimed_until=clock.now() - timedelta(seconds=1))
        )
        db.session.commit()
        db.session.remove()


@pytest.mark.slow
def test_killed_reminders_run_sends_each_reminder_once(tmp_path):
    sink, controller = start_sink()
    try:
        _check(tmp_path, sink)
    finally:
        controller.stop()


def _check(tmp_path, sink) -> None:
    url = f"sqlite:///{tmp_path / 'reminders.sqlite3'}"
    app = make_app(url, str(tmp_path), SMTP_PORT=sink.port)
    _setup(app)
    env = environment(url, tmp_path, sink.port)
    args = ["reminders", "send", "--today", TODAY.isoformat()]

    at_kill = run_and_kill(args, env, lambda: _sent(app), 3)
    killed = _state(app)
    _consistent(killed)
    total = len(killed["emails"])
    assert total > 20 and 3 <= at_kill < total, "killed half-way"
    in_flight = {e.id for e in killed["emails"] if e.sent_at is None and e.claimed_until}
    assert len(in_flight) <= 1
    assert killed["runs"] == [(None, False)]  # the killed run shows as started, never finished

    again = run(args, env)
    assert again.returncode == 0, again.stdout + again.stderr
    rerun = _state(app)
    _consistent(rerun)
    # Whatever the kill interrupted, the rerun decides what was left, and nothing twice.
    assert set(killed["reminders"]) <= set(rerun["reminders"])
    decided = len(rerun["reminders"]) - len(killed["reminders"])
    queued = len(rerun["emails"]) - total
    assert f"{decided} reminders in {queued} emails queued" in again.stdout
    left = len(rerun["emails"]) - at_kill - len(in_flight)
    assert f"{left} messages sent, {len(in_flight)} still queued after failure" in again.stdout
    assert {e.id for e in rerun["emails"] if e.sent_at is None} == in_flight

    _expire_claims(app)
    sent = run(["mail", "send"], env)
    assert sent.returncode == 0, sent.stdout + sent.stderr
    assert f"Sent {len(in_flight)}, still queued after failure 0." in sent.stdout
    assert "0 messages sent" in run(args, env).stdout

    final = _state(app)
    _consistent(final)
    assert final["reminders"] == rerun["reminders"]
    assert all(e.sent_at is not None and e.claimed_until is None for e in final["emails"])
    # Every person was reminded of each of their requests: the digests too.
    kinds = Counter((e.to_addr, e.kind) for e in final["emails"])
    for n in range(2):
        assert kinds[(f"single{n}@example.org", "reminder")] == 3 * PER_PERSON // 2
    for n in range(3):
        assert kinds[(f"digest{n}@example.org", "digest")] == 1
    carried = Counter(email_id for _, email_id in final["reminders"])
    for e in final["emails"]:
        assert carried[e.id] == (PER_PERSON if e.kind == "digest" else 1), e.key
    assert len(final["reminders"]) == 2 * 3 * PER_PERSON  # an owner and a volunteer each
    # The SMTP server got each message once; only the one in flight at the kill may come twice.
    received = sink.counts()
    by_message = {e.message_id: e.id for e in final["emails"]}
    assert set(received) == set(by_message)
    for message_id, times in received.items():
        assert times == 1 or (times == 2 and by_message[message_id] in in_flight), message_id
    print(  # noqa: T201 - the report of the window, shown with -s
        f"killed after {at_kill}/{total} sent; in flight {sorted(in_flight)};"
        f" duplicates {sum(received.values()) - total}"
    )
