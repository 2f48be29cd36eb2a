"""A campaign's agency list after creation (#18): a lawyer adds agencies and removes those not
filed; the campaign page, its preflight and the previews follow; the audit log keeps what a
removal discarded; a filed request, an unknown or a foreign agency changes nothing."""

import pytest
from sqlalchemy import func, select

from foia import clock
from foia.agencies.models import Agency
from foia.audit import Action, AuditEvent
from foia.campaigns import operations
from foia.campaigns.models import Campaign, CampaignAgency
from foia.documents.storage import store_for
from foia.extensions import db
from foia.requests.models import RecordsRequest, RequestLetter
from foia.requests.operations import add_event
from tests.support.campaigns import TOWNS, create_via_page, five_agencies, generated
from tests.support.html import page, text_of

__all__ = ["generated"]

pytestmark = pytest.mark.slow


def _agency(name: str) -> Agency:
    return db.session.scalar(select(Agency).filter_by(name=name))


def _members(campaign: Campaign) -> list[str]:
    db.session.expire_all()
    return [m.agency.name for m in db.session.get(Campaign, campaign.id).members]


def _audit(action: Action) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).filter_by(action=action)))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _preflight_agencies(client, campaign) -> list[str]:
    shown = page(client.get(f"/campaigns/{campaign.id}"))
    return shown.texts("#preflight-agencies tbody tr td:first-child a")


def _flash(response) -> str:
    return " ".join(page(response).texts(".flash"))


def test_an_agency_added_to_a_generated_campaign_gets_its_letter_at_once(generated, lawyer_client):
    newton = _agency("Newton Police Department")
    newton.email = "records@newton-pd.example.org"
    db.session.commit()
    form = page(lawyer_client.get(f"/campaigns/{generated.id}/agencies"))
    assert text_of(form.one(f"select#agency option[value='{newton.id}']")) == newton.name
    assert not form.all(f"select#agency option[value='{_agency('Boston Police Department').id}']")

    response = lawyer_client.post(
        f"/campaigns/{generated.id}/agencies/add", data={"agency": str(newton.id)}
    )
    assert response.status_code == 302
    shown = lawyer_client.get(response.location)
    assert "Their letters, in the approved wording, are being generated." in _flash(shown)
    assert _members(generated) == [f"{t} Police Department" for t in TOWNS] + [newton.name]
    request = operations.request_for(generated, newton)
    assert request.approved_at is not None and request.status == "approved"
    (letter,) = request.letters
    assert newton.name in letter.body_html
    assert operations.progress(generated).generated == 6
    # The campaign page lists it with its request, and its preview is there.
    rows = page(shown).all("section[aria-labelledby=agencies-heading] tbody tr")
    assert newton.name in text_of(rows[-1]) and request.reference in text_of(rows[-1])
    preview = lawyer_client.get(f"/campaigns/{generated.id}/preview?agency_id={newton.id}")
    assert page(preview).one("article.letter").get("aria-label") == f"Letter to {newton.name}"
    (event,) = _audit(Action.CAMPAIGN_AGENCIES_ADDED)
    assert event.object_id == generated.id and event.data["agencies"] == [newton.id]
    assert generated.agency_selection.endswith("; agencies added or removed since")


def test_an_agency_without_email_added_shows_in_the_preflight(generated, lawyer_client):
    newton = _agency("Newton Police Department")
    newton.email = ""
    db.session.commit()
    assert _preflight_agencies(lawyer_client, generated) == []
    lawyer_client.post(f"/campaigns/{generated.id}/agencies/add", data={"agency": str(newton.id)})
    assert _preflight_agencies(lawyer_client, generated) == [newton.name]


def test_agencies_added_before_approval_wait_for_it(seeded, lawyer_client):
    five_agencies()
    campaign = create_via_page(lawyer_client)
    newton = _agency("Newton Police Department")
    response = lawyer_client.post(
        f"/campaigns/{campaign.id}/agencies/add", data={"agency": str(newton.id)}
    )
    assert "Their letters are generated with the others, after approval." in _flash(
        lawyer_client.get(response.location)
    )
    assert _count(RecordsRequest) == 0
    assert len(_members(campaign)) == 6


