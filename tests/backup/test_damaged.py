"""A damaged backup is refused by `verify` and by `restore`, with a message, and changes nothing.

Each damage is tried twice: as it would happen to a backup on disk (its checksums then
disagree), and as if it had happened before the checksums were taken (the manifest rewritten to
agree), so that the deeper checks (SQLite's integrity check, pg_restore reading the whole
dump, row counts, referenced files) must catch it on their own.
"""

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from foia.extensions import db
from tests.backup.helpers import add_data, leftovers, live_state, rewrite_manifest

#: What the deeper checks say about a damaged database file, by backend.
UNREADABLE = {
    "sqlite": "the database file is not a readable SQLite database",
    "postgresql": "pg_restore cannot read the database dump",
}


def _corrupt(path: Path) -> None:
    """Overwrite bytes that hold data: a SQLite table's first page, or the middle of a dump
    (table data, compressed). Bytes in a free page would change nothing worth noticing."""
    data = bytearray(path.read_bytes())
    # A dump's layout moves with its contents (timestamps, sizes): one spot in its middle may
    # land between compressed blocks, where pg_restore has nothing to check. Damage spread over
    # the second half always hits table data.
    starts = [len(data) * n // 8 for n in range(4, 8)]
    if path.suffix == ".sqlite3":
        with closing(sqlite3.connect(path)) as conn:
            page_size = conn.execute("PRAGMA page_size").fetchone()[0]
            root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'attachments'")
            starts = [(root.fetchone()[0] - 1) * page_size]
    for start in starts:
        data[start : start + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@pytest.fixture
def backup(app, runner, tmp_path) -> Path:
    """A backup of some data; the live data is then changed, so a restore would show."""
    add_data(app, "Fall River", files=3)
    add_data(app, "New Bedford", files=2)
    result = runner.invoke(args=["backup", "create", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    add_data(app, "Lynn", files=1)
    return tmp_path / "b"


def _database_key(backup: Path) -> str:
    return json.loads((backup / "manifest.json").read_text())["database"]


def _a_document(backup: Path) -> str:
    return str(
        next(p for p in (backup / "documents").rglob("*") if p.is_file()).relative_to(backup)
    )


def _refused(app, runner, backup: Path, expected: str) -> None:
    """`verify` and `restore` both refuse with `expected`; the live data stays as it was."""
    before = live_state(app)
    result = runner.invoke(args=["backup", "verify", str(backup)])
    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert "a restore would refuse it and change nothing" in result.output

    result = runner.invoke(args=["backup", "restore", "--yes", str(backup)])
    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert "the backup failed its checks, so nothing was changed" in result.output
    assert "Traceback" not in result.output and result.exc_info[0] is SystemExit
    after = live_state(app)
    assert after == before, f"live data changed: {before.summary()} -> {after.summary()}"
    assert leftovers(app) == []


def test_corrupted_bytes_in_the_database_file(app, runner, backup):
    _corrupt(backup / _database_key(backup))
    _refused(app, runner, backup, "do not match their SHA-256 in the manifest")


def test_corrupted_bytes_before_the_checksum_was_taken(app, runner, backup):
    key = _database_key(backup)
    _corrupt(backup / key)
    rewrite_manifest(backup, key)
    _refused(app, runner, backup, UNREADABLE[db.engine.url.get_backend_name()])


def test_a_truncated_dump(app, runner, backup):
    key = _database_key(backup)
    size = (backup / key).stat().st_size
    _truncate(backup / key)
    _refused(app, runner, backup, f"{key} is {size // 2} bytes; the manifest says {size}")


def test_a_truncated_dump_with_a_matching_checksum(app, runner, backup):
    key = _database_key(backup)
    _truncate(backup / key)
    rewrite_manifest(backup, key)
    _refused(app, runner, backup, UNREADABLE[db.engine.url.get_backend_name()])


def test_a_missing_document(app, runner, backup):
    key = _a_document(backup)
    (backup / key).unlink()
    _refused(app, runner, backup, f"1 file(s) of the backup are missing: {key}")


def test_a_missing_document_the_manifest_forgot_too(app, runner, backup):
    key = _a_document(backup)
    (backup / key).unlink()
    rewrite_manifest(backup, key, drop=True)
    _refused(
        app,
        runner,
        backup,
        f"the database refers to 1 stored file(s) the backup does not hold: {Path(key).name}",
    )


def test_a_changed_document(app, runner, backup):
    key = _a_document(backup)
    data = (backup / key).read_bytes()
    (backup / key).write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    _refused(
        app,
        runner,
        backup,
        f"do not match their SHA-256 in the manifest (damaged or changed): {key}",
    )


def test_a_file_slipped_into_the_backup(app, runner, backup):
    (backup / "documents" / "extra.pdf").write_bytes(b"%PDF-1.7 not from the backup")
    _refused(app, runner, backup, "in the backup but not in its manifest: documents/extra.pdf")


def test_a_row_count_that_differs_from_the_manifest(app, runner, backup):
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["row_counts"]["attachments"] += 1
    (backup / "manifest.json").write_text(json.dumps(manifest))
    _refused(app, runner, backup, "table attachments holds 5 rows; the manifest says 6")


def test_a_damaged_manifest(app, runner, backup):
    (backup / "manifest.json").write_text('{"format": 2, "files": ')
    before = live_state(app)
    result = runner.invoke(args=["backup", "restore", "--yes", str(backup)])
    assert result.exit_code == 1 and "is damaged or not a backup manifest" in result.output
    assert live_state(app) == before
