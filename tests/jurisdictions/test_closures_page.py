"""The closures page names agencies and places, never their internal numbers or codes."""

from tests.support.factories import create_agency, create_jurisdiction
from tests.support.html import Page


def test_a_closure_is_added_for_an_agency_picked_by_name(admin_client):
    massachusetts = create_jurisdiction("US-MA", "Massachusetts", "state")
    agency = create_agency("Salem Police Department", massachusetts, county="Essex")
    page = Page(admin_client.get("/admin/closures").get_data(as_text=True))
    picker = page.by_label("Or one agency")
    offered = [option.text for option in picker.iter() if option.tag.endswith("option")]
    assert offered == ["None: the whole jurisdiction", "Salem Police Department"]

    for data in (
        {"closed_on": "2026-12-08", "reason": "burst pipe", "agency_id": str(agency.id)},
        {"closed_on": "2026-12-09", "reason": "snow", "jurisdiction": "US-MA", "agency_id": ""},
    ):
        assert admin_client.post("/admin/closures", data=data).status_code == 302, data

    page = Page(admin_client.get("/admin/closures").get_data(as_text=True))
    assert page.texts("tbody td:nth-child(3)") == ["Massachusetts", "Salem Police Department"]
