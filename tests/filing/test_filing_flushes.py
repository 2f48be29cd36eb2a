"""Filing a campaign by email flushes the session once per request, and still files it whole.

The worker's time went to SQLAlchemy's unit of work (bench/RESULTS.md, #18): each flush sorts
and visits every changed object. Recording a request's filing is one flush (the message, the
letter as sent, both ledger events, the deadlines, the audit), and queueing a batch's emails one
more (the emails, their PDFs, the requests' channel); 8 flushes per request before.
"""

from datetime import date

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from foia.campaigns import jobs
from foia.campaigns import operations as campaigns
from foia.extensions import db
from foia.filing import operations as filing

TODAY = date(2026, 11, 2)


@pytest.fixture
def flushes():
    """Count the flushes that had something to write."""
    counted = []

    def count(session, flush_context, instances):
        counted.append(1)

    event.listen(Session, "before_flush", count)
    yield counted
    event.remove(Session, "before_flush", count)


@pytest.mark.slow
def test_a_campaign_filed_by_email_flushes_once_per_request(generated, smtp_server, flushes):
    requests = campaigns.campaign_requests(generated)
    db.session.commit()
    flushes.clear()
    outcomes = jobs.file_by_email(generated.id, today=TODAY)
    assert [o.is_filed for o in outcomes] == [True] * len(requests)
    assert len(flushes) == len(requests) + 1  # one batch: BATCH is 25
    db.session.expire_all()
    for records_request in requests:
        assert filing.is_filed(records_request)
        assert [e.kind for e in records_request.events] == ["filed", "received"]
        assert records_request.filing_channel == "email"
        assert records_request.decisive_kind == "filed"  # a receipt never outranks it
        assert records_request.next_due_on is not None
        assert {s.kind for s in records_request.snapshots} >= {"response"}
        (communication,) = records_request.communications
        assert communication.outbound_email_id is not None
        assert records_request.filing_claimed_until is None
    assert len(smtp_server.messages) == len(requests)
