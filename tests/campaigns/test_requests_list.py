"""The requests list: filters by campaign, agency, state, status, owner and due date."""

from datetime import date

import pytest

from foia.campaigns import operations
from foia.extensions import db
from foia.filing import operations as filing
from tests.support.campaigns import create_via_page, five_agencies
from tests.support.html import page


@pytest.mark.slow
def test_filters_and_order_by_next_deadline(seeded, lawyer_client):
    five_agencies()
    campaign = create_via_page(lawyer_client)
    lawyer_client.post(f"/campaigns/{campaign.id}/approve")
    lawyer_client.post(f"/campaigns/{campaign.id}/generate")
    boston, cambridge, somerville, *_ = operations.campaign_requests(campaign)
    for records_request, on in ((cambridge, date(2026, 11, 2)), (somerville, date(2026, 10, 1))):
        filing.file_by_fax(
            records_request, sent_on=on, fax_number="1", confirmation="", today=on, actor=None
        )
    db.session.commit()

    def references(query: str) -> list[str]:
        return page(lawyer_client.get(f"/requests?{query}")).texts("tbody td:first-child a")

    # Filed requests first, soonest next deadline first; drafts (no deadline) last.
    assert references(f"campaign_id={campaign.id}")[:2] == [
        somerville.reference,
        cambridge.reference,
    ]
    assert references("status=filed") == [somerville.reference, cambridge.reference]
    assert len(references("status=approved")) == 3
    assert references(f"agency_id={boston.agency_id}") == [boston.reference]
    assert len(references("state=US-MA")) == 5 and references("state=US-CA") == []
    assert references(f"owner_id={lawyer_client.user.id}&status=filed") == [
        somerville.reference,
        cambridge.reference,
    ]
    assert references("due_from=2026-11-03&due_to=2026-12-31") == [cambridge.reference]
    assert references("campaign_id=999") == []
