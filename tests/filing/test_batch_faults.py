"""A campaign filed over one SMTP connection: what one message meets spoils none of the others.

The worker (foia.filing.batch) sends a whole batch over one connection and commits each
message's outcome with its filing and the claim of the next request. Reusing the connection
opens failure windows a connection per message did not have: a 451 or a 550 to one message
leaves the connection in the middle of a transaction, a connection dropped mid-batch or closed
by the server after its 250 must not take the following messages with it. Each test checks
what filing guarantees: every request filed at most once, with its events and its message
received once, the refused or deferred ones not filed with the server's words, nothing left
claimed, and a second run sending only what did not go.
"""

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from foia import mail
from foia.campaigns import jobs
from foia.campaigns import operations as campaigns
from foia.extensions import db
from foia.filing import operations as filing
from foia.mail import OutboundEmail
from foia.requests.models import ClockEvent, Communication, RecordsRequest

TODAY = date(2026, 11, 2)


def _file(campaign, on_item=lambda outcome: None) -> list:
    """Run the campaign worker in this process; return the outcomes in request order."""
    outcomes = jobs.file_by_email(campaign.id, today=TODAY, on_item=on_item)
    db.session.expire_all()
    return outcomes


def _after(count: int, act):
    """Return an on_item callback that calls `act()` once `count` outcomes have come."""
    seen = []

    def on_item(outcome) -> None:
        seen.append(outcome)
        if len(seen) == count:
            act()

    return on_item


def _check_guarantees(faulty, requests) -> None:
    """Each request filed at most once, exactly when its message was received once; no claim."""
    received = Counter(m["Message-ID"] for m in faulty.sink.messages)
    for records_request in requests:
        filed = db.session.scalar(
            select(func.count()).where(
                ClockEvent.request_id == records_request.id, ClockEvent.kind == "filed"
            )
        )
        sent = db.session.scalars(
            select(OutboundEmail).filter_by(request_id=records_request.id)
        ).all()
        assert len(sent) == 1, records_request.reference  # queued once
        email = sent[0]
        assert received[email.message_id] == (1 if email.is_sent else 0)
        assert filed == (1 if email.is_sent else 0), records_request.reference
        assert email.claimed_until is None
    assert sum(received.values()) == len(received), "no message twice"
    assert (
        db.session.scalar(
            select(func.count()).where(RecordsRequest.filing_claimed_until.is_not(None))
        )
        == 0
    )


@pytest.mark.slow
def test_a_451_and_a_550_in_a_batch_spoil_nothing_else_and_keep_the_connection(generated, faulty):
    requests = campaigns.campaign_requests(generated)
    refused = requests[2]
    faulty.sink.faults.temporary_failures = 1  # the first message's DATA
    faulty.sink.faults.unknown_recipients = {refused.agency.email}

    outcomes = _file(generated)

    assert [o.is_filed for o in outcomes] == [False, True, False, True, True]
    assert "Not sent yet, will be retried" in outcomes[0].error and "451" in outcomes[0].error
    assert "Refused for good" in outcomes[2].error and "550 5.1.1" in outcomes[2].error
    assert faulty.sink.connections == 1, "the batch went over one connection"
    _check_guarantees(faulty, requests)
    # The server's acceptance is the proof of delivery of each filed request.
    proof = db.session.scalar(
        select(Communication.delivery_proof).filter_by(request_id=requests[1].id)
    )
    assert proof.endswith(": 250 Message accepted")

    again = {o.request_id: o for o in _file(generated)}
    assert {i: o.is_filed for i, o in again.items()} == {requests[0].id: True, refused.id: False}
    assert again[refused.id].error.endswith(
        "Correct the agency's email address, then send it again."
    )
    assert filing.is_filed(requests[0]) and not filing.is_filed(refused)
    _check_guarantees(faulty, requests)
    assert len(faulty.sink.messages) == 4


@pytest.mark.slow
def test_a_connection_dropped_mid_batch_loses_and_repeats_nothing(generated, faulty):
    requests = campaigns.campaign_requests(generated)

    def drop_next() -> None:
        faulty.sink.faults.drop_during_data = 1

    outcomes = _file(generated, _after(2, drop_next))

    assert [o.is_filed for o in outcomes] == [True, True, False, True, True]
    assert "dropped the connection during DATA, before accepting" in outcomes[2].error
    assert faulty.sink.connections == 2, "the rest went over a new connection"
    _check_guarantees(faulty, requests)

    again = _file(generated)
    assert [(o.request_id, o.is_filed) for o in again] == [(requests[2].id, True)]
    _check_guarantees(faulty, requests)
    assert len(faulty.sink.messages) == 5


@pytest.mark.slow
def test_a_hang_up_after_the_250_mid_batch_counts_as_sent_and_the_rest_go_on(generated, faulty):
    requests = campaigns.campaign_requests(generated)

    def hang_up_after_next() -> None:
        faulty.sink.faults.hang_up_after_accept = 1

    outcomes = _file(generated, _after(1, hang_up_after_next))

    assert [o.is_filed for o in outcomes] == [True] * 5
    assert faulty.sink.connections == 2
    _check_guarantees(faulty, requests)
    assert len(faulty.sink.messages) == 5


@pytest.mark.slow
def test_an_email_another_sender_sent_is_recorded_as_the_filing_without_sending_it_again(
    generated, faulty
):
    requests = campaigns.campaign_requests(generated)
    faulty.stop()  # the first run queues every email and can send none
    assert [o.is_filed for o in _file(generated)] == [False] * 5
    faulty.start()
    first = db.session.scalar(select(OutboundEmail).filter_by(request_id=requests[0].id))
    assert mail.send_one(first.id)  # `flask mail send` (cron) sends one of them meanwhile

    outcomes = _file(generated)

    assert [o.is_filed for o in outcomes] == [True] * 5
    _check_guarantees(faulty, requests)
    assert len(faulty.sink.messages) == 5
    proof = db.session.scalar(
        select(Communication.delivery_proof).filter_by(request_id=requests[0].id)
    )
    assert proof.startswith("Accepted by the SMTP server")
