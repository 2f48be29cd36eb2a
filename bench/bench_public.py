"""Benchmark: the public campaign page (issue #17 §2) at 351 agencies, kept and rendered.

Builds a scratch database by running the migrations: a published campaign of 351 Massachusetts
police departments, each request filed, with a released document and a confirmed finding, and
a statewide and a local face-surveillance policy (so the ban rule runs). Times GET
/public/<address> through the Flask test client (the whole WSGI stack) as an anonymous visitor:
the page as kept (foia/public/cache.py: the publication check and the one-statement fingerprint)
and rendered afresh (the cache emptied before each request: what the first visit after a change
costs). The rate limit is off, as in the tests.

Usage: python bench/bench_public.py [--runs 200] [--agencies 351] [--db sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import time
from datetime import date

from _common import (
    OUT,
    build_app,
    counting_statements,
    fresh_database,
    markdown_table,
    percentile,
    pg_drop,
    verdict,
)
from flask_migrate import upgrade

from foia.agencies.models import Agency
from foia.campaigns.models import Campaign
from foia.documents import operations as documents
from foia.documents.storage import store_for
from foia.extensions import db
from foia.findings import operations as findings
from foia.findings.models import Finding
from foia.jurisdictions.models import FacePolicy, Jurisdiction
from foia.public import cache
from foia.requests import operations as requests

TARGET_MS = 30.0
FILED_ON = date(2026, 9, 1)
SLUG = "bench-tracker"
COUNTIES = ("Suffolk", "Middlesex", "Essex", "Worcester", "Hampden", "Norfolk", "Plymouth")


def populate(app, size: int) -> None:
    """Publish a campaign of `size` agencies, each with a released document and a finding."""
    state = Jurisdiction(code="US-MA", name="Massachusetts", level="state")
    city = Jurisdiction(code="US-MA:town-3", name="Town 3", level="municipal", parent=state)
    campaign = Campaign(name="Bench tracker", is_published=True, public_slug=SLUG)
    db.session.add_all([state, city, campaign])
    db.session.add(FacePolicy(jurisdiction=city, status="ban", scope="police"))
    db.session.flush()
    store = store_for(app.config)
    for n in range(size):
        agency = Agency(
            name=f"Town {n} Police Department",
            jurisdiction=state,
            level="municipal",
            county=COUNTIES[n % len(COUNTIES)],
            municipality=f"Town {n}",
        )
        db.session.add(agency)
        db.session.flush()
        records_request = requests.create_request(
            agency, "Face recognition", owner=None, actor=None
        )
        records_request.campaign = campaign
        requests.add_event(records_request, "filed", FILED_ON, today=FILED_ON, actor=None)
        upload = documents.Upload(f"reply-{n}.txt", f"Reply of town {n}".encode(), "text/plain")
        attachment = documents.attach(
            upload, store=store, max_bytes=10**6, actor=None, request_id=records_request.id
        )
        documents.set_public(attachment, True, actor=None)
        finding = Finding(
            agency_id=agency.id, attachment_id=attachment.id, kind="system", value="Clearview AI"
        )
        db.session.add(finding)
        db.session.flush()
        findings.confirm(finding, None, "Clearview AI")
    db.session.commit()


def time_page(app, runs: int, *, kept: bool) -> tuple[float, float, float, float, int]:
    """Return p50, p95, p99 (ms), statements per request and the page's size."""
    client = app.test_client()
    for _ in range(3):
        client.get(f"/public/{SLUG}")
    timings, size = [], 0
    with counting_statements(db.engine) as counter:
        for _ in range(runs):
            if not kept:
                app.extensions.pop(cache.EXTENSION, None)
            started = time.perf_counter()
            response = client.get(f"/public/{SLUG}")
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"the public page answered {response.status_code}")
            size = len(response.data)
    timings.sort()
    return (
        percentile(timings, 0.5),
        percentile(timings, 0.95),
        percentile(timings, 0.99),
        counter.count / runs,
        size,
    )


def main() -> None:
    """Build the campaign, time the page kept and rendered, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--agencies", type=int, default=351)
    parser.add_argument("--db", default="sqlite", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    url = fresh_database(args.db, "bench_public")
    app = build_app(url, DOCUMENTS_DIR=str(OUT / "public_documents"), PUBLIC_RATE_LIMIT=0)
    with app.app_context():
        upgrade()
        populate(app, args.agencies)
        rows = []
        for kept in (True, False):
            runs = args.runs if kept else max(10, args.runs // 10)
            p50, p95, p99, statements, size = time_page(app, runs, kept=kept)
            rows.append(
                [
                    args.db,
                    args.agencies,
                    "kept" if kept else "rendered",
                    runs,
                    f"{statements:.0f}",
                    f"{p50:.1f}",
                    f"{p95:.1f}",
                    f"{p99:.1f}",
                    f"{size / 1024:.0f}",
                    f"{TARGET_MS:.0f}" if kept else "–",
                    verdict(p95, TARGET_MS) if kept else "–",
                ]
            )
        db.session.remove()
        db.engine.dispose()
    if args.db == "postgresql":
        pg_drop(url)
    print("\n### Public campaign page\n")
    headers = ["db", "agencies", "page", "runs", "SQL statements", "p50 ms", "p95 ms", "p99 ms"]
    print(markdown_table([*headers, "HTML KB", "target ms", "met"], rows))


if __name__ == "__main__":
    main()
