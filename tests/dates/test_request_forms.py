"""Every date a person types on a request's pages: refused with the reason when out of range,
nothing stored on refusal, never a server error (issue #13 §3)."""

import io
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from foia import clock, dates
from foia.extensions import db
from foia.requests import operations
from foia.requests.models import RecordsRequest
from foia.responses.models import Appeal
from tests.dates.helpers import FUZZ, allowed, as_date, check, date_texts, picture
from tests.support.factories import create_agency, create_jurisdiction
from tests.support.html import page
from tests.support.responses import filed_request, recent_monday, text_pdf

RESPONSE_KINDS = ["acknowledgement", "extension", "final_response", "denial", "other"]


def the_request(title: str = "Dates") -> RecordsRequest:
    """Return the one request a test's examples share, filed six weeks ago."""
    # Hypothesis runs every example of a test in one database: make the request once.
    found = db.session.scalar(select(RecordsRequest).filter_by(title=title))
    return found or filed_request(recent_monday(clock.today(), weeks_back=6), title=title)


def _limit_of(kind: str) -> dates.Limit:
    return dates.RECEIVED if kind == "received" else dates.PAST


@pytest.mark.slow
@FUZZ
@given(
    kind=st.sampled_from(["received", "acknowledged", "final_response", "denial"]), on=date_texts()
)
def test_ledger_event_dates(lawyer_client, kind, on):
    records_request = the_request()
    before = picture()
    response = lawyer_client.post(
        f"/requests/{records_request.id}/events", data={"kind": kind, "occurred_on": on}
    )
    assert response.status_code in (302, 400)
    shown = (
        " ".join(page(response).texts("#occurred_on-error")) if response.status_code == 400 else ""
    )
    check(on, _limit_of(kind), accepted=response.status_code == 302, before=before, shown=shown)


def test_a_received_event_may_be_a_year_ahead_and_no_more(lawyer_client):
    records_request = the_request()
    last = dates.latest(dates.RECEIVED, clock.today())

    late = lawyer_client.post(
        f"/requests/{records_request.id}/events",
        data={"kind": "received", "occurred_on": (last + timedelta(days=1)).isoformat()},
    )
    in_time = lawyer_client.post(
        f"/requests/{records_request.id}/events",
        data={"kind": "received", "occurred_on": last.isoformat()},
    )

    assert late.status_code == 400
    assert page(late).texts("#occurred_on-error") == [
        f"The date of receipt cannot be more than a year ahead (after {dates.long_date(last)})."
    ]
    assert in_time.status_code == 302


def test_any_other_event_after_today_or_before_2000_is_refused(lawyer_client):
    records_request = the_request()
    tomorrow = clock.today() + timedelta(days=1)
    for on, message in (
        (tomorrow, f"The date cannot be after today ({dates.long_date(clock.today())})."),
        (dates.EARLIEST - timedelta(days=1), "The date cannot be before 1 January 2000."),
    ):
        response = lawyer_client.post(
            f"/requests/{records_request.id}/events",
            data={"kind": "acknowledged", "occurred_on": on.isoformat()},
        )
        assert response.status_code == 400
        assert page(response).texts("#occurred_on-error") == [message]


def _log(client, records_request, received_on: str, kind: str = "final_response"):
    return client.post(
        f"/requests/{records_request.id}/responses/new",
        data={
            "received_on": received_on,
            "channel": "mail",
            "kind": kind,
            "extension_days": "10",
            "summary": "A reply.",
            "attachments": [(io.BytesIO(b"%PDF-1.4 tiny"), "reply.pdf")],
        },
        content_type="multipart/form-data",
    )


@pytest.mark.slow
@FUZZ
@given(kind=st.sampled_from(RESPONSE_KINDS), received_on=date_texts())
def test_response_dates(volunteer_client, kind, received_on):
    records_request = the_request()
    before = picture()
    response = _log(volunteer_client, records_request, received_on, kind)
    assert response.status_code in (302, 400)
    shown = " ".join(page(response).texts("#received_on-error"))
    check(received_on, dates.PAST, accepted=response.status_code == 302, before=before, shown=shown)


def test_a_response_dated_9999_12_31_is_refused_and_nothing_is_kept(volunteer_client):
    records_request = the_request()
    before = picture()

    response = _log(volunteer_client, records_request, "9999-12-31")

    assert response.status_code == 400
    assert page(response).error_for("Date received") == (
        f"The date cannot be after today ({dates.long_date(clock.today())})."
    )
    assert picture() == before
    assert volunteer_client.get("/dashboard/agencies").status_code == 200
    assert volunteer_client.get("/dashboard/agencies.csv").status_code == 200


