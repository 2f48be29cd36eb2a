"""Every page speaks to people: no internal identifier in its text, no sideways scroll on a phone.

Visits the pages test_every_page visits, over the same organisation (tests.support.world), and
collects every finding before failing, so one run lists all the pages to fix.

- Text: the visible text (innerText) of the page, without the contents of <code>, <pre>,
  <kbd>, <samp> and form fields (where a file name, an address or a setting name is meant to be
  shown as typed), holds no snake_case word such as "fee_estimate" or "process_6612".
- Width: at 390 px wide (a phone) the page does not scroll sideways.
"""

import re

import pytest
from playwright.sync_api import Page

from tests.browser.test_every_page import page_urls
from tests.support.app import FAST_PASSWORD
from tests.support.browser import LiveServer, log_in
from tests.support.world import build_world

#: A lowercase word joined to another by an underscore: the shape of a code, not of English.
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
#: An email address or a file name may hold an underscore; neither is an internal code.
NOT_A_CODE = re.compile(r"\S+@\S+|\S+\.(pdf|txt|csv|docx?|xlsx?|zip|eml|png|jpe?g)\b", re.I)
PHONE_WIDTH = 390

#: The page's text as a person reads it, without what is shown as typed (code, fields).
VISIBLE_TEXT = """() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('code, pre, kbd, samp, input, textarea, select, script, style, template')
      .forEach(el => el.remove());
  document.body.appendChild(copy);
  copy.style.position = 'absolute';
  const text = copy.innerText;
  copy.remove();
  return text;
}"""


@pytest.fixture
def world(live_server: LiveServer) -> dict:
    """Build the organisation in the live server's database."""
    return live_server.run(build_world, live_server.app)


def codes_in(text: str) -> list[str]:
    """Return the snake_case words in `text`, leaving out email addresses and file names."""
    return sorted(set(SNAKE_CASE.findall(NOT_A_CODE.sub(" ", text))))


def test_codes_in_finds_codes_and_spares_addresses():
    text = "fee_estimate on 1 Dec does not pause; mail foia_desk@city.gov; see scan_01.pdf"
    assert codes_in(text) == ["fee_estimate"]


def _overflow(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("role", ["lawyer", "admin"])
def test_every_page_has_no_codes_and_fits_a_phone(page: Page, live_server: LiveServer, world, role):
    page.goto("/login")
    log_in(page, world["emails"][role], FAST_PASSWORD)
    page.wait_for_url("**/")
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    codes, wide, checked = {}, {}, 0
    urls = page_urls(live_server.app, world)
    # A lawyer sees every page but the admin's (403); the admin sees those.
    for url in urls if role == "lawyer" else [u for u in urls if u.startswith("/admin/")]:
        response = page.goto(url)
        if response is None or not response.headers.get("content-type", "").startswith("text/html"):
            continue
        checked += 1
        if found := codes_in(page.evaluate(VISIBLE_TEXT)):
            codes[url] = found
        if (width := _overflow(page)) > PHONE_WIDTH:
            wide[url] = width
    assert checked >= (35 if role == "lawyer" else 5)
    # Both at once, so one run lists every page to fix.
    assert not codes and not wide, f"snake_case words: {codes}; wider than a phone: {wide}"
