"""A button that cannot be pressed looks it: greyed, with a not-allowed pointer."""

from playwright.sync_api import Page

from tests.support.browser import LiveServer

#: Two site buttons, one disabled, added to a real page so the site's stylesheet applies.
ADD_BUTTONS = """() => {
  for (const disabled of [false, true]) {
    const button = document.createElement('button');
    button.className = 'button';
    button.textContent = disabled ? 'Cannot' : 'Can';
    button.disabled = disabled;
    document.querySelector('main').append(button);
  }
}"""


def _style(page: Page, name: str) -> dict:
    style = (
        "el => ({bg: getComputedStyle(el).backgroundColor, cursor: getComputedStyle(el).cursor})"
    )
    return page.get_by_role("button", name=name, exact=True).evaluate(style)


def test_a_disabled_button_looks_disabled(page: Page, live_server: LiveServer):
    page.goto("/login")
    page.evaluate(ADD_BUTTONS)
    enabled, disabled = _style(page, "Can"), _style(page, "Cannot")
    assert disabled["bg"] != enabled["bg"]
    assert disabled["cursor"] == "not-allowed"
