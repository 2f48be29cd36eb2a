"""The public tracker as an anonymous visitor sees it in a browser: every public URL reachable
from /public/ma-face-recognition (and from a second published campaign full of private things)
opens without logging in, passes axe, fits a 390 px phone without sideways scroll, and shows no
privileged or internal note, unreleased document, unpublished campaign or volunteer's name.
Unpublished and embargoed campaigns answer 404.
"""

from datetime import timedelta

from playwright.sync_api import Page
from sqlalchemy import update

from foia import clock
from tests.support.browser import LiveServer, assert_accessible
from tests.support.public import CANARIES, HIDDEN_SLUG, SLUG, build_tracker, hide_secrets_in_demo

PHONE_WIDTH = 390
#: The visible text and every link of a page.
LINKS = "() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"


def _organisation(app) -> None:
    result = app.test_cli_runner().invoke(args=["seed", "--demo"])
    assert result.exit_code == 0, result.output
    hide_secrets_in_demo(app)
    build_tracker(app)


def _leaks(url: str, body: str) -> list[tuple[str, str]]:
    return [(url, word) for word in CANARIES if word.lower() in body.lower()]


def crawl(page: Page, start: str) -> tuple[list[str], list[str], list]:
    """Visit every /public/ URL reachable from `start`: (pages, files, problems found)."""
    pages, files, problems, queue = [], [], [], [start]
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    while queue:
        url = queue.pop(0)
        if url in pages or url in files:
            continue
        if url.endswith(("/download", ".csv", ".json", ".atom")):
            response = page.request.get(url)  # a file: read, not rendered
            assert response.status == 200, url
            problems += _leaks(url, response.body().decode("utf-8", "replace"))
            files.append(url)
            continue
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert page.url.endswith(url), f"{url} went to {page.url}"  # no login on the way
        assert_accessible(page)
        if (width := page.evaluate("document.documentElement.scrollWidth")) > PHONE_WIDTH:
            problems.append((url, f"{width} px wide"))
        problems += _leaks(url, page.content())
        pages.append(url)
        queue += [
            link.split("#")[0] for link in page.evaluate(LINKS) if link.startswith("/public/")
        ]
    return pages, files, problems


def test_an_anonymous_visitor_crawls_every_public_url_and_finds_nothing_private(
    page: Page, live_server: LiveServer
):
    live_server.run(_organisation, live_server.app)
    problems = []
    for start, agencies in (("/public/ma-face-recognition", 6), (f"/public/{SLUG}", 2)):
        pages, files, found = crawl(page, start)
        problems += found
        assert len(pages) == 1 + agencies, pages
        assert {url.rsplit(".", 1)[-1] for url in files if "." in url[-6:]} == {
            "csv",
            "json",
            "atom",
        }
        assert any(url.endswith("/download") for url in files), files
    assert problems == []


def test_unpublished_and_embargoed_campaigns_answer_404(page: Page, live_server: LiveServer):
    live_server.run(_organisation, live_server.app)
    assert page.goto(f"/public/{HIDDEN_SLUG}").status == 404
    assert page.request.get(f"/public/{HIDDEN_SLUG}/feed.atom").status == 404

    def embargo() -> None:
        from foia.campaigns.models import Campaign
        from foia.extensions import db

        tomorrow = clock.today() + timedelta(days=1)
        db.session.execute(update(Campaign).values(embargo_on=tomorrow))
        db.session.commit()

    live_server.run(embargo)
    for url in ("/public/ma-face-recognition", f"/public/{SLUG}"):
        assert page.goto(url).status == 404, url
        assert page.request.get(f"{url}/findings.csv").status == 404, url


#: How many lines the text of each cell of the county table takes, and the cell's text.
CELL_LINES = """() => [...document.querySelectorAll('#areas-table tbody th')].map(cell => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return [cell.textContent.trim(), new Set([...range.getClientRects()].map(r => r.top)).size];
})"""


def test_a_table_on_a_phone_scrolls_inside_itself_and_keeps_its_words_whole(
    page: Page, live_server: LiveServer
):
    live_server.run(_organisation, live_server.app)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    page.goto("/public/ma-face-recognition")
    cells = page.evaluate(CELL_LINES)
    assert [name for name, _ in cells] == [
        "Berkshire",
        "Hampden",
        "Middlesex",
        "Plymouth",
        "Worcester",
    ]
    # Broken anywhere, "Berkshire" took two lines ("Berk", "shire") in a 390 px column.
    assert all(lines == 1 for _, lines in cells), cells
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
