"""What a message's kind does: only a reply is the agency's response; a bounce says where a
filing did not arrive; an automatic acknowledgement gives the agency's tracking number."""

from datetime import date

from sqlalchemy import select

from foia import clock
from foia.documents.storage import store_for
from foia.extensions import db
from foia.inbound import operations
from foia.inbound.kinds import MailKind
from foia.inbound.models import DeliveryFailure, InboundEmail
from foia.mail import OutboundEmail
from foia.requests.models import ClockEvent, Communication
from foia.responses import appeals
from foia.responses.models import TrackingNumber
from tests.support.factories import create_agency
from tests.support.inbound import import_mail
from tests.support.responses import email_bytes, filed_request, recent_monday

AGENCY_MAIL = "records@springfieldpolice.gov"


def _request():
    agency = create_agency(email=AGENCY_MAIL)
    return filed_request(recent_monday(clock.today()), agency=agency)


def _with_headers(raw: bytes, headers: str) -> bytes:
    return headers.encode() + b"\n" + raw


def test_an_out_of_office_reply_quoting_our_reference_is_no_response(app):
    records_request = _request()
    events_before = db.session.scalar(
        select(db.func.count()).select_from(ClockEvent).filter_by(request_id=records_request.id)
    )
    raw = _with_headers(
        email_bytes(
            f"Automatic reply: Public records request {records_request.reference}",
            body="I am out of the office until Monday with limited access to email.",
        ),
        "Auto-Submitted: auto-replied\nX-MS-Exchange-Inbox-Rules-Loop: " + AGENCY_MAIL,
    )

    inbound = import_mail(app, raw)

    assert inbound.mail_kind is MailKind.AUTO_REPLY and inbound.kind_reason
    # On the request's thread, but never a communication, an event or a response in an appeal.
    assert (inbound.request_id, inbound.communication_id) == (records_request.id, None)
    assert db.session.scalars(select(Communication)).all() == []
    assert (
        db.session.scalar(
            select(db.func.count()).select_from(ClockEvent).filter_by(request_id=records_request.id)
        )
        == events_before
    )
    facts = appeals.facts_for(records_request, "overdue", clock.today())
    assert facts.responses == ()


def test_an_automatic_acknowledgement_records_the_agencys_tracking_number(app):
    records_request = _request()
    raw = _with_headers(
        email_bytes(
            f"Records request received - {records_request.reference}",
            body=(
                "Thank you for your public records request. Your request has been received and "
                "assigned reference number P012345-112626. You will be notified when it is "
                "processed."
            ),
            sender="noreply@springfieldpolice.gov",
        ),
        "Auto-Submitted: auto-generated",
    )

    inbound = import_mail(app, raw)

    assert inbound.mail_kind is MailKind.AUTO_REPLY
    assert inbound.tracking_number == "P012345-112626"
    numbers = db.session.scalars(
        select(TrackingNumber.number).filter_by(request_id=records_request.id)
    ).all()
    assert numbers == ["P012345-112626"]
    # No ledger event until a person confirms the suggested acknowledgement.
    kinds = db.session.scalars(
        select(ClockEvent.kind).filter_by(request_id=records_request.id)
    ).all()
    assert "acknowledged" not in kinds


def _dsn(original_id: str, address: str) -> bytes:
    """A Postfix-style RFC 3464 report about our message `original_id` to `address`."""
    boundary = "dsn-boundary-1"
    return (
        "From: MAILER-DAEMON@mail.example.org (Mail Delivery System)\n"
        "To: foia@localhost\n"
        "Subject: Undelivered Mail Returned to Sender\n"
        "Date: Fri, 20 Nov 2026 15:31:00 +0000\n"
        "Message-ID: <bounce.1@mail.example.org>\n"
        "Auto-Submitted: auto-replied\n"
        "MIME-Version: 1.0\n"
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"\n'
        "\n"
        f"--{boundary}\n"
        "Content-Type: text/plain\n\n"
        "I'm sorry to have to inform you that your message could not be delivered.\n\n"
        f"--{boundary}\n"
        "Content-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; mail.example.org\n\n"
        f"Final-Recipient: rfc822; {address}\n"
        "Action: failed\n"
        "Status: 5.1.1\n"
        f"Diagnostic-Code: smtp; 550 5.1.1 <{address}>: Recipient address rejected: User unknown\n"
        "\n"
        f"--{boundary}\n"
        "Content-Type: text/rfc822-headers\n\n"
        "From: foia@localhost\n"
        f"To: {address}\n"
        "Subject: Public records request\n"
        f"Message-ID: {original_id}\n"
        "\n"
        f"--{boundary}--\n"
    ).encode()


