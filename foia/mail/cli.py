"""`flask mail send`: send every queued message whose next attempt is due (cron)."""

import click
from flask.cli import AppGroup

from foia import clock, jobs
from foia.mail.outbox import SendReport, send_due

JOB = "mail send"


def summary(report: SendReport) -> str:
    """Return the command's report line (a second sentence only when some were refused)."""
    line = f"Sent {report.sent}, still queued after failure {report.retrying + report.busy}."
    if report.failed:
        line += f" Refused for good by the mail server (not retried): {report.failed}."
    return line


def _send(limit: int) -> jobs.Outcome:
    report = send_due(limit)
    return jobs.Outcome(summary(report), problem=report.problem())


# An AppGroup, so that each command runs inside the app context.
@click.group("mail", cls=AppGroup)
def mail_cli() -> None:
    """Send and inspect the email outbox."""


@mail_cli.command("send")
@click.option("--limit", default=500, show_default=True, help="Most messages this run.")
def send_command(limit: int) -> None:
    """Send every queued message whose next attempt is due (run by cron)."""
    outcome = jobs.run_job(JOB, clock.today(), lambda: _send(limit))
    jobs.report(JOB, outcome)
