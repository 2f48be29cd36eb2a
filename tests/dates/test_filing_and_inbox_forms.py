"""Filing by portal, mail and fax, the return receipt, a suggestion from the inbox, and a letter's
period of records: out-of-range dates are refused with the reason, never a server error."""

from datetime import timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from sqlalchemy import select

from foia import clock, dates
from foia.agencies.models import Agency
from foia.campaigns.models import Campaign
from foia.extensions import db
from foia.inbound.models import InboundEmail
from foia.requests.models import RecordsRequest
from tests.dates.helpers import FUZZ, as_date, check, date_texts, picture
from tests.support.html import page
from tests.support.inbound import a_request, card_data, import_mail, reply
from tests.support.letters import set_up_organisation
from tests.support.responses import email_bytes

COMPOSE = {
    "name": "Face recognition records",
    "template": "use-and-policy",
    "categories": ["use-policies"],
}


@pytest.fixture
def seeded(app, runner):
    """Load the reference data (templates, categories, Massachusetts agencies)."""
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    set_up_organisation()


def approved_request(client) -> RecordsRequest:
    """Return the test's approved, unfiled request, composing it the first time."""
    found = db.session.scalar(select(RecordsRequest))
    if found is not None:
        return found
    agency = db.session.scalars(select(Agency).order_by(Agency.id)).first()
    agency.email = "records@example.org"
    db.session.commit()
    created = client.post(
        "/requests/compose", data={**COMPOSE, "agency": agency.id, "action": "create"}
    )
    assert created.status_code == 302, created.get_data(as_text=True)[:2000]
    records_request = db.session.scalar(select(RecordsRequest))
    client.post(f"/requests/{records_request.id}/approve", follow_redirects=True)
    return records_request


FILINGS = {
    "portal": ("submitted_on", {"portal": "NextRequest", "confirmation_number": "R-1"}),
    "mail": ("mailed_on", {"certified_number": "7019 0000 1111"}),
    "fax": ("sent_on", {"fax_number": "617-555-0100"}),
}


@pytest.mark.slow
@FUZZ
@given(channel=st.sampled_from(sorted(FILINGS)), on=date_texts())
def test_filing_dates(seeded, lawyer_client, channel, on):
    records_request = approved_request(lawyer_client)
    field, extra = FILINGS[channel]
    before = picture()
    response = lawyer_client.post(
        f"/requests/{records_request.id}/file/{channel}",
        data={field: on, **extra},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert response.status_code == 200
    shown = " ".join(page(response).flashes())
    check(on, dates.PAST, accepted=picture() != before, before=before, shown=shown)


@pytest.mark.slow
def test_a_request_mailed_tomorrow_is_not_filed(seeded, lawyer_client):
    records_request = approved_request(lawyer_client)
    tomorrow = clock.today() + timedelta(days=1)

    response = lawyer_client.post(
        f"/requests/{records_request.id}/file/mail",
        data={"mailed_on": tomorrow.isoformat(), "certified_number": "1"},
        follow_redirects=True,
    )

    assert page(response).flashes() == [
        f"Not filed: Mailed on: The date cannot be after today ({dates.long_date(clock.today())})."
    ]
    assert records_request.events == []


@pytest.mark.slow
@FUZZ
@given(received_on=date_texts())
def test_return_receipt_dates(seeded, lawyer_client, received_on):
    records_request = approved_request(lawyer_client)
    if not records_request.events:
        mailed = lawyer_client.post(
            f"/requests/{records_request.id}/file/mail",
            data={"mailed_on": clock.today().isoformat(), "certified_number": "1"},
            follow_redirects=True,
        )
        assert records_request.events, page(mailed).flashes()
    before = picture()
    response = lawyer_client.post(
        f"/requests/{records_request.id}/return-receipt",
        data={"received_on": received_on},
        follow_redirects=True,
    )
    assert response.status_code == 200
    shown = " ".join(page(response).flashes())
    check(received_on, dates.RECEIVED, accepted=picture() != before, before=before, shown=shown)


@pytest.mark.slow
@FUZZ
@given(date_from=date_texts(), date_to=date_texts())
def test_the_period_of_records_asked_for_never_errors(seeded, lawyer_client, date_from, date_to):
    # The period is what the letter asks for, not a date of the request: any real date is
    # accepted (and shown in the preview); garbage is refused; nothing is stored by a preview.
    agency = db.session.scalars(select(Agency).order_by(Agency.id)).first()
    before = picture()
    response = lawyer_client.post(
        "/requests/compose",
        data={
            **COMPOSE,
            "agency": agency.id,
            "date_from": date_from,
            "date_to": date_to,
            "action": "preview",
        },
    )
    assert response.status_code == 200
    assert picture() == before
    start, end = as_date(date_from), as_date(date_to)
    if start and (not date_to or (end and end >= start)):
        assert page(response).all("article.letter")


def _suggested(app) -> InboundEmail:
    """Return a fresh reply to the test's request, suggesting a fee estimate."""
    found = db.session.scalar(select(RecordsRequest))
    return reply(app, found or a_request())


@pytest.mark.slow
@FUZZ
@given(received_on=date_texts())
def test_suggestion_dates(app, volunteer_client, received_on):
    inbound = _suggested(app)
    shown = page(volunteer_client.get(f"/inbox/{inbound.id}"))
    before = picture()
    response = volunteer_client.post(
        f"/inbox/{inbound.id}/suggestions/0",
        data=card_data(shown) | {"s0-received_on": received_on},
    )
    assert response.status_code in (302, 400)
    errors = " ".join(page(response).texts("#s0-received_on-error"))
    check(
        received_on, dates.PAST, accepted=response.status_code == 302, before=before, shown=errors
    )


def test_a_reply_dated_9999_is_shown_and_its_date_must_be_corrected(app, volunteer_client):
    records_request = a_request()
    raw = email_bytes(f"RE: {records_request.reference}", "We estimate the fee at $10.00.")
    raw = raw.replace(b"Date: ", b"Date: Fri, 31 Dec 9999 10:00:00 +0000\nX-Old-Date: ", 1)
    inbound = import_mail(app, raw)

    shown = volunteer_client.get(f"/inbox/{inbound.id}")
    assert shown.status_code == 200
    assert volunteer_client.get(f"/requests/{records_request.id}").status_code == 200
    refused = volunteer_client.post(
        f"/inbox/{inbound.id}/suggestions/0", data=card_data(page(shown))
    )
    assert refused.status_code == 400
    assert page(refused).texts("#s0-received_on-error") == [
        f"The date cannot be after today ({dates.long_date(clock.today())})."
    ]


@pytest.mark.slow
@FUZZ
@given(embargo_on=date_texts())
def test_embargo_dates(app, lawyer_client, embargo_on):
    assume(embargo_on.strip())  # no embargo at all is a valid answer: the tracker shows at once
    campaign = db.session.scalar(select(Campaign)) or Campaign(name="Embargoed")
    campaign.is_published, campaign.public_slug, campaign.embargo_on = False, None, None
    db.session.add(campaign)
    db.session.commit()
    before = picture()
    response = lawyer_client.post(
        f"/campaigns/{campaign.id}/publishing",
        data={"is_published": "y", "public_slug": "embargoed", "embargo_on": embargo_on},
        follow_redirects=True,
    )
    accepted = picture() != before
    assert response.status_code == (200 if accepted else 400)  # a refusal: the page again
    shown = page(response).error_for("Embargo: show nothing before")
    check(embargo_on, dates.EMBARGO, accepted=accepted, before=before, shown=shown)
