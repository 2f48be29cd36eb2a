"""`flask findings`: suggest findings from documents already stored."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from foia.documents.models import Attachment, Document
from foia.extensions import db
from foia.findings import operations


@click.group("findings")
def findings_cli() -> None:
    """Findings read from documents."""


@findings_cli.command("suggest")
@click.option("--attachment", "attachment_ids", type=int, multiple=True, help="only this document")
@with_appcontext
def suggest_command(attachment_ids: tuple[int, ...]) -> None:
    """Suggest findings from every extracted document on a request, committing after each."""
    query = (
        select(Attachment.id)
        .join(Document, Document.id == Attachment.document_id)
        .where(Attachment.request_id.is_not(None))
        .where(Document.extracted_at.is_not(None))
        .order_by(Attachment.id)
    )
    if attachment_ids:
        query = query.where(Attachment.id.in_(attachment_ids))
    total = 0
    for attachment_id in list(db.session.scalars(query)):
        attachment = db.session.get(Attachment, attachment_id)
        if attachment is None:
            continue
        total += len(operations.suggest_for_attachment(attachment))
        db.session.commit()
    click.echo(f"{total} new suggestion(s).")
