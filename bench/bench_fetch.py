"""Benchmark: `flask inbox fetch` of 10,000 messages from dovecot on loopback, and peak memory.

A throwaway dovecot (tests/inbound/imap_server.py: the test suite's server) gets 10,000 messages
by IMAP APPEND, a third of them with a PDF of about 100 KB of its own. Then, on a new database,
as cron would run it (a `flask --app wsgi inbox fetch` process; its start-up counts):

1. the first fetch: every message stored, one commit each, then flagged (target: 100 messages
   per second or more on 2 cores; peak RSS under 300 MB);
2. the same mailbox again: nothing stored (its time);
3. one message with a 50 MB attachment, among a few small ones: peak RSS under 300 MB.

Usage: python bench/bench_fetch.py [--db both|sqlite|postgresql] [--messages N]
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

from _common import (
    OUT,
    ROOT,
    build_app,
    database_url,
    kinds,
    markdown_table,
    pg_create,
    pg_drop,
)
from flask_migrate import upgrade

from foia.extensions import db
from tests.inbound.imap_server import DovecotServer, Mailbox, available

TARGET_PER_SECOND = 100.0
TARGET_RSS_MB = 300.0
PDF_BYTES = 100 * 1024
LARGE_BYTES = 50 * 1024 * 1024
APPEND_CHUNK = 100
SENT = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)


def noise_pdf() -> bytes:
    """Return a real PDF (WeasyPrint) of about 100 KB: a page with an image of random pixels."""
    from PIL import Image

    from foia.letters.pdf import html_to_pdf

    side = int((PDF_BYTES / 3) ** 0.5)
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    source = base64.b64encode(buffer.getvalue()).decode()
    html = f'<!doctype html><p>Responsive records</p><img src="data:image/png;base64,{source}">'
    return html_to_pdf(html).content


def message(number: int, attachment: tuple[str, bytes] | None) -> bytes:
    """Return one agency reply, with its attachment if given."""
    mail = EmailMessage()
    mail["From"] = f"records{number % 97}@police{number % 351}.example.gov"
    mail["To"] = "foia@example.org"
    mail["Subject"] = f"RE: Public records request, our file P{number:06d}"
    mail["Date"] = format_datetime(SENT)
    mail["Message-ID"] = f"<bench.{number}@police.example.gov>"
    mail.set_content(f"Dear requester,\n\nPlease find our answer {number}.\n\nRecords unit\n")
    if attachment:
        name, data = attachment
        mail.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return bytes(mail)


def fill(mailbox: Mailbox, count: int, pdf: bytes) -> int:
    """APPEND `count` messages, a third with a PDF of their own; return the bytes appended."""
    total = 0
    with mailbox.client() as client:
        for start in range(0, count, APPEND_CHUNK):
            chunk = []
            for number in range(start, min(start + APPEND_CHUNK, count)):
                # A comment after %%EOF makes each PDF distinct, as agencies' files are.
                own = (f"records-{number}.pdf", pdf + f"\n% {number}\n".encode())
                chunk.append(message(number, own if number % 3 == 0 else None))
            total += sum(len(raw) for raw in chunk)
            client.multiappend("INBOX", chunk)
    return total


def new_database(kind: str) -> str:
    """Create an empty database of this benchmark's own, migrated; return its URL."""
    if kind == "sqlite":
        path = OUT / "bench_fetch.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        url = database_url("sqlite", str(path))
    else:
        url = database_url("postgresql").rsplit("/", 1)[0] + "/foia_bench_fetch"
        pg_create(url)
    app = build_app(url, DOCUMENTS_DIR=str(OUT / "fetch_documents"))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


