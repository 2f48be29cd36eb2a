"""Benchmark: recomputing open requests' deadlines after a closure, and all of them at once.

Works on a scratch copy of the generated database (SQLite: a file copy; PostgreSQL: CREATE
DATABASE ... TEMPLATE), so the generated one stays as it was. Each scenario runs in a fresh
session and is timed up to and including the commit. SQL statements are counted with a
`before_cursor_execute` listener (an executemany counts once), to show that the work is batched.

Usage: python bench/bench_recompute.py [--db both|sqlite|postgresql] [--path FILE] [--url URL]
                                       [--profile] [--keep]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sqlite3
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from _common import (
    build_app,
    counting_statements,
    database_url,
    ensure_database,
    kinds,
    markdown_table,
    pg_create,
    pg_drop,
    verdict,
)
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from foia.agencies.models import Agency
from foia.audit import AuditEvent
from foia.extensions import db
from foia.jurisdictions.models import Jurisdiction
from foia.jurisdictions.operations import add_closure
from foia.requests import batch, clocks
from foia.requests.models import RecordsRequest

TODAY = date(2026, 11, 26)
TARGET_SECONDS = 30.0


def scratch_copy(kind: str, url: str) -> str:
    """Copy the generated database to a scratch one; return its URL."""
    if kind == "sqlite":
        source = Path(make_url(url).database)
        target = source.with_name(source.stem + "_scratch.sqlite3")
        for extra in ("", "-wal", "-shm"):
            Path(f"{target}{extra}").unlink(missing_ok=True)
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return f"sqlite:///{target}"
    scratch = make_url(url).set(database=f"{make_url(url).database}_scratch")
    pg_create(scratch.render_as_string(hide_password=False), template=make_url(url).database)
    return scratch.render_as_string(hide_password=False)


def drop_scratch(url: str) -> None:
    """Remove the scratch database."""
    if url.startswith("sqlite"):
        for extra in ("", "-wal", "-shm"):
            Path(f"{make_url(url).database}{extra}").unlink(missing_ok=True)
    else:
        pg_drop(url)


def biggest_state() -> str:
    """Return the state (other than Massachusetts) with the most open requests."""
    return db.session.scalar(
        select(Jurisdiction.code)
        .join(Agency, Agency.jurisdiction_id == Jurisdiction.id)
        .join(RecordsRequest, RecordsRequest.agency_id == Agency.id)
        .where(RecordsRequest.closed_at.is_(None), Jurisdiction.level == "state")
        .where(Jurisdiction.code != "US-MA")
        .group_by(Jurisdiction.code)
        .order_by(func.count().desc())
        .limit(1)
    )


def measure(name: str, work: Callable[[], int], profile: bool) -> tuple:
    """Run `work` in a fresh session, commit; return a table row of what it cost."""
    db.session.remove()
    computed = 0
    # Every path computes a request's clocks through compute_deadlines (deadlines_for too).
    original = clocks.compute_deadlines

    def counting(*args, **kwargs):
        nonlocal computed
        computed += 1
        return original(*args, **kwargs)

    audit_before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    profiler = cProfile.Profile() if profile else None
    clocks.compute_deadlines = counting
    try:
        with counting_statements(db.engine) as counter:
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            moved = work()
            db.session.commit()
            if profiler:
                profiler.disable()
            seconds = time.perf_counter() - started
    finally:
        clocks.compute_deadlines = original
    db.session.remove()
    audit_rows = db.session.scalar(select(func.count()).select_from(AuditEvent)) - audit_before
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
        print(f"--- profile: {name}\n{out.getvalue()}", file=sys.stderr)
    batches = max(1, -(-computed // batch.BATCH_SIZE))
    return (
        name,
        f"{computed:,}",
        f"{moved:,}",
        f"{audit_rows:,}",
        f"{seconds:.2f}",
        f"{computed / seconds:,.0f}",
        f"{counter.count:,}",
        f"{counter.count / batches:.1f}",
        f"< {TARGET_SECONDS:.0f}",
        verdict(seconds, TARGET_SECONDS),
    )


def run(kind: str, url: str, profile: bool, keep: bool) -> str:
    """Time the scenarios on a scratch copy of one database; return the Markdown section."""
    ensure_database(kind, url)
    scratch = scratch_copy(kind, url)
    app = build_app(scratch)
    try:
        with app.app_context():
            size = {
                "requests": db.session.scalar(select(func.count()).select_from(RecordsRequest)),
                "open": db.session.scalar(
                    select(func.count())
                    .select_from(RecordsRequest)
                    .where(RecordsRequest.closed_at.is_(None))
                ),
            }
            big = biggest_state()
            rows = [
                measure(
                    "closure added for US-MA (one day)",
                    lambda: add_closure(
                        date(2026, 12, 1),
                        "Snow day",
                        today=TODAY,
                        actor=None,
                        jurisdiction_code="US-MA",
                    )[1],
                    profile,
                ),
                measure(
                    f"closure added for {big} (whole state)",
                    lambda: add_closure(
                        date(2026, 12, 2),
                        "State offices closed by executive order",
                        today=TODAY,
                        actor=None,
                        jurisdiction_code=big,
                    )[1],
                    profile,
                ),
                measure(
                    "recompute_open_requests, all open",
                    lambda: batch.recompute_open_requests("bench", TODAY),
                    profile,
                ),
            ]
            db.session.remove()
            db.engine.dispose()
    finally:
        if not keep:
            drop_scratch(scratch)
    title = (
        f"### Recomputation on {kind}: {size['requests']:,} requests, {size['open']:,} open "
        f"(batches of {batch.BATCH_SIZE})"
    )
    table = markdown_table(
        (
            "scenario",
            "requests recomputed",
            "dates moved",
            "audit rows",
            "seconds",
            "requests/s",
            "SQL statements",
            "statements per batch",
            "target s",
            "met",
        ),
        rows,
    )
    return f"{title}\n\n{table}"


def main() -> None:
    """Parse the options, run the scenarios on each database, print the tables."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=("both", "sqlite", "postgresql"), default="both")
    parser.add_argument("--path", help="SQLite file (default bench/out/foia_bench.sqlite3)")
    parser.add_argument("--url", help="PostgreSQL URL (default .../foia_bench)")
    parser.add_argument("--profile", action="store_true", help="cProfile each scenario")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    sections = [
        run(kind, database_url(kind, args.path, args.url), args.profile, args.keep)
        for kind in kinds(args.db)
    ]
    print("\n\n".join(sections))


if __name__ == "__main__":
    main()
