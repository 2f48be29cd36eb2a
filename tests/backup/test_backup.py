"""`flask backup create` then `restore` brings back every row and every document, byte for byte."""

import hashlib
from pathlib import Path

from sqlalchemy import delete, select, text

from foia.agencies.models import Agency
from foia.documents.storage import store_for
from foia.extensions import db
from tests.conftest import create_user


def snapshot_tables() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    result = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table)).all()
        result[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    return result


def document_hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_round_trip_restores_every_table_and_document(app, runner, tmp_path):
    runner.invoke(args=["seed", "--demo"])
    store = store_for(app.config)
    kept = [store.put(b"%PDF-1.7 released records " + bytes([n])) for n in range(3)]
    db.session.commit()
    tables_before = snapshot_tables()
    docs_before = document_hashes(Path(app.config["DOCUMENTS_DIR"]))
    assert len(docs_before) >= 3  # ours, plus the demo letters' PDFs

    result = runner.invoke(args=["backup", "create", str(tmp_path / "b1")])
    assert result.exit_code == 0, result.output
    assert "documents" in result.output

    db.session.execute(delete(Agency).where(Agency.name.like("Ab%")))
    create_user("lawyer", email="after-backup@example.org")
    store.path(kept[0]).unlink()
    store.put(b"a file added after the backup")
    db.session.commit()
    assert snapshot_tables() != tables_before

    result = runner.invoke(args=["backup", "restore", "--yes", str(tmp_path / "b1")])
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert snapshot_tables() == tables_before
    assert document_hashes(Path(app.config["DOCUMENTS_DIR"])) == docs_before
    assert db.session.execute(text("SELECT 1")).scalar() == 1, "the app works after restore"


def test_backup_refuses_a_non_empty_directory(runner, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "something").write_text("x")
    result = runner.invoke(args=["backup", "create", str(tmp_path / "b")])
    assert result.exit_code == 1 and "is not empty" in result.output


def test_restore_refuses_a_tampered_backup(app, runner, tmp_path):
    store_for(app.config).put(b"a document")
    runner.invoke(args=["backup", "create", str(tmp_path / "b")])
    [copied] = [p for p in (tmp_path / "b" / "documents").rglob("*") if p.is_file()]
    copied.write_bytes(b"changed")
    result = runner.invoke(args=["backup", "restore", "--yes", str(tmp_path / "b")])
    assert result.exit_code == 1 and "do not match its manifest" in result.output


def test_restore_refuses_a_directory_without_manifest(runner, tmp_path):
    result = runner.invoke(args=["backup", "restore", "--yes", str(tmp_path)])
    assert result.exit_code == 1 and "no readable backup manifest" in result.output
