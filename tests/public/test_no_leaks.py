"""Nothing private reaches a public URL: notes, messages, unreleased documents, people's names.

The tracker (tests.support.public) holds a privileged note, an internal note, a message, an
unreleased document with a finding, a suggested and a rejected finding, an agency's internal
notes and records officer, a lawyer and a volunteer with distinctive names, and an unpublished
campaign with a released document; each carries a word of CANARIES. An anonymous visitor follows
every link from the campaign's public page (pages, documents, exports, feed), and no response
holds any of those words.
"""

import re

from foia.extensions import db
from tests.support.public import CANARIES, SLUG


def crawl(client, start: str) -> dict[str, str]:
    """Return {url: body} of every /public/ URL reachable from `start`, as an anonymous visitor."""
    seen: dict[str, str] = {}
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        response.close()
        seen[url] = body
        if response.mimetype == "text/html":
            queue += [
                link.split("#")[0]
                for link in re.findall(r'href="([^"]+)"', body)
                if link.startswith("/public/")
            ]
    return seen


def test_no_public_url_holds_anything_private(tracker, client):
    bodies = crawl(client, f"/public/{SLUG}")
    kinds = {url.rsplit(".", 1)[-1] for url in bodies if "." in url.rsplit("/", 1)[-1]}
    assert {"csv", "json", "atom"} <= kinds
    assert any(url.endswith("/download") for url in bodies)
    assert sum("/agencies/" in url for url in bodies) == 2
    leaks = {
        (url, word)
        for url, body in bodies.items()
        for word in CANARIES
        if word.lower() in body.lower()
    }
    assert leaks == set()


def test_the_private_words_are_really_there_for_the_team(tracker, client_for):
    # Without this the test above could pass on a tracker that stored none of them.
    lawyer = client_for("lawyer")
    request_page = lawyer.get(f"/requests/{_request_of(tracker['overdue_agency_id'])}").text
    for word in ("PRIVILEGED-NOTE-CANARY", "INTERNAL-NOTE-CANARY", "UNRELEASED-FILE-CANARY"):
        assert word in request_page
    findings = lawyer.get(f"/campaigns/{tracker['campaign_id']}/findings?showing=open").text
    assert "SUGGESTED-VENDOR-CANARY" in findings
    agency_page = lawyer.get(f"/agencies/{tracker['overdue_agency_id']}").text
    assert "AGENCY-NOTES-CANARY" in agency_page


def _request_of(agency_id: int) -> int:
    from sqlalchemy import select

    from foia.requests.models import RecordsRequest

    return db.session.scalar(select(RecordsRequest.id).filter_by(agency_id=agency_id))
