"""The public pages as a visitor reads them: one way of writing dates on a page ("Due by 30
December 2026" beside "released 3 December 2026", not "03 Dec 2026"), a feed entry about a
finding that opens at that finding, and statuses a reader understands ("Not sent yet", "Closed")."""

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from foia import clock
from foia.campaigns.models import Campaign
from foia.extensions import db
from foia.findings.models import Finding
from foia.requests import operations as requests
from foia.requests.models import RecordsRequest
from tests.support.factories import create_agency
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


def test_a_letter_not_sent_and_a_request_we_closed_read_as_such(tracker, client):
    campaign = db.session.scalars(db.select(Campaign).filter_by(public_slug=SLUG)).one()
    unsent = requests.create_request(
        create_agency("Holyoke Tracker Police"), "Q", owner=None, actor=None
    )
    unsent.campaign = campaign
    overdue = db.session.scalars(
        db.select(RecordsRequest).filter_by(agency_id=tracker["overdue_agency_id"])
    ).one()
    requests.close_request(overdue, "no_longer_needed", today=clock.today(), actor=None)
    db.session.commit()

    shown = page(client.get(f"/public/{SLUG}"))
    names = shown.texts("#agencies-table tbody th")
    statuses = [
        words.removesuffix(" answered")
        for words in shown.texts("#agencies-table tbody td:nth-child(2)")
    ]
    rows = dict(zip(names, statuses, strict=True))
    # A draft was shown as "Draft" (and an approved one as "Approved"); a closed request kept
    # the status it had when we closed it ("Filed").
    assert next(v for k, v in rows.items() if k.startswith("Holyoke")) == "Not sent yet"
    assert next(v for k, v in rows.items() if k.startswith("Springfield")) == "Closed"
