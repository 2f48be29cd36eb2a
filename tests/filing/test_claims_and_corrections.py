"""Two filing workers never file one request twice; corrections go out; confirmations download."""

import io
import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from foia.audit import AuditEvent
from foia.campaigns import jobs
from foia.campaigns import operations as campaigns
from foia.documents.storage import store_for
from foia.extensions import db
from foia.requests import operations as requests
from foia.requests.models import ClockEvent, Communication, RequestLetter
from tests.support.campaigns import create_via_page, five_agencies, pdf_text
from tests.support.factories import create_agency
from tests.support.html import page
from tests.support.letters import set_up_organisation

TODAY = date(2026, 11, 2)
AGENCIES = 12


def _campaign_ready_to_file(app, lawyer) -> int:
    """A campaign of AGENCIES requests, each approved with its letter (a stored PDF)."""
    agencies = [
        create_agency(f"Agency {i}", email=f"records{i}@example.org") for i in range(AGENCIES)
    ]
    campaign = campaigns.create_campaign(
        {"name": "Race", "template_slug": "use-and-policy", "category_slugs": []},
        agencies,
        selection="test",
        actor=lawyer,
    )
    set_up_organisation(lawyer)  # approval needs the first-run setup (issue #16 §2)
    campaigns.approve_campaign(campaign, actor=lawyer)
    sha256 = store_for(app.config).put(b"%PDF-1.4 letter")
    for member in campaign.members:
        records_request = requests.create_request(member.agency, "Q", owner=lawyer, actor=None)
        records_request.campaign, records_request.approved_at = campaign, campaign.approved_at
        records_request.letters.append(
            RequestLetter(subject="S", body_html="<p>x</p>", body_text="x", pdf_sha256=sha256)
        )
        member.letter_revision = campaign.revision
    db.session.commit()
    return campaign.id


def _run_together(app, campaign_id: int, workers: int = 2):
    barrier, outcomes, errors = threading.Barrier(workers), [], []

    def run():
        with app.app_context():
            barrier.wait()
            try:
                outcomes.extend(jobs.file_by_email(campaign_id, today=TODAY))
            except Exception as exc:  # noqa: BLE001 - reported by the test
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes, errors


@pytest.mark.slow
def test_two_filing_runs_at_once_file_each_request_exactly_once(app, lawyer_client, smtp_server):
    campaign_id = _campaign_ready_to_file(app, lawyer_client.user)
    outcomes, errors = _run_together(app, campaign_id)
    assert errors == []
    assert [o for o in outcomes if not o.is_filed] == []
    db.session.expire_all()
    per_request = dict(
        db.session.execute(
            select(ClockEvent.request_id, func.count())
            .where(ClockEvent.kind == "filed")
            .group_by(ClockEvent.request_id)
        ).all()
    )
    assert sorted(per_request.values()) == [1] * AGENCIES
    sent = db.session.execute(
        select(Communication.request_id, func.count()).group_by(Communication.request_id)
    ).all()
    assert sorted(n for _, n in sent) == [1] * AGENCIES
    assert len(smtp_server.messages) == AGENCIES
    assert {o.request_id for o in outcomes} == set(per_request)


@pytest.mark.slow
def test_a_request_held_by_another_worker_is_left_alone(app, lawyer_client, smtp_server):
    from foia import clock
    from foia.filing.jobs import BUSY, claim_filing, file_one_by_email

    campaign_id = _campaign_ready_to_file(app, lawyer_client.user)
    first = campaigns.campaign_requests(db.session.get(campaigns.Campaign, campaign_id))[0]
    assert claim_filing(first.id, clock.now())  # another worker holds it
    outcome = file_one_by_email(first.id, today=TODAY)
    assert (outcome.is_filed, outcome.error, outcome.is_busy) == (False, BUSY, True)
    assert smtp_server.messages == []
    outcomes = jobs.file_by_email(campaign_id, today=TODAY)
    assert len(outcomes) == AGENCIES - 1 and all(o.is_filed for o in outcomes)


