"""Settings, job runs, outbox, assignment and follow-up pages."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from foia import clock
from foia.extensions import db
from foia.jobs import JobRun
from foia.mail import OutboundEmail
from foia.reminders.models import FollowUpPolicy, NotificationSettings
from foia.requests.models import Communication, RequestLetter
from tests.support.factories import create_user
from tests.support.html import Page
from tests.support.reminders import make_request


def test_settings_page_saves_digest_days_and_appeal_thresholds(volunteer_client):
    page = Page(volunteer_client.get("/settings/notifications").text)
    assert page.by_label("Business days before an agency deadline").get("value") == "3"
    assert page.by_label("Business days before an appeal window closes").get("value") == "10, 3"
    response = volunteer_client.post(
        "/settings/notifications",
        data={
            "is_enabled": "y",
            "delivery": "immediate",
            "days_before": "5",
            "appeal_days": "15,5, 2",
        },
    )
    assert response.status_code == 302
    saved = db.session.scalar(select(NotificationSettings))
    assert (saved.is_digest, saved.days_before, saved.appeal_days) == (False, 5, (15, 5, 2))


def test_settings_refuse_bad_numbers(volunteer_client):
    response = volunteer_client.post(
        "/settings/notifications",
        data={"delivery": "digest", "days_before": "99", "appeal_days": "ten"},
    )
    assert response.status_code == 400
    page = Page(response.text)
    assert page.error_for("Business days before an appeal window closes")
    assert page.error_for("Business days before an agency deadline")


def test_jobs_page_warns_without_a_recent_successful_run(admin_client):
    page = Page(admin_client.get("/admin/jobs").text)
    assert "never run successfully" in page.texts("#stale-warning")[0]
    old = clock.now() - timedelta(hours=27)
    db.session.add(JobRun(job="reminders send", started_at=old, finished_at=old, is_success=True))
    db.session.commit()
    assert (
        "more than 26 hours"
        in Page(admin_client.get("/admin/jobs").text).texts("#stale-warning")[0]
    )
    now = clock.now()
    db.session.add(JobRun(job="reminders send", started_at=now, finished_at=now, is_success=True))
    db.session.commit()
    page = Page(admin_client.get("/admin/jobs").text)
    assert page.all("#stale-warning") == [] and page.all("#last-success")


def test_outbox_lists_failures_with_their_error(admin_client):
    db.session.add(
        OutboundEmail(
            kind="digest",
            to_addr="a@example.org",
            subject="Reminders",
            body_text="x",
            message_id="<1@x>",
            attempts=2,
            last_error="ConnectionRefusedError: nope",
            next_attempt_at=clock.now(),
            queued_at=clock.now(),
        )
    )
    db.session.commit()
    page = Page(admin_client.get("/admin/outbox").text)
    assert "ConnectionRefusedError: nope" in page.texts("tbody tr")[0]


def test_assignment_from_the_request_page(lawyer_client):
    other = create_user("lawyer", email="other@example.org", name="Olive Other")
    helper = create_user("volunteer", email="helper@example.org", name="Hal Helper")
    records_request = make_request(clock.today(), owner=lawyer_client.user)
    page = Page(lawyer_client.get(f"/requests/{records_request.id}").text)
    assert page.by_label("Owning lawyer").tag.endswith("select")
    response = lawyer_client.post(
        f"/requests/{records_request.id}/assignment",
        data={"owner_id": str(other.id), "volunteer_id": str(helper.id)},
    )
    assert response.status_code == 302
    db.session.refresh(records_request)
    assert (records_request.owner_id, records_request.volunteer_id) == (other.id, helper.id)
    refused = lawyer_client.post(
        f"/requests/{records_request.id}/assignment",
        data={"owner_id": str(helper.id), "volunteer_id": ""},
    )
    assert refused.status_code == 302
    db.session.refresh(records_request)
    assert records_request.owner_id == other.id, "a volunteer cannot own a request"


def test_the_assignment_lists_offer_enabled_people_and_only_lawyers_own(lawyer_client):
    create_user("admin", email="ada@example.org", name="Ada Admin")
    create_user("volunteer", email="vic@example.org", name="Vic Volunteer")
    unnamed = create_user("volunteer", email="nameless@example.org")
    unnamed.name = ""
    gone = create_user("lawyer", email="gone@example.org", name="Gus Gone")
    gone.is_enabled = False
    lawyer_client.user.name = "Lee Lawyer"
    db.session.commit()
    records_request = make_request(clock.today(), owner=lawyer_client.user)
    page = Page(lawyer_client.get(f"/requests/{records_request.id}").text)
    # By name, then email (an unnamed person is shown, and sorted, by an empty name first).
    assert page.texts("#owner_id option") == ["Nobody yet", "Ada Admin", "Lee Lawyer"]
    assert page.texts("#volunteer_id option") == [
        "No volunteer",
        "nameless@example.org",
        "Ada Admin",
        "Lee Lawyer",
        "Vic Volunteer",
    ]


@pytest.mark.slow
def test_follow_up_is_drafted_sent_by_email_once_per_interval(lawyer_client, smtp_server):
    records_request = make_request(
        clock.today(), owner=lawyer_client.user, received_business_days_ago=14
    )
    page = Page(lawyer_client.get(f"/requests/{records_request.id}/follow-up").text)
    letter = " ".join(page.texts(".letter-preview p"))
    assert "Massachusetts" in letter or "c. 66" in letter
    assert records_request.reference in letter and "business days ago" in letter
    assert "we may petition the Supervisor of Records" in letter
    response = lawyer_client.post(f"/requests/{records_request.id}/follow-up")
    assert response.status_code == 302
    [message] = smtp_server.messages
    assert message["To"] == "records@police.example.org"
    assert (
        str(message["Subject"])
        .strip()
        .startswith(f"Follow-up: public records request {records_request.reference}")
    )
    assert db.session.scalar(select(RequestLetter).filter_by(kind="follow_up")).sent_at
    assert db.session.scalar(select(Communication).filter_by(direction="out")).outbound_email_id
    again = lawyer_client.post(f"/requests/{records_request.id}/follow-up", follow_redirects=True)
    assert "the next may go" in again.text
    assert len(smtp_server.messages) == 1


def test_campaign_allows_automatic_follow_ups_once_per_interval(
    app, runner, smtp_server, lawyer_client
):
    from foia.campaigns.models import Campaign

    campaign = Campaign(name="Press Pause test")
    db.session.add(campaign)
    db.session.commit()
    response = lawyer_client.post(
        f"/campaigns/{campaign.id}/reminders", data={"is_automatic": "y", "interval_days": "3"}
    )
    assert response.status_code == 302
    assert db.session.scalar(select(FollowUpPolicy)).is_automatic
    today = clock.today()
    records_request = make_request(today, owner=lawyer_client.user, received_business_days_ago=14)
    records_request.campaign = campaign
    db.session.commit()
    for _ in range(2):
        result = runner.invoke(args=["reminders", "send", "--today", today.isoformat()])
        assert result.exit_code == 0, result.output
    follow_ups = [
        m for m in smtp_server.messages if str(m["Subject"]).strip().startswith("Follow-up")
    ]
    assert len(follow_ups) == 1
