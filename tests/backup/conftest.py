"""Each backup test leaves no safety copy behind for the next (files, folders, databases)."""

import shutil
from pathlib import Path

import pytest

from foia.backup import journal, postgres, sqlite
from foia.backup.slots import DocumentsSlot, PostgresSlot, SqliteSlot, database_slot
from foia.extensions import db


@pytest.fixture(autouse=True)
def _no_copies_left(app):
    """Remove the restores' copies beside the test database and documents after each test."""
    yield
    db.session.remove()
    db.engine.dispose()
    documents = DocumentsSlot(Path(app.config["DOCUMENTS_DIR"]).absolute())
    for path in (documents.staged, documents.safety, documents.trash):
        shutil.rmtree(path, ignore_errors=True)
    journal.path_for(documents.live).unlink(missing_ok=True)
    database = database_slot(db.engine.url)
    if isinstance(database, SqliteSlot):
        for path in (database.staged, database.safety, database.safety_new):
            sqlite.remove(path)
    if isinstance(database, PostgresSlot):
        with postgres.maintenance(db.engine.url) as conn:
            for name in (database.staged, database.safety, database.trash):
                postgres.drop(conn, name)
