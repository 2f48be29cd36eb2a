"""The manifest: every column naming a stored file is known; older backups are still read."""

import json
from pathlib import Path

from sqlalchemy import String

from foia.backup.manifest import NOT_STORED_FILES, STORED_FILE_COLUMNS
from foia.extensions import db
from tests.backup.helpers import add_data, live_state


def test_every_sha256_column_is_known_to_name_a_stored_file_or_not(app):
    found = {
        (table.name, column.name)
        for table in db.metadata.sorted_tables
        for column in table.columns
        if column.name.endswith("sha256") and isinstance(column.type, String)
    }
    unknown = found - set(STORED_FILE_COLUMNS) - set(NOT_STORED_FILES)
    assert not unknown, (
        f"{sorted(unknown)}: add each to foia.backup.manifest.STORED_FILE_COLUMNS if it names a "
        "file in the document store (backups then check the file is there), else to "
        "NOT_STORED_FILES"
    )
    assert set(STORED_FILE_COLUMNS) <= found, "a listed column no longer exists"


def _as_format_1(backup: Path) -> None:
    """Rewrite the manifest as backups before format 2 wrote it (no database checksum)."""
    manifest = json.loads((backup / "manifest.json").read_text())
    old = {
        "created_at": manifest["created_at"],
        "backend": manifest["backend"],
        "revision": manifest["revision"],
        "row_counts": manifest["row_counts"],
        "documents": {
            key.removeprefix("documents/"): entry["sha256"]
            for key, entry in manifest["files"].items()
            if key.startswith("documents/")
        },
    }
    (backup / "manifest.json").write_text(json.dumps(old))


def test_a_backup_from_before_database_checksums_is_checked_by_content(app, runner, tmp_path):
    add_data(app, "Salem")
    assert runner.invoke(args=["backup", "create", str(tmp_path / "b")]).exit_code == 0
    backed_up = live_state(app)
    _as_format_1(tmp_path / "b")
    add_data(app, "Peabody")

    result = runner.invoke(args=["backup", "verify", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    assert "made before backups recorded the database's checksum" in result.output
    result = runner.invoke(args=["backup", "restore", "--yes", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    assert live_state(app) == backed_up


def test_a_truncated_database_in_an_old_backup_is_refused(app, runner, tmp_path):
    add_data(app, "Beverly")
    assert runner.invoke(args=["backup", "create", str(tmp_path / "b")]).exit_code == 0
    database = (
        tmp_path / "b" / json.loads((tmp_path / "b" / "manifest.json").read_text())["database"]
    )
    _as_format_1(tmp_path / "b")
    database.write_bytes(database.read_bytes()[:4096])
    before = live_state(app)

    result = runner.invoke(args=["backup", "restore", "--yes", str(tmp_path / "b")])
    assert result.exit_code == 1, result.output
    assert "the backup failed its checks, so nothing was changed" in result.output
    assert "Traceback" not in result.output
    assert live_state(app) == before
