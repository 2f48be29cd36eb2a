"""Adding and changing agencies."""

from datetime import time

import pytest
from sqlalchemy import func, select

from foia.agencies.models import Agency
from foia.audit import AuditEvent
from foia.extensions import db
from tests.support.factories import create_agency, create_jurisdiction
from tests.support.html import page, value_of

GOOD = {
    "name": "Worcester Police Department",
    "jurisdiction": "US-MA",
    "level": "municipal",
    "kind": "police",
    "county": "Worcester",
    "municipality": "Worcester",
    "records_officer": "Pat Lee",
    "email": "records@worcester.example",
    "portal_url": "https://worcester.example/records",
    "address": "9-11 Lincoln Square\nWorcester MA 01608",
    "phone": "508-555-0100",
    "fax": "508-555-0101",
    "notes": "Prefers the portal.",
    "after_hours_cutoff": "16:30",
}


@pytest.fixture
def states(app):
    """Massachusetts, Rhode Island, the federal government, and a city (not selectable)."""
    ma = create_jurisdiction()
    create_jurisdiction("US-RI", "Rhode Island")
    create_jurisdiction("US", "United States", level="federal")
    create_jurisdiction("US-MA:boston", "Boston", level="municipal", parent=ma)
    return ma


def agency_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Agency))


def test_lawyer_adds_an_agency(lawyer_client, states):
    response = lawyer_client.post("/agencies/new", data=GOOD)

    assert response.status_code == 302
    agency = db.session.scalar(select(Agency))
    assert response.headers["Location"] == f"/agencies/{agency.id}"
    assert (agency.name, agency.jurisdiction.code, agency.county) == (
        "Worcester Police Department",
        "US-MA",
        "Worcester",
    )
    assert agency.after_hours_cutoff == time(16, 30)
    assert agency.address == "9-11 Lincoln Square\nWorcester MA 01608"
    shown = page(lawyer_client.get(response.headers["Location"]))
    assert shown.flashes() == ["Added Worcester Police Department."]


def test_adding_writes_an_audit_event(lawyer_client, states):
    lawyer_client.post("/agencies/new", data=GOOD)

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "agency.created"))
    agency = db.session.scalar(select(Agency))
    assert event.object_type == "agency"
    assert event.object_id == agency.id
    assert event.user_id == lawyer_client.user.id
    assert event.data["new"]["name"] == "Worcester Police Department"
    assert event.data["new"]["jurisdiction"] == "US-MA"
    assert event.data["new"]["after_hours_cutoff"] == "16:30:00"


def test_form_offers_only_federal_and_state_jurisdictions(lawyer_client, states):
    form = page(lawyer_client.get("/agencies/new"))

    select_ = form.by_label("Jurisdiction (whose law applies)")
    values = [o.get("value") for o in select_.iter() if o.tag.endswith("option")]
    assert values == ["US", "US-MA", "US-RI"]
    for label in (
        "Name",
        "Level",
        "Kind",
        "County",
        "City or town",
        "Records access officer",
        "Email",
        "Request portal URL",
        "Postal address",
        "Phone",
        "Fax",
        "Notes",
        "After-hours cut-off",
    ):
        assert form.by_label(label) is not None


@pytest.mark.parametrize(
    ("field", "value", "label", "message"),
    [
        ("name", "", "Name", "This field is required."),
        ("name", "x" * 201, "Name", "Field cannot be longer than 200 characters."),
        ("email", "not-an-email", "Email", "Invalid email address."),
        (
            "portal_url",
            "javascript:alert(1)",
            "Request portal URL",
            "Enter a web address starting with http:// or https://.",
        ),
        (
            "portal_url",
            "ftp://files.example",
            "Request portal URL",
            "Enter a web address starting with http:// or https://.",
        ),
        ("jurisdiction", "US-MA:boston", "Jurisdiction (whose law applies)", "Not a valid choice."),
        ("level", "galactic", "Level", "Not a valid choice."),
        ("after_hours_cutoff", "25:99", "After-hours cut-off", "Not a valid time value."),
        ("phone", "1" * 41, "Phone", "Field cannot be longer than 40 characters."),
    ],
)
def test_bad_values_get_inline_errors(lawyer_client, states, field, value, label, message):
    response = lawyer_client.post("/agencies/new", data={**GOOD, field: value})

    assert response.status_code == 400
    assert page(response).error_for(label) == message
    assert agency_count() == 0


