"""How outgoing mail and the cron jobs are doing, for the admin status page and its JSON.

Read-only: counted in a fixed number of queries, whatever the size of the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select

from foia import jobs
from foia.extensions import db
from foia.jobs import JobRun
from foia.mail.models import OutboundEmail

#: Without a successful `flask mail send` for this long, the status says mail is stuck (cron
#: runs it every 5 minutes).
MAIL_SEND_STALE = timedelta(minutes=30)


@dataclass(frozen=True)
class Backlog:
    """The outbox's waiting messages."""

    #: Not sent and not refused for good: each will be tried.
    waiting: int
    #: Of those, the ones whose next attempt is due now.
    due: int
    #: Of the waiting, the ones that failed at least once.
    retrying: int
    #: Refused for good by the mail server (never retried).
    failed: int
    #: When the oldest due message was queued (None: nothing is due).
    oldest_due_queued_at: datetime | None

    def oldest_due_age(self, now: datetime) -> timedelta | None:
        """Return how long the oldest due message has waited."""
        return None if self.oldest_due_queued_at is None else now - self.oldest_due_queued_at


@dataclass(frozen=True)
class JobStatus:
    """One cron job: its last success and whether that is too old."""

    job: str
    #: None: no limit is known for this job.
    stale_after: timedelta | None
    health: jobs.JobHealth


def backlog(now: datetime) -> Backlog:
    """Count the outbox's waiting, due, retrying and failed messages in one query."""
    waiting = and_(OutboundEmail.sent_at.is_(None), OutboundEmail.failed_at.is_(None))
    due = and_(waiting, OutboundEmail.next_attempt_at <= now)
    row = db.session.execute(
        select(
            func.count().filter(waiting),
            func.count().filter(due),
            func.count().filter(and_(waiting, OutboundEmail.attempts > 0)),
            func.count().filter(OutboundEmail.failed_at.is_not(None)),
            func.min(OutboundEmail.queued_at).filter(due),
        )
    ).one()
    return Backlog(*row)


def job_statuses(now: datetime, limits: dict[str, timedelta | None]) -> list[JobStatus]:
    """Return each known job (`limits`: its staleness limit) and any other job that ever ran."""
    names = list(limits)
    names += sorted(set(db.session.scalars(select(JobRun.job).distinct())) - set(names))
    statuses = []
    for name in names:
        limit = limits.get(name)
        health = jobs.health(name, now, limit or timedelta.max)
        statuses.append(JobStatus(name, limit, health))
    return statuses


def as_json(now: datetime, found: Backlog, statuses: list[JobStatus]) -> dict:
    """Return the status as plain JSON values (times in ISO 8601 UTC, ages in seconds)."""
    age = found.oldest_due_age(now)
    return {
        "checked_at": now.isoformat(timespec="seconds"),
        "outbox": {
            "waiting": found.waiting,
            "due": found.due,
            "retrying": found.retrying,
            "failed": found.failed,
            "oldest_due_queued_at": _iso(found.oldest_due_queued_at),
            "oldest_due_age_seconds": None if age is None else int(age.total_seconds()),
        },
        "jobs": [_job_json(now, status) for status in statuses],
    }


def _job_json(now: datetime, status: JobStatus) -> dict:
    last = status.health.last
    finished_at = last.finished_at if last else None  # a successful run has always finished
    return {
        "job": status.job,
        "last_success_at": _iso(finished_at),
        "last_success_age_seconds": (
            int((now - finished_at).total_seconds()) if finished_at else None
        ),
        "last_success_summary": last.summary if last else "",
        "stale_after_seconds": (
            int(status.stale_after.total_seconds()) if status.stale_after else None
        ),
        "is_stale": bool(status.stale_after) and status.health.is_stale,
        "last_error": status.health.last_error,
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None
