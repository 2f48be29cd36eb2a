"""Search across messages, notes and document text, on SQLite FTS5 and PostgreSQL alike."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from foia import clock
from foia.campaigns.models import Campaign
from foia.documents import operations as documents
from foia.documents.models import Document
from foia.documents.storage import store_for
from foia.extensions import db
from foia.requests import operations as requests
from foia.requests.models import Communication
from foia.responses import operations
from foia.search.backends import SearchQuery, fts5_query, highlight, search
from foia.search.models import SearchEntry
from tests.support.factories import create_agency, create_jurisdiction
from tests.support.html import page
from tests.support.responses import filed_request, recent_monday, text_pdf


def message(records_request, body: str, on: date, subject: str = "Reply") -> Communication:
    row = Communication(
        records_request=records_request,
        direction="in",
        channel="email",
        occurred_on=on,
        subject=subject,
        body=body,
        sender="rao@town.gov",
    )
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def corpus(app):
    """Two campaigns, three agencies in two states, messages, notes and an extracted PDF."""
    today = clock.today()
    press, other = Campaign(name="Press Pause"), Campaign(name="Other")
    db.session.add_all([press, other])
    db.session.commit()
    springfield = filed_request(recent_monday(today), campaign=press)
    boston = filed_request(
        recent_monday(today),
        agency=create_agency("Boston Police Department", county="Suffolk"),
        campaign=press,
        categories=["contracts"],
    )
    california = create_jurisdiction("US-CA", "California", "state")
    oakland = filed_request(
        recent_monday(today),
        agency=create_agency("Oakland Police Department", california, county="Alameda"),
        campaign=other,
        categories=["audit-logs"],
    )
    message(
        springfield, "Our Clearview AI trial account ended in March.", today - timedelta(days=3)
    )
    message(boston, "No records of Clearview subscriptions exist.", today - timedelta(days=40))
    message(oakland, "Clearview searches are logged monthly.", today)
    operations.add_note(boston, "Clearview vendor called back", is_privileged=False, actor=None)
    store = store_for(app.config)
    documents.attach(
        documents.Upload("contract.pdf", text_pdf("Rekognition licence with Amazon")),
        store=store,
        max_bytes=10**8,
        actor=None,
        request_id=springfield.id,
    )
    db.session.commit()
    for document in db.session.scalars(select(Document)):
        documents.extract_document(document, store, ocr=False)
    db.session.commit()
    return {"springfield": springfield, "boston": boston, "oakland": oakland, "press": press}


def find(text: str, **filters) -> list:
    return search(db.session, SearchQuery(text=text, **filters))


def test_index_follows_writes_including_extracted_text(corpus):
    assert {h.source for h in find("clearview")} == {"communication", "note"}
    assert [h.title for h in find("rekognition")] == ["contract.pdf"]  # text from extraction
    assert find("amazon")[0].reference == corpus["springfield"].reference


def test_changes_and_deletions_reach_the_index(corpus):
    row = db.session.scalars(select(Communication).filter_by(request_id=corpus["oakland"].id)).one()
    row.body = "Now about Vigilant Solutions"
    db.session.commit()
    assert [h.source_id for h in find("vigilant")] == [row.id]
    assert all(h.source_id != row.id for h in find("clearview"))
    db.session.delete(row)
    db.session.commit()
    assert find("vigilant") == []


@pytest.mark.slow
def test_filters(corpus):
    press = corpus["press"].id
    today = clock.today()
    assert {h.agency for h in find("clearview", campaign_id=press)} == {
        "Springfield Police Department",
        "Boston Police Department",
    }
    assert {h.agency for h in find("clearview", state="US-CA")} == {"Oakland Police Department"}
    assert {h.agency for h in find("clearview", agency_id=corpus["boston"].agency_id)} == {
        "Boston Police Department"
    }
    assert {h.agency for h in find("clearview", category="audit-logs")} == {
        "Springfield Police Department",
        "Oakland Police Department",
    }
    assert {h.source for h in find("clearview", kind="note")} == {"note"}
    recent = find(
        "clearview", date_from=today - timedelta(days=7), date_to=today, kind="communication"
    )
    assert {h.agency for h in recent} == {
        "Springfield Police Department",
        "Oakland Police Department",
    }
    assert find("clearview", request_ids=frozenset({corpus["oakland"].id}))[0].agency == (
        "Oakland Police Department"
    )


@pytest.mark.slow
def test_snippets_are_highlighted_and_escaped(corpus):
    message(corpus["oakland"], "<script>alert(1)</script> Idemia contract", clock.today())

    hit = find("idemia")[0]

    assert "<mark>Idemia</mark>" in hit.snippet
    # FTS5 keeps the text and it is escaped; PostgreSQL's parser drops tags: never raw markup.
    assert "<script>" not in hit.snippet


@pytest.mark.slow
@pytest.mark.parametrize("text", ['"', "AND OR NOT (", "*", "clear*view", "NEAR(", "''", "   "])
def test_any_input_is_safe(corpus, text):
    assert isinstance(find(text), list)


@pytest.mark.slow
def test_the_search_page_filters_by_status(corpus, volunteer_client):
    requests.add_event(corpus["boston"], "denial", clock.today(), today=clock.today(), actor=None)
    db.session.commit()

    hits = page(volunteer_client.get("/search?q=clearview&status=denied"))

    assert set(hits.texts(".hit .muted")) == {
        f"Message · {corpus['boston'].reference} · Boston Police Department · "
        + (clock.today() - timedelta(days=40)).strftime("%d %b %Y"),
        f"Note · {corpus['boston'].reference} · Boston Police Department · "
        + clock.today().strftime("%d %b %Y"),
    }


def test_entries_match_their_sources(corpus):
    kinds = sorted(db.session.scalars(select(SearchEntry.source)))
    assert kinds == ["communication"] * 3 + ["document", "note"]


def test_helpers():
    assert (
        fts5_query('clearview "trial account" AND x"y')
        == '"clearview" "trial account" "AND" "x" "y"'
    )
    assert str(highlight("a \x02b\x03 <c>")) == "a <mark>b</mark> &lt;c&gt;"
