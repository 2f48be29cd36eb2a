"""Mail capture (issue 16): with FOIA_MAIL_CAPTURE_DIR set, outgoing mail is written as .eml
files, counts as sent and is readable at /admin/outbox; never on unless set. And the demo: its
police departments have example.org contacts, so its campaign files end to end into the capture."""

from email import policy
from email.parser import BytesParser

import pytest
from sqlalchemy import select

from foia.agencies.models import Agency
from foia.campaigns import operations as campaigns
from foia.campaigns.models import Campaign
from foia.config import from_environment
from foia.extensions import db
from foia.filing.operations import is_filed
from foia.mail import OutboundEmail
from foia.seed.demo import DEMO_CAMPAIGN
from tests.support.campaigns import create_via_page, five_agencies, pdf_text
from tests.support.html import page
from tests.support.letters import set_up_organisation


@pytest.fixture
def capture(app, tmp_path, monkeypatch):
    """Turn mail capture on into a temporary directory (SMTP_PORT 1: nothing could be sent)."""
    folder = tmp_path / "outbox"
    monkeypatch.setitem(app.config, "MAIL_CAPTURE_DIR", str(folder))
    return folder


def _eml(folder):
    parser = BytesParser(policy=policy.default)
    return [parser.parsebytes(path.read_bytes()) for path in sorted(folder.glob("*.eml"))]


def test_capture_is_off_unless_set(tmp_path, monkeypatch):
    monkeypatch.delenv("FOIA_MAIL_CAPTURE_DIR", raising=False)
    monkeypatch.setenv("FOIA_SECRET_KEY", "test")
    assert from_environment(str(tmp_path))["MAIL_CAPTURE_DIR"] == ""
    monkeypatch.setenv("FOIA_MAIL_CAPTURE_DIR", "instance/outbox")
    assert from_environment(str(tmp_path))["MAIL_CAPTURE_DIR"] == "instance/outbox"


def test_a_captured_campaign_is_filed_into_files_and_readable_at_the_outbox(
    seeded, lawyer_client, admin_client, capture, app
):
    five_agencies()
    campaign = create_via_page(lawyer_client)
    lawyer_client.post(f"/campaigns/{campaign.id}/approve")
    lawyer_client.post(f"/campaigns/{campaign.id}/generate")
    lawyer_client.post(f"/campaigns/{campaign.id}/file")

    requests = campaigns.campaign_requests(campaign)
    assert all(is_filed(r) for r in requests)
    messages = _eml(capture)
    assert sorted(m["To"] for m in messages) == sorted(r.agency.email for r in requests)
    for message in messages:
        (attachment,) = list(message.iter_attachments())
        assert (
            message["To"].split("@")[1].split("-")[0] in pdf_text(attachment.get_content()).lower()
        )
    for records_request in requests:
        (communication,) = records_request.communications
        assert "not sent to any mail server" in communication.delivery_proof
    assert all(e.is_sent for e in db.session.scalars(select(OutboundEmail)))

    shown = page(admin_client.get("/admin/outbox"))
    assert shown.texts("#captured-heading") == ["Captured mail (5)"]
    summaries = shown.texts("#captured-mail summary")
    assert len(summaries) == 5
    first = requests[0]
    assert any(first.reference in s and first.agency.email in s for s in summaries)
    assert any(first.agency.name in text for text in shown.texts("#captured-mail pre"))


def test_without_capture_the_outbox_page_shows_no_captured_mail(admin_client):
    assert page(admin_client.get("/admin/outbox")).all("#captured-mail") == []


def test_the_demo_gives_police_departments_contacts_and_files_into_the_capture(
    app, runner, capture
):
    assert runner.invoke(args=["seed"]).exit_code == 0
    set_up_organisation()  # letters need the first-run setup (foia.letters.setup)
    for _ in range(2):  # a second run changes nothing
        result = runner.invoke(args=["seed", "--demo"])
        assert result.exit_code == 0, result.output
    pittsfield = db.session.scalar(select(Agency).filter_by(name="Pittsfield Police Department"))
    assert pittsfield.email == "records@pittsfieldpolice.example.org"
    assert pittsfield.address.splitlines()[1:] == [
        "Pittsfield Police Department",
        "Pittsfield, Massachusetts",
    ]
    departments = db.session.scalars(select(Agency).where(Agency.municipality.is_not(None)))
    assert all(a.email.endswith("police.example.org") for a in departments)
    # Left for a lawyer to fill in, as in the reference data: a campaign to them shows preflight.
    state_police = db.session.scalar(select(Agency).filter_by(name="Massachusetts State Police"))
    assert (state_police.email, state_police.address) == ("", "")

    campaign = db.session.scalar(select(Campaign).filter_by(name=DEMO_CAMPAIGN))
    result = runner.invoke(args=["campaigns", "file", str(campaign.id)])
    assert result.exit_code == 0, result.output
    (message,) = _eml(capture)
    assert message["To"] == "records@pittsfieldpolice.example.org"
    assert all(is_filed(r) for r in campaigns.campaign_requests(campaign))
