"""A restore stopped at any point leaves the live data as it was, or the restored data: no mix.

`flask backup restore` runs as a real process and is killed with SIGKILL as it reaches each
stage (and a moment into it). Killed before the swap, the live data is untouched at once;
killed during the swap, the journal says so and `backup recover` (which every restore runs
first) finishes it. The swap's own steps are few and fast, so the kills cannot be relied on to
land between them: those cuts are made exactly by stopping the process's Python at a chosen
step (an exception nothing catches, as a crash would be), and `recover` must finish each.
"""

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from foia.backup import journal
from foia.backup.slots import DocumentsSlot, PostgresSlot, SqliteSlot
from tests.backup.helpers import (
    ROOT,
    add_data,
    document_hashes,
    flask_command,
    flask_env,
    leftovers,
    live_state,
)

#: (a line the restore prints, seconds to wait after it before the kill)
KILL_POINTS = [
    ("Checking the backup", 0.0),
    ("Copying the documents beside the live ones", 0.05),
    ("Restoring the database beside the live one", 0.0),
    ("Restoring the database beside the live one", 0.2),
    ("Swapping in the restored data", 0.0),
    ("Swapping in the restored data", 0.005),
]


@pytest.fixture
def two_states(app, runner, tmp_path):
    """A backup of state B and one of state A, with A live: returns (A, B, A's, B's backup)."""
    for n in range(4):
        add_data(app, f"Haverhill {n}", files=60)
    assert runner.invoke(args=["backup", "create", str(tmp_path / "b")]).exit_code == 0
    state_b = live_state(app)
    add_data(app, "Methuen", files=5)
    assert runner.invoke(args=["backup", "create", str(tmp_path / "a")]).exit_code == 0
    state_a = live_state(app)
    assert state_a != state_b
    return state_a, state_b, tmp_path / "a", tmp_path / "b"


def _run_and_kill(app, args: list[str], marker: str, delay: float) -> tuple[bool, str]:
    """Run `flask ARGS`, SIGKILL it `delay` seconds after it prints `marker`; return
    (whether it was killed, what it printed)."""
    process = subprocess.Popen(
        flask_command(*args),
        cwd=ROOT,
        env=flask_env(app),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    watchdog = threading.Timer(120, process.kill)
    watchdog.start()
    printed = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            printed.append(line)
            if marker in line:
                time.sleep(delay)
                os.kill(process.pid, signal.SIGKILL)
                break
        process.wait()
        printed.append(process.stdout.read())  # what it printed before the kill landed
        process.stdout.close()
    finally:
        watchdog.cancel()
    return process.returncode == -signal.SIGKILL, "".join(printed)


@pytest.mark.slow
def test_a_restore_killed_at_any_point_leaves_old_or_restored_data(app, runner, two_states):
    state_a, state_b, backup_a, backup_b = two_states
    documents_dir = Path(app.config["DOCUMENTS_DIR"]).absolute()
    outcomes = []
    for marker, delay in KILL_POINTS:
        killed, printed = _run_and_kill(
            app, ["backup", "restore", "--yes", str(backup_b)], marker, delay
        )
        entry = journal.read(journal.path_for(documents_dir))
        state = live_state(app)
        if "Swapping in the restored data" not in printed:
            assert state == state_a, f"killed at {marker!r} +{delay}s before the swap: {printed}"
        elif entry is None:
            assert state == state_b, f"killed at {marker!r} +{delay}s after the swap: {printed}"
        result = runner.invoke(args=["backup", "recover"])
        assert result.exit_code == 0, result.output
        state = live_state(app)
        assert state in (state_a, state_b), f"a mix after a kill at {marker!r} +{delay}s"
        assert leftovers(app) == []
        outcomes.append((marker, delay, killed, entry and entry.stage, state == state_b))
        if state == state_b:  # back to A for the next kill
            result = runner.invoke(args=["backup", "restore", "--yes", str(backup_a)])
            assert result.exit_code == 0, result.output
            assert live_state(app) == state_a
    assert sum(killed for _, _, killed, _, _ in outcomes) >= len(KILL_POINTS) - 2, outcomes
    assert any(stage == journal.PREPARING for *_, stage, _ in outcomes), outcomes


class Crash(BaseException):
    """The process stopping dead at a chosen step: nothing catches it, nothing cleans up."""


def _crash_on_call(monkeypatch, owner, name: str, after: int, error=Crash) -> None:
    """Make call number `after` + 1 of `owner.name` raise `error` (the others run as usual)."""
    real = getattr(owner, name)
    calls = [0]

    def crashing(*args, **kwargs):
        calls[0] += 1
        if calls[0] == after + 1:
            raise error(f"{name} call {after + 1} failed")
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, crashing)


