"""Several processes filing a campaign's batches side by side (foia.filing.parallel).

On PostgreSQL each worker process files its own batches over its own connections, and what
filing guarantees holds across them: every request filed once, its email sent once. SQLite lets
one writer at a time, so filing there stays in one process whatever is asked.
"""

import asyncio
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from concurrent.futures.process import BrokenProcessPool

import pytest

from foia import clock
from foia.campaigns import operations as campaigns
from foia.extensions import db
from foia.filing.parallel import file_in_parallel, filing_workers, start_method
from tests.support.filing import assert_consistent, expire_leases, filing_state
from tests.support.processes import ROOT, SlowSink, environment, start_sink


def test_sqlite_files_in_one_process_whatever_is_asked(app):
    expected = 1 if db.engine.dialect.name == "sqlite" else 3
    assert filing_workers(3) == expected
    assert filing_workers(0) == 1


def test_the_file_command_takes_a_number_of_workers(generated, runner, smtp_server):
    result = runner.invoke(args=["campaigns", "file", str(generated.id), "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "5 filed, 0 not filed, 0 held by another run." in result.output
    assert len(smtp_server.messages) == 5


def test_workers_are_forked_only_from_a_process_with_no_other_thread():
    # As `flask campaigns file` runs: a fresh interpreter, its main thread alone.
    fresh = subprocess.run(
        [sys.executable, "-c", "from foia.filing.parallel import start_method as m; print(m())"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert fresh.stdout.strip() == "fork"
    # A process running another thread (a web server, an in-process SMTP server) spawns them.
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert start_method() == "spawn"
    finally:
        release.set()
        other.join()


# Run in a fresh interpreter (no other thread: the workers are forked). A connection is open in
# its pool at the fork; after the run the same process reads the database again.
_FORKED_RUN = """
import json, sys
from sqlalchemy import func, select
from foia import clock
from foia.app import create_app
from foia.extensions import db
from foia.filing.parallel import file_in_parallel, start_method
from foia.requests.models import ClockEvent

app = create_app()
with app.app_context():
    filed = select(func.count()).select_from(ClockEvent).filter_by(kind="filed")
    before = db.session.scalar(filed)
    method = start_method()
    outcomes = file_in_parallel(json.loads(sys.argv[1]), today=clock.today(), workers=2, chunk=2)
    print(json.dumps({
        "method": method,
        "filed": [o.request_id for o in outcomes if o.is_filed],
        "events": [before, db.session.scalar(filed)],
    }))
"""


@pytest.mark.postgres_only
def test_forked_workers_file_every_request_once(generated, app, database_url, tmp_path):
    ids = [r.id for r in campaigns.requests_to_email(generated)]
    sink, controller = start_sink()
    env = environment(database_url, tmp_path, sink.port, app.config["DOCUMENTS_DIR"])
    try:
        run = subprocess.run(
            [sys.executable, "-c", _FORKED_RUN, json.dumps(ids)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        controller.stop()
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["method"] == "fork"
    assert report["filed"] == ids
    assert report["events"] == [0, len(ids)]  # the parent reads again after its workers' fork
    state = filing_state(app)
    assert_consistent(state)
    assert state["events"] == state["communications"] == Counter(ids)
    assert not state["claimed"]
    assert set(sink.counts().values()) == {1} and len(sink.counts()) == len(ids)


@pytest.mark.postgres_only
def test_two_processes_file_every_request_once(generated, smtp_server, app):
    ids = [r.id for r in campaigns.requests_to_email(generated)]
    assert len(ids) == 5
    seen = []
    # Batches of two: three batches shared by the two processes.
    outcomes = file_in_parallel(ids, today=clock.today(), workers=2, on_item=seen.append, chunk=2)
    assert [o.request_id for o in outcomes] == ids
    assert all(o.is_filed for o in outcomes), outcomes
    assert sorted(o.request_id for o in seen) == sorted(ids)
    state = filing_state(app)
    assert state["events"] == state["communications"] == Counter(ids)
    received = Counter(m["Message-ID"] for m in smtp_server.messages)
    assert set(received) == set(state["message_ids"].values()) and set(received.values()) == {1}
    # Nothing left held: the processes released every request they claimed.
    assert not state["claimed"]


class _Interrupted(Exception):
    pass


class _SlowerSink(SlowSink):
    """Takes 0.3 s a message: a batch of four outlasts one of one by far more than the time
    one worker process may take to start after the other on a busy machine."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        await asyncio.sleep(0.2)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_smtp(app):
    """A slow SMTP server on loopback, the app pointed at it."""
    sink, controller = start_sink(_SlowerSink())
    saved = app.config["SMTP_PORT"]
    app.config["SMTP_PORT"] = sink.port
    yield sink
    app.config["SMTP_PORT"] = saved
    controller.stop()


@pytest.mark.postgres_only
def test_a_run_stopped_by_its_parent_stops_its_workers(generated, slow_smtp, app):
    ids = [r.id for r in campaigns.requests_to_email(generated)]

    def interrupt(outcome):
        raise _Interrupted  # as Ctrl-C or a broken progress display would, mid-run

    # Batches of four and one: the one ends first, and the parent stops there. The worker
    # filing the four stops after the message it is sending instead of filing the rest.
    with pytest.raises(_Interrupted):
        file_in_parallel(ids, today=clock.today(), workers=2, on_item=interrupt, chunk=4)
    stopped = filing_state(app)
    assert_consistent(stopped)
    assert len(stopped["events"]) < len(ids)
    assert not stopped["claimed"]  # every worker let go of the request it held

    # The next run files the rest, each request once (a message a worker had claimed when it
    # stopped waits for its claim to run out, as after a kill).
    expire_leases(app)
    outcomes = file_in_parallel(ids, today=clock.today(), workers=2, chunk=2)
    assert all(o.is_filed for o in outcomes), outcomes
    final = filing_state(app)
    assert_consistent(final)
    assert all(final["events"][i] == 1 for i in ids)
    assert set(slow_smtp.counts().values()) == {1}


@pytest.mark.postgres_only
def test_a_worker_that_dies_stops_the_run_with_an_error(generated, smtp_server, app):
    ids = [r.id for r in campaigns.requests_to_email(generated)]
    others = {child.pid for child in multiprocessing.active_children()}

    def kill_a_worker(outcome):
        workers = [c.pid for c in multiprocessing.active_children() if c.pid not in others]
        os.kill(workers[0], signal.SIGKILL)

    # The run ends with an error at once instead of waiting for a batch that never comes.
    with pytest.raises(BrokenProcessPool):
        file_in_parallel(ids, today=clock.today(), workers=2, on_item=kill_a_worker, chunk=1)
    assert_consistent(filing_state(app))
