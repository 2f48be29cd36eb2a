"""Campaign fixtures and helpers: the seeded codebook, the worker run in-process, a five-agency
campaign made through the page, and the text of a PDF.

A conftest (or test module) that needs the fixtures imports them by name; pytest finds fixtures
in its namespace.
"""

import io

import pypdf
import pytest
from sqlalchemy import select

from foia.agencies.models import Agency
from foia.campaigns.models import Campaign
from foia.extensions import db
from tests.support.letters import set_up_organisation

TOWNS = ("Boston", "Cambridge", "Somerville", "Worcester", "Springfield")


def pdf_text(content: bytes) -> str:
    """Return a PDF's text with whitespace collapsed (names wrap across lines)."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def five_agencies() -> list[Agency]:
    """Return five seeded police departments, each given an email address."""
    agencies = []
    for town in TOWNS:
        agency = db.session.scalar(select(Agency).filter_by(name=f"{town} Police Department"))
        agency.email = f"records@{town.lower()}-pd.example.org"
        agencies.append(agency)
    db.session.commit()
    return agencies


def agency_csv(names) -> tuple[io.BytesIO, str]:
    """Return an upload of a CSV list of agency names."""
    text = "name\n" + "".join(f"{n}\n" for n in names)
    return io.BytesIO(text.encode()), "agencies.csv"


def create_via_page(client, name="Press Pause 2026", categories=None, rows=None) -> Campaign:
    """Create a five-agency campaign through the page and return it."""
    data = {
        "name": name,
        "template": "use-and-policy",
        "categories": categories or ["use-policies", "contracts", "audit-logs"],
        "date_from": "2019-01-01",
        "agency_list": agency_csv(rows or [f"{t} Police Department" for t in TOWNS]),
    }
    response = client.post("/campaigns/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return db.session.scalar(select(Campaign).filter_by(name=name))


@pytest.fixture
def seeded(app, runner):
    """Load the reference data (templates, categories, Massachusetts agencies)."""
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    # Letters need the first-run setup (foia.letters.setup) before the first is drafted.
    set_up_organisation()


@pytest.fixture(autouse=True)
def inline_worker(app):
    """Run the campaign worker inside the request, so tests see its work at once."""
    old = app.config.get("CAMPAIGN_WORKER")
    app.config["CAMPAIGN_WORKER"] = "inline"
    yield
    app.config["CAMPAIGN_WORKER"] = old


@pytest.fixture
def generated(seeded, lawyer_client):
    """A five-agency campaign, approved and generated."""
    five_agencies()
    campaign = create_via_page(lawyer_client)
    lawyer_client.post(f"/campaigns/{campaign.id}/approve")
    lawyer_client.post(f"/campaigns/{campaign.id}/generate")
    return campaign
