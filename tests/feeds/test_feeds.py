"""Calendar feeds: secret, revocable, parsed with `icalendar`, following the dates as they move."""

from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import select

from foia import clock
from foia.extensions import db
from foia.feeds.models import CalendarFeed
from foia.jurisdictions.operations import add_closure
from tests.support.feeds import events, new_feed_url
from tests.support.reminders import make_request


def test_personal_feed_holds_open_deadlines_and_follows_moved_dates(app, volunteer_client):
    today = clock.today()
    lawyer = volunteer_client.user
    records_request = make_request(today, owner=lawyer, received_business_days_ago=4)
    path = new_feed_url(volunteer_client)
    anonymous = app.test_client()
    found = events(anonymous, path)
    response_uid = f"request-{records_request.id}-response@127.0.0.1"
    [response] = [s for s in records_request.snapshots if s.kind == "response"]
    assert found[response_uid] == response.due_on
    calendar = Calendar.from_ical(anonymous.get(path).data)
    [event] = [e for e in calendar.walk("VEVENT") if str(e.get("uid")) == response_uid]
    assert event.decoded("dtend") == response.due_on + timedelta(days=1), "an all-day event"
    assert records_request.reference in str(event.get("summary"))
    old_due = response.due_on
    add_closure(old_due, "Storm", agency_id=records_request.agency_id, today=today, actor=None)
    db.session.commit()
    assert events(anonymous, path)[response_uid] > old_due


def test_answered_and_other_peoples_deadlines_are_left_out(app, volunteer_client, lawyer_client):
    today = clock.today()
    mine = make_request(today, owner=volunteer_client.user, received_business_days_ago=4)
    make_request(today, owner=lawyer_client.user, received_business_days_ago=4)
    path = new_feed_url(volunteer_client)
    uids = set(events(app.test_client(), path))
    assert uids and all(uid.startswith(f"request-{mine.id}-") for uid in uids)


def test_revoked_or_replaced_or_unknown_token_answers_404(app, volunteer_client):
    first = new_feed_url(volunteer_client)
    second = new_feed_url(volunteer_client)
    anonymous = app.test_client()
    assert anonymous.get(first).status_code == 404, "a new address replaces the old one"
    assert anonymous.get(second).status_code == 200
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.revoked_at.is_(None)))
    assert volunteer_client.post(f"/calendar-feeds/{feed.id}/revoke").status_code == 302
    assert anonymous.get(second).status_code == 404
    assert anonymous.get("/calendar/not-a-token.ics").status_code == 404
    assert all(len(f.token_sha256) == 64 for f in db.session.scalars(select(CalendarFeed)))


def test_someone_else_cannot_revoke_my_feed(app, volunteer_client, client_for):
    new_feed_url(volunteer_client)
    feed = db.session.scalar(select(CalendarFeed))
    other = client_for("volunteer")
    assert other.post(f"/calendar-feeds/{feed.id}/revoke").status_code == 403


def test_campaign_feed(app, lawyer_client):
    from foia.campaigns.models import Campaign

    campaign = Campaign(name="Feed campaign")
    db.session.add(campaign)
    db.session.commit()
    records_request = make_request(clock.today(), owner=None, received_business_days_ago=4)
    records_request.campaign = campaign
    db.session.commit()
    path = new_feed_url(lawyer_client, f"/campaigns/{campaign.id}/calendar")
    uids = set(events(app.test_client(), path))
    assert f"request-{records_request.id}-response@127.0.0.1" in uids
