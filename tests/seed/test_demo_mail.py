"""The demo inbox: replies matched, an acknowledgement's number kept, an out-of-office told
apart, one message waiting for a person; seeding again adds nothing."""

import pytest
from sqlalchemy import select

from foia.extensions import db
from foia.inbound.models import InboundEmail
from foia.responses.models import TrackingNumber


@pytest.mark.slow
def test_the_demo_inbox_has_each_kind_of_mail_once(runner):
    for _ in range(2):
        result = runner.invoke(args=["seed", "--demo"])
        assert result.exit_code == 0, result.output
    kept = {m.subject: m for m in db.session.scalars(select(InboundEmail))}
    assert len(kept) == 4
    by_kind = sorted((m.kind, bool(m.request_id), bool(m.communication_id)) for m in kept.values())
    assert by_kind == [
        ("auto_reply", True, False),
        ("auto_reply", True, False),
        ("reply", False, False),
        ("reply", True, True),
    ]
    assert db.session.scalars(select(TrackingNumber.number)).all() == ["P012345-112626"]
