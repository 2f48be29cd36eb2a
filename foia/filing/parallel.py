"""Filing many requests by email with several worker processes at once, on PostgreSQL.

One filing process spends about a third of each request waiting: on the database's round trips
and commits, and on the SMTP server's answers. The rest is Python on one core. Several processes,
each filing its own share of batches over its own connection, keep both cores busy. Measured by
bench/bench_filing.py (351 requests with 21 KB PDFs, aiosmtpd on loopback, 2 cores,
bench/RESULTS.md): PostgreSQL filed 46.8-48.0 a second with one process and 60.3-60.7 with two,
their start included, alternated (two threads in one process reached only 49: the work holds the
interpreter's lock). SQLite lets one writer at a time, so a second process only waits for its
lock (66 a second with one, 54 with two): there filing stays in one process, whatever is asked.

How the workers start is `start_method`'s choice: forked from a process that runs no other
thread (the `flask campaigns file` command), spawned from any other.

Nothing of what filing guarantees changes (foia.filing.batch): every batch is filed by
`file_requests`, which claims each request before sending, so two processes never file one
request, and a run killed at any point is finished by the next. A worker whose parent has ended
or stopped (an error, Ctrl-C) stops after the message in flight instead of filing on alone; a
worker that dies makes the whole run stop with an error rather than wait for it.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import date
from typing import Any

from flask import Flask, current_app

from foia.extensions import db
from foia.filing.batch import BATCH, Outcome, file_requests


def filing_workers(requested: int) -> int:
    """Return how many processes may file at once on this app's database (SQLite: one)."""
    if db.engine.dialect.name == "sqlite":
        return 1
    return max(1, requested)


def file_in_parallel(
    request_ids: list[int],
    *,
    today: date,
    workers: int,
    on_item: Callable[[Outcome], None] = lambda outcome: None,
    chunk: int = BATCH,
) -> list[Outcome]:
    """File the requests by email in `workers` processes, `chunk` at a time; return outcomes.

    Outcomes come back in the order of `request_ids`; `on_item` sees each as its batch ends.
    """
    chunks = [request_ids[start : start + chunk] for start in range(0, len(request_ids), chunk)]
    outcomes: dict[int, Outcome] = {}
    context = multiprocessing.get_context(start_method())
    if context.get_start_method() == "fork":
        # No worker may share a live connection with this process: close the pooled ones before
        # the fork (SQLAlchemy's advice); this process opens a new one when it next needs one.
        # Each worker builds its own app, with its own engine, as a spawned one does.
        db.engine.dispose()
    stop = context.Event()
    # A worker that dies (killed, out of memory) breaks the pool, and the parent stops with an
    # error instead of waiting for a batch that never comes.
    with ProcessPoolExecutor(
        min(workers, len(chunks)),
        mp_context=context,
        initializer=_start,
        initargs=(_portable_config(current_app), os.getpid(), stop),
    ) as pool:
        pending = [pool.submit(_file_chunk, ids, today) for ids in chunks]
        try:
            for done in as_completed(pending):
                for outcome in done.result():
                    on_item(outcome)
                    outcomes[outcome.request_id] = outcome
        except BaseException:
            # The batches not started stay unfiled; those running stop after their message.
            stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return [outcomes[i] for i in request_ids if i in outcomes]


def start_method() -> str:
    """Return how filing's worker processes start: "fork" if this process runs no other thread."""
    # A forked worker starts without importing the app again: bench_filing.py on PostgreSQL (351
    # requests, 2 workers, alternated, 2026-12-04, bench/RESULTS.md) filed 55.9-60.0 a second
    # forked (22 ms of CPU a request, the workers' start included) against 31.4-46.2 spawned
    # (33-43 ms). A fork copies only the thread that forks: a lock another thread held at that
    # moment (a web server's, a test's in-process SMTP server's) would stay locked in the worker
    # for ever, so a process running other threads spawns its workers instead.
    return "fork" if threading.active_count() == 1 else "spawn"


def _portable_config(app: Flask) -> dict:
    """Return the settings a worker's app is built with: every one that can be pickled."""
    portable = {}
    for key, value in app.config.items():
        try:
            pickle.dumps(value)
        except (pickle.PicklingError, TypeError, AttributeError):
            continue  # an object only this process can hold; the worker builds its own
        portable[key] = value
    return portable


class _Stopped(Exception):
    """The process that started this worker has ended, or stopped: file no more."""


_app: Flask | None = None
_parent = 0
_stop: Any = None  # the parent's multiprocessing Event: set when it stops


def _start(config: dict, parent: int, stop) -> None:
    """Build this worker's app once, with the settings of the app that started it."""
    from foia.app import create_app

    global _app, _parent, _stop
    _app, _parent, _stop = create_app(config), parent, stop


def _must_stop() -> bool:
    return os.getppid() != _parent or _stop.is_set()


def _stop_if_asked(outcome: Outcome) -> None:
    if _must_stop():
        raise _Stopped


def _file_chunk(request_ids: list[int], today: date) -> list[Outcome]:
    """File one batch in this worker; return its outcomes (none if the parent has ended)."""
    if _app is None or _must_stop():
        return []
    with _app.app_context():
        try:
            return file_requests(request_ids, today=today, on_item=_stop_if_asked)
        except _Stopped:
            return []
        finally:
            db.session.remove()
