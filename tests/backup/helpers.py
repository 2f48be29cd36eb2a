"""Helpers for the backup tests: the whole live state, data to back up, damaged backups."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from foia.backup import journal
from foia.backup.slots import DocumentsSlot, PostgresSlot, SqliteSlot, database_slot
from foia.documents import operations as documents
from foia.documents.storage import store_for
from foia.extensions import db
from foia.requests import operations as requests

ROOT = Path(__file__).resolve().parents[2]
FILED_ON = date(2026, 11, 2)


@dataclass(frozen=True)
class State:
    """Every row of every table and every stored file: what "the live data" is."""

    tables: dict[str, list[tuple]]
    documents: dict[str, str]

    def summary(self) -> str:
        """Return a short description for assertion messages."""
        rows = sum(len(rows) for rows in self.tables.values())
        return f"{rows} rows, {len(self.documents)} documents"


def live_state(app) -> State:
    """Read the live database (through a fresh connection) and documents directory."""
    db.session.remove()
    db.engine.dispose()
    tables = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table)).all()
        tables[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    db.session.remove()
    return State(tables, document_hashes(Path(app.config["DOCUMENTS_DIR"])))


def document_hashes(root: Path) -> dict[str, str]:
    """Return {relative path: SHA-256} of every file under `root`."""
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def upload(app, records_request, data: bytes, name: str = "scan.pdf"):
    """Attach a file to a request, as the upload form does (flushes, does not commit)."""
    return documents.attach(
        documents.Upload(name, data, "application/pdf"),
        store=store_for(app.config),
        max_bytes=app.config["MAX_CONTENT_LENGTH"],
        actor=None,
        request_id=records_request.id,
    )


def add_data(app, label: str, files: int = 3):
    """Create a filed request with `files` uploads and an acknowledgement; commit."""
    from tests.support.factories import create_agency
    from tests.support.responses import filed_request

    agency = create_agency(name=f"{label} backup-test police")
    records_request = filed_request(FILED_ON, agency=agency, title=f"{label} records")
    for n in range(files):
        upload(app, records_request, f"%PDF-1.7 {label} page {n}".encode() * 50)
    requests.add_event(
        records_request, "acknowledged", date(2026, 11, 3), today=date(2026, 11, 4), actor=None
    )
    db.session.commit()
    return records_request


def leftovers(app) -> list[str]:
    """Return the restore's own files and databases that should not outlive a restore."""
    documents_dir = Path(app.config["DOCUMENTS_DIR"]).absolute()
    slot = DocumentsSlot(documents_dir)
    found = [str(p) for p in (slot.staged, slot.trash) if p.exists()]
    if journal.path_for(documents_dir).exists():
        found.append("the restore journal")
    database = database_slot(db.engine.url)
    if isinstance(database, SqliteSlot):
        found += [str(p) for p in (database.staged, database.safety_new) if p.exists()]
    if isinstance(database, PostgresSlot):
        found += [name for name in (database.staged, database.trash) if pg_exists(name)]
    return found


def pg_exists(name: str) -> bool:
    """Return whether a PostgreSQL database exists on the test server."""
    from foia.backup import postgres

    with postgres.maintenance(db.engine.url) as conn:
        return postgres.exists(conn, name)


def rewrite_manifest(backup: Path, key: str | None = None, *, drop: bool = False) -> None:
    """Make the manifest agree with the file `key` as it now is (or forget it): a backup damaged
    before its checksums were taken, so that only the deeper checks can catch it."""
    path = backup / "manifest.json"
    data = json.loads(path.read_text())
    if drop:
        del data["files"][key]
    elif key is not None:
        target = backup / key
        data["files"][key] = {
            "sha256": hashlib.sha256(target.read_bytes()).hexdigest(),
            "size": target.stat().st_size,
        }
    path.write_text(json.dumps(data))


def flask_env(app) -> dict[str, str]:
    """Return the environment of a `flask --app wsgi` subprocess on the test database."""
    return {
        **os.environ,
        "FOIA_DATABASE_URL": str(db.engine.url.render_as_string(hide_password=False)),
        "FOIA_DOCUMENTS_DIR": str(app.config["DOCUMENTS_DIR"]),
        "FOIA_SECRET_KEY": "test",
        "PYTHONUNBUFFERED": "1",  # progress lines arrive as they are printed
    }


def flask_command(*args: str) -> list[str]:
    """Return the command line of `flask --app wsgi ARGS`."""
    return [sys.executable, "-m", "flask", "--app", "wsgi", *args]
