"""Each recipient gets exactly one copy, whatever a real SMTP server does wrong.

The server (tests/support/smtp_faults.py) refuses connections, drops one during DATA, answers 451,
refuses one recipient with 550, hangs up after its 250, or stalls 30 s. Each failure is recorded
in words with the server's reply; a 5xx is never retried; everything else is, once due again.
"""

import time
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from foia import clock, mail
from foia.extensions import db
from foia.mail import DeliveryState, OutboundEmail
from tests.support.smtp_faults import TIMEOUT

AGENCIES = ("records@springfield.example.gov", "clerk@salem.example.gov", "rao@lynn.example.gov")


def queue(*addresses: str) -> list[tuple[str, str]]:
    """Queue one message to each address and commit; return their (recipient, Message-ID)."""
    emails = [
        mail.queue_email(to, f"Public records request {n}", "Dear Officer,\n...", kind="filing")
        for n, to in enumerate(addresses)
    ]
    db.session.commit()
    return [(e.to_addr, e.message_id) for e in emails]


def rows() -> dict[str, OutboundEmail]:
    """Return the outbox by recipient, as stored now."""
    db.session.expire_all()
    return {e.to_addr: e for e in db.session.scalars(select(OutboundEmail))}


def make_due() -> None:
    """Let every waiting message's backoff pass (as the minutes would)."""
    db.session.execute(update(OutboundEmail).values(next_attempt_at=clock.now()))
    db.session.commit()


def assert_one_copy_each(sink, expected) -> None:
    assert sink.counts() == Counter(expected), "each recipient gets exactly one copy"


def test_a_refused_connection_is_retried_with_backoff(app, faulty):
    faulty.stop()
    expected = queue(*AGENCIES)
    report = mail.send_due()
    assert (report.sent, report.retrying, report.failed) == (0, 3, 0)
    refused = f"The mail server at 127.0.0.1:{faulty.port} refused the connection."
    for stored in rows().values():
        assert stored.last_error == refused
        assert stored.state is DeliveryState.RETRYING and stored.attempts == 1
        assert stored.next_attempt_at > clock.now() + timedelta(seconds=50)
    assert mail.send_due().sent == 0, "not before its backoff"
    faulty.start()
    make_due()
    assert mail.send_due().sent == 3
    assert_one_copy_each(faulty.sink, expected)


def test_a_connection_dropped_during_data_is_retried(app, faulty):
    faulty.sink.faults.drop_during_data = 1
    expected = queue(*AGENCIES)
    report = mail.send_due()
    assert (report.sent, report.retrying) == (2, 1)
    dropped = rows()[AGENCIES[0]]
    assert dropped.last_error == (
        f"The mail server at 127.0.0.1:{faulty.port} dropped the connection during DATA,"
        " before accepting the message."
    )
    make_due()
    assert mail.send_due().sent == 1
    assert_one_copy_each(faulty.sink, expected)


def test_a_451_is_retried(app, faulty):
    faulty.sink.faults.temporary_failures = 1
    expected = queue(AGENCIES[0])
    assert mail.send_due().retrying == 1
    stored = rows()[AGENCIES[0]]
    assert stored.last_error == (
        f"The mail server at 127.0.0.1:{faulty.port} answered DATA with"
        " 451 4.3.0 Temporary local problem, please try again later."
    )
    assert stored.state is DeliveryState.RETRYING
    make_due()
    assert mail.send_due().sent == 1
    assert_one_copy_each(faulty.sink, expected)


def test_a_550_for_one_recipient_fails_it_for_good_and_the_others_go(app, faulty, monkeypatch):
    unknown = "nobody@lynn.example.gov"
    faulty.sink.faults.unknown_recipients = {unknown}
    expected = queue(AGENCIES[0], unknown, AGENCIES[1])
    report = mail.send_due()
    assert (report.sent, report.retrying, report.failed) == (2, 0, 1)
    assert faulty.sink.connections == 1, "a refused recipient leaves the connection usable"
    refused = rows()[unknown]
    assert refused.state is DeliveryState.FAILED and refused.failed_at is not None
    assert refused.last_error == (
        f"The mail server at 127.0.0.1:{faulty.port} answered RCPT TO with 550 5.1.1"
        f" <{unknown}>: Recipient address rejected: User unknown."
    )
    later = clock.now() + timedelta(days=7)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert mail.due_ids(later) == [], "a 5xx is never retried"
    assert mail.send_one(refused.id) is False
    assert rows()[unknown].attempts == 1
    assert_one_copy_each(faulty.sink, [e for e in expected if e[0] != unknown])


