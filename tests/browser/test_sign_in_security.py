"""Two-factor enrolment and the sessions page in a real browser, found by labels and roles."""

import pyotp
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import TIMEOUT_MS, LiveServer, assert_accessible, log_in


def heading(page: Page, name: str):
    """Return the page's main heading with `name`."""
    return page.get_by_role("heading", name=name, level=1)


def test_a_lawyer_turns_on_two_factor_and_signs_out_another_browser(
    page: Page, browser: Browser, live_server: LiveServer
):
    account = live_server.create_account("lawyer", name="Lee Lawyer")
    page.goto("/login")
    log_in(page, account.email, account.password)
    page.get_by_role("link", name="Sign-in security").click()

    expect(heading(page, "Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_role("img", name="QR code of the key")).to_be_visible()
    assert_accessible(page)
    key = page.get_by_label("Key", exact=True).input_value().replace(" ", "")
    page.get_by_label("Code from your app").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    expect(heading(page, "Your recovery codes")).to_be_visible()
    codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    assert_accessible(page)
    first_code = codes.first.inner_text()

    context = browser.new_context(base_url=live_server.url, user_agent="A second browser")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        other = context.new_page()
        other.goto("/login")
        log_in(other, account.email, account.password)
        expect(heading(other, "Enter your code")).to_be_visible()
        assert_accessible(other)
        other.get_by_label("Code", exact=True).fill(first_code)
        other.get_by_role("button", name="Continue").click()
        expect(heading(other, "Dashboard")).to_be_visible()
        expect(other.get_by_text("You used a recovery code: 9 left.")).to_be_visible()

        page.get_by_role("link", name="Your sessions").click()
        expect(heading(page, "Your sessions")).to_be_visible()
        expect(page.get_by_role("cell", name="A second browser")).to_be_visible()
        expect(page.get_by_role("cell", name="This browser")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("button", name="Sign out everywhere else").click()
        expect(page.get_by_text("Signed out 1 other session.")).to_be_visible()
        expect(page.get_by_role("cell", name="A second browser")).to_have_count(0)

        other.reload()
        expect(heading(other, "Log in")).to_be_visible()
        expect(
            other.get_by_text("This browser was signed out from another session.")
        ).to_be_visible()
    finally:
        context.close()
