"""`flask campaigns file --workers 2` on PostgreSQL, killed half-way and run again.

The same guarantees as tests/faults/test_kill_filing.py (one process, SQLite), with two
processes filing side by side: at the kill, each request is filed once or not at all; each
process held at most one request, whose lease keeps it until it runs out; a rerun finishes the
rest, and only a message in flight at the kill may reach the server twice.
"""

import pytest

from tests.support.filing import assert_kill_and_resume, kill_campaign
from tests.support.processes import environment, start_sink

pytestmark = [pytest.mark.postgres_only, pytest.mark.slow]

#: More than one batch (foia.filing.batch.BATCH), so the command files with two processes.
AGENCIES = 30
WORKERS = 2


@pytest.fixture
def sink():
    """A slow SMTP server on loopback, so that the kill lands mid-run."""
    sink, controller = start_sink()
    yield sink
    controller.stop()


def test_killed_parallel_filing_files_every_request_once(app, runner, database_url, tmp_path, sink):
    campaign_id = kill_campaign(runner, AGENCIES)
    env = environment(database_url, tmp_path, sink.port, app.config["DOCUMENTS_DIR"])
    args = ["campaigns", "file", str(campaign_id), "--workers", str(WORKERS)]
    report = assert_kill_and_resume(app, args, env, sink, AGENCIES, processes=WORKERS)
    print(report)  # noqa: T201 - the report of the window, shown with -s
