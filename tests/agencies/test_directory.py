"""The directory list and the agency page."""

import pytest
from sqlalchemy import event

from foia.agencies.models import Agency
from foia.extensions import db
from tests.support.factories import create_agency, create_jurisdiction
from tests.support.html import page, text_of, value_of


@pytest.fixture
def directory(app):
    """Three agencies in two states."""
    ma = create_jurisdiction()
    ri = create_jurisdiction("US-RI", "Rhode Island")
    return {
        "boston": create_agency(
            "Boston Police Department",
            ma,
            county="Suffolk",
            municipality="Boston",
            records_officer="Shawn Williams",
            email="records@boston.example.org",
        ),
        "suffolk": create_agency(
            "Suffolk County Sheriff", ma, level="county", county="Suffolk", kind="sheriff"
        ),
        "providence": create_agency(
            "Providence Police Department",
            ri,
            county="Providence",
            municipality="Providence",
            email="foia@providence.example",
        ),
    }


def names(response) -> list[str]:
    return [row["Name"] for row in page(response).table()]


def test_list_shows_every_agency_sorted_with_its_facts(volunteer_client, directory):
    response = volunteer_client.get("/agencies")

    assert response.status_code == 200
    rows = page(response).table()
    assert [row["Name"] for row in rows] == [
        "Boston Police Department",
        "Providence Police Department",
        "Suffolk County Sheriff",
    ]
    assert rows[0] == {
        "Name": "Boston Police Department",
        "Jurisdiction": "US-MA",
        "Level": "municipal",
        "Kind": "Police department",
        "County": "Suffolk",
        "Email": "records@boston.example.org",
    }
    assert text_of(page(response).one("#results-count")) == "3 agencies."


def test_each_row_links_to_the_agency_page(volunteer_client, directory):
    link = page(volunteer_client.get("/agencies")).link("Suffolk County Sheriff")

    assert link.get("href") == f"/agencies/{directory['suffolk'].id}"


def test_filters_have_visible_labels(volunteer_client, directory):
    listing = page(volunteer_client.get("/agencies"))

    for label in ("Search", "State", "County", "Level", "Kind"):
        assert listing.by_label(label) is not None
    assert listing.one('form[method="get"]') is not None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("boston", ["Boston Police Department"]),  # name, any case
        ("PROVIDENCE", ["Providence Police Department"]),  # municipality
        ("suffolk", ["Boston Police Department", "Suffolk County Sheriff"]),  # county
        ("shawn", ["Boston Police Department"]),  # records officer
        ("foia@providence", ["Providence Police Department"]),  # email
        ("nowhere", []),
        ("100%_", []),  # LIKE wildcards are taken literally
    ],
)
def test_search_is_case_insensitive_over_several_fields(
    volunteer_client, directory, query, expected
):
    response = volunteer_client.get("/agencies", query_string={"q": query})

    assert response.status_code == 200
    assert (names(response) if expected else []) == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"state": "US-RI"}, ["Providence Police Department"]),
        ({"county": "suffolk"}, ["Boston Police Department", "Suffolk County Sheriff"]),
        ({"level": "county"}, ["Suffolk County Sheriff"]),
        ({"kind": "sheriff"}, ["Suffolk County Sheriff"]),
        ({"state": "US-MA", "kind": "police"}, ["Boston Police Department"]),
    ],
)
def test_filters(volunteer_client, directory, filters, expected):
    response = volunteer_client.get("/agencies", query_string=filters)

    assert names(response) == expected
    listing = page(response)
    for name, value in filters.items():
        assert value_of(listing.by_label(name.capitalize())) == value  # the form keeps them


def test_an_unknown_filter_value_is_ignored(volunteer_client, directory):
    response = volunteer_client.get("/agencies", query_string={"level": "galactic"})

    assert response.status_code == 200
    assert len(names(response)) == 3


