"""A killed restore's statement still running on the server is waited for, not raced.

SIGKILL ends the restore's process, not its server session: a CREATE DATABASE it had sent runs
on to the end. `recover` looking before that end finds no staged database to drop, and the
orphaned statement then leaves one behind (CI saw this once in the kill-at-every-point test).
Here the orphan is made exactly: a session holding the restore lock, as the killed restore's
does, that creates the staged database a second after `recover` starts.
"""

import threading
import time
from pathlib import Path

import pytest

from foia.backup import journal, postgres
from foia.backup.slots import PostgresSlot, database_slot
from foia.extensions import db
from tests.backup.helpers import leftovers, pg_exists

pytestmark = pytest.mark.postgres_only

#: How long the orphaned CREATE DATABASE goes on after `recover` has started, in seconds.
ORPHAN_RUNS_ON = 1.0


def _orphaned_create(slot: PostgresSlot, locked: threading.Event) -> None:
    """Hold the restore lock as a killed restore's session does; then create the staged copy."""
    with postgres.restoring(slot.url, slot.live) as conn:
        locked.set()
        time.sleep(ORPHAN_RUNS_ON)
        postgres.create_like(conn, slot.staged, slot.live)


def test_recover_waits_for_a_killed_restores_statement_to_end(app, runner):
    slot = database_slot(db.engine.url)
    assert isinstance(slot, PostgresSlot)
    documents_dir = Path(app.config["DOCUMENTS_DIR"]).absolute()
    journal.path_for(documents_dir).parent.mkdir(parents=True, exist_ok=True)
    journal.write(journal.path_for(documents_dir), journal.PREPARING, "2026-12-01T09:00:00+00:00")
    locked = threading.Event()
    orphan = threading.Thread(target=_orphaned_create, args=(slot, locked))
    orphan.start()
    assert locked.wait(10)

    started = time.monotonic()
    result = runner.invoke(args=["backup", "recover"])
    waited = time.monotonic() - started
    orphan.join(30)

    assert result.exit_code == 0, result.output
    assert "interrupted before it changed anything" in result.output
    assert waited >= ORPHAN_RUNS_ON / 2, "recover looked before the orphaned statement ended"
    assert not pg_exists(slot.staged), "the orphaned CREATE DATABASE left the staged database"
    assert leftovers(app) == []


def test_restores_of_other_databases_do_not_wait_for_each_other(app):
    slot = database_slot(db.engine.url)
    assert isinstance(slot, PostgresSlot)
    with postgres.restoring(db.engine.url, slot.live):
        started = time.monotonic()
        with postgres.restoring(db.engine.url, slot.live + "_other"):
            pass
        assert time.monotonic() - started < ORPHAN_RUNS_ON
