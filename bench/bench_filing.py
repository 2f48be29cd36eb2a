"""Benchmark: email filing of a 351-agency campaign against bare smtplib, same messages, one run.

Builds (once, then kept in bench/out as a template) a campaign to the 351 Massachusetts municipal
police departments, approved, with every letter and its PDF generated, on SQLite and on
PostgreSQL. Each measurement starts from a fresh copy of that template: `jobs.file_by_email`
files the whole campaign to an aiosmtpd server on loopback (a process of its own, as a mail
server is), then the 351 messages the app sent, flattened beforehand, are sent again by bare
smtplib to the same server: over one connection, and with a connection each. The table gives
messages per second for each and the app's rate as a share of bare smtplib's, and checks what
filing guarantees: every request filed once, with its Communication, its "filed" and
"received" events, deadline snapshots, its email recorded as sent, and the server holding each
Message-ID exactly once.

`--workers` (default: the cores, as `flask campaigns file`) is how many processes file at once;
SQLite always files with one (foia.filing.parallel). CPU per request counts every process of
the app's filing; SQL statements are counted with one process only.

Usage: python bench/bench_filing.py [--db both|sqlite|postgresql] [--workers N] [--fresh]
       [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import multiprocessing
import os
import pstats
import resource
import shutil
import smtplib
import sys
import time
from collections import Counter
from pathlib import Path

from _common import (
    DEFAULT_PG,
    OUT,
    at_head,
    build_app,
    counting_statements,
    has_data,
    kinds,
    markdown_table,
    pg_create,
    pg_drop,
    pg_exists,
)

#: The issue's target: at least this many requests filed per second.
TARGET_PER_SECOND = 50
DOCUMENTS = OUT / "filing_documents"
SQLITE_TEMPLATE = OUT / "filing_template.sqlite3"
SQLITE_RUN = OUT / "filing_run.sqlite3"
PG_TEMPLATE = DEFAULT_PG.rsplit("/", 1)[0] + "/foia_bench_filing_template"
PG_RUN = DEFAULT_PG.rsplit("/", 1)[0] + "/foia_bench_filing"
CAMPAIGN_NAME = "Bench: filing to all MA municipal police"


# The SMTP server, in a process of its own ----------------------------------------------------


def _serve(port: int, pipe) -> None:
    """Run an aiosmtpd server on loopback that keeps each message's Message-ID; answer `pipe`."""
    import re

    from aiosmtpd.controller import Controller

    message_id = re.compile(rb"^Message-ID:\s*(\S+)", re.MULTILINE | re.IGNORECASE)

    class Sink:
        def __init__(self) -> None:
            self.received: Counter = Counter()

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
            found = message_id.search(envelope.original_content or envelope.content)
            self.received[found.group(1).decode() if found else ""] += 1
            return "250 2.0.0 Ok: queued"

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    pipe.send("ready")
    while (command := pipe.recv()) != "stop":
        if command == "reset":
            sink.received.clear()
        pipe.send(dict(sink.received))
    controller.stop()


class SmtpServer:
    """The loopback SMTP server process: start, read what it received, reset, stop."""

    def __init__(self) -> None:
        from tests.support.servers import free_port

        self.port = free_port()
        context = multiprocessing.get_context("spawn")
        self._pipe, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(self.port, child), daemon=True)
        self._process.start()
        if not self._pipe.poll(60) or self._pipe.recv() != "ready":
            raise RuntimeError("the SMTP server did not start")

    def received(self) -> Counter:
        """Return {Message-ID: copies received} since the last reset."""
        self._pipe.send("count")
        return Counter(self._pipe.recv())

    def reset(self) -> None:
        """Forget what was received."""
        self._pipe.send("reset")
        self._pipe.recv()

    def stop(self) -> None:
        """Stop the server process."""
        self._pipe.send("stop")
        self._process.join(10)


# The campaign template -----------------------------------------------------------------------


def _template_ready(url: str) -> bool:
    if not has_data(url) or not at_head(url):
        return False
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return bool(
                conn.execute(
                    text("SELECT count(*) FROM campaigns WHERE name = :n"), {"n": CAMPAIGN_NAME}
                ).scalar()
            )
    finally:
        engine.dispose()


