"""The main flows work with the keyboard alone: this test presses keys and never clicks.

A lawyer logs in, reads the dashboard and opens a request from it, logs a mailed response, then
builds a campaign for the Hampden County police departments. Each control is reached with Tab,
so the test also proves that the tab order reaches it and that it has a name a person hears.
"""

from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlalchemy import select

from foia import clock
from tests.support.browser import LiveServer, assert_accessible

#: More Tab presses than any page here needs to reach its last control.
MAX_TABS = 250
#: What a screen reader would announce for the focused element: its label, name or text.
FOCUSED_NAME = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return "";
  const label = e.labels && e.labels.length ? e.labels[0].innerText : "";
  return (label || e.getAttribute("aria-label") || e.innerText || e.value || "").trim();
}"""


def tab_to(page: Page, name: str) -> None:
    """Press Tab until the focused element is called `name` (fail if it is never reached)."""
    seen = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        current = page.evaluate(FOCUSED_NAME)
        if current == name:
            return
        seen.append(current)
    raise AssertionError(f"Tab never reached {name!r}; it went through {seen[:80]}")


def type_into(page: Page, label: str, text: str) -> None:
    """Tab to the field labelled `label` and type `text`."""
    tab_to(page, label)
    page.keyboard.type(text)


def choose(page: Page, label: str, option: str) -> None:
    """Tab to a select and pick `option` by typing its first letters, as people do."""
    tab_to(page, label)
    page.keyboard.type(option)
    expect(page.locator("select:focus option:checked")).to_have_text(option)


def type_date(page: Page, label: str, day) -> None:
    """Tab to a date field and type the date as the (en-US) browser shows it: mm dd yyyy."""
    tab_to(page, label)
    page.keyboard.type(f"{day:%m%d%Y}")


def seed(lawyer_id: int) -> tuple[int, str]:
    """Load the reference data; give the lawyer a Springfield request filed three weeks ago."""
    from flask import current_app

    from foia.agencies.models import Agency
    from foia.extensions import db
    from tests.support.responses import filed_request, recent_monday

    assert current_app.test_cli_runner().invoke(args=["seed"]).exit_code == 0
    agency = db.session.scalar(select(Agency).filter_by(name="Springfield Police Department"))
    records_request = filed_request(recent_monday(clock.today()), agency=agency)
    records_request.owner_id = lawyer_id
    db.session.commit()
    return records_request.id, records_request.reference


def test_log_in_read_the_dashboard_log_a_response_and_build_a_campaign_by_keyboard(
    page: Page, live_server: LiveServer
):
    lawyer = live_server.create_account("lawyer", name="Kim Keyboard")
    request_id, reference = live_server.run(seed, lawyer.id)

    page.goto("/login")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_NAME) == "Skip to content"
    type_into(page, "Email", lawyer.email)
    type_into(page, "Password", lawyer.password)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/")

    # The dashboard lists the lawyer's request; Enter on its link opens it.
    tab_to(page, reference)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/requests/{request_id}")

    tab_to(page, "Log a response")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"Log a response: {reference}")).to_be_visible()
    type_date(page, "Date received", clock.today() - timedelta(days=1))
    choose(page, "How it came", "Mail")
    type_into(page, "From (name or address)", "Records Access Officer")
    choose(page, "What kind of reply", "Acknowledgement")
    type_into(page, "Summary", "Acknowledged by letter.")
    tab_to(page, "Log response")
    page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_contain_text("Response logged")

    tab_to(page, "Campaigns")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/campaigns")
    tab_to(page, "New campaign")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="New campaign")).to_be_visible()
    type_into(page, "Campaign name", "Hampden by keyboard")
    tab_to(page, "Use policies and procedures")
    page.keyboard.press("Space")
    tab_to(page, "Contracts, licenses and agreements")
    page.keyboard.press("Space")
    choose(page, "State", "Massachusetts")
    type_into(page, "County", "Hampden")
    choose(page, "Kind of agency", "Police department")
    tab_to(page, "Create the campaign")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Hampden by keyboard")).to_be_visible()
    assert_accessible(page)
