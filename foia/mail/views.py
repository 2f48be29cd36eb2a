"""The admin status page and its JSON, and the outbox's state where other pages show mail.

`/healthz` stays trivial (the app and its database answer); this page says whether mail goes
out and whether each cron job still runs.
"""

from datetime import timedelta

from flask import current_app, jsonify, render_template

from foia import clock
from foia import jobs as job_runs
from foia.auth.access import Role, require
from foia.mail import bp, capture, queries, status
from foia.mail.cli import JOB as MAIL_JOB
from foia.mail.models import OutboundKind

#: What each kind of message is called on the pages.
KIND_LABELS = {
    OutboundKind.FILING: "filing letter",
    OutboundKind.FOLLOW_UP: "follow-up letter",
    OutboundKind.REMINDER: "reminder",
    OutboundKind.DIGEST: "reminder digest",
}


def _limits() -> dict[str, timedelta | None]:
    """Return the jobs the status lists first, each with how old its last success may be."""
    from foia.documents.kinds import EXTRACT_JOB, EXTRACT_STALE_MINUTES
    from foia.inbound.kinds import FETCH_JOB

    config = current_app.config
    fetch = timedelta(minutes=config["IMAP_STALE_MINUTES"]) if config["IMAP_HOST"] else None
    return {
        job_runs.REMINDERS_JOB: timedelta(hours=job_runs.STALE_AFTER_HOURS),
        MAIL_JOB: status.MAIL_SEND_STALE,
        FETCH_JOB: fetch,
        EXTRACT_JOB: timedelta(minutes=EXTRACT_STALE_MINUTES),
    }


@bp.route("/admin/status")
@require(Role.ADMIN)
def status_page():
    """Show the outbox backlog, the age of the oldest due message and each job's last success."""
    now = clock.now()
    return render_template(
        "mail/status.html",
        now=now,
        backlog=status.backlog(now),
        statuses=status.job_statuses(now, _limits()),
    )


@bp.route("/admin/status.json")
@require(Role.ADMIN)
def status_json():
    """Answer the status page's facts as JSON, for monitoring."""
    now = clock.now()
    return jsonify(status.as_json(now, status.backlog(now), status.job_statuses(now, _limits())))


def mail_send_health() -> job_runs.JobHealth:
    """Return how `flask mail send` is doing (its last error, if it failed since its success)."""
    return job_runs.health(MAIL_JOB, clock.now(), status.MAIL_SEND_STALE)


@bp.app_context_processor
def outbox_helpers() -> dict:
    """Give pages a request's unsent messages, the outbox backlog and mail sending's health."""
    return {
        "unsent_emails": queries.unsent_emails,
        "mail_kind_label": lambda kind: KIND_LABELS.get(kind, kind.replace("_", " ")),
        "outbox_backlog": lambda: status.backlog(clock.now()),
        "mail_send_health": mail_send_health,
        "utc_now": clock.now,
        "mail_capture": captured_mail,
    }


def captured_mail() -> dict | None:
    """Return the capture directory and its newest messages, or None when capture is off."""
    directory = current_app.config.get("MAIL_CAPTURE_DIR")
    if not directory:
        return None
    return {
        "dir": directory,
        "count": capture.count(directory),
        "recent": capture.recent(directory),
    }
