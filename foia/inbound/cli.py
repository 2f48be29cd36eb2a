"""`flask inbox import PATH`: read forwarded email from an .eml, an .mbox or a maildir."""

from pathlib import Path

import click
from flask import current_app

from foia import clock
from foia.documents.storage import store_for
from foia.extensions import db
from foia.inbound import operations as inbox
from foia.inbound import parse as emailin


@click.group("inbox")
def inbox_cli() -> None:
    """Email sent to us by agencies."""


def _messages(path: Path):
    if path.is_dir():
        for key, raw in emailin.maildir_messages(path):
            yield f"{path}:{key}", raw
        return
    raw = path.read_bytes()
    if emailin.is_mbox(raw):
        for number, message in enumerate(emailin.split_mbox(raw), start=1):
            yield f"{path}#{number}", message
    else:
        yield str(path), raw


@inbox_cli.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
def import_command(path: Path) -> None:
    """Import an .eml file, an .mbox file or a maildir, committing after each message."""
    store = store_for(current_app.config)
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    matched = waiting = 0
    for source, raw in _messages(path):
        inbound = inbox.import_email(
            raw, store=store, max_bytes=limit, actor=None, today=clock.today(), source=source
        ).inbound
        db.session.commit()
        if inbound.request_id:
            matched += 1
        else:
            waiting += 1
    click.echo(f"Imported: {matched} matched to a request, {waiting} waiting in the inbox.")


def register(app) -> None:
    """Add the `flask inbox` commands."""
    app.cli.add_command(inbox_cli)
