"""Job runs of the cron commands: each records its start and its end, so admins see cron works.

Operations: they flush and never commit (the command commits the start before its work, so a
run killed half-way still shows as started and never finished). `run_job` is the edge that
commits them around a command's work, for commands that use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NoReturn

import click
from sqlalchemy import Boolean, Date, String, Text, select
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Mapped, mapped_column

from foia import clock
from foia.db import UTCDateTime, utcnow
from foia.extensions import Model, db

#: The name `flask reminders send` records its runs under; the status pages read it.
REMINDERS_JOB = "reminders send"

#: Without a successful `reminders send` for this long, the admin page warns that cron is not
#: running.
STALE_AFTER_HOURS = 26


class JobRun(Model):
    """One run of a scheduled command, so that admins can see that cron works."""

    __tablename__ = "job_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The command, e.g. "reminders send".
    job: Mapped[str] = mapped_column(String(60), index=True)
    #: When it started (UTC).
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    #: When it finished; empty while running or after a crash.
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: True once it finished without an error.
    is_success: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The day it ran for (--today).
    run_for: Mapped[date | None] = mapped_column(Date)
    #: What it did, or the error.
    summary: Mapped[str] = mapped_column(Text, default="")


def start_run(job: str, today: date) -> JobRun:
    """Record that a scheduled command started."""
    run = JobRun(job=job, run_for=today, started_at=clock.now())
    db.session.add(run)
    db.session.flush()
    return run


def finish_run(run: JobRun, summary: str, *, is_success: bool) -> None:
    """Record how a scheduled command ended."""
    run.finished_at, run.is_success, run.summary = clock.now(), is_success, summary[:5000]
    db.session.flush()


def last_success(job: str) -> JobRun | None:
    """Return the latest successful run of `job`."""
    return db.session.scalar(
        select(JobRun)
        .where(JobRun.job == job, JobRun.is_success.is_(True))
        .order_by(JobRun.finished_at.desc())
        .limit(1)
    )


def last_failure(job: str) -> JobRun | None:
    """Return the latest run of `job` that finished with an error."""
    return db.session.scalar(
        select(JobRun)
        .where(JobRun.job == job, JobRun.is_success.is_(False), JobRun.finished_at.is_not(None))
        .order_by(JobRun.finished_at.desc())
        .limit(1)
    )


def recent_runs(limit: int = 50) -> list[JobRun]:
    """Return the latest runs of every job, newest first."""
    return list(db.session.scalars(select(JobRun).order_by(JobRun.started_at.desc()).limit(limit)))


def is_stale(
    run: JobRun | None, now: datetime, limit: timedelta = timedelta(hours=STALE_AFTER_HOURS)
) -> bool:
    """Return whether the last success is missing or older than `limit`."""
    # A success always has its finish time; a row without one counts as missing.
    return run is None or run.finished_at is None or now - run.finished_at > limit


@dataclass(frozen=True)
class JobHealth:
    """How a cron job is doing, for the admin page."""

    #: Its latest successful run (None: never).
    last: JobRun | None
    #: True when that is missing or too old.
    is_stale: bool
    #: The summary of the latest failed run since the last success ("" if none).
    last_error: str


def health(job: str, now: datetime, limit: timedelta) -> JobHealth:
    """Return how `job` is doing: its last success, whether it is older than `limit`, its error."""
    last, failure = last_success(job), last_failure(job)
    if failure is None or failure.finished_at is None:
        return JobHealth(last, is_stale(last, now, limit), "")
    is_newer = last is None or last.finished_at is None or failure.finished_at > last.finished_at
    return JobHealth(last, is_stale(last, now, limit), failure.summary if is_newer else "")


#: Errors of the database connection itself (dropped, refused, a locked SQLite file).
DATABASE_ERRORS = (OperationalError, InterfaceError)


@dataclass(frozen=True)
class Outcome:
    """How a command's work ended: its report line, and why it failed ("" if it did not)."""

    summary: str
    #: One line saying why the run failed (e.g. no due message could be sent).
    problem: str = ""

    @property
    def is_success(self) -> bool:
        """Return whether the run did its job."""
        return not self.problem


def run_job(job: str, today: date, work: Callable[[], Outcome]) -> Outcome:
    """Run a command's work between the records of its start and its end; commit both.

    A failed outcome is recorded as failed. A database connection that fails ends the command
    in one line (`database_failed`). Other errors are recorded and raised.
    """
    run = None
    try:
        run = start_run(job, today)
        db.session.commit()
        outcome = work()
        summary = " ".join(filter(None, [outcome.summary, _sentence(outcome.problem)]))
        finish_run(run, summary, is_success=outcome.is_success)
        db.session.commit()
        return outcome
    except DATABASE_ERRORS as exc:
        database_failed(job, run, exc)
    except Exception as exc:
        db.session.rollback()  # nothing the failed work left half-done goes into the record
        if run is not None:
            finish_run(run, f"{type(exc).__name__}: {exc}", is_success=False)
            db.session.commit()
        raise


def database_failed(job: str, run: JobRun | None, exc: Exception) -> NoReturn:
    """End a command whose database connection failed: one line on stderr, exit status 1.

    The run is recorded as failed if the database answers again. Commands commit their work as
    they go, so the next run carries on from there.
    """
    line = f"{job}: the database connection failed ({_first_line(exc)}). Run it again."
    try:
        db.session.rollback()
        if run is not None:
            finish_run(run, line, is_success=False)
            db.session.commit()
    except DATABASE_ERRORS:
        db.session.rollback()  # still away: the run shows as started and never finished
    click.echo(line, err=True)
    raise SystemExit(1)


def report(job: str, outcome: Outcome) -> None:
    """Print a command's report line; when it failed, say why on stderr and exit with status 1."""
    click.echo(outcome.summary)
    if outcome.problem:
        click.echo(f"{job}: {outcome.problem}", err=True)
        raise SystemExit(1)


def _first_line(exc: Exception) -> str:
    original = getattr(exc, "orig", None) or exc
    return (str(original).strip().splitlines() or [type(original).__name__])[0]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else ""
