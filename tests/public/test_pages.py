"""The public pages: open to anyone, only while published and past the embargo, in words."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from foia import clock
from foia.campaigns.models import Campaign
from foia.extensions import db
from tests.support.factories import create_agency, create_jurisdiction
from tests.support.html import Page, text_of
from tests.support.public import HIDDEN_SLUG, PUBLIC_TEXT, SLUG
from tests.support.responses import filed_request, recent_monday


def status_of(client, url: str) -> int:
    """Return the status a GET of `url` answers, its body closed."""
    response = client.get(url)
    response.close()
    return response.status_code


def public_urls(tracker: dict, slug: str = SLUG) -> list[str]:
    """Return every public URL of the campaign (pages, document, exports, feed)."""
    base = f"/public/{slug}"
    return [
        base,
        f"{base}/agencies/{tracker['overdue_agency_id']}",
        f"{base}/agencies/{tracker['answered_agency_id']}",
        f"{base}/documents/{tracker['released_id']}/download",
        f"{base}/findings.csv",
        f"{base}/findings.json",
        f"{base}/feed.atom",
    ]


def _rows(page: Page, selector: str) -> list[list[str]]:
    """Return the text of each row's cells (headers and data) of the rows matching `selector`."""
    return [
        [text_of(cell) for cell in tr if cell.tag.endswith(("}td", "}th"))]
        for tr in page.all(selector)
    ]


def test_anyone_reads_every_public_url_without_logging_in(tracker, client):
    for url in public_urls(tracker):
        response = client.get(url)
        response.close()  # a document is streamed from its file
        assert response.status_code == 200, url
        assert "/login" not in response.headers.get("Location", "")


def test_the_campaign_page_gives_each_agency_its_status_deadline_and_findings(tracker, client):
    page = Page(client.get(f"/public/{SLUG}").text)
    rows = {row[0]: row[1:] for row in _rows(page, "#agencies-table tbody tr")}
    springfield = rows["Springfield Tracker PoliceHampden County"]  # a line break between
    # Filed twelve weeks ago, never answered: Massachusetts' 10 business days are long past.
    assert springfield[0] == "Filed"
    assert springfield[1].startswith("overdue Overdue: the agency's answer was due by ")
    assert "System or vendor: Clearview AI" in springfield[2]
    assert "Uses face recognition: Yes" in springfield[2]
    assert springfield[3].startswith("released-contract.txt")
    worcester = rows["Worcester Tracker PoliceWorcester County"]
    assert worcester[:2] == ["Fulfilled answered", "Closed: no deadline running"]
    assert worcester[2:] == ["None confirmed yet", "None released yet"]


def test_the_table_beside_the_map_counts_agencies_answers_and_findings_by_county(tracker, client):
    page = Page(client.get(f"/public/{SLUG}").text)
    assert page.texts("#areas-table caption") == ["Agencies, share answered and findings by county"]
    rows = _rows(page, "#areas-table tbody tr")
    assert rows == [
        ["Hampden", "1", "0 of 1 (0%)", "1", "1"],
        ["Worcester", "1", "1 of 1 (100%)", "0", "0"],
    ]


def test_the_maps_are_drawn_beside_the_table(tracker, client):
    page = Page(client.get(f"/public/{SLUG}").text)
    titles = page.texts(".public-maps svg > title")
    assert titles == [
        "Share of agencies that answered, by Massachusetts county",
        "What the released records show, by Massachusetts county",
    ]
    # Each map is named where a sighted reader sees it, not only in its SVG's title.
    assert page.texts(".public-maps figcaption") == titles


def test_an_agency_page_shows_the_evidence_only_of_released_documents(tracker, client):
    page = Page(client.get(f"/public/{SLUG}/agencies/{tracker['overdue_agency_id']}").text)
    findings = page.texts(".public-findings li")
    assert findings[0].startswith(
        "System or vendor: Clearview AI. Evidence: released-contract.txt, page 1"
    )
    assert PUBLIC_TEXT in findings[0]
    assert findings[1] == "Uses face recognition: Yes"  # its document is not released
    link = page.one(".files a")
    assert link.get("href") == f"/public/{SLUG}/documents/{tracker['released_id']}/download"


def test_a_released_document_downloads_as_an_attachment(tracker, client):
    response = client.get(f"/public/{SLUG}/documents/{tracker['released_id']}/download")
    assert response.get_data(as_text=True) == PUBLIC_TEXT
    response.close()
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("which", ["unreleased_id", "hidden_file_id"])
def test_an_unreleased_document_or_one_of_another_campaign_is_not_found(tracker, client, which):
    assert client.get(f"/public/{SLUG}/documents/{tracker[which]}/download").status_code == 404


def test_an_agency_of_no_request_in_the_campaign_is_not_found(tracker, client):
    assert client.get(f"/public/{SLUG}/agencies/999999").status_code == 404


