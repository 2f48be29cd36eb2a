"""A NUL character in any form or query value is dropped before the app sees it (never a 500).

PostgreSQL refuses NUL in text, so before this a pasted NUL failed the save with a database error
that named no field; every form and filter reads request.form or request.args, cleaned once.
"""

import pytest
from sqlalchemy import select

from foia.agencies.models import Agency
from foia.extensions import db
from tests.support.factories import create_jurisdiction
from tests.support.html import page

GOOD = {
    "name": "Worcester Police Department",
    "jurisdiction": "US-MA",
    "level": "municipal",
    "kind": "police",
    "email": "records@worcester.example",
    "notes": "Prefers the portal.",
}


@pytest.fixture
def states(app):
    """Massachusetts, where the agency is added."""
    return create_jurisdiction()


def test_a_nul_in_a_form_value_is_dropped_and_the_rest_is_saved(lawyer_client, states):
    data = {**GOOD, "name": "Worcester\x00 Police Department", "notes": "Pre\x00fers the portal."}

    response = lawyer_client.post("/agencies/new", data=data)

    assert response.status_code == 302
    agency = db.session.scalar(select(Agency))
    assert agency.name == "Worcester Police Department"
    assert agency.notes == "Prefers the portal."


def test_a_nul_in_a_field_name_or_the_query_string_is_not_a_server_error(lawyer_client, states):
    listing = lawyer_client.get("/agencies?q=Worc\x00ester&jurisdiction=US-M\x00A")
    assert listing.status_code == 200
    assert page(listing).texts("h1")

    response = lawyer_client.post("/agencies/new", data={**GOOD, "na\x00me": "ignored"})
    assert response.status_code == 302
    assert db.session.scalar(select(Agency.name)) == GOOD["name"]
