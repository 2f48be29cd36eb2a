"""The inbox pages: every message with filters, one message with its suggestions to confirm or
dismiss, taking a message off a request, and the request page's thread."""

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from foia import clock
from foia.audit import AuditEvent
from foia.campaigns.models import Campaign
from foia.extensions import db
from foia.inbound.models import InboundEmail
from foia.requests.models import ClockEvent
from foia.responses import operations as responses
from foia.responses.models import Fee, LoggedResponse
from tests.inbound.test_review import automatic_acknowledgement, bounce_report
from tests.support.factories import create_agency, create_user
from tests.support.html import page, text_of, value_of
from tests.support.inbound import (
    AGENCY_MAIL,
    FEE_TEXT,
    SENT,
    a_request,
    card_data,
    import_mail,
    reply,
)
from tests.support.responses import email_bytes, filed_request, recent_monday

CORPUS = Path(__file__).parent / "corpus"


def test_the_inbox_lists_waiting_mail_by_default_and_all_mail_on_request(app, volunteer_client):
    campaign = Campaign(name="Face recognition 2026")
    db.session.add(campaign)
    db.session.commit()
    records_request = filed_request(
        recent_monday(clock.today()), agency=create_agency(email=AGENCY_MAIL), campaign=campaign
    )
    reply(app, records_request)
    import_mail(app, email_bytes("Question about your letter"))

    waiting = page(volunteer_client.get("/inbox")).table("table.inbox")
    everything = page(volunteer_client.get("/inbox?show=all")).table("table.inbox")
    matched = page(volunteer_client.get("/inbox?show=matched")).table("table.inbox")

    assert [row["Subject"] for row in waiting] == ["Question about your letter"]
    assert sorted(row["Subject"] for row in everything) == [
        "Question about your letter",
        f"RE: {records_request.reference}",
    ]
    assert matched == [
        {
            "Received": SENT.strftime("%a %d %b %Y"),
            "From": AGENCY_MAIL,
            "Subject": f"RE: {records_request.reference}",
            "Kind": "Reply",
            "Request": records_request.reference,
            "Campaign": "Face recognition 2026",
        }
    ]
    in_campaign = page(volunteer_client.get(f"/inbox?show=all&campaign={campaign.id}"))
    assert [row["Subject"] for row in in_campaign.table("table.inbox")] == [
        f"RE: {records_request.reference}"
    ]


def test_the_inbox_filters_by_kind(app, volunteer_client):
    records_request = a_request()
    reply(app, records_request)
    automatic_acknowledgement(app, records_request)

    shown = page(volunteer_client.get("/inbox?show=all&kind=auto_reply"))

    assert [row["Kind"] for row in shown.table("table.inbox")] == ["Automatic reply"]
    assert value_of(shown.by_label("Kind of mail")) == "auto_reply"


def test_the_inbox_shows_fifty_messages_a_page(app, volunteer_client):
    at = datetime(2026, 11, 1, tzinfo=UTC)
    for n in range(51):
        db.session.add(
            InboundEmail(
                raw_sha256="0" * 64,
                dedup_key=f"key-{n}",
                subject=f"Message {n:02d}",
                created_at=at + timedelta(minutes=n),
            )
        )
    db.session.commit()

    first = page(volunteer_client.get("/inbox"))
    second = page(volunteer_client.get(first.link("Next").get("href")))

    assert len(first.table("table.inbox")) == 50
    assert first.table("table.inbox")[0]["Subject"] == "Message 50", "newest first"
    assert [row["Subject"] for row in second.table("table.inbox")] == ["Message 00"]