def build_template(url: str) -> None:
    """Create the database of `url`: seeded, one approved campaign, every letter generated."""
    from flask_migrate import upgrade

    from foia import clock
    from foia.campaigns import jobs, operations
    from foia.extensions import db
    from tests.support.letters import set_up_organisation

    print(f"building the campaign template at {url} ...", file=sys.stderr, flush=True)
    app = build_app(url, DOCUMENTS_DIR=str(DOCUMENTS))
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(args=["seed"])
        if result.exit_code != 0:
            raise RuntimeError(result.output)
        set_up_organisation()
        agencies = operations.agencies_matching(
            operations.AgencyFilter(state="US-MA", level="municipal", kind="police")
        )
        for agency in agencies:
            agency.email = agency.email or f"records-{agency.id}@example.org"
        campaign = operations.create_campaign(
            {"name": CAMPAIGN_NAME, "template_slug": "use-and-policy", "category_slugs": []},
            agencies,
            selection="bench",
            actor=None,
        )
        operations.approve_campaign(campaign, actor=None)
        db.session.commit()
        jobs.generate(campaign.id, today=clock.today(), workers=os.cpu_count() or 1)
        jobs.close_pools()
        db.session.remove()
        db.engine.dispose()


def fresh_copy(kind: str, rebuild: bool) -> str:
    """Return the URL of a fresh copy of the template of `kind`, building the template if needed."""
    if kind == "sqlite":
        template_url = f"sqlite:///{SQLITE_TEMPLATE}"
        if rebuild or not _template_ready(template_url):
            SQLITE_TEMPLATE.unlink(missing_ok=True)
            build_template(template_url)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_RUN}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(SQLITE_TEMPLATE, SQLITE_RUN)
        return f"sqlite:///{SQLITE_RUN}"
    if rebuild or not pg_exists(PG_TEMPLATE) or not _template_ready(PG_TEMPLATE):
        pg_create(PG_TEMPLATE)
        build_template(PG_TEMPLATE)
    pg_create(PG_RUN, template=PG_TEMPLATE.rsplit("/", 1)[1])
    return PG_RUN


# Measuring -----------------------------------------------------------------------------------


