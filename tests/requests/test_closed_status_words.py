"""A closed request's header says it is closed: the status words of an open one ("Filed:
waiting for the agency") contradicted the Closed line just below them."""

from foia import clock
from foia.extensions import db
from foia.requests import operations
from tests.support.factories import create_user, login_as
from tests.support.html import page
from tests.support.reminders import make_request


def _status(client, records_request) -> str:
    shown = page(client.get(f"/requests/{records_request.id}"))
    facts = dict(
        zip(shown.texts(".request-header dt"), shown.texts(".request-header dd"), strict=True)
    )
    return facts["Status"]


def test_the_status_of_a_closed_request_says_closed_and_reopening_brings_its_words_back(app):
    lawyer = create_user("lawyer", name="Lee Lawyer")
    client = login_as(app.test_client(), lawyer)
    records_request = make_request(clock.today(), owner=lawyer, received_business_days_ago=30)
    assert _status(client, records_request) == "filed Filed: waiting for the agency"

    operations.close_request(records_request, "no_longer_needed", today=clock.today(), actor=lawyer)
    db.session.commit()
    status = _status(client, records_request)
    assert status.startswith("closed Closed by us")
    assert "waiting for the agency" not in status
    assert status.endswith("(its status then: filed)")

    operations.reopen_request(
        records_request, reason="By mistake.", today=clock.today(), actor=lawyer
    )
    db.session.commit()
    assert _status(client, records_request) == "filed Filed: waiting for the agency"


def test_the_request_list_and_the_agency_page_show_a_closed_request_as_closed(app):
    lawyer = create_user("lawyer", name="Lee Lawyer")
    client = login_as(app.test_client(), lawyer)
    records_request = make_request(clock.today(), owner=lawyer, received_business_days_ago=30)
    operations.close_request(records_request, "no_longer_needed", today=clock.today(), actor=lawyer)
    db.session.commit()

    row = page(client.get("/requests")).table()[0]
    assert row["Status"] == "filed closed"
    assert row["Next deadline"] == "none: closed"  # not its old date marked overdue
    agency = page(client.get(f"/agencies/{records_request.agency_id}"))
    status = agency.table("#agency-requests-heading ~ table")[0]["Status"]
    assert status == "Closed by us (its status then: filed)"
