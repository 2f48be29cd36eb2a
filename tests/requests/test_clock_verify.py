"""Clocks across a disputed day show a "verify" badge and note; every clock kind has a label."""

from datetime import date

from foia.deadlines import CLOCK_KINDS
from foia.extensions import db
from foia.reminders.selection import CLOCK_LABELS
from foia.requests import operations
from tests.support.factories import create_agency, create_jurisdiction
from tests.support.html import Page, text_of

TODAY = date(2026, 11, 2)
# US-PA.toml: Election Day (Tue 3 Nov 2026) is disputed for municipal agencies. Response, 5
# business days after Fri 30 Oct 2026: M2 d1, T3 counted closed, W4 d2 Th5 d3 F6 d4, M9 d5.


def pennsylvania_request():
    state = create_jurisdiction("US-PA", "Pennsylvania")
    agency = create_agency("Pittsburgh Bureau of Police", jurisdiction=state, county=None)
    records_request = operations.create_request(agency, "Face recognition", owner=None, actor=None)
    operations.add_event(records_request, "filed", date(2026, 10, 30), today=TODAY, actor=None)
    operations.add_event(records_request, "received", date(2026, 10, 30), today=TODAY, actor=None)
    db.session.commit()
    return records_request


def response_row(html: str):
    page = Page(html)
    return page, page.one('table.clocks tr[data-clock="response"]')


def check_verified_response(html: str) -> None:
    page, row = response_row(html)
    assert "Mon 09 Nov 2026" in text_of(row)
    badge = [e for e in row.iter() if "verify" in (e.get("class") or "").split()]
    assert [text_of(e) for e in badge] == ["verify"]
    notes = page.texts('table.clocks tr[data-clock="response"] .verify-note')
    assert len(notes) == 1
    assert notes[0].startswith(
        "Verify: Tue 3 Nov 2026 (Election Day (local agencies)) is disputed."
    )
    assert "counted as a business day it would be Fri 6 Nov 2026." in notes[0]


def test_request_page_marks_a_clock_across_a_disputed_day(lawyer_client):
    records_request = pennsylvania_request()
    html = lawyer_client.get(f"/requests/{records_request.id}").get_data(as_text=True)
    check_verified_response(html)


def test_calculator_page_marks_a_clock_across_a_disputed_day(volunteer_client):
    response = volunteer_client.get(
        "/deadlines",
        query_string={
            "jurisdiction": "US-PA",
            "received": "2026-10-30",
            "agency_level": "municipal",
        },
    )
    assert response.status_code == 200
    check_verified_response(response.get_data(as_text=True))


def test_a_clock_without_a_disputed_day_has_no_badge(volunteer_client):
    response = volunteer_client.get(
        "/deadlines", query_string={"jurisdiction": "US-PA", "received": "2026-09-01"}
    )
    page, row = response_row(response.get_data(as_text=True))
    # W2 d1 Th3 d2 F4 d3, M7 Labor Day, T8 d4 W9 d5; no disputed day in any clock's count.
    assert "Wed 09 Sep 2026" in text_of(row)
    assert page.all("table.clocks .verify") == []
    assert page.all("table.clocks .verify-note") == []


def test_every_clock_kind_has_a_label_on_pages_and_in_reminders(app):
    source = app.jinja_env.loader.get_source(app.jinja_env, "_macros/clocks.html")[0]
    macros = app.jinja_env.get_template("_macros/clocks.html").module
    for kind in CLOCK_KINDS:
        assert kind in CLOCK_LABELS, kind
        assert f"'{kind}':" in source, kind  # a written label, not the fallback
        assert "_" not in str(macros.clock_name(kind)), kind
