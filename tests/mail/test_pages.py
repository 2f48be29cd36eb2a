"""Where people see mail that did not go: the outbox, the request, the campaign, the status page."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from foia import clock, mail
from foia.campaigns import operations as campaigns
from foia.extensions import db
from foia.filing import operations as filing
from foia.jobs import JobRun
from foia.mail import OutboundEmail
from tests.support.campaigns import create_via_page, five_agencies
from tests.support.html import page

REFUSAL = "Refused for good by the mail server, not retried: "


@pytest.fixture
def generated(seeded, lawyer_client):
    """A five-agency campaign, approved and generated."""
    five_agencies()
    campaign = create_via_page(lawyer_client)
    lawyer_client.post(f"/campaigns/{campaign.id}/approve")
    lawyer_client.post(f"/campaigns/{campaign.id}/generate")
    return campaign


def _row(html, reference: str) -> dict[str, str]:
    rows = html.table("section[aria-labelledby=agencies-heading] table")
    [row] = [r for r in rows if r["Request"] == reference]
    return row


@pytest.mark.slow
def test_a_refused_filing_shows_as_failed_everywhere_and_goes_once_readdressed(
    generated, lawyer_client, admin_client, faulty
):
    refused, *others = campaigns.campaign_requests(generated)
    address = refused.agency.email
    faulty.sink.faults.unknown_recipients = {address}
    lawyer_client.post(f"/campaigns/{generated.id}/file")
    db.session.expire_all()
    assert [filing.is_filed(r) for r in (refused, *others)] == [False] + [True] * 4
    reply = (
        f"The mail server at 127.0.0.1:{faulty.port} answered RCPT TO with 550 5.1.1"
        f" <{address}>: Recipient address rejected: User unknown."
    )

    campaign_page = page(lawyer_client.get(f"/campaigns/{generated.id}"))
    assert _row(campaign_page, refused.reference)["Problem"] == REFUSAL + reply

    request_page = page(lawyer_client.get(f"/requests/{refused.id}"))
    [line] = request_page.texts("#unsent-mail li")
    assert line.startswith(f"The filing letter to {address}: failed: refused by the mail server")
    assert "will not be tried again" in line and request_page.texts("q.server-reply") == [reply]

    outbox = page(admin_client.get("/admin/outbox")).table("table")
    [row] = [r for r in outbox if r["To"] == address]
    assert row["State"] == "failed: refused by the mail server, not retried"
    assert row["Last error"] == reply

    assert mail.send_due().sent == 0, "cron does not retry it"
    again = page(lawyer_client.post(f"/requests/{refused.id}/file/email", follow_redirects=True))
    assert again.flashes()[-1] == (
        f"Not filed: {REFUSAL}{reply} Correct the agency's email address, then send it again."
    )

    refused.agency.email = "foia@corrected.example.gov"
    db.session.commit()
    lawyer_client.post(f"/requests/{refused.id}/file/email")
    db.session.expire_all()
    assert filing.is_filed(refused)
    assert page(lawyer_client.get(f"/requests/{refused.id}")).all("#unsent-mail") == []
    recipients = sorted(m["To"] for m in faulty.sink.messages)
    assert recipients == sorted([*(r.agency.email for r in others), "foia@corrected.example.gov"])
    assert db.session.scalar(select(func.count()).select_from(OutboundEmail)) == 5


@pytest.mark.slow
def test_a_retrying_filing_says_it_will_be_retried(generated, lawyer_client, faulty):
    records_request = campaigns.campaign_requests(generated)[0]
    faulty.stop()
    lawyer_client.post(f"/requests/{records_request.id}/file/email")
    refused = f"The mail server at 127.0.0.1:{faulty.port} refused the connection."
    campaign_page = page(lawyer_client.get(f"/campaigns/{generated.id}"))
    problem = _row(campaign_page, records_request.reference)["Problem"]
    assert problem == f"Not sent yet, will be retried: {refused}"
    [line] = page(lawyer_client.get(f"/requests/{records_request.id}")).texts("#unsent-mail li")
    assert "not sent yet: retry after" in line and "retried automatically" in line


def _email(to: str, **fields) -> OutboundEmail:
    email = mail.queue_email(to, "Hello", "Body", kind="reminder")
    for name, value in fields.items():
        setattr(email, name, value)
    return email


def test_the_status_page_and_its_json(app, admin_client):
    now = clock.now()
    _email("sent@example.org", sent_at=now, attempts=1)
    _email("retry@example.org", queued_at=now - timedelta(hours=3), attempts=2)
    _email("later@example.org", next_attempt_at=now + timedelta(hours=1), attempts=1)
    _email("failed@example.org", failed_at=now, attempts=1, last_error="550 no such user")
    db.session.add_all(
        [
            JobRun(job="reminders send", started_at=now - timedelta(hours=1),
                   finished_at=now - timedelta(hours=1), is_success=True, summary="all done"),
            JobRun(job="mail send", started_at=now, finished_at=now, is_success=False,
                   summary="Sent 0, still queued after failure 1."),
            JobRun(job="documents extract", started_at=now, finished_at=now, is_success=True),
            JobRun(job="requests recount", started_at=now, finished_at=now, is_success=True),
        ]
    )  # fmt: skip
    db.session.commit()

    found = admin_client.get("/admin/status.json").get_json()
    assert found["outbox"] == {
        "waiting": 2,
        "due": 1,
        "retrying": 2,
        "failed": 1,
        "oldest_due_queued_at": (now - timedelta(hours=3)).isoformat(timespec="seconds"),
        "oldest_due_age_seconds": found["outbox"]["oldest_due_age_seconds"],
    }
    assert 3 * 3600 <= found["outbox"]["oldest_due_age_seconds"] < 3 * 3600 + 60
    jobs = {j["job"]: j for j in found["jobs"]}
    assert list(jobs) == [
        "reminders send",
        "mail send",
        "inbox fetch",
        "documents extract",
        "requests recount",  # a job with no limit of its own is listed after the known ones
    ]
    assert jobs["reminders send"]["is_stale"] is False
    assert jobs["reminders send"]["last_success_summary"] == "all done"
    assert 3600 <= jobs["reminders send"]["last_success_age_seconds"] < 3660
    assert jobs["mail send"]["last_success_at"] is None and jobs["mail send"]["is_stale"]
    assert jobs["mail send"]["last_error"] == "Sent 0, still queued after failure 1."
    assert jobs["inbox fetch"]["stale_after_seconds"] is None  # FOIA_IMAP_HOST is not set

    html = page(admin_client.get("/admin/status"))
    assert html.texts("#outbox-due") == ["1"]
    assert html.texts("#outbox-oldest")[0].startswith("queued 3 hours ago")
    assert html.texts("#outbox-failed")[0].startswith("1: the mail server refused them")
    states = {r["Job"]: r["State"] for r in html.table("#job-status")}
    assert states == {
        "flask reminders send": "ok",
        "flask mail send": "no success for over 30 minutes",
        "flask inbox fetch": "no limit set",
        "flask documents extract": "ok",  # run every few minutes: warned after 30
        "flask requests recount": "no limit set",
    }


@pytest.mark.parametrize("path", ["/admin/status", "/admin/status.json"])
def test_the_status_is_for_admins_only(client, lawyer_client, path):
    assert lawyer_client.get(path).status_code == 403
    anonymous = client.get(path)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_healthz_stays_trivial(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.text == "ok\n"
