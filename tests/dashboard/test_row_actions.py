"""Each dashboard row carries its request's one next action as a button to where it is done
(issue 16), computed as the request page computes it, in statements that do not grow with rows."""

import uuid
from datetime import timedelta

import pytest

from foia import clock
from foia.extensions import db
from foia.filing import problems
from foia.inbound.models import DeliveryFailure, InboundEmail
from foia.requests import operations
from foia.seed.demo import business_days_before
from tests.support.html import Page, text_of
from tests.support.reminders import make_request
from tests.support.statements import statements_sent


def buttons(page: Page, list_id: str) -> dict[str, tuple[str, str]]:
    """Return {request reference: (button words, where it leads)} for one list's rows."""
    found = {}
    for row in page.all(f"#{list_id} tbody tr"):
        links = [e for e in row.iter() if e.tag.endswith("a")]
        reference = text_of(links[0])
        [button] = [a for a in links if "row-action" in (a.get("class") or "")] or [None]
        found[reference] = (text_of(button), button.get("href")) if button is not None else None
    return found


def add_failure(records_request) -> None:
    """Store a bounce of the request's filing, as the import of a DSN does."""
    inbound = InboundEmail(
        raw_sha256="0" * 64,
        dedup_key=f"<bounce.{uuid.uuid4().hex}@mailer-daemon.example.org>",
        kind="bounce",
        request_id=records_request.id,
    )
    db.session.add(
        DeliveryFailure(
            inbound_email=inbound,
            request_id=records_request.id,
            address="records@police.example.org",
            status="5.1.1",
            reason="No such user",
        )
    )
    db.session.commit()


def one_of_each(me) -> dict:
    """Requests in every list of the dashboard: overdue, due soon, waiting, appeals, problems."""
    today = clock.today()
    denied = today - timedelta(days=84)
    made = {
        "overdue": make_request(today, owner=me, received_business_days_ago=14),
        "soon": make_request(today, owner=me, received_business_days_ago=8),
        "fee": make_request(
            today,
            owner=me,
            received_business_days_ago=5,
            extra=[("fee_estimate", business_days_before(today, 1))],
        ),
        "appeal": make_request(
            denied, owner=me, received_business_days_ago=6, extra=[("denial", denied)]
        ),
    }
    draft = operations.create_request(made["soon"].agency, "Unfiled", owner=me, actor=me)
    problems.record_failure(draft, "The agency has no email address on file.")
    db.session.commit()
    made["draft"] = draft
    add_failure(made["soon"])
    return made


def test_every_list_row_carries_its_next_action_to_the_right_place(lawyer_client):
    made = one_of_each(lawyer_client.user)
    page = Page(lawyer_client.get("/").text)
    ref = {key: r.reference for key, r in made.items()}
    ids = {key: r.id for key, r in made.items()}

    assert buttons(page, "mine-overdue")[ref["overdue"]] == (
        "Follow up",
        f"/requests/{ids['overdue']}/follow-up",
    )
    assert buttons(page, "mine-due")[ref["soon"]] == (
        "Log a reply",
        f"/requests/{ids['soon']}/responses/new",
    )
    assert buttons(page, "mine-waiting")[ref["fee"]] == (
        "Answer the fee estimate",
        f"/requests/{ids['fee']}#fees-heading",
    )
    assert buttons(page, "mine-appeals")[ref["appeal"]] == (
        "Appeal",
        f"/requests/{ids['appeal']}#appeals-heading",
    )
    assert buttons(page, "filing-problems")[ref["draft"]] == (
        "File the request",
        f"/requests/{ids['draft']}#file",
    )
    assert buttons(page, "delivery-failed")[ref["soon"]] == (
        "Log a reply",
        f"/requests/{ids['soon']}/responses/new",
    )
    # The same action as the request page's header button.
    header = Page(lawyer_client.get(f"/requests/{ids['overdue']}").text)
    assert text_of(header.one(".request-header a.primary-action")) == "Follow up"


def test_a_volunteer_is_led_to_the_section_of_a_lawyers_action(volunteer_client):
    made = one_of_each(volunteer_client.user)
    page = Page(volunteer_client.get("/").text)
    overdue = made["overdue"]
    assert buttons(page, "mine-overdue")[overdue.reference] == (
        "Follow up",
        f"/requests/{overdue.id}#clocks-heading",
    )


def test_a_campaign_pages_rows_carry_their_actions(lawyer_client):
    from foia.campaigns.models import Campaign

    campaign = Campaign(name="Row actions")
    db.session.add(campaign)
    overdue = make_request(clock.today(), owner=None, received_business_days_ago=14)
    overdue.campaign = campaign
    db.session.commit()
    page = Page(lawyer_client.get(f"/dashboard/campaigns/{campaign.id}").text)
    assert buttons(page, f"c{campaign.id}-overdue")[overdue.reference][0] == "Follow up"


def test_a_closed_request_listed_for_its_bounce_has_no_action(lawyer_client):
    records_request = make_request(clock.today(), owner=lawyer_client.user)
    add_failure(records_request)
    operations.close_request(
        records_request, "no_longer_needed", today=clock.today(), actor=lawyer_client.user
    )
    db.session.commit()
    page = Page(lawyer_client.get("/").text)
    assert buttons(page, "delivery-failed") == {records_request.reference: None}


def test_after_an_appeal_decision_the_action_follows_the_whole_ledger(lawyer_client):
    today = clock.today()
    start = today - timedelta(days=120)
    steps = [("denial", start + timedelta(days=14)), ("appeal_filed", start + timedelta(days=20))]
    steps.append(("appeal_decided", start + timedelta(days=40)))
    decided = make_request(
        start, owner=lawyer_client.user, received_business_days_ago=1, extra=steps
    )
    add_failure(decided)
    page = Page(lawyer_client.get("/").text)
    header = Page(lawyer_client.get(f"/requests/{decided.id}").text)
    button = header.one(".request-header a.primary-action")
    # Denied again after the appeal, with the window open: the row and the page's header agree.
    assert text_of(button) == "Appeal"
    assert buttons(page, "delivery-failed")[decided.reference] == (
        text_of(button),
        f"/requests/{decided.id}{button.get('href')}",
    )


def statements_for(client, url: str) -> int:
    """Count the SQL statements one page view sends."""
    client.get(url)  # warm: the first view may load what later ones reuse
    with statements_sent() as sent:
        assert client.get(url).status_code == 200
    return len(sent)


@pytest.mark.slow
def test_the_buttons_add_no_statement_per_row(lawyer_client):
    me = lawyer_client.user
    made = one_of_each(me)
    start = clock.today() - timedelta(days=120)
    steps = [("denial", start + timedelta(days=14)), ("appeal_filed", start + timedelta(days=20))]
    steps.append(("appeal_decided", start + timedelta(days=40)))
    add_failure(make_request(start, owner=me, received_business_days_ago=1, extra=steps))
    one = statements_for(lawyer_client, "/")
    for _ in range(19):
        more = make_request(clock.today(), owner=me, received_business_days_ago=14)
        add_failure(more)
    page = Page(lawyer_client.get("/").text)
    assert len(buttons(page, "mine-overdue")) == 20
    assert made["overdue"].reference in buttons(page, "mine-overdue")
    assert statements_for(lawyer_client, "/") == one
