"""Benchmark: search p95 over 100,000 documents (about a million pages of generated text).

Builds a scratch database under bench/out/ (SQLite file, or the PostgreSQL database
foia_bench_search) by running the migrations, then 1,000 requests to 100 agencies in 3 states and
DOCUMENTS search rows of PAGES pages each (WORDS words a page, Zipf-distributed over a 30,000-word
vocabulary plus the domain words searched for). Times the real `foia.search.backends.search`
(highlighted snippets, first page of 50) for rare, common, two-word and filtered queries.

Usage: python bench/bench_search.py [--db both|sqlite|postgresql] [--documents 100000]
       [--pages 10] [--words 60] [--runs 40] [--keep] [--reuse]

--reuse times a database kept by an earlier --keep again, after upgrading it to the migrations'
head (as a deployment would be upgraded), without loading it anew.
"""

from __future__ import annotations

import argparse
import itertools
import random
import time

from _common import (
    OUT,
    PG_MAINTENANCE_URL,
    build_app,
    kinds,
    markdown_table,
    percentile,
    pg_create,
    pg_drop,
    verdict,
)
from flask_migrate import upgrade
from sqlalchemy import func, insert, select, text

from foia.agencies.models import Agency
from foia.extensions import db
from foia.jurisdictions.models import Jurisdiction
from foia.requests.models import RecordsRequest
from foia.search.backends import SearchQuery, search
from foia.search.models import SearchEntry

TARGET_MS = 100.0
DOMAIN = [
    "clearview",
    "rekognition",
    "idemia",
    "vigilant",
    "dataworks",
    "cognitec",
    "audit",
    "policy",
    "contract",
    "subscription",
    "probe",
    "gallery",
    "mugshot",
    "warrant",
]
QUERIES = [
    ("rare word", "cognitec", {}),
    ("common word", "policy", {}),
    ("two words", "clearview subscription", {}),
    ("phrase", '"audit log"', {}),
    ("filtered: state", "clearview", {"state": "US-CA"}),
    ("filtered: kind + dates", "gallery", {"kind": "document"}),
]


def vocabulary(size: int, rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = {"".join(rng.choice(letters) for _ in range(rng.randint(3, 10))) for _ in range(size)}
    return sorted(words)


def page_text(rng: random.Random, words: list[str], weights: list[float], count: int) -> str:
    chosen = rng.choices(words, cum_weights=weights, k=count)
    if rng.random() < 0.3:
        chosen[rng.randrange(count)] = rng.choice(DOMAIN)
    if rng.random() < 0.02:
        chosen.insert(rng.randrange(count), "audit log")
    return " ".join(chosen)


def populate(documents: int, pages: int, words_per_page: int) -> tuple[int, int]:
    rng = random.Random(42)
    states = []
    for code, name in (("US-MA", "Massachusetts"), ("US-CA", "California"), ("US-NY", "New York")):
        row = Jurisdiction(code=code, name=name, level="state")
        db.session.add(row)
        states.append(row)
    agencies = [
        Agency(name=f"Agency {n}", jurisdiction=states[n % 3], level="municipal")
        for n in range(100)
    ]
    db.session.add_all(agencies)
    db.session.flush()
    requests = [
        RecordsRequest(
            title=f"R{n}",
            agency=agencies[n % 100],
            reference=f"FR-2026-{n:05d}",
            category_slugs=["contracts"],
        )
        for n in range(1000)
    ]
    db.session.add_all(requests)
    db.session.commit()
    ids = [r.id for r in requests]
    words = vocabulary(30_000, rng)
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
    table = SearchEntry.__table__
    batch, chars = [], 0
    for number in range(documents):
        body = "\f".join(page_text(rng, words, weights, words_per_page) for _ in range(pages))
        chars += len(body)
        batch.append(
            {
                "source": "document",
                "source_id": number + 1,
                "request_id": ids[number % len(ids)],
                "document_id": number + 1,
                "is_privileged": False,
                "title": f"release-{number}.pdf",
                "body": body,
            }
        )
        if len(batch) == 2000:
            db.session.execute(insert(table), batch)
            db.session.commit()
            batch = []
    if batch:
        db.session.execute(insert(table), batch)
        db.session.commit()
    return documents * pages, chars


def _kept_size() -> tuple[int, int, int]:
    """Return the documents, pages (one more than form feeds each) and characters kept."""
    table = SearchEntry.__table__
    documents, chars, breaks = db.session.execute(
        select(
            func.count(),
            func.sum(func.length(table.c.body)),
            func.sum(func.length(table.c.body) - func.length(func.replace(table.c.body, "\f", ""))),
        )
    ).one()
    return documents, documents + (breaks or 0), chars or 0


def run(kind: str, args) -> list[list[object]]:
    if kind == "sqlite":
        path = OUT / "search_bench.sqlite3"
        if not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        url = PG_MAINTENANCE_URL.rsplit("/", 1)[0] + "/foia_bench_search"
        if not args.reuse:
            pg_create(url)
    app = build_app(url)
    rows = []
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        if args.reuse:
            documents, total_pages, chars = _kept_size()
        else:
            documents = args.documents
            total_pages, chars = populate(args.documents, args.pages, args.words)
        if kind == "postgresql":
            # Every table, as autovacuum would within a minute: without statistics on the
            # small request, agency and jurisdiction tables, a filtered search may be planned
            # as a nested loop over the matches (150 ms instead of 50).
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        load = time.perf_counter() - started
        for label, query, filters in QUERIES:
            search(db.session, SearchQuery(text=query, limit=51, **filters))  # warm
            timings, hits = [], 0
            for _ in range(args.runs):
                t0 = time.perf_counter()
                found = search(db.session, SearchQuery(text=query, limit=51, **filters))
                timings.append((time.perf_counter() - t0) * 1000)
                hits = len(found)
            timings.sort()
            p95 = percentile(timings, 0.95)
            rows.append(
                [
                    kind,
                    label,
                    query,
                    hits,
                    f"{percentile(timings, 0.5):.1f}",
                    f"{p95:.1f}",
                    f"{TARGET_MS:.0f}",
                    verdict(p95, TARGET_MS),
                ]
            )
        db.session.remove()
        db.engine.dispose()
    done = "measured and analysed" if args.reuse else "loaded and indexed"
    print(
        f"\n{kind}: {documents:,} documents, {total_pages:,} pages, "
        f"{chars / 1e6:,.0f} M characters of text, {done} in {load:,.0f} s"
    )
    if not args.keep and kind == "postgresql":
        pg_drop(url)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="both", choices=("both", "sqlite", "postgresql"))
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--words", type=int, default=60, help="words a page")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="time a kept database again")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    for kind in kinds(args.db):
        rows += run(kind, args)
    print("\n### Search (first page of 50 hits, with highlighted snippets)\n")
    print(
        markdown_table(
            ["db", "query", "text", "hits", "p50 ms", "p95 ms", "target ms", "met"], rows
        )
    )


if __name__ == "__main__":
    main()
