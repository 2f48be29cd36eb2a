"""The dashboard: my deadlines and each campaign's, statuses, chart, agency scorecards, CSV."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from flask import render_template_string

from foia import clock
from foia.campaigns.models import Campaign
from foia.dashboard import queries, scorecards
from foia.extensions import db
from foia.jurisdictions.models import Closure
from foia.requests import batch
from foia.seed.demo import business_days_before
from tests.support.factories import create_agency
from tests.support.html import Page
from tests.support.reminders import make_request


def test_my_overdue_due_soon_waiting_and_appeals(lawyer_client):
    today = clock.today()
    me = lawyer_client.user
    overdue = make_request(today, owner=me, received_business_days_ago=14)
    soon = make_request(today, owner=me, received_business_days_ago=8)
    fee = make_request(
        today,
        owner=me,
        received_business_days_ago=5,
        extra=[("fee_estimate", business_days_before(today, 1))],
    )
    denied = today - timedelta(days=84)
    appeal = make_request(
        denied, owner=me, received_business_days_ago=6, extra=[("denial", denied)]
    )
    page = Page(lawyer_client.get("/").text)
    [row] = page.all("#mine-overdue tbody tr")
    assert overdue.reference in page.texts("#mine-overdue tbody tr")[0]
    assert page.texts("#mine-overdue .days-overdue")[0].endswith("business days")
    assert soon.reference in " ".join(page.texts("#mine-due tbody tr"))
    assert fee.reference in " ".join(page.texts("#mine-waiting tbody tr"))
    assert appeal.reference in " ".join(page.texts("#mine-appeals tbody tr"))
    statuses = dict(
        zip(
            page.texts("#mine-statuses td:first-child"),
            page.texts("#mine-statuses td:last-child"),
            strict=True,
        )
    )
    assert statuses == {"filed": "2", "fee pending": "1", "denied": "1"}
    shown = page.texts("#mine-overdue time, #mine-due time")
    assert shown and all(re.fullmatch(r"[A-Z][a-z]{2} \d{2} [A-Z][a-z]{2} \d{4}", t) for t in shown)


def test_dates_are_derived_at_read_time(lawyer_client, monkeypatch):
    today = clock.today()
    make_request(today, owner=lawyer_client.user, received_business_days_ago=8)
    assert len(Page(lawyer_client.get("/").text).all("#mine-overdue tbody tr")) == 0
    monkeypatch.setattr(clock, "today", lambda: today + timedelta(days=20))
    assert len(Page(lawyer_client.get("/").text).all("#mine-overdue tbody tr")) == 1


def test_campaign_sections_with_an_accessible_progress_chart(volunteer_client):
    campaign = Campaign(name="Press Pause dashboard")
    db.session.add(campaign)
    db.session.commit()
    today = clock.today()
    for ago, extra in (
        (14, ()),
        (8, ()),
        (12, [("final_response", business_days_before(today, 1))]),
    ):
        r = make_request(today, owner=None, received_business_days_ago=ago, extra=extra)
        r.campaign = campaign
    db.session.commit()
    home = Page(volunteer_client.get("/").text)
    [chart] = home.all(".campaign-section svg[role=img]")
    title = home.texts(".campaign-section svg[role=img] title")[0]
    assert title.startswith("Progress of 3 requests: 1 answered, 2 waiting on the agency")
    assert chart.get("aria-labelledby")
    page = Page(volunteer_client.get(f"/dashboard/campaigns/{campaign.id}").text)
    assert len(page.all(f"#c{campaign.id}-overdue tbody tr")) == 1
    assert "fulfilled" in page.texts(f"#c{campaign.id}-statuses td")


def test_scorecards_sort_and_export_csv_without_formulas(volunteer_client):
    today = clock.today()
    fast = create_agency(name='=HYPERLINK("http://evil")', email="a@example.org")
    slow = create_agency(name="Slow Police Department", email="b@example.org")
    make_request(
        today,
        owner=None,
        agency=fast,
        received_business_days_ago=12,
        extra=[("final_response", business_days_before(today, 10))],
    )
    make_request(today, owner=None, agency=slow, received_business_days_ago=14)
    page = Page(volunteer_client.get("/dashboard/agencies?sort=overdue&order=desc").text)
    rows = page.texts("table.scorecards tbody tr")
    assert rows[0].startswith("Slow Police Department") and rows[0].endswith("100 %")
    assert page.one("th[aria-sort]").get("aria-sort") == "descending"
    response = volunteer_client.get("/dashboard/agencies.csv?sort=agency&order=asc")
    assert response.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(response.text)))
    assert table[0] == scorecards.CSV_HEADER
    assert table[1][0] == '\'=HYPERLINK("http://evil")'
    assert table[1][3] == "2" and table[1][4] == "100"
    assert table[2][0] == "Slow Police Department" and table[2][5] == "100"


def test_scorecard_arithmetic():
    from datetime import date

    from foia.deadlines import calendar_for

    ma = calendar_for("US-MA")
    day = date(2026, 11, 2)
    facts = [
        scorecards.RequestFacts(
            1,
            day,
            day + timedelta(days=2),
            day + timedelta(days=9),
            day + timedelta(days=14),
            False,
            False,
            ma,
        ),
        scorecards.RequestFacts(
            1, day, day + timedelta(days=4), None, day + timedelta(days=14), True, True, ma
        ),
        scorecards.RequestFacts(1, day, None, None, day + timedelta(days=40), True, False, ma),
    ]
    [card] = scorecards.score(facts, {1: ("Town PD", "US-MA")}, date(2026, 11, 25))
    assert card.median_days_to_first_response == 3  # 2 and 4 business days
    assert card.answered_on_time == 0.5  # one answered in time, one overdue; one not yet due
    assert card.overdue == 0.5


@pytest.mark.slow
def test_lists_show_the_first_fifty_and_the_cards_count_them_all(lawyer_client):
    today = clock.today()
    me = lawyer_client.user
    oldest = make_request(today, owner=me, received_business_days_ago=40)
    for _ in range(queries.LIST_LIMIT + 1):
        make_request(today, owner=me, received_business_days_ago=14)
    page = Page(lawyer_client.get("/").text)
    total = queries.LIST_LIMIT + 2
    assert page.texts("#mine .card")[0] == f"{total} overdue"
    rows = page.texts("#mine-overdue tbody tr")
    assert len(rows) == queries.LIST_LIMIT
    assert oldest.reference in rows[0], "the most overdue comes first"
    [hint] = page.texts("#mine-overdue .hint")
    assert hint.startswith(f"Showing the first {queries.LIST_LIMIT} of {total}")


def test_a_request_counts_once_by_its_earliest_agency_deadline(lawyer_client):
    # Received 24 business days ago and never answered: the 10-day response is overdue and the
    # 25-day production limit falls tomorrow. The request is overdue, not also due soon.
    today = clock.today()
    both = make_request(today, owner=lawyer_client.user, received_business_days_ago=24)
    page = Page(lawyer_client.get("/").text)
    [overdue] = page.texts("#mine-overdue tbody tr")
    assert both.reference in overdue and "response" in overdue
    assert page.all("#mine-due tbody tr") == []
    assert page.texts("#mine .card")[:2] == ["1 overdue", "0 due in the next 7 days"]


def test_a_status_after_an_appeal_decision_is_read_from_the_whole_ledger(lawyer_client):
    today = clock.today()
    start = today - timedelta(days=120)
    steps = [("denial", start + timedelta(days=14)), ("appeal_filed", start + timedelta(days=20))]
    steps.append(("appeal_decided", start + timedelta(days=40)))
    make_request(start, owner=lawyer_client.user, received_business_days_ago=1, extra=steps)
    page = Page(lawyer_client.get("/").text)
    statuses = dict(
        zip(
            page.texts("#mine-statuses td:first-child"),
            page.texts("#mine-statuses td:last-child"),
            strict=True,
        )
    )
    assert statuses == {"denied": "1"}


def test_a_request_waiting_on_us_twice_shows_both_asks(lawyer_client):
    today = clock.today()
    asks = [
        ("fee_estimate", business_days_before(today, 3)),
        ("clarification_requested", business_days_before(today, 2)),
    ]
    twice = make_request(today, owner=lawyer_client.user, received_business_days_ago=6, extra=asks)
    page = Page(lawyer_client.get("/").text)
    rows = page.texts("#mine-waiting tbody tr")
    assert len(rows) == 2 and all(twice.reference in row for row in rows)
    assert "fee" in rows[0] and "clarification" in rows[1], "the older ask first"
    assert page.texts("#mine .card")[2] == "2 waiting on us"


def test_the_appeal_look_ahead_holds_ten_business_days_on_every_calendar():
    from foia.deadlines import calendar_for
    from foia.deadlines.calendars import _county_data
    from foia.deadlines.rules import load_laws

    calendars = [calendar_for(code) for code in load_laws()]
    calendars += [
        calendar_for(code, county=county)
        for code, (counties, _) in _county_data().items()
        for county in counties
    ]
    days = [date(2025, 1, 1) + timedelta(days=n) for n in range(4 * 366)]
    window = timedelta(days=queries.APPEAL_WINDOW_DAYS)
    fewest = min(cal.business_days_between(day, day + window) for cal in calendars for day in days)
    assert fewest > queries.APPEAL_BUSINESS_DAYS


def test_with_stored_closures_every_open_appeal_window_is_read(lawyer_client):
    # An agency closed for five weeks: its appeal window, 35 calendar days away, is only a few
    # business days away. The 31-day look-ahead must not hide it.
    today = clock.today()
    agency = create_agency(name="Closed Police Department", email="closed@example.org")
    denied = today + timedelta(days=35) - timedelta(days=90)
    make_request(
        denied,
        owner=lawyer_client.user,
        agency=agency,
        received_business_days_ago=5,
        extra=[("denial", denied)],
    )
    for n in range(1, 35):
        db.session.add(
            Closure(closed_on=today + timedelta(days=n), reason="flood", agency_id=agency.id)
        )
    db.session.commit()
    batch.recompute_open_requests("flood", today)
    db.session.commit()
    page = Page(lawyer_client.get("/").text)
    [row] = page.texts("#mine-appeals tbody tr")
    assert "Closed Police Department" in row


def test_the_dashboard_writes_a_day_as_every_other_page_does(app):
    with app.test_request_context():
        when = render_template_string(
            '{% from "dashboard/_section.html" import when %}{{ when(d) }}', d=date(2026, 12, 7)
        )
    # "Mon 07 Dec 2026", as the request page's deadlines write it; it said "Mon 7 Dec 2026".
    assert when == '<time datetime="2026-12-07">Mon 07 Dec 2026</time>'
