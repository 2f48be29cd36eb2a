"""A lawyer's campaign through preflight to filed (issue 16): the page lists the agency with no
email address before approval, refuses to file while it is unresolved, takes its address inline,
then files all five, into the mail capture that `make run` uses."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import assert_accessible, log_in
from tests.support.campaigns import TOWNS, five_agencies
from tests.support.letters import set_up_organisation

WORKER_TIMEOUT_MS = 90_000


@pytest.fixture
def capture(live_server, tmp_path):
    """Mail capture on for this test; the campaign worker runs as the real detached process."""
    config = live_server.app.config
    old = {k: config.get(k) for k in ("MAIL_CAPTURE_DIR", "CAMPAIGN_WORKER", "WORKER_LOG_DIR")}
    config.update(
        MAIL_CAPTURE_DIR=str(tmp_path / "outbox"),
        CAMPAIGN_WORKER="subprocess",
        WORKER_LOG_DIR=str(tmp_path),
    )
    yield tmp_path / "outbox"
    config.update(old)


def _seed_with_springfield_unreachable(live_server) -> None:
    def seed():
        assert live_server.app.test_cli_runner().invoke(args=["seed"]).exit_code == 0
        set_up_organisation()
        agencies = five_agencies()
        agencies[TOWNS.index("Springfield")].email = ""
        from foia.extensions import db

        db.session.commit()

    live_server.run(seed)


def test_lawyer_fixes_one_agency_inline_and_files_the_campaign(page, live_server, capture):
    _seed_with_springfield_unreachable(live_server)
    lawyer = live_server.create_account("lawyer", name="Lee Lawyer")
    page.goto("/login")
    log_in(page, lawyer.email, lawyer.password)

    page.get_by_role("link", name="Campaigns").click()
    page.get_by_role("link", name="New campaign").click()
    page.get_by_label("Start from the template").select_option("use-and-policy")
    page.get_by_role("button", name="Tick its categories").click()
    page.get_by_label("Campaign name").fill("Press Pause preflight")
    csv = "name\n" + "".join(f"{t} Police Department\n" for t in TOWNS)
    page.get_by_label(re.compile("Or upload a list of agencies")).set_input_files(
        {"name": "towns.csv", "mimeType": "text/csv", "buffer": csv.encode()}
    )
    page.get_by_role("button", name="Create the campaign").click()

    # Before approval, the page names the agency the email channel cannot reach.
    preflight = page.get_by_role("region", name=re.compile("^Before filing"))
    expect(preflight.get_by_role("heading")).to_have_text(
        "Before filing: 1 agency lacks what their channel needs"
    )
    expect(
        preflight.get_by_role("cell", name="Springfield Police Department has no email address")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Approve revision 1").click()
    page.get_by_role("button", name="Generate the letters").click()
    expect(page.locator("[data-count=generated]")).to_have_text("5", timeout=WORKER_TIMEOUT_MS)
    page.reload()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="File all by email").click()
    expect(page.get_by_text(re.compile("^Nothing was filed: 1 agency lacks"))).to_be_visible()
    expect(page.locator("[data-count=filed]")).to_have_text("0")
    assert_accessible(page)

    page.get_by_label("Email address of Springfield Police Department").fill(
        "records@springfield.example.org"
    )
    page.get_by_role("button", name="Save the contact of Springfield Police Department").click()
    expect(page.get_by_text("Springfield Police Department's contact saved.")).to_be_visible()
    expect(preflight.get_by_role("heading")).to_have_text("Before filing")
    expect(preflight).to_contain_text("Every agency has what its channel needs.")
    assert_accessible(page)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="File all by email").click()
    expect(page.locator("[data-count=filed]")).to_have_text("5", timeout=WORKER_TIMEOUT_MS)
    page.reload()
    rows = page.locator("section[aria-labelledby=agencies-heading] tbody tr")
    for i in range(5):
        expect(rows.nth(i).locator("td").nth(2)).to_have_text("filed")
    assert len(list(capture.glob("*.eml"))) == 5
    assert_accessible(page)