def test_adding_every_matching_agency_skips_those_already_in(generated, lawyer_client):
    response = lawyer_client.post(
        f"/campaigns/{generated.id}/agencies/add-matching",
        data={"state": "US-MA", "county": "Suffolk", "kind": "police"},
    )
    assert response.status_code == 302
    expected = {
        a.name
        for a in operations.agencies_matching(
            operations.AgencyFilter(state="US-MA", county="Suffolk", kind="police")
        )
    }
    members = _members(generated)
    assert len(members) == len(set(members))  # Boston, in Suffolk, is not added twice
    assert expected <= set(members) and "Boston Police Department" in expected
    assert operations.progress(generated).generated == len(members)


def test_adding_with_no_filter_is_refused(generated, lawyer_client):
    response = lawyer_client.post(f"/campaigns/{generated.id}/agencies/add-matching", data={})
    assert response.status_code == 400
    assert text_of(page(response).one("#state-error")) == "Choose at least one filter."
    assert len(_members(generated)) == 5


def test_removing_an_agency_with_no_letter_needs_no_confirmation(seeded, lawyer_client):
    five_agencies()
    campaign = create_via_page(lawyer_client)
    cambridge = _agency("Cambridge Police Department")
    response = lawyer_client.post(
        f"/campaigns/{campaign.id}/agencies/remove", data={"agency_id": str(cambridge.id)}
    )
    assert response.status_code == 302
    assert "Cambridge Police Department is removed from the campaign." in _flash(
        lawyer_client.get(response.location)
    )
    assert "Cambridge Police Department" not in _members(campaign)
    preview = lawyer_client.get(f"/campaigns/{campaign.id}/preview?agency_id={cambridge.id}")
    assert preview.status_code == 404
    (event,) = _audit(Action.CAMPAIGN_AGENCY_REMOVED)
    assert event.data["request"] is None and event.data["letter_sha256"] is None


def test_removing_a_generated_letter_asks_first_then_logs_what_was_discarded(
    generated, lawyer_client, app
):
    somerville = _agency("Somerville Police Department")
    request = operations.request_for(generated, somerville)
    reference, sha256 = request.reference, request.letters[0].pdf_sha256
    url = f"/campaigns/{generated.id}/agencies/remove"

    asked = lawyer_client.post(url, data={"agency_id": str(somerville.id)})
    assert asked.status_code == 200
    warning = text_of(page(asked).one("[role=alert]"))
    assert f"discards its draft request {reference} and its approved letter" in warning
    db.session.expire_all()
    assert len(_members(generated)) == 5 and _count(RequestLetter) == 5  # nothing changed yet

    done = lawyer_client.post(url, data={"agency_id": str(somerville.id), "confirmed": "yes"})
    assert done.status_code == 302
    assert somerville.name not in _members(generated)
    assert db.session.scalar(select(RecordsRequest).filter_by(reference=reference)) is None
    assert _count(RequestLetter) == 4
    (event,) = _audit(Action.CAMPAIGN_AGENCY_REMOVED)
    assert event.data["request"] == reference
    assert event.data["letter_sha256"] == sha256 and event.data["was_approved"] is True
    assert reference in event.summary
    # The PDF is still in the store, found by the fingerprint the log keeps.
    assert store_for(app.config).get(sha256).startswith(b"%PDF")
    assert operations.progress(generated).generated == 4
    assert operations.progress(generated).total == 4


