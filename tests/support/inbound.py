"""Mail in tests: keeping a message as the inbox upload does, replies to a filed request, and
what a browser posts from a suggestion card."""

from datetime import timedelta

from foia import clock
from foia.documents.storage import store_for
from foia.extensions import db
from foia.inbound import operations
from foia.inbound.models import InboundEmail
from tests.support.factories import create_agency
from tests.support.html import Page, value_of
from tests.support.responses import email_bytes, filed_request, recent_monday

AGENCY_MAIL = "records@springfieldpolice.gov"
FEE_TEXT = "We estimate the fee at $125.00. Please confirm that you wish to proceed."
#: A few days ago, weeks after the request was filed.
SENT = clock.today() - timedelta(days=5)


def a_request():
    """A request filed a few weeks ago to an agency with an email address."""
    return filed_request(
        recent_monday(clock.today(), weeks_back=6), agency=create_agency(email=AGENCY_MAIL)
    )


def reply(app, records_request, body: str = FEE_TEXT, **kwargs) -> InboundEmail:
    """A reply quoting the request's reference, so that it is filed under it."""
    return import_mail(
        app, email_bytes(f"RE: {records_request.reference}", body, sent=SENT, **kwargs)
    )


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


def card_data(shown: Page, number: int = 0, button: str = "record") -> dict[str, str]:
    """Return what a browser posts when the card's button is clicked, its values untouched."""
    form = shown.all(".suggestion form")[number]
    data = {}
    for control in form.iter():
        name, tag = control.get("name"), control.tag.split("}")[-1]
        if name and tag in ("input", "select", "textarea") and control.get("type") != "submit":
            data[name] = value_of(control)
    data[f"s{number}-{button}"] = "clicked"
    return data