def test_pagination_shows_fifty_a_page_and_keeps_the_filters(volunteer_client, app):
    ma = create_jurisdiction()
    db.session.add_all(
        Agency(name=f"Agency {n:03}", jurisdiction=ma, level="municipal", kind="police")
        for n in range(120)
    )
    db.session.commit()

    first = page(volunteer_client.get("/agencies", query_string={"q": "agency"}))
    assert len(first.table()) == 50
    assert text_of(first.one("#results-count")) == "120 agencies match, showing 1–50."
    assert text_of(first.one(".pagination span")) == "Page 1 of 3"
    next_link = first.one('.pagination a[rel="next"]').get("href")
    assert "q=agency" in next_link

    last = page(volunteer_client.get(next_link.replace("page=2", "page=3")))
    assert [row["Name"] for row in last.table()] == [f"Agency {n:03}" for n in range(100, 120)]
    assert volunteer_client.get("/agencies?page=9").status_code == 404


def test_the_list_takes_two_queries_however_many_rows(volunteer_client, app):
    ma = create_jurisdiction()
    ri = create_jurisdiction("US-RI", "Rhode Island")
    db.session.add_all(
        Agency(name=f"Agency {n:03}", jurisdiction=(ma, ri)[n % 2], level="municipal")
        for n in range(60)
    )
    db.session.commit()
    volunteer_client.get("/agencies")  # warm up: the user and jurisdiction lookups
    statements = []

    def count(conn, cursor, statement, *args):
        if "agencies" in statement:
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = volunteer_client.get("/agencies", query_string={"q": "agency"})
    finally:
        event.remove(db.engine, "before_cursor_execute", count)

    assert len(page(response).table()) == 50
    assert len(statements) == 2, statements  # the page and its count, no query per row


def test_list_needs_a_login(client, directory):
    assert client.get("/agencies").status_code == 302


def test_agency_page_shows_every_contact_field(volunteer_client, app):
    from datetime import time

    agency = create_agency(
        records_officer="Jane Doe",
        email="records@springfield.example",
        portal_url="https://springfield.example/records",
        address="36 Court St\nSpringfield MA",
        phone="413-555-0100",
        fax="413-555-0101",
        notes="Ask for the Chief's office.",
        after_hours_cutoff=time(17, 0),
        municipality="Springfield",
    )

    response = volunteer_client.get(f"/agencies/{agency.id}")

    assert response.status_code == 200
    detail = page(response)
    facts = dict(zip(detail.texts(".facts dt"), detail.texts(".facts dd"), strict=True))
    assert facts["Records access officer"] == "Jane Doe"
    assert facts["Email"] == "records@springfield.example"
    assert facts["Request portal"] == "https://springfield.example/records"
    assert facts["Postal address"] == "36 Court St Springfield MA"
    assert facts["Phone"] == "413-555-0100"
    assert facts["Fax"] == "413-555-0101"
    assert facts["Notes"] == "Ask for the Chief's office."
    assert facts["After-hours cut-off"].startswith("17:00")
    assert facts["County"] == "Hampden"
    assert facts["City or town"] == "Springfield"
    portal = detail.link("https://springfield.example/records")
    assert portal.get("href") == "https://springfield.example/records"
    assert portal.get("rel") == "noopener noreferrer"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "data:text/html,x"])
def test_a_portal_url_that_is_not_http_is_not_a_link(volunteer_client, app, url):
    agency = create_agency(portal_url=url)

    detail = page(volunteer_client.get(f"/agencies/{agency.id}"))

    assert not [a for a in detail.all("a") if a.get("href") == url]


def test_unknown_agency_is_404(volunteer_client, app):
    assert volunteer_client.get("/agencies/999").status_code == 404


def test_markup_in_agency_fields_is_shown_as_text(volunteer_client, app):
    script = "<script>alert(1)</script>"
    agency = create_agency(script, notes=script, address='<img src=x onerror="alert(1)">')

    for url in ("/agencies", f"/agencies/{agency.id}"):
        rendered = page(volunteer_client.get(url))
        assert not [s for s in rendered.all("script") if "alert" in text_of(s)]
        assert not rendered.all("img")
        assert script in rendered.texts("h1, td a")


def test_search_folds_case_beyond_ascii_and_follows_edits(volunteer_client, app):
    agency = create_agency("Police de Québec", municipality="Straße")

    assert names(volunteer_client.get("/agencies?q=QUÉBEC")) == ["Police de Québec"]
    assert names(volunteer_client.get("/agencies?q=STRASSE")) == ["Police de Québec"]
    agency.email = "Records@Quebec.example"
    db.session.commit()
    assert names(volunteer_client.get("/agencies?q=records@quebec")) == ["Police de Québec"]
