"""`flask inbox import PATH` and `flask inbox fetch`: agencies' email, from files or the mailbox.

Both commit after each message. With --json each prints one JSON list, one object per message
found (Imported.as_json); without it, one line.
"""

import json
from pathlib import Path

import click
from flask import current_app

from foia import clock, jobs
from foia.documents.storage import store_for
from foia.extensions import db
from foia.inbound import imap
from foia.inbound import operations as inbox
from foia.inbound import parse as emailin

JSON_HELP = "Print one JSON list, an object per message found."


@click.group("inbox")
def inbox_cli() -> None:
    """Email sent to us by agencies."""


@inbox_cli.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--mbox", is_flag=True, help="Read the file as an mbox whatever its name.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def import_command(path: Path, mbox: bool, as_json: bool) -> None:
    """Import an .eml file, an .mbox file or a maildir, committing after each message."""
    store = store_for(current_app.config)
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    found, matched, waiting, duplicates = [], 0, 0, 0
    for source, raw in emailin.messages_in(path, mbox=mbox):
        imported = inbox.import_email(
            raw, store=store, max_bytes=limit, actor=None, today=clock.today(), source=source
        )
        db.session.commit()
        if as_json:
            found.append(imported.as_json())
        if imported.duplicate:
            duplicates += 1
        elif imported.inbound.request_id:
            matched += 1
        else:
            waiting += 1
    if as_json:
        click.echo(json.dumps(found))
        return
    click.echo(
        f"Imported: {matched} matched to a request, {waiting} waiting in the inbox,"
        f" {duplicates} already stored."
    )


@inbox_cli.command("fetch")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
def fetch_command(as_json: bool) -> None:
    """Store new mail from the IMAP mailbox, committing each message before marking it there."""
    settings = imap.ImapSettings.from_config(current_app.config)
    try:
        run = jobs.start_run(imap.JOB, clock.today())
        db.session.commit()
    except jobs.DATABASE_ERRORS as exc:
        jobs.database_failed(imap.JOB, None, exc)  # the database is down before the run began
    found: list[dict] = []
    try:
        result = imap.fetch(
            settings,
            store=store_for(current_app.config),
            max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
            today=clock.today(),
            on_message=(lambda imported: found.append(imported.as_json())) if as_json else None,
        )
    except imap.FetchError as exc:
        _failed(run, str(exc))
        click.echo(f"inbox fetch: {exc}", err=True)
        raise SystemExit(1) from None
    except jobs.DATABASE_ERRORS as exc:
        jobs.database_failed(imap.JOB, run, exc)  # one line; each message stored is committed
    except Exception as exc:
        _failed(run, settings.redact(f"{type(exc).__name__}: {exc}"))
        raise
    jobs.finish_run(run, result.summary(), is_success=True)
    db.session.commit()
    click.echo(json.dumps(found) if as_json else result.summary())


def _failed(run, summary: str) -> None:
    """Record the run as failed, after dropping whatever the failed message left."""
    db.session.rollback()
    jobs.finish_run(run, summary, is_success=False)
    db.session.commit()
