"""Requests show their clocks, explained; events and closures move them, and say so."""

from datetime import date
from html.parser import HTMLParser

from sqlalchemy import func, select

from foia.audit import AuditEvent
from foia.extensions import db
from foia.jurisdictions.models import Closure
from foia.requests import batch, clocks, operations
from foia.requests.models import ClockEvent, DeadlineSnapshot, RecordsRequest
from tests.support.factories import create_agency, create_jurisdiction

TODAY = date(2026, 11, 26)


class RowText(HTMLParser):
    """Collect the text of each <tr data-clock=...> row, by clock kind."""

    def __init__(self):
        super().__init__()
        self.rows, self._kind = {}, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr" and dict(attrs).get("data-clock"):
            self._kind = dict(attrs)["data-clock"]
            self.rows[self._kind] = ""

    def handle_endtag(self, tag):
        if tag == "tr":
            self._kind = None

    def handle_data(self, data):
        if self._kind:
            self.rows[self._kind] += data


def clock_rows(html: str) -> dict[str, str]:
    parser = RowText()
    parser.feed(html)
    return {k: " ".join(v.split()) for k, v in parser.rows.items()}


def filed_request(agency=None, received=date(2026, 11, 24)) -> RecordsRequest:
    agency = agency or create_agency("Worcester Police Department", county="Worcester")
    records_request = operations.create_request(agency, "Face recognition", owner=None, actor=None)
    operations.add_event(records_request, "filed", received, today=TODAY, actor=None)
    operations.add_event(records_request, "received", received, today=TODAY, actor=None)
    db.session.commit()
    return records_request


def snapshot(records_request, kind):
    return db.session.scalar(
        select(DeadlineSnapshot.due_on).filter_by(request_id=records_request.id, kind=kind)
    )


def test_request_page_shows_each_clock_with_its_explanation(lawyer_client):
    records_request = filed_request()
    html = lawyer_client.get(f"/requests/{records_request.id}").get_data(as_text=True)
    rows = clock_rows(html)
    # 10 business days after Tue 24 Nov 2026, Thanksgiving skipped: due Wed 9 Dec 2026.
    assert "Wed 09 Dec 2026" in rows["response"]
    # 25 business days for a municipality: Thanksgiving and Christmas skipped, Thu 31 Dec.
    assert "Thu 31 Dec 2026" in rows["production_limit"]
    assert "Thu 26 Nov 2026: skipped (Thanksgiving Day)" in html
    assert "Wed 9 Dec 2026: day 10" in html
    assert snapshot(records_request, "response") == date(2026, 12, 9)


def test_closure_moves_running_deadlines_and_says_why(admin_client):
    create_jurisdiction()
    records_request = filed_request()
    response = admin_client.post(
        "/admin/closures",
        data={
            "closed_on": "2026-12-08",
            "reason": "snow day",
            "jurisdiction": "US-MA",
        },
    )
    assert response.status_code == 302
    # Tue 8 Dec no longer counts: day 9 is Wed 9 Dec, day 10 is Thu 10 Dec.
    assert snapshot(records_request, "response") == date(2026, 12, 10)
    moved = db.session.scalars(select(AuditEvent).filter_by(action="deadline.moved")).all()
    response_move = next(m for m in moved if m.data["kind"] == "response")
    assert response_move.data["old"] == "2026-12-09" and response_move.data["new"] == "2026-12-10"
    assert "snow day" in response_move.data["reason"]
    page = admin_client.get(f"/requests/{records_request.id}").get_data(as_text=True)
    assert "Tue 8 Dec 2026: skipped (agency closed: snow day)" in page
    assert "moved from Wed 09 Dec 2026 to Thu 10 Dec 2026" in page

    closure = db.session.scalar(select(Closure))
    admin_client.post(f"/admin/closures/{closure.id}/delete")
    assert snapshot(records_request, "response") == date(2026, 12, 9)


def test_closure_of_another_agency_moves_nothing(admin_client):
    records_request = filed_request()
    other = create_agency("Salem Police Department", county="Essex")
    admin_client.post(
        "/admin/closures",
        data={
            "closed_on": "2026-12-08",
            "reason": "burst pipe",
            "agency_id": str(other.id),
        },
    )
    assert snapshot(records_request, "response") == date(2026, 12, 9)


def test_bad_closure_input_changes_nothing(admin_client):
    create_jurisdiction()
    for data in (
        {"closed_on": "2026-12-08", "reason": "x", "jurisdiction": "US-ZZ"},
        {"closed_on": "2026-02-30", "reason": "x", "jurisdiction": "US-MA"},
        {"closed_on": "2026-12-08", "reason": "", "jurisdiction": "US-MA"},
        {"closed_on": "2026-12-08", "reason": "x"},
        {"closed_on": "2026-12-08", "reason": "x", "jurisdiction": "US-MA", "agency_id": "1"},
    ):
        response = admin_client.post("/admin/closures", data=data)
        assert response.status_code == 400, data
    assert db.session.scalar(select(func.count()).select_from(Closure)) == 0


def test_events_out_of_order_are_refused_and_nothing_is_stored(lawyer_client):
    records_request = filed_request()
    before = db.session.scalar(select(func.count()).select_from(ClockEvent))
    response = lawyer_client.post(
        f"/requests/{records_request.id}/events",
        data={
            "kind": "denial",
            "occurred_on": "2026-11-01",
        },
    )
    assert response.status_code == 400
    assert "before" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ClockEvent)) == before


