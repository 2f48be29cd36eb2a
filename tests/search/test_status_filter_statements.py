"""The search's Request status filter: the statuses the ledgers give, without loading every request.

The filter reads the status from the columns each request row keeps (decisive_kind and its
flags), and reads whole ledgers only of requests whose decisive event is an appeal decision.
"""

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from foia import clock
from foia.db import utcnow
from foia.extensions import db
from foia.requests import operations
from foia.requests.models import ClockEvent, Communication, RecordsRequest
from foia.requests.status import STATUSES
from tests.support.factories import create_agency
from tests.support.html import page
from tests.support.reminders import make_request
from tests.support.statements import statements_sent

#: Ledgers after "filed" and "received", as (kind, days after the receipt); each gives a status.
LEDGERS = [
    [],
    [("acknowledged", 2)],
    [("clarification_requested", 2)],
    [("clarification_requested", 2), ("clarification_answered", 5)],
    [("fee_estimate", 3)],
    [("fee_estimate", 3), ("fee_paid", 6)],
    [("fee_estimate", 3), ("fee_waived", 6)],
    [("partial_release", 8)],
    [("final_response", 9)],
    [("denial", 9)],
    [("no_records", 9)],
    [("denial", 9), ("appeal_filed", 15)],
    # After an appeal decision the whole ledger decides: denied, partly released, fulfilled.
    [("denial", 9), ("appeal_filed", 15), ("appeal_decided", 40)],
    [("partial_release", 8), ("appeal_filed", 15), ("appeal_decided", 40)],
    [("denial", 9), ("appeal_filed", 15), ("appeal_decided", 40), ("final_response", 50)],
    [("acknowledged", 2), ("withdrawn", 4)],
    [("denial", 9), ("appeal_filed", 15), ("appeal_decided", 40), ("withdrawn", 45)],
]


def _requests(owner, count: int = 1) -> list[RecordsRequest]:
    """Make `count` requests of each ledger and flag, each with a message saying "clearview"."""
    start = clock.today() - timedelta(days=200)
    name = f"Quarry Hill Police {uuid.uuid4().hex[:6]}"
    agency = create_agency(name, email="records@quarry.example.org")
    made = []
    for _ in range(count):
        for steps in LEDGERS:
            extra = [(kind, start + timedelta(days=days)) for kind, days in steps]
            made.append(
                make_request(
                    start, owner=owner, agency=agency, received_business_days_ago=0, extra=extra
                )
            )
        # In litigation, with and without an appeal decision.
        for steps in LEDGERS[9:10] + LEDGERS[12:13]:
            extra = [(kind, start + timedelta(days=days)) for kind, days in steps]
            sued = make_request(
                start, owner=owner, agency=agency, received_business_days_ago=0, extra=extra
            )
            sued.is_in_litigation = True
            made.append(sued)
        # An extension, which takes a number of days.
        extended = make_request(start, owner=owner, agency=agency, received_business_days_ago=0)
        on = start + timedelta(days=8)
        operations.add_event(
            extended, "extension_claimed", on, today=clock.today(), actor=None, days=10
        )
        made.append(extended)
        # A final response removed from the ledger: filed again.
        removed = make_request(
            start,
            owner=owner,
            agency=agency,
            received_business_days_ago=0,
            extra=[("final_response", start + timedelta(days=9))],
        )
        [final] = [e for e in removed.events if e.kind == "final_response"]
        operations.remove_event(final, reason="Misfiled", today=clock.today(), actor=None)
        made.append(removed)
        # Never filed: a draft, an approved one, and one in litigation.
        for approved, litigation in ((False, False), (True, False), (False, True)):
            unfiled = operations.create_request(agency, "Unfiled", owner=owner, actor=None)
            unfiled.approved_at = utcnow() if approved else None
            unfiled.is_in_litigation = litigation
            made.append(unfiled)
    for records_request in made:
        db.session.add(
            Communication(
                records_request=records_request,
                direction="in",
                channel="email",
                occurred_on=start,
                subject=f"About {records_request.reference}",
                body="Our Clearview AI trial ended.",
                sender="rao@town.gov",
            )
        )
    db.session.commit()
    return made


def _references(client, status: str) -> set[str]:
    shown = page(client.get(f"/search?q=clearview&status={status}"))
    return {text.removeprefix("About ") for text in shown.texts(".hit h3")}


def _slow_statuses(made: list[RecordsRequest]) -> dict[str, str]:
    """Return each request's status derived the slow way: its whole ledger, loaded."""
    db.session.expire_all()
    return {r.reference: r.status for r in made}


def test_the_filter_finds_what_each_whole_ledger_gives(volunteer_client):
    made = _requests(volunteer_client.user)
    slow = _slow_statuses(made)
    assert set(slow.values()) == set(STATUSES)  # every status is tried

    for status in STATUSES:
        expected = {reference for reference, derived in slow.items() if derived == status}
        assert _references(volunteer_client, status) == expected, status


def _loaded_and_sent(client, url: str) -> tuple[int, int]:
    """Return the request and event rows a page view loads as objects, and its statements."""
    client.get(url)  # warm: the first view may load what later ones reuse
    loaded = []

    def on_load(_session, instance):
        loaded.append(instance)

    event.listen(Session, "loaded_as_persistent", on_load)
    try:
        with statements_sent() as sent:
            assert client.get(url).status_code == 200
    finally:
        event.remove(Session, "loaded_as_persistent", on_load)
    ledger_rows = [o for o in loaded if isinstance(o, (RecordsRequest, ClockEvent))]
    return len(ledger_rows), len(sent)


@pytest.mark.parametrize("status", ["denied", "filed", "draft"])
def test_no_request_is_loaded_and_statements_do_not_grow_with_requests(volunteer_client, status):
    _requests(volunteer_client.user)
    url = f"/search?q=clearview&status={status}"
    loaded, few = _loaded_and_sent(volunteer_client, url)
    assert loaded == 0

    _requests(volunteer_client.user, count=2)
    loaded, many = _loaded_and_sent(volunteer_client, url)
    assert loaded == 0
    assert many == few
