"""The campaign page's words as a lawyer reads them: the agencies' count without an empty
"()", and a Due column that shows what is still awaited, never a deadline already met."""

from datetime import timedelta

from foia import clock
from foia.campaigns import operations
from foia.extensions import db
from foia.requests import operations as requests
from foia.requests.models import DeadlineSnapshot
from tests.support.factories import create_agency
from tests.support.html import page
from tests.support.responses import recent_monday


def _campaign():
    agencies = [create_agency(f"Town {i} Police Department") for i in range(3)]
    campaign = operations.create_campaign(
        {"name": "Due dates", "template_slug": "use-and-policy", "category_slugs": []},
        agencies,
        selection="",  # a campaign made outside the page (the demo's) records no selection
        actor=None,
    )
    filed_on = recent_monday(clock.today())
    made = []
    for member in campaign.members:
        records_request = requests.create_request(member.agency, "Q", owner=None, actor=None)
        records_request.campaign = campaign
        for kind in ("filed", "received"):
            requests.add_event(records_request, kind, filed_on, today=clock.today(), actor=None)
        made.append(records_request)
    answered, _, closed = made
    # The agency acknowledged within days: its response deadline is met; production runs on.
    requests.add_event(
        answered, "acknowledged", filed_on + timedelta(days=2), today=clock.today(), actor=None
    )
    requests.close_request(closed, "no_longer_needed", today=clock.today(), actor=None)
    db.session.commit()
    return campaign, answered, closed


def _due(shown, agency: str) -> str:
    return next(row["Due"] for row in shown.table() if row["Agency"].startswith(agency))


def test_due_is_what_is_still_awaited_and_nothing_for_a_closed_request(app, lawyer_client):
    campaign, answered, closed = _campaign()
    snapshots = {
        s.kind: s for s in db.session.query(DeadlineSnapshot).filter_by(request_id=answered.id)
    }
    met, running = snapshots["response"], snapshots["production_limit"]
    assert met.is_settled and not running.is_settled
    shown = page(lawyer_client.get(f"/campaigns/{campaign.id}"))

    due = _due(shown, answered.agency.name)
    assert due == running.due_on.strftime("%a %d %b %Y")  # the clocks macro's day()
    assert due != met.due_on.strftime("%a %d %b %Y")
    assert _due(shown, closed.agency.name) == "closed"


def test_the_agency_count_has_no_empty_brackets(app, lawyer_client):
    campaign, _, _ = _campaign()
    shown = page(lawyer_client.get(f"/campaigns/{campaign.id}"))
    facts = dict(zip(shown.texts("dl.facts dt"), shown.texts("dl.facts dd"), strict=False))
    assert facts["Agencies"] == "3"


def test_a_volunteer_finds_the_campaigns_findings_from_its_page(app, volunteer_client):
    campaign, _, _ = _campaign()
    shown = page(volunteer_client.get(f"/campaigns/{campaign.id}"))
    link = shown.link("Findings: what each agency disclosed, with its evidence").get("href")
    assert link == f"/campaigns/{campaign.id}/findings"
    assert volunteer_client.get(link).status_code == 200
    add_agencies = f"/campaigns/{campaign.id}/agencies"
    assert not [a for a in shown.all("a") if a.get("href") == add_agencies]  # still a lawyer's


def test_the_results_page_is_reached_from_the_campaign_page_and_leads_back(app, volunteer_client):
    campaign, _, _ = _campaign()
    shown = page(volunteer_client.get(f"/campaigns/{campaign.id}"))
    link = shown.link("Results: what each agency produced or withheld, by record category")
    results = page(volunteer_client.get(link.get("href")))
    assert results.link(f"← {campaign.name}").get("href") == f"/campaigns/{campaign.id}"


def test_a_campaign_names_its_template_not_its_stable_key(seeded, lawyer_client):
    campaign, _, _ = _campaign()
    shown = page(lawyer_client.get(f"/campaigns/{campaign.id}"))
    assert shown.texts("dt + dd")[0] == "Use and policy"  # was "use-and-policy"
    listed = page(lawyer_client.get("/campaigns")).table()
    assert [row["Template"] for row in listed if row["Campaign"] == "Due dates"] == [
        "Use and policy"
    ]
