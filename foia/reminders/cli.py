"""`flask reminders send`: decide today's reminders, queue them, and send the outbox (cron).

Idempotent and safe when two runs overlap: each reminder has a unique key recorded in the same
transaction as the email that carries it (one commit per person), and the outbox claims each
message atomically before sending it.
"""

import gc
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import IntegrityError, OperationalError

from foia import clock, dates, jobs
from foia.dates import DATE
from foia.extensions import db
from foia.reminders import followups, operations, sending
from foia.requests.calendars import CalendarBook

JOB = jobs.REMINDERS_JOB
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
    reason = today and dates.problem(today, clock.today(), dates.HYPOTHETICAL)
    if reason:
        raise click.BadParameter(reason, param_hint="--today")
    today = today or clock.today()
    if dry_run:
        _dry_run(today)
        return
    # Exit status 1 when messages were due and none could be sent: the run is recorded as
    # failed, so /admin/jobs warns while the SMTP server is down.
    jobs.report(JOB, jobs.run_job(JOB, today, lambda: _run(today)))


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


def _run(today: date) -> jobs.Outcome:
    with collector_paused():
        return _decide_and_send(today)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a run, and restore it afterwards."""
    # Selection makes hundreds of thousands of small objects that the collector would walk
    # again and again. Measured with bench/bench_reminders.py's runs (15,000 requests, SQLite,
    # four runs each way): the collector took 9-17% of a run's CPU time, and runs used 12-13%
    # less CPU with it paused, on the first daily run (4.35 s against 4.93 s) and on the next
    # day's (2.17 s against 2.50 s). The same measure found nothing worth pausing it for in
    # recomputation (foia/requests/clocks.py), nor in sending from a second thread while
    # deciding (no gain beyond the noise, so the run sends once, after deciding).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _decide_and_send(today: date) -> jobs.Outcome:
    filled = fill_missing_facts(today)
    book = CalendarBook()
    by_person = defaultdict(list)
    for reminder in operations.due_reminders(today, book):
        by_person[reminder.user_id].append(reminder)
    users = operations.recipients(by_person)
    prefs = operations.load_preferences()
    infos, links = operations.request_infos(), operations.Links()
    emails = reminders = 0
    for user_id, found in sorted(by_person.items()):
        is_digest = prefs[user_id].is_digest
        queued = _queue_person(users[user_id], found, today, book, is_digest, infos, links)
        emails += queued[0]
        reminders += queued[1]
    follow_ups = followups.send_automatic(today)
    report = sending.send_outbox()
    summary = (
        f"{today.isoformat()}: {reminders} reminders in {emails} emails queued,"
        f" {follow_ups} automatic follow-ups, {report.sent} messages sent,"
        f" {report.retrying + report.busy} still queued after failure,"
        f" {filled} requests rechecked."
    )
    if report.failed:
        summary += f" {report.failed} refused for good by the mail server (not retried)."
    return jobs.Outcome(summary, problem=report.problem())


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
