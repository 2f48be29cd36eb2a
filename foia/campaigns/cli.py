"""`flask campaigns`: generate and file a campaign's letters (the campaign worker)."""

import os

import click
from flask.cli import with_appcontext

from foia import clock
from foia.campaigns import jobs, operations
from foia.campaigns.models import Campaign
from foia.extensions import db
from foia.filing.operations import is_filed
from foia.letters.compose import LetterError
from foia.letters.render import TemplateRefused
from foia.letters.setup import SetupIncomplete


@click.group("campaigns")
def campaigns_cli() -> None:
    """Generate and file campaign letters."""


def _workers_option(what: str):
    """Return the --workers option of a campaign command: how many processes (default: cores)."""
    return click.option(
        "--workers", type=int, default=lambda: os.cpu_count() or 1, show_default="cores", help=what
    )


def _campaign(campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        raise click.ClickException(f"no campaign {campaign_id}")
    return campaign


@campaigns_cli.command("generate")
@click.argument("campaign_id", type=int)
@_workers_option("Processes rendering PDFs.")
@with_appcontext
def generate_command(campaign_id: int, workers: int) -> None:
    """Draft every letter of CAMPAIGN_ID not yet drafted from its current wording."""
    campaign = _campaign(campaign_id)
    pending = len(operations.pending_members(campaign))
    try:
        with click.progressbar(length=pending, label="Generating letters", show_pos=True) as bar:
            counts = jobs.generate(
                campaign_id,
                today=clock.today(),
                workers=workers,
                on_item=lambda outcome: bar.update(1),
            )
    except (operations.CampaignError, LetterError, TemplateRefused, SetupIncomplete) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        jobs.close_pools()
    done = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "nothing to do"
    click.echo(f"Campaign {campaign_id}: {done}.")


@campaigns_cli.command("file")
@click.argument("campaign_id", type=int)
@_workers_option("Processes filing at once (PostgreSQL; on SQLite one files).")
@with_appcontext
def file_command(campaign_id: int, workers: int) -> None:
    """File by email every approved request of CAMPAIGN_ID not yet filed."""
    campaign = _campaign(campaign_id)
    todo = [
        r
        for r in operations.campaign_requests(campaign)
        if r.approved_at is not None and not is_filed(r)
    ]
    held: list[int] = []

    def progress(outcome) -> None:
        bar.update(1)
        if outcome.is_busy:
            held.append(outcome.request_id)

    with click.progressbar(length=len(todo), label="Filing by email", show_pos=True) as bar:
        outcomes = jobs.file_by_email(
            campaign_id, today=clock.today(), on_item=progress, workers=workers
        )
    failures = [o for o in outcomes if not o.is_filed]
    click.echo(
        f"Campaign {campaign_id}: {len(outcomes) - len(failures)} filed, {len(failures)} not "
        f"filed, {len(held)} held by another run."
    )
    for outcome in failures:
        click.echo(f"  request {outcome.request_id}: {outcome.error}", err=True)
    for request_id in held:
        # A run that was killed keeps its claim until it expires; say so instead of staying
        # silent, so nobody takes the campaign for fully filed.
        click.echo(
            f"  request {request_id}: held by another (or an interrupted) run; it is filed by "
            "the next run once that claim expires (at most 10 minutes).",
            err=True,
        )
    if failures:
        raise SystemExit(1)
