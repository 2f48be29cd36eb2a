"""SQLite files for backups: consistent copies, and checks of a copy's integrity and content."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path

from foia.backup.content import Content, listing, quote, read_sql
from foia.backup.manifest import BackupError, fsync

#: Seconds to wait for the live database's write lock when the restored data goes in.
LOCK_TIMEOUT = 60


def copy_online(source: Path, target: Path) -> None:
    """Copy a live database into a new self-contained file, as one consistent snapshot.

    SQLite's backup API in a single step reads the whole database inside one read transaction,
    so writers carry on and the copy is of one moment. The copy leaves WAL mode so that it is a
    single file that can be moved, checked and read on its own.
    """
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    fsync(target)


def copy_into_live(staged: Path, live: Path) -> None:
    """Replace the live database's content with the staged file's, in one transaction.

    The backup API writes every page of the live database inside one write transaction: other
    connections see the old data or the new, a crash leaves the old, and connections the app
    holds open stay valid (a renamed file would leave them writing to the old one).
    """
    with (
        closing(sqlite3.connect(staged)) as src,
        closing(sqlite3.connect(live, timeout=LOCK_TIMEOUT)) as dst,
    ):
        src.backup(dst)


def read_content(path: Path, tables: Iterable[str]) -> Content:
    """Check a database file with `PRAGMA integrity_check` and read its content.

    The file is changed only by leaving WAL mode (a backup made before format 2 may be in it):
    call this on a copy, never on a backup itself.
    """
    try:
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA journal_mode=DELETE")
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
            if problems != ["ok"]:
                raise BackupError(
                    "the database fails SQLite's integrity check: " + listing(problems)
                )
            return read_sql(conn, tables, lambda table: _columns(conn, table))
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"the database file is not a readable SQLite database ({exc})") from exc


def remove(path: Path) -> None:
    """Delete a database file and any journal SQLite left beside it."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({quote(table)})")}
