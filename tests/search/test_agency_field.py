"""The search form's Agency field: typed (with suggestions), never a list of every agency."""

from datetime import timedelta

import pytest

from foia import clock
from foia.extensions import db
from foia.requests.models import Communication
from tests.support.factories import create_agency
from tests.support.html import page
from tests.support.responses import filed_request, recent_monday

OTHERS = 40


@pytest.fixture
def two_replies(app):
    """A Clearview reply from Boston's and from Worcester's police, and 40 agencies more."""
    today = clock.today()
    for name, town in (("Boston Police Department", "Boston"), ("Worcester Police", "Worcester")):
        agency = create_agency(name, municipality=town)
        records_request = filed_request(recent_monday(today), agency=agency)
        db.session.add(
            Communication(
                records_request=records_request,
                direction="in",
                channel="email",
                occurred_on=today - timedelta(days=1),
                subject=f"Reply from {town}",
                body="Our Clearview AI trial ended.",
                sender="rao@town.gov",
            )
        )
    for n in range(OTHERS):
        create_agency(f"Quarry Hill Authority {n:02d}", email=f"q{n}@example.org")
    db.session.commit()


def test_the_page_no_longer_lists_every_agency(two_replies, volunteer_client):
    shown = page(volunteer_client.get("/search"))
    html = volunteer_client.get("/search").get_data(as_text=True)

    assert "Quarry Hill Authority" not in html and "Boston Police Department" not in html
    field = shown.by_label("Agency")
    assert field.tag.endswith("input") and field.get("list") == "agency-names"
    assert shown.all("#agency-names option") == []


def test_part_of_a_name_or_town_narrows_the_results(two_replies, volunteer_client):
    everywhere = page(volunteer_client.get("/search?q=clearview"))
    in_boston = page(volunteer_client.get("/search?q=clearview&agency=boston+POLICE"))
    by_town = page(volunteer_client.get("/search?q=clearview&agency=Worcester"))
    nowhere = page(volunteer_client.get("/search?q=clearview&agency=Atlantis"))

    assert len(everywhere.all(".hit")) == 2
    assert in_boston.texts(".hit h3") == ["Reply from Boston"]
    assert by_town.texts(".hit h3") == ["Reply from Worcester"]
    assert nowhere.all(".hit") == [] and "Nothing found." in nowhere.texts("ol.hits li")
    assert in_boston.by_label("Agency").get("value") == "boston POLICE"


def test_suggestions_are_the_first_matching_names(two_replies, volunteer_client):
    names = volunteer_client.get("/search/agency-names?q=quarry").get_json()
    assert names == [f"Quarry Hill Authority {n:02d}" for n in range(20)]
    assert volunteer_client.get("/search/agency-names?q=worc").get_json() == ["Worcester Police"]
    assert volunteer_client.get("/search/agency-names?q=q").get_json() == []
    assert volunteer_client.get("/search/agency-names?q=%25_\\").get_json() == []


def test_suggestions_need_a_login(two_replies, client):
    assert client.get("/search/agency-names?q=boston").status_code in (302, 401)


def test_a_name_too_long_says_so(two_replies, volunteer_client):
    response = volunteer_client.get("/search?q=clearview&agency=" + "x" * 201)

    assert response.status_code == 200
    shown = page(response)
    assert shown.all(".hit") == []
    assert "200" in shown.error_for("Agency")
