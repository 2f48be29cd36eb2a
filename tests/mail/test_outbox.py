"""The outbox: mail exists only if its transaction commits, is sent once, retried, never lost."""

import asyncio
import threading
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select, update

from foia import clock, mail
from foia.extensions import db
from foia.mail import Attachment, OutboundEmail
from tests.support.servers import free_port


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboundEmail))


def send_due() -> tuple[int, int]:
    """Send what is due; return (sent, not sent after trying)."""
    report = mail.send_due()
    return report.sent, report.retrying + report.failed


def test_queued_mail_is_sent_with_parts_and_attachment(app, smtp_server):
    email = mail.queue_email(
        "rao@town.example.gov",
        "Public records request FR-2026-00001",
        "Dear Officer,\n...",
        kind="filing",
        body_html="<p>Dear Officer,</p>",
        attachments=(Attachment("request.pdf", "application/pdf", b"%PDF-1.7 test"),),
    )
    db.session.commit()
    assert send_due() == (1, 0)
    [message] = smtp_server.messages
    assert message["To"] == "rao@town.example.gov"
    assert message["Message-ID"] == email.message_id
    assert message.get_body(("plain",)).get_content().startswith("Dear Officer,")
    assert message.get_body(("html",)).get_content().strip() == "<p>Dear Officer,</p>"
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "request.pdf"
    assert attachment.get_content() == b"%PDF-1.7 test"
    assert db.session.get(OutboundEmail, email.id).is_sent
    assert send_due() == (0, 0), "a sent message is never sent again"
    assert len(smtp_server.messages) == 1


def test_rolled_back_work_sends_nothing(app, smtp_server):
    mail.queue_email("a@example.org", "Hello", "Body", kind="test")
    db.session.rollback()
    assert count() == 0
    assert send_due() == (0, 0)


def test_smtp_down_keeps_the_message_and_retries_with_backoff(app, smtp_server):
    email = mail.queue_email("a@example.org", "Hello", "Body", kind="test")
    db.session.commit()
    app.config["SMTP_PORT"] = 1  # nothing listens there
    assert send_due() == (0, 1)
    stored = db.session.get(OutboundEmail, email.id)
    assert stored.sent_at is None and stored.attempts == 1
    assert stored.last_error == "The mail server at 127.0.0.1:1 refused the connection."
    assert stored.next_attempt_at > clock.now() + timedelta(seconds=50)
    assert send_due() == (0, 0), "not retried before its backoff"
    app.config["SMTP_PORT"] = smtp_server.port
    stored.next_attempt_at = clock.now()
    db.session.commit()
    assert send_due() == (1, 0)
    assert len(smtp_server.messages) == 1


def test_a_claimed_message_is_not_sent_by_a_second_sender(app, smtp_server):
    email = mail.queue_email("a@example.org", "Hello", "Body", kind="test")
    db.session.commit()
    assert mail.claim(email.id, clock.now())
    assert mail.send_one(email.id) is False, "another sender holds it"
    assert smtp_server.messages == []
    later = clock.now() + mail.CLAIM + timedelta(seconds=1)
    assert mail.claim(email.id, later), "an abandoned claim expires"


def test_same_key_is_queued_once(app):
    first = mail.queue_email("a@example.org", "R", "B", kind="reminder", key="r:1:response")
    second = mail.queue_email("a@example.org", "R", "B", kind="reminder", key="r:1:response")
    assert first.id == second.id and count() == 1


@pytest.mark.parametrize(
    "to, subject",
    [
        ("a@example.org\nBcc: victim@example.org", "Hi"),
        ("a@example.org", "Hi\r\nBcc: victim@example.org"),
        ("not an address", "Hi"),
    ],
)
def test_header_injection_and_bad_addresses_are_refused(app, to, subject):
    with pytest.raises(mail.MailError):
        mail.queue_email(to, subject, "Body", kind="test")
    assert count() == 0


def test_cli_sends_due_messages(app, runner, smtp_server):
    mail.queue_email("a@example.org", "Hello", "Body", kind="test")
    db.session.commit()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0 and "Sent 1" in result.output
    assert len(smtp_server.messages) == 1


def test_a_sender_with_a_display_name_gives_a_well_formed_message_id(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_FROM", "FOIA desk <foia@example.org>")
    email = mail.queue_email("a@example.org", "Hello", "Body", kind="test")
    assert email.message_id.endswith("@example.org>")
    assert email.message_id.count(">") == 1


class HeldSink:
    """An SMTP server that holds each message until the test lets it go."""

    def __init__(self):
        self.receiving, self.release = threading.Event(), threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        self.receiving.set()
        await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 10)
        return "250 Message accepted"


def test_the_outbox_is_not_locked_while_the_smtp_server_takes_its_time(app):
    """Sending writes nothing before the server answers: a slow server holds no database lock."""
    sink, port = HeldSink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    app.config["SMTP_PORT"] = port
    email = mail.queue_email(
        "a@example.org",
        "Hello",
        "Body",
        kind="test",
        attachments=(Attachment("a.pdf", "application/pdf", b"%PDF"),),
    )
    db.session.commit()

    def send():
        with app.app_context():
            mail.send_one(email.id)

    sender = threading.Thread(target=send)
    sender.start()
    try:
        assert sink.receiving.wait(10), "the message never reached the server"
        with db.engine.connect() as other:
            if other.dialect.name == "sqlite":
                other.exec_driver_sql("PRAGMA busy_timeout=200")
            else:
                other.exec_driver_sql("SET lock_timeout = '200ms'")
            # Another writer (the reminders run queueing the next digest) gets through at once.
            other.execute(
                update(OutboundEmail).where(OutboundEmail.id == email.id).values(last_error="")
            )
            other.commit()
    finally:
        sink.release.set()
        sender.join(10)
        controller.stop()
        app.config["SMTP_PORT"] = 1
    db.session.expire_all()
    stored = db.session.get(OutboundEmail, email.id)
    assert stored.is_sent and stored.attempts == 1
