"""The request page shows the latest messages of a long correspondence, and all on request."""

from datetime import timedelta

from foia import clock
from foia.extensions import db
from foia.requests.models import Communication
from foia.responses.sections import MESSAGES_SHOWN
from tests.support.html import page as parse
from tests.support.responses import filed_request, recent_monday


def test_long_correspondence_shows_the_latest_messages_and_links_to_all(app, volunteer_client):
    records_request = filed_request(recent_monday(clock.today()))
    first = recent_monday(clock.today())
    for n in range(MESSAGES_SHOWN + 5):
        db.session.add(
            Communication(
                records_request=records_request,
                direction="in",
                channel="email",
                occurred_on=first + timedelta(days=n // 10),
                subject=f"Message {n:03d}",
            )
        )
    db.session.commit()

    url = f"/requests/{records_request.id}"
    shown = parse(volunteer_client.get(url)).texts("ol.messages li.message h3")
    assert len(shown) == MESSAGES_SHOWN
    assert "Message 054" in shown[0] and "Message 005" in shown[-1], "newest first"
    assert parse(volunteer_client.get(url)).texts("#communications-heading ~ p a") == [
        f"Show all {MESSAGES_SHOWN + 5} messages"
    ]

    everything = parse(volunteer_client.get(url, query_string={"messages": "all"}))
    assert len(everything.texts("ol.messages li.message h3")) == MESSAGES_SHOWN + 5
