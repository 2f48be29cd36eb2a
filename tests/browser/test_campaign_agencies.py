"""A lawyer changes a generated campaign's agencies (#18): adds one by typing its name, which gets
its letter at once and shows in the preflight, and removes two after confirming, which takes them
off the campaign page, its previews and its preflight."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import LiveServer, assert_accessible, log_in
from tests.support.campaigns import TOWNS, five_agencies
from tests.support.letters import set_up_organisation

NEWTON = "Newton Police Department"
WORKER_TIMEOUT_MS = 90_000


@pytest.fixture
def inline_worker(live_server: LiveServer):
    """Generate letters inside the request, so the page shows them when it loads."""
    config = live_server.app.config
    old = config.get("CAMPAIGN_WORKER")
    config["CAMPAIGN_WORKER"] = "inline"
    yield
    config["CAMPAIGN_WORKER"] = old


def _seed(live_server: LiveServer) -> None:
    def seed():
        from sqlalchemy import select

        from foia.agencies.models import Agency
        from foia.extensions import db

        assert live_server.app.test_cli_runner().invoke(args=["seed"]).exit_code == 0
        set_up_organisation()
        five_agencies()
        db.session.scalar(select(Agency).filter_by(name=NEWTON)).email = ""
        db.session.commit()

    live_server.run(seed)


def _generated_campaign(page: Page) -> None:
    page.get_by_role("link", name="Campaigns").click()
    page.get_by_role("link", name="New campaign").click()
    page.get_by_label("Start from the template").select_option("use-and-policy")
    page.get_by_role("button", name="Tick its categories").click()
    page.get_by_label("Campaign name").fill("Press Pause agencies")
    csv = "name\n" + "".join(f"{t} Police Department\n" for t in TOWNS)
    page.get_by_label(re.compile("Or upload a list of agencies")).set_input_files(
        {"name": "towns.csv", "mimeType": "text/csv", "buffer": csv.encode()}
    )
    page.get_by_role("button", name="Create the campaign").click()
    page.get_by_role("button", name="Approve revision 1").click()
    # Inline, the letters are drafted (PDFs rendered) before the page answers.
    page.get_by_role("button", name="Generate the letters").click(timeout=WORKER_TIMEOUT_MS)
    expect(page.locator("[data-count=generated]")).to_have_text("5")


def _remove(page: Page, name: str) -> None:
    page.get_by_role("button", name=f"Remove {name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Remove {name} from the campaign?")
    expect(page.get_by_role("alert")).to_contain_text("discards its draft request")
    page.get_by_role("button", name=f"Remove {name} and discard its letter").click()
    expect(page.get_by_text(f"{name} is removed from the campaign.")).to_be_visible()


def test_lawyer_adds_and_removes_agencies_of_a_generated_campaign(
    page: Page, live_server: LiveServer, inline_worker
):
    _seed(live_server)
    lawyer = live_server.create_account("lawyer", name="Lee Lawyer")
    page.goto("/login")
    log_in(page, lawyer.email, lawyer.password)
    _generated_campaign(page)
    preflight = page.get_by_role("region", name=re.compile("^Before filing"))
    expect(preflight.get_by_role("heading")).to_have_text("Before filing")
    agencies = page.get_by_role("region", name="Agencies and their requests")

    # Add Newton by typing its name: its letter is generated with the approved wording, and it
    # lacks an email address, so the preflight lists it.
    page.get_by_role("link", name="Add agencies").click()
    # Until the page has loaded, the agency is still the plain select the script turns into a
    # text box (both have the combobox role): a busy CI machine once found the select.
    page.wait_for_url(re.compile(r"/campaigns/\d+/agencies"), wait_until="load")
    page.get_by_role("combobox", name="Agency to add").fill(NEWTON)
    assert_accessible(page)
    page.get_by_role("button", name="Add the agency").click(timeout=WORKER_TIMEOUT_MS)
    expect(page.get_by_text(re.compile(f"^Added {NEWTON}. Their letters"))).to_be_visible()
    expect(page.locator("[data-count=generated]")).to_have_text("6")
    expect(preflight.get_by_role("heading")).to_have_text(
        "Before filing: 1 agency lacks what their channel needs"
    )
    expect(preflight.get_by_role("cell", name=f"{NEWTON} has no email address")).to_be_visible()
    newton_row = agencies.get_by_role("row").filter(has_text=NEWTON)
    expect(newton_row).to_contain_text(re.compile(r"FR-\d{4}-\d{5}"))
    expect(newton_row).to_contain_text("current")
    assert_accessible(page)
    page.get_by_role("link", name=f"Preview the letter to {NEWTON}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Preview: letter to {NEWTON}")
    expect(page.get_by_role("article")).to_contain_text(NEWTON)
    page.go_back()

    # Remove Somerville (its letter was generated: the page asks first), then Newton.
    _remove(page, "Somerville Police Department")
    assert_accessible(page)
    expect(agencies.get_by_role("row").filter(has_text="Somerville")).to_have_count(0)
    somerville_preview = "Preview the letter to Somerville Police Department"
    expect(page.get_by_role("link", name=somerville_preview)).to_have_count(0)
    expect(page.locator("[data-count=generated]")).to_have_text("5")
    _remove(page, NEWTON)
    expect(preflight.get_by_role("heading")).to_have_text("Before filing")
    expect(preflight).to_contain_text("Every agency has what its channel needs.")
    expect(page.get_by_role("link", name=f"Preview the letter to {NEWTON}")).to_have_count(0)
    expect(agencies.get_by_role("row")).to_have_count(5)  # the heading row and four agencies
    assert_accessible(page)
