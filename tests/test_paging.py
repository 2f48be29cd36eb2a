"""Long lists count their rows only as far as anyone pages (foia.paging): past that they say
"more than N" and keep a Next link; a page further on, or a narrower filter, counts exactly."""

import pytest

from foia import paging
from foia.extensions import db
from foia.requests import operations
from tests.support.factories import create_agency, create_jurisdiction, create_user, login_as
from tests.support.html import page, text_of
from tests.support.statements import statements_sent


@pytest.fixture
def short_lookahead(monkeypatch):
    """Count 55 rows past a page's first instead of 1,000, so 60 rows are "more than"."""
    monkeypatch.setattr(paging, "LOOKAHEAD", 55)


def test_the_agency_list_says_more_than_past_what_it_counted_then_counts_exactly(
    app, short_lookahead
):
    client = login_as(app.test_client(), create_user("volunteer"))
    ma = create_jurisdiction()
    for n in range(60):
        create_agency(f"Agency {n:03}", jurisdiction=ma)

    first = page(client.get("/agencies"))
    assert text_of(first.one("#results-count")) == "More than 55 agencies, showing 1–50."
    assert text_of(first.one(".pagination span")) == "Page 1 of at least 2"
    next_link = first.one('.pagination a[rel="next"]').get("href")

    second = page(client.get(next_link))
    assert text_of(second.one("#results-count")) == "60 agencies, showing 51–60."
    assert text_of(second.one(".pagination span")) == "Page 2 of 2"
    assert [row["Name"] for row in second.table()] == [f"Agency {n:03}" for n in range(50, 60)]
    assert not second.all('.pagination a[rel="next"]')

    narrow = page(client.get("/agencies", query_string={"q": "agency 05"}))
    assert text_of(narrow.one("#results-count")) == "10 agencies match."


def test_the_request_list_says_more_than_past_what_it_counted_then_counts_exactly(
    app, short_lookahead
):
    lawyer = create_user("lawyer")
    client = login_as(app.test_client(), lawyer)
    agency = create_agency()
    for n in range(60):
        operations.create_request(agency, f"Request {n}", owner=lawyer, actor=lawyer)
    db.session.commit()

    first = page(client.get("/requests"))
    assert "More than 55 requests (filter to narrow them)" in text_of(first.one("p.muted"))
    assert len(first.table()) == 50
    assert text_of(first.one(".pagination span")) == "Page 1 of at least 2"

    second = page(client.get(first.one('.pagination a[rel="next"]').get("href")))
    assert text_of(second.one("p.muted")).startswith("60 requests,")
    assert len(second.table()) == 10
    assert text_of(second.one(".pagination span")) == "Page 2 of 2"


def test_counting_stops_at_the_lookahead(app, short_lookahead):
    ma = create_jurisdiction()
    for n in range(70):
        create_agency(f"Agency {n:03}", jurisdiction=ma)
    from foia.agencies.views import directory_query

    with statements_sent() as statements:
        found = paging.paginate(directory_query({}), 1, 50)
    assert (found.total, found.is_exact, len(found.items)) == (55, False, 50)
    count = next(s for s in statements if "count(" in s.lower())
    assert "LIMIT" in count.upper()  # the count reads no more than the lookahead's rows


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ("", 13),
        ("?q=agency", 13),
        ("?state=US-MA", 12),
        ("?q=agency&state=US-MA&level=municipal", 12),
    ],
)
def test_the_agency_count_reads_agencies_alone_and_matches_the_rows(
    app, short_lookahead, filters, expected
):
    client = login_as(app.test_client(), create_user("volunteer"))
    ma = create_jurisdiction()
    for n in range(12):
        create_agency(f"Agency {n:03}", jurisdiction=ma)
    create_agency("Agency elsewhere", jurisdiction=create_jurisdiction("US-RI", "Rhode Island"))

    with statements_sent() as statements:
        shown = page(client.get(f"/agencies{filters}"))
    count = next(s for s in statements if "count(" in s.lower())
    # Every agency has a jurisdiction: joining them changes no count, only costs time.
    assert "JOIN" not in count.upper()
    assert text_of(shown.one("#results-count")).startswith(f"{expected} agencies")
    assert len(shown.table()) == expected
