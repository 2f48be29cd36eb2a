"""`flask agencies ...`: import and export the directory."""

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from foia.agencies import csvio, operations
from foia.extensions import db

agencies_cli = AppGroup("agencies", help="Import and export the agency directory.")


@agencies_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report; change nothing.")
def import_command(file: Path, dry_run: bool) -> None:
    """Import agencies from a UTF-8 CSV file; any problem imports nothing."""
    limit = current_app.config["AGENCY_IMPORT_MAX_BYTES"]
    with file.open("rb") as handle:
        raw = csvio.read_limited(handle, limit)
    if raw is None:
        click.echo(csvio.size_message(limit), err=True)
        raise SystemExit(1)
    codes = {j.code for j in operations.governing_jurisdictions()}
    plan = csvio.parse_agencies_csv(raw, codes)
    if plan.problems:
        for problem in plan.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(plan.problems)} problem(s); nothing was imported.", err=True)
        raise SystemExit(1)
    if dry_run:
        counts = operations.count_import(plan)
        verb = "would be"
    else:
        counts = operations.import_agencies(plan, None)
        db.session.commit()
        verb = "were"
    click.echo(
        f"{counts.created} {verb} created, {counts.updated} {verb} updated, "
        f"{counts.unchanged} unchanged."
    )
    if dry_run:
        click.echo("Dry run: nothing was changed.")


@agencies_cli.command("export")
@click.option("--jurisdiction", "code", metavar="CODE", help="Only this jurisdiction (US-MA).")
def export_command(code: str | None) -> None:
    """Write the agencies as CSV to standard output, by jurisdiction and then name."""
    if code is not None:
        jurisdiction = operations.find_jurisdiction(code)
        if jurisdiction is None:
            raise click.BadParameter(
                f"no federal or state jurisdiction has the code {code!r}.",
                param_hint="'--jurisdiction'",
            )
        code = jurisdiction.code
    csvio.export_agencies_csv(operations.agencies_for_export(code), sys.stdout)
