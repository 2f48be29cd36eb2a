"""Making a document public says where it can be read, or that nobody sees it yet: "is public"
alone misled while the campaign's tracker was not published."""

from foia import clock
from foia.campaigns.models import Campaign
from foia.documents import operations as documents
from foia.documents.storage import store_for
from foia.extensions import db
from tests.support.html import page
from tests.support.responses import filed_request, recent_monday


def _attachment(app):
    campaign = Campaign(name="Message")
    db.session.add(campaign)
    records_request = filed_request(recent_monday(clock.today()), campaign=campaign)
    upload = documents.Upload("contract.txt", b"A contract", "text/plain")
    attachment = documents.attach(
        upload,
        store=store_for(app.config),
        max_bytes=10**6,
        actor=None,
        request_id=records_request.id,
    )
    db.session.commit()
    return campaign, attachment


def _flash(client, attachment, public: str) -> list[str]:
    response = client.post(f"/attachments/{attachment.id}/public", data={"public": public})
    return page(client.get(response.headers["Location"])).texts(".flashes .flash")


def test_the_message_says_whether_anyone_can_see_the_document(app, lawyer_client):
    campaign, attachment = _attachment(app)
    assert _flash(lawyer_client, attachment, "yes") == [
        "contract.txt is public, but nobody sees it yet: the campaign's public tracker is not "
        "published (turn it on on the campaign's page)."
    ]
    assert _flash(lawyer_client, attachment, "no") == ["contract.txt is no longer public."]
    campaign.is_published, campaign.public_slug = True, "message"
    db.session.commit()
    assert _flash(lawyer_client, attachment, "yes") == [
        "contract.txt is public on /public/message."
    ]