def test_a_filed_request_cannot_be_removed(generated, lawyer_client):
    worcester = _agency("Worcester Police Department")
    request = operations.request_for(generated, worcester)
    add_event(request, "filed", clock.today(), today=clock.today(), actor=None)
    db.session.commit()
    shown = page(lawyer_client.get(f"/campaigns/{generated.id}"))
    buttons = shown.texts("section[aria-labelledby=agencies-heading] button")
    assert f"Remove {worcester.name}" not in buttons
    assert "Remove Boston Police Department" in buttons

    for confirmed in ("", "yes"):
        response = lawyer_client.post(
            f"/campaigns/{generated.id}/agencies/remove",
            data={"agency_id": str(worcester.id), "confirmed": confirmed},
        )
        assert response.status_code == 302
        said = _flash(lawyer_client.get(response.location))
        assert f"request {request.reference} was filed: it cannot be removed" in said
    assert worcester.name in _members(generated)
    assert db.session.get(RecordsRequest, request.id) is not None
    assert _audit(Action.CAMPAIGN_AGENCY_REMOVED) == []


def test_a_draft_with_something_recorded_on_it_is_kept(generated, lawyer_client):
    boston = _agency("Boston Police Department")
    request = operations.request_for(generated, boston)
    add_event(request, "received", clock.today(), today=clock.today(), actor=None)
    db.session.commit()
    response = lawyer_client.post(
        f"/campaigns/{generated.id}/agencies/remove",
        data={"agency_id": str(boston.id), "confirmed": "yes"},
    )
    said = _flash(lawyer_client.get(response.location))
    assert "has messages, events, notes or files recorded on it" in said
    assert boston.name in _members(generated)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Choose an agency from the list."),
        ("abc", "Choose an agency from the list."),
        ("-3", "Choose an agency from the list."),
        ("99999999999999999999999", "Choose an agency from the list."),
        ("2147483647", "There is no agency number 2147483647."),
        ("BOSTON", "Choose an agency from the list."),
    ],
)
def test_an_unknown_agency_is_not_added(generated, lawyer_client, value, message):
    response = lawyer_client.post(f"/campaigns/{generated.id}/agencies/add", data={"agency": value})
    assert response.status_code == 400
    assert text_of(page(response).one("#agency-error")) == message
    assert len(_members(generated)) == 5
    assert _audit(Action.CAMPAIGN_AGENCIES_ADDED) == []


def test_an_agency_already_in_is_not_added_twice(generated, lawyer_client):
    boston = _agency("Boston Police Department")
    response = lawyer_client.post(
        f"/campaigns/{generated.id}/agencies/add", data={"agency": str(boston.id)}
    )
    assert response.status_code == 400
    assert text_of(page(response).one("#agency-error")) == (
        "Boston Police Department is in the campaign already."
    )
    assert _count(CampaignAgency) == 5


def test_a_foreign_or_unknown_agency_is_not_removed(generated, lawyer_client):
    other = create_via_page(
        lawyer_client, name="Another campaign", rows=["Newton Police Department"]
    )
    newton = _agency("Newton Police Department")
    for value in (str(newton.id), "0", "x", "2147483648", ""):
        response = lawyer_client.post(
            f"/campaigns/{generated.id}/agencies/remove", data={"agency_id": value}
        )
        assert response.status_code == 302
        said = _flash(lawyer_client.get(response.location))
        assert "That agency is not in this campaign; nothing was removed." in said
    assert len(_members(generated)) == 5
    assert _members(other) == [newton.name]


def test_the_only_agency_is_not_removed(seeded, lawyer_client):
    campaign = create_via_page(lawyer_client, name="One", rows=["Newton Police Department"])
    newton = _agency("Newton Police Department")
    response = lawyer_client.post(
        f"/campaigns/{campaign.id}/agencies/remove", data={"agency_id": str(newton.id)}
    )
    assert "is the campaign's only agency" in _flash(lawyer_client.get(response.location))
    assert _members(campaign) == [newton.name]


def test_volunteers_cannot_change_the_agency_list(generated, volunteer_client):
    boston = _agency("Boston Police Department")
    for path, data in (
        ("agencies/add", {"agency": "1"}),
        ("agencies/remove", {"agency_id": str(boston.id), "confirmed": "yes"}),
    ):
        response = volunteer_client.post(f"/campaigns/{generated.id}/{path}", data=data)
        assert response.status_code == 403
    assert len(_members(generated)) == 5
