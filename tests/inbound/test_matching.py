"""Which request a message belongs to: reply address, reply chain, reference, tracking number."""

import pytest
from sqlalchemy import select

from foia import clock
from foia.campaigns import operations as campaigns
from foia.extensions import db
from foia.inbound import operations
from foia.inbound.addresses import reference_in_address, references_in, reply_address
from foia.mail import OutboundEmail
from foia.requests.models import Communication
from foia.responses.models import TrackingNumber
from tests.support.campaigns import (  # noqa: F401 - fixtures the campaign fixture uses
    generated,  # noqa: F401 - a five-agency campaign
    inline_worker,
    seeded,
)
from tests.support.factories import create_agency
from tests.support.inbound import import_mail
from tests.support.responses import email_bytes, filed_request, recent_monday
from tests.support.servers import SMTPSink, free_port

AGENCY_MAIL = "records@springfieldpolice.gov"


def _request(**agency_fields):
    agency = create_agency(email=AGENCY_MAIL, **agency_fields)
    return filed_request(recent_monday(clock.today()), agency=agency)


def test_reply_address_carries_the_reference_and_reads_back():
    address = reply_address("FOIA desk <foia@example.org>", "FR-2026-00001")
    assert address == "foia+FR-2026-00001@example.org"
    assert reference_in_address(address.lower(), "foia@example.org") == "FR-2026-00001"
    # Another mailbox's +tag, another domain, or a tag that is not a reference: not ours.
    assert reference_in_address("bob+FR-2026-00001@example.org", "foia@example.org") is None
    assert reference_in_address("foia+FR-2026-00001@evil.example", "foia@example.org") is None
    assert reference_in_address("foia+newsletter@example.org", "foia@example.org") is None


def test_references_are_whole_tokens():
    assert references_in("Re: FR-2026-00001 and FR-2026-000011") == [
        "FR-2026-00001",
        "FR-2026-000011",
    ]
    assert references_in("XFR-2026-00001 FR-2026-00001a FR-2026-00001-B") == []


def test_the_reply_address_in_to_cc_or_delivered_to_matches_first(app):
    first, second = _request(), _request(name="Boston Police Department")
    # The subject names the other request: the address is the surer sign.
    raw = email_bytes(
        f"About {second.reference}",
        to=f"Records Desk <foia+{first.reference}@localhost>",
    )
    inbound = import_mail(app, raw)
    assert (inbound.request_id, inbound.matched_by) == (first.id, "address")

    delivered = email_bytes("No reference here", to="someone@else.example").replace(
        b"To: someone@else.example",
        f"To: someone@else.example\nDelivered-To: foia+{second.reference}@localhost".encode(),
    )
    inbound = import_mail(app, delivered)
    assert (inbound.request_id, inbound.matched_by) == (second.id, "address")


def test_a_reply_to_our_outgoing_message_matches_by_its_message_id(app):
    records_request = _request()
    db.session.add(
        OutboundEmail(
            kind="filing",
            to_addr=AGENCY_MAIL,
            subject="Public records request",
            body_text="…",
            message_id="<filing.42@example.org>",
            request_id=records_request.id,
        )
    )
    db.session.commit()
    inbound = import_mail(
        app, email_bytes("Re: your letter", in_reply_to="<filing.42@example.org>")
    )
    assert (inbound.request_id, inbound.matched_by) == (records_request.id, "reply")


def test_a_reference_in_the_body_matches_but_two_references_wait_for_a_person(app):
    first, second = _request(), _request(name="Boston Police Department")
    one = import_mail(app, email_bytes("Your request", body=f"Regarding {first.reference}: done."))
    assert (one.request_id, one.matched_by) == (first.id, "reference")
    both = import_mail(
        app,
        email_bytes("Your requests", body=f"About {first.reference} and {second.reference}."),
    )
    assert both.request_id is None


def test_a_tracking_number_matches_only_as_a_whole_token(app):
    records_request = _request()
    db.session.add(TrackingNumber(request_id=records_request.id, number="R-101"))
    db.session.commit()
    other = import_mail(app, email_bytes("Request R-1011 has been closed"))
    assert other.request_id is None
    inbound = import_mail(app, email_bytes("Request R-101 has been closed"))
    assert (inbound.request_id, inbound.matched_by) == (records_request.id, "tracking")


def test_a_tracking_number_matches_only_mail_from_the_agencys_domain(app):
    records_request = _request()
    db.session.add(TrackingNumber(request_id=records_request.id, number="24-118"))
    db.session.commit()
    stranger = import_mail(app, email_bytes("Request 24-118", sender="news@elsewhere.example"))
    assert stranger.request_id is None
    subdomain = import_mail(
        app, email_bytes("Request 24-118", sender="clerk@mail.springfieldpolice.gov")
    )
    assert subdomain.request_id == records_request.id


def test_unmatched_mail_waits_in_the_inbox(app):
    _request()
    inbound = import_mail(app, email_bytes("Hello", body="Nothing that names a request."))
    assert (inbound.request_id, inbound.matched_by, inbound.communication_id) == (None, "", None)
    assert operations.unmatched() == [inbound]


class EnvelopeSink(SMTPSink):
    """Also records each envelope's sender (MAIL FROM)."""

    def __init__(self):
        super().__init__()
        self.envelope_senders = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        self.envelope_senders.append(envelope.mail_from)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def envelope_smtp(app):
    from aiosmtpd.controller import Controller

    sink, port = EnvelopeSink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    old = app.config["SMTP_HOST"], app.config["SMTP_PORT"], app.config["MAIL_FROM"]
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, MAIL_FROM="FOIA <foia@example.org>")
    yield sink
    controller.stop()
    app.config["SMTP_HOST"], app.config["SMTP_PORT"], app.config["MAIL_FROM"] = old
    app.config["REPLY_PLUS"] = False


@pytest.mark.slow
@pytest.mark.parametrize("reply_plus", [True, False])
def test_filing_emails_carry_the_request_reply_address_when_reply_plus_is_on(
    generated,  # noqa: F811 - the fixture imported above
    lawyer_client,
    envelope_smtp,
    app,
    reply_plus,
):
    app.config["REPLY_PLUS"] = reply_plus
    lawyer_client.post(f"/campaigns/{generated.id}/file")
    by_id = {m["Message-ID"]: m for m in envelope_smtp.messages}
    requests = campaigns.campaign_requests(generated)
    assert len(by_id) == len(requests) == 5
    for records_request in requests:
        (communication,) = records_request.communications
        message = by_id[communication.tracking]
        expected = f"foia+{records_request.reference}@example.org"
        if reply_plus:
            assert message["Reply-To"] == expected
            # The envelope sender too: a bounce comes back to the address that names it.
            assert expected in envelope_smtp.envelope_senders
        else:
            assert message["Reply-To"] is None
            assert set(envelope_smtp.envelope_senders) == {"foia@example.org"}


def test_a_reply_becomes_a_communication_and_nothing_else_does(app):
    records_request = _request()
    inbound = import_mail(app, email_bytes(f"Re: {records_request.reference}"))
    communication = db.session.get(Communication, inbound.communication_id)
    assert (communication.direction, communication.request_id) == ("in", records_request.id)
    assert db.session.scalars(select(Communication)).all() == [communication]
