"""A lawyer builds a five-agency campaign, previews, approves, generates and files it by email
through the page (the worker runs as a real detached process); a volunteer cannot approve or
file."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import assert_accessible, log_in
from tests.support.campaigns import TOWNS, five_agencies
from tests.support.letters import set_up_organisation
from tests.support.servers import SMTPSink, free_port

WORKER_TIMEOUT_MS = 90_000


@pytest.fixture
def smtp(live_server, tmp_path):
    """A real SMTP server on loopback, and the live app (and its workers) pointed at it."""
    from aiosmtpd.controller import Controller

    sink, port = SMTPSink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    config = live_server.app.config
    old = {k: config.get(k) for k in ("SMTP_PORT", "WORKER_LOG_DIR", "CAMPAIGN_WORKER")}
    config.update(SMTP_PORT=port, WORKER_LOG_DIR=str(tmp_path), CAMPAIGN_WORKER="subprocess")
    yield sink
    controller.stop()
    config.update(old)


def _seed(live_server):
    def seed():
        assert live_server.app.test_cli_runner().invoke(args=["seed"]).exit_code == 0
        set_up_organisation()
        return [a.id for a in five_agencies()]

    return live_server.run(seed)


def test_lawyer_runs_a_campaign_and_a_volunteer_cannot_approve_or_file(page, live_server, smtp):
    _seed(live_server)
    lawyer = live_server.create_account("lawyer", name="Lee Lawyer")
    volunteer = live_server.create_account("volunteer", name="Val Volunteer")
    page.goto("/login")
    log_in(page, lawyer.email, lawyer.password)

    page.get_by_role("link", name="Campaigns").click()
    page.get_by_role("link", name="New campaign").click()
    page.get_by_label("Start from the template").select_option("use-and-policy")
    page.get_by_role("button", name="Tick its categories").click()
    expect(page.get_by_label("Use policies and procedures")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Campaign name").fill("Press Pause five towns")
    csv = "name\n" + "".join(f"{t} Police Department\n" for t in TOWNS)
    page.get_by_label(re.compile("Or upload a list of agencies")).set_input_files(
        {"name": "towns.csv", "mimeType": "text/csv", "buffer": csv.encode()}
    )
    page.get_by_role("button", name="Create the campaign").click()
    expect(page.get_by_role("heading", name="Press Pause five towns")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Preview the letter to Cambridge Police Department").click()
    expect(
        page.get_by_role("article", name="Letter to Cambridge Police Department")
    ).to_be_visible()
    assert_accessible(page)
    page.go_back()

    page.get_by_role("button", name="Approve revision 1").click()
    page.get_by_role("button", name="Generate the letters").click()
    expect(page.locator("[data-count=generated]")).to_have_text("5", timeout=WORKER_TIMEOUT_MS)
    page.reload()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="File all by email").click()
    expect(page.locator("[data-count=filed]")).to_have_text("5", timeout=WORKER_TIMEOUT_MS)
    page.reload()
    rows = page.locator("section[aria-labelledby=agencies-heading] tbody tr")
    expect(rows).to_have_count(5)
    for i in range(5):
        expect(rows.nth(i).locator("td").nth(2)).to_have_text("filed")
        expect(rows.nth(i).locator("td").nth(4)).to_have_text(
            re.compile(r"\w{3} \d{2} \w{3} \d{4}")
        )
    assert len(smtp.messages) == 5
    assert_accessible(page)

    rows.nth(0).get_by_role("link", name=re.compile("^FR-")).click()
    expect(page.get_by_text("The letter as sent", exact=True)).to_be_visible()
    # The thread lists the filing email with a link to the letter it carried.
    expect(page.get_by_role("link", name="The letter as sent (PDF)")).to_be_visible()
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    log_in(page, volunteer.email, volunteer.password)
    page.get_by_role("link", name="Campaigns").click()
    page.get_by_role("link", name="Press Pause five towns").click()
    expect(page.get_by_role("button", name=re.compile("Approve|Generate|File"))).to_have_count(0)
    assert_accessible(page)
    campaign_url = page.url
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    for action in ("approve", "file"):
        response = page.request.post(f"{campaign_url}/{action}", form={"csrf_token": token})
        assert response.status == 403
