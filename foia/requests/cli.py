"""`flask requests recompute`: open requests' deadlines again, after the law data changed."""

import click

from foia import clock
from foia.extensions import db
from foia.requests import batch, counts


@click.group("requests")
def requests_cli() -> None:
    """Records requests."""


@requests_cli.command("recompute")
@click.option(
    "--reason",
    default="the holiday or law data changed",
    show_default=True,
    help="Why, as written to each moved date's audit entry.",
)
def recompute_command(reason: str) -> None:
    """Recompute the deadlines of every open request; each moved date is audited."""
    # Run after a deploy that changed data/holidays/ or laws.toml: stored due dates (dashboard,
    # reminders, feeds) are remembered facts and would otherwise wait for the request's next
    # change. Requests are recomputed in batches, each committed.
    moved = batch.recompute_open_requests(reason, clock.today())
    db.session.commit()
    click.echo(f"Recomputed the open requests; {moved} date(s) moved.")


@requests_cli.command("recount")
def recount_command() -> None:
    """Count every agency's requests afresh for the scorecards, late against today."""
    # The triggers keep the counts exact at every write; run daily (cron) so that the scorecards
    # add no requests fallen due since the last count. Never needed for correctness.
    agencies = counts.recount(clock.today())
    db.session.commit()
    click.echo(f"Counted the requests of {agencies} agencies, late against {clock.today()}.")
