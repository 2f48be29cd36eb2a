"""CSV formula injection: no cell of any CSV export starts with =, +, -, @, tab or CR.

The organisation of tests.support.world is built with every text field starting with a
formula; each CSV export (agency scorecards, campaign results, the agencies export command, the
chronology ZIP's manifest) is fetched and every cell checked.
"""

import csv
import io
import zipfile

import pytest

from foia.agencies.csvio import escape_formula
from foia.responses.results import neutralise
from tests.support.sweeps import client_as, world_for

FORMULA = '=HYPERLINK("https://evil.example","x")+'
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def world(_session_app):
    """The organisation with every text field starting with a formula."""
    yield from world_for(_session_app, FORMULA)


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def formula_cells(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows for cell in row if cell.startswith(DANGEROUS_START)]


def exports(app, world) -> dict[str, str]:
    """Return each CSV export's text, by name."""
    client = client_as(app, world, "volunteer")
    ids = world["ids"]
    found = {
        "scorecards": client.get("/dashboard/agencies.csv").get_data(as_text=True),
        "results": client.get(f"/campaigns/{ids['campaign_id']}/results.csv").get_data(
            as_text=True
        ),
    }
    found["findings"] = client.get(f"/campaigns/{ids['campaign_id']}/findings.csv").get_data(
        as_text=True
    )
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(f"/requests/{ids['request_id']}/chronology.zip").get_data())
    )
    found["chronology manifest"] = archive.read("manifest.csv").decode()
    result = app.test_cli_runner().invoke(args=["agencies", "export"])
    assert result.exit_code == 0, result.output
    found["agencies export"] = result.output
    return found


@pytest.mark.slow
def test_every_csv_export_neutralises_formulas(_session_app, world):
    for name, text in exports(_session_app, world).items():
        rows = rows_of(text)
        assert len(rows) >= 2, f"{name} is empty"
        assert formula_cells(rows) == [], f"{name} has cells a spreadsheet would run"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["scorecards", "results", "agencies export", "findings"])
def test_the_formulas_are_in_the_export_as_text(_session_app, world, name):
    rows = rows_of(exports(_session_app, world)[name])
    assert any(cell == "'" + FORMULA + cell[len(FORMULA) + 1 :] for row in rows for cell in row), (
        f"{name} does not show the neutralised formula: the check above proves nothing"
    )


@pytest.mark.parametrize("start", DANGEROUS_START)
@pytest.mark.parametrize("neutraliser", [escape_formula, neutralise])
def test_each_dangerous_start_is_neutralised(neutraliser, start):
    assert not neutraliser(f"{start}1+1").startswith(DANGEROUS_START)
    assert neutraliser("Boston Police Department") == "Boston Police Department"
