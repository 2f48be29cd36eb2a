"""Rows stored before the forms checked dates (a response dated 9999-12-31) never stop a page:
the figures leave the wrong date out and say so, the request page names the problem."""

import csv
import io
from datetime import date, timedelta

import pytest

from foia import clock
from foia.campaigns.models import Campaign
from foia.extensions import db
from foia.jurisdictions.models import Closure
from foia.requests.models import ClockEvent, Communication, DeadlineSnapshot
from foia.responses.models import LoggedResponse
from tests.support.factories import create_agency
from tests.support.feeds import events, new_feed_url
from tests.support.html import page
from tests.support.responses import filed_request, recent_monday

FAR = date(9999, 12, 31)


def stored_response(on: date, *, title: str = "Stored", agency=None):
    """Store a request whose agency answered `on`, straight into the tables as an old row would."""
    campaign = db.session.query(Campaign).first() or Campaign(name="Press Pause")
    records_request = filed_request(
        recent_monday(clock.today(), weeks_back=4),
        title=title,
        agency=agency or create_agency(f"{title} Police Department"),
        campaign=campaign,
    )
    communication = Communication(
        records_request=records_request, direction="in", channel="mail", occurred_on=on
    )
    event = ClockEvent(records_request=records_request, kind="final_response", occurred_on=on)
    # What the row remembers of its ledger, as the 5b9e2d7c4a10 migration fills it for old rows.
    records_request.first_reply_on = records_request.answered_on = on
    db.session.add_all([communication, event])
    db.session.flush()
    db.session.add(
        LoggedResponse(
            communication_id=communication.id, kind="final_response", clock_event_id=event.id
        )
    )
    db.session.commit()
    return records_request


def test_scorecards_page_and_csv_answer_with_a_response_dated_9999_12_31(volunteer_client):
    wrong = stored_response(FAR, title="Wrong")
    stored_response(clock.today(), title="Right")

    shown = volunteer_client.get("/dashboard/agencies")
    download = volunteer_client.get("/dashboard/agencies.csv")

    assert shown.status_code == 200 and download.status_code == 200
    rows = {row["Agency"].split(" US-")[0]: row for row in page(shown).table("table.scorecards")}
    assert rows["Wrong Police Department"]["Median business days to first response"] == "—"
    assert rows["Right Police Department"]["Median business days to first response"] != "—"
    note = page(shown).one("#dates-set-aside")
    assert "1 request has a date no one could have entered" in " ".join(note.itertext())
    assert [a.get("href") for a in note.iter() if a.tag.endswith("a")] == [f"/requests/{wrong.id}"]
    cells = {row[0]: row for row in csv.reader(io.StringIO(download.get_data(as_text=True)))}
    assert cells["Wrong Police Department"][3] == ""
    assert cells["Right Police Department"][3] != ""


@pytest.mark.slow
@pytest.mark.parametrize("on", [FAR, date(1, 1, 1), date(2150, 6, 1), date(1999, 12, 31)])
def test_every_page_reading_the_ledger_answers(volunteer_client, on):
    records_request = stored_response(on)
    campaign_id = records_request.campaign_id

    for url in (
        "/",
        "/dashboard/agencies",
        "/dashboard/agencies.csv",
        f"/dashboard/campaigns/{campaign_id}",
        "/requests",
        f"/requests/{records_request.id}",
        f"/requests/{records_request.id}/responses/new",
        f"/requests/{records_request.id}/chronology.pdf",
        f"/campaigns/{campaign_id}/results",
        f"/campaigns/{campaign_id}/results.csv",
        "/search?q=records&date_to=9999-12-31",
    ):
        assert volunteer_client.get(url).status_code == 200, url


def test_the_request_page_says_why_its_deadlines_cannot_be_computed(volunteer_client):
    records_request = stored_response(FAR)

    shown = page(volunteer_client.get(f"/requests/{records_request.id}"))

    text = " ".join(shown.texts("main"))
    assert "9999-12-31 is outside the dates deadlines can be counted for" in text


def test_a_due_date_stored_at_the_end_of_the_calendar_does_not_stop_the_dashboard(
    volunteer_client,
):
    # A closure from today on makes the dashboard read every open appeal window.
    records_request = stored_response(clock.today(), title="Denied")
    records_request.appeal_due_on = FAR
    records_request.next_agency_due_on = FAR
    db.session.add(DeadlineSnapshot(records_request=records_request, kind="appeal", due_on=FAR))
    db.session.add(
        Closure(
            closed_on=clock.today() + timedelta(days=3),
            reason="Storm",
            jurisdiction=records_request.agency.jurisdiction,
        )
    )
    db.session.commit()

    for url in ("/", f"/dashboard/campaigns/{records_request.campaign_id}", "/requests"):
        assert volunteer_client.get(url).status_code == 200, url


def test_a_calendar_feed_leaves_out_a_deadline_at_the_end_of_the_calendar(app, volunteer_client):
    right = stored_response(clock.today(), title="Right")
    wrong = stored_response(clock.today(), title="Wrong")
    for records_request, due_on in ((right, clock.today()), (wrong, FAR)):
        records_request.owner = volunteer_client.user
        db.session.add(
            DeadlineSnapshot(
                records_request=records_request, kind="production", due_on=due_on, is_settled=False
            )
        )
    db.session.commit()
    path = new_feed_url(volunteer_client)

    uids = set(events(app.test_client(), path))

    assert f"request-{right.id}-production@127.0.0.1" in uids
    assert f"request-{wrong.id}-production@127.0.0.1" not in uids
    assert f"request-{wrong.id}-response@127.0.0.1" in uids, "its other deadlines stay"
