"""A person decides what a message means: confirm a suggestion (its ledger event, response and
fee), dismiss one, take a message off the wrong request; automatic mail never counts by itself."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from foia import clock
from foia.audit import AuditEvent
from foia.documents.models import Attachment
from foia.extensions import db
from foia.inbound import operations, review
from foia.inbound.models import InboundEmail
from foia.requests.models import ClockEvent, Communication
from foia.responses import appeals
from foia.responses.models import Fee, LoggedResponse, TrackingNumber
from foia.responses.sections import EntryKind, thread_of
from tests.support.factories import create_user
from tests.support.inbound import AGENCY_MAIL, FEE_TEXT, SENT, a_request, import_mail, reply
from tests.support.responses import email_bytes, text_pdf


def events(records_request) -> list[str]:
    return list(
        db.session.scalars(
            select(ClockEvent.kind).filter_by(request_id=records_request.id).order_by(ClockEvent.id)
        )
    )


def the(suggestions, kind: str):
    (found,) = [s for s in suggestions if s.kind == kind]
    return found


def test_a_fee_estimate_is_suggested_with_its_sentence_and_nothing_is_recorded(app):
    records_request = a_request()
    before = events(records_request)

    inbound = reply(app, records_request)
    fee = the(review.suggestions_for(inbound), "fee_estimate")

    assert fee.amount == Decimal("125.00")
    assert "We estimate the fee at $125.00." in fee.sentence
    assert events(records_request) == before
    assert db.session.scalars(select(LoggedResponse)).all() == []
    assert db.session.scalars(select(Fee)).all() == []


def test_confirming_records_the_response_the_event_and_the_fee_on_the_message(app):
    records_request = a_request()
    inbound = reply(app, records_request)
    fee = the(review.suggestions_for(inbound), "fee_estimate")
    volunteer = create_user("volunteer")

    logged = review.confirm(
        inbound,
        fee.key,
        kind="fee_estimate",
        received_on=SENT,
        fee_amount=Decimal("130.00"),  # the volunteer corrected the amount
        tracking_number="P-7781",
        actor=volunteer,
        today=clock.today(),
    )
    db.session.commit()

    assert (logged.communication_id, logged.kind) == (inbound.communication_id, "fee_estimate")
    event = db.session.get(ClockEvent, logged.clock_event_id)
    assert (event.kind, event.occurred_on) == ("fee_estimate", SENT)
    assert "We estimate the fee at $125.00." in event.basis
    (estimate,) = db.session.scalars(select(Fee)).all()
    assert (estimate.kind, estimate.amount, estimate.clock_event_id) == (
        "estimate",
        Decimal("130.00"),
        event.id,
    )
    assert "P-7781" in db.session.scalars(select(TrackingNumber.number)).all()
    audit = db.session.scalars(select(AuditEvent).filter_by(action="inbox.suggestion_confirmed"))
    (entry,) = audit.all()
    assert (entry.user_id, entry.data["key"], entry.data["kind"]) == (
        volunteer.id,
        fee.key,
        "fee_estimate",
    )


def test_a_message_is_recorded_as_one_kind_only(app):
    records_request = a_request()
    inbound = reply(app, records_request, body=f"Thank you for your request. {FEE_TEXT}")
    suggestions = review.suggestions_for(inbound)
    fee, acknowledgement = the(suggestions, "fee_estimate"), the(suggestions, "acknowledgement")
    confirm = {"received_on": SENT, "actor": None, "today": clock.today()}
    review.confirm(inbound, fee.key, kind="fee_estimate", **confirm)
    db.session.commit()

    with pytest.raises(review.ReviewError, match="already recorded as fee estimate"):
        review.confirm(inbound, acknowledgement.key, kind="acknowledgement", **confirm)
    db.session.rollback()

    assert events(records_request).count("fee_estimate") == 1
    assert "recorded as fee estimate" in review.review_of(inbound).blocked


def test_an_unmatched_message_shows_suggestions_but_cannot_be_confirmed(app):
    inbound = import_mail(app, email_bytes("Your request", FEE_TEXT, sent=SENT))
    fee = the(review.suggestions_for(inbound), "fee_estimate")

    with pytest.raises(review.ReviewError, match="File this message under a request first"):
        review.confirm(
            inbound, fee.key, kind="fee_estimate", received_on=SENT, actor=None, today=SENT
        )


def test_a_dismissed_suggestion_is_no_longer_offered_nor_recordable(app):
    records_request = a_request()
    inbound = reply(app, records_request)
    fee = the(review.suggestions_for(inbound), "fee_estimate")

    review.dismiss(inbound, fee.key, actor=None)
    db.session.commit()
    db.session.expire_all()

    assert fee.key not in [s.key for s in review.suggestions_for(inbound)]
    assert inbound.dismissed_suggestions == [fee.key]
    with pytest.raises(review.ReviewError, match="no longer offered"):
        review.confirm(
            inbound, fee.key, kind="fee_estimate", received_on=SENT, actor=None, today=SENT
        )
    assert db.session.scalar(select(AuditEvent).filter_by(action="inbox.suggestion_dismissed"))
    with pytest.raises(review.ReviewError, match="no longer offered"):
        review.dismiss(inbound, "fee_estimate:made-up", actor=None)
    assert inbound.dismissed_suggestions == [fee.key]


def test_unassigning_removes_the_communication_and_gives_the_files_back_to_the_message(app):
    records_request = a_request()
    inbound = reply(
        app, records_request, attachments=[("fee.pdf", text_pdf("Fee"), "application/pdf")]
    )
    communication_id = inbound.communication_id
    assert communication_id is not None
    volunteer = create_user("volunteer")

    review.unassign(inbound, actor=volunteer)
    db.session.commit()

    assert (inbound.request_id, inbound.communication_id, inbound.matched_by) == (None, None, "")
    assert db.session.get(Communication, communication_id) is None
    (attachment,) = db.session.scalars(select(Attachment)).all()
    assert (attachment.inbound_email_id, attachment.request_id, attachment.communication_id) == (
        inbound.id,
        None,
        None,
    )
    entry = db.session.scalar(select(AuditEvent).filter_by(action="inbox.unassigned"))
    assert (entry.object_id, entry.user_id, entry.data["inbound_email_id"]) == (
        records_request.id,
        volunteer.id,
        inbound.id,
    )
    assert inbound in operations.unmatched()


def test_unassigning_is_refused_once_a_response_is_recorded_from_the_message(app):
    records_request = a_request()
    inbound = reply(app, records_request)
    fee = the(review.suggestions_for(inbound), "fee_estimate")
    review.confirm(inbound, fee.key, kind="fee_estimate", received_on=SENT, actor=None, today=SENT)
    db.session.commit()

    with pytest.raises(review.ReviewError, match="recorded as fee estimate"):
        review.unassign(inbound, actor=None)
    db.session.rollback()

    assert inbound.request_id == records_request.id
    assert db.session.get(Communication, inbound.communication_id) is not None


ACKNOWLEDGEMENT = (
    "Thank you for your public records request. Your request has been received and assigned "
    "reference number P012345-112626. You will be notified when it is processed."
)


def automatic_acknowledgement(app, records_request) -> InboundEmail:
    raw = email_bytes(
        f"Records request received - {records_request.reference}",
        ACKNOWLEDGEMENT,
        sender="noreply@springfieldpolice.gov",
        sent=SENT,
    )
    return import_mail(app, b"Auto-Submitted: auto-generated\n" + raw)


def test_an_auto_reply_is_on_the_thread_labelled_and_never_a_response(app):
    records_request = a_request()
    before = events(records_request)

    inbound = automatic_acknowledgement(app, records_request)
    thread = thread_of(records_request, None)

    assert (inbound.request_id, inbound.communication_id) == (records_request.id, None)
    (entry,) = [e for e in thread.entries if e.kind is EntryKind.AUTOMATIC]
    assert (entry.item.id, entry.item.mail_kind.label) == (inbound.id, "Automatic reply")
    assert events(records_request) == before
    assert appeals.facts_for(records_request, "overdue", clock.today()).responses == ()


def test_an_auto_reply_confirmed_as_an_acknowledgement_is_filed_and_counts(app):
    records_request = a_request()
    inbound = automatic_acknowledgement(app, records_request)
    suggestions = review.suggestions_for(inbound)
    assert {s.kind for s in suggestions} == {"acknowledgement"}
    acknowledgement = suggestions[0]
    confirm = {"received_on": SENT, "actor": None, "today": clock.today()}

    with pytest.raises(review.ReviewError, match="only be recorded as an acknowledgement"):
        review.confirm(inbound, acknowledgement.key, kind="denial", **confirm)
    db.session.rollback()
    review.confirm(inbound, acknowledgement.key, kind="acknowledgement", **confirm)
    db.session.commit()

    assert inbound.communication_id is not None
    assert "acknowledged" in events(records_request)
    responses = appeals.facts_for(records_request, "overdue", clock.today()).responses
    assert [on for on, _ in responses] == [SENT]


def bounce_report(reference: str) -> bytes:
    """A Postfix-style delivery report quoting our filing, whose subject names the request."""
    return (
        "From: MAILER-DAEMON@mail.example.org (Mail Delivery System)\n"
        "To: foia@localhost\n"
        "Subject: Undelivered Mail Returned to Sender\n"
        "Date: Fri, 20 Nov 2026 15:31:00 +0000\n"
        "Message-ID: <bounce.9@mail.example.org>\n"
        "Auto-Submitted: auto-replied\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\n\n'
        "--b1\nContent-Type: text/plain\n\nYour message could not be delivered. It said:\n"
        f"{FEE_TEXT}\n\n"
        "--b1\nContent-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; mail.example.org\n\n"
        f"Final-Recipient: rfc822; {AGENCY_MAIL}\nAction: failed\nStatus: 5.1.1\n"
        f"Diagnostic-Code: smtp; 550 5.1.1 <{AGENCY_MAIL}>: User unknown\n\n"
        "--b1\nContent-Type: text/rfc822-headers\n\n"
        f"From: foia@localhost\nTo: {AGENCY_MAIL}\n"
        f"Subject: Public records request {reference}\nMessage-ID: <filing.1@localhost>\n\n"
        "--b1--\n"
    ).encode()


def test_a_bounce_is_on_the_thread_with_its_failure_and_suggests_nothing(app):
    from foia.mail import OutboundEmail

    records_request = a_request()
    db.session.add(
        OutboundEmail(
            kind="filing",
            to_addr=AGENCY_MAIL,
            subject="Public records request",
            body_text="Our request.",
            message_id="<filing.1@localhost>",
            request_id=records_request.id,
        )
    )
    db.session.commit()

    inbound = import_mail(app, bounce_report(records_request.reference))
    (entry,) = [e for e in thread_of(records_request, None).entries if e.item is inbound]

    assert entry.kind is EntryKind.AUTOMATIC
    assert [(f.address, f.status) for f in entry.failures] == [(AGENCY_MAIL, "5.1.1")]
    # Its text quotes a fee, but a bounce is never the agency's word.
    assert "We estimate the fee at $125.00." in inbound.body
    assert review.suggestions_for(inbound) == []


def test_the_thread_is_in_time_order_and_keeps_privileged_notes_for_lawyers(app):
    from foia.responses import operations as responses

    records_request = a_request()
    lawyer = create_user("lawyer")
    responses.add_note(records_request, "Privileged strategy", is_privileged=True, actor=lawyer)
    responses.add_note(records_request, "Called the clerk", is_privileged=False, actor=lawyer)
    db.session.commit()
    inbound = reply(app, records_request)

    for_volunteer = thread_of(records_request, create_user("volunteer"))
    for_lawyer = thread_of(records_request, lawyer)

    notes = [e.item.body for e in for_volunteer.entries if e.kind is EntryKind.NOTE]
    assert notes == ["Called the clerk"]
    assert len([e for e in for_lawyer.entries if e.kind is EntryKind.NOTE]) == 2
    days = [e.on for e in for_lawyer.entries]
    assert days == sorted(days, reverse=True), "newest first"
    received = [e for e in for_lawyer.entries if e.kind is EntryKind.RECEIVED]
    assert [e.inbound_id for e in received] == [inbound.id]


def test_marked_splits_the_text_around_each_trigger_sentence():
    text = "Hello.\nWe estimate the fee\nat $125.00. Thanks."

    parts = review.marked(text, ["We estimate the fee at $125.00.", "Not in the text."])

    assert parts == [
        ("Hello.\n", False),
        ("We estimate the fee\nat $125.00.", True),
        (" Thanks.", False),
    ]


@given(st.text(), st.lists(st.text(), max_size=4))
def test_marked_always_gives_back_the_whole_text(text, sentences):
    parts = review.marked(text, sentences)

    assert "".join(part for part, _ in parts) == text
    assert all(part for part, _ in parts)


@given(st.dictionaries(st.sampled_from(["show", "kind", "campaign", "page"]), st.text()))
def test_any_inbox_arguments_give_known_filters(args):
    filters = review.InboxFilters.from_args(args)

    assert filters.show in dict(review.SHOWS)
    assert filters.kind in ("", "reply", "auto_reply", "bounce")
    assert filters.campaign_id is None or filters.campaign_id >= 0
    assert review.InboxFilters.from_args({k: str(v) for k, v in filters.as_args().items()}) == (
        filters
    )
