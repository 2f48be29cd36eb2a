"""`backup create`: the database from one snapshot, its facts from that snapshot, then documents.

SQLite: the online backup API copies the database as of one moment while the app writes on;
row counts, revision and referenced files are then read from the copy itself.
PostgreSQL: a REPEATABLE READ transaction exports its snapshot, reads the counts, revision and
referenced files, and `pg_dump --snapshot` dumps exactly that snapshot while the transaction
stays open; the counts are therefore those of the dump, however busy the app is.
The documents are copied afterwards. A file is stored before the row that names it is
committed and is never deleted, so every file the snapshot refers to is already there.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import psycopg
from sqlalchemy.engine import URL

from foia.backup import journal, manifest, postgres, sqlite
from foia.backup.content import Content, listing
from foia.backup.manifest import DOCUMENTS, BackupError, Manifest
from foia.extensions import db


def create_backup(target: Path, documents_dir: Path, say: Callable[[str], None]) -> Manifest:
    """Write a backup of the database and documents into `target` (new or empty)."""
    journal.refuse_if_pending(documents_dir)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} is not empty; choose a new directory.")
    if target.resolve().is_relative_to(documents_dir.resolve()):
        raise BackupError(f"{target} is inside the documents directory; choose another place.")
    target.mkdir(parents=True, exist_ok=True)
    try:
        return _create(target, documents_dir, say)
    except BaseException:
        _empty(target)  # a half-written backup must not pass for one
        raise


def _create(target: Path, documents_dir: Path, say: Callable[[str], None]) -> Manifest:
    url = db.engine.url
    backend = url.get_backend_name()
    tables = [table.name for table in db.metadata.sorted_tables]
    say("Copying the database…")
    if backend == "sqlite":
        content = _dump_sqlite(Path(str(url.database)), target / manifest.SQLITE_FILE, tables)
    elif backend == "postgresql":
        content = _dump_postgresql(url, target / manifest.PG_FILE, tables)
    else:
        raise BackupError(f"backups of {backend} databases are not supported")
    say("Copying the documents…")
    if documents_dir.exists():
        shutil.copytree(
            documents_dir, target / DOCUMENTS, ignore=shutil.ignore_patterns(".incoming-*")
        )
    say("Computing checksums…")
    files = {
        str(path.relative_to(target)): manifest.entry_for(path)
        for path in [target / _database_file(backend), *manifest.document_paths(target / DOCUMENTS)]
    }
    missing = sorted(sha for sha in content.referenced if manifest.document_key(sha) not in files)
    if missing:
        say(
            f"Warning: the database refers to {len(missing)} file(s) missing from the live "
            f"documents directory, so the backup cannot hold them: {listing(missing)}"
        )
    result = Manifest(
        backend=backend,
        revision=content.revision,
        row_counts=content.row_counts,
        files=files,
        missing_documents=tuple(missing),
    )
    manifest.write(target, result)
    return result


def _database_file(backend: str) -> str:
    return manifest.SQLITE_FILE if backend == "sqlite" else manifest.PG_FILE


def _dump_sqlite(live: Path, target: Path, tables: list[str]) -> Content:
    if not live.exists():
        raise BackupError(f"the database file {live} does not exist")
    sqlite.copy_online(live, target)
    # Read from the copy: counts of the very snapshot the backup holds.
    return sqlite.read_content(target, tables)


def _dump_postgresql(url: URL, target: Path, tables: list[str]) -> Content:
    try:
        with psycopg.connect(postgres.conninfo(url)) as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()
            content = postgres.read_content(conn, tables)
            # The exported snapshot lives as long as this transaction: keep it open for pg_dump.
            postgres.run_tool(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    f"--snapshot={snapshot[0] if snapshot else ''}",
                    "--file",
                    str(target),
                    postgres.tool_url(url),
                ],
                url,
            )
            conn.rollback()
    except psycopg.Error as exc:
        raise BackupError(f"cannot read the database: {exc}") from exc
    return content


def _empty(target: Path) -> None:
    for path in target.iterdir():
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