def test_a_bounce_of_a_filing_marks_it_not_delivered_with_the_servers_reason(app):
    records_request = _request()
    filing = OutboundEmail(
        kind="filing",
        to_addr=AGENCY_MAIL,
        subject="Public records request",
        body_text="…",
        message_id="<filing.77@localhost>",
        request_id=records_request.id,
    )
    db.session.add(filing)
    db.session.commit()

    inbound = import_mail(app, _dsn("<filing.77@localhost>", AGENCY_MAIL))

    assert inbound.mail_kind is MailKind.BOUNCE
    assert (inbound.request_id, inbound.matched_by, inbound.communication_id) == (
        records_request.id,
        "bounce",
        None,
    )
    (failure,) = db.session.scalars(select(DeliveryFailure)).all()
    assert (failure.address, failure.status, failure.outbound_email_id, failure.request_id) == (
        AGENCY_MAIL,
        "5.1.1",
        filing.id,
        records_request.id,
    )
    assert "User unknown" in failure.reason
    assert failure.resolved_at is None
    assert db.session.scalars(select(Communication)).all() == []


def test_a_bounce_of_mail_we_never_sent_waits_in_the_inbox(app):
    _request()
    inbound = import_mail(app, _dsn("<not.ours@elsewhere>", "someone@nowhere.example"))
    assert inbound.mail_kind is MailKind.BOUNCE
    assert inbound.request_id is None
    assert db.session.scalars(select(DeliveryFailure)).all() == []


def test_the_same_mail_again_with_one_more_received_header_adds_nothing(app):
    records_request = _request()
    raw = email_bytes(f"Re: {records_request.reference}", sent=date(2026, 11, 20))
    first = operations.import_email(
        raw, store=store_for(app.config), max_bytes=10**8, actor=None, today=clock.today()
    )
    again = operations.import_email(
        b"Received: from relay.example by mx.example; Fri, 20 Nov 2026 15:31:00 +0000\n" + raw,
        store=store_for(app.config),
        max_bytes=10**8,
        actor=None,
        today=clock.today(),
    )
    db.session.commit()
    assert (first.duplicate, again.duplicate) == (False, True)
    assert again.inbound.id == first.inbound.id
    assert again.as_json()["duplicate"] is True
    assert again.as_json()["request"] == records_request.reference
    assert len(db.session.scalars(select(InboundEmail)).all()) == 1


def test_taking_an_acknowledgement_off_the_wrong_request_forgets_the_number_it_gave(app):
    from foia.inbound import review

    records_request = _request()
    raw = _with_headers(
        email_bytes(
            f"Records request received - {records_request.reference}",
            body="Your request has been received and assigned reference number P012345-112626.",
            sender="noreply@springfieldpolice.gov",
        ),
        "Auto-Submitted: auto-generated",
    )
    inbound = import_mail(app, raw)
    # A number a person entered on the request stays whatever happens to the message.
    db.session.add(
        TrackingNumber(request_id=records_request.id, number="24-118", recorded_by_id=None)
    )
    db.session.commit()

    review.unassign(inbound, actor=None)
    db.session.commit()

    numbers = db.session.scalars(
        select(TrackingNumber.number).filter_by(request_id=records_request.id)
    ).all()
    assert numbers == ["24-118"]
    # So later mail quoting P012345-112626 no longer lands on this request.
    later = import_mail(app, email_bytes("About P012345-112626", sender=AGENCY_MAIL))
    assert later.request_id is None