def _swap_of_database(app):
    from foia.extensions import db

    return SqliteSlot if db.engine.url.get_backend_name() == "sqlite" else PostgresSlot


@pytest.mark.slow
@pytest.mark.parametrize("renames_done", [0, 1, 2])
def test_a_swap_cut_short_after_any_rename_is_finished_by_recover(
    app, runner, two_states, monkeypatch, renames_done
):
    state_a, state_b, backup_a, backup_b = two_states
    # A first restore leaves a safety copy, so the swap has three renames to make.
    assert runner.invoke(args=["backup", "restore", "--yes", str(backup_a)]).exit_code == 0
    _crash_on_call(monkeypatch, os, "rename", renames_done)
    with pytest.raises(Crash):
        runner.invoke(args=["backup", "restore", "--yes", str(backup_b)])
    monkeypatch.undo()
    documents_dir = Path(app.config["DOCUMENTS_DIR"]).absolute()
    assert journal.read(journal.path_for(documents_dir)).stage == journal.SWAPPING

    result = runner.invoke(args=["backup", "recover"])
    assert result.exit_code == 0, result.output
    assert "interrupted while it swapped in the restored data: finishing it" in result.output
    assert live_state(app) == state_b
    assert leftovers(app) == []


@pytest.mark.slow
@pytest.mark.parametrize("renames_done", [0, 1, 2])
def test_a_rename_failing_during_the_swap_puts_everything_back(
    app, runner, two_states, monkeypatch, renames_done
):
    state_a, state_b, backup_a, backup_b = two_states
    assert runner.invoke(args=["backup", "restore", "--yes", str(backup_a)]).exit_code == 0
    documents = DocumentsSlot(Path(app.config["DOCUMENTS_DIR"]).absolute())
    safety_before = document_hashes(documents.safety)
    _crash_on_call(monkeypatch, os, "rename", renames_done, error=OSError)
    result = runner.invoke(args=["backup", "restore", "--yes", str(backup_b)])
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    assert f"rename call {renames_done + 1} failed; the live data was put back" in result.output
    assert live_state(app) == state_a
    assert document_hashes(documents.safety) == safety_before, "the safety copy is kept"
    assert leftovers(app) == []


@pytest.mark.slow
def test_a_crash_between_the_documents_and_the_database_swap_is_finished(
    app, runner, two_states, monkeypatch
):
    state_a, state_b, backup_a, backup_b = two_states
    _crash_on_call(monkeypatch, _swap_of_database(app), "swap", 0)
    with pytest.raises(Crash):
        runner.invoke(args=["backup", "restore", "--yes", str(backup_b)])
    monkeypatch.undo()
    assert live_state(app) not in (state_a, state_b), "the one moment a mix exists"

    # The next restore finishes the interrupted one before it does anything else.
    result = runner.invoke(args=["backup", "restore", "--yes", str(backup_a)])
    assert result.exit_code == 0, result.output
    assert "finishing it" in result.output
    assert live_state(app) == state_a
    assert leftovers(app) == []


@pytest.mark.slow
def test_a_failed_database_swap_puts_the_documents_back(app, runner, two_states, monkeypatch):
    state_a, state_b, backup_a, backup_b = two_states

    def refuse(self):
        raise OSError("disk full")

    monkeypatch.setattr(_swap_of_database(app), "swap", refuse)
    result = runner.invoke(args=["backup", "restore", "--yes", str(backup_b)])
    assert result.exit_code == 1
    assert "the restore stopped: disk full; the live data was put back as it was" in result.output
    assert live_state(app) == state_a
    assert leftovers(app) == []


@pytest.mark.slow
def test_creating_a_backup_waits_for_an_interrupted_restore(
    app, runner, two_states, monkeypatch, tmp_path
):
    state_a, state_b, backup_a, backup_b = two_states
    _crash_on_call(monkeypatch, _swap_of_database(app), "swap", 0)
    with pytest.raises(Crash):
        runner.invoke(args=["backup", "restore", "--yes", str(backup_b)])
    monkeypatch.undo()

    result = runner.invoke(args=["backup", "create", str(tmp_path / "c")])
    assert result.exit_code == 1
    assert "was interrupted; run `flask --app wsgi backup recover` first" in result.output
    result = runner.invoke(args=["backup", "verify", str(backup_b)])
    assert "an earlier restore was interrupted" in result.output
    assert runner.invoke(args=["backup", "recover"]).exit_code == 0
    assert live_state(app) == state_b
    result = runner.invoke(args=["backup", "recover"])
    assert result.exit_code == 0 and "No restore was interrupted" in result.output
