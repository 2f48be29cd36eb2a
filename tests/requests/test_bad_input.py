"""Whatever people type into ledger and closure forms: a clear answer, escaped, never half-kept."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from foia.extensions import db
from foia.jurisdictions.models import Closure
from foia.requests import operations
from foia.requests.models import ClockEvent
from tests.support.factories import create_agency, create_jurisdiction

TODAY = date(2026, 11, 26)
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

dates = st.one_of(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)).map(date.isoformat),
    st.text(max_size=12),
)


def _fuzz_request():
    # Hypothesis runs many examples inside one test (one database): make the request once.
    from foia.requests.models import RecordsRequest

    existing = db.session.scalar(select(RecordsRequest).filter_by(title="Fuzz"))
    if existing:
        return existing
    records_request = operations.create_request(create_agency(), "Fuzz", owner=None, actor=None)
    operations.add_event(records_request, "filed", date(2026, 11, 2), today=TODAY, actor=None)
    db.session.commit()
    return records_request


@pytest.mark.slow
@FUZZ
@given(
    kind=st.sampled_from([*operations.EVENT_LABELS, "bogus", ""]),
    on=dates,
    days=st.one_of(st.just(""), st.integers(-5, 5000).map(str), st.text(max_size=5)),
    basis=st.text(max_size=6000),
)
def test_ledger_form_never_errors_and_never_half_stores(lawyer_client, kind, on, days, basis):
    records_request = _fuzz_request()
    before = db.session.scalar(select(func.count()).select_from(ClockEvent))
    response = lawyer_client.post(
        f"/requests/{records_request.id}/events",
        data={
            "kind": kind,
            "occurred_on": on,
            "days": days,
            "basis": basis,
        },
    )
    assert response.status_code in (302, 400)
    after = db.session.scalar(select(func.count()).select_from(ClockEvent))
    assert after == before + (1 if response.status_code == 302 else 0)
    if "<script>" in basis:
        assert "<script>" not in response.get_data(as_text=True).split("<main", 1)[-1]


def test_html_in_a_ledger_note_is_shown_as_text(lawyer_client):
    agency = create_agency()
    records_request = operations.create_request(agency, "XSS", owner=None, actor=None)
    operations.add_event(
        records_request,
        "filed",
        date(2026, 11, 2),
        today=TODAY,
        actor=None,
        basis='<script>alert("x")</script>',
    )
    db.session.commit()
    html = lawyer_client.get(f"/requests/{records_request.id}").get_data(as_text=True)
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


@FUZZ
@given(on=dates, reason=st.text(max_size=300), code=st.text(max_size=90))
def test_closure_form_never_errors(admin_client, on, reason, code):
    create_jurisdiction()
    before = db.session.scalar(select(func.count()).select_from(Closure))
    response = admin_client.post(
        "/admin/closures",
        data={
            "closed_on": on,
            "reason": reason,
            "jurisdiction": code,
        },
    )
    assert response.status_code in (302, 400)
    after = db.session.scalar(select(func.count()).select_from(Closure))
    assert after == before + (1 if response.status_code == 302 else 0)
