"""The campaign worker: generate and file a campaign's letters outside the web request.

Run as `flask campaigns generate ID` / `flask campaigns file ID` (the campaign page starts the
same command as a detached process). Each request is one transaction: the work selects what is
not done yet and marks it done in the same commit, so a run killed half-way leaves no
half-written request, and the next run finishes the job with no duplicates (the database also
refuses a second request per agency per campaign).
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from flask import Flask
from sqlalchemy.exc import IntegrityError

from foia.campaigns import operations
from foia.campaigns.models import Campaign
from foia.extensions import db
from foia.filing.jobs import Outcome, file_many
from foia.letters.pdf import html_to_pdf

#: Letters composed per round handed to the PDF pool (small: commits stay frequent).
CHUNK_PER_WORKER = 4


def _rendered(chunks: Iterator[list], workers: int) -> Iterator[tuple]:
    """Yield (member, letter, pdf), rendering one chunk's PDFs while the previous is stored."""
    if workers <= 1:
        for items in chunks:
            for member, letter in items:
                yield member, letter, html_to_pdf(letter.html)
        return
    pool, previous = _pool(workers), None
    for items in chunks:
        # Composing this chunk and storing the last overlap with the pool's rendering.
        result = pool.map_async(html_to_pdf, [letter.html for _, letter in items])
        if previous is not None:
            yield from _zip(*previous)
        previous = (items, result)
    if previous is not None:
        yield from _zip(*previous)


def _zip(items, result):
    for (member, letter), pdf in zip(items, result.get(), strict=True):
        yield member, letter, pdf


_POOLS: dict[int, multiprocessing.pool.Pool] = {}


def _pool(workers: int):
    # Spawned, not forked: the parent holds database connections the children must not share.
    if workers not in _POOLS:
        _POOLS[workers] = multiprocessing.get_context("spawn").Pool(workers)
    return _POOLS[workers]


def close_pools() -> None:
    """Stop the PDF worker processes."""
    while _POOLS:
        _, pool = _POOLS.popitem()
        pool.close()
        pool.join()


def generate(
    campaign_id: int,
    *,
    today: date,
    workers: int = 1,
    on_item: Callable[[str], None] = lambda outcome: None,
) -> dict[str, int]:
    """Generate every letter of the campaign not yet drafted from its current wording."""
    campaign = db.session.get_one(Campaign, campaign_id)
    if campaign.approved_at is None:
        raise operations.CampaignError("A lawyer must approve the campaign first.")
    counts: dict[str, int] = {}
    for member, letter, pdf in _rendered(_composed(campaign, today, workers), workers):
        outcome = _store(campaign, member, letter, pdf)
        counts[outcome] = counts.get(outcome, 0) + 1
        on_item(outcome)
    return counts


def _composed(campaign: Campaign, today: date, workers: int) -> Iterator[list]:
    """Yield the pending letters composed, a few at a time."""
    pending = operations.pending_members(campaign)
    size = max(1, workers * CHUNK_PER_WORKER)
    for start in range(0, len(pending), size):
        items = []
        for member in pending[start : start + size]:
            existing = operations.request_for(campaign, member.agency)
            correcting = existing if existing is not None and _is_filed(existing) else None
            items.append(
                (
                    member,
                    operations.compose_for(campaign, member.agency, today, correcting=correcting),
                )
            )
        yield items


def _is_filed(records_request) -> bool:
    from foia.filing.operations import is_filed

    return is_filed(records_request)


def _store(campaign, member, letter, pdf) -> str:
    try:
        db.session.refresh(member)
        if member.letter_revision == campaign.revision:
            return "skipped"  # another worker did it meanwhile
        outcome = operations.store_generated(campaign, member, letter, pdf, actor=None)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another worker created this agency's request first
        return "skipped"
    return outcome


def file_by_email(
    campaign_id: int,
    *,
    today: date,
    on_item: Callable[[Outcome], None] = lambda outcome: None,
    workers: int = 1,
) -> list[Outcome]:
    """File every approved, unfiled request of the campaign by email, one commit per message.

    With `workers` above one, on PostgreSQL, that many processes file batches side by side
    (foia.filing.parallel); SQLite files in this process alone.
    """
    campaign = db.session.get_one(Campaign, campaign_id)
    # Not the agencies a lawyer left out or set to be filed by post or portal (issue 16).
    request_ids = [r.id for r in operations.requests_to_email(campaign)]
    outcomes = file_many(request_ids, today=today, on_item=on_item, workers=workers)
    return [o for o in outcomes if not o.is_busy]  # another worker holds it and reports it


def worker_environment(app: Flask) -> dict[str, str]:
    """Return the environment that points a worker process at this app's database and mail."""
    config = app.config
    env = dict(os.environ)
    env.update(
        {
            "FOIA_DATABASE_URL": db.engine.url.render_as_string(hide_password=False),
            "FOIA_DOCUMENTS_DIR": str(config["DOCUMENTS_DIR"]),
            "FOIA_SECRET_KEY": str(config["SECRET_KEY"]),
            "FOIA_SMTP_HOST": str(config["SMTP_HOST"]),
            "FOIA_SMTP_PORT": str(config["SMTP_PORT"]),
            "FOIA_SMTP_USER": str(config.get("SMTP_USER", "")),
            "FOIA_SMTP_PASSWORD": str(config.get("SMTP_PASSWORD", "")),
            "FOIA_SMTP_STARTTLS": "true" if config.get("SMTP_STARTTLS") else "false",
            "FOIA_MAIL_FROM": str(config["MAIL_FROM"]),
            # Capture stays on (or off) in the worker as in the app that started it.
            "FOIA_MAIL_CAPTURE_DIR": str(config.get("MAIL_CAPTURE_DIR") or ""),
        }
    )
    return env


def start_worker(app: Flask, command: str, campaign_id: int) -> str:
    """Start `flask campaigns COMMAND ID` (detached, or in this process when configured)."""
    if app.config.get("CAMPAIGN_WORKER") == "inline":
        from foia import clock

        if command == "generate":
            generate(campaign_id, today=clock.today())
        else:
            file_by_email(campaign_id, today=clock.today())
        return "inline"
    log_dir = Path(app.config.get("WORKER_LOG_DIR") or Path(app.instance_path) / "logs")
    log_dir.mkdir(parents=True, exist_ok=True)
    log = (log_dir / f"campaign-{campaign_id}-{command}.log").open("ab")
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "flask", "--app", "wsgi", "campaigns", command, str(campaign_id)],
        cwd=root,
        env=worker_environment(app),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    # Reap it when it ends, so a finished worker leaves no zombie behind in the web server.
    threading.Thread(target=process.wait, name=f"reap-{process.pid}", daemon=True).start()
    return f"process {process.pid}"
