"""`flask agencies import` and `flask agencies export`."""

import csv
import io

import pytest
from sqlalchemy import func, select

from foia.agencies.models import Agency
from foia.extensions import db
from tests.support.factories import create_agency, create_jurisdiction

HEADER = [
    "name",
    "jurisdiction",
    "level",
    "county",
    "email",
    "portal_url",
    "address",
    "kind",
    "municipality",
    "records_officer",
    "phone",
    "fax",
    "notes",
]


@pytest.fixture
def directory(app):
    """Agencies in two states, created out of order."""
    ma = create_jurisdiction()
    ri = create_jurisdiction("US-RI", "Rhode Island")
    create_agency("Worcester Police Department", ma, county="Worcester", phone="+1 508 555 0100")
    create_agency("Providence Police Department", ri, county="Providence")
    create_agency(
        "Boston Police Department",
        ma,
        county="Suffolk",
        address="1 Schroeder Plaza\nBoston, MA",
        notes='Say "please"',
    )
    create_agency('=HYPERLINK("http://evil.example")', ma, county=None)
    return ma


def agency_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Agency))


def export(runner, *args) -> list[dict[str, str]]:
    result = runner.invoke(args=["agencies", "export", *args])
    assert result.exit_code == 0, result.output
    reader = csv.DictReader(io.StringIO(result.stdout, newline=""))
    assert reader.fieldnames == HEADER
    return list(reader)


def test_export_writes_every_agency_by_jurisdiction_then_name(runner, directory):
    rows = export(runner)

    assert [(r["jurisdiction"], r["name"]) for r in rows] == [
        ("US-MA", '\'=HYPERLINK("http://evil.example")'),
        ("US-MA", "Boston Police Department"),
        ("US-MA", "Worcester Police Department"),
        ("US-RI", "Providence Police Department"),
    ]
    boston = rows[1]
    assert boston["address"] == "1 Schroeder Plaza\nBoston, MA"
    assert boston["notes"] == 'Say "please"'
    assert boston["county"] == "Suffolk"


def test_export_of_one_jurisdiction(runner, directory):
    rows = export(runner, "--jurisdiction", "US-MA")

    assert {r["jurisdiction"] for r in rows} == {"US-MA"}
    assert len(rows) == 3


def test_export_neutralises_formulas(runner, directory):
    rows = export(runner, "--jurisdiction", "US-MA")

    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'+1 508 555 0100" in cells


def test_export_of_an_unknown_jurisdiction_exits_2(runner, directory):
    result = runner.invoke(args=["agencies", "export", "--jurisdiction", "US-XX"])

    assert result.exit_code == 2
    assert "no federal or state jurisdiction has the code 'US-XX'" in result.output


def test_an_export_imports_back_unchanged(runner, directory, tmp_path):
    path = tmp_path / "agencies.csv"
    path.write_text(runner.invoke(args=["agencies", "export"]).stdout, newline="")
    before = {(a.name, a.phone, a.address, a.county) for a in db.session.scalars(select(Agency))}

    result = runner.invoke(args=["agencies", "import", str(path)])

    assert result.exit_code == 0, result.output
    assert result.stdout == "0 were created, 0 were updated, 4 unchanged.\n"
    db.session.expire_all()
    after = {(a.name, a.phone, a.address, a.county) for a in db.session.scalars(select(Agency))}
    assert after == before


def test_an_export_loads_into_an_empty_directory(runner, directory, tmp_path):
    path = tmp_path / "agencies.csv"
    path.write_text(runner.invoke(args=["agencies", "export"]).stdout, newline="")
    original = export(runner)
    db.session.execute(Agency.__table__.delete())
    db.session.commit()

    result = runner.invoke(args=["agencies", "import", str(path)])

    assert result.stdout == "4 were created, 0 were updated, 0 unchanged.\n"
    assert export(runner) == original


def test_import_dry_run_changes_nothing(runner, app, tmp_path):
    create_jurisdiction()
    path = tmp_path / "a.csv"
    path.write_text("name,jurisdiction,level\nLowell PD,US-MA,municipal\n")

    result = runner.invoke(args=["agencies", "import", str(path), "--dry-run"])

    assert result.exit_code == 0
    assert (
        result.stdout == "1 would be created, 0 would be updated, 0 unchanged.\n"
        "Dry run: nothing was changed.\n"
    )
    assert agency_count() == 0


def test_import_commits(runner, app, tmp_path):
    create_jurisdiction()
    path = tmp_path / "a.csv"
    path.write_text("name,jurisdiction,level\nLowell PD,US-MA,municipal\n")

    result = runner.invoke(args=["agencies", "import", str(path)])

    assert result.exit_code == 0
    db.session.rollback()  # what was committed survives
    assert agency_count() == 1


def test_import_prints_problems_and_exits_1(runner, app, tmp_path):
    create_jurisdiction()
    path = tmp_path / "a.csv"
    path.write_text(
        "name,jurisdiction,level,email\nLowell PD,US-MA,municipal,x\nLynn PD,US-ZZ,municipal,\n"
    )

    result = runner.invoke(args=["agencies", "import", str(path)])

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "row 2, column email: “x” is not an email address.",
        "row 3, column jurisdiction: Unknown jurisdiction “US-ZZ”: use a code such as US-MA.",
        "2 problem(s); nothing was imported.",
    ]
    assert agency_count() == 0


def test_import_refuses_a_file_over_the_limit(runner, app, tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * (app.config["AGENCY_IMPORT_MAX_BYTES"] + 1))

    result = runner.invoke(args=["agencies", "import", str(path)])

    assert result.exit_code == 1
    assert "larger than 5 MB" in result.stderr