@pytest.fixture
def filed_then_corrected(seeded, lawyer_client, smtp_server):
    """A five-agency campaign, one request filed, then reworded and regenerated (correction)."""
    five_agencies()
    campaign = create_via_page(lawyer_client)
    lawyer_client.post(f"/campaigns/{campaign.id}/approve")
    lawyer_client.post(f"/campaigns/{campaign.id}/generate")
    first = campaigns.campaign_requests(campaign)[0]
    lawyer_client.post(f"/requests/{first.id}/file/email")
    lawyer_client.post(
        f"/campaigns/{campaign.id}/edit",
        data={
            "name": campaign.name,
            "template": "use-and-policy",
            "categories": ["use-policies", "contracts", "audit-logs", "training"],
            "date_from": "2019-01-01",
        },
    )
    lawyer_client.post(f"/campaigns/{campaign.id}/approve")
    lawyer_client.post(f"/campaigns/{campaign.id}/generate")
    db.session.expire_all()
    return first


@pytest.mark.slow
def test_a_lawyer_sends_the_drafted_correction_letter_by_email(
    filed_then_corrected, lawyer_client, smtp_server, app
):
    records_request = filed_then_corrected
    correction = next(r for r in records_request.letters if r.kind == "correction")
    assert correction.sent_at is None and len(smtp_server.messages) == 1
    shown = page(lawyer_client.get(f"/requests/{records_request.id}"))
    button = shown.one("#send-correction button")
    assert "Send the correction letter by email" in "".join(button.itertext())
    response = lawyer_client.post(f"/requests/{records_request.id}/correction/email")
    assert response.status_code == 302
    assert len(smtp_server.messages) == 2
    message = smtp_server.messages[-1]
    assert message["To"] == records_request.agency.email
    assert "correction" in message["Subject"]
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename().endswith("-correction.pdf")
    assert "This letter corrects our public records request" in pdf_text(attachment.get_content())
    db.session.expire_all()
    correction = db.session.get(RequestLetter, correction.id)
    assert correction.sent_at is not None
    sent = [c for c in records_request.communications if c.letter_id == correction.id]
    assert [(c.channel, c.tracking) for c in sent] == [("email", message["Message-ID"])]
    assert [e.kind for e in records_request.events] == ["filed", "received"]  # same clock
    assert db.session.scalar(select(AuditEvent).filter_by(action="request.correction_sent"))
    assert page(lawyer_client.get(f"/requests/{records_request.id}")).all("#send-correction") == []
    again = lawyer_client.post(
        f"/requests/{records_request.id}/correction/email", follow_redirects=True
    )
    assert any("no drafted correction letter" in f for f in page(again).flashes())
    assert len(smtp_server.messages) == 2


@pytest.mark.slow
def test_volunteers_cannot_send_a_correction(filed_then_corrected, volunteer_client, smtp_server):
    response = volunteer_client.post(f"/requests/{filed_then_corrected.id}/correction/email")
    assert response.status_code == 403
    assert len(smtp_server.messages) == 1


@pytest.mark.slow
def test_the_portal_confirmation_downloads_as_an_attachment(seeded, lawyer_client):
    five_agencies()
    campaign = create_via_page(lawyer_client)
    lawyer_client.post(f"/campaigns/{campaign.id}/approve")
    lawyer_client.post(f"/campaigns/{campaign.id}/generate")
    records_request = campaigns.campaign_requests(campaign)[1]
    lawyer_client.post(
        f"/requests/{records_request.id}/file/portal",
        content_type="multipart/form-data",
        data={
            "portal": "NextRequest",
            "submitted_on": "2026-11-02",
            "confirmation_number": "R-77",
            "confirmation": (io.BytesIO(b"<html><script>alert(1)</script>"), "receipt.html"),
        },
    )
    shown = page(lawyer_client.get(f"/requests/{records_request.id}"))
    download = shown.link("receipt.html").get("href")
    response = lawyer_client.get(download)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data == b"<html><script>alert(1)</script>"
    response.close()