def test_a_saved_eml_starting_with_a_from_line_is_one_message(app, volunteer_client):
    raw = (CORPUS / "parse" / "thunderbird_saved.eml").read_bytes()

    response = volunteer_client.post(
        "/inbox",
        data={"message": (io.BytesIO(raw), "saved.eml")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )

    assert "1 message(s) kept" in " ".join(page(response).flashes())


def test_the_message_page_shows_the_suggestion_and_one_click_records_it(app, volunteer_client):
    records_request = a_request()
    inbound = reply(app, records_request)

    shown = page(volunteer_client.get(f"/inbox/{inbound.id}"))
    assert shown.texts(".suggestion h3") == ["Fee estimate"]
    assert "We estimate the fee at $125.00." in shown.texts(".suggestion blockquote mark")[0]
    assert "We estimate the fee at $125.00." in shown.texts(".message-text mark")[0]
    assert value_of(shown.by_label("Amount estimated, in dollars (fee estimate)")) == "125.00"
    assert value_of(shown.by_label("Date received")) == SENT.isoformat()
    assert value_of(shown.by_label("What kind of reply")) == "fee_estimate"

    done = volunteer_client.post(
        f"/inbox/{inbound.id}/suggestions/0", data=card_data(shown), follow_redirects=True
    )

    assert "Recorded as fee estimate" in " ".join(page(done).flashes())
    assert db.session.scalar(select(LoggedResponse.kind)) == "fee_estimate"
    assert db.session.scalar(select(Fee.amount)) == 125
    assert "fee_estimate" in db.session.scalars(select(ClockEvent.kind)).all()
    assert "Estimate: $125.00" in text_of(page(done).one("#fees-heading + p"))
    again = page(volunteer_client.get(f"/inbox/{inbound.id}"))
    assert again.one(".suggestion input[value='Record this']").get("disabled") is not None


def test_an_edited_extension_without_its_days_is_refused_on_the_card(app, volunteer_client):
    records_request = a_request()
    inbound = reply(app, records_request)
    shown = page(volunteer_client.get(f"/inbox/{inbound.id}"))
    data = card_data(shown) | {"s0-kind": "extension"}

    response = volunteer_client.post(f"/inbox/{inbound.id}/suggestions/0", data=data)

    assert response.status_code == 400
    assert "how many days" in page(response).error_for("What kind of reply")
    assert db.session.scalars(select(LoggedResponse)).all() == []


def test_dismissing_a_suggestion_hides_it(app, volunteer_client):
    records_request = a_request()
    inbound = reply(app, records_request)
    shown = page(volunteer_client.get(f"/inbox/{inbound.id}"))

    done = volunteer_client.post(
        f"/inbox/{inbound.id}/suggestions/0",
        data=card_data(shown, button="dismiss") | {"s0-received_on": ""},
        follow_redirects=True,
    )

    assert page(done).flashes() == ["Suggestion dismissed."]
    assert page(done).all(".suggestion") == []
    assert db.session.scalars(select(LoggedResponse)).all() == []


def test_a_person_takes_a_message_off_the_wrong_request(app, volunteer_client):
    records_request = a_request()
    inbound = reply(app, records_request)

    done = volunteer_client.post(f"/inbox/{inbound.id}/unassign", follow_redirects=True)

    assert page(done).flashes() == [
        f"Taken off {records_request.reference}: it waits in the inbox."
    ]
    assert page(done).by_label("Request reference (e.g. FR-2026-00042)") is not None
    db.session.expire_all()
    assert inbound.request_id is None
    assert db.session.scalar(select(AuditEvent.action).filter_by(action="inbox.unassigned"))


def test_a_message_with_a_recorded_response_stays_on_its_request(app, volunteer_client):
    records_request = a_request()
    inbound = reply(app, records_request)
    shown = page(volunteer_client.get(f"/inbox/{inbound.id}"))
    volunteer_client.post(f"/inbox/{inbound.id}/suggestions/0", data=card_data(shown))

    done = volunteer_client.post(f"/inbox/{inbound.id}/unassign", follow_redirects=True)

    assert "so it stays there" in " ".join(page(done).flashes())
    db.session.expire_all()
    assert inbound.request_id == records_request.id


def test_the_request_page_shows_one_thread_with_automatic_mail_labelled(
    app, volunteer_client, lawyer_client
):
    records_request = a_request()
    lawyer = create_user("lawyer")
    responses.add_note(records_request, "Privileged strategy", is_privileged=True, actor=lawyer)
    responses.add_note(records_request, "Called the clerk", is_privileged=False, actor=lawyer)
    db.session.commit()
    inbound = reply(app, records_request, body=FEE_TEXT)
    automatic = automatic_acknowledgement(app, records_request)

    shown = page(volunteer_client.get(f"/requests/{records_request.id}"))

    assert shown.texts("ol.thread .automatic .mail-kind") == ["Automatic reply"]
    assert "not the agency's response" in shown.texts(f"#email-{automatic.id} p")[0]
    assert shown.texts(".note .note-body") == ["Called the clerk"]
    review_link = shown.link("What does it say? Review the email")
    assert review_link.get("href") == f"/inbox/{inbound.id}"
    lawyer_view = page(lawyer_client.get(f"/requests/{records_request.id}"))
    assert lawyer_view.texts(".note.privileged .note-body") == ["Privileged strategy"]


def test_a_bounce_on_the_request_page_shows_where_it_failed(app, volunteer_client):
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
    bounce = import_mail(app, bounce_report(records_request.reference))

    thread = page(volunteer_client.get(f"/requests/{records_request.id}"))
    message = page(volunteer_client.get(f"/inbox/{bounce.id}"))

    assert thread.texts(f"#email-{bounce.id} .mail-kind") == ["Bounce (not delivered)"]
    assert f"Not delivered to {AGENCY_MAIL} (5.1.1)" in thread.texts(f"#email-{bounce.id} li")[0]
    assert message.table("#failures-heading + table")[0]["Address"] == AGENCY_MAIL
    assert message.all(".suggestion") == []
