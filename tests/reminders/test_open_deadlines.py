"""One definition of an open deadline: reminders, follow-ups and the calendar feed agree on it.

A snapshot's `is_settled` is True, False or unknown (rows written before the fact existed);
unknown counts as open (foia/requests/open_deadlines.py), everywhere.
"""

from sqlalchemy import update

from foia import clock
from foia.extensions import db
from foia.reminders import followups, operations
from foia.requests.models import DeadlineSnapshot
from foia.requests.open_deadlines import is_open
from tests.support.feeds import events, new_feed_url
from tests.support.reminders import make_request


def test_unknown_counts_as_open():
    assert [is_open(value) for value in (None, False, True)] == [True, True, False]


def _request_whose_clocks_are(is_settled, today, owner):
    # 14 business days after receipt, the 10-business-day response (M.G.L. c. 66 § 10(b)) is
    # overdue: every reader shows it, unless it is settled.
    records_request = make_request(today, owner=owner, received_business_days_ago=14)
    db.session.execute(
        update(DeadlineSnapshot)
        .where(DeadlineSnapshot.request_id == records_request.id)
        .values(is_settled=is_settled)
    )
    db.session.commit()
    db.session.expire_all()
    return records_request


def test_reminders_follow_ups_and_the_feed_agree_on_settled_running_and_unknown(
    app, volunteer_client
):
    today = clock.today()
    person = volunteer_client.user
    unknown, running, settled = (
        _request_whose_clocks_are(value, today, person) for value in (None, False, True)
    )
    expected = {unknown.id, running.id}

    in_feed = {
        int(uid.split("-")[1])
        for uid in events(app.test_client(), new_feed_url(volunteer_client))
        if uid.endswith("-response@127.0.0.1")
    }
    reminded = {
        r.request_id
        for r in operations.due_reminders(today)
        if r.clock_kind == "response" and r.kind == "overdue"
    }
    open_clocks = {
        c.request_id for c in operations.load_facts(today).clocks if c.kind == "response"
    }
    followed_up = {
        r.id for r in (unknown, running, settled) if followups.overdue_clock(r, today) is not None
    }

    assert in_feed == reminded == open_clocks == followed_up == expected