def test_an_unpublished_campaign_is_not_found_at_any_url(tracker, client):
    for url in [f"/public/{HIDDEN_SLUG}", f"/public/{HIDDEN_SLUG}/findings.json"]:
        assert status_of(client, url) == 404, url
    db.session.execute(update(Campaign).values(is_published=False))
    db.session.commit()
    for url in public_urls(tracker):
        assert status_of(client, url) == 404, url


def test_an_embargoed_campaign_is_not_found_until_its_day_in_the_organisations_zone(
    tracker, client, monkeypatch
):
    # 1 March 2027 03:00 UTC is still 28 February, 22:00 in New York (FOIA_TIMEZONE's default).
    monkeypatch.setenv("FOIA_TIMEZONE", "America/New_York")
    monkeypatch.setattr(clock, "now", lambda: datetime(2027, 3, 1, 3, 0, tzinfo=UTC))
    db.session.execute(update(Campaign).values(embargo_on=datetime(2027, 3, 1).date()))
    db.session.commit()
    for url in public_urls(tracker):
        assert status_of(client, url) == 404, url
    later = datetime(2027, 3, 1, 5, 0, tzinfo=UTC)  # midnight in New York: its day has come
    monkeypatch.setattr(clock, "now", lambda: later)
    for url in public_urls(tracker):
        assert status_of(client, url) == 200, url


def test_a_logged_in_visitor_sees_the_same_page_without_the_apps_menu(tracker, client_for):
    lawyer = client_for("lawyer")
    page = Page(lawyer.get(f"/public/{SLUG}").text)
    assert page.all("nav[aria-label=Main]") == []
    assert page.all(".user-box") == []


def test_the_campaign_page_links_the_public_pages_for_a_lawyer(tracker, client_for):
    lawyer = client_for("lawyer")
    page = Page(lawyer.get(f"/campaigns/{tracker['campaign_id']}").text)
    # The panel's first link; the second is to where the licence is set.
    assert page.all("#publishing a")[0].get("href") == f"/public/{SLUG}"


def test_an_agency_under_a_local_ban_says_so(tracker, client):
    from foia.agencies.models import Agency
    from foia.jurisdictions.coverage import municipality_code
    from foia.jurisdictions.models import FacePolicy
    from tests.support.factories import create_jurisdiction

    springfield = db.session.get(Agency, tracker["overdue_agency_id"])
    springfield.municipality = "Springfield"
    city = create_jurisdiction(
        municipality_code("US-MA", "Springfield"), "Springfield", "municipal"
    )
    db.session.add(FacePolicy(jurisdiction=city, status="ban", scope="police"))
    db.session.commit()
    banned = Page(client.get(f"/public/{SLUG}/agencies/{springfield.id}").text)
    assert "Under a ban or moratorium on police use of face recognition" in banned.texts("dd")
    other = Page(client.get(f"/public/{SLUG}/agencies/{tracker['answered_agency_id']}").text)
    assert "Local rule" not in other.texts("dt")


def test_a_campaign_across_states_is_mapped_and_tabled_by_state(tracker, client):
    texas = create_jurisdiction("US-TX", "Texas")
    campaign = db.session.scalars(db.select(Campaign).filter_by(public_slug=SLUG)).one()
    austin = create_agency("Austin Tracker Police", jurisdiction=texas, level="state", county=None)
    filed_request(recent_monday(clock.today()), agency=austin, campaign=campaign)
    page = Page(client.get(f"/public/{SLUG}").text)
    assert page.texts("#areas-heading") == ["By state"]
    assert page.texts(".public-maps figcaption") == [
        "Share of agencies that answered, by state",
        "What the released records show, by state",
    ]
    # Every state is drawn; the two with agencies are named with their share in their titles.
    titles = page.texts(".public-maps svg path > title")
    assert len(titles) == 2 * 51
    assert sum("Texas" in t for t in titles) == 2 and sum("Massachusetts" in t for t in titles) == 2
    rows = _rows(page, "#areas-table tbody tr")
    assert [row[:3] for row in rows] == [
        ["Massachusetts", "2", "1 of 2 (50%)"],
        ["Texas", "1", "0 of 1 (0%)"],
    ]


def test_an_agency_page_links_to_its_public_page_while_the_tracker_shows(tracker, lawyer_client):
    agency_id = tracker["overdue_agency_id"]
    page = Page(lawyer_client.get(f"/agencies/{agency_id}").text)
    [link] = page.all("#public-pages a")
    assert link.get("href") == f"/public/{SLUG}/agencies/{agency_id}"
    assert text_of(link) == "Tracker test campaign"

    tomorrow = clock.today().toordinal() + 1
    db.session.execute(update(Campaign).values(embargo_on=datetime.fromordinal(tomorrow).date()))
    db.session.commit()
    page = Page(lawyer_client.get(f"/agencies/{agency_id}").text)
    assert page.all("#public-pages") == []  # embargoed: nothing to link to yet
