"""The public campaign page is kept between requests and rendered again as soon as it changes."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from foia import clock
from foia.agencies.models import Agency
from foia.campaigns.models import Campaign
from foia.documents import operations as documents
from foia.documents.models import Attachment
from foia.extensions import db
from foia.findings import operations as findings
from foia.findings.models import Finding
from foia.letters.models import OrganisationProfile
from foia.requests import operations as requests
from foia.requests.models import RecordsRequest
from tests.support.public import SLUG
from tests.support.statements import statements_sent

URL = f"/public/{SLUG}"


def _page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_second_visit_reads_only_the_campaign_and_its_fingerprint(tracker, client):
    first = _page(client)
    db.session.expunge_all()
    with statements_sent() as statements:
        again = _page(client)
    assert again == first
    assert len(statements) == 3  # the campaign, the organisation, the fingerprint


def _withdraw(tracker):
    attachment = db.session.get(Attachment, tracker["released_id"])
    documents.set_public(attachment, False, actor=None)


def _confirm_suggestion(tracker):
    suggested = db.session.scalars(db.select(Finding).where(Finding.decision.is_(None))).one()
    findings.confirm(suggested, None, "NeoFace")


def _answer(tracker):
    records_request = db.session.scalars(
        db.select(RecordsRequest).filter_by(agency_id=tracker["overdue_agency_id"])
    ).one()
    requests.add_event(records_request, "denial", clock.today(), today=clock.today(), actor=None)


def _appeal_decided(tracker):
    """A denial appealed and decided: the status is read from the whole ledger."""
    records_request = db.session.scalars(
        db.select(RecordsRequest).filter_by(agency_id=tracker["overdue_agency_id"])
    ).one()
    today = clock.today()
    for kind in ("denial", "appeal_filed", "appeal_decided"):
        requests.add_event(records_request, kind, today, today=today, actor=None)


def _rename(tracker):
    db.session.get(Agency, tracker["overdue_agency_id"]).name = "Renamed Police"


def _licence(tracker):
    db.session.add(OrganisationProfile(name="Org", data_licence="ODbL 1.0"))


@pytest.mark.parametrize(
    ("change", "gone", "shown"),
    [
        (_withdraw, "released-contract.txt", None),
        (_confirm_suggestion, None, "NeoFace"),
        (_answer, "Overdue: the agency", "Denied"),
        (_appeal_decided, "Overdue: the agency", "Denied"),
        (_rename, "Springfield Tracker Police", "Renamed Police"),
        (_licence, "none set; ask the organisation", "ODbL 1.0"),
    ],
)
def test_each_change_shows_at_once(tracker, client, change, gone, shown):
    before = _page(client)
    assert gone is None or gone in before
    assert shown is None or shown not in before
    change(tracker)
    db.session.commit()
    after = _page(client)
    assert gone is None or gone not in after
    assert shown is None or shown in after


def test_the_deadline_words_follow_the_day(tracker, client, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 1, 5, 17, 0, tzinfo=UTC))
    early = _page(client)
    monkeypatch.setattr(clock, "now", lambda: datetime(2030, 1, 5, 17, 0, tzinfo=UTC))
    assert _page(client) != early  # same rows, another day: rendered again


def test_unpublishing_is_never_kept(tracker, client):
    _page(client)
    db.session.execute(update(Campaign).values(is_published=False))
    db.session.commit()
    assert client.get(URL).status_code == 404
