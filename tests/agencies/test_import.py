"""Importing agencies from a CSV upload."""

import io

import pytest
from sqlalchemy import func, select

from foia.agencies.models import Agency
from foia.audit import AuditEvent
from foia.extensions import db
from tests.support.factories import create_agency, create_jurisdiction
from tests.support.html import page, text_of

GOOD_CSV = (
    "name,jurisdiction,level,kind,county,municipality,email,portal_url,phone\n"
    "Boston Police Department,US-MA,municipal,police,Suffolk,Boston,records@boston.example,"
    "https://boston.example/records,617-555-0100\n"
    "Massachusetts State Police,US-MA,state,state_police,,,msp@example.org,,\n"
    "Providence Police Department,US-RI,municipal,police,Providence,Providence,,,\n"
)


@pytest.fixture
def states(app):
    """Massachusetts and Rhode Island."""
    create_jurisdiction("US-RI", "Rhode Island")
    return create_jurisdiction()


def upload(client, content: bytes | str, dry_run: bool = False, filename: str = "agencies.csv"):
    if isinstance(content, str):
        content = content.encode("utf-8")
    data = {"file": (io.BytesIO(content), filename)}
    if dry_run:
        data["dry_run"] = "y"
    response = client.post("/agencies/import", data=data, content_type="multipart/form-data")
    # The test client spools a large body to a temporary file and never closes it.
    response.request.environ["wsgi.input"].close()
    return response


def agency_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Agency))


def counts(response) -> dict[str, str]:
    result = page(response)
    return dict(zip(result.texts("#counts dt"), result.texts("#counts dd"), strict=True))


def problems(response) -> list[tuple[str, str, str]]:
    return [(r["Row"], r["Column"], r["Problem"]) for r in page(response).table("#problems")]


def test_the_upload_form_has_labelled_controls(lawyer_client, states):
    form = page(lawyer_client.get("/agencies/import"))

    assert form.by_label("CSV file").get("type") == "file"
    assert form.by_label("Check only (dry run)").get("type") == "checkbox"


def test_a_dry_run_counts_and_changes_nothing(lawyer_client, states):
    create_agency("Boston Police Department", states, county="Suffolk")

    response = upload(lawyer_client, GOOD_CSV, dry_run=True)

    assert response.status_code == 200
    assert text_of(page(response).one("h1")) == "Import checked"
    assert counts(response) == {"To create": "2", "To update": "1", "Unchanged": "0"}
    assert agency_count() == 1
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_a_good_file_imports_every_row(lawyer_client, states):
    response = upload(lawyer_client, GOOD_CSV)

    assert response.status_code == 200
    assert counts(response) == {"Created": "3", "Updated": "0", "Unchanged": "0"}
    boston = db.session.scalar(select(Agency).filter_by(name="Boston Police Department"))
    assert (boston.jurisdiction.code, boston.county, boston.phone) == (
        "US-MA",
        "Suffolk",
        "617-555-0100",
    )
    assert boston.portal_url == "https://boston.example/records"
    msp = db.session.scalar(select(Agency).filter_by(name="Massachusetts State Police"))
    assert (msp.kind, msp.county, msp.municipality) == ("state_police", None, None)
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["agency.created"] * 3 + ["agency.imported"]


def test_importing_the_same_file_again_changes_nothing(lawyer_client, states):
    upload(lawyer_client, GOOD_CSV)

    response = upload(lawyer_client, GOOD_CSV)

    assert counts(response) == {"Created": "0", "Updated": "0", "Unchanged": "3"}
    assert agency_count() == 3


def test_reimport_updates_matching_agencies_ignoring_case(lawyer_client, states):
    agency = create_agency(
        "Boston Police Department",
        states,
        county="Suffolk",
        notes="Keep me",
        email="old@boston.example",
    )
    changed = GOOD_CSV.replace("Boston Police Department", "BOSTON police department").replace(
        "records@boston.example", "new@boston.example"
    )

    response = upload(lawyer_client, changed)

    assert counts(response) == {"Created": "2", "Updated": "1", "Unchanged": "0"}
    assert agency_count() == 3
    db.session.refresh(agency)
    assert agency.email == "new@boston.example"
    assert agency.name == "BOSTON police department"
    assert agency.notes == "Keep me"  # not a column of the file: left alone
    event = db.session.scalar(select(AuditEvent).filter_by(action="agency.updated"))
    assert event.object_id == agency.id
    assert event.data["old"]["email"] == "old@boston.example"
    assert event.data["new"]["email"] == "new@boston.example"


