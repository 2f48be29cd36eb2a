"""Agency scorecards a page at a time: ranked in SQL, figured for the page's agencies only."""

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from foia import clock
from foia.agencies.models import Agency
from foia.campaigns.models import Campaign
from foia.dashboard import scorecard_queries, scorecards, views
from foia.extensions import db
from foia.seed.demo import business_days_before
from tests.support.factories import create_agency
from tests.support.html import page
from tests.support.reminders import make_request

#: Requests per agency, as (received business days ago, [(event, business days ago)]): overdue,
#: answered late, answered in time, just filed, and one with two requests (one of them in time).
REQUESTS = {
    "Abbot Police Department": [(14, [])],
    "Brook Police Department": [(30, [("final_response", 2)])],
    "Cedar Police Department": [(12, [("acknowledged", 10), ("final_response", 5)])],
    "Dale Police Department": [(3, [])],
    "Elm Police Department": [(14, []), (4, [("acknowledged", 1)])],
}


@pytest.fixture
def campaign_id(app) -> int:
    """Five agencies with requests; those with one request are in a campaign, whose id this is."""
    today = clock.today()
    campaign = Campaign(name="Scorecards")
    db.session.add(campaign)
    db.session.commit()
    for name, requests in REQUESTS.items():
        agency = create_agency(name=name, email="records@example.org")
        for ago, extra in requests:
            events = [(kind, business_days_before(today, days)) for kind, days in extra]
            made = make_request(
                today, owner=None, agency=agency, received_business_days_ago=ago, extra=events
            )
            made.campaign = campaign if len(requests) == 1 else None
    db.session.commit()
    return campaign.id


def every_row(client, url: str) -> list[str]:
    """Follow the Next links from `url`; return each row's agency, page after page."""
    names: list[str] = []
    while url:
        shown = page(client.get(url))
        names += [row["Agency"].split(" US-")[0] for row in shown.table("table.scorecards")]
        found = shown.all("nav.pagination a[rel=next]")
        url = found[0].get("href") if found else ""
    return names


def every_card(campaign_id: int | None = None) -> list[scorecards.Scorecard]:
    ids = list(db.session.scalars(select(Agency.id)))
    return scorecard_queries.cards_for(clock.today(), campaign_id, ids)


@pytest.mark.parametrize("key", sorted(scorecards.SORT_KEYS))
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_pages_in_a_row_give_every_card_in_the_order_of_its_column(
    campaign_id, volunteer_client, monkeypatch, key, order
):
    monkeypatch.setattr(views, "PER_PAGE", 2)
    expected = [c.agency for c in scorecards.sort_cards(every_card(), key, order == "desc")]

    shown = every_row(volunteer_client, f"/dashboard/agencies?sort={key}&order={order}")

    assert shown == expected and len(shown) == 5
    in_campaign = every_row(
        volunteer_client, f"/dashboard/agencies?sort={key}&order={order}&campaign={campaign_id}"
    )
    assert in_campaign == [name for name in expected if name != "Elm Police Department"]


def test_next_and_previous_are_links_that_keep_sort_order_and_campaign(
    campaign_id, volunteer_client, monkeypatch
):
    monkeypatch.setattr(views, "PER_PAGE", 2)
    url = f"/dashboard/agencies?sort=agency&order=desc&campaign={campaign_id}"

    first = page(volunteer_client.get(url))
    following = first.one("nav.pagination a[rel=next]").get("href")
    second = page(volunteer_client.get(following))
    back = second.one("nav.pagination a[rel=prev]").get("href")

    assert first.all("nav.pagination a[rel=prev]") == []
    for link in (following, back):
        query = parse_qs(urlsplit(link).query)
        assert query["sort"] == ["agency"] and query["order"] == ["desc"]
        assert query["campaign"] == [str(campaign_id)]
    assert parse_qs(urlsplit(following).query)["page"] == ["2"]
    assert "Page 2 of 2" in second.texts("nav.pagination span")
    assert page(volunteer_client.get(back)).texts("table.scorecards tbody tr") == first.texts(
        "table.scorecards tbody tr"
    )


def test_a_page_reads_the_ledger_of_its_own_agencies_only(
    campaign_id, volunteer_client, monkeypatch
):
    monkeypatch.setattr(views, "PER_PAGE", 2)
    scored: list[int] = []
    score = scorecards.score

    def counting(facts, names, today):
        facts = list(facts)
        scored.extend(f.agency_id for f in facts)
        return score(facts, names, today)

    monkeypatch.setattr(scorecards, "score", counting)

    shown = page(volunteer_client.get("/dashboard/agencies?sort=overdue&order=desc"))

    assert len(shown.all("table.scorecards tbody tr")) == 2
    assert len(set(scored)) == 2  # five agencies have requests: only the page's two are scored
    assert "5 agencies" in shown.one("table.scorecards caption").text


def test_a_page_past_the_end_or_nonsense_shows_a_page(campaign_id, volunteer_client, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 2)
    last = page(volunteer_client.get("/dashboard/agencies?sort=agency&order=asc&page=99"))
    assert "Page 3 of 3" in last.texts("nav.pagination span")
    assert last.table("table.scorecards")[0]["Agency"].startswith("Elm Police Department")
    for query in ("page=-4", "page=two", "sort=nothing&order=sideways", "campaign=x"):
        assert volunteer_client.get(f"/dashboard/agencies?{query}").status_code == 200


def test_the_csv_streams_every_agency_past_one_chunk(campaign_id, volunteer_client, monkeypatch):
    monkeypatch.setattr(scorecard_queries, "CHUNK", 2)
    monkeypatch.setattr(views, "PER_PAGE", 2)

    response = volunteer_client.get("/dashboard/agencies.csv?sort=requests&order=desc")

    assert response.is_streamed
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert table[0] == scorecards.CSV_HEADER
    expected = scorecards.sort_cards(every_card(), "requests", descending=True)
    assert [row[0] for row in table[1:]] == [c.agency for c in expected]
    assert table[1][:3] == ["Elm Police Department", "US-MA", "2"]