def test_extension_over_the_cap_is_flagged_not_obeyed(app, lawyer_client):
    federal = create_jurisdiction("US", "United States (federal)", "federal")
    agency = create_agency(
        "Federal Bureau of Investigation", jurisdiction=federal, level="federal", county=None
    )
    records_request = filed_request(agency)
    lawyer_client.post(
        f"/requests/{records_request.id}/events",
        data={
            "kind": "extension_claimed",
            "occurred_on": "2026-12-01",
            "days": "30",
            "basis": "voluminous records",
        },
    )
    html = lawyer_client.get(f"/requests/{records_request.id}").get_data(as_text=True)
    assert "exceeds the 10 working-day cap of 5 U.S.C. 552(a)(6)(B)(i)" in html
    # Federal response due Wed 23 Dec 2026; +10 working days skipping Christmas Day and New
    # Year's Day: Thu 24 (1), Mon 28 (2), Tue 29 (3), Wed 30 (4), Thu 31 (5), Mon 4 Jan (6),
    # Tue 5 (7), Wed 6 (8), Thu 7 (9), Fri 8 Jan 2027 (10).
    assert snapshot(records_request, "extended_response") == date(2027, 1, 8)


def test_volunteer_logs_replies_but_cannot_file(volunteer_client):
    agency = create_agency()
    records_request = operations.create_request(agency, "FR", owner=None, actor=None)
    db.session.commit()
    refused = volunteer_client.post(
        f"/requests/{records_request.id}/events",
        data={
            "kind": "filed",
            "occurred_on": "2026-11-24",
        },
    )
    assert refused.status_code == 403
    records_request = filed_request()
    ok = volunteer_client.post(
        f"/requests/{records_request.id}/events",
        data={
            "kind": "acknowledged",
            "occurred_on": "2026-11-25",
        },
    )
    assert ok.status_code == 302
    kinds = [e.kind for e in db.session.get(RecordsRequest, records_request.id).events]
    assert "acknowledged" in kinds


def test_recompute_in_batches_covers_every_open_request(app):
    agency = create_agency()
    requests = [filed_request(agency) for _ in range(3)]
    closed = requests[2]
    from foia import clock

    closed.closed_at = clock.now()
    db.session.add(
        Closure(closed_on=date(2026, 12, 8), reason="storm", jurisdiction=agency.jurisdiction)
    )
    db.session.commit()
    moved = batch.recompute_open_requests("storm", TODAY)
    assert moved >= 2
    assert snapshot(requests[0], "response") == date(2026, 12, 10)
    assert snapshot(closed, "response") == date(2026, 12, 9), "closed requests are left alone"


def test_bulk_recompute_writes_what_one_request_recompute_writes(app):
    agency = create_agency()
    bulk, single = filed_request(agency), filed_request(agency)
    assert bulk.next_due_on == date(2026, 12, 9), "filing keeps the next due date"
    db.session.add(
        Closure(closed_on=date(2026, 12, 8), reason="storm", jurisdiction=agency.jurisdiction)
    )
    db.session.commit()

    moved = batch.recompute_open_requests("storm", TODAY, agencies=[agency.id])
    db.session.commit()
    single_moved = clocks.recompute([single], "storm", TODAY)  # already moved: nothing to do
    db.session.commit()

    assert moved >= 2 and single_moved == 0
    for records_request in (bulk, single):
        result = clocks.deadlines_for(records_request, TODAY)
        assert records_request.next_due_on == clocks.next_due_of(result) == date(2026, 12, 10)
        assert {s.kind: s.due_on for s in records_request.snapshots} == {
            c.kind: c.due_on for c in result.clocks
        }
    summaries = db.session.scalars(
        select(AuditEvent.summary).where(
            AuditEvent.action == "deadline.moved", AuditEvent.object_id == bulk.id
        )
    ).all()
    assert "response deadline moved from Wed 09 Dec 2026 to Thu 10 Dec 2026: storm" in summaries


def test_calculator_page_explains_any_date(volunteer_client):
    page = volunteer_client.get(
        "/deadlines",
        query_string={
            "jurisdiction": "US-MA",
            "county": "Suffolk",
            "agency_level": "municipal",
            "received": "2027-03-16",
        },
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    # Suffolk custodians close on Evacuation Day, Wed 17 Mar 2027.
    assert "Wed 17 Mar 2027: skipped (Evacuation Day (Suffolk County))" in html


def test_calculator_rejects_unknown_county_and_reversed_dates(volunteer_client):
    html = volunteer_client.get(
        "/deadlines",
        query_string={
            "jurisdiction": "US-MA",
            "county": "Atlantis",
            "received": "2026-11-24",
        },
    ).get_data(as_text=True)
    assert "Atlantis" in html and 'class="clocks' not in html
    html = volunteer_client.get(
        "/deadlines",
        query_string={
            "jurisdiction": "US-MA",
            "received": "2026-11-24",
            "responded": "2026-11-01",
        },
    ).get_data(as_text=True)
    assert "The response date is before the date of receipt." in html


def test_medium_confidence_rules_are_marked_verify_before_relying(volunteer_client):
    html = volunteer_client.get(
        "/deadlines",
        query_string={
            "jurisdiction": "US-AL",
            "received": "2026-11-24",
        },
    ).get_data(as_text=True)
    assert "Verify before relying" in html
    html = volunteer_client.get(
        "/deadlines",
        query_string={
            "jurisdiction": "US-MA",
            "received": "2026-11-24",
        },
    ).get_data(as_text=True)
    assert "Verify before relying" not in html
