"""Benchmark: `flask reminders send` over 50,000 requests and 200 people, with statement counts.

On a scratch copy of the generated database (bench/generate.py), with a real SMTP server on
loopback (aiosmtpd) receiving the digests:

1. the one-time fill of the `is_settled` fact for snapshots written before it existed (what the
   first run after the upgrade does; generate.py writes snapshots without it);
2. the first daily run: decide, record and queue every reminder, send the outbox;
3. the same day again (nothing new: the steady state of an overlapping or repeated run);
4. the next day.

Also counts the statements of reminder *selection* alone on the full database and on a small
one (3,000 requests), to show that the number of queries does not grow with the requests.

Usage: python bench/bench_reminders.py [--db both|sqlite|postgresql] [--keep]
"""

from __future__ import annotations

import argparse
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from _common import (
    OUT,
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

from foia.auth.models import User
from foia.extensions import db
from foia.mail import OutboundEmail
from foia.reminders import operations
from foia.reminders.cli import fill_missing_facts
from foia.reminders.models import SentReminder
from foia.requests.models import DeadlineSnapshot, RecordsRequest

TODAY = date(2026, 11, 26)
TARGET_SECONDS = 15.0
SMALL = OUT / "bench_small.sqlite3"


def scratch_copy(kind: str, url: str, suffix: str = "reminders") -> str:
    """Copy the generated database to a scratch one of this benchmark's own; return its URL."""
    if kind == "sqlite":
        source = Path(make_url(url).database)
        target = source.with_name(f"{source.stem}_{suffix}.sqlite3")
        drop_scratch(f"sqlite:///{target}")
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return f"sqlite:///{target}"
    scratch = make_url(url).set(database=f"{make_url(url).database}_{suffix}")
    pg_create(scratch.render_as_string(hide_password=False), template=make_url(url).database)
    return scratch.render_as_string(hide_password=False)


def drop_scratch(url: str) -> None:
    """Remove a scratch database."""
    if url.startswith("sqlite"):
        for extra in ("", "-wal", "-shm"):
            Path(f"{make_url(url).database}{extra}").unlink(missing_ok=True)
    else:
        pg_drop(url)


def start_sink(port: int) -> subprocess.Popen:
    """Run aiosmtpd's discarding SMTP server on loopback in its own process (not this GIL)."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ]
    )
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.05)
    process.kill()
    raise RuntimeError("the SMTP sink did not start")


def accepted() -> int:
    """Return how many outbox messages the SMTP server has accepted."""
    return db.session.scalar(
        select(func.count()).select_from(OutboundEmail).where(OutboundEmail.sent_at.is_not(None))
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def timed(app, args: list[str]) -> tuple[float, int, str]:
    """Run a flask command; return (seconds, statements, output)."""
    db.session.remove()
    runner = app.test_cli_runner()
    with counting_statements(db.engine) as counter:
        started = time.perf_counter()
        result = runner.invoke(args=args)
        seconds = time.perf_counter() - started
    if result.exit_code != 0:
        raise RuntimeError(f"{args} failed: {result.output} {result.exception!r}")
    return seconds, counter.count, result.output.strip()


def selection_statements(url: str) -> tuple[int, int, int, float]:
    """Return (open requests, snapshots, statements, seconds) of selection alone on `url`."""
    app = build_app(url)
    with app.app_context():
        open_requests = db.session.scalar(
            select(func.count())
            .select_from(RecordsRequest)
            .where(RecordsRequest.closed_at.is_(None))
        )
        snapshots = db.session.scalar(select(func.count()).select_from(DeadlineSnapshot))
        operations.due_reminders(TODAY)  # warm the calendars, as a running process would be
        db.session.remove()
        with counting_statements(db.engine) as counter:
            started = time.perf_counter()
            operations.due_reminders(TODAY)
            seconds = time.perf_counter() - started
        db.session.remove()
        db.engine.dispose()
    return open_requests, snapshots, counter.count, seconds


def run(kind: str, url: str, keep: bool) -> str:
    """Time the scenarios on a scratch copy of one database; return the Markdown section."""
    ensure_database(kind, url)
    scratch = scratch_copy(kind, url)
    port = free_port()
    sink = start_sink(port)
    app = build_app(scratch, SMTP_HOST="127.0.0.1", SMTP_PORT=port)
    rows = []
    try:
        with app.app_context():
            size = {
                "requests": db.session.scalar(select(func.count()).select_from(RecordsRequest)),
                "open": db.session.scalar(
                    select(func.count())
                    .select_from(RecordsRequest)
                    .where(RecordsRequest.closed_at.is_(None))
                ),
                "people": db.session.scalar(select(func.count()).select_from(User)),
            }
            db.session.remove()
            started = time.perf_counter()
            with counting_statements(db.engine) as counter:
                filled = fill_missing_facts(TODAY)
                db.session.commit()
            fill_seconds = time.perf_counter() - started
            rows.append(
                (
                    "one-time fill of is_settled (first run after the upgrade)",
                    f"{filled:,} requests",
                    "",
                    "",
                    f"{fill_seconds:.2f}",
                    f"{counter.count:,}",
                    "–",
                    "–",
                )
            )
            for label, day in (
                ("first daily run", TODAY),
                ("same day again", TODAY),
                ("next day", TODAY + timedelta(days=1)),
            ):
                before = accepted()
                decided_before = db.session.scalar(select(func.count()).select_from(SentReminder))
                seconds, statements, _ = timed(
                    app, ["reminders", "send", "--today", day.isoformat()]
                )
                decided = (
                    db.session.scalar(select(func.count()).select_from(SentReminder))
                    - decided_before
                )
                rows.append(
                    (
                        f"{label} ({day.isoformat()})",
                        f"{decided:,} reminders",
                        f"{accepted() - before:,}",
                        "",
                        f"{seconds:.2f}",
                        f"{statements:,}",
                        f"< {TARGET_SECONDS:.0f}",
                        verdict(seconds, TARGET_SECONDS),
                    )
                )
            unsent = db.session.scalar(
                select(func.count())
                .select_from(OutboundEmail)
                .where(OutboundEmail.sent_at.is_(None))
            )
            db.session.remove()
            db.engine.dispose()
        open_big, snaps_big, stmts_big, sel_big = selection_statements(scratch)
    finally:
        sink.terminate()
        sink.wait(timeout=10)
        if not keep:
            drop_scratch(scratch)
    title = (
        f"### Reminders on {kind}: {size['requests']:,} requests, {size['open']:,} open,"
        f" {size['people']} people"
    )
    table = markdown_table(
        (
            "scenario",
            "decided",
            "emails accepted by SMTP",
            "",
            "seconds",
            "SQL statements",
            "target s",
            "ok",
        ),
        rows,
    )
    return (
        f"{title}\n\n{table}\n\nUnsent messages left in the outbox: {unsent}.\n\n"
        f"Selection alone (load facts + pure selection), warm calendars: {open_big:,} open"
        f" requests, {snaps_big:,} snapshots: {stmts_big} SQL statements, {sel_big:.2f} s.\n"
    )


def small_selection() -> str:
    """Return the statement count of selection on a 3,000-request database."""
    from generate import generate

    url = f"sqlite:///{SMALL}"
    # Always made afresh (a few seconds): a copy from an older schema would not match the app.
    for stale in (
        SMALL,
        SMALL.with_name(SMALL.name + "-wal"),
        SMALL.with_name(SMALL.name + "-shm"),
    ):
        stale.unlink(missing_ok=True)
    generate(url, agencies=2000, requests=3000)
    app = build_app(url)
    with app.app_context():
        fill_missing_facts(TODAY)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    open_small, snaps_small, stmts_small, sel_small = selection_statements(url)
    return (
        f"Selection alone on a small SQLite database: {open_small:,} open requests,"
        f" {snaps_small:,} snapshots: {stmts_small} SQL statements, {sel_small:.2f} s"
        " (the same number of statements as at full size).\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="both", choices=("both", "sqlite", "postgresql"))
    parser.add_argument("--keep", action="store_true", help="Keep the scratch copies.")
    args = parser.parse_args()
    sections = ["## bench_reminders: `flask reminders send`\n"]
    for kind in kinds(args.db):
        sections.append(run(kind, database_url(kind), args.keep))
    sections.append(small_selection())
    print("\n".join(sections))


if __name__ == "__main__":
    Path(OUT).mkdir(parents=True, exist_ok=True)
    main()