BAD_FILES = [
    pytest.param(
        GOOD_CSV + "Lowell PD,US-XX,municipal,police,,,,,\n",
        [("5", "jurisdiction", "Unknown jurisdiction “US-XX”: use a code such as US-MA.")],
        id="unknown jurisdiction",
    ),
    pytest.param(
        GOOD_CSV + "Lowell PD,US-MA,municipal,police,,,lowell-at-example,,\n",
        [("5", "email", "“lowell-at-example” is not an email address.")],
        id="email",
    ),
    pytest.param(
        GOOD_CSV + "Lowell PD,US-MA,municipal,police,,,,javascript:alert(1),\n",
        [("5", "portal_url", "Not a web address: it must start with http:// or https://.")],
        id="url",
    ),
    pytest.param(
        GOOD_CSV + "Lowell PD,US-MA,town,police,,,,,\n",
        [("5", "level", "Unknown level “town”: use one of federal, state, county, municipal.")],
        id="level",
    ),
    pytest.param(
        GOOD_CSV + "Lowell PD,US-MA,municipal,ninjas,,,,,\n",
        [
            (
                "5",
                "kind",
                "Unknown kind “ninjas”: use one of police, sheriff, state_police, "
                "prosecutor, registry, fusion_center, other.",
            )
        ],
        id="kind",
    ),
    pytest.param(
        GOOD_CSV + "Lowell PD,US-MA,municipal,police,,,,," + "5" * 41 + "\n",
        [("5", "phone", "Too long: 41 characters, at most 40.")],
        id="overlong",
    ),
    pytest.param(
        GOOD_CSV + "boston police department,us-ma,municipal,police,,,,,\n",
        [("5", "name", "Rows 2 and 5 are the same agency (same jurisdiction and name).")],
        id="duplicate",
    ),
    pytest.param(
        GOOD_CSV.replace("phone", "telephone"),
        [
            (
                "1",
                "telephone",
                "Unknown column “telephone”. Known columns: name, "
                "jurisdiction, level, county, email, portal_url, address, kind, municipality, "
                "records_officer, phone, fax, notes.",
            )
        ],
        id="unknown column",
    ),
    pytest.param(
        GOOD_CSV.replace("name,jurisdiction,level,", "name,jurisdiction,kind2,", 1).replace(
            "kind2,kind", "kind,kind2", 1
        ),
        None,
        id="missing column",
    ),
    pytest.param("", [("(file)", "", "The file is empty.")], id="empty"),
]


@pytest.mark.parametrize(("content", "expected"), BAD_FILES)
def test_a_file_with_a_bad_row_imports_nothing(lawyer_client, states, content, expected):
    before = agency_count()

    response = upload(lawyer_client, content)

    assert response.status_code == 400
    result = page(response)
    assert text_of(result.one("h1")) == "Problems in the file"
    if expected is not None:
        assert problems(response) == expected
    else:
        assert ("1", "level", "The required column “level” is missing.") in problems(response)
    assert agency_count() == before
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_a_file_that_is_not_utf8_gets_a_clear_message(lawyer_client, states):
    response = upload(lawyer_client, GOOD_CSV.replace("Boston", "Bostön").encode("cp1252"))

    assert response.status_code == 400
    assert problems(response) == [
        (
            "(file)",
            "",
            "The file is not UTF-8 text (unreadable byte on "
            "line 2). Save it as “CSV UTF-8” and import it again.",
        )
    ]
    assert agency_count() == 0


def test_a_utf8_file_with_a_bom_imports(lawyer_client, states):
    response = upload(lawyer_client, "\ufeff" + GOOD_CSV)

    assert response.status_code == 200
    assert agency_count() == 3


def test_a_file_over_the_limit_is_refused_before_parsing(lawyer_client, app, states):
    limit = app.config["AGENCY_IMPORT_MAX_BYTES"]
    assert limit == 5 * 1024 * 1024
    content = GOOD_CSV.encode() + b"x" * (limit + 1 - len(GOOD_CSV.encode()))

    response = upload(lawyer_client, content)

    assert response.status_code == 413
    assert page(response).error_for("CSV file") == (
        "The file is larger than 5 MB. Split it into smaller files and import each."
    )
    assert agency_count() == 0


def test_a_file_exactly_at_the_limit_is_parsed(lawyer_client, app, states):
    app.config["AGENCY_IMPORT_MAX_BYTES"], limit = 2000, app.config["AGENCY_IMPORT_MAX_BYTES"]
    try:
        padded = GOOD_CSV + "\n" * (2000 - len(GOOD_CSV))
        response = upload(lawyer_client, padded)
    finally:
        app.config["AGENCY_IMPORT_MAX_BYTES"] = limit

    assert response.status_code == 200
    assert agency_count() == 3


def test_a_50_mb_upload_gets_a_clear_page(lawyer_client, states):
    response = upload(lawyer_client, b"a,b\n" * (50 * 1024 * 1024 // 4))

    assert response.status_code == 413
    assert "larger than 5 MB" in page(response).error_for("CSV file")


def test_no_file_is_an_inline_error(lawyer_client, states):
    response = lawyer_client.post("/agencies/import", data={}, content_type="multipart/form-data")

    assert response.status_code == 400
    assert page(response).error_for("CSV file") == "Choose a CSV file to import."


def test_markup_in_a_file_is_stored_as_text_and_shown_escaped(lawyer_client, states):
    script = "<script>alert(1)</script>"
    content = f'name,jurisdiction,level,notes\n"{script}",US-MA,state,"<b>bold</b>"\n'

    upload(lawyer_client, content)

    agency = db.session.scalar(select(Agency))
    assert (agency.name, agency.notes) == (script, "<b>bold</b>")
    shown = page(lawyer_client.get(f"/agencies/{agency.id}"))
    assert text_of(shown.one("h1")) == script
    assert not [s for s in shown.all("script") if "alert" in text_of(s)]
    assert not shown.all("main b")


def test_markup_in_a_problem_is_shown_escaped(lawyer_client, states):
    response = upload(lawyer_client, "name,jurisdiction,level\nA,<script>alert(1)</script>,x\n")

    result = page(response)
    assert not [s for s in result.all("script") if "alert" in text_of(s)]
    assert problems(response)[0][2].startswith("Unknown jurisdiction “<script>alert(1)</script>”")
