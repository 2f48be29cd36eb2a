"""One search interface over two full-text engines: SQLite FTS5 and PostgreSQL tsvector.

`search(session, query)` returns hits with highlighted snippets; each backend builds the match
and the snippet in its dialect, and both share the same filters (joined through the request, so
a moved request or a renamed agency needs no reindexing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Label,
    String,
    case,
    cast,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
    true,
)
from sqlalchemy.orm import Session

from foia.agencies.models import Agency, search_key
from foia.jurisdictions.models import Jurisdiction
from foia.requests.models import RecordsRequest
from foia.requests.status_filter import status_condition
from foia.search.models import SearchEntry

#: Marks around highlighted words inside snippets (control characters never in stored text).
START, STOP = "\x02", "\x03"
#: PostgreSQL: how many matches are ranked at most, and how much text a snippet is cut from.
#: Ranking reads and decompresses each candidate's tsvector (2,000 took 17 ms of a 76 ms
#: two-word search under load): the first 1,000 matches in the table's order are ranked, as
#: arbitrary a sample of a common word's 20,000 as 2,000 were.
RANK_CANDIDATES = 1000
HEADLINE_CHARS = 20_000
#: PostgreSQL: the characters a snippet is first cut from, around the first word typed: about
#: 85 words, room for the 35 of a snippet (ts_headline's time grows with the text it parses).
HEADLINE_WINDOW = 600
#: The FTS5 table the migration makes on SQLite (not a model: it is dialect-specific).
_FTS = table("search_fts", column("rowid"))
#: Agency names the search form's Agency field suggests at most.
SUGGESTIONS = 20
_WORD = re.compile(r'"[^"]+"|[\w][\w\'.-]*', re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What to look for, and the filters."""

    text: str
    campaign_id: int | None = None
    agency_id: int | None = None
    #: Part of an agency's name or town, as the directory searches (Agency.search_text).
    agency: str | None = None
    state: str | None = None
    category: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    kind: str | None = None
    request_ids: frozenset[int] | None = None
    #: A derived status (foia.requests.status), matched in SQL (foia.requests.status_filter).
    status: str | None = None
    include_privileged: bool = False
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Hit:
    """One result: what it is, where it belongs, and a snippet with the matches marked."""

    source: str
    source_id: int
    request_id: int | None
    title: str
    occurred_on: date | None
    snippet: Markup
    reference: str
    agency: str


