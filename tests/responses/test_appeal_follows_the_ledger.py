"""A denial recorded through per-category outcomes opens the appeal window, and the drafted
appeal follows the ledger, signed and dated (issue #16 §2)."""

from sqlalchemy import select

from foia import clock
from foia.deadlines.kinds import ClockKind, EventKind
from foia.extensions import db
from foia.letters.context import long_date
from foia.requests import clocks
from foia.requests import operations as requests
from foia.responses.models import Appeal
from tests.support.factories import create_user
from tests.support.letters import set_up_organisation
from tests.support.responses import filed_request, recent_monday

PARTLY = {
    "outcome_0": "produced",
    "exemption_0": "",
    "exemption_text_0": "",
    "outcome_1": "withheld",
    "exemption_1": "26f",
    "exemption_text_1": "",
    "outcome_2": "pending",
}


def _appeal_clock(records_request):
    deadlines = clocks.deadlines_for(records_request, clock.today())
    return deadlines.clock(ClockKind.APPEAL) if deadlines else None


def test_a_partial_denial_coded_by_category_opens_the_appeal_window(app, volunteer_client):
    # Filed today: the response deadline has not passed, so no window is open yet.
    records_request = filed_request(clock.today())
    assert _appeal_clock(records_request) is None
    response = volunteer_client.post(f"/requests/{records_request.id}/outcomes", data=PARTLY)
    assert response.status_code == 302
    db.session.expire_all()
    kinds = [e.kind for e in records_request.events]
    assert kinds == [EventKind.FILED, EventKind.PARTIAL_RELEASE]
    window = _appeal_clock(records_request)
    # M.G.L. c.66 §10A(a) and 950 CMR 32.08(1): 90 calendar days from the response, coded today.
    assert window is not None and window.state == "running"
    assert (window.due_on - clock.today()).days == 90
    # What the dashboard's "appeal windows closing" reads.
    assert records_request.appeal_due_on == window.due_on


def test_a_full_denial_coded_by_category_is_a_denial_and_recoding_adds_nothing(
    app, volunteer_client
):
    records_request = filed_request(recent_monday(clock.today()))
    withheld = {
        f"{field}_{i}": value
        for i in range(3)
        for field, value in (("outcome", "withheld"), ("exemption", "26f"), ("exemption_text", ""))
    }
    volunteer_client.post(f"/requests/{records_request.id}/outcomes", data=withheld)
    volunteer_client.post(
        f"/requests/{records_request.id}/outcomes", data={**withheld, "exemption_0": "26c"}
    )
    db.session.expire_all()
    assert [e.kind for e in records_request.events] == [EventKind.FILED, EventKind.DENIAL]
    assert records_request.status == "denied"


def test_the_appeal_lists_the_ledgers_denial_and_is_signed_and_dated(app, volunteer_client):
    lawyer = create_user("lawyer", name="Lee")
    set_up_organisation(lawyer)
    filed_on = recent_monday(clock.today())
    records_request = filed_request(filed_on)
    records_request.owner = lawyer
    # A denial entered on the ledger by hand: no message was logged.
    requests.add_event(
        records_request, EventKind.DENIAL, clock.today(), today=clock.today(), actor=None
    )
    db.session.commit()
    assert volunteer_client.post(f"/requests/{records_request.id}/appeals").status_code == 302
    body = db.session.scalars(select(Appeal)).one().body
    assert body.startswith(long_date(clock.today()) + "\n")
    assert "because the agency denied the request" in body
    assert "The agency has sent no response." not in body
    assert "The agency's responses:" in body and ": Denial" in body
    assert body.endswith(
        "Sincerely,\n\nLee Lawyer\nStaff Attorney\nDigital Rights Clinic\n12 Court Street\n"
        "Boston, MA 02108\n617-555-0100\nrecords@clinic.example.org"
    )
