"""The deadline calculator offers only the agency levels the chosen law knows."""

from tests.support.html import Page


def _levels(html: str) -> list[str]:
    select = Page(html).by_label("Agency level")
    return [option.text for option in select.iter() if option.tag.endswith("option")]


def test_a_federal_request_offers_only_a_federal_agency(volunteer_client):
    query = {"jurisdiction": "US", "agency_level": "municipal", "received": "2026-11-02"}
    response = volunteer_client.get("/deadlines", query_string=query)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _levels(html) == ["Federal agency"]
    # 5 U.S.C. 552(a)(6)(A)(i): 20 business days from Mon 2 Nov 2026, skipping Veterans Day
    # (Wed 11 Nov) and Thanksgiving (Thu 26 Nov): Wed 2 Dec 2026.
    assert "Wed 02 Dec 2026" in html


def test_a_state_request_offers_town_county_and_state(volunteer_client):
    query = {"jurisdiction": "US-MA", "received": "2026-11-02"}
    html = volunteer_client.get("/deadlines", query_string=query).get_data(as_text=True)
    assert _levels(html) == ["Municipal", "County", "State agency"]
