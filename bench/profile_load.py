"""Where a worker's time goes on bench_load.py's logged-in page mix, page by page.

Serves each page of the mix through the app in this process (what one gunicorn worker does,
without the socket), as bench_load.py's volunteer, and splits each request's time into:
SQL (from sending a statement to the driver's answer, every statement of the request),
session and user loading (the before-request hooks: Flask-Login's user loader, the session
row's check and touch), template rendering (less any SQL run while rendering) and the rest
(the view's own Python: building the ORM objects, deadlines, forms), and gives the CPU time of
this process per request, which other work on a shared machine disturbs less than the wall
times (PostgreSQL's own CPU is not in it). `--profile PAGE` adds a
cProfile of that page (a path of the mix, or "mix" for all of them in turn).

Usage: python bench/profile_load.py [--db postgresql|sqlite] [--n 50] [--profile /]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import build_app, database_url, markdown_table, signed_in_client  # noqa: E402
from bench_load import EMAIL, ensure_user, mix_paths, sample_ids  # noqa: E402
from flask import before_render_template, template_rendered  # noqa: E402
from sqlalchemy import event, select  # noqa: E402

from foia.auth.models import User  # noqa: E402
from foia.extensions import db  # noqa: E402


class Split:
    """Seconds of one request by phase, filled by the engine's events and Flask's signals."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget what was measured: start again from the view phase."""
        self.phase = "view"
        self.sql = defaultdict(float)  # SQL seconds by the phase that ran it
        self.statements = defaultdict(int)
        self.phases = defaultdict(float)  # wall seconds of "session" and "template"
        self._started_sql = 0.0
        self._started_phase = 0.0

    def before_sql(self, *_args) -> None:
        """Engine event: a statement is about to be sent."""
        self._started_sql = time.perf_counter()

    def after_sql(self, *_args) -> None:
        """Engine event: the driver answered."""
        self.sql[self.phase] += time.perf_counter() - self._started_sql
        self.statements[self.phase] += 1

    def enter(self, phase: str) -> None:
        """Start timing `phase`."""
        self.phase, self._started_phase = phase, time.perf_counter()

    def leave(self) -> None:
        """Stop timing the current phase (back to the view)."""
        self.phases[self.phase] += time.perf_counter() - self._started_phase
        self.phase = "view"


def instrument(app, engine, split: Split) -> None:
    """Time the before-request hooks, template rendering and SQL of every request of `app`."""
    preprocess = app.preprocess_request

    def timed_preprocess():
        split.enter("session")
        try:
            return preprocess()
        finally:
            split.leave()

    app.preprocess_request = timed_preprocess
    before_render_template.connect(lambda *_a, **_k: split.enter("template"), app, weak=False)
    template_rendered.connect(lambda *_a, **_k: split.leave(), app, weak=False)
    event.listen(engine, "before_cursor_execute", split.before_sql)
    event.listen(engine, "after_cursor_execute", split.after_sql)


def measure(client, split: Split, path: str, n: int) -> dict:
    """Request `path` n times (after 3 warm-ups); return ms and statements per request."""
    for _ in range(3):
        _check(client.get(path), path)
    split.reset()
    started, started_cpu = time.perf_counter(), time.process_time()
    each_cpu = []
    for _ in range(n):
        before = time.process_time()
        _check(client.get(path), path)
        each_cpu.append(time.process_time() - before)
    total = (time.perf_counter() - started) / n * 1000
    cpu = (time.process_time() - started_cpu) / n * 1000
    sql = {phase: seconds / n * 1000 for phase, seconds in split.sql.items()}
    session_ms = split.phases["session"] / n * 1000
    template_ms = split.phases["template"] / n * 1000 - sql.get("template", 0.0)
    all_sql = sum(sql.values())
    return {
        "path": path,
        "total": total,
        "cpu": cpu,
        # The fastest request: what the page costs when nothing else slows the process.
        "cpu_least": min(each_cpu) * 1000,
        "statements": sum(split.statements.values()) / n,
        "session_statements": split.statements["session"] / n,
        "sql": all_sql,
        "session": session_ms,
        "template": template_ms,
        "python": total - all_sql - template_ms - (session_ms - sql.get("session", 0.0)),
    }


def _check(response, path: str) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}, not 200")


def profile(client, paths: list[str], n: int) -> str:
    """Return the top of a cProfile of the paths (n requests each), by internal time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for path in paths:
        for _ in range(n):
            client.get(path)
    profiler.disable()
    if dump := os.environ.get("PROFILE_DUMP"):
        profiler.dump_stats(dump)  # for pstats or a viewer
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(int(os.environ.get("PROFILE_LINES", 40)))
    return out.getvalue()


def main() -> None:
    """Measure every page of the mix and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--profile", help='a path of the mix, or "mix"')
    args = parser.parse_args()
    url = database_url(args.db)
    ensure_user(dict(os.environ, FOIA_DATABASE_URL=url))
    agency_id, request_id = sample_ids(url)
    paths = mix_paths(agency_id, request_id)
    app = build_app(url)
    with app.app_context():
        client = signed_in_client(app, db.session.scalar(select(User).where(User.email == EMAIL)))
        engine = db.engine
        db.session.remove()
    split = Split()
    instrument(app, engine, split)
    rows = []
    results = [measure(client, split, path, args.n) for path in paths]
    for r in results:
        rows.append(
            [
                f"`{r['path']}`",
                f"{r['statements']:.0f} ({r['session_statements']:.0f})",
                f"{r['total']:.1f}",
                f"{r['cpu']:.1f}",
                f"{r['cpu_least']:.1f}",
                f"{r['sql']:.1f}",
                f"{r['session']:.1f}",
                f"{r['template']:.1f}",
                f"{r['python']:.1f}",
            ]
        )
    keys = ("total", "sql", "session", "cpu", "cpu_least")
    mix = [sum(r[k] for r in results) / len(results) for k in keys]
    print(f"Per request on {args.db}, {args.n} requests per page after 3 warm-ups (ms)\n")
    headers = [
        "page",
        "statements (of them session + user)",
        "total",
        "CPU of this process",
        "CPU, fastest request",
        "SQL",
        "session + user (with its SQL)",
        "templates (less their SQL)",
        "rest of Python",
    ]
    print(markdown_table(headers, rows))
    print(
        f"\nMix mean: {mix[0]:.1f} ms a request, SQL {mix[1]:.1f}, session + user {mix[2]:.1f};"
        f" CPU of this process {mix[3]:.1f} ms (less disturbed by other work on the machine),"
        f" of the fastest request {mix[4]:.1f} ms (least disturbed)"
    )
    if args.profile:
        print(profile(client, paths if args.profile == "mix" else [args.profile], args.n))


if __name__ == "__main__":
    main()