def test_duplicate_name_in_the_same_jurisdiction_is_refused(lawyer_client, states):
    create_agency("Worcester Police Department", states)

    response = lawyer_client.post(
        "/agencies/new", data={**GOOD, "name": "worcester police department"}
    )

    assert response.status_code == 400
    assert page(response).error_for("Name") == (
        "US-MA already has an agency called “worcester police department”."
    )
    assert agency_count() == 1


def test_same_name_in_another_jurisdiction_is_fine(lawyer_client, states):
    create_agency("Worcester Police Department", states)

    response = lawyer_client.post("/agencies/new", data={**GOOD, "jurisdiction": "US-RI"})

    assert response.status_code == 302
    assert agency_count() == 2


def test_edit_form_shows_current_values(lawyer_client, states):
    agency = create_agency(email="a@example.org", kind="sheriff", after_hours_cutoff=time(17))

    form = page(lawyer_client.get(f"/agencies/{agency.id}/edit"))

    assert value_of(form.by_label("Name")) == "Springfield Police Department"
    assert value_of(form.by_label("Jurisdiction (whose law applies)")) == "US-MA"
    assert value_of(form.by_label("Kind")) == "sheriff"
    assert value_of(form.by_label("Email")) == "a@example.org"
    assert value_of(form.by_label("After-hours cut-off")) == "17:00"


def test_lawyer_edits_an_agency_and_the_change_is_audited(lawyer_client, states):
    agency = create_agency(email="old@example.org")
    data = {**GOOD, "name": agency.name, "email": "new@example.org"}

    response = lawyer_client.post(f"/agencies/{agency.id}/edit", data=data)

    assert response.status_code == 302
    db.session.refresh(agency)
    assert agency.email == "new@example.org"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "agency.updated"))
    assert event.object_id == agency.id
    assert event.user_id == lawyer_client.user.id
    assert event.data["old"]["email"] == "old@example.org"
    assert event.data["new"]["email"] == "new@example.org"
    assert "name" not in event.data["new"]  # only what changed


def test_saving_an_agency_under_its_own_name_is_not_a_duplicate(lawyer_client, states):
    agency = create_agency("Worcester Police Department")

    response = lawyer_client.post(f"/agencies/{agency.id}/edit", data=GOOD)

    assert response.status_code == 302


def test_renaming_onto_another_agency_is_refused(lawyer_client, states):
    create_agency("Worcester Police Department")
    other = create_agency("Springfield Police Department")

    response = lawyer_client.post(f"/agencies/{other.id}/edit", data=GOOD)

    assert response.status_code == 400
    assert "already has an agency" in page(response).error_for("Name")
    db.session.refresh(other)
    assert other.name == "Springfield Police Department"


def test_editing_an_unknown_agency_is_404(lawyer_client, states):
    assert lawyer_client.get("/agencies/999/edit").status_code == 404


@pytest.mark.parametrize("url", ["/agencies/new", "/agencies/{id}/edit", "/agencies/import"])
def test_volunteers_may_not_add_edit_or_import(volunteer_client, states, url):
    agency = create_agency()
    url = url.format(id=agency.id)

    assert volunteer_client.get(url).status_code == 403
    assert volunteer_client.post(url, data=GOOD).status_code == 403
    assert agency_count() == 1


def test_volunteers_see_no_edit_links(volunteer_client, states):
    agency = create_agency()

    listing = page(volunteer_client.get("/agencies"))
    detail = page(volunteer_client.get(f"/agencies/{agency.id}"))

    assert "Add an agency" not in listing.texts("a")
    assert "Edit agency" not in detail.texts("a")


def test_admins_may_add_agencies(admin_client, states):
    assert admin_client.post("/agencies/new", data=GOOD).status_code == 302
