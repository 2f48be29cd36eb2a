"""Job runs of the cron commands: each records its start and its end, so admins see cron works.

Operations: they flush and never commit (the command commits the start before its work, so a
run killed half-way still shows as started and never finished).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from foia import clock
from foia.extensions import db
from foia.reminders.models import JobRun

#: Without a successful `reminders send` for this long, the admin page warns that cron is not
#: running.
STALE_AFTER_HOURS = 26


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


def is_stale(
    run: JobRun | None, now: datetime, limit: timedelta = timedelta(hours=STALE_AFTER_HOURS)
) -> bool:
    """Return whether the last success is missing or older than `limit`."""
    return run is None or now - run.finished_at > limit


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
    is_newer = failure is not None and (last is None or failure.finished_at > last.finished_at)
    return JobHealth(last, is_stale(last, now, limit), failure.summary if is_newer else "")