def _cpu() -> float:
    """Return the CPU seconds of this process and of its ended worker processes."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def file_campaign(url: str, server: SmtpServer, profile: bool, workers: int) -> dict:
    """File the campaign on `url` through the app; return its figures and the messages sent."""
    from sqlalchemy import func, select

    from foia import clock
    from foia.campaigns.jobs import file_by_email
    from foia.campaigns.models import Campaign
    from foia.extensions import db
    from foia.filing.parallel import filing_workers
    from foia.mail import OutboundEmail, build_message, flatten
    from foia.requests.models import ClockEvent, Communication, DeadlineSnapshot

    app = build_app(url, DOCUMENTS_DIR=str(DOCUMENTS), SMTP_PORT=server.port)
    with app.app_context():
        campaign_id = db.session.scalar(select(Campaign.id).filter_by(name=CAMPAIGN_NAME))
        today = clock.today()
        workers = filing_workers(workers)  # as file_by_email decides: SQLite files with one
        db.session.remove()
        server.reset()
        profiler = cProfile.Profile() if profile else None
        with counting_statements(db.engine) as statements:
            started, cpu = time.perf_counter(), _cpu()
            if profiler:
                profiler.enable()
            outcomes = file_by_email(campaign_id, today=today, workers=workers)
            if profiler:
                profiler.disable()
            seconds, cpu = time.perf_counter() - started, _cpu() - cpu
        if profiler:
            profiler.dump_stats(OUT / "filing.prof")
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(45)
        received = server.received()

        def count(model, **where):
            return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))

        emails = list(db.session.scalars(select(OutboundEmail).order_by(OutboundEmail.id)))
        messages = [
            (email.to_addr, flatten(build_message(email))) for email in emails if email.is_sent
        ]
        checks = {
            "filed": sum(o.is_filed for o in outcomes),
            "requests": len(outcomes),
            "filed events": count(ClockEvent, kind="filed"),
            "received events": count(ClockEvent, kind="received"),
            "communications": count(Communication, direction="out", channel="email"),
            "requests with snapshots": db.session.scalar(
                select(func.count(func.distinct(DeadlineSnapshot.request_id)))
            ),
            "emails sent": len(messages),
            "server copies": sum(received.values()),
            "distinct Message-IDs": len(received),
            "sent Message-IDs received once": sum(
                received[e.message_id] == 1 for e in emails if e.is_sent
            ),
        }
        size = sum(len(content) for _, content in messages) / max(1, len(messages))
        db.session.remove()
        db.engine.dispose()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "workers": workers,
        "statements": statements.count,
        "checks": checks,
        "messages": messages,
        "size": size,
    }


def bare_smtplib(port: int, messages: list[tuple[str, bytes]], *, reuse: bool) -> float:
    """Send the flattened messages with smtplib alone; return the seconds it took."""
    sender = "foia@localhost"
    started = time.perf_counter()
    if reuse:
        with smtplib.SMTP("127.0.0.1", port) as server:
            for to_addr, content in messages:
                server.sendmail(sender, [to_addr], content)
    else:
        for to_addr, content in messages:
            with smtplib.SMTP("127.0.0.1", port) as server:
                server.sendmail(sender, [to_addr], content)
    return time.perf_counter() - started


def measure(
    kind: str, server: SmtpServer, rebuild: bool, profile: bool, workers: int
) -> list[list]:
    """Return the table rows of one database."""
    url = fresh_copy(kind, rebuild)
    app_run = file_campaign(url, server, profile, 1 if profile else workers)
    workers = app_run["workers"]
    messages, n = app_run["messages"], len(app_run["messages"])
    server.reset()
    one = bare_smtplib(server.port, messages, reuse=True)
    server.reset()
    each = bare_smtplib(server.port, messages, reuse=False)
    if kind == "postgresql":
        pg_drop(PG_RUN)
    app_rate = app_run["checks"]["filed"] / app_run["seconds"]
    one_rate, each_rate = n / one, n / each
    checks = app_run["checks"]
    is_whole = (
        checks["filed"]
        == checks["requests"]
        == checks["filed events"]
        == checks["received events"]
        == checks["communications"]
        == checks["requests with snapshots"]
        == checks["emails sent"]
        == checks["server copies"]
        == checks["distinct Message-IDs"]
        == checks["sent Message-IDs received once"]
    )
    statements = (
        f"{app_run['statements'] / max(1, n):.1f}" if workers == 1 else "(with --workers 1)"
    )
    met = "met" if app_rate >= TARGET_PER_SECOND else "MISSED"
    return [
        [kind, "messages (average size as sent)", f"{n} ({app_run['size'] / 1024:.1f} KiB)", ""],
        [kind, "app: campaign filed (wall time)", f"{app_run['seconds']:.2f} s", ""],
        [kind, "app: filed per second", f"{app_rate:.1f}", f">= {TARGET_PER_SECOND}: {met}"],
        [kind, "app: processes filing", f"{workers}", ""],
        [kind, "app: SQL statements per request", statements, ""],
        [
            kind,
            "app: CPU per request (its processes)",
            f"{app_run['cpu'] / max(1, n) * 1000:.1f} ms",
            "",
        ],
        [kind, "bare smtplib, one connection: per second", f"{one_rate:.1f}", ""],
        [kind, "bare smtplib, a connection each: per second", f"{each_rate:.1f}", ""],
        [kind, "ratio app / smtplib one connection", f"{app_rate / one_rate:.2f}", ""],
        [kind, "ratio app / smtplib a connection each", f"{app_rate / each_rate:.2f}", ""],
        [
            kind,
            "filed once each (events, message, snapshots, sent, server copy)",
            "yes" if is_whole else f"NO: {checks}",
            "yes",
        ],
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["both", "sqlite", "postgresql"], default="both")
    parser.add_argument("--fresh", action="store_true", help="rebuild the campaign templates")
    parser.add_argument("--profile", action="store_true", help="cProfile of filing to stderr")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    server = SmtpServer()
    try:
        rows = []
        for kind in kinds(args.db):
            rows += measure(kind, server, args.fresh, args.profile, args.workers)
    finally:
        server.stop()
    print(f"## bench_filing: a 351-agency campaign filed by email ({os.cpu_count()} cores)\n")
    print(markdown_table(["database", "measure", "value", "target"], rows))
    print(
        "\nThe SMTP server is aiosmtpd on loopback in a process of its own. Bare smtplib sends "
        "the same messages, flattened before the clock starts, with `sendmail`."
    )


if __name__ == "__main__":
    main()
