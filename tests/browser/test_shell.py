"""The site shell in a real browser: login, navigation, the agency directory, users, errors."""

import re

from playwright.sync_api import Page, expect

from tests.support.browser import LiveServer, assert_accessible, log_in
from tests.support.factories import create_agency, create_jurisdiction

SUBMIT_SEARCH = re.compile(r"^(Search|Filter)$")


def heading(page: Page, name: str):
    """Return the page's main heading with `name`."""
    return page.get_by_role("heading", name=name, level=1)


def log_in_from_home(page: Page, email: str, password: str) -> None:
    """Visit the home page, which sends anonymous visitors to the login form, and log in."""
    page.goto("/")
    log_in(page, email, password)
    expect(heading(page, "Dashboard")).to_be_visible()


def create_directory() -> None:
    """Create three Massachusetts agencies of different levels and kinds."""
    massachusetts = create_jurisdiction("US-MA", "Massachusetts", "state")
    create_agency("Springfield Police Department", massachusetts, "municipal", "Hampden")
    create_agency(
        "Hampden County Sheriff's Department", massachusetts, "county", "Hampden", kind="sheriff"
    )
    create_agency("Massachusetts State Police", massachusetts, "state", None, kind="state_police")


def test_anonymous_visitor_is_sent_to_login(page: Page):
    page.goto("/")

    expect(page).to_have_url(re.compile(r"/login\?next=%2F$"))
    expect(heading(page, "Log in")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    assert_accessible(page)


def test_wrong_password_shows_an_inline_error(page: Page, live_server: LiveServer):
    account = live_server.create_account("volunteer")
    page.goto("/login")

    log_in(page, account.email, "not the password")

    password = page.get_by_label("Password")
    expect(heading(page, "Log in")).to_be_visible()
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description("The email or password is not right.")
    expect(password).to_be_focused()
    expect(page.get_by_label("Email")).to_have_value(account.email)
    assert_accessible(page)


def test_volunteer_finds_an_agency_and_logs_out(page: Page, live_server: LiveServer):
    live_server.run(create_directory)
    account = live_server.create_account("volunteer")

    log_in_from_home(page, account.email, account.password)
    assert_accessible(page)

    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("link", name="Users")).to_have_count(0)
    main_nav.get_by_role("link", name="Agencies").click()
    expect(heading(page, "Agencies")).to_be_visible()
    expect(main_nav.get_by_role("link", name="Agencies")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("link", name="Massachusetts State Police")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Search", exact=True).fill("Springfield")
    page.get_by_role("button", name=SUBMIT_SEARCH).click()
    expect(page).to_have_url(re.compile(r"[?&]q=Springfield"))
    expect(page.get_by_role("link", name="Springfield Police Department")).to_be_visible()
    expect(page.get_by_role("link", name="Massachusetts State Police")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Springfield Police Department").click()
    expect(heading(page, "Springfield Police Department")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/agencies/\d+$"))
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    expect(heading(page, "Log in")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("You are logged out.")
    assert_accessible(page)
    page.goto("/agencies")
    expect(heading(page, "Log in")).to_be_visible()


def test_directory_filters_are_labelled(page: Page, live_server: LiveServer):
    live_server.run(create_directory)
    account = live_server.create_account("volunteer")
    log_in_from_home(page, account.email, account.password)
    page.goto("/agencies")

    for label in ("Search", "State", "County", "Level", "Kind"):
        expect(page.get_by_label(label, exact=True)).to_be_visible()
    page.get_by_label("Kind", exact=True).select_option(label="Sheriff")
    page.get_by_role("button", name=SUBMIT_SEARCH).click()

    expect(page.get_by_role("link", name="Hampden County Sheriff's Department")).to_be_visible()
    expect(page.get_by_role("link", name="Springfield Police Department")).to_have_count(0)
    assert_accessible(page)


def test_admin_invites_someone_who_then_sets_a_password(page: Page, live_server: LiveServer):
    admin = live_server.create_account("admin")
    log_in_from_home(page, admin.email, admin.password)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Users").click()
    expect(heading(page, "Users")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email").fill("new.lawyer@example.org")
    page.get_by_label("Name").fill("New Lawyer")
    page.get_by_label("Role").select_option(label="Lawyer")
    page.get_by_role("button", name="Invite").click()

    expect(heading(page, "New Lawyer")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(
        "Invited new.lawyer@example.org: the invitation link is on its way by email."
    )
    expect(page.get_by_role("heading", name="Invitation link")).to_be_visible()
    link = page.get_by_label("Link", exact=True)
    expect(link).to_have_value(re.compile(rf"^{re.escape(live_server.url)}/set-password/\S+$"))
    assert_accessible(page)
    invitation = link.input_value()

    page.get_by_role("button", name="Log out").click()
    page.goto(invitation)
    expect(heading(page, "Set your password")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill("lantern orchard pebble kettle")
    page.get_by_label("Repeat the new password").fill("lantern orchard pebble kettle")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("status")).to_contain_text("Your password is set.")
    log_in(page, "new.lawyer@example.org", "lantern orchard pebble kettle")
    expect(heading(page, "Dashboard")).to_be_visible()


def test_keyboard_only_login(page: Page, live_server: LiveServer):
    account = live_server.create_account("volunteer")
    page.goto("/login")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email")).to_be_focused()
    page.keyboard.type(account.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(account.password)
    page.keyboard.press("Enter")

    expect(heading(page, "Dashboard")).to_be_visible()


def test_not_found_keeps_the_layout(page: Page, live_server: LiveServer):
    response = page.goto("/no-such-page")

    assert response is not None and response.status == 404
    expect(page.get_by_role("banner")).to_contain_text("foia")
    expect(heading(page, "Not found")).to_be_visible()
    assert_accessible(page)

    account = live_server.create_account("volunteer")
    page.goto("/login")
    log_in(page, account.email, account.password)
    page.goto("/no-such-page")
    expect(heading(page, "Not found")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert_accessible(page)
