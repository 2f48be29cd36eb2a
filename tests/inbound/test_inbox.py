"""Email in: kept as received, matched by reference, tracking number or reply, else waiting."""

import io
import mailbox

from sqlalchemy import select

from foia import clock
from foia.documents.models import Attachment
from foia.extensions import db
from foia.inbound.models import InboundEmail
from foia.requests.models import Communication
from foia.responses.models import TrackingNumber
from tests.support.html import page
from tests.support.responses import email_bytes, filed_request, recent_monday, text_pdf


def upload(client, raw: bytes, name: str = "forwarded.eml"):
    return client.post(
        "/inbox",
        data={"message": (io.BytesIO(raw), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_an_eml_with_our_reference_is_filed_with_its_attachments(app, volunteer_client):
    records_request = filed_request(recent_monday(clock.today()))
    pdf = text_pdf("Responsive records")
    raw = email_bytes(
        f"RE: Public records request {records_request.reference}",
        attachments=[("records.pdf", pdf, "application/pdf")],
        message_id="<abc.123@springfieldpolice.gov>",
    )

    response = upload(volunteer_client, raw)

    assert "1 filed under their request, 0 waiting here" in " ".join(page(response).flashes())
    inbound = db.session.scalars(select(InboundEmail)).one()
    assert (inbound.request_id, inbound.matched_by) == (records_request.id, "reference")
    assert ["Message-ID", "<abc.123@springfieldpolice.gov>"] in inbound.headers
    message = db.session.get(Communication, inbound.communication_id)
    assert (message.channel, message.tracking) == ("email", "<abc.123@springfieldpolice.gov>")
    attachment = db.session.scalars(select(Attachment)).one()
    assert (attachment.filename, attachment.request_id, attachment.communication_id) == (
        "records.pdf",
        records_request.id,
        message.id,
    )
    original = volunteer_client.get(f"/inbox/{inbound.id}/original")
    assert original.data == raw
    assert original.headers["Content-Disposition"].startswith("attachment")
    original.close()


def test_a_tracking_number_in_the_subject_matches(app, volunteer_client):
    records_request = filed_request(recent_monday(clock.today()))
    records_request.agency.email = "records@springfieldpolice.gov"
    db.session.add(TrackingNumber(request_id=records_request.id, number="P004455-112626"))
    db.session.commit()

    upload(volunteer_client, email_bytes("Your request P004455-112626 has been closed"))

    inbound = db.session.scalars(select(InboundEmail)).one()
    assert (inbound.request_id, inbound.matched_by) == (records_request.id, "tracking")


def test_a_reply_to_our_message_matches(app, volunteer_client):
    records_request = filed_request(recent_monday(clock.today()))
    db.session.add(
        Communication(
            records_request=records_request,
            direction="out",
            channel="email",
            occurred_on=clock.today(),
            tracking="<ours.1@example.org>",
        )
    )
    db.session.commit()

    upload(volunteer_client, email_bytes("Re: your letter", in_reply_to="<ours.1@example.org>"))

    assert db.session.scalar(select(InboundEmail.matched_by)) == "reply"


def test_an_unmatched_message_waits_and_a_person_files_it(app, volunteer_client):
    records_request = filed_request(recent_monday(clock.today()))
    upload(volunteer_client, email_bytes("Question about your letter"))
    inbound = db.session.scalars(select(InboundEmail)).one()
    assert inbound.request_id is None

    listing = page(volunteer_client.get("/inbox"))
    assert "Question about your letter" in listing.texts("table a")

    wrong = volunteer_client.post(f"/inbox/{inbound.id}", data={"reference": "FR-1999-99999"})
    assert wrong.status_code == 400
    assert page(wrong).error_for("Request reference (e.g. FR-2026-00042)") == (
        "No request has that reference."
    )
    volunteer_client.post(f"/inbox/{inbound.id}", data={"reference": records_request.reference})

    db.session.expire_all()
    assert (inbound.request_id, inbound.matched_by) == (records_request.id, "person")
    assert page(volunteer_client.get("/inbox")).texts("tbody td") == ["Nothing is waiting."]


def test_an_mbox_of_two_messages_is_split(app, volunteer_client, tmp_path):
    box = mailbox.mbox(tmp_path / "in.mbox")
    box.add(email_bytes("First"))
    box.add(email_bytes("Second"))
    box.close()

    response = upload(volunteer_client, (tmp_path / "in.mbox").read_bytes(), "in.mbox")

    assert "2 message(s) kept" in " ".join(page(response).flashes())
    subjects = sorted(db.session.scalars(select(InboundEmail.subject)))
    assert subjects == ["First", "Second"]


BROKEN_MIME = (
    b"From: clerk@town.gov\r\nTo: foia@example.org\r\nSubject: scan\r\n"
    b"Date: not a date\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="XYZ"\r\n\r\n'
    b"--XYZ\r\nContent-Type: text/plain\r\n\r\nThe records.\r\n"
    b"--XYZ\r\nContent-Type: application/pdf; name=a.pdf\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK!!!notbase64"
)
WRONG_CHARSET = (
    b"From: clerk@town.gov\r\nTo: foia@example.org\r\nSubject: =?utf-8?q?Caf=C3=A9?=\r\n"
    b"Content-Type: text/plain; charset=x-unknown-charset\r\n\r\n"
    b"Na\xefve r\xe9sum\xe9 of records\r\n"
)


def test_broken_mime_and_a_wrong_charset_are_kept_with_their_problems(app, volunteer_client):
    for raw in (BROKEN_MIME, WRONG_CHARSET):
        assert upload(volunteer_client, raw).status_code == 200

    broken, wrong = db.session.scalars(select(InboundEmail).order_by(InboundEmail.id)).all()
    assert "The records." in broken.body
    assert "not a date" in broken.parse_problems
    assert "Unknown charset 'x-unknown-charset'" in wrong.parse_problems
    assert "sum" in wrong.body and wrong.subject == "Café"
    for inbound in (broken, wrong):
        shown = volunteer_client.get(f"/inbox/{inbound.id}")
        assert shown.status_code == 200
        assert "Read with problems" in shown.get_data(as_text=True)


def test_the_import_command_reads_a_maildir(app, runner, tmp_path):
    records_request = filed_request(recent_monday(clock.today()))
    box = mailbox.Maildir(tmp_path / "Maildir")
    box.add(email_bytes(f"Re: {records_request.reference}"))
    box.add(email_bytes("Unrelated"))
    box.close()

    result = runner.invoke(args=["inbox", "import", str(tmp_path / "Maildir")])
    again = runner.invoke(args=["inbox", "import", str(tmp_path / "Maildir")])

    assert "1 matched to a request, 1 waiting in the inbox" in result.output
    assert again.exit_code == 0
    assert len(db.session.scalars(select(InboundEmail)).all()) == 2  # kept once


def test_the_import_command_reads_one_eml(app, runner, tmp_path):
    path = tmp_path / "one.eml"
    path.write_bytes(email_bytes("Alone"))

    result = runner.invoke(args=["inbox", "import", str(path)])

    assert "0 matched to a request, 1 waiting in the inbox" in result.output