#: Runs a command and writes its peak RSS (KB) and exit code to a file. A child's peak RSS
#: starts from its parent's at the fork, so the command is started by this small process, not
#: by the benchmark (which holds the 50 MB message).
MEASURE = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(process.pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def fetch(url: str, mailbox: Mailbox) -> tuple[float, float, str]:
    """Run `flask inbox fetch` as cron would; return (seconds, peak RSS in MB, its output)."""
    env = {
        **os.environ,
        **mailbox.environment(),
        "FOIA_DATABASE_URL": url,
        "FOIA_DOCUMENTS_DIR": str(OUT / "fetch_documents"),
    }
    report = OUT / "bench_fetch.rss"
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "inbox", "fetch"]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(report), *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    peak, code = (int(v) for v in report.read_text().split())
    report.unlink()
    if code != 0 or done.returncode != 0:
        raise RuntimeError(f"inbox fetch failed: {done.stderr[-2000:]}")
    return elapsed, peak / 1024, done.stdout.strip()


def run(kind: str, mailbox: Mailbox, large: Mailbox, count: int, size: int) -> str:
    """Measure the three fetches on a new database of `kind`; return the section."""
    shutil.rmtree(OUT / "fetch_documents", ignore_errors=True)
    url = new_database(kind)
    try:
        first, first_rss, first_out = fetch(url, mailbox)
        second, _, second_out = fetch(url, mailbox)
        big, big_rss, big_out = fetch(url, large)
    finally:
        if kind == "postgresql":
            pg_drop(url)
    rate = count / first
    rows = [
        [
            f"first fetch: {count:,} messages, {size / 1024**2:,.0f} MB",
            f"{first:.1f} s, {rate:,.0f} msg/s",
            f">= {TARGET_PER_SECOND:.0f} msg/s",
            "yes" if rate >= TARGET_PER_SECOND else "NO",
        ],
        [
            "  its peak RSS",
            f"{first_rss:,.0f} MB",
            f"< {TARGET_RSS_MB:.0f} MB",
            "yes" if first_rss < TARGET_RSS_MB else "NO",
        ],
        [
            "second fetch, same mailbox",
            f"{second:.1f} s",
            "0 stored",
            "yes" if " 0 stored " in second_out else "NO",
        ],
        [
            "one 50 MB attachment + 4 small: peak RSS",
            f"{big_rss:,.0f} MB ({big:.1f} s)",
            f"< {TARGET_RSS_MB:.0f} MB",
            "yes" if big_rss < TARGET_RSS_MB and "5 stored" in big_out else "NO",
        ],
    ]
    return "\n".join(
        [
            f"### {kind}\n",
            markdown_table(["measure", "measured", "target", "met"], rows),
            "",
            f"First fetch said: `{first_out}`  ",
            f"Second: `{second_out}`",
            "",
        ]
    )


def main() -> None:
    """Fill a mailbox, fetch it on each database, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="both", choices=("both", "sqlite", "postgresql"))
    parser.add_argument("--messages", type=int, default=10_000)
    args = parser.parse_args()
    if reason := available():
        sys.exit(f"bench_fetch: {reason}")
    server = DovecotServer().start()
    try:
        mailbox, large = server.add_mailbox(), server.add_mailbox()
        started = time.perf_counter()
        size = fill(mailbox, args.messages, noise_pdf())
        filled = time.perf_counter() - started
        big = (b"%PDF-1.4\n" + os.urandom(LARGE_BYTES))[:LARGE_BYTES]
        large.append(
            message(1_000_001, ("large.pdf", big)),
            *(message(1_000_002 + n, None) for n in range(4)),
        )
        sections = [
            "## bench_fetch: `flask inbox fetch` from dovecot on loopback\n",
            f"{args.messages:,} messages ({size / 1024**2:,.0f} MB, a third with a PDF of"
            f" {PDF_BYTES // 1024} KB) put in by IMAP APPEND in {filled:.0f} s. Each fetch is a"
            " `flask --app wsgi inbox fetch` process, its start-up included.\n",
        ]
        for kind in kinds(args.db):
            # A new database remembers no UID: the flags left by the last one do not matter.
            sections.append(run(kind, mailbox, large, args.messages, size))
        print("\n".join(sections))
    finally:
        server.stop()
        shutil.rmtree(OUT / "fetch_documents", ignore_errors=True)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    main()
