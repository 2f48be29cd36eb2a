"""Every page a lawyer or an admin can open passes axe, over a realistic organisation.

A lawyer visits every page; an admin visits the admin pages and a few shared ones.

The organisation is tests.support.world: the seeded reference data and demo campaign, plus one
of everything made through the pages (agency, campaign with filed letters, logged response with a
file, notes, inbound email, appeal, fee, closure, feeds, edited template and category). Pages that
need an object get the id of the one made; downloads (PDF, ZIP, CSV, iCalendar, JSON) are skipped.
"""

import pytest
from playwright.sync_api import Page

from tests.support.app import FAST_PASSWORD
from tests.support.browser import LiveServer, assert_accessible, log_in
from tests.support.sweeps import fill, get_routes
from tests.support.world import build_world

#: Routes that answer with a file, not a page.
DOWNLOADS = (
    *(".pdf", ".zip", ".csv", ".ics", ".json", ".atom"),
    *("/download", "/original", "/static/"),
)
#: Pages only for people who are logged out (a logged-in visit redirects or shows nothing new).
LOGGED_OUT_ONLY = ("/login", "/forgot-password", "/set-password/", "/reset-password/")


def page_urls(app, world: dict) -> list[str]:
    """Return the address of every page, with the world's ids filled in."""
    urls = []
    for rule in get_routes(app):
        url = fill(rule, world["ids"])
        if any(part in url for part in DOWNLOADS) or url.startswith(LOGGED_OUT_ONLY):
            continue
        urls.append(url)
    return urls + ["/search?q=records", "/agencies?q=police", "/no-such-page"]


@pytest.fixture
def world(live_server: LiveServer) -> dict:
    """Build the organisation in the live server's database."""
    return live_server.run(build_world, live_server.app)


def _admin_pages(urls: list[str]) -> list[str]:
    # An admin sees a lawyer's pages with one more menu entry: check the admin's own pages,
    # and a few shared ones for the menu, rather than every page twice.
    shared = ("/", "/requests", "/campaigns", "/agencies", "/settings/notifications")
    return [url for url in urls if url.startswith("/admin/") or url in shared]


@pytest.mark.parametrize("role", ["lawyer", "admin"])
def test_every_page_is_accessible(page: Page, live_server: LiveServer, world, role):
    page.goto("/login")
    assert_accessible(page)
    log_in(page, world["emails"][role], FAST_PASSWORD)
    page.wait_for_url("**/")
    urls = page_urls(live_server.app, world)
    checked = []
    for url in urls if role == "lawyer" else _admin_pages(urls):
        response = page.goto(url)
        assert response is not None, url
        if role == "lawyer" and url.startswith("/admin/"):
            assert response.status == 403, url
        else:  # 404: a page that needs a query argument (a preview names its agency)
            assert response.status in (200, 404), f"{url} -> {response.status}"
        if response.headers.get("content-type", "").startswith("text/html"):
            assert_accessible(page)
            checked.append((url, response.status))
    assert sum(status == 200 for _, status in checked) >= (35 if role == "lawyer" else 8), checked