def test_a_hang_up_after_the_250_still_counts_as_sent(app, faulty):
    """The server accepted each message, then hung up before QUIT: none is sent twice."""
    faulty.sink.faults.hang_up_after_accept = 3
    expected = queue(*AGENCIES)
    report = mail.send_due()
    assert (report.sent, report.retrying) == (3, 0)
    assert faulty.sink.connections == 3, "a new connection for each message after a hang-up"
    assert all(e.is_sent and e.attempts == 1 and not e.last_error for e in rows().values())
    make_due()
    assert mail.send_due().sent == 0
    assert_one_copy_each(faulty.sink, expected)


def test_a_hang_up_at_quit_still_counts_as_sent(app, faulty):
    faulty.sink.faults.hang_up_at_quit = True
    expected = queue(AGENCIES[0])
    email_id = rows()[AGENCIES[0]].id
    assert mail.send_one(email_id) is True
    assert rows()[AGENCIES[0]].is_sent
    assert mail.send_one(email_id) is False
    assert_one_copy_each(faulty.sink, expected)


@pytest.mark.parametrize(
    "step, error",
    [
        ("EHLO", "Timed out after 1 s waiting for the mail server at {where} to answer EHLO."),
        ("DATA", "Timed out after 1 s waiting for the mail server at {where} to answer DATA."),
    ],
)
def test_a_30_second_stall_times_out_and_is_retried(app, faulty, step, error):
    faulty.sink.faults.stall_at, faulty.sink.faults.stalls = step, 1
    expected = queue(*AGENCIES[:2])
    started = time.monotonic()
    report = mail.send_due()
    assert time.monotonic() - started < 10 * TIMEOUT, "gave up after the timeout"
    assert (report.sent, report.retrying) == (1, 1)
    stalled = rows()[AGENCIES[0]]
    assert stalled.last_error == error.format(where=f"127.0.0.1:{faulty.port}")
    deadline = time.monotonic() + 5
    while faulty.sink.abandoned < 1 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert faulty.sink.abandoned == 1, "the server dropped the stalled message with its client"
    make_due()
    assert mail.send_due().sent == 1
    assert_one_copy_each(faulty.sink, expected)


@pytest.mark.slow
def test_a_slow_acceptance_within_the_data_timeout_is_waited_for(app, faulty):
    """Giving up while the server is still accepting would send it twice (RFC 1047)."""
    app.config["SMTP_DATA_TIMEOUT"] = 5
    faults = faulty.sink.faults
    faults.stall_at, faults.stalls, faults.stall_seconds = "DATA", 1, 2 * TIMEOUT
    expected = queue(AGENCIES[0])
    assert mail.send_due().sent == 1
    assert_one_copy_each(faulty.sink, expected)


def test_no_error_says_run_connect_first(app, faulty):
    """smtplib's "please run connect() first" hid the real error after a drop."""
    faulty.sink.faults.drop_during_data = 3
    queue(*AGENCIES)
    mail.send_due()
    errors = [e.last_error for e in rows().values()]
    assert all("dropped the connection during DATA" in error for error in errors), errors
    assert not any("connect()" in error for error in errors)


@pytest.mark.parametrize(
    "reply, state",
    [
        ("553 5.7.1 <foia@localhost>: Sender address rejected", DeliveryState.RETRYING),
        ("530 5.7.0 Authentication required", DeliveryState.RETRYING),
        ("451 4.4.1 Try again later", DeliveryState.RETRYING),
        ("552 5.3.4 Message size exceeds fixed limit", DeliveryState.FAILED),
    ],
)
def test_a_5xx_about_our_settings_is_retried_and_one_about_the_message_is_not(
    app, faulty, reply, state
):
    """A refused sender address or login fails every message alike: fixing it sends them all."""
    faulty.sink.faults.mail_from_reply = reply
    queue(AGENCIES[0])
    mail.send_due()
    stored = rows()[AGENCIES[0]]
    assert stored.state is state
    assert stored.last_error == (
        f"The mail server at 127.0.0.1:{faulty.port} answered MAIL FROM with {reply}."
    )