def highlight(snippet: str | None) -> Markup:
    """Escape a snippet and turn the match marks into <mark> elements."""
    safe = str(escape((snippet or "").replace("\x00", "")))
    return Markup(safe.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S704 - escaped


def fts5_query(user_text: str) -> str:
    """Return the user's words as an FTS5 query of quoted terms (no FTS5 syntax gets through)."""
    terms = []
    for token in _WORD.findall(user_text):
        words = token.strip('"').replace('"', " ").strip()
        if words:
            terms.append('"' + words + '"')
    return " ".join(terms)


def _filters(session: Session, query: SearchQuery) -> list:
    return _entry_filters(query) + _request_filters(session, query)


def _entry_filters(query: SearchQuery) -> list:
    """Return the conditions on search_entries' own columns."""
    entry = SearchEntry
    conditions: list[ColumnElement[bool]] = []
    if not query.include_privileged:
        conditions.append(entry.is_privileged.is_(False))
    if query.kind:
        conditions.append(entry.source == query.kind)
    if query.date_from:
        conditions.append(entry.occurred_on >= query.date_from)
    if query.date_to:
        conditions.append(entry.occurred_on <= query.date_to)
    if query.request_ids is not None:
        conditions.append(entry.request_id.in_(sorted(query.request_ids) or [-1]))
    return conditions


def _request_filters(session: Session, query: SearchQuery) -> list:
    """Return the conditions on the entry's request, agency and jurisdiction (see _joined)."""
    conditions = []
    if query.status:
        conditions.append(status_condition(session, query.status))
    if query.campaign_id:
        conditions.append(RecordsRequest.campaign_id == query.campaign_id)
    if query.agency_id:
        conditions.append(RecordsRequest.agency_id == query.agency_id)
    if query.agency and query.agency.strip():
        key = search_key(query.agency.strip())
        conditions.append(Agency.search_text.contains(key, autoescape=True))
    if query.state:
        conditions.append(
            or_(Jurisdiction.code == query.state, Jurisdiction.code.like(query.state + ":%"))
        )
    if query.category:
        needle = '%"' + query.category.replace("%", "").replace("_", "\\_") + '"%'
        conditions.append(cast(RecordsRequest.category_slugs, String).like(needle, escape="\\"))
    return conditions


def _joined(statement, request_id=SearchEntry.request_id):
    return (
        statement.outerjoin(RecordsRequest, RecordsRequest.id == request_id)
        .outerjoin(Agency, Agency.id == RecordsRequest.agency_id)
        .outerjoin(Jurisdiction, Jurisdiction.id == Agency.jurisdiction_id)
    )


_COLUMNS = (
    SearchEntry.source,
    SearchEntry.source_id,
    SearchEntry.request_id,
    SearchEntry.title,
    SearchEntry.occurred_on,
    RecordsRequest.reference,
    Agency.name,
)


def _hits(rows) -> list[Hit]:
    # Each row: the seven _COLUMNS, the rank, then the snippet.
    return [
        Hit(r[0], r[1], r[2], r[3], r[4], highlight(r[-1]), r[5] or "", r[6] or "") for r in rows
    ]


def search_sqlite(session: Session, query: SearchQuery) -> list[Hit]:
    """Search with FTS5: bm25 order, snippet() around the best match on the page of hits only."""
    match = fts5_query(query.text)
    if not match:
        return []
    # Most searches filter out few matches: rank from the full-text index alone, filter the
    # best few hundred, and only when too few of those pass, filter and rank every match.
    # (Filtering reads each match's row of search_entries: 40 ms for a word in 20,000.)
    wanted = query.offset + query.limit
    filters = _filters(session, query)
    rows = session.execute(_sqlite_page(query, filters, match, max(4 * wanted, 500))).all()
    if len(rows) < query.limit:
        rows = session.execute(_sqlite_page(query, filters, match, candidates=None)).all()
    return _hits(rows)


def _sqlite_page(query: SearchQuery, filters: list, match: str, candidates: int | None):
    fts: ColumnClause[Any] = literal_column("search_fts")
    score: Label[Any] = literal_column("bm25(search_fts)").label("score")
    if candidates:
        best = (
            select(_FTS.c.rowid.label("entry_id"), score)
            .where(fts.op("MATCH")(match))
            .order_by(literal_column("score"), _FTS.c.rowid)
            .limit(candidates)
            .subquery()
        )
        ranked = _joined(
            select(best.c.entry_id, best.c.score).join(
                SearchEntry, SearchEntry.id == best.c.entry_id
            )
        ).where(*filters)
    else:
        ranked = _joined(
            select(SearchEntry.id.label("entry_id"), score)
            .select_from(_FTS)
            .join(SearchEntry, SearchEntry.id == _FTS.c.rowid)
        ).where(fts.op("MATCH")(match), *filters)
    ranked = (
        ranked.order_by(literal_column("score"), literal_column("entry_id"))
        .limit(query.limit)
        .offset(query.offset)
        .subquery()
    )
    # snippet() re-reads and re-tokenises a document: in the same SELECT as the ranking SQLite
    # would compute it for every match before sorting, so it is cut for the page's hits only.
    return (
        _joined(
            select(*_COLUMNS, ranked.c.score, func.snippet(fts, -1, START, STOP, "…", 24))
            .select_from(ranked)
            .join(_FTS, _FTS.c.rowid == ranked.c.entry_id)
            .join(SearchEntry, SearchEntry.id == ranked.c.entry_id)
        )
        .where(fts.op("MATCH")(match))
        .order_by(ranked.c.score, ranked.c.entry_id)
    )


def search_postgresql(session: Session, query: SearchQuery) -> list[Hit]:
    """Search the GIN-indexed tsvector: ts_rank order, ts_headline on the page of hits only."""
    if not query.text.strip():
        return []
    tsquery = func.websearch_to_tsquery(text("'english'::regconfig"), query.text)
    tsv: ColumnClause[Any] = literal_column("search_entries.tsv")
    # The matches come from the GIN index alone (MATERIALIZED: never a filter on rows found
    # otherwise, as `tsv @@` reads each row's tsvector: it would walk a state's requests and
    # test their 10,000 entries, 200 ms). Ranking reads each match's tsvector too: a word in
    # half of 100,000 documents would cost seconds, so only the first RANK_CANDIDATES matches
    # that pass the filters are ranked.
    matches = (
        select(SearchEntry.id, SearchEntry.request_id)
        .where(tsv.op("@@")(tsquery), *_entry_filters(query))
        .cte("matches")
        .prefix_with("MATERIALIZED")
    )
    candidates = (
        _joined(select(matches.c.id).select_from(matches), matches.c.request_id)
        .where(*_request_filters(session, query))
        .limit(RANK_CANDIDATES)
        .subquery()
    )
    ranked = (
        select(candidates.c.id.label("entry_id"), func.ts_rank(tsv, tsquery).label("rank"))
        .join(SearchEntry, SearchEntry.id == candidates.c.id)
        .order_by(literal_column("rank").desc(), candidates.c.id)
        .limit(query.limit)
        .offset(query.offset)
        .subquery()
    )
    near = _near_first_word(query.text, tsquery)
    statement = _joined(
        select(*_COLUMNS, ranked.c.rank, _headline(tsquery, near))
        .select_from(ranked)
        .join(SearchEntry, SearchEntry.id == ranked.c.entry_id)
        .join(near, true())
    ).order_by(ranked.c.rank.desc(), ranked.c.entry_id)
    # The matches come through the GIN index without a planner override: the tsvector is
    # stored in the row (migration f3a8c1d9e7b2), so a scan costs what it reads.
    return _hits(session.execute(statement).all())


def agency_suggestions(session: Session, typed: str) -> list[str]:
    """Return the names of the first SUGGESTIONS agencies matching `typed`, A to Z."""
    if len(typed.strip()) < 2:
        return []
    matching = Agency.search_text.contains(search_key(typed.strip()), autoescape=True)
    names = session.scalars(
        select(Agency.name).where(matching).order_by(Agency.name, Agency.id).limit(SUGGESTIONS)
    )
    return list(dict.fromkeys(names))  # one entry for agencies of one name in several states


def _headline_of(text_: ColumnElement[str], tsquery) -> ColumnElement[str]:
    options = f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15, MaxFragments=2"
    return func.ts_headline(text("'english'::regconfig"), text_, tsquery, options)


def _near_first_word(user_text: str, tsquery):
    """Return a LATERAL subquery: the headline cut from the text around the first word typed.

    ts_headline parses all the text it is given (about 1 ms per 5,000 characters): cut from
    HEADLINE_WINDOW characters where the first word appears, 51 snippets took 59 ms instead of
    206 (bench_search's documents, 4,600 characters each, on a loaded machine; 1,200 then, 600
    since: 51 snippets in 12-22 ms against 22-30). Empty when the word is not in the text as
    typed (only a stem of it is): see _headline.
    """
    whole = func.left(SearchEntry.title + " — " + SearchEntry.body, HEADLINE_CHARS)
    words = [w for w in (t.strip('"').casefold() for t in _WORD.findall(user_text)) if w]
    if not words:
        return select(literal("").label("headline")).lateral("near")
    at = func.strpos(func.lower(whole), words[0][:100])
    window = func.substr(whole, func.greatest(at - HEADLINE_WINDOW // 4, 1), HEADLINE_WINDOW)
    cut = case((at > 0, _headline_of(window, tsquery)), else_=literal(""))
    return select(cut.label("headline")).correlate(SearchEntry).lateral("near")


def _headline(tsquery, near) -> ColumnElement[str]:
    """Return the snippet: the one cut near the first word if it marks a match, else the whole."""
    whole = func.left(SearchEntry.title + " — " + SearchEntry.body, HEADLINE_CHARS)
    return case(
        (func.strpos(near.c.headline, START) > 0, near.c.headline),
        else_=_headline_of(whole, tsquery),
    )


def search(session: Session, query: SearchQuery) -> list[Hit]:
    """Run `query` on whichever database the session is bound to."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return search_postgresql(session, query)
    return search_sqlite(session, query)
