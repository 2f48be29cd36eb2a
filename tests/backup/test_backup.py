"""`flask backup create`, `verify` and `restore`: every row and document back, byte for byte;
the data before a restore kept aside until the next; a backup's checks change nothing."""

import json
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text

from foia.agencies.models import Agency
from foia.backup import postgres
from foia.backup.slots import DocumentsSlot, PostgresSlot, SqliteSlot, database_slot
from foia.documents.models import Document
from foia.documents.storage import store_for
from foia.extensions import db
from tests.backup.helpers import add_data, document_hashes, leftovers, live_state
from tests.support.factories import create_user


@pytest.mark.slow
def test_round_trip_restores_every_table_and_document(app, runner, tmp_path):
    runner.invoke(args=["seed", "--demo"])
    store = store_for(app.config)
    kept = [store.put(b"%PDF-1.7 released records " + bytes([n])) for n in range(3)]
    add_data(app, "Springfield")
    before = live_state(app)
    assert len(before.documents) >= 6  # ours, plus the demo letters' PDFs

    result = runner.invoke(args=["backup", "create", str(tmp_path / "b1")])
    assert result.exit_code == 0, result.output
    assert "documents" in result.output

    db.session.execute(delete(Agency).where(Agency.name.like("Ab%")))
    create_user("lawyer", email="after-backup@example.org")
    store.path(kept[0]).unlink()
    store.put(b"a file added after the backup")
    db.session.commit()
    assert live_state(app) != before

    result = runner.invoke(args=["backup", "restore", "--yes", str(tmp_path / "b1")])
    assert result.exit_code == 0, result.output
    assert "Restored the backup of" in result.output
    assert live_state(app) == before
    assert db.session.execute(text("SELECT 1")).scalar() == 1, "the app works after restore"
    assert leftovers(app) == []


def test_the_manifest_has_a_checksum_of_every_file_the_database_included(app, runner, tmp_path):
    add_data(app, "Worcester", files=2)
    assert runner.invoke(args=["backup", "create", str(tmp_path / "b")]).exit_code == 0
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    on_disk = {
        str(p.relative_to(tmp_path / "b"))
        for p in (tmp_path / "b").rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }
    assert set(manifest["files"]) == on_disk
    assert manifest["database"] in manifest["files"]
    assert manifest["row_counts"]["attachments"] == 2


def test_the_data_before_a_restore_is_kept_until_the_next_restore(app, runner, tmp_path):
    add_data(app, "Lowell")
    assert runner.invoke(args=["backup", "create", str(tmp_path / "b")]).exit_code == 0
    add_data(app, "Quincy")
    second = live_state(app)

    result = runner.invoke(args=["backup", "restore", "--yes", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    documents = DocumentsSlot(Path(app.config["DOCUMENTS_DIR"]).absolute())
    assert "kept until the next restore" in result.output
    assert str(documents.safety) in result.output
    assert document_hashes(documents.safety) == second.documents
    assert _safety_agencies() == _agencies(second)

    third = live_state(app)  # the data as the first restore left it
    result = runner.invoke(args=["backup", "restore", "--yes", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    assert document_hashes(documents.safety) == third.documents, "replaced by the next restore"
    assert _safety_agencies() == _agencies(third)
    assert leftovers(app) == []


def _agencies(state) -> int:
    return len(state.tables["agencies"])


def _safety_agencies() -> int:
    database = database_slot(db.engine.url)
    if isinstance(database, SqliteSlot):
        import sqlite3

        with sqlite3.connect(database.safety) as conn:
            return conn.execute("SELECT count(*) FROM agencies").fetchone()[0]
    assert isinstance(database, PostgresSlot)
    with postgres.connect(db.engine.url, database.safety) as conn:
        return conn.execute("SELECT count(*) FROM agencies").fetchone()[0]


def test_verify_reports_a_sound_backup_and_changes_nothing(app, runner, tmp_path):
    add_data(app, "Brockton")
    assert runner.invoke(args=["backup", "create", str(tmp_path / "b")]).exit_code == 0
    backup_before = document_hashes(tmp_path / "b")
    live_before = live_state(app)

    result = runner.invoke(args=["backup", "verify", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    assert "is sound" in result.output and "A restore would go ahead." in result.output
    assert document_hashes(tmp_path / "b") == backup_before
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == sorted(
        [
            "manifest.json",
            "documents",
            json.loads((tmp_path / "b" / "manifest.json").read_text())["database"],
        ]
    )
    assert live_state(app) == live_before


def test_backup_refuses_a_non_empty_directory(runner, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "something").write_text("x")
    result = runner.invoke(args=["backup", "create", str(tmp_path / "b")])
    assert result.exit_code == 1 and "is not empty" in result.output
    assert (tmp_path / "b" / "something").read_text() == "x"


def test_restore_refuses_a_directory_without_manifest(runner, tmp_path):
    result = runner.invoke(args=["backup", "restore", "--yes", str(tmp_path)])
    assert result.exit_code == 1 and "no readable backup manifest" in result.output


def test_a_manifest_naming_files_outside_the_backup_is_refused(app, runner, tmp_path):
    add_data(app, "Newton", files=1)
    assert runner.invoke(args=["backup", "create", str(tmp_path / "b")]).exit_code == 0
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the documents directory")
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    manifest["files"]["documents/../../secret.txt"] = {"sha256": "0" * 64, "size": 31}
    (tmp_path / "b" / "manifest.json").write_text(json.dumps(manifest))
    before = live_state(app)

    result = runner.invoke(args=["backup", "restore", "--yes", str(tmp_path / "b")])
    assert result.exit_code == 1
    assert "names files outside the backup: documents/../../secret.txt" in result.output
    assert live_state(app) == before


def test_a_file_already_missing_from_the_live_store_is_recorded_not_fatal(app, runner, tmp_path):
    add_data(app, "Chelsea", files=2)
    store = store_for(app.config)
    lost = db.session.scalars(select(Document.sha256)).first()
    store.path(lost).unlink()
    before = live_state(app)

    result = runner.invoke(args=["backup", "create", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    assert "refers to 1 file(s) missing from the live documents directory" in result.output
    assert json.loads((tmp_path / "b" / "manifest.json").read_text())["missing_documents"] == [lost]
    result = runner.invoke(args=["backup", "verify", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    assert (
        f"were already missing from the documents directory when the backup was made: {lost}"
        in result.output
    )
    result = runner.invoke(args=["backup", "restore", "--yes", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    assert live_state(app) == before
