"""Keeping a message in tests as the inbox upload does."""

from foia import clock
from foia.documents.storage import store_for
from foia.extensions import db
from foia.inbound import operations
from foia.inbound.models import InboundEmail


def import_mail(app, raw: bytes) -> InboundEmail:
    """Keep a message as the inbox upload does, and commit."""
    imported = operations.import_email(
        raw,
        store=store_for(app.config),
        max_bytes=app.config["MAX_CONTENT_LENGTH"],
        actor=None,
        today=clock.today(),
    )
    db.session.commit()
    return imported.inbound
