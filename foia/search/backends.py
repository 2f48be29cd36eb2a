"""One search interface over two full-text engines: SQLite FTS5 and PostgreSQL tsvector.

`search(session, query)` returns hits with highlighted snippets; each backend builds the match
and the snippet in its dialect, and both share the same filters (joined through the request, so
a moved request or a renamed agency needs no reindexing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape
from sqlalchemy import String, cast, column, func, literal_column, or_, select, table, text
from sqlalchemy.orm import Session

from foia.agencies.models import Agency
from foia.jurisdictions.models import Jurisdiction
from foia.requests.models import RecordsRequest
from foia.search.models import SearchEntry

#: Marks around highlighted words inside snippets (control characters never in stored text).
START, STOP = "\x02", "\x03"
#: PostgreSQL: how many matches are ranked at most, and how much text a snippet is cut from.
RANK_CANDIDATES = 2000
HEADLINE_CHARS = 20_000
#: The FTS5 table the migration makes on SQLite (not a model: it is dialect-specific).
_FTS = table("search_fts", column("rowid"))
_WORD = re.compile(r'"[^"]+"|[\w][\w\'.-]*', re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What to look for, and the filters."""

    text: str
    campaign_id: int | None = None
    agency_id: int | None = None
    state: str | None = None
    category: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    kind: str | None = None
    request_ids: frozenset[int] | None = None
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


def _filters(query: SearchQuery) -> list:
    entry = SearchEntry
    conditions = []
    if not query.include_privileged:
        conditions.append(entry.is_privileged.is_(False))
    if query.kind:
        conditions.append(entry.source == query.kind)
    if query.date_from:
        conditions.append(entry.occurred_on >= query.date_from)
    if query.date_to:
        conditions.append(entry.occurred_on <= query.date_to)
    if query.campaign_id:
        conditions.append(RecordsRequest.campaign_id == query.campaign_id)
    if query.agency_id:
        conditions.append(RecordsRequest.agency_id == query.agency_id)
    if query.state:
        conditions.append(
            or_(Jurisdiction.code == query.state, Jurisdiction.code.like(query.state + ":%"))
        )
    if query.category:
        needle = '%"' + query.category.replace("%", "").replace("_", "\\_") + '"%'
        conditions.append(cast(RecordsRequest.category_slugs, String).like(needle, escape="\\"))
    if query.request_ids is not None:
        conditions.append(entry.request_id.in_(sorted(query.request_ids) or [-1]))
    return conditions


def _joined(statement):
    return (
        statement.outerjoin(RecordsRequest, RecordsRequest.id == SearchEntry.request_id)
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
    """Search with FTS5: bm25 order, snippet() around the best match."""
    match = fts5_query(query.text)
    if not match:
        return []
    statement = _joined(
        select(
            *_COLUMNS,
            literal_column("bm25(search_fts)").label("rank"),
            func.snippet(literal_column("search_fts"), -1, START, STOP, "…", 24),
        )
        .select_from(_FTS)
        .join(SearchEntry, SearchEntry.id == _FTS.c.rowid)
    )
    statement = (
        statement.where(literal_column("search_fts").op("MATCH")(match), *_filters(query))
        .order_by(literal_column("rank"))
        .limit(query.limit)
        .offset(query.offset)
    )
    return _hits(session.execute(statement).all())


def search_postgresql(session: Session, query: SearchQuery) -> list[Hit]:
    """Search the GIN-indexed tsvector: ts_rank order, ts_headline on the page of hits only."""
    if not query.text.strip():
        return []
    tsquery = func.websearch_to_tsquery(text("'english'::regconfig"), query.text)
    tsv = literal_column("search_entries.tsv")
    # Ranking reads each match's tsvector: a word in half of 100,000 documents would cost
    # seconds, so only the first RANK_CANDIDATES matches the GIN index yields are ranked.
    candidates = (
        _joined(select(SearchEntry.id))
        .where(tsv.op("@@")(tsquery), *_filters(query))
        .limit(RANK_CANDIDATES)
        .scalar_subquery()
    )
    ranked = (
        _joined(
            select(
                *_COLUMNS,
                func.ts_rank(tsv, tsquery).label("rank"),
                SearchEntry.id.label("entry_id"),
            )
        )
        .where(SearchEntry.id.in_(candidates))
        .order_by(literal_column("rank").desc(), SearchEntry.id)
        .limit(query.limit)
        .offset(query.offset)
        .subquery()
    )
    options = f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15, MaxFragments=2"
    headline = func.ts_headline(
        text("'english'::regconfig"),
        func.left(SearchEntry.title + " — " + SearchEntry.body, HEADLINE_CHARS),
        tsquery,
        options,
    )
    statement = (
        select(*[ranked.c[i] for i in range(7)], ranked.c.rank, headline)
        .join(SearchEntry, SearchEntry.id == ranked.c.entry_id)
        .order_by(ranked.c.rank.desc(), ranked.c.entry_id)
    )
    return _hits(session.execute(statement).all())


def search(session: Session, query: SearchQuery) -> list[Hit]:
    """Run `query` on whichever database the session is bound to."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return search_postgresql(session, query)
    return search_sqlite(session, query)
