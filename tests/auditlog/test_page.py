"""The audit log page: admins only, newest first, 50 a page, filters, and clear refusals."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foia.audit import Action
from foia.extensions import db
from foia.requests import operations as requests
from tests.auditlog.helpers import BASE_AT, add_event, add_events
from tests.support.factories import create_agency, create_user
from tests.support.html import Page


def rows(client, **args) -> list[dict[str, str]]:
    response = client.get("/admin/audit", query_string=args)
    assert response.status_code == 200, response.text
    return Page(response.text).table("#audit-events")


def summaries(client, **args) -> list[str]:
    return [row["What"] for row in rows(client, **args)]


@pytest.mark.parametrize("role", ["volunteer", "lawyer"])
@pytest.mark.parametrize("url", ["/admin/audit", "/admin/audit.csv"])
def test_only_admins_may_read_the_log(client_for, role, url):
    add_event(summary="Secret change")
    response = client_for(role).get(url)
    assert response.status_code == 403
    assert "Secret change" not in response.text


@pytest.mark.parametrize("url", ["/admin/audit", "/admin/audit.csv"])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_the_admin_menu_links_the_page_and_the_lawyers_does_not(admin_client, lawyer_client):
    admin_menu = Page(admin_client.get("/").text)
    assert admin_menu.link("Audit log").get("href") == "/admin/audit"
    assert "Audit log" not in Page(lawyer_client.get("/").text).texts("nav[aria-label=Main] a")


def test_newest_first_fifty_a_page(admin_client):
    add_events(120)
    first, third = rows(admin_client), rows(admin_client, page=3)
    assert len(first) == 50
    assert [r["What"] for r in first[:3]] == ["Event 119", "Event 118", "Event 117"]
    assert [r["What"] for r in third] == [f"Event {n}" for n in range(19, -1, -1)]
    caption = Page(admin_client.get("/admin/audit").text).texts("#audit-events caption")
    assert caption == ["Events, newest first (120, page 1 of 3)"]


def test_a_row_names_the_person_the_action_and_the_request(admin_client):
    lawyer = create_user("lawyer", name="Lena Lawyer")
    records_request = requests.create_request(create_agency(), "Logs", owner=None, actor=lawyer)
    db.session.commit()
    [row] = rows(admin_client)
    assert row["Person"] == "Lena Lawyer"
    assert row["Action"] == "Request: created"
    assert row["Request"] == records_request.reference
    assert row["When (America/New_York)"]  # the organisation's time, not UTC


def test_filter_by_person_and_by_nobody(admin_client):
    alice, bob = create_user("lawyer", name="Alice"), create_user("lawyer", name="Bob")
    add_event(user=alice, summary="by Alice")
    add_event(user=bob, summary="by Bob")
    add_event(summary="by cron")
    assert summaries(admin_client, person=alice.id) == ["by Alice"]
    assert summaries(admin_client, person="nobody") == ["by cron"]
    assert len(rows(admin_client)) == 3
    options = Page(admin_client.get("/admin/audit").text).by_label("Person")
    labels = [option.text for option in options.iter() if option.tag.endswith("option")]
    assert "Alice (" + alice.email + ")" in labels


def test_filter_by_request_reference_or_number_includes_its_notes(admin_client):
    from foia.responses import operations as responses

    agency = create_agency()
    mine = requests.create_request(agency, "Mine", owner=None, actor=None)
    other = requests.create_request(agency, "Other", owner=None, actor=None)
    note = responses.add_note(mine, "About mine", is_privileged=False, actor=None)
    add_event(Action.NOTE_PRIVILEGED_READ, note, summary="a note of mine read")
    add_event(Action.AGENCY_UPDATED, agency, summary="the agency")
    db.session.commit()
    by_reference = summaries(admin_client, request_ref=mine.reference)
    assert set(by_reference) == {
        f"Request {mine.reference} to {agency.name} created",
        "Note added",
        "a note of mine read",
    }
    assert set(summaries(admin_client, request_ref=str(mine.id))) == set(by_reference)
    assert set(summaries(admin_client, request_ref=mine.reference.lower())) == set(by_reference)
    assert summaries(admin_client, request_ref=other.reference) == [
        f"Request {other.reference} to {agency.name} created"
    ]


def test_filter_by_action(admin_client):
    add_event(Action.CLOSURE_ADDED, summary="closed")
    add_event(Action.AGENCY_UPDATED, summary="agency")
    assert summaries(admin_client, action="closure.added") == ["closed"]
    select = Page(admin_client.get("/admin/audit").text).by_label("Action")
    labels = [option.text for option in select.iter() if option.tag.endswith("option")]
    assert labels == ["Any action"] + [action.label for action in Action]


def test_filter_by_dates_counts_the_organisations_days(admin_client):
    # 03:00 UTC on 11 March is still 10 March in New York.
    add_event(at=BASE_AT.replace(hour=3), summary="late on the 10th")
    add_event(at=BASE_AT, summary="afternoon of the 11th")
    add_event(at=BASE_AT + timedelta(days=2), summary="the 13th")
    assert summaries(admin_client, date_from="2026-03-11", date_to="2026-03-11") == [
        "afternoon of the 11th"
    ]
    assert summaries(admin_client, date_to="2026-03-10") == ["late on the 10th"]
    assert summaries(admin_client, date_from="2026-03-12") == ["the 13th"]


def test_filters_combine_and_pages_keep_them(admin_client):
    alice = create_user("lawyer", name="Alice")
    add_events(60, user=alice, action=Action.CLOSURE_ADDED)
    add_events(10, user=alice, action=Action.AGENCY_UPDATED)
    page = Page(admin_client.get(f"/admin/audit?person={alice.id}&action=closure.added").text)
    assert page.texts("#audit-events caption") == ["Events, newest first (60, page 1 of 2)"]
    following = page.link("Next").get("href")
    assert f"person={alice.id}" in following and "action=closure.added" in following
    assert len(rows(admin_client, person=alice.id, action="closure.added", page=2)) == 10


@pytest.mark.parametrize(
    ("args", "label", "message"),
    [
        ({"person": "987654"}, "Person", "Choose a person from the list."),
        ({"person": "' OR 1=1 --"}, "Person", "Choose a person from the list."),
        ({"action": "user.hacked"}, "Action", "Choose an action from the list."),
        (
            {"request_ref": "FR-1999-00001"},
            "Request (reference or number)",
            "No request has the reference or number “FR-1999-00001”.",
        ),
        (
            {"request_ref": "9" * 40},
            "Request (reference or number)",
            f"No request has the reference or number “{'9' * 40}”.",
        ),
        (
            {"date_from": "2026-02-30"},
            "From date",
            "Enter a date as year-month-day, e.g. 2026-03-31.",
        ),
        ({"date_to": "0001-01-01"}, "To date", "Enter a date between 1900 and 2999."),
        (
            {"date_from": "2026-03-12", "date_to": "2026-03-11"},
            "To date",
            "The to date is before the from date.",
        ),
    ],
)
@pytest.mark.parametrize("url", ["/admin/audit", "/admin/audit.csv"])
def test_a_bad_filter_is_explained_and_lists_nothing(admin_client, args, label, message, url):
    add_event(summary="should not be listed")
    response = admin_client.get(url, query_string=args)
    assert response.status_code == 400
    page = Page(response.text)
    assert page.error_for(label) == message
    assert page.texts("#filter-errors") == [
        "Some filters cannot be used: correct them below. No events are listed until they are."
    ]
    assert page.all("#audit-events") == []


def test_the_form_keeps_what_was_typed(admin_client):
    page = Page(admin_client.get("/admin/audit?request_ref=FR-nope&date_from=2026-03-01").text)
    assert page.by_label("Request (reference or number)").get("value") == "FR-nope"
    assert page.by_label("From date").get("value") == "2026-03-01"


FILTER_NAMES = ("person", "request_ref", "action", "date_from", "date_to", "page")


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    args=st.dictionaries(
        st.sampled_from(FILTER_NAMES),
        st.one_of(
            st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
            st.integers(min_value=-(2**70), max_value=2**70).map(str),
            st.dates().map(date.isoformat),
            st.sampled_from(["nobody", "closure.added", "FR-2026-00001", "1"]),
        ),
        max_size=len(FILTER_NAMES),
    ),
    csv=st.booleans(),
)
def test_any_query_string_gets_the_page_or_a_clear_refusal(app, admin_client, args, csv):
    response = admin_client.get("/admin/audit.csv" if csv else "/admin/audit", query_string=args)
    body = response.get_data(as_text=True)
    assert response.status_code in (200, 400), (args, response.status_code)
    if response.status_code == 400:
        assert Page(body).texts("#filter-errors"), args
    db.session.rollback()
