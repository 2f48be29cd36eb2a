"""The dashboard: my deadlines and each campaign's, statuses, chart, agency scorecards, CSV."""

import csv
import io
from datetime import timedelta

from foia import clock
from foia.campaigns.models import Campaign
from foia.dashboard import scorecards
from foia.extensions import db
from foia.seed.demo import business_days_before
from tests.agencies.html import Page
from tests.conftest import create_agency
from tests.reminders.helpers import make_request


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
