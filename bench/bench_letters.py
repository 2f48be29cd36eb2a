"""Benchmark: a 351-agency Massachusetts campaign: PDF letters on every core, then email filing.

Builds a fresh SQLite database (seeded: the 351 municipal police departments), creates and
approves a campaign to all of them, then times (1) one letter alone (compose + PDF, warm),
(2) `jobs.generate` with a pool of PDF processes (one per core): compose, render, store, one
commit per request, and (3) `jobs.file_by_email` of the whole campaign to a local aiosmtpd
server (one SMTP connection per message, one commit per step).

Usage: python bench/bench_letters.py [--workers N] [--path FILE]
"""

from __future__ import annotations

import argparse
import os
import shutil
import time

from _common import OUT, build_app, markdown_table

TARGET_SECONDS = 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--path", default=str(OUT / "letters_bench.sqlite3"))
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for leftover in (args.path, OUT / "letters_documents"):
        shutil.rmtree(leftover, ignore_errors=True) if os.path.isdir(leftover) else None
        if os.path.isfile(leftover):
            os.unlink(leftover)

    from aiosmtpd.controller import Controller
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from foia import clock
    from foia.campaigns import jobs, operations
    from foia.extensions import db
    from foia.letters.pdf import html_to_pdf
    from foia.mail import OutboundEmail
    from tests.support.letters import set_up_organisation
    from tests.support.servers import SMTPSink, free_port

    sink, port = SMTPSink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    app = build_app(
        f"sqlite:///{args.path}", DOCUMENTS_DIR=str(OUT / "letters_documents"), SMTP_PORT=port
    )
    with app.app_context():
        upgrade()
        app.test_cli_runner().invoke(args=["seed"])
        set_up_organisation()  # the letterhead and a signer, without which nothing generates
        agencies = operations.agencies_matching(
            operations.AgencyFilter(state="US-MA", level="municipal", kind="police")
        )
        for agency in agencies:
            agency.email = agency.email or f"records-{agency.id}@example.org"
        campaign = operations.create_campaign(
            {
                "name": "Bench: all MA municipal police",
                "template_slug": "use-and-policy",
                "category_slugs": [],
            },
            agencies,
            selection="bench",
            actor=None,
        )
        operations.approve_campaign(campaign, actor=None)
        db.session.commit()
        today = clock.today()

        html_to_pdf(operations.compose_for(campaign, agencies[0], today).html)  # warm up
        started = time.perf_counter()
        pdf = html_to_pdf(operations.compose_for(campaign, agencies[1], today).html)
        single = time.perf_counter() - started

        started = time.perf_counter()
        jobs.generate(campaign.id, today=today, workers=args.workers)
        generation = time.perf_counter() - started
        jobs.close_pools()

        started = time.perf_counter()
        outcomes = jobs.file_by_email(campaign.id, today=today)
        filing = time.perf_counter() - started
        filed = sum(o.is_filed for o in outcomes)
        mail_bytes = sum(len(m.as_bytes()) for m in sink.messages)
        pdf_bytes = db.session.scalar(select(func.count()).select_from(OutboundEmail)) and sum(
            len(a.get_content()) for m in sink.messages for a in m.iter_attachments()
        )
        db.engine.dispose()
    controller.stop()
    n = len(agencies)
    print(
        f"## Letters: a {n}-agency campaign ({args.workers} PDF processes, "
        f"{os.cpu_count()} cores)\n"
    )
    print(
        markdown_table(
            ["measure", "value", "target"],
            [
                ["agencies (letters)", n, "351"],
                ["one letter alone (compose + PDF, warm)", f"{single * 1000:.0f} ms", ""],
                [
                    "generate all: wall time",
                    f"{generation:.1f} s",
                    f"< {TARGET_SECONDS} s: {'met' if generation < TARGET_SECONDS else 'MISSED'}",
                ],
                ["generate all: letters per second", f"{n / generation:.1f}", ""],
                [
                    "ratio: campaign time / one letter",
                    f"{generation / single:.0f}x",
                    f"{n} if serial; speed-up over serial {n * single / generation:.2f}x",
                ],
                ["email filing: wall time", f"{filing:.1f} s", ""],
                ["email filing: messages per second", f"{filed / filing:.1f}", ""],
                ["requests filed", f"{filed} of {n}", "all"],
                ["data: one PDF", f"{len(pdf.content) / 1024:.1f} KiB", ""],
                ["data: all PDFs", f"{pdf_bytes / 1024 / 1024:.1f} MiB", ""],
                ["data: all emails as sent", f"{mail_bytes / 1024 / 1024:.1f} MiB", ""],
                ["data: database", f"{os.path.getsize(args.path) / 1024 / 1024:.1f} MiB", ""],
            ],
        )
    )


if __name__ == "__main__":
    main()
