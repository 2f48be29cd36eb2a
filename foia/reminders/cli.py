"""`flask reminders send`: decide today's reminders, queue them, and send the outbox (cron).

Idempotent and safe when two runs overlap: each reminder has a unique key recorded in the same
transaction as the email that carries it (one commit per person), and the outbox claims each
message atomically before sending it.
"""

import contextlib
import gc
import smtplib
import threading
from collections import defaultdict
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import IntegrityError, OperationalError

from foia import clock, jobs, mail
from foia.deadlines.cli import DATE
from foia.extensions import db
from foia.reminders import followups, operations

JOB = "reminders send"
#: Requests recomputed per commit when filling missing facts.
BATCH_SIZE = 500


@click.group("reminders")
def reminders_cli() -> None:
    """Deadline reminders to the people assigned to requests."""


@reminders_cli.command("send")
@click.option("--today", type=DATE, default=None, help="Run as if today were this date.")
@click.option("--dry-run", is_flag=True, help="List what would be sent; change nothing.")
@with_appcontext
def send_command(today: date | None, dry_run: bool) -> None:
    """Queue today's reminders and follow-ups, then send every due message in the outbox."""
    today = today or clock.today()
    if dry_run:
        _dry_run(today)
        return
    run = jobs.start_run(JOB, today)
    db.session.commit()
    try:
        summary = _run(today)
    except Exception as exc:
        db.session.rollback()
        jobs.finish_run(run, f"{type(exc).__name__}: {exc}", is_success=False)
        db.session.commit()
        raise
    jobs.finish_run(run, summary, is_success=True)
    db.session.commit()
    click.echo(summary)


def fill_missing_facts(today: date, *, commit: bool = True) -> int:
    """Recompute requests lacking a fact selection needs, a batch per commit; return how many."""
    ids = operations.missing_fact_ids(today)
    for start in range(0, len(ids), BATCH_SIZE):
        try:
            operations.recheck(ids[start : start + BATCH_SIZE], today)
            if commit:
                db.session.commit()
        except IntegrityError:
            db.session.rollback()  # an overlapping run recomputed them first
    return len(ids)


def _dry_run(today: date) -> None:
    fill_missing_facts(today, commit=False)
    found = operations.due_reminders(today)
    for item in operations.describe(found):
        r = item.reminder
        click.echo(
            f"user {r.user_id}: {item.reference} {item.agency}: {item.headline}"
            f" (due {r.due_on.isoformat()}, {item.days_text}): {item.step.text}"
        )
    db.session.rollback()
    click.echo(f"Dry run for {today.isoformat()}: {len(found)} reminders would be queued.")


def _run(today: date) -> str:
    # Selection makes hundreds of thousands of small objects: the cyclic garbage collector
    # would walk them again and again, so it waits until the run is over (as recomputation does).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _decide_and_send(today)
    finally:
        if enabled:
            gc.enable()


def _decide_and_send(today: date) -> str:
    filled = fill_missing_facts(today)
    book = operations.CalendarBook()
    by_person = defaultdict(list)
    for reminder in operations.due_reminders(today, book):
        by_person[reminder.user_id].append(reminder)
    users = operations.recipients(by_person)
    prefs = operations.load_preferences()
    infos, links = operations.request_infos(), operations.Links()
    emails = reminders = 0
    with _EarlySender(current_app._get_current_object()) as early:
        for user_id, found in sorted(by_person.items()):
            is_digest = prefs[user_id].is_digest
            queued = _queue_person(users[user_id], found, today, book, is_digest, infos, links)
            emails += queued[0]
            reminders += queued[1]
            early.wake()
    follow_ups = followups.send_automatic(today)
    sent, failed = _send_outbox()
    sent += early.sent
    failed += early.failed
    return (
        f"{today.isoformat()}: {reminders} reminders in {emails} emails queued,"
        f" {follow_ups} automatic follow-ups, {sent} messages sent,"
        f" {failed} still queued after failure, {filled} requests rechecked."
    )


def _queue_person(user, found, today, book, is_digest, infos, links) -> tuple[int, int]:
    """Record one person's reminders in one commit; after a clash with another run, retry once."""
    for attempt in range(2):
        if attempt:
            found = operations.due_reminders_for(user.id, today, book)
        try:
            emails = operations.record(user, found, today, is_digest, infos, links)
            db.session.commit()
            return emails, len(found)
        except (IntegrityError, OperationalError):
            # Another run recorded some of these first: reload what it sent and try the rest.
            db.session.rollback()
    return 0, 0


class _EarlySender:
    """Send the messages already committed while later people's reminders are decided.

    A thread of its own, with its own app context and so its own session and connection: the
    SMTP server's work and the database's overlap with the deciding and rendering done here.
    It is one more sender of the outbox, so the claims keep every message to one send; what it
    leaves (a failure, a message committed after its last look) the final _send_outbox sends.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.sent = self.failed = 0
        self._ready = threading.Event()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._work, name="reminders-sender", daemon=True)

    def __enter__(self) -> "_EarlySender":
        self._thread.start()
        return self

    def wake(self) -> None:
        """Say that more messages were committed."""
        self._ready.set()

    def __exit__(self, *exc_info) -> None:
        self._done.set()
        self._ready.set()
        self._thread.join()

    def _work(self) -> None:
        with self.app.app_context():
            server = None
            try:
                server = _connect()  # one connection for the run, as the last pass has
                while not self._done.is_set():
                    self._ready.wait()
                    self._ready.clear()
                    if self._done.is_set():
                        break
                    # A message another sender holds is left to the final pass, which counts it.
                    sent, failed, _ = _send_due(server=server)
                    self.sent += sent
                    self.failed += failed
                    if failed:
                        break  # the SMTP server is in trouble: the final pass sends what is due
            except Exception:  # noqa: BLE001 - the final _send_outbox sends what is left
                current_app.logger.exception("early sending of reminders stopped")
            finally:
                _close(server)
                db.session.remove()


def _send_outbox(limit: int = 2000) -> tuple[int, int]:
    """Send every due message over one SMTP connection; return (sent, still queued after failure).

    A message another sender holds counts as still queued after failure, as a refused one does.
    """
    sent, failed, busy = _send_due(limit)
    return sent, failed + busy


def _send_due(limit: int = 2000, server=None) -> tuple[int, int, int]:
    """Send every due message over one SMTP connection; return (sent, failed, held elsewhere).

    Opens and closes its own connection unless given one (which the caller closes).
    """
    sent = failed = busy = 0
    own = server is None
    server = _connect() if own else server
    for email_id in mail.due_ids(clock.now(), limit):
        now = clock.now()
        if not mail.claim(email_id, now):
            busy += 1
            continue
        if mail.deliver(email_id, now, server):
            sent += 1
            continue
        failed += 1
        if server is not None:
            # The shared connection may be broken: the rest go one connection each.
            _close(server)
            server = None
    if own:
        _close(server)
    return sent, failed, busy


def _connect():
    try:
        return mail.smtp_connection()
    except (OSError, smtplib.SMTPException):
        return None  # each message records the failure itself


def _close(server) -> None:
    if server is None:
        return
    with contextlib.suppress(OSError, smtplib.SMTPException):
        server.quit()


def register(app) -> None:
    """Add `flask reminders` to the app."""
    app.cli.add_command(reminders_cli)
