"""The campaign page runs the same number of SQL statements for 5 agencies as for 50."""

from datetime import date

import pytest

from foia.campaigns import operations
from foia.extensions import db
from foia.mail import OutboundEmail
from foia.requests import operations as requests
from foia.requests.models import RequestLetter
from tests.support.factories import create_agency
from tests.support.letters import set_up_organisation
from tests.support.statements import statements_sent

TODAY = date(2026, 11, 2)


def _campaign(size: int, lawyer) -> int:
    """Build a campaign of `size` agencies: every letter drafted, every other request filed."""
    agencies = [create_agency(f"Agency {size}-{i}", county="Suffolk") for i in range(size)]
    campaign = operations.create_campaign(
        {"name": f"Campaign of {size}", "template_slug": "use-and-policy", "category_slugs": []},
        agencies,
        selection="test",
        actor=lawyer,
    )
    set_up_organisation(lawyer)
    operations.approve_campaign(campaign, actor=lawyer)
    for i, member in enumerate(campaign.members):
        records_request = requests.create_request(member.agency, "Q", owner=lawyer, actor=None)
        records_request.campaign, records_request.approved_at = campaign, campaign.approved_at
        letter = RequestLetter(kind="request", subject="S", body_html="<p>x</p>", body_text="x")
        records_request.letters.append(letter)
        member.letter_revision = campaign.revision
        db.session.flush()
        if i % 2:
            for kind in ("filed", "received"):
                requests.add_event(records_request, kind, TODAY, today=TODAY, actor=None)
        else:  # its filing email failed: the page says why
            db.session.add(
                OutboundEmail(
                    key=f"filing:letter:{letter.id}",
                    kind="filing",
                    to_addr="a@example.org",
                    subject="S",
                    body_text="x",
                    message_id="<m@example.org>",
                    last_error="ConnectionRefusedError",
                )
            )
    db.session.commit()
    return campaign.id


def _statements_for_page(client, campaign_id: int, size: int) -> int:
    db.session.expunge_all()  # nothing cached from building the data
    with statements_sent() as statements:
        response = client.get(f"/campaigns/{campaign_id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count("ConnectionRefusedError") == (size + 1) // 2
    return len(statements)


@pytest.mark.slow
def test_the_campaign_page_runs_a_constant_number_of_queries(lawyer_client):
    small = _campaign(5, lawyer_client.user)
    large = _campaign(50, lawyer_client.user)
    assert _statements_for_page(lawyer_client, small, 5) == _statements_for_page(
        lawyer_client, large, 50
    )


def test_the_campaign_page_does_not_fetch_its_letters_text(lawyer_client):
    campaign_id = _campaign(3, lawyer_client.user)
    db.session.expunge_all()
    with statements_sent() as statements:
        response = lawyer_client.get(f"/campaigns/{campaign_id}")
    assert response.status_code == 200
    # The page says which letter is current; their text (12 KB a letter) is never shown there.
    letters = [s for s in statements if "request_letters" in s]
    assert letters and not any("body_html" in s or "body_text" in s for s in letters)
    assert response.get_data(as_text=True).count("<td>current</td>") == 3