@pytest.mark.slow
@FUZZ
@given(
    fee_kind=st.sampled_from(["estimate", "invoice", "payment", "waiver_granted"]),
    fee_on=date_texts(),
)
def test_fee_dates(volunteer_client, fee_kind, fee_on):
    records_request = the_request()
    before = picture()
    response = volunteer_client.post(
        f"/requests/{records_request.id}/fees",
        data={"fee_kind": fee_kind, "fee_on": fee_on, "amount": "12.50"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    check(
        fee_on,
        dates.PAST,
        accepted=picture() != before,
        before=before,
        shown=" ".join(page(response).flashes()),
    )


def _reviewed_appeal(lawyer_client) -> Appeal:
    """Return the test's reviewed appeal against a denial, drafting it the first time."""
    found = db.session.scalar(select(Appeal))
    if found is not None:
        return found
    records_request = the_request("Denied")
    _log(lawyer_client, records_request, clock.today().isoformat(), "denial")
    lawyer_client.post(f"/requests/{records_request.id}/appeals")
    appeal = db.session.scalars(select(Appeal)).one()
    lawyer_client.post(f"/appeals/{appeal.id}/review")
    lawyer_client.get(f"/appeals/{appeal.id}")  # shows (and so clears) the setup's messages
    return appeal


@pytest.mark.slow
@FUZZ
@given(filed_on=date_texts())
def test_appeal_filing_dates(lawyer_client, filed_on):
    appeal = _reviewed_appeal(lawyer_client)
    before = picture()
    response = lawyer_client.post(
        f"/appeals/{appeal.id}/file",
        data={"filed_on": filed_on, "channel": "email"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    check(
        filed_on,
        dates.PAST,
        accepted=picture() != before,
        before=before,
        shown=" ".join(page(response).flashes()),
    )


def test_an_appeal_filed_tomorrow_is_refused_with_the_reason(lawyer_client):
    appeal = _reviewed_appeal(lawyer_client)
    tomorrow = clock.today() + timedelta(days=1)

    response = lawyer_client.post(
        f"/appeals/{appeal.id}/file",
        data={"filed_on": tomorrow.isoformat(), "channel": "email"},
        follow_redirects=True,
    )

    assert page(response).flashes() == [
        "The appeal could not be filed: Filed on: The date cannot be after today"
        f" ({dates.long_date(clock.today())})."
    ]
    db.session.refresh(appeal)
    assert appeal.state != "filed"


@pytest.mark.slow
@FUZZ
@given(closed_on=date_texts())
def test_closure_dates(admin_client, closed_on):
    create_jurisdiction()
    before = picture()
    response = admin_client.post(
        "/admin/closures",
        data={"closed_on": closed_on, "reason": "Storm", "jurisdiction": "US-MA"},
    )
    assert response.status_code in (302, 400)
    shown = " ".join(page(response).texts("#closed_on-error"))
    check(
        closed_on,
        dates.HYPOTHETICAL,
        accepted=response.status_code == 302,
        before=before,
        shown=shown,
    )


@pytest.mark.slow
@FUZZ
@given(
    jurisdiction=st.sampled_from(["US", "US-MA", "US-NY", "US-TX"]),
    received=date_texts(),
    responded=st.one_of(st.just(""), date_texts()),
)
def test_deadline_calculator_dates(volunteer_client, jurisdiction, received, responded):
    response = volunteer_client.get(
        "/deadlines",
        query_string={"jurisdiction": jurisdiction, "received": received, "responded": responded},
    )
    assert response.status_code == 200
    shown = page(response)
    computed = bool(shown.all("#result-heading"))
    for field, text in (("received", received), ("responded", responded)):
        day = as_date(text)
        if day is not None and not allowed(text, dates.HYPOTHETICAL):
            assert not computed
            reason = dates.problem(day, clock.today(), dates.HYPOTHETICAL)
            assert reason and reason in " ".join(shown.texts(f"#{field}-error"))
    if computed:
        assert allowed(received, dates.HYPOTHETICAL)


def test_the_calculator_takes_a_date_ten_years_ahead_and_refuses_the_day_after(volunteer_client):
    last = dates.latest(dates.HYPOTHETICAL, clock.today())

    ahead = page(volunteer_client.get(f"/deadlines?jurisdiction=US&received={last}"))
    beyond = volunteer_client.get(f"/deadlines?jurisdiction=US&received={last + timedelta(days=1)}")
    overflow = volunteer_client.get("/deadlines?jurisdiction=US&received=9999-12-30")

    assert ahead.all("#result-heading")
    for response in (beyond, overflow):
        assert response.status_code == 200
        assert (
            page(response)
            .error_for("Received by the agency")
            .startswith("The date cannot be more than ten years ahead")
        )


@pytest.mark.slow
@FUZZ
@given(date_from=date_texts(), date_to=date_texts())
def test_search_and_request_list_date_filters(volunteer_client, date_from, date_to):
    the_request()
    search = volunteer_client.get(
        "/search", query_string={"q": "records", "date_from": date_from, "date_to": date_to}
    )
    listing = volunteer_client.get(
        "/requests", query_string={"due_from": date_from, "due_to": date_to}
    )
    assert search.status_code in (200, 400)
    assert listing.status_code == 200


def test_an_agency_in_another_state_refuses_the_same_way(lawyer_client):
    # The bounds are the app's, not a jurisdiction's: a federal request refuses alike.
    us = create_jurisdiction("US", "United States", "federal")
    agency = create_agency("Federal Bureau of Investigation", us, "federal", None, kind="other")
    records_request = operations.create_request(agency, "FBI", owner=None, actor=None)
    db.session.commit()
    response = lawyer_client.post(
        f"/requests/{records_request.id}/events",
        data={"kind": "filed", "occurred_on": "1999-12-31"},
    )
    assert response.status_code == 400
    assert page(response).texts("#occurred_on-error") == [
        "The date cannot be before 1 January 2000."
    ]
    assert records_request.events == []


def test_the_log_page_with_a_pdf_still_works_for_todays_date(volunteer_client):
    records_request = the_request()
    response = volunteer_client.post(
        f"/requests/{records_request.id}/responses/new",
        data={
            "received_on": clock.today().isoformat(),
            "channel": "email",
            "kind": "acknowledgement",
            "attachments": [(io.BytesIO(text_pdf("Acknowledged")), "ack.pdf")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
