"""The public pages as a visitor reads them: one way of writing dates on a page ("Due by 30
December 2026" beside "released 3 December 2026", not "03 Dec 2026"), and a feed entry about a
finding that opens at that finding."""

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from foia.extensions import db
from foia.findings.models import Finding
from tests.support.html import page
from tests.support.public import SLUG

ATOM = "{http://www.w3.org/2005/Atom}"
LONG_DATE = r"[1-9]\d? (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}"  # noqa: E501


def test_released_documents_are_dated_like_the_deadlines_beside_them(tracker, client):
    for url in (f"/public/{SLUG}", f"/public/{SLUG}/agencies/{tracker['overdue_agency_id']}"):
        shown = page(client.get(url))
        released = [t for t in shown.texts(".files li") if "released" in t]
        assert released, url
        for words in released:
            assert re.search(rf"released {LONG_DATE}\)", words), words


def test_a_finding_in_the_feed_links_to_that_finding_on_its_agency_page(tracker, client):
    feed = ET.fromstring(client.get(f"/public/{SLUG}/feed.atom").data)  # noqa: S314 - our own
    for entry in feed.findall(f"{ATOM}entry"):
        title = entry.findtext(f"{ATOM}title")
        if title.startswith("Document released"):
            continue
        link = entry.find(f"{ATOM}link").get("href")
        parts = urlsplit(link)
        path, anchor = parts.path, parts.fragment
        finding = db.session.get(Finding, int(anchor.removeprefix("finding-")))
        assert finding.kind_label in title
        shown = page(client.get(path))
        assert shown.one(f"#{anchor}") is not None
