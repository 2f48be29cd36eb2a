"""A filing that fails says why, in plain words, on the campaign page, the request page and the
dashboard's "Filing problems" list, not only in the worker's log (issue 16)."""

import pytest
from sqlalchemy import select

from foia.audit import Action, AuditEvent
from foia.campaigns import operations as campaigns
from foia.extensions import db
from foia.filing.operations import is_filed
from foia.filing.problems import open_problems
from tests.support.campaigns import create_via_page, five_agencies
from tests.support.html import page
from tests.support.servers import free_port

REASON = "Springfield Police Department has no email address on file."


@pytest.fixture
def failed(seeded, lawyer_client, runner, smtp_server):
    """A generated campaign whose worker run (the CLI, which has no preflight) left Springfield
    unfiled for want of an email address."""
    agencies = five_agencies()
    agencies[-1].email = ""
    db.session.commit()
    campaign = create_via_page(lawyer_client)
    lawyer_client.post(f"/campaigns/{campaign.id}/approve")
    lawyer_client.post(f"/campaigns/{campaign.id}/generate")
    result = runner.invoke(args=["campaigns", "file", str(campaign.id)])
    assert result.exit_code == 1
    return campaign


def _springfield(campaign):
    return next(
        r
        for r in campaigns.campaign_requests(campaign)
        if r.agency.name == "Springfield Police Department"
    )


def _campaign_problems(client, campaign) -> dict[str, str]:
    rows = page(client.get(f"/campaigns/{campaign.id}")).table(
        "section[aria-labelledby=agencies-heading] table"
    )
    return {row["Agency"].split(" preview")[0]: row["Problem"] for row in rows}


def _dashboard(client) -> list[dict[str, str]]:
    shown = page(client.get("/"))
    return shown.table("#filing-problems table") if shown.all("#filing-problems") else []


def test_a_failure_of_the_worker_is_kept_with_its_reason(failed):
    records_request = _springfield(failed)
    reasons = db.session.scalars(
        select(AuditEvent.data).filter_by(
            action=Action.REQUEST_FILING_FAILED, object_id=records_request.id
        )
    ).all()
    assert reasons == [{"reason": REASON}]


def test_the_reason_shows_on_the_campaign_request_and_dashboard(failed, volunteer_client):
    records_request = _springfield(failed)
    problems = _campaign_problems(volunteer_client, failed)
    assert problems["Springfield Police Department"] == REASON
    shown = page(volunteer_client.get(f"/requests/{records_request.id}"))
    assert REASON in shown.texts("#filing-problem p")[0]
    (row,) = _dashboard(volunteer_client)
    assert (row["Request"], row["Agency"], row["Why"]) == (
        records_request.reference,
        "Springfield Police Department",
        REASON,
    )


def test_fixing_the_address_and_filing_clears_the_problem(failed, lawyer_client, smtp_server):
    records_request = _springfield(failed)
    member = next(m for m in failed.members if m.agency_id == records_request.agency_id)
    lawyer_client.post(
        f"/campaigns/{failed.id}/agencies/{member.id}/contact",
        data={"value": "records@springfield.example.org"},
    )
    lawyer_client.post(f"/campaigns/{failed.id}/file")
    assert is_filed(records_request) and len(smtp_server.messages) == 5
    assert _campaign_problems(lawyer_client, failed)["Springfield Police Department"] == ""
    assert page(lawyer_client.get(f"/requests/{records_request.id}")).all("#filing-problem") == []
    assert _dashboard(lawyer_client) == []


def test_leaving_the_agency_out_takes_it_off_the_dashboard(failed, lawyer_client):
    member = next(m for m in failed.members if m.agency.name == "Springfield Police Department")
    lawyer_client.post(f"/campaigns/{failed.id}/agencies/{member.id}/leave-out")
    assert _dashboard(lawyer_client) == []


def test_an_email_the_server_would_not_take_is_listed_with_the_servers_words(
    seeded, lawyer_client, app, monkeypatch
):
    five_agencies()
    campaign = create_via_page(lawyer_client)
    lawyer_client.post(f"/campaigns/{campaign.id}/approve")
    lawyer_client.post(f"/campaigns/{campaign.id}/generate")
    monkeypatch.setitem(app.config, "SMTP_PORT", free_port())  # nothing listens there
    lawyer_client.post(f"/campaigns/{campaign.id}/file")
    listed = open_problems()
    assert len(listed) == 5
    assert all("refused the connection" in p.reason for p in listed)
    assert {row["Agency"] for row in _dashboard(lawyer_client)} == {
        r.agency.name for r in campaigns.campaign_requests(campaign)
    }
