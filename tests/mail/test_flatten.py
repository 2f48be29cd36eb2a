"""Sending flattens by the public email API; the bytes and the envelope are what smtplib makes."""

import email
import io
import smtplib
from datetime import UTC, datetime
from email import policy
from email.generator import BytesGenerator

import pytest
from aiosmtpd.controller import Controller
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foia import mail
from foia.mail import OutboundAttachment, OutboundEmail
from tests.support.servers import free_port

bodies = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400)
line_heavy = st.lists(
    st.sampled_from(
        ["", "x", ".", "From here", "a" * 90, "é", "\r", " ", "=", "<p>", "--", "--" + "=" * 15]
    ),
    max_size=40,
).map(lambda parts: "\n".join(parts))


def stock_flatten(message) -> bytes:
    """What smtplib.SMTP.send_message transmits, less its mbox "From " escaping."""
    with io.BytesIO() as out:
        BytesGenerator(out, mangle_from_=False).flatten(message, linesep="\r\n")
        return out.getvalue()


def outbox_row(body_text, body_html=None, attachments=()) -> OutboundEmail:
    return OutboundEmail(
        to_addr="records@town.example.gov",
        subject="Public records request FR-2026-00001",
        body_text=body_text,
        body_html=body_html,
        message_id="<1@foia.test>",
        queued_at=datetime(2026, 11, 26, 9, 0, tzinfo=UTC),
        attachments=[
            OutboundAttachment(filename=name, content_type="application/pdf", data=data)
            for name, data in attachments
        ],
    )


@pytest.mark.slow
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.one_of(bodies, line_heavy),
    html=st.none() | st.one_of(bodies, line_heavy),
    attachment=st.none() | st.binary(max_size=300),
)
def test_flatten_gives_the_stock_generators_bytes(app, text, html, attachment):
    attachments = () if attachment is None else (("request.pdf", attachment),)
    message = mail.build_message(outbox_row(text, html, attachments))
    flat = mail.flatten(message)
    assert flat == stock_flatten(message)
    # Read back, every part is whole: no boundary occurs inside one (build_message sets them).
    parsed = email.message_from_bytes(flat, policy=policy.default)
    assert lines(parsed.get_body(("plain",)).get_content()) == lines(text)
    if html:  # an empty HTML body is left out
        assert lines(parsed.get_body(("html",)).get_content()) == lines(html)
    if attachment is not None:
        [got] = list(parsed.iter_attachments())
        assert got.get_content() == attachment


def lines(body: str) -> str:
    """A body with every line ending as LF: SMTP carries lines, not lone CRs."""
    return body.replace("\r\n", "\n").replace("\r", "\n")


class EnvelopeSink:
    """Records each envelope a real aiosmtpd server accepts."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        self.envelopes.append(envelope)
        return "250 Message accepted"


@pytest.fixture
def envelope_server(request):
    """An SMTP server on loopback that offers SMTPUTF8 unless the test says otherwise."""
    sink = EnvelopeSink()
    port = free_port()
    offers_utf8 = getattr(request, "param", True)
    controller = Controller(sink, hostname="127.0.0.1", port=port, enable_SMTPUTF8=offers_utf8)
    controller.start()
    sink.port = port
    yield sink
    controller.stop()


def test_envelope_is_read_from_from_and_to(app, envelope_server, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_FROM", "FOIA desk <foia@example.org>")
    message = mail.build_message(outbox_row("Dear Officer,\n.\nA line with a dot.", "<p>Hi</p>"))
    with smtplib.SMTP("127.0.0.1", envelope_server.port) as server:
        mail.transmit(server, message)
    [envelope] = envelope_server.envelopes
    assert envelope.mail_from == "foia@example.org"
    assert envelope.rcpt_tos == ["records@town.example.gov"]
    assert envelope.content == stock_flatten(message), "dot-stuffing is undone by the server"
    assert "SMTPUTF8" not in envelope.mail_options


def test_a_line_starting_with_from_arrives_as_written(app, envelope_server):
    """smtplib's send_message would have sent ">From January 2020" (mbox escaping)."""
    body = "Dear Officer,\nFrom January 2020 to date, all records of face recognition use.\n"
    message = mail.build_message(outbox_row(body, "<p>Hi</p>\nFrom 2020 on</p>"))
    with smtplib.SMTP("127.0.0.1", envelope_server.port) as server:
        mail.transmit(server, message)
    [envelope] = envelope_server.envelopes
    parsed = email.message_from_bytes(envelope.content, policy=policy.default)
    assert lines(parsed.get_body(("plain",)).get_content()) == body
    assert "\nFrom 2020 on" in parsed.get_body(("html",)).get_content()
    assert b">From" not in envelope.content


def test_a_non_ascii_address_is_sent_with_smtputf8(app, envelope_server):
    row = outbox_row("Bonjour")
    row.to_addr = "josé@mairie.example.fr"
    with smtplib.SMTP("127.0.0.1", envelope_server.port) as server:
        mail.transmit(server, mail.build_message(row))
    [envelope] = envelope_server.envelopes
    assert envelope.rcpt_tos == ["josé@mairie.example.fr"]
    assert "SMTPUTF8" in envelope.mail_options
    assert "josé@mairie.example.fr".encode() in envelope.original_content


@pytest.mark.parametrize("envelope_server", [False], indirect=True)
def test_a_non_ascii_address_needs_a_server_with_smtputf8(app, envelope_server):
    row = outbox_row("Bonjour")
    row.to_addr = "josé@mairie.example.fr"
    with (
        smtplib.SMTP("127.0.0.1", envelope_server.port) as server,
        pytest.raises(smtplib.SMTPNotSupportedError),
    ):
        mail.transmit(server, mail.build_message(row))
    assert envelope_server.envelopes == []
