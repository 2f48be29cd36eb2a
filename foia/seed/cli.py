"""`flask seed`: load reference data (and, with --demo, the demo organisation)."""

import click
from flask.cli import with_appcontext

from foia import clock
from foia.extensions import db
from foia.seed import demo as demo_data
from foia.seed import demo_mail, demo_public, loaders


@click.command("seed")
@with_appcontext
@click.option("--demo", is_flag=True, help="Also load the demo organisation (users, campaign).")
def seed(demo: bool) -> None:
    """Load jurisdictions, laws and Massachusetts agencies; running it twice changes nothing."""
    report = loaders.SeedReport()
    loaders.seed_reference(report)
    if demo:
        loaders.load_demo_users(report)
        report.add("demo requests", demo_data.load_demo_campaign(clock.today()))
        report.add("demo inbox messages", demo_mail.load_demo_mail(clock.today()))
        report.add("demo public findings", demo_public.publish_demo_campaign())
    db.session.commit()
    created = ", ".join(f"{n} {kind}" for kind, n in sorted(report.created.items()) if n)
    click.echo(f"Seeded: {created or 'nothing new (already up to date)'}.")
    if report.passwords:
        click.echo("Demo accounts (demo data only, never use in production):")
        for role, email, password in report.passwords:
            click.echo(f"  {role:<10} {email:<24} password: {password}")
