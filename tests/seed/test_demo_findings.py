"""The demo as a new user meets it: the released Lowell document's text is read (the findings quote
it), reading it for findings again suggests none of the five already confirmed, and
the agency's fee estimate says the same amount in the inbox as on the clock ledger."""

import pytest
from sqlalchemy import select

from foia.documents.models import Attachment
from foia.extensions import db
from foia.findings.models import Finding
from foia.inbound.models import InboundEmail
from foia.requests.models import ClockEvent
from foia.seed.demo import LOWELL_FEE_BASIS
from foia.seed.demo_public import DEMO_FILENAME

pytestmark = pytest.mark.slow  # the demo's letters are rendered to PDF


def test_reading_the_demo_document_again_suggests_nothing_already_confirmed(runner):
    assert runner.invoke(args=["seed", "--demo"]).exit_code == 0
    released = db.session.scalars(select(Attachment).filter_by(filename=DEMO_FILENAME)).one()
    assert released.document.extracted_at is not None
    assert "Clearview AI" in released.document.text
    before = sorted((f.kind, f.value, f.review.value) for f in db.session.scalars(select(Finding)))
    assert len(before) == 5 and {review for _, _, review in before} == {"confirmed"}

    result = runner.invoke(args=["findings", "suggest"])
    assert result.exit_code == 0, result.output
    assert "0 new suggestion(s)." in result.output
    db.session.expire_all()
    after = sorted((f.kind, f.value, f.review.value) for f in db.session.scalars(select(Finding)))
    assert after == before
    assert runner.invoke(args=["seed", "--demo"]).exit_code == 0  # and seeding again adds none
    assert db.session.query(Finding).count() == 5


def test_the_demo_fee_estimate_is_the_same_in_the_reply_and_on_the_ledger(runner):
    assert runner.invoke(args=["seed", "--demo"]).exit_code == 0
    estimate = db.session.scalars(select(ClockEvent).filter_by(kind="fee_estimate")).one()
    assert estimate.basis == LOWELL_FEE_BASIS
    reply = db.session.scalars(
        select(InboundEmail).where(InboundEmail.sender.contains("lowellpolice"))
    ).one()
    for words in ("$250.00", "10 hours", "$25 an hour"):
        assert words in reply.body
